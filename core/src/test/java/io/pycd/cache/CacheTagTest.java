package io.pycd.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CacheTagTest {

    @Test
    void tagsAsEachImplementationWritesThem() {
        assertThat(CacheTag.parse("cpython-312")).contains(CacheTag.cpython(3, 12));
        assertThat(CacheTag.parse("cpython-39")).contains(CacheTag.cpython(3, 9));
        assertThat(CacheTag.parse("pypy310")).contains(new CacheTag("pypy", 3, 10));
        assertThat(CacheTag.parse("graalpy242-311")).contains(new CacheTag("graalpy242", 3, 11));
        assertThat(new CacheTag("pypy", 3, 9)).hasToString("pypy39");
        assertThat(CacheTag.cpython(3, 13)).hasToString("cpython-313");
    }

    @Test
    void spellingsNoImplementationWritesAreNotTags() {
        assertThat(CacheTag.parse("cpython312")).isEmpty();
        assertThat(CacheTag.parse("pypy-39")).isEmpty();
        assertThat(CacheTag.parse("cpython-3")).isEmpty();
        assertThat(CacheTag.parse("CPython-312")).isEmpty();
        assertThat(CacheTag.parse("")).isEmpty();
    }

    @Test
    void keepVersionsAreVersionsOrTags() {
        assertThat(CacheTag.ofKeepVersion("3.11")).hasToString("cpython-311");
        assertThat(CacheTag.ofKeepVersion(" 3.9 ")).hasToString("cpython-39");
        assertThat(CacheTag.ofKeepVersion("pypy39")).hasToString("pypy39");
        assertThat(CacheTag.ofKeepVersion("cpython-312")).hasToString("cpython-312");
        assertThatThrownBy(() -> CacheTag.ofKeepVersion("three")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("neither X.Y");
    }
}
