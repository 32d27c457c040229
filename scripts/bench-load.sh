#!/usr/bin/env bash
# Benchmark (not a test): seeds ORGS child orgs (default 100000) for one partner on a fresh
# SQLite database — DATABASE_URL=postgres://… for PostgreSQL — serves them with the release
# server, and puts load on it with wrk (2 threads, 64 connections, 10 s each): /health, /me,
# an orgs page sorted by each column, the last page, a one- and a two-word search, the Users
# page, the OpenAPI document; nginx serving the same orgs page from a file as the ceiling; and
# Add Org with 8 clients. Prints a Markdown table with every rate as a share of /health's.
# First, the background jobs (examples/bench_jobs.rs): the billing pass over ORGS billing orgs
# with nothing due, a pass issuing 10,000 invoices with the waits of user writes meanwhile, and
# the mail worker draining 10,000 messages into the outbox directory.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
"$root/scripts/setup.sh" bench
cargo build --quiet --release --locked -p partner-center-server --example bench_load --example bench_jobs
"${CARGO_TARGET_DIR:-$root/target}/release/examples/bench_jobs" "${1:-100000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 "$root/scripts/bench_load.py" "${CARGO_TARGET_DIR:-$root/target}/release/examples/bench_load" \
  "${1:-100000}" "$work"
