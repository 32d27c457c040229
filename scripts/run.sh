#!/usr/bin/env bash
# Sets up what is missing, builds the app (release) and the server, and runs Partner Center on
# http://127.0.0.1:3000 with the embedded SQLite database in ./data.
# PARTNER_CENTER_BIND and PARTNER_CENTER_DATA_DIR change where; see `--help` for the rest.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
"$root/scripts/setup.sh" build
export PATH="$root/tools/node_modules/.bin:$PATH"
"$root/scripts/build-app.sh"
cargo build --release --locked -p partner-center-server
exec "${CARGO_TARGET_DIR:-$root/target}/release/partner-center-server" --dist-dir "$root/dist" "$@"
