#!/usr/bin/env python3
"""Benchmark: from start to the first frame showing a 100,000-row ACLED-style CSV, against GDAL's own
`ogr2ogr -f Memory out FILE` copy of the same file. Median of N runs each, interleaved in the same
run. Needs Xvfb (the window's first frame is measured, as printed by --verbose).
Usage: bench_load.py --exe build/chronomap [--rows 100000] [--runs 5]"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def first_frame_ms(exe, csv):
    p = subprocess.Popen([exe, csv, "--verbose"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    t0 = time.monotonic()
    ms = None
    for line in p.stderr:
        m = re.search(r"first frame with (\d+) events shown (\d+) ms after start", line)
        if m:
            ms = float(m.group(2))
            events = int(m.group(1))
            break
    wall = (time.monotonic() - t0) * 1000
    p.terminate()
    p.wait()
    if ms is None:
        raise SystemExit("chronomap printed no first-frame line")
    return ms, events, wall


def ogr2ogr_ms(csv):
    t0 = time.monotonic()
    subprocess.run(["ogr2ogr", "-f", "Memory", "out", csv], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return (time.monotonic() - t0) * 1000


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--exe", required=True)
    ap.add_argument("--rows", type=int, default=100000)
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()
    if not os.environ.get("DISPLAY"):
        os.execvp("xvfb-run", ["xvfb-run", "-a", "-s", "-screen 0 1600x900x24", sys.executable] + sys.argv)
    tmp = tempfile.mkdtemp()
    csv = os.path.join(tmp, "acled-%d.csv" % a.rows)
    subprocess.run([sys.executable, os.path.join(HERE, "make_acled_csv.py"), csv, str(a.rows)], check=True)
    ours, gdal, events = [], [], 0
    for _ in range(a.runs):
        ms, events, _ = first_frame_ms(a.exe, csv)
        ours.append(ms)
        gdal.append(ogr2ogr_ms(csv))
    print("file: %s (%d rows, %.1f MB); chronomap loaded %d events" % (csv, a.rows, os.path.getsize(csv) / 1e6, events))
    print("chronomap start -> first frame with the data: median %.0f ms (runs: %s)" % (statistics.median(ours), ", ".join("%.0f" % v for v in ours)))
    print("ogr2ogr -f Memory out FILE:                   median %.0f ms (runs: %s)" % (statistics.median(gdal), ", ".join("%.0f" % v for v in gdal)))


if __name__ == "__main__":
    main()
