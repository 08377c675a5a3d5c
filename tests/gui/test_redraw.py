#!/usr/bin/env python3
"""GUI test of partial redraws under Xvfb with real input (xdotool): while the map is panned, frames
are drawn in part (state: redraw.partial) and the panels around the map stay exactly as they were; the
status line's changed count, redrawn alone, matches a whole frame pixel for pixel; a tooltip that
reached over the timeline or the side panel leaves no trace once it goes; CHRONOMAP_FULL_REDRAW=1
draws every frame whole. Screenshots: tests/gui/redraw-*.png in the build tree."""
import argparse
import math
import os
import time

from chronomap_driver import Checks, Chronomap


def isolated(events, m, min_gap, x_range, y_range):
    """Events drawn alone: no other symbol within min_gap px, inside the given window ranges."""
    pts = [e for e in events if e["map"]]
    out = []
    for e in pts:
        d = min([math.hypot(e["map"][0] - o["map"][0], e["map"][1] - o["map"][1]) for o in pts if o is not e] + [1e9])
        if d > min_gap and x_range[0] < e["map"][0] < x_range[1] and y_range[0] < e["map"][1] < y_range[1]:
            out.append((d, e))
    return [e for _, e in sorted(out, key=lambda c: -c[0])]


def empty_spot(events, m):
    """A point of the map panel at least 60 px from every symbol, away from the legend and toolbars."""
    pts = [e["map"] for e in events if e["map"]]
    best = None
    for gx in range(8):
        for gy in range(6):
            x, y = m[0] + m[2] * (0.3 + 0.6 * gx / 7), m[1] + m[3] * (0.2 + 0.6 * gy / 5)
            d = min([math.hypot(x - p[0], y - p[1]) for p in pts] + [1e9])
            if best is None or d > best[0]:
                best = (d, x, y)
    return best[1], best[2]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--exe", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    checks = Checks()
    check = checks.check

    app = Chronomap(a.exe, a.out, "redraw")
    try:
        app.wait_ready()
        time.sleep(1.5)  # the relief shading arrives after the first frame
        st = app.state()
        m, tl, side, status = st["panels"]["map"], st["panels"]["timeline"], st["panels"]["details"], st["panels"]["status"]
        on_map_before = st["counts"]["on_map"]
        before = app.pixels("before")
        r0 = st["redraw"]

        # Pan with the mouse: the map moves, the panels around it are not redrawn and do not change.
        cx, cy = m[0] + m[2] * 0.5, m[1] + m[3] * 0.5
        app.drag(cx, cy, cx - 320, cy - 160, steps=20)
        st = app.state()
        r1 = st["redraw"]
        kept = r1["partial"] - r0["partial"]
        check(kept >= 5, "frames while panning drawn in part: %d of %d" % (kept, r1["frames"] - r0["frames"]))
        on_map0 = st["counts"]["on_map"]
        panned = app.pixels("panned")
        check(before.differing(panned, m) > 10000, "the map moved on screen (%d px changed)" % before.differing(panned, m))
        n = before.differing(panned, tl)
        check(n == 0, "the timeline is exactly as before the pan (%d px differ)" % n)
        n = before.differing(panned, side)
        check(n == 0, "the side panel is exactly as before the pan (%d px differ)" % n)
        check(on_map0 != on_map_before, "the status line's count changed while panning (%d -> %d)" % (on_map_before, on_map0))

        # A toolbar tooltip changes nothing else: hovering the Clusters box shows one over the side
        # panel; once it goes, the side panel must be as it was (the frame after a tooltip outside the
        # map is drawn whole).
        st = app.state()
        box = [st["widgets"]["map.clusters"]] if "map.clusters" in st.get("widgets", {}) else []
        check(len(box) == 1, "the Clusters checkbox is reported")
        if box:
            bx, by, bw, bh = box[0]
            away = empty_spot(st["events"], m)
            app.move(*away)
            quiet = app.pixels("quiet")
            n = quiet.differing(panned, (status[0] + 1, status[1], status[2] - 1, status[3]))
            check(n == 0, "resting the pointer on the map changes nothing below it (%d px differ)" % n)
            app.move(bx + bw * 0.5, by + bh * 0.5)
            time.sleep(0.8)  # tooltips wait for the pointer to rest
            tip = app.pixels("clusters-tooltip")
            n = quiet.differing(tip, side)
            check(n > 200, "the Clusters tooltip reaches over the side panel (%d px)" % n)
            app.move(*away)
            gone = app.pixels("clusters-tooltip-gone")
            n = quiet.differing(gone, side)
            check(n == 0, "no trace of it is left on the side panel (%d px differ)" % n)
            # That frame was drawn whole; the status line drawn in part while panning must look the
            # same (its first column holds the frame marker, which changes every frame).
            n = quiet.differing(gone, (status[0] + 1, status[1], status[2] - 1, status[3]))
            check(n == 0, "the status line drawn in part matches a whole frame (%d px differ)" % n)
        # Bring an event to just above the map's bottom edge and hover it: its tooltip reaches over the
        # timeline. Moving off it must leave the timeline as it was.
        st = app.state()
        cands = isolated(st["events"], m, 24, (m[0] + 240, m[0] + m[2] - 320), (m[1] + 40, m[1] + m[3] - 20))
        check(len(cands) > 0, "an isolated event to hover")
        if cands:
            ev = cands[0]
            dy = (m[1] + m[3] - 22) - ev["map"][1]
            sx, sy = empty_spot(st["events"], m)
            sy = min(sy, m[1] + m[3] - 30 - max(dy, 0))
            app.drag(sx, sy, sx, sy + dy, steps=15)
            st = app.state()
            now = [e for e in st["events"] if e["id"] == ev["id"]][0]
            check(bool(now["map"]) and abs(now["map"][1] - (m[1] + m[3] - 22)) < 3,
                  "%s moved to just above the map's bottom edge (%s)" % (ev["id"], now["map"]))
            away = empty_spot(st["events"], m)
            app.move(*away)
            quiet = app.pixels("quiet2")
            app.move(*now["map"])
            st = app.state()
            check(st["hovered"] == ev["id"], "hovering %s (hovered=%s)" % (ev["id"], st["hovered"]))
            tip = app.pixels("tooltip")
            n = quiet.differing(tip, tl)
            check(n > 200, "its tooltip reaches over the timeline (%d px)" % n)
            app.move(*away)
            st = app.state()
            check(st["hovered"] is None, "hovering nothing again (hovered=%s)" % st["hovered"])
            gone = app.pixels("tooltip-gone")
            n = quiet.differing(gone, tl)
            check(n == 0, "no trace of the tooltip is left on the timeline (%d px differ)" % n)
            n = quiet.differing(gone, side)
            check(n == 0, "nor on the side panel (%d px differ)" % n)

    finally:
        app.close()

    # The switch for drivers that misbehave: every frame drawn whole.
    os.environ["CHRONOMAP_FULL_REDRAW"] = "1"
    full = Chronomap(a.exe, a.out, "redraw-full")
    del os.environ["CHRONOMAP_FULL_REDRAW"]
    try:
        st = full.wait_ready()
        m = st["panels"]["map"]
        cx, cy = m[0] + m[2] * 0.5, m[1] + m[3] * 0.5
        full.drag(cx, cy, cx - 120, cy - 60, steps=10)
        st = full.state()
        check(st["redraw"]["frames"] > 5 and st["redraw"]["partial"] == 0,
              "CHRONOMAP_FULL_REDRAW=1: %d frames, none partial" % st["redraw"]["frames"])
    finally:
        full.close()
    checks.finish()


if __name__ == "__main__":
    main()
