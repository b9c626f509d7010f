"""Drives `pycd watch --format json` and measures it; see ../watch.sh. Standard library only."""
import os, shutil, subprocess, sys, time, importlib.util

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from watch_events import WatchEvents  # noqa: E402

PYCD, PY, WORK = sys.argv[1], sys.argv[2], sys.argv[3]
CHECK = r'''
import sys, os, marshal, importlib.util
from importlib import _bootstrap_external as be
tag = sys.implementation.cache_tag
bad = 0
for src in sys.stdin.read().split("\n"):
    if not src: continue
    d, n = os.path.split(src)
    cache = os.path.join(d, "__pycache__", n[:-3] + "." + tag + ".pyc")
    try:
        data = open(cache, "rb").read(); sb = open(src, "rb").read(); st = os.stat(src)
        be._classify_pyc(data, src, {})
        be._validate_timestamp_pyc(data, int(st.st_mtime), st.st_size, src, {})
        if marshal.loads(data[16:]) != compile(sb, src, "exec", dont_inherit=True): bad += 1
    except Exception:
        bad += 1
print(bad)
'''


def wrong(sources):
    out = subprocess.run([PY, "-I", "-c", CHECK], input="\n".join(sources), capture_output=True, text=True)
    return int(out.stdout.strip() or "-1")


def module(i, n):
    return "".join(f"def f{k}_{n}(x):\n    return x * {k} + {i}\n\n" for k in range(20))


class Watch(WatchEvents):
    def __init__(self, root, settle=None):
        super().__init__([PYCD, "watch", "--format", "json", "--python", PY, root])

    def rss_mb(self):
        for line in open(f"/proc/{self.p.pid}/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")


def pct(values, p):
    s = sorted(values)
    return s[max(0, min(len(s) - 1, -(-p * len(s) // 100) - 1))]


def latency():
    root = os.path.join(WORK, "latency")
    os.makedirs(root)
    files = [os.path.join(root, f"m{i}.py") for i in range(10)]
    for i, f in enumerate(files):
        open(f, "w").write(module(i, 0))
    w = Watch(root)
    w.wait(lambda ev: any(e["event"] == "ready" for e in ev))
    lat = []
    for n in range(100):
        f = files[n % len(files)]
        seen = len(w.events)
        t0 = time.monotonic()
        with open(f, "w") as out:
            out.write(module(n, n + 1))
        w.wait(lambda ev: any(e["event"] == "compiled" and e["source"] == f for e in ev[seen:]))
        t1 = next(e["_t"] for e in w.events[seen:] if e["event"] == "compiled" and e["source"] == f)
        lat.append((t1 - t0) * 1000)
    bad = wrong(files)
    code = w.stop()
    return pct(lat, 50), pct(lat, 95), bad, code


def tree(root, folders, per):
    files = []
    for d in range(folders):
        dd = os.path.join(root, f"pkg{d}")
        os.makedirs(dd)
        open(os.path.join(dd, "__init__.py"), "w").close()
        for i in range(per - 1):
            f = os.path.join(dd, f"m{i}.py")
            open(f, "w").write(module(i, d))
            files.append(f)
    return files


def storm():
    root = os.path.join(WORK, "storm")
    files = tree(root, 20, 101)
    w = Watch(root)
    w.wait(lambda ev: any(e["event"] == "ready" for e in ev))
    seen = len(w.events)
    t0 = time.monotonic()
    for i, f in enumerate(files):
        open(f, "w").write(module(i, 999))
    pending = set(files)
    read = [seen]

    def done(ev):
        # Look at each event once: rescanning all of them on every new event would cost the measuring script
        # quadratic time on the same two cores pycd runs on.
        for e in ev[read[0]:]:
            if e["event"] == "compiled":
                pending.discard(e["source"])
        read[0] = len(ev)
        return not pending
    w.wait(done)
    t_watch = time.monotonic() - t0
    bad = wrong(files)
    w.stop()
    # compileall -j0 of the same files, rewritten the same way, in a copy nobody watches
    copy = os.path.join(WORK, "storm-compileall")
    shutil.copytree(root, copy)
    cfiles = [f.replace(root, copy, 1) for f in files]
    subprocess.run([PY, "-m", "compileall", "-q", "-j0", copy], check=True)
    # Both clocks start at the storm's first write and stop when every cache is right.
    t0 = time.monotonic()
    for i, f in enumerate(cfiles):
        open(f, "w").write(module(i, 1234))
    subprocess.run([PY, "-m", "compileall", "-q", "-j0", copy], check=True)
    t_ca = time.monotonic() - t0
    return t_watch, t_ca, bad


def startup():
    root = os.path.join(WORK, "startup")
    tree(root, 2000, 10)
    cold = Watch(root)
    cold.wait(lambda ev: any(e["event"] == "ready" for e in ev), timeout=900)
    cold_s = cold.ready_at - cold.t0
    cold.stop()
    warm = Watch(root)
    warm.wait(lambda ev: any(e["event"] == "ready" for e in ev))
    warm_s = warm.ready_at - warm.t0
    rss = warm.rss_mb()
    warm.stop()
    return cold_s, warm_s, rss


p50, p95, bad_lat, code = latency()
print(f"latency over 100 edits: p50 {p50:.1f} ms (bar 30: {p50 / 30:.2f}x), p95 {p95:.1f} ms (bar 80: {p95 / 80:.2f}x); "
      f"wrong caches {bad_lat}; exit code on SIGTERM {code}")
t_watch, t_ca, bad_storm = storm()
print(f"storm of 2,000 rewritten files: pycd watch {t_watch:.2f} s, compileall -q -j0 {t_ca:.2f} s, "
      f"ratio {t_watch / t_ca:.2f} (bar 1.0); wrong caches {bad_storm}")
cold_s, warm_s, rss = startup()
print(f"start-up, 2,000 folders / 20,000 files: ready in {warm_s:.2f} s with caches fresh (bar 3 s: {warm_s / 3:.2f}x), "
      f"{cold_s:.2f} s compiling all 20,000; resident {rss:.0f} MB at ready (bar 250: {rss / 250:.2f}x)")
