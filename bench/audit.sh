#!/usr/bin/env bash
# Benchmark: `pycd audit` and `pycd audit --history` against git's own tools on a generated repository of
# 50,000 tracked files in 5,000 folders and 50,000 commits (one file added per commit).
#
#   bench/audit.sh [REPETITIONS]     (default 5; run from anywhere)
#
# The repository is generated once with git fast-import under ${PYCD_BENCH_DIR:-${TMPDIR:-/tmp}/pycd-bench-audit}
# and reused. Each repetition runs the commands side by side, in turn; medians and ratios are printed.
#   default  : bin/pycd audit REPO                 vs   git ls-files | grep -E <caches>
#                                                       + git check-ignore --no-index --stdin < <probe paths>
#   history  : bin/pycd audit --history ...        vs   the above + git log --all --no-renames --diff-filter=A
#                                                       --name-only | grep -E <caches>
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
reps=${1:-5}
work=${PYCD_BENCH_DIR:-${TMPDIR:-/tmp}/pycd-bench-audit}
repo=$work/repo
pycd=$here/bin/pycd
caches='(^|/)__pycache__/|\.py[co]$|\$py\.class$|\.py[co]\.[0-9]+$'

export GIT_CONFIG_NOSYSTEM=1 HOME=$work/home XDG_CONFIG_HOME=$work/home/.config LC_ALL=C
mkdir -p "$work/home"

generate() {
  echo "generating $repo (50,000 files, 5,000 folders, 50,000 commits)..." >&2
  rm -rf "$repo"
  git init -q -b main "$repo"
  # 50 packages x 100 subpackages = 5,000 folders, 10 files each; every 50th folder also commits a cache
  awk 'BEGIN {
    n = 0; t = 1600000000
    for (f = 0; f < 5000; f++) {
      dir = sprintf("pkg%02d/sub%03d", int(f / 100), f % 100)
      for (k = 0; k < 10; k++) {
        n++
        if (k == 9 && f % 50 == 0) {
          path = dir "/__pycache__/mod8.cpython-312.pyc"; body = sprintf("cache %d", n)
        } else if (k == 9 && f % 50 == 25) {
          path = dir "/legacy.pyc"; body = sprintf("legacy %d", n)
        } else {
          path = sprintf("%s/mod%d.py", dir, k); body = sprintf("x = %d", n)
        }
        printf "commit refs/heads/main\nmark :%d\ncommitter Bench <bench@example.com> %d +0000\ndata 0\n", n, t + n
        if (n == 1) {
          g = "__pycache__/\n*.pyc\n*.egg-info/\nbuild/\n"
          printf "M 100644 inline .gitignore\ndata %d\n%s\n", length(g), g
        }
        printf "M 100644 inline %s\ndata %d\n%s\n", path, length(body) + 1, body "\n"
      }
    }
  }' | git -C "$repo" fast-import --quiet
  git -C "$repo" reset -q --hard main
  # the probe paths pycd checks: four per folder holding sources (the first module of each folder)
  git -C "$repo" ls-files -- '*.py' | awk -F/ '{
      dir = $1 "/" $2; if (dir in seen) next; seen[dir] = 1; m = $3; sub(/\.py$/, "", m)
      print dir "/__pycache__/" m ".cpython-312.pyc"; print dir "/" m ".pyc"; print dir "/" m ".pyo"
      print dir "/" m "$py.class" }' > "$work/probes"
  touch "$work/generated"
}

[ -f "$work/generated" ] && [ -d "$repo/.git" ] || generate
[ -f "$here/cli/target/pycd.jar" ] || PYCD_REBUILD=1 "$pycd" --version >/dev/null
"$pycd" audit "$repo" >/dev/null || true   # warm the file system cache

now() { date +%s%N; }
time_of() { local s e; s=$(now); "$@" >/dev/null 2>&1 || true; e=$(now); echo $(( (e - s) / 1000 )); }

git_default() {
  git -C "$repo" ls-files | grep -E "$caches" >/dev/null || true
  git -C "$repo" check-ignore --no-index --stdin < "$work/probes" >/dev/null || true
}
git_history() {
  git_default
  git -C "$repo" log --all --no-renames --diff-filter=A --name-only --format=%H | grep -E "$caches" >/dev/null || true
}
pycd_default() { "$pycd" audit "$repo"; }
pycd_history() { "$pycd" audit --history "$repo"; }

declare -A samples
for name in git_default pycd_default git_history pycd_history; do samples[$name]=""; done
for ((i = 1; i <= reps; i++)); do
  for name in git_default pycd_default git_history pycd_history; do
    samples[$name]+="$(time_of $name) "
  done
  echo "repetition $i/$reps done" >&2
done

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
ms() { awk -v u="$1" 'BEGIN { printf "%.0f ms", u / 1000 }'; }
gd=$(echo "${samples[git_default]}" | median); pd=$(echo "${samples[pycd_default]}" | median)
gh=$(echo "${samples[git_history]}" | median); ph=$(echo "${samples[pycd_history]}" | median)
echo
echo "repository: $(git -C "$repo" ls-files | wc -l) files, $(git -C "$repo" rev-list --all | wc -l) commits, $(wc -l < "$work/probes") probe paths; $reps repetitions, medians"
printf '%-28s %10s   %-28s %10s   %s\n' "pycd audit" "$(ms "$pd")" "git ls-files+check-ignore" "$(ms "$gd")" \
  "ratio $(awk -v a="$pd" -v b="$gd" 'BEGIN { printf "%.2f", a / b }') (bar 4.0)"
printf '%-28s %10s   %-28s %10s   %s\n' "pycd audit --history" "$(ms "$ph")" "... + git log --diff-filter=A" "$(ms "$gh")" \
  "ratio $(awk -v a="$ph" -v b="$gh" 'BEGIN { printf "%.2f", a / b }') (bar 2.5)"
