#!/usr/bin/env bash
# A real TiDB server for demobots-tui's tests: TiDB's own SQL layer (parser,
# planner, DDL, foreign keys, transactions) with its embedded single-process
# "unistore" storage, built from the Go module proxy with the go command —
# nothing else is downloaded.
#
#   scripts/tidb.sh build          build tidb-server once into the cache (about 9 min on 2 cores)
#   scripts/tidb.sh start [PORT]   start it on 127.0.0.1:PORT (default 4000), fresh data; prints the pid
#   scripts/tidb.sh stop [PORT]    stop the server started by start on PORT
#   scripts/tidb.sh url [PORT]     the URL to test with: TEST_DATABASE_URL=$(scripts/tidb.sh url) go test ./...
#
# The cache is $TIDB_CACHE (default ${XDG_CACHE_HOME:-~/.cache}/demobots-tidb); a second build
# is a no-op. The version is a pinned TiDB master commit that the module proxy serves as a
# pseudo-version (the proxy lists no tagged versions of github.com/pingcap/tidb).
set -euo pipefail

CACHE=${TIDB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/demobots-tidb}
BIN=$CACHE/bin/tidb-server
TIDB_VERSION=v1.1.0-beta.0.20251126154744-e4e814fdc0af       # github.com/pingcap/tidb
PARSER_VERSION=v0.0.0-20251126154744-e4e814fdc0af            # github.com/pingcap/tidb/pkg/parser
PORT=${2:-4000}

build() {
  if [[ -x $BIN ]]; then echo "$BIN"; return 0; fi
  command -v go >/dev/null || { echo "tidb.sh: the go command is needed to build TiDB" >&2; exit 1; }
  mkdir -p "$CACHE/bin" "$CACHE/src"
  go mod download -json "github.com/pingcap/tidb@$TIDB_VERSION" >/dev/null
  go mod download -json "github.com/pingcap/tidb/pkg/parser@$PARSER_VERSION" >/dev/null
  local mod src=$CACHE/src/tidb
  mod=$(go env GOMODCACHE)
  rm -rf "$src"
  cp -r "$mod/github.com/pingcap/tidb@$TIDB_VERSION" "$src"
  chmod -R u+w "$src"
  # TiDB's go.mod replaces pkg/parser with ./pkg/parser, a nested module
  # that the module zip leaves out: put the parser module there.
  rm -rf "$src/pkg/parser"
  cp -r "$mod/github.com/pingcap/tidb/pkg/parser@$PARSER_VERSION" "$src/pkg/parser"
  chmod -R u+w "$src/pkg/parser"
  (cd "$src" && nice -n 10 go mod download && nice -n 10 go build -o "$BIN.tmp" ./cmd/tidb-server)
  mv "$BIN.tmp" "$BIN"
  echo "$BIN"
}

ready() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start() {
  [[ -x $BIN ]] || { echo "tidb.sh: tidb-server is not built; run '$0 build' first (about 9 minutes)" >&2; exit 1; }
  stop
  local data=$CACHE/run-$PORT pidfile=$CACHE/pid-$PORT
  rm -rf "$data"
  mkdir -p "$data"
  setsid "$BIN" -store unistore -path "$data/unistore" -host 127.0.0.1 -P "$PORT" \
    -status-host 127.0.0.1 -status $((PORT + 6080)) -log-file "$data/tidb.log" >"$data/stdout" 2>&1 &
  echo $! >"$pidfile"
  for _ in $(seq 300); do
    if ready "$PORT" && mariadb -h 127.0.0.1 -P "$PORT" -u root -e 'SELECT 1' >/dev/null 2>&1; then
      cat "$pidfile"
      return 0
    fi
    kill -0 "$(cat "$pidfile")" 2>/dev/null || break
    sleep 0.2
  done
  echo "tidb.sh: tidb-server did not answer on 127.0.0.1:$PORT; see $data/tidb.log" >&2
  exit 1
}

stop() {
  local pidfile=$CACHE/pid-$PORT pid
  [[ -f $pidfile ]] || return 0
  pid=$(cat "$pidfile")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$pidfile"
}

case ${1:-} in
  build) build ;;
  start) start ;;
  stop) stop ;;
  url) echo "mysql://root@127.0.0.1:$PORT/" ;;
  *) sed -n '2,14p' "$0"; exit 2 ;;
esac
