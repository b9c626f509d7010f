# Shared helpers for pycd's benchmarks: timing, medians, ratios. Source it; do not run it.

# now_ns: wall clock in nanoseconds.
now_ns() { date +%s%N; }

# time_ms CMD...: runs CMD with output discarded, prints its wall time in milliseconds (fractional).
time_ms() {
  local start end
  start=$(now_ns)
  "$@" >/dev/null 2>&1
  end=$(now_ns)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", (b - a) / 1e6 }'
}

# median N1 N2 ...: the median of the numbers given.
median() {
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# ratio A B: A / B with two decimals.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }

# real_python NAME: the interpreter's own executable (resolves pyenv shims, which refuse unselected versions).
real_python() {
  local name=$1 p
  for p in $(type -aP "$name") "${PYENV_ROOT:-$HOME/.pyenv}"/versions/*/bin/"$name"; do
    if [ -x "$p" ] && out=$("$p" -I -c 'import sys; print(sys.executable)' 2>/dev/null); then
      echo "$out"; return 0
    fi
  done
  return 1
}

# report LABEL PYCD_MS ANCHOR_MS ANCHOR_NAME BAR: one line of results.
report() {
  printf '%-28s pycd %9.1f ms   %-22s %9.1f ms   ratio %s   (bar %s)\n' "$1" "$2" "$4" "$3" "$(ratio "$2" "$3")" "$5"
}
