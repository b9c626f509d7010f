#!/usr/bin/env bash
# pycd clean against find, on 20,000 cached modules in 2,000 folders on tmpfs.
# Every run gets a fresh copy of the tree; the copy is timed alone and its median taken out of every figure.
# Usage: bench/clean.sh [REPETITIONS]   (env: PYTHON=python3.12, FOLDERS=2000, MODULES=10, BASE=/dev/shm)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
reps=${1:-7}
folders=${FOLDERS:-2000}
modules=${MODULES:-10}
base=${BASE:-/dev/shm}
python=${PYTHON:-python3.12}
pycd=$here/bin/pycd

py=$(command -v "$python" || true)
if [ -z "$py" ] || ! "$py" -c '' 2>/dev/null; then
  py=$(ls -d "${PYENV_ROOT:-$HOME/.pyenv}"/versions/"${python#python}"*/bin/"$python" 2>/dev/null | tail -1)
fi
[ -x "$py" ] || { echo "bench: no $python found" >&2; exit 2; }

work=$(mktemp -d "$base/pycd-bench-clean.XXXXXX")
trap 'rm -rf "$work"' EXIT
template=$work/template

echo "building $folders folders x $modules modules with $py ..." >&2
"$py" - "$template" "$folders" "$modules" <<'PY'
import os, sys
root, folders, modules = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
for f in range(folders):
    d = os.path.join(root, "pkg%02d" % (f % 50), "mod%04d" % f)
    os.makedirs(d, exist_ok=True)
    for m in range(modules):
        with open(os.path.join(d, "m%02d.py" % m), "w") as out:
            out.write("import os\n\nVALUE = %d\n\ndef f(x):\n    return x * VALUE + %d\n" % (m, f))
PY
"$py" -m compileall -q -j0 "$template" >/dev/null
echo "tree: $(find "$template" -name '*.py' | wc -l) sources, $(find "$template" -name '*.pyc' | wc -l) caches," \
     "$(find "$template" -name __pycache__ | wc -l) __pycache__ folders" >&2

# Make sure pycd is built (with its class-data sharing archive) and warm the file cache for both tools.
cp -a "$template" "$work/warm" && "$pycd" clean --all -q "$work/warm" && rm -rf "$work/warm"
cp -a "$template" "$work/warm" && "$pycd" clean -q --python "$py" "$work/warm" && rm -rf "$work/warm"

now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2)}'; }
copy_t=(); find_t=(); all_t=(); prune_t=(); find_a=(); all_a=(); prune_a=()
for ((i = 1; i <= reps; i++)); do
  t=$(now); cp -a "$template" "$work/t"; copy_t+=($(( $(now) - t ))); rm -rf "$work/t"

  t=$(now); cp -a "$template" "$work/t"; u=$(now); (cd "$work/t" && find . -name __pycache__ -prune -exec rm -rf {} +)
  find_t+=($(( $(now) - t ))); find_a+=($(( $(now) - u ))); rm -rf "$work/t"

  t=$(now); cp -a "$template" "$work/t"; u=$(now); "$pycd" clean --all -q "$work/t"
  all_t+=($(( $(now) - t ))); all_a+=($(( $(now) - u )))
  left=$(find "$work/t" -name '*.pyc' | wc -l); [ "$left" -eq 0 ] || { echo "bench: --all left $left caches" >&2; exit 1; }
  rm -rf "$work/t"

  t=$(now); cp -a "$template" "$work/t"; u=$(now); "$pycd" clean -q --python "$py" "$work/t"
  prune_t+=($(( $(now) - t ))); prune_a+=($(( $(now) - u )))
  left=$(find "$work/t" -name '*.pyc' | wc -l); [ "$left" -eq "$((folders * modules))" ] || { echo "bench: default mode removed fresh caches" >&2; exit 1; }
  rm -rf "$work/t"
done

copy=$(printf '%s\n' "${copy_t[@]}" | median)
net() { printf '%s\n' "$@" | median | awk -v c="$copy" '{printf "%.1f", ($1 - c) / 1e6}'; }
f=$(net "${find_t[@]}"); a=$(net "${all_t[@]}"); p=$(net "${prune_t[@]}")
printf 'copy alone (median of %d): %.1f ms\n' "$reps" "$(awk -v c="$copy" 'BEGIN{print c/1e6}')"
printf 'find -name __pycache__ -prune -exec rm -rf: %s ms net\n' "$f"
printf 'pycd clean --all:                           %s ms net  ratio %.2f (bar 2.5)\n' "$a" "$(awk -v a="$a" -v f="$f" 'BEGIN{print a/f}')"
printf 'pycd clean (default, reads every header):   %s ms net  ratio %.2f (bar 4.0)\n' "$p" "$(awk -v p="$p" -v f="$f" 'BEGIN{print p/f}')"
# The copy's time varies most on a busy machine: the command timed alone (after an untimed copy) is a cross-check.
alone() { printf '%s\n' "$@" | median | awk '{printf "%.1f", $1 / 1e6}'; }
fa=$(alone "${find_a[@]}"); aa=$(alone "${all_a[@]}"); pa=$(alone "${prune_a[@]}")
printf 'timed alone: find %s ms, --all %s ms (ratio %.2f), default %s ms (ratio %.2f)\n' "$fa" "$aa" \
  "$(awk -v a="$aa" -v f="$fa" 'BEGIN{print a/f}')" "$pa" "$(awk -v p="$pa" -v f="$fa" 'BEGIN{print p/f}')"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores" 