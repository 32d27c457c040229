#!/usr/bin/env bash
# Sets up what is missing and runs every check and test: the module-cycle, formatting and clippy
# gates, Rust unit
# and API tests (the API suite on SQLite,
# then on a throwaway PostgreSQL), schemathesis against the API's own OpenAPI document, the
# components in headless Chromium, the Playwright suite against the real server serving the
# release build, and the main flows again through nginx in front of two servers on PostgreSQL.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
"$root/scripts/setup.sh" test
export PATH="$root/tools/node_modules/.bin:$PATH"
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

pg_dir="$(mktemp -d /tmp/partner-center-pg.XXXXXX)"
trap '"$root/scripts/stop-postgres.sh" "$pg_dir"' EXIT

say "Lints: the server's module graph has no cycle, rustfmt, leptosfmt (view! blocks), clippy for the host and for wasm32"
python3 scripts/module_cycles.py server/src
cargo fmt --all --check
leptosfmt --quiet --check src tests
cargo clippy --locked --workspace --all-targets -- -D warnings
cargo clippy --locked -p partner-center --target wasm32-unknown-unknown --all-targets -- -D warnings

say "Rust: unit tests and the API suite on SQLite"
cargo test --locked --workspace

say "Rust: the API suite on PostgreSQL (the same build, run again)"
eval "$("$root/scripts/start-postgres.sh" "$pg_dir")"
# The test binaries `cargo test --workspace` just built: building them with other flags (say
# `-p partner-center-server`) would unify features differently and compile everything again.
server_tests="$(cargo test --locked --workspace --no-run --message-format=json 2>/dev/null | python3 -c '
import json, sys
for line in sys.stdin:
    message = json.loads(line)
    target = message.get("target", {})
    if message.get("reason") == "compiler-artifact" and "test" in target.get("kind", []) \
            and "/server/" in target.get("src_path", ""):
        print(message["executable"])
')"
for suite in $server_tests; do
  (cd "$root/server" && TEST_DATABASE_URL="$TEST_DATABASE_URL" "$suite")
done

# The server binary `cargo test --workspace` built serves the fuzzer and the browser tests.
say "The API fuzzed against its OpenAPI document (schemathesis)"
"$root/scripts/fuzz-api.sh"

say "Components in headless Chromium (wasm-bindgen-test)"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner CHROMEDRIVER=/usr/bin/chromedriver \
  cargo test --locked -p partner-center --target wasm32-unknown-unknown --test components

say "End to end: Playwright in Chromium against the real server"
"$root/scripts/build-app.sh"
node scripts/first_load_budget.mjs dist
(cd end2end && npx playwright test)

say "End to end: two servers on PostgreSQL behind nginx, one killed mid-storm"
(cd end2end && npx playwright test --config balanced.config.ts)
