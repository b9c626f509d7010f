# pycd compile worker: compiles sources exactly as py_compile does and answers over stdin/stdout.
# Standard library only, Python 3.6+. Started as `python -I -S -c <this file's text>` by pycd, one per core: no site
# (nothing a compile uses; a sitecustomize that prints and flushes would garble the answers, and site costs ~5 ms).
#
# Framing (all integers little-endian):
#   hello    (worker -> pycd, once): b"PYCD" u8 protocol | 4 bytes MAGIC_NUMBER | u16 len | cache_tag
#   request  (pycd -> worker):       u32 len | u32 id | u8 optimize-mask | u16 dfile-len | dfile | source
#   response (worker -> pycd):       u32 len | u32 id | u8 status | body
#     status 0 (compiled): u8 len | SHA-256 of the source bytes compiled (len 32; 0 when this Python has no SHA-256);
#                          for each optimize level in the mask, ascending: u32 len | marshal.dumps(code);
#                          then u16 count of SyntaxWarnings, each: u16 len | category | i32 line | u32 len | message
#     status 1 (failed):   u16 len | exception type | i32 line | i32 column | u32 len | message (UTF-8)
# A zero-length request (u32 0) asks the worker to exit.
import importlib.util
import marshal
import os
import struct
import sys
import warnings

try:
    from _sha2 import sha256 as _builtin_sha256  # 3.12+
except ImportError:
    try:
        from _sha256 import sha256 as _builtin_sha256  # 3.6-3.11
    except ImportError:
        _builtin_sha256 = None

# The first sources are digested by the interpreter's builtin SHA-256, which imports in ~0.5 ms; then hashlib's
# (OpenSSL's), which hashes ~8x faster but takes ~5 ms to import: a worker started for one edited module never pays it.
BUILTIN_FOR = 4
_sha256 = _builtin_sha256
_digested = 0
_hashlib_tried = False


def digest_of(source):
    # The digest of exactly the bytes compiled: what pycd keys the bytecode store and its record by. Empty when this
    # Python has neither hash (a build without OpenSSL and without the builtin hashes): pycd digests the source itself.
    global _sha256, _digested, _hashlib_tried
    _digested += 1
    if not _hashlib_tried and (_digested > BUILTIN_FOR or _sha256 is None):
        _hashlib_tried = True
        try:
            from hashlib import sha256
            _sha256 = sha256
        except ImportError:
            pass
    return _sha256(source).digest() if _sha256 is not None else b""

PROTOCOL = 2


def read_exact(stream, n):
    chunks = []
    while n:
        chunk = stream.read(n)
        if not chunk:
            return None
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def compile_all(source, dfile, mask):
    # Python hashes much faster than pycd's own JVM, and does it here, beside the compile, not before it is sent.
    digest = digest_of(source)
    blobs = [struct.pack("<B", len(digest)), digest]
    seen = []
    for level in (0, 1, 2):
        if mask & (1 << level):
            # The SyntaxWarnings compileall would show (invalid escape sequences, "is" with a literal, ...); the
            # same warning at every optimization level is reported once.
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                # Keep the code object in a variable: marshalling a temporary sets other FLAG_REF bits than
                # py_compile's code = ...; marshal.dumps(code), and the bytes would differ.
                code = compile(source, dfile, "exec", dont_inherit=True, optimize=level)
            for w in caught:
                if issubclass(w.category, SyntaxWarning):
                    key = (w.category.__name__, w.lineno or -1, str(w.message))
                    if key not in seen:
                        seen.append(key)
            data = marshal.dumps(code)
            blobs.append(struct.pack("<I", len(data)))
            blobs.append(data)
            del code
    blobs.append(struct.pack("<H", min(len(seen), 0xFFFF)))
    for category, line, message in seen[:0xFFFF]:
        name = category.encode("utf-8")
        text = message.encode("utf-8", "replace")
        blobs.append(struct.pack("<H", len(name)) + name + struct.pack("<iI", line, len(text)) + text)
    return b"".join(blobs)


def describe(error):
    kind = type(error).__name__
    line = column = -1
    if isinstance(error, SyntaxError):
        message = error.msg if error.msg is not None else str(error)
        line = error.lineno if error.lineno is not None else -1
        column = error.offset if error.offset is not None else -1
    else:
        message = str(error) or kind
    data = message.encode("utf-8", "replace")
    name = kind.encode("utf-8", "replace")
    return struct.pack("<H", len(name)) + name + struct.pack("<iiI", line, column, len(data)) + data


def main():
    warnings.simplefilter("ignore")
    try:
        import resource
        limit = int(os.environ.get("PYCD_WORKER_MEMORY", "0"))
        if limit > 0:
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):
        pass
    stdin = sys.stdin.buffer
    stdout = sys.stdout.buffer
    tag = sys.implementation.cache_tag.encode()
    stdout.write(b"PYCD" + struct.pack("<B", PROTOCOL) + importlib.util.MAGIC_NUMBER
                 + struct.pack("<H", len(tag)) + tag)
    stdout.flush()
    while True:
        head = read_exact(stdin, 4)
        if head is None:
            break
        (length,) = struct.unpack("<I", head)
        if length == 0:
            break
        payload = read_exact(stdin, length)
        if payload is None:
            break
        request_id, mask, dfile_length = struct.unpack_from("<IBH", payload, 0)
        dfile = os.fsdecode(payload[7:7 + dfile_length])
        source = payload[7 + dfile_length:]
        try:
            body = compile_all(source, dfile, mask)
            status = 0
        except Exception as error:  # what py_compile reports as PyCompileError, plus Memory/RecursionError
            body = describe(error)
            status = 1
        del source, payload
        stdout.write(struct.pack("<IIB", 5 + len(body), request_id, status))
        stdout.write(body)
        stdout.flush()
    # Every answer is flushed and nothing else is pending: skip the interpreter's teardown (~5 ms), which pycd waits
    # for at the end of every run that compiled.
    os._exit(0)


main()
