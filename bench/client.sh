# Sourced by the bench scripts (from the repository's root): the server to measure on, url
# (BENCH_URL, default mysql://root@127.0.0.1:3306/), and client, the mariadb client's
# command line for it.
url=${BENCH_URL:-mysql://root@127.0.0.1:3306/}
# mysql://user[:password]@host:port/ → client arguments
rest=${url#*://}; creds=${rest%%@*}; hostport=${rest#*@}; hostport=${hostport%%/*}
user=${creds%%:*}; pass=; [[ $creds == *:* ]] && pass=${creds#*:}
host=${hostport%%:*}; port=${hostport#*:}; [[ $port == "$hostport" ]] && port=3306
client=(mariadb --protocol=tcp -h "$host" -P "$port" -u "$user" ${pass:+-p"$pass"})
