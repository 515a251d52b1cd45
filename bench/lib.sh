# Sourced by the bench scripts (from the repository's root): the server to measure on, url
# (BENCH_URL, default mysql://root@127.0.0.1:3306/), client, the mariadb client's command line
# for it, and the helpers the load benchmarks share.
url=${BENCH_URL:-mysql://root@127.0.0.1:3306/}
# mysql://user[:password]@host:port/ → client arguments
rest=${url#*://}; creds=${rest%%@*}; hostport=${rest#*@}; hostport=${hostport%%/*}
user=${creds%%:*}; pass=; [[ $creds == *:* ]] && pass=${creds#*:}
host=${hostport%%:*}; port=${hostport#*:}; [[ $port == "$hostport" ]] && port=3306
client=(mariadb --protocol=tcp -h "$host" -P "$port" -u "$user" ${pass:+-p"$pass"})

fresh_db() { # database, binary: a new, empty database with schema.sql pushed by that binary
  "${client[@]}" -e "DROP DATABASE IF EXISTS $1; CREATE DATABASE $1 CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
  "$2" push --yes --database-url "${url%/}/$1" >/dev/null 2>&1
}

timed() { # label, command...: runs it, prints "label seconds maxrss_kb" and adds it to $work/results
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
  printf '%s %s\n' "$label" "$(cat "$work/time")" | tee -a "$work/results" >&2
}
