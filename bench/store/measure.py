"""Drives pycd compile and pycd watch against compileall on a two-branch repository; see ../store.sh.
Standard library only."""
import os, shutil, statistics, subprocess, sys, time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from watch_events import WatchEvents  # noqa: E402

PYCD, PY, WORK, RUNS, LIB_A, LIB_B = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5], sys.argv[6]
REPO = os.path.join(WORK, "repo")
ENV = dict(os.environ, PYCD_STORE=os.path.join(WORK, "store"), XDG_CACHE_HOME=os.path.join(WORK, "xdg"),
           GIT_CONFIG_NOSYSTEM="1", GIT_AUTHOR_NAME="bench", GIT_AUTHOR_EMAIL="bench@example.com",
           GIT_COMMITTER_NAME="bench", GIT_COMMITTER_EMAIL="bench@example.com")
IGNORED = shutil.ignore_patterns("__pycache__", "site-packages", "*.pyc")


def run(*args, check=True):
    # Never from inside the repository: `python -m` puts the current folder first on sys.path, and a folder holding
    # another version's standard library would be imported instead of the interpreter's own.
    return subprocess.run(args, cwd=WORK, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                          check=check)


def git(*args):
    return subprocess.run(["git", *args], cwd=REPO, env=ENV, check=True, capture_output=True, text=True).stdout


def timed(*args):
    t0 = time.monotonic()
    run(*args, check=False)  # the standard libraries' tests hold deliberate syntax errors: both tools exit 1
    ms = (time.monotonic() - t0) * 1000
    print(f"  {ms:9.1f} ms  {' '.join(os.path.basename(a) for a in args[:4])}", file=sys.stderr, flush=True)
    return ms


def pycd_compile():
    return timed(PYCD, "compile", "-q", "--python", PY, REPO)


def compileall():
    return timed(PY, "-m", "compileall", "-q", "-j0", REPO)


def checkout(branch):
    git("checkout", "-q", branch)


def uncache():
    for d, dirs, _ in os.walk(REPO):
        if ".git" in dirs:
            dirs.remove(".git")
        if "__pycache__" in dirs:
            shutil.rmtree(os.path.join(d, "__pycache__"))
            dirs.remove("__pycache__")


def replace_tree(lib):
    for name in os.listdir(REPO):
        if name != ".git":
            p = os.path.join(REPO, name)
            shutil.rmtree(p) if os.path.isdir(p) and not os.path.islink(p) else os.remove(p)
    shutil.copytree(lib, REPO, symlinks=True, ignore=IGNORED, dirs_exist_ok=True)


def build_repo():
    os.makedirs(REPO)
    git("init", "-q", "-b", "a")
    replace_tree(LIB_A)
    git("add", "-A", "-f")
    git("commit", "-q", "-m", "a")
    git("checkout", "-q", "-b", "b")
    replace_tree(LIB_B)
    git("add", "-A", "-f")
    git("commit", "-q", "-m", "b")


def rewritten(old, new):
    """The .py files git writes switching from branch `old` to `new`: those that exist in `new` and differ."""
    names = git("diff", "--no-renames", "--name-only", "--diff-filter=AM", old, new, "--", "*.py").splitlines()
    return {os.path.join(REPO, n) for n in names}


class Watch(WatchEvents):
    def __init__(self):
        super().__init__([PYCD, "watch", "--format", "json", "--python", PY, REPO], cwd=WORK, env=ENV)

    def settled(self, since, sources, quiet=5.0):
        """Waits until every source in `sources` was compiled (or failed) after event `since`, or, should the
        watcher pass some over, until it has been quiet for `quiet` seconds; returns when the last of them was done
        and how many were never seen."""
        def acted(events):
            return {e.get("source") for e in events[since:] if e["event"] in ("compiled", "error")}
        deadline = time.monotonic() + 600
        with self.cond:
            while not sources <= acted(self.events):
                last = self.events[-1]["_t"] if len(self.events) > since else time.monotonic()
                if time.monotonic() - last > quiet or time.monotonic() > deadline:
                    break
                self.cond.wait(0.5)
            done = [e["_t"] for e in self.events[since:] if e.get("source") in sources]
            return (max(done) if done else float("nan")), len(sources - acted(self.events))


def report(label, mine, theirs, anchor, bar):
    a, b = statistics.median(mine), statistics.median(theirs)
    print(f"{label:<28} pycd {a:9.1f} ms   {anchor:<26} {b:9.1f} ms   ratio {a / b:.2f}   (bar {bar})", flush=True)


def main():
    build_repo()
    back = rewritten("b", "a")
    files = len(git("ls-files", "--", "*.py").splitlines())
    print(f"pycd's store vs compileall: {subprocess.run([PY, '-V'], capture_output=True, text=True).stdout.strip()}, "
          f"branches a ({LIB_A}) and b ({LIB_B}), {files} modules on b, {len(back)} rewritten switching b -> a, "
          f"{os.cpu_count()} cores, {RUNS} runs each", flush=True)
    # Fill the store with both branches (untimed): from here on, every switch is a switch back.
    checkout("a")
    pycd_compile()
    checkout("b")
    pycd_compile()

    switch_pycd, switch_ca, clean_pycd, clean_ca, watch_pycd, watch_ca = [], [], [], [], [], []
    for _ in range(RUNS):
        checkout("b"); pycd_compile(); checkout("a")
        switch_pycd.append(pycd_compile())
        checkout("b"); compileall(); checkout("a")
        switch_ca.append(compileall())
    report("switch back, then compile", switch_pycd, switch_ca, "compileall -q -j0", "0.3, goal 0.2")

    for _ in range(RUNS):
        run(PYCD, "clean", "--all", "-q", "--python", PY, REPO, check=False)
        clean_pycd.append(pycd_compile())
        uncache()
        clean_ca.append(compileall())
    report("clean --all, then compile", clean_pycd, clean_ca, "compileall -q -j0", "0.3, goal 0.2")

    unseen = 0
    for _ in range(RUNS):
        checkout("a"); pycd_compile()
        w = Watch()
        try:
            w.wait(lambda ev: any(e["event"] == "ready" for e in ev))
            since = len(w.events)
            checkout("b")
            w.settled(since, rewritten("a", "b"))
            since = len(w.events)
            t0 = time.monotonic()
            checkout("a")
            last, missed = w.settled(since, back)
        finally:
            w.stop()
        unseen = max(unseen, missed)
        watch_pycd.append((last - t0) * 1000)
        print(f"  {watch_pycd[-1]:9.1f} ms  pycd watch settles b -> a", file=sys.stderr, flush=True)
        checkout("b"); compileall()
        t0 = time.monotonic()
        checkout("a")
        compileall()
        watch_ca.append((time.monotonic() - t0) * 1000)
        print(f"  {watch_ca[-1]:9.1f} ms  checkout b -> a + compileall", file=sys.stderr, flush=True)
    report("watch settles a switch back", watch_pycd, watch_ca, "checkout + compileall -j0", "0.3")
    if unseen:
        print(f"  ({unseen} rewritten modules got no compiled or error event: the watcher passed them over)")


main()
