package io.pycd.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.pycd.testing.Processes;
import io.pycd.testing.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The rules of each command, on caches written by hand: headers are plain bytes. */
class FreshnessTest {

    private static final int MAGIC = 0x0a0d0dcb; // 3.12's
    private static final SipHash SIP = SipHash.forVersion(3, 12);
    private static final Freshness.Expected PY312 = Freshness.Expected.of(MAGIC, SIP);

    @TempDir
    Path tmp;

    Path source;
    Path cache;
    Freshness.Source compared;

    @BeforeEach
    void source() throws Exception {
        source = TestFiles.write(tmp.resolve("m.py"), "x = 1\n");
        Files.setLastModifiedTime(source, FileTime.from(Instant.ofEpochSecond(1_700_000_000L, 250_000_000)));
        cache = tmp.resolve("__pycache__/m.cpython-312.pyc");
        compared = Freshness.Source.of(source, Files.size(source), Files.getLastModifiedTime(source));
    }

    private void write(PycHeader header, Instant cacheMtime) throws Exception {
        byte[] head = header.toBytes();
        byte[] pyc = new byte[head.length + 4];
        System.arraycopy(head, 0, pyc, 0, head.length);
        TestFiles.write(cache, pyc);
        Files.setLastModifiedTime(cache, FileTime.from(cacheMtime));
    }

    private PycHeader checkedHash() throws Exception {
        byte[] bytes = Files.readAllBytes(source);
        return PycHeader.hashBased(MAGIC, InvalidationMode.CHECKED_HASH, SIP.sourceHash(MAGIC, bytes, bytes.length));
    }

    @Test
    void asRequestedWantsTheModeAskedFor() throws Exception {
        write(checkedHash(), Instant.ofEpochSecond(1_700_000_001L));
        assertThat(Freshness.asRequested(InvalidationMode.CHECKED_HASH).check(cache, PY312, compared))
                .isEqualTo(CacheState.FRESH);
        assertThat(Freshness.asRequested(InvalidationMode.TIMESTAMP).check(cache, PY312, compared))
                .isEqualTo(new CacheState.Stale("written as checked-hash, wanted timestamp"));
    }

    @Test
    void asWrittenJudgesInTheCachesOwnModeAndCanTrustItsMagic() throws Exception {
        write(checkedHash(), Instant.ofEpochSecond(1_700_000_001L));
        assertThat(Freshness.asWritten().check(cache, PY312, compared)).isEqualTo(CacheState.FRESH);
        Freshness.Expected otherBuild = Freshness.Expected.of(MAGIC + 1, SIP);
        assertThat(Freshness.asWritten().check(cache, otherBuild, compared))
                .isEqualTo(new CacheState.Stale("magic number of another interpreter build"));
        assertThat(Freshness.asWritten().check(cache, Freshness.Expected.anyBuildOf(CacheTag.cpython(3, 12)),
                compared)).isEqualTo(CacheState.FRESH);
        TestFiles.write(source, "x = 2\n");
        assertThat(Freshness.asWritten().check(cache, PY312, Freshness.Source.of(source, Files.size(source),
                Files.getLastModifiedTime(source)))).isEqualTo(new CacheState.Stale("source hash differs"));
    }

    @Test
    void writtenAfterSourceCatchesASameSecondEdit() throws Exception {
        // The header matches (same second, same size), but the cache was written before the source's last write.
        PycHeader header = PycHeader.timestamp(MAGIC, 1_700_000_000L, Files.size(source));
        write(header, Instant.ofEpochSecond(1_700_000_000L, 100_000_000));
        Freshness timestamps = Freshness.asRequested(InvalidationMode.TIMESTAMP);
        assertThat(timestamps.check(cache, PY312, compared)).isEqualTo(CacheState.FRESH);
        assertThat(timestamps.writtenAfterSource().check(cache, PY312, compared))
                .isInstanceOf(CacheState.Stale.class);
        write(header, Instant.ofEpochSecond(1_700_000_000L, 900_000_000));
        assertThat(timestamps.writtenAfterSource().check(cache, PY312, compared)).isEqualTo(CacheState.FRESH);
    }

    @Test
    void whatIsNotAWholeCacheIsMissingOrStale() throws Exception {
        Freshness f = Freshness.asRequested(InvalidationMode.TIMESTAMP);
        assertThat(f.check(cache, PY312, compared)).isEqualTo(CacheState.MISSING);
        TestFiles.write(cache, new byte[] {1, 2, 3});
        assertThat(f.check(cache, PY312, compared)).isEqualTo(new CacheState.Stale("header truncated"));
        TestFiles.write(cache, PycHeader.timestamp(MAGIC, 1_700_000_000L, Files.size(source)).toBytes());
        assertThat(f.check(cache, PY312, compared)).isEqualTo(new CacheState.Stale("no code after the header"));
        Files.delete(cache);
        Files.createSymbolicLink(cache, source);
        assertThat(f.check(cache, PY312, compared)).isEqualTo(new CacheState.Stale("cache is a symlink"));
    }

    /** Opening a FIFO for reading waits for a writer: the lstat before the open is what keeps a check from hanging. */
    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aFifoPlantedAsTheCacheIsNeverOpened() throws Exception {
        Files.createDirectories(cache.getParent());
        Processes.exec(List.of("mkfifo", cache.toString())).ok();
        assertThat(Freshness.asRequested(InvalidationMode.TIMESTAMP).check(cache, PY312, compared))
                .isEqualTo(new CacheState.Stale("cache is not a regular file"));
    }

    @Test
    void aHeaderIsReadAsFourLittleEndianWords() throws Exception {
        PycHeader timestamp = PycHeader.timestamp(MAGIC, 0xF0E0D0C0L, 0x8070605L);
        write(timestamp, Instant.ofEpochSecond(1_700_000_001L));
        assertThat(((CacheRead.Header) CacheRead.of(cache)).header()).isEqualTo(timestamp);
        PycHeader hash = PycHeader.hashBased(MAGIC, InvalidationMode.UNCHECKED_HASH, 0x8877665544332211L);
        write(hash, Instant.ofEpochSecond(1_700_000_001L));
        assertThat(((CacheRead.Header) CacheRead.of(cache)).header()).isEqualTo(hash);
    }
}
