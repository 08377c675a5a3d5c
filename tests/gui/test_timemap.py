#!/usr/bin/env python3
"""GUI test of a Forensic Architecture timemap export, run under Xvfb: the real program opens
tests/data/timemap/events.json (its associations.json and sources.json found beside it), draws its
events, selects one by clicking it on the map (the details panel then shows its category and its
sources: see the screenshot), and reads the export again from a project naming its folder with a
category filter, and adds it through File > Open, searching for a narrative kept in the descriptions."""
import argparse
import json
import math
import os
import subprocess
import time

from chronomap_driver import Checks, Chronomap

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = os.path.normpath(os.path.join(HERE, "..", "data", "timemap"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--exe", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    checks = Checks()
    check = checks.check

    # 1. The events file on the command line: events drawn, one clicked, its details shown.
    app = Chronomap(a.exe, a.out, "timemap", [os.path.join(FIXTURE, "events.json"), "--no-basemap"])
    try:
        st = app.wait_ready()
        check(st["counts"]["loaded"] == 8, "8 timemap events loaded (%d)" % st["counts"]["loaded"])
        check(st["counts"]["on_timeline"] == 8, "all 8 on the timeline (%d)" % st["counts"]["on_timeline"])
        check(st["counts"]["on_map"] == 6, "6 with a place on the map (%d): two have no usable coordinates" % st["counts"]["on_map"])
        err = app.stderr()
        check("events.json, row 7, field 'date': missing; skipped (event CIV0007)" in err, "the event without a date is reported by row and field")
        check("row 5, field 'longitude': 'not known' is not a longitude" in err, "the bad longitude is reported")
        check("'SRC404' is not in sources.json" in err, "the source missing from sources.json is reported")
        check("cannot open" not in err, "no 'cannot open'")
        pts = {e["id"]: e for e in st["events"] if e["map"]}
        m = st["panels"]["map"]
        target = pts.get("CIV0001")
        check(target is not None, "CIV0001 (Uman) is on the map")
        if target:
            x, y = target["map"]
            near = min([math.hypot(x - o["map"][0], y - o["map"][1]) for k, o in pts.items() if k != "CIV0001"] + [1e9])
            check(m[0] < x < m[0] + m[2] and m[1] < y < m[1] + m[3] and near > 12,
                  "its symbol lies inside the map panel, clear of the others (%.0f px)" % near)
            app.click(x, y)
            st = app.state()
            check(st["selected"] == "CIV0001", "clicking it selects it (selected=%s)" % st["selected"])
            shot = app.screenshot("selected")
            print("     details panel: %s" % shot)
        app.key("ctrl+q")
        check(app.wait_exit() == 0, "Ctrl+Q exits with status 0")
    finally:
        app.close()

    # 2. A project naming the export's folder, filtered to one category: the FILTER association
    #    listed first in associations.json is each event's category.
    project = os.path.join(a.out, "timemap-filter.chronomap")
    with open(project, "w") as f:
        json.dump({"format": "chronomap-project", "version": 1, "sources": [{"path": FIXTURE}], "no_basemap": True,
                   "filters": {"categories": ["Residential"]}}, f)
    app = Chronomap(a.exe, a.out, "timemap-project", ["--project", project])
    try:
        st = app.wait_ready()
        check(st["counts"]["loaded"] == 8, "the folder in a project loads the same 8 events (%d)" % st["counts"]["loaded"])
        check(st["filters"]["categories"] == ["Residential"], "the project's category filter is on")
        check(st["counts"]["filtered"] == 2, "2 events in category Residential (CIV0001, listed MISSILE then RESIDENTIAL, and CIV0003) (%d)"
              % st["counts"]["filtered"])
        app.screenshot("residential")
    finally:
        app.close()

    # 3. File > Open adds the export to what is shown (here the bundled events); narratives are kept in
    #    the descriptions, where the search finds them.
    app = Chronomap(a.exe, a.out, "timemap-open", ["--no-basemap", "--filter", "Siege of Mariupol"])
    try:
        st = app.wait_ready()
        before = st["counts"]["loaded"]
        check(before > 0 and st["counts"]["filtered"] == 0, "the bundled events, none about Mariupol (%d)" % before)
        app.key("ctrl+o")
        st = app.state()
        w = st["widgets"].get("open.path")
        check(w is not None, "File > Open (Ctrl+O) shows its path box")
        if w:
            app.click(w[0] + w[2] / 2, w[1] + w[3] / 2)
            # Held as a hand presses keys: ImGui 1.86 reads key state once a frame.
            subprocess.run(["xdotool", "keydown", "ctrl+a"], check=True)
            time.sleep(0.15)
            subprocess.run(["xdotool", "keyup", "ctrl+a"], check=True)
            time.sleep(0.2)
            subprocess.run(["xdotool", "type", "--delay", "5", os.path.join(FIXTURE, "events.json")], check=True)
            time.sleep(0.2)
            subprocess.run(["xdotool", "keydown", "Return"], check=True)
            time.sleep(0.12)
            subprocess.run(["xdotool", "keyup", "Return"], check=True)
            deadline = time.time() + 30
            st = app.state()
            while time.time() < deadline and st["counts"]["loaded"] < before + 8:
                time.sleep(0.3)
                st = app.state()
            check(st["counts"]["loaded"] == before + 8, "File > Open events.json adds its 8 events (%d -> %d)" % (before, st["counts"]["loaded"]))
            check(st["counts"]["filtered"] == 2, "searching a narrative's title finds its 2 events (%d)" % st["counts"]["filtered"])
            app.screenshot("opened")
    finally:
        app.close()
    checks.finish()


if __name__ == "__main__":
    main()
