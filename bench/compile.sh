#!/usr/bin/env bash
# pycd compile against python -m compileall, side by side in one run, on a copy of an installed standard library.
#
#   bench/compile.sh [RUNS]        (default 7 runs; PYTHON=python3.12 picks the interpreter)
#
# Cold:          pycd compile (no caches)          vs  python -m compileall -q -j0
# Nothing to do: pycd compile (all caches fresh)   vs  python -m compileall -q      (one process)
# One edit:      after new bytes in one module (json/decoder.py, a line appended; its code is in no store), the
#                same two: what a compile after each save costs without a daemon
# Each pair runs alternately, RUNS times; medians and their ratio are printed. Removing caches between cold runs
# is not timed. The tree's deliberate syntax errors (~17 files) are in it for both tools, as they are in real use.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
runs=${1:-7}
python=$(real_python "${PYTHON:-python3.12}") || { echo "bench: ${PYTHON:-python3.12} not found" >&2; exit 2; }
pycd=$here/../bin/pycd
work=$(mktemp -d "${TMPDIR:-/tmp}/pycd-bench-compile.XXXXXX")
trap 'rm -rf "$work"' EXIT

stdlib=$("$python" -I -c 'import sysconfig; print(sysconfig.get_path("stdlib"))')
cp -r "$stdlib" "$work/lib"
rm -rf "$work/lib/site-packages"
find "$work/lib" -name __pycache__ -prune -exec rm -rf {} +
files=$(find "$work/lib" -name '*.py' | wc -l)
# Cold means nothing cached anywhere: the bytecode store (bench/store.sh measures hits) goes with the caches.
# pycd's own state (interpreter facts, its compile record, remembered failures) is this run's too, never the user's.
export PYCD_STORE=$work/store XDG_CACHE_HOME=$work/xdg-cache
uncache() { find "$work/lib" -name __pycache__ -prune -exec rm -rf {} +; rm -rf "$PYCD_STORE"; }

"$pycd" --version >/dev/null   # builds pycd and its class-data archive before anything is timed
"$pycd" compile -q --python "$python" "$work/lib" >/dev/null 2>&1 || true
echo "pycd compile vs compileall: $("$python" -V 2>&1), $files files, $(nproc) cores, $runs runs each"

cold_pycd=(); cold_ca=(); noop_pycd=(); noop_ca=()
for ((i = 0; i < runs; i++)); do
  uncache; cold_pycd+=("$(time_ms "$pycd" compile -q --python "$python" "$work/lib")")
  uncache; cold_ca+=("$(time_ms "$python" -m compileall -q -j0 "$work/lib")")
done
"$pycd" compile -q --python "$python" "$work/lib" >/dev/null 2>&1 || true
for ((i = 0; i < runs; i++)); do
  noop_pycd+=("$(time_ms "$pycd" compile -q --python "$python" "$work/lib")")
  noop_ca+=("$(time_ms "$python" -m compileall -q "$work/lib")")
done
edited=$work/lib/json/decoder.py
edit_pycd=(); edit_ca=()
for ((i = 0; i < runs; i++)); do
  echo "# pycd bench edit $i a" >> "$edited"; edit_pycd+=("$(time_ms "$pycd" compile -q --python "$python" "$work/lib")")
  echo "# pycd bench edit $i b" >> "$edited"; edit_ca+=("$(time_ms "$python" -m compileall -q "$work/lib")")
done
report "cold" "$(median "${cold_pycd[@]}")" "$(median "${cold_ca[@]}")" "compileall -j0" "0.9"
report "nothing to do" "$(median "${noop_pycd[@]}")" "$(median "${noop_ca[@]}")" "compileall (1 process)" "1.5"
report "one edit" "$(median "${edit_pycd[@]}")" "$(median "${edit_ca[@]}")" "compileall (1 process)" "none"
