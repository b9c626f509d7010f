#!/usr/bin/env bash
# The bytecode store against python -m compileall, side by side in one run, on a git repository whose two branches
# hold two standard libraries (3.11's and 3.12's: thousands of modules differ), every module compiled by one
# interpreter:
#   switch back:      git checkout of a branch compiled before, then pycd compile  vs  compileall -q -j0  (bar 0.3)
#   clean --all:      every cache removed, then pycd compile                        vs  compileall -q -j0  (bar 0.3)
#   watch switch:     pycd watch settling a switch back, from the checkout's start  vs  checkout + compileall -q -j0
#                     (bar 0.3)
# The goal for the first two is 0.2: a hit is a read and a write. Each measure runs RUNS times, pycd and compileall
# alternately; medians and their ratio are printed. The store, the record and pycd's other state live in the work
# folder (PYCD_STORE, XDG_CACHE_HOME), never in the user's.
#
#   bench/store.sh [RUNS]          (default 5; env: PYTHON=python3.12 compiles, BRANCHES="python3.11 python3.12"
#                                   give the two standard libraries)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd -P)
. "$here/lib.sh"
runs=${1:-5}
python=$(real_python "${PYTHON:-python3.12}") || { echo "bench: ${PYTHON:-python3.12} not found" >&2; exit 2; }
read -r first second <<<"${BRANCHES:-python3.11 python3.12}"
lib_a=$("$(real_python "$first")" -I -c 'import sysconfig; print(sysconfig.get_path("stdlib"))') \
  || { echo "bench: $first not found" >&2; exit 2; }
lib_b=$("$(real_python "$second")" -I -c 'import sysconfig; print(sysconfig.get_path("stdlib"))') \
  || { echo "bench: $second not found" >&2; exit 2; }
command -v git >/dev/null || { echo "bench: git not found" >&2; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/pycd-bench-store.XXXXXX")
trap 'rm -rf "$work"' EXIT

"$here/../bin/pycd" --version >/dev/null   # builds pycd and its class-data archive before anything is timed
"$python" "$here/store/measure.py" "$here/../bin/pycd" "$python" "$work" "$runs" "$lib_a" "$lib_b"
