#!/usr/bin/env bash
# Start-up: the release (unpacked from its archive, then moved) and bin/pycd in this checkout, side by side in one
# run, on a copy of an installed standard library.
#
#   bench/startup.sh [RUNS]        (default 10 runs; PYTHON=python3.12 picks the interpreter)
#
# Nothing to do:  pycd compile -q (all caches fresh), release and bin/pycd  vs  python -m compileall -q   (bar 1.5)
# --version:      the release's pycd --version  vs  the release runtime's own java -version             (bar 1.5)
# --help:         the release's pycd --help     vs  the same java -version                              (bar 2.0)
# Moved:          the same folder moved elsewhere: nothing to do and --version again (the same figures expected)
# Project:        nothing to do on the same sources with a pyproject.toml at the root (as nearly every project has;
#                 every command reads it), release and bin/pycd  vs  python -m compileall -q on it      (bar 1.5)
# Daemon:         with a daemon (the release's) watching the copy, pycd compile -q, release and bin/pycd, asks it
#                 instead of walking  vs  python -m compileall -q                                       (bar 1.0)
# Sizes:          the archive and the wheel                                                             (bar 40 MB)
# Each group runs alternately, RUNS times; medians and their ratio are printed. Builds the release if it is missing.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
runs=${1:-10}
home=$(cd "$here/.." && pwd -P)
python=$(real_python "${PYTHON:-python3.12}") || { echo "bench: ${PYTHON:-python3.12} not found" >&2; exit 2; }
bin_pycd=$home/bin/pycd
archive() { ls -t "$home"/dist/target/pycd-*-linux-x86_64.tar.gz 2>/dev/null | head -1; }
if [ -z "$(archive)" ]; then
  echo "bench: building the release (mvn -B -q -DskipTests package)..." >&2
  (cd "$home" && mvn -B -q -Dstyle.color=never -DskipTests package >&2)
fi
tarball=$(archive)
wheel=$(ls -t "$home"/dist/target/pycd-*.whl | head -1)
work=$(mktemp -d "${TMPDIR:-/tmp}/pycd-bench-startup.XXXXXX")
daemon_pycd=
# The daemon of this run lives in the run's own folders (never the user's daemon, socket or remembered roots).
stop_daemon() { [ -n "$daemon_pycd" ] && XDG_RUNTIME_DIR=$work/run XDG_STATE_HOME=$work/state "$daemon_pycd" daemon stop >/dev/null 2>&1 || true; }
trap 'stop_daemon; rm -rf "$work"' EXIT
# pycd's bytecode store (empty at the start) and its state are this run's own, never the user's.
export PYCD_STORE=$work/store XDG_CACHE_HOME=$work/xdg-cache

mkdir "$work/first"
tar -xzf "$tarball" -C "$work/first"
name=$(basename "$tarball" .tar.gz)
stdlib=$("$python" -I -c 'import sysconfig; print(sysconfig.get_path("stdlib"))')
cp -r "$stdlib" "$work/lib"
rm -rf "$work/lib/site-packages"
find "$work/lib" -name __pycache__ -prune -exec rm -rf {} +
files=$(find "$work/lib" -name '*.py' | wc -l)

"$bin_pycd" --version >/dev/null   # builds bin/pycd's jar and class-data archive before anything is timed
"$work/first/$name/bin/pycd" compile -q --python "$python" "$work/lib" >/dev/null 2>&1 || true
"$python" -m compileall -q "$work/lib" >/dev/null 2>&1 || true
sync   # the writes above are on disk before anything is timed
echo "pycd start-up: $("$python" -V 2>&1), $files files, $(nproc) cores, $runs runs each"
echo "release: $name ($(sed -n 's/^runtime: //p' "$work/first/$name/RUNTIME"))"

# measure DIR LABEL: nothing to do and --version from the release in DIR, against the same anchors in the same loop.
measure() {
  local rel=$1/$name label=$2 i
  local noop=() noop_bin=() noop_ca=() version=() help=() java=()
  for ((i = 0; i < runs; i++)); do
    noop+=("$(time_ms "$rel/bin/pycd" compile -q --python "$python" "$work/lib")")
    noop_bin+=("$(time_ms "$bin_pycd" compile -q --python "$python" "$work/lib")")
    noop_ca+=("$(time_ms "$python" -m compileall -q "$work/lib")")
    version+=("$(time_ms "$rel/bin/pycd" --version)")
    help+=("$(time_ms "$rel/bin/pycd" --help)")
    java+=("$(time_ms "$rel/runtime/bin/java" -version)")
  done
  report "nothing to do ($label)" "$(median "${noop[@]}")" "$(median "${noop_ca[@]}")" "compileall (1 process)" "1.5"
  [ "$label" = release ] &&
    report "nothing to do (bin/pycd)" "$(median "${noop_bin[@]}")" "$(median "${noop_ca[@]}")" "compileall (1 process)" "1.5"
  report "--version ($label)" "$(median "${version[@]}")" "$(median "${java[@]}")" "runtime java -version" "1.5"
  report "--help ($label)" "$(median "${help[@]}")" "$(median "${java[@]}")" "runtime java -version" "2.0"
}

measure "$work/first" release
mv "$work/first" "$work/moved"
measure "$work/moved" "moved"

# project_case DIR: nothing to do on the same sources as a project, with a pyproject.toml at the root as nearly every
# real project has one (every command reads it: its parser's start-up is timed too), against compileall on it.
project_case() {
  local rel=$1/$name i noop=() noop_bin=() noop_ca=()
  cp -r "$work/lib" "$work/project"
  cat > "$work/project/pyproject.toml" <<'TOML'
[build-system]
requires = ["flit_core>=3.11,<4"]
build-backend = "flit_core.buildapi"

[project]
name = "stdlib-copy"
version = "1.0.dev0"
description = "The standard library's sources, as a project."
readme = "README.md"
license = "PSF-2.0"
maintainers = [{name = "Bench", email = "bench@example.com"}]
classifiers = [
    "Programming Language :: Python",
    "Typing :: Typed",
]
requires-python = ">=3.9"
dependencies = [
    "click>=8.1.3",
    "jinja2>=3.1.2",
]

[project.optional-dependencies]
async = ["asgiref>=3.2"]

[project.urls]
Source = "https://example.com/stdlib-copy/"

[tool.pytest.ini_options]
testpaths = ["test"]
filterwarnings = [
    "error",
]

[tool.ruff.lint]
select = [
    "B",  # flake8-bugbear
    "E",  # pycodestyle error
]

[tool.pycd]
exclude = ["build"]
TOML
  "$rel/bin/pycd" compile -q --python "$python" "$work/project" >/dev/null 2>&1 || true
  sync   # that compile wrote ~50 MB of caches: their writeback must not run beside the timed runs
  for ((i = 0; i < runs; i++)); do
    noop+=("$(time_ms "$rel/bin/pycd" compile -q --python "$python" "$work/project")")
    noop_bin+=("$(time_ms "$bin_pycd" compile -q --python "$python" "$work/project")")
    noop_ca+=("$(time_ms "$python" -m compileall -q "$work/project")")
  done
  report "project, nothing (release)" "$(median "${noop[@]}")" "$(median "${noop_ca[@]}")" "compileall (1 process)" "1.5"
  report "project, nothing (bin/pycd)" "$(median "${noop_bin[@]}")" "$(median "${noop_ca[@]}")" "compileall (1 process)" "1.5"
  rm -rf "$work/project"
}

project_case "$work/moved"
# daemon_case DIR: nothing to do with the release's daemon in DIR watching the copy, against compileall in one loop.
daemon_case() {
  local rel=$1/$name i answered=
  local noop=() noop_bin=() noop_ca=() saved_runtime=${XDG_RUNTIME_DIR-} saved_state=${XDG_STATE_HOME-}
  mkdir -p -m 700 "$work/run" "$work/state"
  export XDG_RUNTIME_DIR=$work/run XDG_STATE_HOME=$work/state
  daemon_pycd=$rel/bin/pycd
  "$rel/bin/pycd" daemon start --python "$python" "$work/lib" >/dev/null
  # -v says which way the report came: only a daemon's answer is measured (it declines while it starts up)
  for ((i = 0; i < 60; i++)); do
    why=$("$rel/bin/pycd" compile -v --python "$python" "$work/lib" 2>&1 >/dev/null | grep -E '^pycd: (the daemon answered|walked)' | tail -1) || true
    case $why in *"the daemon answered"*) answered=1; break ;; esac
    sleep 1
  done
  [ -n "$answered" ] || { echo "bench: the daemon does not answer compile: $why" >&2; exit 1; }
  for ((i = 0; i < runs; i++)); do
    noop+=("$(time_ms "$rel/bin/pycd" compile -q --python "$python" "$work/lib")")
    noop_bin+=("$(time_ms "$bin_pycd" compile -q --python "$python" "$work/lib")")
    noop_ca+=("$(time_ms "$python" -m compileall -q "$work/lib")")
  done
  why=$("$bin_pycd" compile -v --python "$python" "$work/lib" 2>&1 >/dev/null | grep -E '^pycd: (the daemon answered|walked)' | tail -1) || true
  case $why in *"the daemon answered"*) ;; *) echo "bench: bin/pycd was not answered by the daemon: $why" >&2 ;; esac
  report "daemon answers (release)" "$(median "${noop[@]}")" "$(median "${noop_ca[@]}")" "compileall (1 process)" "1.0"
  report "daemon answers (bin/pycd)" "$(median "${noop_bin[@]}")" "$(median "${noop_ca[@]}")" "compileall (1 process)" "1.0"
  stop_daemon
  daemon_pycd=
  export XDG_RUNTIME_DIR=$saved_runtime XDG_STATE_HOME=$saved_state
  [ -n "$saved_runtime" ] || unset XDG_RUNTIME_DIR
  [ -n "$saved_state" ] || unset XDG_STATE_HOME
}

daemon_case "$work/moved"
# The runtime is jlink'd without the JDK's default CDS archive (pycd starts from its own AOT cache): for reference,
# the JDK it came from, with its default archive.
jdk=$(sed -n 's/^runtime: .*(\(.*\))$/\1/p' "$work/moved/$name/RUNTIME")
if [ -x "$jdk/bin/java" ]; then
  ref=()
  for ((i = 0; i < runs; i++)); do ref+=("$(time_ms "$jdk/bin/java" -version)"); done
  printf '%-28s %9.1f ms   (%s, default CDS archive)\n' "JDK java -version" "$(median "${ref[@]}")" "$jdk"
fi
for f in "$tarball" "$wheel"; do
  printf '%-28s %9.1f MB   %s   (bar 40)\n' "$([ "$f" = "$tarball" ] && echo archive || echo wheel)" \
    "$(awk -v b="$(stat -c %s "$f")" 'BEGIN { printf "%.1f", b / 1e6 }')" "$(basename "$f")"
done
