#!/usr/bin/env python3
"""GUI test of the timeline under Xvfb with real input (xdotool): the wheel keeps the time under the
pointer within 1 px; Space plays and pauses; Right steps to the next event; Shift-drag sets a range
that --state-out reports as timeline.range, Esc clears it; a date typed into the go-to box jumps
there (a smooth zoom: the state reports animating until it lands); selecting on the map an event
outside the zoomed-in timeline scrolls the timeline to show it; a project's precision filter is the
timeline's too (filters.min_precision, and the timeline shows exactly the filtered events).
Saves screenshots of the all-data, 2020-war, 13-14 Sep 2022 and map-selection views into the out dir."""
import argparse
import datetime
import json
import math
import os
import subprocess
import sys
import time

from chronomap_driver import Checks, Chronomap

HERE = os.path.dirname(os.path.abspath(__file__))
EVENTS = os.path.join(HERE, "..", "..", "assets", "events", "karabakh-csto.geojson")


def iso_to_seconds(s):
    if "T" in s:
        return datetime.datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc).timestamp()
    return datetime.datetime.strptime(s, "%Y-%m-%d").replace(tzinfo=datetime.timezone.utc).timestamp()


def earliest(start):
    """Earliest second a start value of the bundled events stands for (as geo::parseIso8601)."""
    if len(start) == 4:
        start += "-01-01"
    elif len(start) == 7:
        start += "-01"
    if "T" not in start:
        return iso_to_seconds(start)
    d = datetime.datetime.fromisoformat(start.replace("Z", "+00:00"))
    if d.tzinfo is None:
        d = d.replace(tzinfo=datetime.timezone.utc)
    return d.timestamp()


def event_starts():
    with open(EVENTS) as f:
        d = json.load(f)
    out = {}
    for ft in d["features"]:
        p = ft["properties"]
        if p.get("era"):
            continue
        out[p["id"]] = earliest(p["start"])
    return out


def time_at(st, x):
    t0, t1 = iso_to_seconds(st["timeline"]["start"]), iso_to_seconds(st["timeline"]["end"])
    ax = st["timeline"]["axis"]
    return t0 + (x - ax[0]) / ax[2] * (t1 - t0)


def x_of(st, t):
    t0, t1 = iso_to_seconds(st["timeline"]["start"]), iso_to_seconds(st["timeline"]["end"])
    ax = st["timeline"]["axis"]
    return ax[0] + (t - t0) / (t1 - t0) * ax[2]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--exe", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()

    app = Chronomap(a.exe, a.out, "timeline")
    checks = Checks()
    failures = checks.failures
    check = checks.check
    starts = event_starts()


    def settled(timeout=3.0):
        """The state once the smooth zoom (presets, Home, go to) has landed."""
        deadline = time.time() + timeout
        st = app.state()
        while st["animating"] and not st["playing"] and time.time() < deadline:
            time.sleep(0.1)
            st = app.state()
        return st

    def type_text(text):
        subprocess.run(["xdotool", "windowfocus", "--sync", app.window], check=False, capture_output=True)
        subprocess.run(["xdotool", "type", "--delay", "60", text], check=True)
        time.sleep(0.3)

    try:
        st = app.wait_ready()
        tl = st["panels"]["timeline"]
        ax = st["timeline"]["axis"]
        check(st["mode"] == "cumulative" and st["window_s"] is None, "cumulative is the default mode")
        app.key("Home")
        settled()
        app.move(ax[0] + ax[2] * 0.5, tl[1] - 40)  # off the timeline: no tooltip in the picture
        app.screenshot("all-data")

        # 1. The wheel keeps the time under the pointer (within 1 px), zooming in and out.
        px, py = ax[0] + ax[2] * 0.63, ax[1] - 12
        st = app.state()
        t_under = time_at(st, px)
        span0 = iso_to_seconds(st["timeline"]["end"]) - iso_to_seconds(st["timeline"]["start"])
        app.wheel(px, py, 4)
        st = app.state()
        span1 = iso_to_seconds(st["timeline"]["end"]) - iso_to_seconds(st["timeline"]["start"])
        check(span1 < span0 * 0.6, "the wheel zooms in (%.0f d -> %.0f d)" % (span0 / 86400, span1 / 86400))
        check(abs(x_of(st, t_under) - px) <= 1.0, "zooming in keeps the time under the pointer (%.2f px off)" % abs(x_of(st, t_under) - px))
        app.wheel(px, py, -2)
        st = app.state()
        check(abs(x_of(st, t_under) - px) <= 1.0, "zooming out keeps it too (%.2f px off)" % abs(x_of(st, t_under) - px))
        app.key("Home")
        st = app.state()
        st_mid = dict(st["timeline"])
        st = settled()
        span_home = iso_to_seconds(st["timeline"]["end"]) - iso_to_seconds(st["timeline"]["start"])
        check(st["animating"] is False and span_home > span0 * 0.95, "Home zooms out to all the data and stops animating (%.0f d)" % (span_home / 86400))
        print("     Home: first state after the key %s .. %s" % (st_mid["start"], st_mid["end"]))

        # 2. Space plays (time advances), Space again pauses. Start from the middle of the axis.
        st = app.state()
        ax = st["timeline"]["axis"]
        app.click(ax[0] + ax[2] * 0.5, ax[1] + ax[3] * 0.5)
        st = app.state()
        t_before = iso_to_seconds(st["time"])
        app.key("space")
        time.sleep(1.0)
        st = app.state()
        check(st["playing"] is True, "Space starts playing")
        t_play = iso_to_seconds(st["time"])
        check(t_play > t_before + 86400, "time advances while playing (%s)" % st["time"])
        check(st["animating"] is True, "the window keeps drawing while playing")
        app.key("space")
        st = app.state()
        check(st["playing"] is False, "Space again pauses")
        t_paused = iso_to_seconds(st["time"])
        time.sleep(0.6)
        check(iso_to_seconds(app.state()["time"]) == t_paused, "paused: time stays put")

        # 3. Right steps to the next event's start, Left back.
        app.key("Right")
        st = app.state()
        t_next = iso_to_seconds(st["time"])
        want = min([s for s in starts.values() if s > t_paused] or [None])
        check(want is not None and t_next == want, "Right steps to the next event (%s)" % st["time"])
        check(st["selected"] in starts and starts[st["selected"]] == t_next, "and selects it (%s)" % st["selected"])
        app.key("Left")
        st = app.state()
        check(iso_to_seconds(st["time"]) < t_next, "Left steps back (%s)" % st["time"])

        # 4. Shift-drag brushes a range; Esc clears it.
        st = app.state()
        ax = st["timeline"]["axis"]
        x0, x1, y = ax[0] + ax[2] * 0.30, ax[0] + ax[2] * 0.45, ax[1] - 15
        subprocess.run(["xdotool", "windowfocus", "--sync", app.window], check=False, capture_output=True)
        app.move(x0, y)
        subprocess.run(["xdotool", "keydown", "shift"], check=True)
        time.sleep(0.2)
        app.drag(x0, y, x1, y)
        subprocess.run(["xdotool", "keyup", "shift"], check=True)
        time.sleep(0.2)
        st = app.state()
        rng = st["timeline"]["range"]
        check(isinstance(rng, list) and len(rng) == 2, "Shift-drag sets timeline.range (%s)" % rng)
        if isinstance(rng, list):
            e0, e1 = x_of(st, iso_to_seconds(rng[0])), x_of(st, iso_to_seconds(rng[1]))
            check(abs(e0 - x0) <= 1.5 and abs(e1 - x1) <= 1.5, "the range is the dragged span (%.1f, %.1f px off)" % (e0 - x0, e1 - x1))
        app.screenshot("range")
        app.key("Escape")
        st = app.state()
        check(st["timeline"]["range"] is None, "Esc clears the range")

        # 5. Typed dates jump there: the 2020 war, then 13 Sep 2022.
        tl = st["panels"]["timeline"]
        box = (tl[0] + tl[2] - 50, tl[1] + tl[3] - 16)
        app.click(*box)
        type_text("Oct 2020")
        app.key("Return")
        st = settled()
        check(st["time"] == "2020-10-01", "go to 'Oct 2020' sets the time (%s)" % st["time"])
        t0, t1 = iso_to_seconds(st["timeline"]["start"]), iso_to_seconds(st["timeline"]["end"])
        check(t0 < iso_to_seconds("2020-10-01") and t1 > iso_to_seconds("2020-10-31") and t1 - t0 < 60 * 86400,
              "and shows October 2020 (%s .. %s)" % (st["timeline"]["start"], st["timeline"]["end"]))
        app.move(tl[0] + tl[2] * 0.5, tl[1] - 40)
        app.screenshot("war-2020")

        app.click(*box)
        type_text("2022-09-13")
        app.key("Return")
        st = settled()
        check(st["time"] == "2022-09-13", "go to '2022-09-13' jumps there (%s)" % st["time"])
        t0, t1 = iso_to_seconds(st["timeline"]["start"]), iso_to_seconds(st["timeline"]["end"])
        check(t0 <= iso_to_seconds("2022-09-13") and t1 >= iso_to_seconds("2022-09-14") and t1 - t0 <= 4 * 86400,
              "and shows 13-14 Sep 2022 (%s .. %s)" % (st["timeline"]["start"], st["timeline"]["end"]))
        app.move(tl[0] + tl[2] * 0.5, tl[1] - 40)
        app.screenshot("sep-2022")
        check(st["counts"]["on_timeline"] >= 1, "events drawn at the 13-14 Sep 2022 view (%d)" % st["counts"]["on_timeline"])

        # 6. Selecting on the map an event outside the (zoomed-in) timeline scrolls the timeline to it.
        t0, t1 = iso_to_seconds(st["timeline"]["start"]), iso_to_seconds(st["timeline"]["end"])
        m = st["panels"]["map"]
        pts = [e for e in st["events"] if e["map"]]
        cands = []
        for e in pts:
            if e["id"] not in starts or t0 <= starts[e["id"]] <= t1 or e["timeline"] is not None:
                continue
            d = min([math.hypot(e["map"][0] - o["map"][0], e["map"][1] - o["map"][1]) for o in pts if o is not e] + [1e9])
            if d > 30 and m[0] + 260 < e["map"][0] < m[0] + m[2] - 60 and m[1] + 80 < e["map"][1] < m[1] + m[3] - 60:
                cands.append((d, e))
        check(len(cands) > 0, "an isolated event on the map, off the timeline's %s .. %s" % (st["timeline"]["start"], st["timeline"]["end"]))
        if cands:
            ev = max(cands, key=lambda c: c[0])[1]
            app.click(*ev["map"])
            st = settled()
            check(st["selected"] == ev["id"], "clicking it on the map selects it (%s)" % st["selected"])
            t0, t1 = iso_to_seconds(st["timeline"]["start"]), iso_to_seconds(st["timeline"]["end"])
            check(t0 <= starts[ev["id"]] <= t1, "the timeline scrolled to show it (%s .. %s, event at %s)" % (
                st["timeline"]["start"], st["timeline"]["end"],
                datetime.datetime.fromtimestamp(starts[ev["id"]], datetime.timezone.utc).isoformat()))
            check(t1 - t0 <= 4 * 86400, "keeping the zoom (%.1f d)" % ((t1 - t0) / 86400))
            tl_ev = [e for e in st["events"] if e["id"] == ev["id"]]
            check(bool(tl_ev) and tl_ev[0]["timeline"] is not None, "and draws it there (%s)" % (tl_ev[0]["timeline"] if tl_ev else None))
            app.move(m[0] + m[2] * 0.5, m[1] + 30)
            app.screenshot("map-selection")

        app.key("ctrl+q")
        check(app.wait_exit() == 0, "Ctrl+Q exits")
    finally:
        app.close()

    # 7. One precision filter: a project's filters.min_precision is the timeline's, and the timeline
    # shows exactly the filtered events (all mode, all data in view).
    proj = os.path.join(a.out, "timeline-precision.chronomap")
    with open(proj, "w") as f:
        json.dump({"format": "chronomap-project", "version": 1, "sources": [os.path.abspath(EVENTS)], "mode": "all",
                   "filters": {"min_precision": "day"}}, f)
    app = Chronomap(a.exe, a.out, "timeline-precision", ["--project", proj])
    try:
        st = app.wait_ready()
        app.key("Home")
        st = settled()
        check(st["filters"]["min_precision"] == "day", "the project's precision filter stays (%s)" % st["filters"]["min_precision"])
        c = st["counts"]
        check(c["filtered"] < c["loaded"], "it hides the less precise events (%d of %d)" % (c["filtered"], c["loaded"]))
        check(c["on_timeline"] == c["filtered"], "the timeline shows exactly the filtered events (%d, filtered %d)" % (
            c["on_timeline"], c["filtered"]))
        app.move(10, 10)
        app.screenshot("precision-day")
        app.key("ctrl+q")
        app.wait_exit()
    finally:
        app.close()
    checks.finish()


if __name__ == "__main__":
    main()
