package io.pycd.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.pycd.testing.TestFiles;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A long-lived pycd's memory of headers, on caches written by hand: whatever changes a cache's lstat is read again. */
class HeaderMemoTest {

    private static final int MAGIC = 0x0a0d0dcb; // 3.12's
    private static final Freshness.Expected PY312 = Freshness.Expected.of(MAGIC, SipHash.forVersion(3, 12));
    private static final Instant WRITTEN = Instant.ofEpochSecond(1_700_000_100L, 123_456_789);

    @TempDir
    Path tmp;

    Path source;
    Path cache;
    Freshness.Source compared;
    HeaderMemo memo = new HeaderMemo();
    Freshness remembering;

    @BeforeEach
    void source() throws Exception {
        source = TestFiles.write(tmp.resolve("m.py"), "x = 1\n");
        Files.setLastModifiedTime(source, FileTime.from(Instant.ofEpochSecond(1_700_000_000L)));
        cache = tmp.resolve("__pycache__/m.cpython-312.pyc");
        compared = Freshness.Source.of(source, Files.size(source), Files.getLastModifiedTime(source));
        remembering = Freshness.asRequested(InvalidationMode.TIMESTAMP).rememberingHeaders(memo);
    }

    private static byte[] pyc(long mtime, long size) {
        byte[] head = PycHeader.timestamp(MAGIC, mtime, size).toBytes();
        byte[] pyc = new byte[head.length + 4];
        System.arraycopy(head, 0, pyc, 0, head.length);
        return pyc;
    }

    private void writeByRename(byte[] bytes) throws Exception {
        Path tmpFile = TestFiles.write(tmp.resolve("__pycache__/m.tmp"), bytes);
        Files.setLastModifiedTime(tmpFile, FileTime.from(WRITTEN));
        Files.move(tmpFile, cache, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private void overwriteInPlace(byte[] bytes, Instant mtime) throws Exception {
        try (FileChannel ch = FileChannel.open(cache, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(bytes), 0);
        }
        Files.setLastModifiedTime(cache, FileTime.from(mtime));
    }

    @Test
    void aCacheWhoseLstatIsUnchangedIsNotReadAgain() throws Exception {
        writeByRename(pyc(1_700_000_000L, 6));
        assertThat(remembering.check(cache, PY312, compared)).isEqualTo(CacheState.FRESH);
        // Rewritten in place, same size, its exact mtime given back: the one case the memo takes for the old header,
        // which shows it did not read the file again (CacheRead reads the new, stale header).
        overwriteInPlace(pyc(1_600_000_000L, 6), WRITTEN);
        assertThat(remembering.check(cache, PY312, compared)).isEqualTo(CacheState.FRESH);
        assertThat(Freshness.asRequested(InvalidationMode.TIMESTAMP).check(cache, PY312, compared))
                .isEqualTo(new CacheState.Stale("source modified"));
    }

    @Test
    void aCacheReplacedByRenameIsReadAgainEvenWithTheSameSizeAndMtime() throws Exception {
        writeByRename(pyc(1_700_000_000L, 6));
        assertThat(remembering.check(cache, PY312, compared)).isEqualTo(CacheState.FRESH);
        writeByRename(pyc(1_600_000_000L, 6));
        assertThat(remembering.check(cache, PY312, compared)).isEqualTo(new CacheState.Stale("source modified"));
    }

    @Test
    void aCacheRewrittenInPlaceWithAnotherMtimeIsReadAgain() throws Exception {
        writeByRename(pyc(1_700_000_000L, 6));
        assertThat(remembering.check(cache, PY312, compared)).isEqualTo(CacheState.FRESH);
        overwriteInPlace(pyc(1_600_000_000L, 6), WRITTEN.plusNanos(1));
        assertThat(remembering.check(cache, PY312, compared)).isEqualTo(new CacheState.Stale("source modified"));
    }

    @Test
    void aRemovedOrTruncatedOrSymlinkedCacheIsWhatItIsNow() throws Exception {
        writeByRename(pyc(1_700_000_000L, 6));
        assertThat(remembering.check(cache, PY312, compared)).isEqualTo(CacheState.FRESH);
        Files.delete(cache);
        assertThat(remembering.check(cache, PY312, compared)).isEqualTo(CacheState.MISSING);

        writeByRename(new byte[] {1, 2, 3});
        assertThat(remembering.check(cache, PY312, compared)).isEqualTo(new CacheState.Stale("header truncated"));

        Path elsewhere = TestFiles.write(tmp.resolve("elsewhere.pyc"), pyc(1_700_000_000L, 6));
        Files.delete(cache);
        Files.createSymbolicLink(cache, elsewhere);
        assertThat(remembering.check(cache, PY312, compared)).isEqualTo(new CacheState.Stale("cache is a symlink"));
    }
}
