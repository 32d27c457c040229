#!/usr/bin/env bash
# trunk's post_build hook: the release wasm's last steps, which trunk cannot do itself (it has
# no step between cargo and wasm-bindgen, trunk issue #1022, so index.html sets
# data-wasm-opt="0" and optimizing happens here).
# - A build from scripts/build-app.sh (the `wasm_split` cfg): split cargo's wasm into the main
#   module and one chunk per lazy page (plus chunks of code pages share), run wasm-bindgen on
#   the main module and wasm-opt on every module, give every chunk and the loader a
#   content-hashed name (the server caches hashed names for a year), and bundle what a first
#   visit to each kind of page needs (scripts/bundle_modules.py, which writes modules.json).
# - Any other release build (`trunk build --release`): wasm-opt the one module.
# Either way the staged files are replaced and index.html's integrity values follow.
# Debug builds pass untouched.
set -euo pipefail
[[ ${TRUNK_PROFILE:-} == release ]] || exit 0
root="$(cd "$(dirname "$0")/.." && pwd)"
staging="$TRUNK_STAGING_DIR"
export PATH="$root/tools/node_modules/.bin:$PATH"
js_path="$(find "$staging" -maxdepth 1 -name 'partner-center-*.js' | head -n 1)"
[[ -n $js_path ]] || { echo "split-wasm: no staged app in $staging" >&2; exit 1; }
stem="$(basename "$js_path" .js)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

optimize() { wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int "$1" -o "$2"; }
export -f optimize

preloads=()
if [[ ${CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS:-} == *wasm_split* ]]; then
  cargo_wasm="${CARGO_TARGET_DIR:-$root/target}/wasm32-unknown-unknown/wasm-release/partner-center.wasm"
  wasm-split-cli --target web --out-name "$stem" "$cargo_wasm" "$work/split" >/dev/null
  # The chunks import the main module's memory, function table and shared globals by name.
  wasm-bindgen --target web --keep-lld-exports --no-demangle --no-typescript --out-name "$stem" \
    --out-dir "$work/bindgen" "$work/split/$stem.wasm"
  optimize "$work/bindgen/${stem}_bg.wasm" "$staging/${stem}_bg.wasm"
  rm "$work/split/$stem.wasm"
  mkdir "$work/opt"
  find "$work/split" -name '*.wasm' -print0 \
    | xargs -0 -P "$(nproc)" -I{} bash -c 'optimize "$1" "$2/$(basename "$1")"' _ {} "$work/opt"
  loader="$work/split/__wasm_split.js"
  for chunk in "$work/opt"/*.wasm; do
    name="$(basename "$chunk" .wasm)"
    hashed="$name-$(sha256sum "$chunk" | cut -c1-16).wasm"
    mv "$chunk" "$staging/$hashed"
    sed -i "s|\"\./$name\.wasm\"|\"./$hashed\"|" "$loader"
  done
  python3 "$root/scripts/bundle_modules.py" "$staging" "$loader"
  loader_name="__wasm_split-$(sha256sum "$loader" | cut -c1-16).js"
  cp "$loader" "$staging/$loader_name"
  # Only the import statement names the file; the imports object keeps the module's own name.
  sed "s|from \"\./__wasm_split\.js\"|from \"./$loader_name\"|g" "$work/bindgen/$stem.js" >"$staging/$stem.js"
  preloads+=("$loader_name")
else
  optimize "$staging/${stem}_bg.wasm" "$work/opt.wasm"
  mv "$work/opt.wasm" "$staging/${stem}_bg.wasm"
fi

# trunk wrote Subresource Integrity values for the files replaced; the loader, imported by the
# main script, is preloaded beside it rather than discovered after it.
python3 - "$staging" "$stem" "${preloads[@]}" <<'PY'
import base64, hashlib, re, sys
staging, stem, *preloads = sys.argv[1:]

def integrity(name):
    digest = hashlib.sha384(open(f"{staging}/{name}", "rb").read()).digest()
    return "sha384-" + base64.b64encode(digest).decode()

path = f"{staging}/index.html"
html = open(path).read()
for name in (f"{stem}.js", f"{stem}_bg.wasm"):
    tag = re.compile(r'<link[^>]*href="/' + re.escape(name) + r'"[^>]*>')
    match = tag.search(html)
    if not match or "integrity=" not in match.group(0):
        sys.exit(f"split-wasm: no integrity value for {name} in index.html")
    fixed = re.sub(r'integrity="[^"]*"', f'integrity="{integrity(name)}"', match.group(0))
    html = html[:match.start()] + fixed + html[match.end():]
links = "".join(
    f'<link rel="modulepreload" href="/{name}" crossorigin="anonymous" integrity="{integrity(name)}">'
    for name in preloads
)
html = html.replace("</head>", links + "</head>", 1)
open(path, "w").write(html)
PY
