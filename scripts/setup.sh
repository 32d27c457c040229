#!/usr/bin/env bash
# Installs what building (`setup.sh build`), testing (`setup.sh test`) or the load benchmark
# (`setup.sh bench`: wrk and nginx) needs and is missing.
# Every version comes from scripts/versions.env; a tool already present at its pinned version is
# left alone, so a warm machine spends seconds here.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
source "$here/versions.env"
mode="${1:-build}"
cd "$root"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
has_version() { command -v "$1" >/dev/null 2>&1 && "$1" --version 2>/dev/null | grep -qF "$2"; }

check_pins() {
  grep -qF "wasm_bindgen = \"$WASM_BINDGEN_VERSION\"" Trunk.toml \
    || { echo "Trunk.toml's wasm_bindgen differs from scripts/versions.env ($WASM_BINDGEN_VERSION)" >&2; exit 1; }
  grep -qF "wasm_opt = \"version_$BINARYEN_VERSION\"" Trunk.toml \
    || { echo "Trunk.toml's wasm_opt differs from scripts/versions.env ($BINARYEN_VERSION)" >&2; exit 1; }
  grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | grep -qF "version = \"$WASM_BINDGEN_VERSION\"" \
    || { echo "Cargo.lock's wasm-bindgen differs from scripts/versions.env ($WASM_BINDGEN_VERSION)" >&2; exit 1; }
  grep -qF "\"binaryen\": \"$BINARYEN_VERSION.0.0\"" tools/package.json \
    || { echo "tools/package.json's binaryen differs from scripts/versions.env ($BINARYEN_VERSION)" >&2; exit 1; }
}

apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  ((${#missing[@]})) || return 0
  say "apt: installing ${missing[*]}"
  local sudo=()
  [[ $(id -u) -eq 0 ]] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
}

check_pins

# rust-toolchain.toml pins the toolchain (stylers needs it exact) and names the wasm target.
rustup toolchain list | grep -q "^$RUST_TOOLCHAIN" || rustup toolchain install "$RUST_TOOLCHAIN" --profile minimal
rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown

# The build tools compile from source (nothing prebuilt is reachable here). They only move files
# and rewrite wasm, so a light profile (opt-level 1, no LTO, many codegen units) serves them and
# halves their build; they build side by side (and beside the downloads below) so one's serial link overlaps
# another's crates.
cargo_tool() {
  local name="$1"; shift
  say "cargo: installing $name (minutes, once)"
  CARGO_PROFILE_RELEASE_OPT_LEVEL=1 CARGO_PROFILE_RELEASE_LTO=false \
    CARGO_PROFILE_RELEASE_CODEGEN_UNITS=256 CARGO_PROFILE_RELEASE_DEBUG=0 \
    cargo install --quiet "$@" >"$tool_logs/$name.log" 2>&1 \
    || { cat "$tool_logs/$name.log" >&2; echo "installing $name failed" >&2; return 1; }
}
tool_logs="$(mktemp -d /tmp/partner-center-tools.XXXXXX)"
installs=()
if ! has_version trunk "trunk $TRUNK_VERSION"; then
  cargo_tool trunk --locked trunk --version "$TRUNK_VERSION" & installs+=($!)
fi
if ! has_version wasm-bindgen "wasm-bindgen $WASM_BINDGEN_VERSION"; then
  # Not --locked: its lockfile names a crate version the registry here lacks.
  cargo_tool wasm-bindgen wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" & installs+=($!)
fi
# wasm-split-cli has no --version: the cargo install record says which one is installed.
if ! grep -qF "wasm_split_cli_support $WASM_SPLIT_VERSION " "${CARGO_HOME:-$HOME/.cargo}/.crates.toml" 2>/dev/null \
  || ! command -v wasm-split-cli >/dev/null; then
  cargo_tool wasm-split --locked wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary & installs+=($!)
fi
if [[ $mode == test ]] && ! has_version leptosfmt "leptosfmt $LEPTOSFMT_VERSION"; then
  cargo_tool leptosfmt --locked leptosfmt --version "$LEPTOSFMT_VERSION" & installs+=($!)
fi
if ! has_version tools/node_modules/.bin/wasm-opt "version $BINARYEN_VERSION"; then
  say "npm: installing binaryen $BINARYEN_VERSION (wasm-opt)"
  (cd tools && npm ci --no-audit --no-fund --loglevel=error)
fi

if [[ $mode == test ]]; then
  # nginx balances the two servers of the several-servers suite (end2end/balanced.config.ts).
  apt_install chromium chromium-driver "postgresql-$POSTGRES_MAJOR" nginx-light
  venv=tools/schemathesis/venv
  if ! cmp -s tools/schemathesis/requirements.txt "$venv/installed.txt"; then
    say "pip: installing schemathesis (pinned) into $venv"
    rm -rf "$venv"
    # Debian ships the venv module without ensurepip until python3-venv is installed.
    python3 -m venv "$venv" 2>/dev/null || { apt_install python3-venv; rm -rf "$venv"; python3 -m venv "$venv"; }
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r tools/schemathesis/requirements.txt
    cp tools/schemathesis/requirements.txt "$venv/installed.txt"
  fi
  if [[ ! -d end2end/node_modules/@playwright/test ]] || ! (cd end2end && npm ls --depth=0 >/dev/null 2>&1); then
    say "npm: installing the end-to-end test packages"
    (cd end2end && npm ci --no-audit --no-fund --loglevel=error)
  fi
fi

if [[ $mode == bench ]]; then
  apt_install wrk nginx-light
fi

# Trunk builds offline (Trunk.toml), so every crate must already be here.
cargo fetch --locked >/dev/null
# The tools built meanwhile, beside the downloads above.
for pid in "${installs[@]}"; do wait "$pid"; done
rm -rf "$tool_logs"
