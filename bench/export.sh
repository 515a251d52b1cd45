#!/usr/bin/env bash
# Benchmark of `demobots-tui export` against the mariadb client dumping the same table.
#
# On the MariaDB server that BENCH_URL names (default mysql://root@127.0.0.1:3306/) it creates the
# database demobots_bench_export, pushes schema.sql and seeds it with the project's own seeder
# (`seed --users USERS`: USERS × 25 scores, 2,500,000 with the default 100000; not timed), then
# measures, alternating, RUNS times each (wall time and peak RSS, /usr/bin/time):
#   1. demobots-tui export --table scores --out FILE            (CSV, keyset-streamed)
#   2. mariadb --batch -e 'SELECT * FROM scores' > FILE          (the client's tab-separated dump)
#   3. demobots-tui export --table scores --format sql --out FILE
# and drops the database at the end (KEEP_DB=1 keeps it for the next run).
# Usage: bench/export.sh [USERS] [RUNS]   (default 100000 3)
set -euo pipefail
cd "$(dirname "$0")/.."

users=${1:-100000}
runs=${2:-3}
. bench/lib.sh
db=demobots_bench_export

[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
work=$(mktemp -d)
cleanup() {
  rm -rf "$work"
  [ "${KEEP_DB:-}" = 1 ] || "${client[@]}" -e "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true
}
trap cleanup EXIT

go build -o "$work/demobots-tui" ./cmd/demobots-tui
want=$((users * 25))
have=$("${client[@]}" -N -e "SELECT COUNT(*) FROM $db.scores" 2>/dev/null || echo 0)
if [ "$have" != "$want" ]; then
  echo "seeding $db with $want scores (not timed)…" >&2
  "${client[@]}" -e "DROP DATABASE IF EXISTS $db; CREATE DATABASE $db CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
  "$work/demobots-tui" --database-url "${url%/}/$db" push --yes >/dev/null
  "$work/demobots-tui" --database-url "${url%/}/$db" seed --yes --users "$users" >/dev/null
fi
# Warm the buffer pool once, so that no run pays for the first read from disk.
"${client[@]}" --batch -e "SELECT * FROM $db.scores" >/dev/null

timed_file() { # label, output file, command...: prints "label seconds maxrss_kb bytes"
  local label=$1 out=$2; shift 2
  rm -f "$out"
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
  printf '%s %s %s\n' "$label" "$(cat "$work/time")" "$(stat -c %s "$out")" | tee -a "$work/results" >&2
  rm -f "$out"
}

for run in $(seq 1 "$runs"); do
  timed_file "export-csv" "$work/scores.csv" "$work/demobots-tui" --database-url "${url%/}/$db" export --table scores --out "$work/scores.csv"
  timed_file "mariadb-batch" "$work/scores.tsv" sh -c "$(printf '%q ' "${client[@]}") --batch -e 'SELECT * FROM scores' $db > $work/scores.tsv"
  timed_file "export-sql" "$work/scores.sql" "$work/demobots-tui" --database-url "${url%/}/$db" export --table scores --format sql --out "$work/scores.sql"
done

echo
echo "export of scores ($want rows), $runs run(s) each, alternating; best and median wall time, and the"
echo "median of each round's ratio to the client's run of the same round (rounds share the machine's load)"
awk '
  { n[$1]++; t[$1, n[$1]] = $2; if (!($1 in rss) || $3 > rss[$1]) rss[$1] = $3; size[$1] = $4; if (!($1 in seen)) { seen[$1] = 1; order[++k] = $1 } }
  function median(a, m,   i, j, x, v) { for (i = 1; i <= m; i++) v[i] = a[i]
    for (i = 2; i <= m; i++) { x = v[i]; for (j = i - 1; j >= 1 && v[j] > x; j--) v[j + 1] = v[j]; v[j + 1] = x }
    return m % 2 ? v[(m + 1) / 2] : (v[m / 2] + v[m / 2 + 1]) / 2 }
  END {
    printf "| %-14s | %9s | %10s | %17s | %14s | %9s |\n", "what", "best (s)", "median (s)", "ratio (median)", "peak RSS (MB)", "file (MB)"
    printf "|%s|%s|%s|%s|%s|%s|\n", "----------------", "-----------", "------------", "-------------------", "----------------", "-----------"
    for (i = 1; i <= k; i++) { w = order[i]; m = n[w]; delete a; delete r; best = 1e9
      for (j = 1; j <= m; j++) { a[j] = t[w, j]; r[j] = t[w, j] / t["mariadb-batch", j]; if (a[j] < best) best = a[j] }
      printf "| %-14s | %9.2f | %10.2f | %16.2fx | %14.0f | %9.0f |\n", w, best, median(a, m), median(r, m), rss[w] / 1024, size[w] / 1048576 }
  }' "$work/results"
