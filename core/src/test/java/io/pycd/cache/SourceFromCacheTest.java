package io.pycd.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.pycd.testing.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceFromCacheTest {

    @Test
    void everyKindOfCacheNameLeadsToItsSource() {
        Map<String, String> expected = Map.of(
                "pkg/__pycache__/m.cpython-312.pyc", "pkg/m.py",
                "pkg/__pycache__/a.b.cpython-312.opt-2.pyc", "pkg/a.b.py",
                "__pycache__/m.cpython-34.pyo", "m.py",
                "pkg/__pycache__/m.pyc", "pkg/m.py",
                "pkg/m.pyc", "pkg/m.py",
                "m.pyo", "m.py",
                "pkg/m$py.class", "pkg/m.py",
                "pkg/__pycache__/m.cpython-312.pyc.140234", "pkg/m.py",
                "m.pyc.7", "m.py",
                "a/__pycache__/b/m.pyc", "a/__pycache__/b/m.py");
        expected.forEach((cache, source) -> assertThat(SourceFromCache.sourceOf(cache)).as(cache).contains(source));
        assertThat(SourceFromCache.sourceOf("pkg/__pycache__/notes.txt")).isEmpty();
        assertThat(SourceFromCache.sourceOf("pkg/__pycache__/m$py.class")).isEmpty();
        assertThat(SourceFromCache.sourceOf("pkg/m.py")).isEmpty();
    }

    @Test
    void pycacheEntriesCarryTheirTag() {
        assertThat(SourceFromCache.pycacheEntry("m.cpython-34.pyo")).contains(new CacheFile("m", "cpython-34", 0));
        assertThat(SourceFromCache.pycacheEntry("m.cpython-312.opt-1.pyc")).contains(new CacheFile("m", "cpython-312", 1));
        assertThat(SourceFromCache.pycacheEntry("m.pyc")).isEmpty();
    }

    @Test
    void orphansAreCachesWhoseSourceIsNeitherAFileNorALinkAbove(@TempDir Path tmp) throws Exception {
        Path pycache = tmp.resolve("__pycache__");
        for (String name : new String[] {"kept.cpython-312.pyc", "gone.cpython-312.pyc", "gone.cpython-34.pyo", "gone.pyc",
                "linked.cpython-312.pyc", "folder.cpython-312.pyc", "gone.cpython-312.pyc.123", "notes.txt"}) {
            TestFiles.write(pycache.resolve(name), "x");
        }
        TestFiles.write(tmp.resolve("kept.py"), "");
        Files.createSymbolicLink(tmp.resolve("linked.py"), tmp.resolve("nowhere.py"));
        Files.createDirectories(tmp.resolve("folder.py"));
        assertThat(Orphans.in(pycache)).extracting(p -> p.getFileName().toString()).containsExactlyInAnyOrder(
                "gone.cpython-312.pyc", "gone.cpython-34.pyo", "gone.pyc", "folder.cpython-312.pyc");
        assertThat(Orphans.isOrphan("kept.cpython-313.pyc", Orphans.stat(tmp))).isFalse();
        assertThat(Orphans.in(tmp.resolve("missing"))).isEmpty();
        assertThat(SourceCaches.inPycache(tmp.resolve("gone.py"))).extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrder("gone.cpython-312.pyc", "gone.cpython-34.pyo", "gone.pyc");
    }
}
