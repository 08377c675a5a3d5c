#!/usr/bin/env python3
"""Benchmark: median frame time (ms) while panning the map with the mouse, at 1600x900 under Xvfb
(software OpenGL), with the bundled data and with 100,000 events clustered around the Caucasus
(generated in Chronomap's GeoJSON format into a temporary folder). Median of N runs each.
Each run starts chronomap, drags the map with xdotool for several seconds (more than the 300 frames
the state keeps), and reads frame_ms.median from --state-out after SIGUSR1.
Usage: bench_map_pan.py --exe build/chronomap [--runs 3] [--events 100000] [--seconds 8]"""
import argparse
import json
import math
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time


def make_events(path, n):
    """n events around a few Caucasus centres (Gaussian blobs), spread over 2020-2023."""
    rnd = random.Random(11)
    centres = [(46.75, 39.82, 0.35), (44.51, 40.18, 0.3), (49.87, 40.41, 0.4), (44.8, 41.7, 0.3), (46.3, 39.2, 0.25),
               (45.5, 40.9, 0.6), (47.5, 40.3, 0.8)]
    cats = ["war", "strikes", "civilian_harm", "diplomacy", "deployment", "unrest", "alliance", "displacement"]
    with open(path, "w") as f:
        f.write('{"type":"FeatureCollection","name":"bench %d events","features":[\n' % n)
        for i in range(n):
            lon0, lat0, s = rnd.choice(centres)
            lon, lat = lon0 + rnd.gauss(0, s), lat0 + rnd.gauss(0, s * 0.7)
            day = rnd.randrange(0, 1400)
            t = time.gmtime(1577836800 + day * 86400)
            props = {"id": "b%d" % i, "title": "Bench event %d" % i, "start": time.strftime("%Y-%m-%d", t),
                     "precision": "day", "category": rnd.choice(cats)}
            if rnd.random() < 0.6:
                props["fatalities_best"] = int(rnd.expovariate(0.3))
            f.write(json.dumps({"type": "Feature", "properties": props,
                                "geometry": {"type": "Point", "coordinates": [round(lon, 5), round(lat, 5)]}}))
            f.write(",\n" if i + 1 < n else "\n")
        f.write("]}\n")


def xdo(*args):
    subprocess.run(["xdotool", *args], check=True, capture_output=True)


def one_run(exe, args, seconds, tmp):
    state = os.path.join(tmp, "state.json")
    if os.path.exists(state):
        os.remove(state)
    p = subprocess.Popen([exe, "--state-out", state, "--size", "1600x900", *args],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        win = None
        deadline = time.time() + 120
        while time.time() < deadline and not win:
            out = subprocess.run(["xdotool", "search", "--pid", str(p.pid), "--name", "^Chronomap$"], capture_output=True, text=True)
            win = out.stdout.split()[0] if out.stdout.split() else None
            time.sleep(0.2)
        if not win:
            raise SystemExit("no window")
        time.sleep(2.0)  # the data loads on a worker; let the first frames settle
        st = read_state(p, state)
        m = st["panels"]["map"]
        cx, cy = m[0] + m[2] / 2, m[1] + m[3] / 2
        r = min(m[2], m[3]) * 0.3
        xdo("mousemove", "--window", win, str(int(cx + r)), str(int(cy)))
        xdo("mousedown", "1")
        t0 = time.time()
        k = 0
        while time.time() - t0 < seconds:
            a = k * 0.05
            xdo("mousemove", "--window", win, str(int(cx + r * math.cos(a))), str(int(cy + r * math.sin(a))))
            k += 1
        st = read_state(p, state)
        xdo("mouseup", "1")
        r = st.get("redraw", {})
        return (st["frame_ms"]["median"], st["frame_ms"]["p95"], st["frame_ms"]["frames"], st["counts"]["loaded"],
                "%s, %d of %d frames drawn in part" % (st.get("map_style"), r.get("partial", 0), r.get("frames", 0)))
    finally:
        p.send_signal(signal.SIGTERM)
        try:
            p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            p.kill()


def read_state(p, path):
    before = os.path.getmtime(path) if os.path.exists(path) else 0
    p.send_signal(signal.SIGUSR1)
    deadline = time.time() + 30
    while time.time() < deadline:
        if os.path.exists(path) and os.path.getmtime(path) != before:
            time.sleep(0.1)
            with open(path) as f:
                return json.load(f)
        time.sleep(0.05)
        p.send_signal(signal.SIGUSR1)
    raise SystemExit("no state written")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--exe", required=True)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--events", type=int, default=100000)
    ap.add_argument("--seconds", type=float, default=8.0)
    a = ap.parse_args()
    if not os.environ.get("DISPLAY"):
        os.execvp("xvfb-run", ["xvfb-run", "-a", "-s", "-screen 0 1600x900x24", sys.executable] + sys.argv)
    tmp = tempfile.mkdtemp()
    big = os.path.join(tmp, "caucasus-%d.geojson" % a.events)
    make_events(big, a.events)
    cases = [("bundled data", [], 16.0), ("%d events around the Caucasus" % a.events, [big, "--window", "all"], 33.0)]
    ok = True
    for name, args, budget in cases:
        meds = []
        for _ in range(a.runs):
            med, p95, frames, loaded, style = one_run(a.exe, args, a.seconds, tmp)
            meds.append(med)
            print("  %s: median %.2f ms, p95 %.2f ms over %d frames (%d events, %s)" % (name, med, p95, frames, loaded, style))
        m = statistics.median(meds)
        ok = ok and m <= budget
        print("%s: median frame_ms while panning %.2f ms (budget %.0f ms) %s" % (name, m, budget, "OK" if m <= budget else "OVER"))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
