#!/usr/bin/env bash
# pycd compile --env against python -m compileall on a virtualenv's site-packages, side by side in one run, and the
# start-up an image gains from pycd compile --env --stdlib.
#
#   bench/env.sh [RUNS]     (default 5; PYTHON=python3.11 picks the interpreter, SITE_FROM=<site-packages folder>
#                            the packages copied into the venv: default, that interpreter's own site-packages)
#
# The venv is made with PYTHON -m venv --without-pip, then SITE_FROM is copied into its site-packages without any
# cache and without .pth files (they run code at every start). The script says how many sources that is.
#
# 1. Cold compile:  pycd compile --env VENV (no caches)  vs  VENV/bin/python -m compileall -q -j0 SITE-PACKAGES
#    Each pair runs alternately, RUNS times; removing the caches between runs is not timed.
# 2. Start-up of the official python image, reproduced without Docker: the image deletes the standard library's
#    caches and a venv installed without compiling has none, and a container starts from the image every time, so
#    every run compiles everything it imports. Before: the venv's python with PYTHONPYCACHEPREFIX pointing at an empty
#    folder (the stdlib's own __pycache__ is then not read) and PYTHONDONTWRITEBYTECODE=1 (nothing is kept between
#    runs, as in a fresh container). After: pycd compile --env VENV --stdlib --pycache-prefix P, then the same runs
#    with PYTHONPYCACHEPREFIX=P. Each import runs 2*RUNS+1 times (after one untimed warm-up); medians.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
runs=${1:-5}
python=$(real_python "${PYTHON:-python3.11}") || { echo "bench: ${PYTHON:-python3.11} not found" >&2; exit 2; }
pycd=$here/../bin/pycd
work=$(mktemp -d "${TMPDIR:-/tmp}/pycd-bench-env.XXXXXX")
trap 'rm -rf "$work"' EXIT

site_from=${SITE_FROM:-$("$python" -I -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')}
venv=$work/venv
"$python" -m venv --without-pip "$venv"
vpython=$venv/bin/python
site=$("$vpython" -I -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
tar -C "$site_from" --exclude=__pycache__ --exclude='*.pth' -cf - . | tar -C "$site" -xf -
files=$(find "$site" -name '*.py' | wc -l)
# Cold means nothing cached anywhere: the bytecode store goes with the caches (bench/store.sh measures hits). pycd's
# state and store live in the work folder, never in the user's.
export XDG_CACHE_HOME=$work/xdg-cache PYCD_STORE=$work/store
uncache() { find "$site" -name __pycache__ -prune -exec rm -rf {} +; rm -rf "$PYCD_STORE"; }

"$pycd" --version >/dev/null   # builds pycd and its class-data archive before anything is timed
"$pycd" compile -q --env "$venv" >/dev/null 2>&1 || true     # the interpreter's facts, as on any machine after one run
echo "pycd compile --env vs compileall: $("$vpython" -V 2>&1), $files sources from $site_from, $(nproc) cores, $runs runs each"

cold_pycd=(); cold_ca=()
for ((i = 0; i < runs; i++)); do
  uncache; cold_pycd+=("$(time_ms "$pycd" compile -q --env "$venv")")
  uncache; cold_ca+=("$(time_ms "$vpython" -m compileall -q -j0 "$site")")
done
report "cold, site-packages" "$(median "${cold_pycd[@]}")" "$(median "${cold_ca[@]}")" "compileall -j0" "0.9"

# 2. The image's start-up.
uncache
empty=$work/empty-prefix; prefix=$work/prefix
mkdir -p "$empty"
imports=("pip._internal.cli.main")
for module in sympy flask boto3; do
  PYTHONDONTWRITEBYTECODE=1 PYTHONPYCACHEPREFIX=$empty "$vpython" -c "import $module" >/dev/null 2>&1 && imports+=("$module")
done
start_ms() {  # start_ms PREFIX MODULE: one run's wall time
  time_ms env PYTHONDONTWRITEBYTECODE=1 PYTHONPYCACHEPREFIX="$1" "$vpython" -c "import $2"
}
"$pycd" compile -q --env "$venv" --stdlib --pycache-prefix "$prefix" >/dev/null 2>&1 || true
echo "start-up, $("$vpython" -V 2>&1): import without caches (as in the image) vs after pycd compile --env --stdlib"
for module in "${imports[@]}"; do
  before=(); after=()
  start_ms "$empty" "$module" >/dev/null; start_ms "$prefix" "$module" >/dev/null
  for ((i = 0; i < 2 * runs + 1; i++)); do
    before+=("$(start_ms "$empty" "$module")")
    after+=("$(start_ms "$prefix" "$module")")
  done
  b=$(median "${before[@]}"); a=$(median "${after[@]}")
  printf '%-28s without caches %8.1f ms   compiled by pycd %8.1f ms   ratio %s\n' "import $module" "$b" "$a" "$(ratio "$a" "$b")"
done
