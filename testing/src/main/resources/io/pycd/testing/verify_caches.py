# Checks caches written by pycd against CPython itself. Python 3.8+. Run with -B (never write caches), with -O/-OO
# for the optimization level under test and -X pycache_prefix=DIR for the prefix layout.
# argv[1]: a JSON file {"mode": "timestamp|checked-hash|unchecked-hash", "entries": [{"source", "cache", "level",
#          "dfile"?}], "failed": [source, ...]}. Prints {"checked": N, "problems": [...]}.
import importlib.machinery
import importlib.util
import json
import marshal
import os
import struct
import sys
import types
from importlib import _bootstrap_external as be

spec = json.load(open(sys.argv[1], encoding="utf-8"))
problems = []
calls = []
original = importlib.machinery.SourceFileLoader.source_to_code


def recording(self, data, path, *args, **kwargs):
    calls.append(path)
    return original(self, data, path, *args, **kwargs)


importlib.machinery.SourceFileLoader.source_to_code = recording
def same(a, b):
    """Code equality that also holds for NaN constants (code objects holding a NaN never compare equal)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, types.CodeType):
        names = [n for n in dir(a) if n.startswith("co_") and n not in ("co_filename", "co_lnotab")
                 and not callable(getattr(a, n))]
        return all(same(getattr(a, n), getattr(b, n)) for n in names)
    if isinstance(a, float):
        return struct.pack("<d", a) == struct.pack("<d", b)
    if isinstance(a, complex):
        return same(a.real, b.real) and same(a.imag, b.imag)
    if isinstance(a, tuple):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


FLAGS = {"timestamp": 0, "unchecked-hash": 1, "checked-hash": 3}
checked = 0
for e in spec["entries"]:
    src, cache, level = e["source"], e["cache"], e["level"]
    where = src + " -> " + cache
    try:
        expected = importlib.util.cache_from_source(src)
        if os.path.abspath(expected) != os.path.abspath(cache):
            problems.append(where + ": importlib names the cache " + expected)
            continue
        before = len(calls)
        importlib.machinery.SourceFileLoader("m", src).get_code("m")
        if len(calls) != before:
            problems.append(where + ": import rejected the cache and recompiled")
        with open(cache, "rb") as f:
            data = f.read()
        with open(src, "rb") as f:
            source = f.read()
        mine = marshal.loads(data[16:])
        ref = compile(source, e.get("dfile", src), "exec", dont_inherit=True, optimize=level)
        if mine != ref and not same(mine, ref):
            problems.append(where + ": code differs from compile()")
        if "dfile" in e and mine.co_filename != e["dfile"]:
            problems.append(where + ": co_filename %r, wanted %r" % (mine.co_filename, e["dfile"]))
        flags = be._classify_pyc(data, "m", {})
        if flags != FLAGS[spec["mode"]]:
            problems.append(where + ": flags %d" % flags)
        if flags & 1:
            be._validate_hash_pyc(data, importlib.util.source_hash(source), "m", {})
        else:
            st = os.stat(src)
            be._validate_timestamp_pyc(data, int(st.st_mtime), st.st_size, "m", {})
        checked += 1
    except Exception as ex:
        problems.append(where + ": " + type(ex).__name__ + ": " + str(ex))
for src in spec.get("failed", []):
    try:
        with open(src, "rb") as f:
            compile(f.read(), src, "exec", dont_inherit=True)
        problems.append(src + ": pycd reported a failure but compile() accepts it")
    except Exception:
        pass
print(json.dumps({"checked": checked, "problems": problems[:20] + (["... %d in all" % len(problems)] if len(problems) > 20 else [])}))
