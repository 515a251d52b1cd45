#!/usr/bin/env bash
# Measures the time from starting demobots-tui to its first screen, on the
# embedded default (no database configured): process start, engine start,
# push of schema.sql, seed of the default dataset, first table list drawn.
# It runs the real binary in tmux and polls the pane until the table list
# shows the seeded counts. Usage: bench/startup.sh [runs]   (needs tmux)
#
# With BENCH_URL set (e.g. a TiDB: BENCH_URL=mysql://root@127.0.0.1:4000/demobots) it opens that
# database instead, already pushed and seeded, and waits for its table list
# (the line of the users table).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
bin=$(mktemp -d)/demobots-tui
go build -o "$bin" ./cmd/demobots-tui
work=$(mktemp -d)   # no .env here
session=startup-bench-$$
trap 'tmux kill-session -t "$session" 2>/dev/null || true' EXIT

times=()
for i in $(seq 1 "$runs"); do
  start=$(date +%s%N)
  if [[ -n ${BENCH_URL:-} ]]; then
    (cd "$work" && env -u DATABASE_URL tmux new-session -d -s "$session" -x 120 -y 40 "$bin --database-url '$BENCH_URL'")
    until tmux capture-pane -p -t "$session" 2>/dev/null | grep -q 'users  *~*[0-9]'; do sleep 0.005; done
  else
    (cd "$work" && env -u DATABASE_URL tmux new-session -d -s "$session" -x 120 -y 40 "$bin")
    until tmux capture-pane -p -t "$session" 2>/dev/null | grep -q 'scores *300'; do sleep 0.005; done
  fi
  end=$(date +%s%N)
  tmux kill-session -t "$session"
  ms=$(( (end - start) / 1000000 ))
  times+=("$ms")
  echo "run $i: ${ms} ms"
done
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "startup to first screen, %d runs: min %d ms, median %d ms, max %d ms\n", NR, a[1], a[int((NR+1)/2)], a[NR]}'
