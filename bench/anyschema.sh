#!/usr/bin/env bash
# Benchmark of `demobots-tui seed --all-tables` on a schema that is not demobots': the shop of
# seeder/testdata/anyschema_shop.sql (a stores ↔ employees cycle, a categories tree, composite
# keys, every type family), about 1M rows in all.
#
# On the MariaDB server that BENCH_URL names (default mysql://root@127.0.0.1:3306/), in a fresh
# database, it runs `demobots-tui seed --all-tables --rows N --yes` (categories, whose SMALLINT id
# holds at most 65,535 rows, refined to 1,000) and prints wall time and peak RSS
# (/usr/bin/time), then checks that every row arrived.
# Usage: bench/anyschema.sh [ROWS_PER_TABLE] [RUNS]   (default 143000 1: 7 × 143,000 + 1,000 rows)
set -euo pipefail
cd "$(dirname "$0")/.."

rows=${1:-143000}
runs=${2:-1}
. bench/lib.sh

[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"; "${client[@]}" -e "DROP DATABASE IF EXISTS bench_anyschema" >/dev/null 2>&1 || true' EXIT

go build -o "$work/demobots-tui" ./cmd/demobots-tui
cat >"$work/refine.toml" <<'TOML'
[seed.tables.categories]
count = 1000
TOML

"${client[@]}" -e "DROP DATABASE IF EXISTS bench_anyschema; CREATE DATABASE bench_anyschema CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
"${client[@]}" bench_anyschema <seeder/testdata/anyschema_shop.sql

total=$((7 * rows + 1000))
echo "any-schema seed of the shop: $total rows, $rows per table ($(nproc) cores)"
for run in $(seq "$runs"); do
  /usr/bin/time -f "%e %M" -o "$work/time" "$work/demobots-tui" seed --all-tables --rows "$rows" --yes \
    --refine "$work/refine.toml" --database-url "${url%/}/bench_anyschema" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
  read -r secs rss <"$work/time"
  printf 'run %d: %6.1f s  %6.0f MB peak RSS  %s rows/s\n' "$run" "$secs" "$((rss / 1024))" "$(awk -v n="$total" -v s="$secs" 'BEGIN{printf "%.0f", n/s}')"
done
got=$("${client[@]}" -N -e "SELECT SUM(TABLE_ROWS) FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'bench_anyschema'" 2>/dev/null)
counted=0
for t in stores employees categories products product_stores orders order_items shipments; do
  counted=$((counted + $("${client[@]}" -N -e "SELECT COUNT(*) FROM bench_anyschema.$t")))
done
echo "rows in the tables: $counted (want $total; information_schema estimate $got)"
