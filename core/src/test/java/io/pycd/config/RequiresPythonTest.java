package io.pycd.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RequiresPythonTest {

    private static boolean allows(String spec, String version) {
        return RequiresPython.parse(spec).allows(version);
    }

    @Test
    void lowerBound() {
        assertThat(allows(">=3.9", "3.9.0")).isTrue();
        assertThat(allows(">=3.9", "3.12.1")).isTrue();
        assertThat(allows(">=3.9", "3.8.18")).isFalse();
        assertThat(allows(">=3.9", "3.9")).isTrue();
        assertThat(allows(">3.9", "3.9.0")).isFalse();
        assertThat(allows(">3.9", "3.9.1")).isTrue();
    }

    @Test
    void rangeWithUpperBound() {
        assertThat(allows(">=3.8,<4", "3.8.1")).isTrue();
        assertThat(allows(">=3.8,<4", "3.13.0")).isTrue();
        assertThat(allows(">=3.8,<4", "4.0.0")).isFalse();
        assertThat(allows(">=3.8,<4", "3.7.16")).isFalse();
        assertThat(allows(" >= 3.8 , <= 3.11 ", "3.11.0")).isTrue();
        assertThat(allows("<=3.11", "3.11.7")).isFalse(); // PEP 440: 3.11 means 3.11.0
        assertThat(allows(">=3.8, <=3.11", "3.12.0")).isFalse();
    }

    @Test
    void compatibleRelease() {
        assertThat(allows("~=3.10", "3.10.0")).isTrue();
        assertThat(allows("~=3.10", "3.13.0")).isTrue();
        assertThat(allows("~=3.10", "3.9.18")).isFalse();
        assertThat(allows("~=3.10", "4.0")).isFalse();
        assertThat(allows("~=3.10.2", "3.10.13")).isTrue();
        assertThat(allows("~=3.10.2", "3.10.1")).isFalse();
        assertThat(allows("~=3.10.2", "3.11.0")).isFalse();
    }

    @Test
    void exclusionsAndPrefixes() {
        assertThat(allows("!=3.11.*", "3.11.7")).isFalse();
        assertThat(allows("!=3.11.*", "3.12.1")).isTrue();
        assertThat(allows("!=3.11.*", "3.1.0")).isTrue();
        assertThat(allows("==3.12.*", "3.12.1")).isTrue();
        assertThat(allows("==3.12.*", "3.13.0")).isFalse();
        assertThat(allows("==3.12.*", "3.12")).isTrue();
        assertThat(allows("==3.12", "3.12.0")).isTrue();
        assertThat(allows("==3.12", "3.12.1")).isFalse();
        assertThat(allows("!=3.12.0", "3.12.1")).isTrue();
        assertThat(allows(">=3.8,!=3.9.*,!=3.10.*", "3.10.13")).isFalse();
        assertThat(allows(">=3.8,!=3.9.*,!=3.10.*", "3.11.7")).isTrue();
    }

    @Test
    void suffixesAreReadAndEmptyAllowsAll() {
        assertThat(allows(">=3.10.0rc1", "3.10.0")).isTrue();
        assertThat(allows(">=3.10.0rc1", "3.9.18")).isFalse();
        assertThat(allows("", "2.7.18")).isTrue();
        assertThat(allows("===3.12.1", "3.12.1")).isTrue();
        assertThat(allows("===3.12.1", "3.12.1.0")).isFalse();
    }

    @Test
    void rejectsWhatIsNotASpecifier() {
        assertThatThrownBy(() -> RequiresPython.parse("3.9")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RequiresPython.parse(">=3.9,")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RequiresPython.parse("~=3")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RequiresPython.parse(">=3.*")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RequiresPython.parse("^3.9")).isInstanceOf(IllegalArgumentException.class);
    }
}
