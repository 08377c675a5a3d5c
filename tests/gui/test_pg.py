#!/usr/bin/env python3
"""GUI test of a PG: source shown live (app/pg_view.hpp), under Xvfb with real input (xdotool),
against the PostgreSQL + PostGIS test server of scripts/test (CHRONOMAP_TEST_PG).

60,000 events in six clusters over the South Caucasus, 2020-2022, are loaded into the server with
psql; chronomap opens the table with --pg-live always (a table that small would load whole by
default) and a password in its connection string. Each window query is held back 800 ms on the
worker (CHRONOMAP_PG_DELAY_MS), as a slow server would. Checked through --state-out "pg":
- the whole view holds more than the draw budget: density cells counted by the database, their
  total the table's;
- zooming in: the window's events come back instead of cells;
- panning (a drag) queries new windows, and the events shown change with the view; frames keep
  coming while the queries run (redraw.frames rises by many while at most one query completes);
- scrubbing the playhead on the timeline queries new windows, and the window's total changes;
- the timeline's counts (a histogram of the view's box) arrive;
- hovering a returned event shows its tooltip, a click selects it (the side panel shows it);
- with nothing changing, the frame loop is idle;
- the source is named host/dbname/table: the password never shows (state, stderr);
- a PG: string to a closed port fails with a clear message (exit 3 with --render), no password in it.
Screenshots: tests/gui/pg-live-*.png in the build tree."""
import argparse
import math
import os
import subprocess
import sys
import time

from chronomap_driver import Checks, Chronomap

FIXTURE_SQL = """
DROP TABLE IF EXISTS gui_pg;
SELECT setseed(0.42);
CREATE TABLE gui_pg AS
SELECT i AS id, 'Live event ' || i AS title,
       (ARRAY['war', 'strikes', 'diplomacy', 'unrest'])[1 + i % 4] AS category,
       DATE '2020-01-01' + (i % 1096) AS event_date,
       (i % 9) AS fatalities,
       ST_SetSRID(ST_MakePoint((ARRAY[44.5, 45.6, 46.8, 44.0, 47.5, 45.0])[1 + i % 6] + (random() - 0.5) * 1.2,
                               (ARRAY[40.2, 39.6, 40.4, 41.6, 41.0, 40.9])[1 + i % 6] + (random() - 0.5) * 0.8),
                  4326)::geometry(Point, 4326) AS geom
FROM generate_series(1, 60000) AS i;
ANALYZE gui_pg;
"""
ROWS = 60000


def wait_pg(app, cond, timeout=30.0):
    """The state once cond(state["pg"]) holds (asked for every 0.3 s), else the last one."""
    deadline = time.time() + timeout
    st = app.state()
    while time.time() < deadline:
        if st.get("pg") and cond(st["pg"]):
            return st
        time.sleep(0.3)
        st = app.state()
    return st


def settled(p):
    return p["state"] == "ready" and not p["busy"] and p["result"] is not None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--exe", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    c = Checks()
    conn = os.environ.get("CHRONOMAP_TEST_PG", "")
    if conn == "off":
        print("CHRONOMAP_TEST_PG=off: the GUI test of PG: sources is skipped")
        return
    if not conn:
        print("CHRONOMAP_TEST_PG is not set, so there is no PostgreSQL server to test against: run the tests through "
              "scripts/test (it starts one), or first eval \"$(scripts/pg-test-server start /tmp/chronomap-pg)\"")
        sys.exit(1)
    os.makedirs(args.out, exist_ok=True)

    # A closed port: a clear message naming the source, no password, no hang.
    closed = "PG:host=127.0.0.1 port=1 dbname=nowhere user=nobody password=hunter2 tables=events"
    t0 = time.time()
    r = subprocess.run([args.exe, closed, "--render", os.path.join(args.out, "pg-live-closed.png")],
                       capture_output=True, text=True, timeout=60)
    c.check(r.returncode == 3, "a PG: source on a closed port: exit status 3 (was %d)" % r.returncode)
    c.check("127.0.0.1:1/nowhere" in r.stderr and "cannot connect" in r.stderr,
            "the message names the source and says it cannot connect: %r" % r.stderr.strip()[:300])
    c.check("hunter2" not in r.stderr and "password" not in r.stderr, "the message holds no password")
    c.check(time.time() - t0 < 30, "it fails within the connect timeout (%.1f s)" % (time.time() - t0))

    # The fixture, through psql (the connection string without "PG:" is a libpq one).
    r = subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", "-d", conn[3:], "-c", FIXTURE_SQL],
                       capture_output=True, text=True)
    if not c.check(r.returncode == 0, "fixture loaded into the test server: %s" % r.stderr.strip()[:300]):
        c.finish()

    os.environ["CHRONOMAP_PG_DELAY_MS"] = "800"
    source = conn + " password=sekrit tables=gui_pg"
    app = Chronomap(args.exe, args.out, "pg-live", [source, "--pg-live", "always"])
    try:
        app.wait_ready(timeout=60)
        st = wait_pg(app, settled, timeout=60)
        p = st["pg"]
        m = st["panels"]["map"]
        c.check(p["live"] and p["state"] == "ready", "the PG: source is live and connected: %s" % p["state"])
        c.check(p["source"].endswith("/chronomap_test/gui_pg") and "sekrit" not in p["source"],
                "named host/dbname/table: %s" % p["source"])
        c.check(st["counts"]["loaded"] == 0, "nothing is loaded into memory (%d)" % st["counts"]["loaded"])
        c.check(p["aggregated"] and p["cells"] > 100, "the whole view: density cells (%d) counted by the database"
                % p["cells"])
        c.check(p["total"] == ROWS, "the cells add up to the table's %d events (%d)" % (ROWS, p["total"]))
        st = wait_pg(app, lambda q: q["histogram_bins"] > 0 and not q["busy"], timeout=30)
        c.check(st["pg"]["histogram_total"] == ROWS, "the timeline's counts in the view: %d events (%d bins)"
                % (st["pg"]["histogram_total"], st["pg"]["histogram_bins"]))
        app.screenshot("1-cells")

        # Zoom in on Yerevan's cluster until the window's events come back.
        cx, cy = m[0] + m[2] * 0.5, m[1] + m[3] * 0.5
        for _ in range(4):
            app.wheel(cx, cy, 3)
            st = wait_pg(app, settled, timeout=30)
            if not st["pg"]["aggregated"]:
                break
        p = st["pg"]
        c.check(not p["aggregated"] and p["shown"] > 0 and p["shown"] <= 20000,
                "zoomed in: %d events come back (the window holds %d)" % (p["shown"], p["total"]))
        c.check(len(p["events"]) > 0, "returned events are drawn in the map panel (%d listed)" % len(p["events"]))
        app.screenshot("2-events")
        before_ids = set(e["id"] for e in p["events"])
        before = st

        # Pan: a drag to the left; frames come while the (slow) queries run.
        q0, f0 = before["pg"]["queries"], before["redraw"]["frames"]
        app.drag(cx + 250, cy, cx - 250, cy, steps=16)
        during = app.state()
        c.check(during["redraw"]["frames"] - f0 >= 10 and during["pg"]["queries"] - q0 <= 1,
                "frames kept coming while the queries ran: %d frames, %d queries done, busy %s"
                % (during["redraw"]["frames"] - f0, during["pg"]["queries"] - q0, during["pg"]["busy"]))
        st = wait_pg(app, settled, timeout=30)
        p = st["pg"]
        c.check(p["windows"] > before["pg"]["windows"] and p["queries"] > q0,
                "panning asked for new windows (%d -> %d asked, %d -> %d queried)"
                % (before["pg"]["windows"], p["windows"], q0, p["queries"]))
        after_ids = set(e["id"] for e in p["events"])
        c.check(bool(after_ids) and after_ids != before_ids,
                "the events shown changed with the view (%d before, %d after, %d in both)"
                % (len(before_ids), len(after_ids), len(before_ids & after_ids)))
        app.screenshot("3-panned")

        # Scrub the playhead back a year and a half on the timeline's axis.
        ax = st["timeline"]["axis"]
        ph = st["timeline"]["playhead_x"]
        w0, t0_total = p["windows"], p["total"]
        app.drag(ph, ax[1] + ax[3] * 0.5, ph - ax[2] * 0.45, ax[1] + ax[3] * 0.5, steps=16)
        st = wait_pg(app, settled, timeout=30)
        p = st["pg"]
        c.check(st["time"] < before["time"], "the playhead moved back: %s -> %s" % (before["time"], st["time"]))
        c.check(p["windows"] > w0 + 2, "scrubbing asked for a window as it went (%d -> %d)" % (w0, p["windows"]))
        c.check(p["total"] < t0_total, "the window's events follow the playhead (%d -> %d, cumulative)"
                % (t0_total, p["total"]))
        app.screenshot("4-scrubbed")

        # Overlapping symbols merge into count bubbles; a click on one zooms in.
        bubbles = [b for b in st["clusters"] if m[0] + 60 < b["map"][0] < m[0] + m[2] - 60 and m[1] + 80 < b["map"][1] < m[1] + m[3] - 40]
        c.check(p["clusters"] > 0 and bubbles, "returned events that would overlap are count bubbles (%d)" % p["clusters"])
        if bubbles:
            upp = st["view"]["m_per_px"]
            app.click(bubbles[0]["map"][0], bubbles[0]["map"][1])
            st = wait_pg(app, settled, timeout=30)
            c.check(st["view"]["m_per_px"] < upp * 0.6, "a click on a bubble zooms in (%.0f -> %.0f m/px)"
                    % (upp, st["view"]["m_per_px"]))

        # Hover a returned event drawn alone, then click it: selected, its details in the side panel.
        def singles(p):
            return [e for e in p["events"] if e["cluster"] == 1 and m[0] + 60 < e["map"][0] < m[0] + m[2] - 60
                    and m[1] + 80 < e["map"][1] < m[1] + m[3] - 40]
        for _ in range(3):
            if singles(st["pg"]):
                break
            app.wheel(cx, cy, 2)
            st = wait_pg(app, settled, timeout=30)
        p = st["pg"]
        evs = singles(p)
        def gap(e):
            return min([math.hypot(e["map"][0] - o["map"][0], e["map"][1] - o["map"][1]) for o in p["events"] if o is not e] + [1e9])
        evs.sort(key=lambda e: -gap(e))
        if c.check(bool(evs), "an event drawn alone to point at (%d in the panel)" % len(p["events"])):
            e = evs[0]
            app.move(e["map"][0], e["map"][1])
            st = app.state()
            c.check(st["pg"]["hovered"] == e["id"] and (st["tooltip"] or "").startswith("Live event " + e["id"]),
                    "hovering event %s shows it: %r" % (e["id"], st["tooltip"]))
            app.click(e["map"][0], e["map"][1])
            st = app.state()
            c.check(st["pg"]["selected"] == e["id"], "a click selects it (%s)" % st["pg"]["selected"])
            app.move(m[0] + m[2] - 30, m[1] + m[3] - 30)
            app.screenshot("5-selected")

        # Idle: nothing changes, (almost) no frames.
        st = wait_pg(app, lambda q: not q["busy"], timeout=30)
        time.sleep(0.5)
        a = app.state()
        time.sleep(2.0)
        b = app.state()
        c.check(b["redraw"]["frames"] - a["redraw"]["frames"] <= 3,
                "idle: %d frames in 2 s with nothing changing" % (b["redraw"]["frames"] - a["redraw"]["frames"]))
        c.check("sekrit" not in app.stderr(), "the password is not in chronomap's output")
        with open(app.state_path) as f:
            c.check("sekrit" not in f.read(), "nor in its state")
    finally:
        app.close()
    c.finish()


if __name__ == "__main__":
    main()
