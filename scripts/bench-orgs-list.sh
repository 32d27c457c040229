#!/usr/bin/env bash
# Benchmark (not a test): seeds ORGS child orgs (default 100000) into a fresh SQLite database
# and prints the Manage Organizations list endpoint's latency percentiles and throughput.
# DATABASE_URL=postgres://… runs it against PostgreSQL instead.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --quiet --release --locked -p partner-center-server --example bench_orgs_list -- "${1:-100000}"
