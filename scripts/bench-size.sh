#!/usr/bin/env bash
# Benchmark (not a test): what a first visit transfers — html, js, wasm, css — raw, gzip and
# brotli, as the real server sends them, and every wasm chunk together; then, in headless
# Chromium, the time to an interactive sign-in form and from Sign in to the orgs table.
# Builds the release app and the server first.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
# The timings drive Chromium through the end-to-end tests' Playwright.
"$root/scripts/setup.sh" test
export PATH="$root/tools/node_modules/.bin:$PATH"
data="$(mktemp -d)"
log="$data/build.log"
{ "$root/scripts/build-app.sh" && cargo build --release --locked -p partner-center-server; } >"$log" 2>&1 \
  || { cat "$log" >&2; exit 1; }
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
"$root/target/release/partner-center-server" --bind "127.0.0.1:$port" --data-dir "$data" --dist-dir "$root/dist" \
  --demo --demo-password "bench demo password" --log-level warn >/dev/null &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$data"' EXIT
python3 "$root/scripts/first_load_transfer.py" "http://127.0.0.1:$port" "$root/dist"
node "$root/scripts/load_timings.mjs" "http://127.0.0.1:$port" demo@northwind-security.example "bench demo password"
