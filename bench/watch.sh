#!/usr/bin/env bash
# Benchmarks pycd watch against the issue's bar (README.md, "## pycd watch"):
#   latency from a write to its right cache over 100 edits (p50 < 30 ms, p95 < 80 ms);
#   a storm of 2,000 rewritten files until every cache is right, against python -m compileall -q -j0 of the
#   same files in the same run (ratio <= 1.0);
#   start-up on 2,000 folders / 20,000 files: time to "ready" (< 3 s) and resident memory (< 250 MB).
# Usage: bench/watch.sh [PYTHON]    (default python3.12, else python3). Work happens in a temporary folder.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
home=$(cd "$here/.." && pwd -P)
py=${1:-}
if [ -z "$py" ]; then
  for c in python3.12 "$HOME/.pyenv/versions/3.12"*/bin/python3.12 python3; do
    if "$c" -c '' 2>/dev/null; then py=$(command -v "$c" || echo "$c"); break; fi
  done
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/pycd-watch-bench.XXXXXX")
# pycd's bytecode store is this run's own (empty at the start), never the user's.
export PYCD_STORE=$work/store XDG_CACHE_HOME=$work/xdg-cache
trap 'rm -rf "$work"' EXIT
"$home/bin/pycd" pythons >/dev/null 2>&1 || true   # builds on first use, records the CDS archive
exec "$py" "$here/watch/measure.py" "$home/bin/pycd" "$py" "$work"
