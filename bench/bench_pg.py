#!/usr/bin/env python3
"""Benchmark: PostGIS window queries at 10,000,000 events. Starts a throw-away PostgreSQL 15 + PostGIS
server (scripts/pg-test-server), has build/bench/bench_pg generate the rows in SQL (clustered in
space and time, a fifth of them spans), measure per-window latency without and with the indexes
Chronomap creates, and pan through app::PgLive; then stops the server and removes its folder.

Usage: bench/bench_pg.py [--rows 10000000] [--windows 50] [--windows-noindex 5] [--budget 20000]
                         [--dir /tmp/chronomap-bench-pg] [--exe build/bench/bench_pg]
Needs about 4 GB of disk for 10,000,000 rows and their indexes, and scripts/build first."""
import argparse
import os
import shlex
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--windows", type=int, default=50)
    ap.add_argument("--windows-noindex", type=int, default=5)
    ap.add_argument("--budget", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--dir", default="/tmp/chronomap-bench-pg")
    ap.add_argument("--exe", default=os.path.join(ROOT, "build", "bench", "bench_pg"))
    a = ap.parse_args()
    if not os.path.exists(a.exe):
        sys.exit(f"bench_pg.py: {a.exe} not found: run scripts/build first")

    server = os.path.join(ROOT, "scripts", "pg-test-server")
    env = dict(os.environ)
    # A server sized for the benchmark (the test server's defaults are for small fixtures).
    env["PG_TEST_SERVER_OPTS"] = ("-c shared_buffers=2GB -c work_mem=64MB -c maintenance_work_mem=1GB "
                                  "-c max_parallel_workers_per_gather=2 -c effective_cache_size=8GB")
    print("command:", " ".join(shlex.quote(x) for x in sys.argv), flush=True)
    out = subprocess.run([server, "start", a.dir], env=env, check=True, stdout=subprocess.PIPE, text=True).stdout
    conn = None
    for line in out.splitlines():
        if line.startswith("export CHRONOMAP_TEST_PG="):
            conn = line.split("=", 1)[1].strip("'")
    try:
        if not conn:
            sys.exit("bench_pg.py: the server printed no connection string")
        cmd = [a.exe, "--conn", conn, "--generate", str(a.rows), "--windows", str(a.windows),
               "--windows-noindex", str(a.windows_noindex), "--budget", str(a.budget), "--seed", str(a.seed)]
        print("running:", " ".join(shlex.quote(x) for x in cmd), flush=True)
        with open("/proc/loadavg") as f:
            print("load average before:", f.read().split()[:3], f"on {os.cpu_count()} cores", flush=True)
        t0 = time.monotonic()
        rc = subprocess.run(cmd).returncode
        print(f"bench_pg finished in {time.monotonic() - t0:.0f} s (exit {rc})")
        with open("/proc/loadavg") as f:
            print("load average after:", f.read().split()[:3])
        return rc
    finally:
        subprocess.run([server, "stop", a.dir])


if __name__ == "__main__":
    sys.exit(main())
