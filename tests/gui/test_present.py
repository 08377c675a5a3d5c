#!/usr/bin/env python3
"""GUI test of presenter mode, run under Xvfb at 1920x1080: start the real program with --present
--story (full screen), press PageDown through every step of the bundled story and check, for each,
the step number, the time and the view that --state-out reports once the transition has settled
(animating false); take a screenshot of every step (look at them: tests/gui/present-step-NN.png in the
build tree). Then B (black), End/Home, Esc (leave: the story stays loaded, the chrome returns), F5
(back in, on the same step), and Ctrl+Q."""
import argparse
import datetime
import json
import os
import sys
import time

from chronomap_driver import Checks, Chronomap

HERE = os.path.dirname(os.path.abspath(__file__))
STORY = os.path.normpath(os.path.join(HERE, "..", "..", "assets", "stories", "csto-karabakh.json"))


def first_instant(t):
    """The first instant of an ISO 8601 date as the program writes it ("2022-09-14")."""
    parts = t.split("T")[0].split("-")
    y = int(parts[0])
    m = int(parts[1]) if len(parts) > 1 else 1
    d = int(parts[2]) if len(parts) > 2 else 1
    return datetime.date(y, m, d).isoformat()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--exe", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    with open(STORY) as f:
        story = json.load(f)
    steps = story["steps"]

    app = Chronomap(a.exe, a.out, "present", ["--present", "--story", STORY, "--size", "1920x1080"])
    checks = Checks()
    failures = checks.failures
    check = checks.check

    def settled(expect_step, timeout=8.0):
        deadline = time.time() + timeout
        st = app.state()
        while time.time() < deadline and (st["animating"] or (st["story"] or {}).get("step") != expect_step):
            time.sleep(0.15)
            st = app.state()
        return st

    def check_step(st, n):
        step = steps[n - 1]
        check(st["story"] is not None and st["story"]["step"] == n and st["story"]["steps"] == len(steps),
              "step %d of %d reported (%s)" % (n, len(steps), st["story"]))
        check(not st["animating"], "step %d: the transition settled" % n)
        check(st["time"].split("T")[0] == first_instant(step["time"]),
              "step %d: time %s (story: %s)" % (n, st["time"], step["time"]))
        want = step.get("mode", "cumulative")
        check(st["mode"] == want, "step %d: mode %s" % (n, st["mode"]))
        vb = st["view"]["bbox"]
        sb = step["view"]["bbox"]
        tol_x = (sb[2] - sb[0]) * 0.03
        tol_y = (sb[3] - sb[1]) * 0.03
        inside = vb[0] <= sb[0] + tol_x and vb[1] <= sb[1] + tol_y and vb[2] >= sb[2] - tol_x and vb[3] >= sb[3] - tol_y
        check(inside, "step %d: the view %s shows the step's box %s" % (n, [round(v, 2) for v in vb], sb))
        # Fitted: one side of the box fills the map (not zoomed far out).
        fill = max((sb[2] - sb[0]) / max(1e-9, vb[2] - vb[0]), (sb[3] - sb[1]) / max(1e-9, vb[3] - vb[1]))
        check(fill > 0.6, "step %d: the box fills the map (%.2f)" % (n, fill))
        if step.get("select"):
            check(st["selected"] == step["select"], "step %d: selected %s" % (n, st["selected"]))
        hl = set(step.get("highlight", []))
        check(set(st.get("highlight", [])) == hl, "step %d: highlight %s" % (n, sorted(st.get("highlight", []))))

    try:
        t0 = time.time()
        st = app.wait_ready()
        check(st["presenting"] is True, "--present starts in presenter mode")
        st = settled(1)
        m = st["panels"]["map"]
        check(m[0] == 0 and m[1] == 0, "presenter: the map starts at the screen's corner (no menu bar) %s" % m)
        check(m[2] + st["panels"]["details"][2] >= 1900, "presenter: map and card fill the width %s" % st["panels"])
        check_step(st, 1)
        app.screenshot("step-01")
        for n in range(2, len(steps) + 1):
            app.key("Next")  # PageDown, as clickers send it
            st = settled(n)
            check_step(st, n)
            app.screenshot("step-%02d" % n)
        app.key("Next")
        st = settled(len(steps))
        check(st["story"]["step"] == len(steps), "PageDown on the last step stays there")
        app.key("Prior")
        st = settled(len(steps) - 1)
        check(st["story"]["step"] == len(steps) - 1, "PageUp goes back one step")
        app.key("Home")
        st = settled(1)
        check(st["story"]["step"] == 1, "Home: the first step")
        app.key("End")
        st = settled(len(steps))
        check(st["story"]["step"] == len(steps), "End: the last step")
        app.key("Left")
        st = settled(len(steps) - 1)
        check(st["story"]["step"] == len(steps) - 1, "Left: previous step")
        app.key("space")
        st = settled(len(steps))
        check(st["story"]["step"] == len(steps), "Space: next step")
        app.key("b")
        st = app.state()
        check(st["black"] is True, "B: black screen")
        app.screenshot("black")
        app.key("b")
        st = app.state()
        check(st["black"] is False, "B again: the picture returns")
        app.key("Escape")
        st = app.state()
        check(st["presenting"] is False, "Esc leaves presenter mode")
        check(st["story"] is not None and st["story"]["step"] == len(steps), "the story stays loaded on its step")
        check(st["panels"]["map"][1] > 0, "the menu bar is back")
        app.screenshot("after-esc")
        app.key("F5")
        st = settled(len(steps))
        check(st["presenting"] is True and st["story"]["step"] == len(steps), "F5 presents again from the same step")
        app.key("ctrl+q")
        rc = app.wait_exit()
        check(rc == 0, "Ctrl+Q quits (status %s)" % rc)
        print("     %.1f s" % (time.time() - t0))
    finally:
        app.close()
    checks.finish()


if __name__ == "__main__":
    main()
