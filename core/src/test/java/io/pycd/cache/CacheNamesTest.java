package io.pycd.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CacheNamesTest {

    @Test
    void tempFilesOfInterruptedWritesAreRecognised() {
        assertThat(CacheNames.isTempFile("m.cpython-312.pyc.140234567890")).isTrue();
        assertThat(CacheNames.isTempFile("m.pyc.1")).isTrue();
        assertThat(CacheNames.isTempFile("m.pyo.77")).isTrue();
        assertThat(CacheNames.isTempFile("m.pyc.")).isFalse();
        assertThat(CacheNames.isTempFile("m.pyc.tmp")).isFalse();
        assertThat(CacheNames.isTempFile("m.py.123")).isFalse();
        assertThat(CacheNames.isTempFile(".pyc.123")).isFalse();
        assertThat(CacheNames.isTempFile("m.py")).isFalse();
    }

    @Test
    void everyKindOfCacheNameAndNothingElse() {
        assertThat(CacheNames.isCacheName("m.cpython-312.opt-1.pyc")).isTrue();
        assertThat(CacheNames.isCacheName("m.pyo")).isTrue();
        assertThat(CacheNames.isCacheName("m$py.class")).isTrue();
        assertThat(CacheNames.isCacheName("m.pyc.123")).isTrue();
        assertThat(CacheNames.isCacheName("m.py")).isFalse();
        assertThat(CacheNames.isCacheName("notes.txt")).isFalse();
        assertThat(CacheNames.isCacheName(".pyc")).isFalse();
        assertThat(CacheNames.isCacheName("Main.class")).isFalse();
    }
}
