#!/usr/bin/env bash
# Builds the app for release into dist/: every lazy page (src/lazy_pages.rs) becomes its own
# wasm chunk, split by trunk's post_build hook (scripts/split-wasm.sh). `trunk build --release`
# alone still works and gives one unsplit module. Extra arguments go to trunk.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export PATH="$root/tools/node_modules/.bin:$PATH"
# Replaces .cargo/config.toml's wasm rustflags, so erase_components is repeated here.
# --emit-relocs keeps what the splitter needs to move functions between modules.
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--cfg erase_components --cfg wasm_split -Clink-args=--emit-relocs"
exec trunk build --release "$@"
