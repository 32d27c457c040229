#!/usr/bin/env bash
# Fuzzes the API against its own OpenAPI document with schemathesis: every phase, every check.
# Starts a fresh server (the debug build, demo data, its own SQLite database), signs in as the
# demo partner's Super Admin, creates an org API token for /unlocks and picks a child org and a
# pending invitation; schemathesis reads them from the environment
# (tools/schemathesis/schemathesis.toml). Exits non-zero on any failure.
# Needs a debug build of the server (`cargo build`, or the test command's `cargo test
# --workspace`) and `scripts/setup.sh test` first. Extra arguments go to schemathesis
# (`--seed N` replays a run).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
port="${FUZZ_PORT:-3200}"
base="http://127.0.0.1:$port"
password="demo password for the API fuzzer"
data="$(mktemp -d /tmp/partner-center-fuzz.XXXXXX)"

PARTNER_CENTER_DEMO_PASSWORD="$password" "${CARGO_TARGET_DIR:-$root/target}/debug/partner-center-server" \
  --bind "127.0.0.1:$port" --data-dir "$data" --demo >"$data/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -rf "$data"' EXIT

for _ in $(seq 120); do
  curl -sf "$base/api/v1/health" >/dev/null && break
  kill -0 "$server" 2>/dev/null || { cat "$data/server.log"; exit 1; }
  sleep 0.5
done

jar="$data/cookies"
curl -sf -c "$jar" -H 'X-CSRF-Protection: 1' -H 'Content-Type: application/json' \
  -d "{\"email\":\"demo@northwind-security.example\",\"password\":\"$password\"}" "$base/api/v1/session" >/dev/null
PC_SESSION="$(awk '$6 == "pc_session" { print $7 }' "$jar")"
PC_ORG_TOKEN="$(curl -sf -b "$jar" -H 'X-CSRF-Protection: 1' -H 'Content-Type: application/json' \
  -d '{"name":"Fuzzer door"}' "$base/api/v1/api-tokens" \
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')"
PC_CHILD_ORG="$(curl -sf -b "$jar" "$base/api/v1/partner/orgs?limit=1" \
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["data"][0]["id"])')"
# The demo's invitation mails reach the outbox directory moments after the start.
for _ in $(seq 60); do compgen -G "$data/outbox/*.eml" >/dev/null && break; sleep 0.5; done
PC_INVITATION="$(python3 - "$data"/outbox/*.eml <<'PY'
import quopri, re, sys
text = quopri.decodestring(open(sys.argv[1], "rb").read()).decode()
print(re.search(r"/invitations/([A-Za-z0-9_-]+)", text).group(1))
PY
)"
export PC_SESSION PC_ORG_TOKEN PC_CHILD_ORG PC_INVITATION

cd "$root/tools/schemathesis"
# One worker: schemathesis 4.32 on Python 3.11 now and then trips over its own parser with two.
"$root/tools/schemathesis/venv/bin/schemathesis" run "$base/api/v1/openapi.json" --workers 1 --no-color "$@"
