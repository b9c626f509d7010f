#!/usr/bin/env bash
# pycd startup before and after --fix, on importing pip's CLI in a virtualenv whose site-packages holds pip without
# caches (as uv installs it, or as an image that strips caches starts):
#
#   bench/startup-fix.sh [RUNS]        (default 7 runs; PYTHON=python3.12 picks the interpreter)
#
# Each run removes pip's caches (not timed), then runs
#   pycd startup --fix -- venv/bin/python -c "import pip._internal.cli.main"
# whose report gives both sides: the import time and wall time of the command before the fix (every pip module
# compiled at run time) and after it (read from the caches --fix wrote). Medians over RUNS and their ratio
# (after / before: the share of the start-up that is left) are printed; the wall time of the same command without
# pycd, caches present, shows what the hook itself costs. PYTHONDONTWRITEBYTECODE is unset, so the first run's
# imports write caches as a first start does; --fix then finds them fresh.
# startup_fix_bench is the whole benchmark, so that bench/env.sh can call it beside the compile benchmark.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

# startup_fix_bench WORK PYTHON RUNS PYCD: prints the report of the benchmark; WORK is an empty folder it may fill.
startup_fix_bench() {
  local work=$1 python=$2 runs=$3 pycd=$4 venv site i
  venv=$work/venv
  env -u PYTHONDONTWRITEBYTECODE "$python" -m venv "$venv" >/dev/null   # pip from ensurepip, offline
  site=$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_path("purelib"))')
  uncache() { find "$site/pip" -name __pycache__ -prune -exec rm -rf {} +; }
  local modules
  modules=$(find "$site/pip" -name '*.py' | wc -l)
  # pycd's own state (the hook, interpreter facts) in the work folder, not the user's cache
  export XDG_CACHE_HOME=$work/xdg
  run_startup() {
    env -u PYTHONDONTWRITEBYTECODE -u PYTHONPYCACHEPREFIX "$pycd" startup --fix --format json --report "$work/r.json" \
      -- "$venv/bin/python" -c 'import pip._internal.cli.main' >/dev/null
    "$python" -c 'import json, sys
d = json.load(open(sys.argv[1])); a = d["after_fix"]
print(d["import_seconds"] * 1000, a["import_seconds"] * 1000, d["seconds"] * 1000, a["seconds"] * 1000,
      len(d["compiled"]), len(a["compiled"]), d["compile_seconds"] * 1000)' "$work/r.json"
  }
  uncache; run_startup >/dev/null   # warm-up: builds pycd if needed, installs the hook, learns the interpreter
  echo "pycd startup --fix on importing pip's CLI: $("$python" -V 2>&1), $modules pip modules, $(nproc) cores, $runs runs"

  local imp_before=() imp_after=() wall_before=() wall_after=() plain=() compiled=() left=() compile_ms=()
  local r
  for ((i = 0; i < runs; i++)); do
    uncache
    read -r -a r <<< "$(run_startup)"
    imp_before+=("${r[0]}"); imp_after+=("${r[1]}"); wall_before+=("${r[2]}"); wall_after+=("${r[3]}")
    compiled+=("${r[4]}"); left+=("${r[5]}"); compile_ms+=("${r[6]}")
    plain+=("$(time_ms env -u PYTHONDONTWRITEBYTECODE "$venv/bin/python" -c 'import pip._internal.cli.main')")
  done
  local ib ia wb wa pl
  ib=$(median "${imp_before[@]}"); ia=$(median "${imp_after[@]}")
  wb=$(median "${wall_before[@]}"); wa=$(median "${wall_after[@]}"); pl=$(median "${plain[@]}")
  printf 'compiled at run time         before %s modules (compile %.1f ms)   after %s modules\n' \
    "$(median "${compiled[@]}")" "$(median "${compile_ms[@]}")" "$(median "${left[@]}")"
  printf 'import time                  before %9.1f ms   after --fix %9.1f ms   ratio %s   (%sx faster)\n' \
    "$ib" "$ia" "$(ratio "$ia" "$ib")" "$(ratio "$ib" "$ia")"
  printf 'command wall time            before %9.1f ms   after --fix %9.1f ms   ratio %s\n' \
    "$wb" "$wa" "$(ratio "$wa" "$wb")"
  printf 'hook cost (cached, wall)     with pycd %9.1f ms   without %9.1f ms   ratio %s\n' "$wa" "$pl" "$(ratio "$wa" "$pl")"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  runs=${1:-7}
  python=$(real_python "${PYTHON:-python3.12}") || { echo "bench: ${PYTHON:-python3.12} not found" >&2; exit 2; }
  "$here/../bin/pycd" --version >/dev/null   # builds pycd and its class-data archive before anything is timed
  work=$(mktemp -d "${TMPDIR:-/tmp}/pycd-bench-startup-fix.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  startup_fix_bench "$work" "$python" "$runs" "$here/../bin/pycd"
fi
