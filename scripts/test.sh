#!/usr/bin/env bash
# Sets up what is missing and runs every test: Rust unit and API tests (the API suite on SQLite,
# then on a throwaway PostgreSQL), schemathesis against the API's own OpenAPI document, the
# components in headless Chromium, and the Playwright suite against the real server serving
# the release build.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
"$root/scripts/setup.sh" test
export PATH="$root/tools/node_modules/.bin:$PATH"
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

pg_dir="$(mktemp -d /tmp/partner-center-pg.XXXXXX)"
trap '"$root/scripts/stop-postgres.sh" "$pg_dir"' EXIT

say "Rust: unit tests and the API suite on SQLite"
cargo test --locked --workspace

say "Rust: the API suite on PostgreSQL"
eval "$("$root/scripts/start-postgres.sh" "$pg_dir")"
TEST_DATABASE_URL="$TEST_DATABASE_URL" cargo test --locked -p partner-center-server --test api

say "The API fuzzed against its OpenAPI document (schemathesis)"
cargo build --locked -p partner-center-server
"$root/scripts/fuzz-api.sh"

say "Components in headless Chromium (wasm-bindgen-test)"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner CHROMEDRIVER=/usr/bin/chromedriver \
  cargo test --locked -p partner-center --target wasm32-unknown-unknown --test components

say "End to end: Playwright in Chromium against the real server"
trunk build --release
cargo build --locked -p partner-center-server
(cd end2end && npx playwright test)
