#!/usr/bin/env bash
# Benchmark (not a test): what a first visit transfers — html, js, wasm, css — raw, gzip and
# brotli, as the real server sends them, and every wasm chunk together; then, in headless
# Chromium, the time to an interactive sign-in form and from Sign in to the orgs table.
# Builds the release app and the server first.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
DEMO_PASSWORD="bench demo password"
# shellcheck source=demo-server.sh
source "$root/scripts/demo-server.sh"
python3 "$root/scripts/first_load_transfer.py" "$base" "$root/dist"
node "$root/scripts/first_load_budget.mjs" "$root/dist"
node "$root/scripts/load_timings.mjs" "$base" demo@northwind-security.example "$DEMO_PASSWORD"
