# Sourced (not run) by the scripts that look at the real app in Chromium (bench-size.sh,
# screenshots.sh): installs the test tools, builds the release app and server, and starts the
# server with the demo data, password $DEMO_PASSWORD, on a free port of a fresh data directory.
# Leaves its address in $base; the server stops and the directory goes when the script exits.
"$root/scripts/setup.sh" test
export PATH="$root/tools/node_modules/.bin:$PATH"
data="$(mktemp -d)"
log="$data/build.log"
{ "$root/scripts/build-app.sh" && cargo build --release --locked -p partner-center-server; } >"$log" 2>&1 \
  || { cat "$log" >&2; exit 1; }
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
"${CARGO_TARGET_DIR:-$root/target}/release/partner-center-server" --bind "127.0.0.1:$port" --data-dir "$data" \
  --dist-dir "$root/dist" --demo --demo-password "$DEMO_PASSWORD" --log-level warn >/dev/null &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$data"' EXIT
base="http://127.0.0.1:$port"
for _ in $(seq 120); do curl -fs "$base/api/v1/health" >/dev/null && break; sleep 0.5; done
