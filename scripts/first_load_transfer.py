"""Prints the bytes a first visit to the app (the sign-in page) transfers, per file and in
total, for each Content-Encoding the server offers; with the dist directory, also what every
wasm module of the app (each page's chunk) weighs, brotli as served.
Usage: first_load_transfer.py BASE_URL [DIST_DIR]"""

import os
import re
import sys
import time
import urllib.error
import urllib.request

BUDGET_BROTLI = 150 * 1024


def fetch(url: str, encoding: str) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding})
    with urllib.request.urlopen(request) as response:
        return len(response.read()), response.headers.get("Content-Encoding", "identity")


def wait_for(base: str) -> None:
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{base}/api/v1/health")
            return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    sys.exit(f"no server answered at {base}")


def first_load_files(base: str) -> list[str]:
    with urllib.request.urlopen(f"{base}/") as response:
        html = response.read().decode()
    paths = ["/"]
    for path in re.findall(r'(?:href|src|module_or_path:)\s*=?\s*["\'](/[^"\']+)["\']', html):
        if path not in paths:
            paths.append(path)
    return paths


def main() -> None:
    base = sys.argv[1].rstrip("/")
    wait_for(base)
    rows = []
    for path in first_load_files(base):
        sizes = {name: fetch(base + path, accept) for name, accept in
                 (("raw", "identity"), ("gzip", "gzip"), ("brotli", "br"))}
        rows.append((path, sizes))
    print(f"{'file':<48}{'raw':>10}{'gzip':>10}{'brotli':>10}")
    totals = {"raw": 0, "gzip": 0, "brotli": 0}
    for path, sizes in rows:
        print(f"{path:<48}" + "".join(f"{sizes[k][0]:>10,}" for k in totals))
        for key in totals:
            totals[key] += sizes[key][0]
    print(f"{'total':<48}" + "".join(f"{totals[k]:>10,}" for k in totals))
    share = 100 * totals["brotli"] / BUDGET_BROTLI
    print(f"brotli total: {totals['brotli'] / 1024:.1f} KiB of the {BUDGET_BROTLI // 1024} KiB budget ({share:.0f}%)")
    if len(sys.argv) > 2:
        modules = sorted(name for name in os.listdir(sys.argv[2]) if name.endswith(".wasm"))
        served = sum(fetch(f"{base}/{name}", "br")[0] for name in modules)
        print(f"every wasm module ({len(modules)}, the first load's included): {served / 1024:.1f} KiB brotli")


if __name__ == "__main__":
    main()
