#!/usr/bin/env bash
# Stops the PostgreSQL that start-postgres.sh started in DIR and removes DIR.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/versions.env"
dir="$1"
[[ -d "$dir/data" ]] || exit 0
as_pg=()
[[ $(id -u) -eq 0 ]] && as_pg=(runuser -u postgres --)
"${as_pg[@]}" "/usr/lib/postgresql/$POSTGRES_MAJOR/bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1
rm -rf "$dir"
