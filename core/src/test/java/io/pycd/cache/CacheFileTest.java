package io.pycd.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CacheFileTest {

    @Test
    void parsesTagAndOptimizationLevel() {
        assertThat(CacheFile.parse("m.cpython-312.pyc")).contains(new CacheFile("m", "cpython-312", 0));
        assertThat(CacheFile.parse("m.cpython-312.opt-1.pyc")).contains(new CacheFile("m", "cpython-312", 1));
        assertThat(CacheFile.parse("m.pypy39.opt-2.pyc")).contains(new CacheFile("m", "pypy39", 2));
    }

    @Test
    void aStemMayHoldDots() {
        assertThat(CacheFile.parse("a.b.cpython-312.pyc")).contains(new CacheFile("a.b", "cpython-312", 0));
        assertThat(CacheFile.parse("a.b.cpython-312.opt-2.pyc")).contains(new CacheFile("a.b", "cpython-312", 2));
        assertThat(new CacheFile("a.b", "cpython-312", 0).sourceName()).isEqualTo("a.b.py");
    }

    @Test
    void namesWithoutATagAreNotPep3147Caches() {
        assertThat(CacheFile.parse("m.pyc")).isEmpty();
        assertThat(CacheFile.parse("m.cpython-312.pyo")).isEmpty();
        assertThat(CacheFile.parse(".cpython-312.pyc")).isEmpty();
        assertThat(CacheFile.parse("m.cpython-312.pyc.1234")).isEmpty();
    }

    @Test
    void fileNameIsWhatImportlibBuilds() {
        assertThat(new CacheFile("m", "cpython-313", 0).fileName()).isEqualTo("m.cpython-313.pyc");
        assertThat(new CacheFile("m", "cpython-313", 2).fileName()).isEqualTo("m.cpython-313.opt-2.pyc");
        assertThat(new CacheLayout.Pycache().cacheOf(Path.of("pkg/m.py"), "cpython-313", 1))
                .isEqualTo(Path.of("pkg/__pycache__/m.cpython-313.opt-1.pyc"));
        assertThat(new CacheLayout.Legacy().cacheOf(Path.of("pkg/m.py"), "cpython-313", 0))
                .isEqualTo(Path.of("pkg/m.pyc"));
    }
}
