#!/usr/bin/env bash
# Benchmark of a reseed and a reset over existing data against a seed into empty tables.
#
# On the server that BENCH_URL names (default mysql://root@127.0.0.1:3306/), in a fresh database
# with schema.sql pushed, each run measures, one after the other (so that the machine's load
# falls on all of them alike):
#   1. `demobots-tui seed --yes --users N` into empty tables (seed 1234);
#   2. the same seed again over the N users' rows it just loaded, with another seed (4321);
#   3. `demobots-tui reset --yes` over those rows.
# It prints wall-time medians and peak RSS (/usr/bin/time) and the ratio reseed / seed (issue #14's
# goal: at most 1.2). With BENCH_BEFORE=<a demobots-tui binary> (e.g. built from an earlier
# revision), that binary is measured in the same runs too, for a before/after comparison.
# Usage: bench/reseed.sh [USERS] [RUNS]   (default 100000 3)
set -euo pipefail
cd "$(dirname "$0")/.."

users=${1:-100000}
runs=${2:-3}
. bench/lib.sh
before=${BENCH_BEFORE:-}
db=bench_reseed
dburl="${url%/}/$db"

[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"; "${client[@]}" -e "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true' EXIT

go build -o "$work/after" ./cmd/demobots-tui
builds=(after)
if [ -n "$before" ]; then
  cp "$before" "$work/before"
  builds=(before after)
fi

fresh() { fresh_db "$db" "$work/after"; }

for run in $(seq 1 "$runs"); do
  for b in "${builds[@]}"; do
    bin=$work/$b
    fresh
    timed "$b:seed(empty)" "$bin" seed --yes --users "$users" --database-url "$dburl"
    timed "$b:reseed(over)" "$bin" seed --yes --seed 4321 --users "$users" --database-url "$dburl"
    rows=$("${client[@]}" -N -e "SELECT (SELECT COUNT(*) FROM $db.users) + (SELECT COUNT(*) FROM $db.user_profiles) + (SELECT COUNT(*) FROM $db.sessions) + (SELECT COUNT(*) FROM $db.levels) + (SELECT COUNT(*) FROM $db.scores)")
    timed "$b:reset(over)" "$bin" reset --yes --database-url "$dburl"
    left=$("${client[@]}" -N -e "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE '\\_demobots\\_swap\\_%'")
    [ "$left" = 0 ] || { echo "$b: $left auxiliary database(s) left behind" >&2; exit 1; }
  done
done

echo
echo "seed --users $users ($rows rows), $runs interleaved run(s): medians"
awk '
  { t[$1] = t[$1] " " $2; m[$1] = m[$1] " " $3; if (!($1 in order)) { order[$1] = ++n; name[n] = $1 } }
  function median(s,   a, k, i, j, x) {
    k = split(s, a, " ")
    for (i = 2; i <= k; i++) { x = a[i]; for (j = i - 1; j >= 1 && a[j] > x; j--) a[j + 1] = a[j]; a[j + 1] = x }
    return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
  }
  END {
    printf "| %-22s | %8s | %15s | %13s | %s\n", "what", "wall (s)", "vs seed(empty)", "peak RSS (MB)", "all runs (s)"
    printf "|%s|%s|%s|%s|%s\n", "------------------------", "----------", "-----------------", "---------------", "---"
    for (i = 1; i <= n; i++) { k = name[i]; split(k, p, ":")
      printf "| %-22s | %8.2f | %14.2fx | %13.0f |%s\n", k, median(t[k]), median(t[k]) / median(t[p[1] ":seed(empty)"]), median(m[k]) / 1024, t[k] }
  }' "$work/results"
