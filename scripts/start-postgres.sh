#!/usr/bin/env bash
# Starts a throwaway PostgreSQL (Debian's package) on a free local port and prints its URL.
# Usage: eval "$(scripts/start-postgres.sh DIR)"  → sets TEST_DATABASE_URL and PG_TEST_DIR.
# Stop it with scripts/stop-postgres.sh DIR. PostgreSQL refuses to run as root, so when we are
# root the cluster belongs to the `postgres` user.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/versions.env"
dir="$1"
bin="/usr/lib/postgresql/$POSTGRES_MAJOR/bin"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
mkdir -p "$dir"
as_pg=()
if [[ $(id -u) -eq 0 ]]; then
  chown postgres "$dir"
  as_pg=(runuser -u postgres --)
fi
"${as_pg[@]}" "$bin/initdb" -D "$dir/data" -A trust -U postgres >"$dir/initdb.log" 2>&1
"${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -w -l "$dir/server.log" \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start >/dev/null
echo "export TEST_DATABASE_URL=postgres://postgres@127.0.0.1:$port/postgres PG_TEST_DIR=$dir"
