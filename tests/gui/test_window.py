#!/usr/bin/env python3
"""GUI test of the walking skeleton, run under Xvfb: start the real program, hover an event on the
map, click it, drag the timeline's playhead, measure the idle CPU, press Ctrl+Q, and check hovered,
selected and time in the state written on exit. Saves screenshots next to the state files."""
import argparse
import datetime
import math
import re
import sys
import time

from chronomap_driver import Checks, Chronomap


def iso_to_seconds(s):
    if "T" in s:
        return datetime.datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc).timestamp()
    return datetime.datetime.strptime(s, "%Y-%m-%d").replace(tzinfo=datetime.timezone.utc).timestamp()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--exe", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()

    app = Chronomap(a.exe, a.out, "window")
    checks = Checks()
    failures = checks.failures
    check = checks.check

    try:
        st = app.wait_ready()
        check(st["counts"]["loaded"] >= 70, "bundled events loaded (%d)" % st["counts"]["loaded"])
        check(st["counts"]["on_map"] > 20, "events drawn on the map (%d)" % st["counts"]["on_map"])
        m = st["panels"]["map"]
        check(m[2] > 800 and m[3] > 400, "map panel fills the main area %s" % m)
        check(st["panels"]["details"][0] >= m[0] + m[2] - 1, "details panel on the right")
        check(st["panels"]["timeline"][1] >= m[1] + m[3] - 1, "timeline under the map")
        first = re.search(r"first frame with \d+ events shown (\d+) ms after start", app.stderr())
        check(first is not None, "--verbose prints the first frame's time")
        if first:
            print("     first frame at %s ms" % first.group(1))
        app.screenshot("start")

        # Pick an event on the map with no other symbol within 20 px, drawn early enough that it
        # stays visible when the playhead moves to the middle of the axis.
        axis = st["timeline"]["axis"]
        target_x = axis[0] + axis[2] * 0.55
        pts = [e for e in st["events"] if e["map"]]
        cands = []
        for e in pts:
            if not e["timeline"] or e["timeline"][0] > target_x - 15:
                continue
            d = min([math.hypot(e["map"][0] - o["map"][0], e["map"][1] - o["map"][1]) for o in pts if o is not e] + [1e9])
            if d > 20 and m[0] + 40 < e["map"][0] < m[0] + m[2] - 40 and m[1] + 60 < e["map"][1] < m[1] + m[3] - 40:
                cands.append((d, e))
        check(len(cands) > 0, "an isolated early event on the map to point at")
        ev = max(cands, key=lambda c: c[0])[1]
        x, y = ev["map"]

        app.move(x, y)
        st = app.state()
        check(st["hovered"] == ev["id"], "hovering %s on the map: hovered=%s" % (ev["id"], st["hovered"]))
        app.screenshot("hover")

        app.click(x, y)
        st = app.state()
        check(st["selected"] == ev["id"], "clicking selects it: selected=%s" % st["selected"])
        app.screenshot("selected")

        # Click on empty sea far from any event clears the selection, then select again.
        empties = [(m[0] + m[2] * fx, m[1] + m[3] * fy) for fx in (0.9, 0.95, 0.85) for fy in (0.5, 0.6, 0.4)]
        ex, ey = min(empties, key=lambda p: -min(math.hypot(p[0] - o["map"][0], p[1] - o["map"][1]) for o in pts))
        app.click(ex, ey)
        st = app.state()
        check(st["selected"] is None, "clicking empty map clears the selection")
        app.click(x, y)

        # Drag the playhead to the middle of the axis.
        before = st["time"]
        ph = st["timeline"]["playhead_x"]
        tl = st["panels"]["timeline"]
        app.drag(ph, tl[1] + 4, target_x, tl[1] + 30)
        st = app.state()
        t0, t1 = iso_to_seconds(st["timeline"]["start"]), iso_to_seconds(st["timeline"]["end"])
        expect = t0 + (target_x - axis[0]) / axis[2] * (t1 - t0)
        got = iso_to_seconds(st["time"])
        px_per_s = axis[2] / (t1 - t0)
        check(st["time"] != before, "dragging the playhead changes the time (%s -> %s)" % (before, st["time"]))
        check(abs(got - expect) * px_per_s <= 1.5, "the time is the one under the pointer (%.2f px off)" % (abs(got - expect) * px_per_s))
        check(abs(st["timeline"]["playhead_x"] - target_x) <= 1.5, "the playhead follows the pointer")
        on_map_after = st["counts"]["on_map"]
        check(on_map_after < len(pts), "the map shows fewer events at the earlier time (%d < %d)" % (on_map_after, len(pts)))
        app.screenshot("scrubbed")

        # Clicking on the date axis sets the time too.
        ax_x = axis[0] + axis[2] * 0.5
        app.click(ax_x, axis[1] + axis[3] * 0.5)
        st = app.state()
        check(abs(st["timeline"]["playhead_x"] - ax_x) <= 1.5, "clicking the axis moves the playhead there")

        # Back over the event, then idle: under 2% of one core over 10 s after 5 s without input.
        app.move(x, y)
        time.sleep(5)
        c0 = app.cpu_seconds()
        time.sleep(10)
        cpu = (app.cpu_seconds() - c0) / 10.0 * 100.0
        print("     idle CPU: %.2f%% of one core" % cpu)
        check(cpu < 2.0, "idle window uses under 2%% of one core (%.2f%%)" % cpu)

        # UI scale: Ctrl+= enlarges, Ctrl+0 resets.
        st = app.state()
        scale0, details0 = st["ui_scale"], st["panels"]["details"][2]
        app.key("ctrl+equal")
        st = app.state()
        check(st["ui_scale"] > scale0, "Ctrl+= enlarges the UI (%s -> %s)" % (scale0, st["ui_scale"]))
        check(st["panels"]["details"][2] >= details0, "the side panel grows with the text")
        app.screenshot("larger-text")
        app.key("ctrl+0")
        st = app.state()
        check(st["ui_scale"] == scale0, "Ctrl+0 resets the UI scale")
        app.move(x, y)

        final_time = app.state()["time"]
        app.key("ctrl+q")
        rc = app.wait_exit()
        check(rc == 0, "Ctrl+Q exits with status 0 (got %s)" % rc)
        import json
        with open(app.state_path) as f:
            st = json.load(f)
        check(st["hovered"] == ev["id"], "state on exit: hovered=%s" % st["hovered"])
        check(st["selected"] == ev["id"], "state on exit: selected=%s" % st["selected"])
        check(st["time"] == final_time, "state on exit: time=%s" % st["time"])
        check(st["frame_ms"]["median"] > 0, "frame_ms reported (median %.2f ms, p95 %.2f ms)" % (st["frame_ms"]["median"], st["frame_ms"]["p95"]))
    finally:
        app.close()
    checks.finish()


if __name__ == "__main__":
    main()
