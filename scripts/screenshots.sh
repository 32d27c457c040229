#!/usr/bin/env bash
# Takes the README's screenshots again (docs/screenshots/*.png): the main screens in the light
# and dark schemes on a laptop, and on a phone, from a fresh server with the demo data.
# Builds the release app and the server first.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
DEMO_PASSWORD="screenshot demo password"
# shellcheck source=demo-server.sh
source "$root/scripts/demo-server.sh"
mkdir -p "$root/docs/screenshots"
node "$root/scripts/screenshots.mjs" "$base" "$DEMO_PASSWORD" "$root/docs/screenshots"
