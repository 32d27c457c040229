"""Runs scripts/bench-load.sh's measurements: starts the bench_load example (a seeded portfolio
behind the real server), puts load on each endpoint with wrk from this process's side, and
prints req/s (64 connections), p50 and p99 (8 connections), each rate as a share of
/health/live's (no database) in the same run.

Usage: python3 bench_load.py EXAMPLE_BINARY ORGS WORK_DIR [DURATION, e.g. 10s]
"""

import re
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

binary, orgs, work = sys.argv[1], sys.argv[2], Path(sys.argv[3])
DURATION = sys.argv[4] if len(sys.argv) > 4 else "10s"
SHORT = "5s"
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def start_portfolio():
    log = open(work / "bench.log", "w")
    process = subprocess.Popen([binary, orgs], stdout=subprocess.PIPE, stderr=log, text=True)
    for line in process.stdout:
        print(line.rstrip(), file=sys.stderr)
        if line.startswith("ready "):
            _, base, cookie = line.split()
            return process, base, cookie
    raise SystemExit(f"bench_load stopped before it was ready; see {work / 'bench.log'}")


def wrk(url, cookie, connections=64, script=None, duration=DURATION):
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}", "--latency", "-H", f"cookie: {cookie}"]
    if script:
        command += ["-s", str(script)]
    output = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = {
        p: float(value) * UNITS[unit]
        for p, value, unit in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
    }
    failed = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(r"Socket errors: (.*)", output)
    problems = []
    if failed:
        problems.append(f"{failed.group(1)} non-2xx")
    if errors:
        problems.append(f"socket errors: {errors.group(1)}")
    return rate, latency["50"], latency["99"], "; ".join(problems)


def get(url, cookie):
    request = urllib.request.Request(url, headers={"cookie": cookie})
    with urllib.request.urlopen(request) as response:
        return response.read()


def nginx_ceiling(body, cookie):
    """nginx (Debian's nginx-light) serving the same bytes from a file: what the machine and
    wrk manage at most."""
    root = work / "static"
    root.mkdir(exist_ok=True)
    (root / "orgs.json").write_bytes(body)
    # nginx's workers run as www-data; mktemp made the directory for its owner only.
    for path in (work, root, root / "orgs.json"):
        path.chmod(0o755)
    config = work / "nginx.conf"
    config.write_text(
        f"""worker_processes auto;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  default_type application/json;
  server {{ listen 127.0.0.1:18089; root {root}; }}
}}
"""
    )
    subprocess.run(["/usr/sbin/nginx", "-c", str(config), "-p", str(work)], check=True)
    try:
        return wrk("http://127.0.0.1:18089/orgs.json", cookie)
    finally:
        subprocess.run(["/usr/sbin/nginx", "-c", str(config), "-p", str(work), "-s", "stop"], check=False)


def add_org_script():
    """wrk's Lua: every request a new org with its own name, login and idempotency key."""
    script = work / "add_org.lua"
    script.write_text(
        """
local thread_number = 0
function setup(thread)
  thread_number = thread_number + 1
  thread:set("prefix", tostring(thread_number) .. "x" .. tostring(os.time()))
end
local counter = 0
request = function()
  counter = counter + 1
  local id = prefix .. "n" .. counter
  local body = '{"name":"Load Test ' .. id .. '","adminFirstName":"Load","adminLastName":"Test",'
    .. '"adminEmail":"load' .. id .. '@bench.example","useExistingNamespace":false,"namespace":"",'
    .. '"apEmail":"ap@bench.example","additionalApEmails":[],"trialDays":"14","referenceNumber":""}'
  -- wrk.format uses the headers given instead of wrk's own (-H cookie), so start from those.
  local headers = {}
  for name, value in pairs(wrk.headers) do headers[name] = value end
  headers["content-type"] = "application/json"
  headers["x-csrf-protection"] = "1"
  headers["idempotency-key"] = id
  return wrk.format("POST", "/api/v1/partner/orgs", headers, body)
end
"""
    )
    return script


def main():
    process, base, cookie = start_portfolio()
    try:
        api = f"{base}/api/v1"
        scenarios = [
            ("GET /health/live (no database)", f"{api}/health/live"),
            ("GET /health", f"{api}/health"),
            ("GET /me", f"{api}/me"),
        ]
        for sort in ["name", "superAdmin", "status", "plan", "created"]:
            for order in ["asc", "desc"]:
                scenarios.append(
                    (f"orgs page of 50, {sort} {order}", f"{api}/partner/orgs?sort={sort}&order={order}&limit=50")
                )
        deep = max(int(orgs) // 50 - 1, 0) * 50
        scenarios += [
            ("orgs, the last page by name", f"{api}/partner/orgs?sort=name&limit=50&offset={deep}"),
            ("orgs search `harbor`", f"{api}/partner/orgs?q=harbor&limit=50"),
            ("orgs search `cedar labs`", f"{api}/partner/orgs?q=cedar%20labs&limit=50"),
            ("Users page", f"{api}/users?limit=50"),
            ("GET /openapi.json", f"{api}/openapi.json"),
        ]
        rows = []
        for label, url in scenarios:
            # The rate under 64 connections; the latency under 8, where p99 is the request's own
            # cost rather than the queue in front of it (64 in flight bound p99 below by 64/rate).
            rate, _, _, problems = wrk(url, cookie)
            _, p50, p99, problems_at_8 = wrk(url, cookie, connections=8, duration=SHORT)
            rows.append((label, rate, p50, p99, "; ".join(filter(None, [problems, problems_at_8]))))
            print(f"measured {label}", file=sys.stderr)
        ceiling = nginx_ceiling(get(f"{api}/partner/orgs?sort=name&limit=50", cookie), cookie)
        rows.append(("nginx, the same orgs page from a file", *ceiling))
        rows.append(("Add Org, 8 clients", *wrk(f"{api}/partner/orgs", cookie, 8, add_org_script())))
    finally:
        # SIGINT: the example removes its database directory on the way out.
        process.send_signal(signal.SIGINT)
        process.wait()

    live = rows[0][1]
    print(f"\n{orgs} child orgs; wrk 2 threads; req/s with 64 connections ({DURATION} each), latency with 8 ({SHORT})")
    print("(nginx: both at 64; Add Org: 8 connections, each request a new org)\n")
    print("| request | req/s | % of /health/live | p50 ms | p99 ms | |")
    print("|---|---:|---:|---:|---:|---|")
    for label, rate, p50, p99, problems in rows:
        print(f"| {label} | {rate:,.0f} | {100 * rate / live:.0f} % | {p50:.2f} | {p99:.2f} | {problems} |")


main()
