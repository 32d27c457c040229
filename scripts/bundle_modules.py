"""Bundles the wasm files a first visit to a page needs into one file, for split-wasm.sh.

A signed-in page needs its own module, the signed-in chrome's module and every shared chunk
either waits on: 30 to 50 small files, fetched six at a time over HTTP/1.1, which costs a phone
on a slow network a round trip per six. So for each kind of page this writes
`bundle_<module>-<hash>.bundle`, the files end to end, and teaches the loader to take a file
from a bundle the page's HTML preloads (the server names it, see server/src/http/page_hints.rs)
before fetching it alone. Later pages, opened in the app, fetch their files one by one: cached
apart, nothing is fetched twice.

Writes `modules.json` (module name -> the bundle a first visit to its pages fetches;
`not_found` -> the chrome's alone, for an address no page has) and rewrites the loader in
place. Usage: bundle_modules.py STAGING_DIR LOADER_JS"""

import hashlib
import json
import re
import sys

# Every signed-in page draws the chrome; these are the page modules of signed-in pages.
CHROME = "signed_in"
SIGNED_IN_PAGES = {"orgs", "users", "settings", "reports"}
# The home page is in the chrome's module; a partner's home draws the partner home panel, a
# module of its own the page asks for once it knows who is signed in: a first visit to the home
# page (mostly partners') takes it along rather than wait for that.
HOME_EXTRA = "partner_home"
NOT_FOUND = "not_found"

CHUNK = re.compile(r'const (__chunk_\d+) = makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\./([^"]+)"')
MODULE = re.compile(r'export const __wasm_split_load_(\w+) = wrapAsyncCb\(makeLoad\(\(\) => \{\s*'
                    r'const src = fetch\(new URL\("\./([^"]+)".*?\n, \[([^\]]*)\]\)\);', re.S)
FETCH = re.compile(r'const src = fetch\(new URL\("\./([^"]+)", import\.meta\.url\)\);\s*'
                   r'src\.catch\(\(\) => \{\}\);\s*'
                   r'return async \(imports\) => \(WebAssembly\.instantiateStreaming\(src, imports\)\);')

# The loader's part: which file of which bundle, the bundles the page preloads (by their
# <link>), and one way to get a file's instantiation: from a preloaded bundle, or alone (also
# when the bundle failed to arrive).
LOADER_PRELUDE = """const bundles = %s;
const bundled = new Map();
for (const link of document.querySelectorAll('link[rel="preload"][href^="/bundle_"]')) {
    const parts = bundles[link.getAttribute("href").slice(1)];
    if (!parts) continue;
    const whole = fetch(link.href).then((r) => (r.ok ? r.arrayBuffer() : Promise.reject(new Error(r.status))));
    whole.catch(() => {});
    for (const [file, start, end] of parts) {
        const part = whole.then((bytes) => bytes.slice(start, end));
        part.catch(() => {});
        bundled.set(file, part);
    }
}
function fetchWasm(file) {
    const url = new URL("./" + file, import.meta.url);
    const early = bundled.get(file);
    bundled.delete(file);
    if (early) {
        return async (imports) => WebAssembly.instantiate(
            await early.catch(() => fetch(url).then((r) => r.arrayBuffer())), imports);
    }
    const src = fetch(url);
    src.catch(() => {});
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
"""


def main() -> None:
    staging, loader_path = sys.argv[1:]
    loader = open(loader_path).read()
    chunks = dict(CHUNK.findall(loader))
    modules = {name: [own] + [chunks[dep.strip()] for dep in deps.split(",") if dep.strip()]
               for name, own, deps in MODULE.findall(loader)}
    if not SIGNED_IN_PAGES | {CHROME, HOME_EXTRA} <= modules.keys():
        sys.exit(f"bundle_modules: the loader has modules {sorted(modules)}")
    first_visits = {}
    for name, files in modules.items():
        if name == HOME_EXTRA:
            continue
        if name in SIGNED_IN_PAGES:
            files = modules[CHROME] + files
        elif name == CHROME:
            files = files + modules[HOME_EXTRA]
        first_visits[name] = list(dict.fromkeys(files))
    # An address no page has draws Not found in the chrome of whoever is signed in.
    first_visits[NOT_FOUND] = modules[CHROME]
    bundles, listing = {}, {}
    for name, files in sorted(first_visits.items()):
        parts, body, offset = [], b"", 0
        for file in files:
            data = open(f"{staging}/{file}", "rb").read()
            parts.append([file, offset, offset + len(data)])
            body += data
            offset += len(data)
        bundle = f"bundle_{name}-{hashlib.sha256(body).hexdigest()[:16]}.bundle"
        open(f"{staging}/{bundle}", "wb").write(body)
        bundles[bundle] = parts
        listing[name] = [bundle]
    rewritten, count = FETCH.subn(lambda match: f'return fetchWasm("{match.group(1)}");', loader)
    if count != len(chunks) + len(modules):
        sys.exit(f"bundle_modules: rewrote {count} fetches of {len(chunks) + len(modules)}")
    imports_end = rewritten.index("\n", rewritten.index("import ")) + 1
    prelude = LOADER_PRELUDE % json.dumps(bundles, separators=(",", ":"))
    open(loader_path, "w").write(rewritten[:imports_end] + prelude + rewritten[imports_end:])
    json.dump(listing, open(f"{staging}/modules.json", "w"), indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
