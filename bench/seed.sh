#!/usr/bin/env bash
# Benchmark of `demobots-tui seed` against MariaDB's own bulk load of the same rows.
#
# On the MariaDB server that BENCH_URL names (default mysql://root@127.0.0.1:3306/), in fresh
# databases with schema.sql pushed, it measures side by side:
#   1. the real `demobots-tui seed --yes --users N` (wall time and peak RSS, /usr/bin/time),
#      with the default method (LOAD DATA LOCAL INFILE from a stream) and with --method insert;
#   2. the baseline: the same rows written to files first (not timed), then loaded by the
#      mariadb client with LOAD DATA LOCAL INFILE, all tables in one transaction — once with the
#      session's default checks, once with the foreign-key and unique checks off as seed does.
# Every load starts from empty tables. Usage: bench/seed.sh [USERS] [RUNS]   (default 100000 1)
set -euo pipefail
cd "$(dirname "$0")/.."

users=${1:-100000}
runs=${2:-1}
. bench/lib.sh

[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"; "${client[@]}" -e "DROP DATABASE IF EXISTS bench_seed" >/dev/null 2>&1 || true' EXIT

go build -o "$work/demobots-tui" ./cmd/demobots-tui
go run ./bench/dump -users "$users" -dir "$work"
rows=$(cat "$work"/*.tsv | wc -l)
bytes=$(cat "$work"/*.tsv | wc -c)

fresh() { fresh_db bench_seed "$work/demobots-tui"; }

load_sql() { # the baseline script: all tables, one transaction
  [ "${1:-}" = relaxed ] && echo "SET SESSION foreign_key_checks = 0, unique_checks = 0;"
  echo "START TRANSACTION;"
  for t in users user_profiles sessions levels scores; do
    echo "LOAD DATA LOCAL INFILE '$work/$t.tsv' INTO TABLE \`$t\` CHARACTER SET utf8mb4 ($(sed 's/[a-z_]*/`&`/g' "$work/$t.cols"));"
  done
  echo "COMMIT;"
}
load_sql > "$work/baseline.sql"
load_sql relaxed > "$work/baseline-relaxed.sql"

for run in $(seq 1 "$runs"); do
  fresh; timed "seed(load-data)" "$work/demobots-tui" seed --yes --users "$users" --database-url "${url%/}/bench_seed"
  fresh; timed "baseline(checks-on)" "${client[@]}" --local-infile=1 bench_seed -e "source $work/baseline.sql"
  fresh; timed "baseline(checks-off)" "${client[@]}" --local-infile=1 bench_seed -e "source $work/baseline-relaxed.sql"
  fresh; timed "seed(insert)" "$work/demobots-tui" seed --yes --method insert --users "$users" --database-url "${url%/}/bench_seed"
done

echo
echo "seed --users $users: $rows rows ($((bytes / 1024 / 1024)) MiB as text), $runs run(s), best wall time"
awk '
  { if (!($1 in best) || $2 < best[$1]) { best[$1] = $2; rss[$1] = $3 } ; if (!($1 in order)) { order[$1] = ++n; name[n] = $1 } }
  END {
    on = best["baseline(checks-on)"]; off = best["baseline(checks-off)"]
    printf "| %-22s | %8s | %17s | %18s | %13s |\n", "load", "wall (s)", "vs LOAD DATA", "vs LOAD DATA", "peak RSS (MB)"
    printf "| %-22s | %8s | %17s | %18s | %13s |\n", "", "", "(default checks)", "(checks off)", ""
    printf "|%s|%s|%s|%s|%s|\n", "------------------------", "----------", "-------------------", "--------------------", "---------------"
    for (i = 1; i <= n; i++) { k = name[i]
      printf "| %-22s | %8.2f | %16.2fx | %17.2fx | %13.0f |\n", k, best[k], best[k] / on, best[k] / off, rss[k] / 1024 }
  }' "$work/results"
