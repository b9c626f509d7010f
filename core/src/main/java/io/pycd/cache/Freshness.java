package io.pycd.cache;

import io.pycd.fs.IoErrors;
import io.pycd.state.CompileRecord;
import io.pycd.tree.SourceFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Whether a cache still matches its source, decided from its 16-byte header as import decides, and a little
 * stricter: the size of a timestamp pyc is checked (compileall does not), hash-based pycs are checked in Java with
 * SipHash (compileall always recompiles them), a file with nothing after its header is stale. The commands differ in
 * one thing, and each uses the rule named for it:
 * <ul>
 * <li>{@link #asRequested}: compile, status and watch want caches written the way they were asked to write them; a
 * cache written in another invalidation mode is stale;</li>
 * <li>{@link #asWritten}: clean judges a cache as import would, in the mode it was written in: it never removes a
 * good hash-based cache because compile was asked for timestamps;</li>
 * <li>{@link #writtenAfterSource}: watch also treats a timestamp cache that is not newer than its source's exact
 * mtime as stale: the header keeps whole seconds, so a same-second, same-size edit whose event was lost would look
 * fresh.</li>
 * </ul>
 * With {@link #recordedIn} a timestamp cache whose header matches is also held against pycd's record of what it
 * compiled it from ({@link #sameSecondEdit}): compile, status and watch catch same-second edits that way.
 */
public final class Freshness {

    /** Reads the source bytes only when a hash-based header needs them. */
    @FunctionalInterface
    public interface SourceBytes {
        byte[] read() throws IOException;

        /** Reads {@code source} at most once, however many caches' hash checks ask for it. */
        static SourceBytes memoized(Path source) {
            return new SourceBytes() {
                private byte[] bytes;

                @Override
                public synchronized byte[] read() throws IOException {
                    if (bytes == null) {
                        bytes = Files.readAllBytes(source);
                    }
                    return bytes;
                }
            };
        }
    }

    /**
     * What a cache is compared with: the source as stat'ed, and its bytes for hash-based caches.
     *
     * @param size     the source's size
     * @param modified the source's exact mtime
     * @param path     the source
     * @param fileKey  its identity (device and inode) as the stat gave it, or null when unknown
     */
    public record Source(long size, FileTime modified, SourceBytes bytes, Path path, Object fileKey) {

        /** {@code path} as stat'ed: its bytes are read on demand, at most once. */
        public static Source of(Path path, long size, FileTime modified) {
            return new Source(size, modified, SourceBytes.memoized(path), path, null);
        }

        /** A source as the walk found it, with its identity. */
        public static Source of(SourceFile source) {
            return new Source(source.size(), source.modified(), SourceBytes.memoized(source.path()), source.path(),
                    source.fileKey());
        }

        /** The mtime a timestamp pyc of this source records. */
        long pycMtime() {
            return PycHeader.mtimeOf(modified);
        }
    }

    /**
     * Whose cache it must be: an interpreter's magic number and the SipHash variant its {@code source_hash} uses.
     *
     * @param magic empty for a version pycd does not run (clean's kept versions): the header's own magic stands in
     */
    public record Expected(OptionalInt magic, SipHash sipHash) {

        public static Expected of(int magic, SipHash sipHash) {
            return new Expected(OptionalInt.of(magic), sipHash);
        }

        /** A CPython version pycd does not run: any build's magic, that version's SipHash. */
        public static Expected anyBuildOf(CacheTag tag) {
            return new Expected(OptionalInt.empty(), SipHash.forVersion(tag.major(), tag.minor()));
        }
    }

    private final InvalidationMode requested;
    private final boolean writtenAfterSource;
    private final CompileRecord record;
    private final HeaderMemo headers;

    private Freshness(InvalidationMode requested, boolean writtenAfterSource, CompileRecord record,
                      HeaderMemo headers) {
        this.requested = requested;
        this.writtenAfterSource = writtenAfterSource;
        this.record = record;
        this.headers = headers;
    }

    /** Fresh only when written in {@code mode}: compile, status, watch. */
    public static Freshness asRequested(InvalidationMode mode) {
        return new Freshness(mode, false, null, null);
    }

    /** Fresh in whatever mode the cache was written: clean. */
    public static Freshness asWritten() {
        return new Freshness(null, false, null, null);
    }

    /** This rule, and a timestamp cache must also be newer than its source's exact mtime: watch. */
    public Freshness writtenAfterSource() {
        return new Freshness(requested, true, record, headers);
    }

    /** This rule, and a timestamp cache must also be of the source pycd's record says it compiled it from. */
    public Freshness recordedIn(CompileRecord compileRecord) {
        return new Freshness(requested, writtenAfterSource, compileRecord, headers);
    }

    /** This rule, reading each cache's header again only when its lstat changed: a long-lived pycd (the daemon). */
    public Freshness rememberingHeaders(HeaderMemo memo) {
        return new Freshness(requested, writtenAfterSource, record, memo);
    }

    /** The state of {@code cache} for {@code expected}, compared with {@code source}. */
    public CacheState check(Path cache, Expected expected, Source source) {
        CacheRead read = headers == null ? CacheRead.of(cache) : headers.read(cache);
        CacheState state = judge(read, expected, source);
        if (record != null && state instanceof CacheState.Fresh && read instanceof CacheRead.Header h
                && !h.header().mode().hashBased()) {
            Optional<CompiledFrom> from = record.lookup(source.path(), cache);
            return from.isPresent() ? sameSecondEdit(h.header(), from.get(), source) : state;
        }
        return state;
    }

    /** As {@link #check}, for a cache already read: one read serves several interpreters. */
    public CacheState judge(CacheRead read, Expected expected, Source source) {
        if (read instanceof CacheRead.Missing) {
            return CacheState.MISSING;
        }
        if (read instanceof CacheRead.Unusable u) {
            return new CacheState.Stale(u.why());
        }
        if (!(read instanceof CacheRead.Header cache)) {
            return new CacheState.Stale("header truncated");
        }
        PycHeader header = cache.header();
        if (cache.size() <= PycHeader.LENGTH) {
            return new CacheState.Stale("no code after the header");
        }
        int magic = expected.magic().orElse(header.magic());
        if (header.magic() != magic) {
            return new CacheState.Stale("magic number of another interpreter build");
        }
        InvalidationMode written = header.mode();
        if (written == null) {
            return new CacheState.Stale("unknown flags " + header.flags());
        }
        InvalidationMode wanted = requested == null ? written : requested;
        if (written != wanted) {
            return new CacheState.Stale("written as " + written.cliName() + ", wanted " + wanted.cliName());
        }
        if (!written.hashBased()) {
            if (header.mtime() != (source.pycMtime() & 0xFFFF_FFFFL)) {
                return new CacheState.Stale("source modified");
            }
            if (header.size() != (source.size() & 0xFFFF_FFFFL)) {
                return new CacheState.Stale("source size changed");
            }
            if (writtenAfterSource && source.modified().compareTo(cache.modified()) >= 0) {
                return new CacheState.Stale("written before the source's last change");
            }
            return CacheState.FRESH;
        }
        try {
            byte[] bytes = source.bytes().read();
            if (expected.sipHash().sourceHash(magic, bytes, bytes.length) != header.hash()) {
                return new CacheState.Stale("source hash differs");
            }
            return CacheState.FRESH;
        } catch (IOException e) {
            return new CacheState.Stale("cannot read source: " + e.getMessage());
        }
    }

    /**
     * A timestamp pyc keeps whole seconds: an edit of the same size within the second of a compile leaves a header
     * that CPython (and {@link #judge}) accepts although the cache is stale. pycd's record of the write closes it:
     * when the record describes this very header (its second and size) but the source is no longer the file pycd
     * compiled (another exact mtime, size or file), the cache is stale, unless the bytes are still the ones compiled
     * (a {@code touch}, or an identical copy). A cache pycd has no record of (one CPython wrote) cannot be judged so.
     */
    static CacheState sameSecondEdit(PycHeader header, CompiledFrom recorded, Source source) {
        if ((recorded.headerMtime() & 0xFFFF_FFFFL) != header.mtime()
                || (recorded.size() & 0xFFFF_FFFFL) != header.size()) {
            return CacheState.FRESH; // the record is of another write of this cache (CPython's since, or older)
        }
        if (recorded.mtimeNanos() == CompiledFrom.nanos(source.modified()) && recorded.size() == source.size()
                && recorded.fileKey().equals(CompiledFrom.key(source.fileKey()))) {
            return CacheState.FRESH;
        }
        if (!recorded.digest().isEmpty()) {
            try {
                byte[] bytes = source.bytes().read();
                if (SourceDigest.of(bytes, bytes.length).equals(recorded.digest())) {
                    return CacheState.FRESH;
                }
            } catch (IOException e) {
                return new CacheState.Stale("cannot read source: " + IoErrors.describe(e));
            }
        }
        return new CacheState.Stale("source modified within the second it was compiled");
    }
}
