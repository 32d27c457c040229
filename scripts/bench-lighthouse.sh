#!/usr/bin/env bash
# Benchmark (not a test): Lighthouse 12.8.2 (npm, pinned in tools/lighthouse/) in Debian's
# Chromium on every page — sign-in, invitation, 404, home, Manage Organizations, Add Org, the
# org page's tabs, Users, Add and Edit User, API Tokens — mobile and desktop, signed in as the
# demo partner where the page needs it, against the release build. Prints a Markdown table.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
DEMO_PASSWORD="lighthouse demo password"
# shellcheck source=demo-server.sh
source "$root/scripts/demo-server.sh"
(cd "$root/tools/lighthouse" && npm ci --no-audit --no-fund --loglevel=error)
node "$root/scripts/lighthouse_pages.mjs" "$base" "$DEMO_PASSWORD" "$data"
