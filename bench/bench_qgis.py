#!/usr/bin/env python3
"""Side by side with QGIS (issue 11): the same GeoPackage of N generated ACLED-style events (see
make_scale_data.py) drawn by QGIS with the Temporal Controller's 30-day filter, and by chronomap
with --window 30d, on this machine in one run; prints both and the ratio (the issue's goal: chronomap
>= 100x faster per frame).

QGIS side (Debian's qgis + python3-qgis, QT_QPA_PLATFORM=offscreen, run by the system Python
/usr/bin/python3; installed with apt-get here when missing): the layer's temporal properties are
"start and end date/time from expressions", start "event_date", end coalesce("end_date",
"event_date") (an event without an end lasts its day; QGIS's own "start and end fields" mode would
leave it open-ended, i.e. shown forever after its start); the map settings are temporal with a
30-day range [T - 30 days, T]. Every frame is a QgsMapRendererSequentialJob at the size of
chronomap's map panel (the map area of its 1600x900 window; --size full: 1600x900), with chronomap's
projection and its initial extent, default point symbols, antialiasing on. T runs over --frames
dates spread over 2018-2024 (bursts included); one warm-up frame first (reported, not counted); the
figure is the median ms per frame, median of --qgis-runs passes.

chronomap side: bench_scale.py's runs at --window 30d (pan and scrub; --runs fresh processes), its
frame_ms median while scrubbing (a new time every frame, as QGIS's frames are) and while panning.

Usage: bench_qgis.py [--events 1000000] [--file FILE.gpkg] [--runs 3] [--qgis-runs 3] [--frames 8]
                     [--size panel|full] [--png-dir DIR] [--exe build/chronomap]"""
import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

SYSTEM_PYTHON = "/usr/bin/python3"
# Dates of the QGIS frames: the ends of 30-day windows across the data, most in bursts.
FRAME_DATES = ["2018-05-01", "2019-06-15", "2020-10-20", "2021-05-01", "2022-01-08", "2022-09-16",
               "2023-09-25", "2024-12-15", "2019-11-30", "2023-03-10", "2021-12-01", "2024-05-20"]


def ensure_qgis():
    ok = subprocess.run([SYSTEM_PYTHON, "-c", "import qgis.core"], capture_output=True).returncode == 0
    if ok:
        return
    cmd = ["apt-get", "install", "-y", "--no-install-recommends", "qgis", "python3-qgis"]
    if os.geteuid() != 0:
        raise SystemExit("bench_qgis: QGIS's Python bindings are missing; install them with: sudo " + " ".join(cmd))
    print("bench_qgis: installing QGIS (Debian's qgis, python3-qgis): " + " ".join(cmd), file=sys.stderr, flush=True)
    subprocess.run(cmd, check=True, env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))
    if subprocess.run([SYSTEM_PYTHON, "-c", "import qgis.core"], capture_output=True).returncode != 0:
        raise SystemExit("bench_qgis: qgis.core still does not import in %s" % SYSTEM_PYTHON)


# --- the QGIS worker (runs under /usr/bin/python3, offscreen) ---------------------------------------
def qgis_worker(spec_path):
    import time
    with open(spec_path) as f:
        spec = json.load(f)
    from qgis.core import (QgsApplication, QgsCoordinateReferenceSystem, QgsDateTimeRange, QgsFeatureRequest,
                           QgsMapRendererSequentialJob, QgsMapSettings, QgsRectangle, QgsVectorLayer,
                           QgsVectorLayerTemporalContext, QgsVectorLayerTemporalProperties)
    from qgis.PyQt.QtCore import QDateTime, QSize, Qt
    from qgis.PyQt.QtGui import QColor
    QgsApplication.setPrefixPath("/usr", True)
    qgs = QgsApplication([], False)
    qgs.initQgis()
    out = {"qgis_version": __import__("qgis.core", fromlist=["Qgis"]).Qgis.QGIS_VERSION}
    t0 = time.perf_counter()
    layer = QgsVectorLayer(spec["file"] + "|layername=" + spec["layer"], "events", "ogr")
    if not layer.isValid():
        raise SystemExit("bench_qgis: QGIS cannot open %s" % spec["file"])
    out["open_ms"] = (time.perf_counter() - t0) * 1000
    out["features"] = layer.featureCount()
    tp = layer.temporalProperties()
    tp.setIsActive(True)
    tp.setMode(QgsVectorLayerTemporalProperties.ModeFeatureDateTimeStartAndEndFromExpressions)
    tp.setStartExpression('"event_date"')
    tp.setEndExpression('coalesce("end_date", "event_date")')
    crs = QgsCoordinateReferenceSystem.fromProj(spec["crs"]) if spec.get("crs") else QgsCoordinateReferenceSystem("EPSG:4326")
    if not crs.isValid():
        raise SystemExit("bench_qgis: QGIS does not take chronomap's CRS %r" % spec["crs"])
    w, h = spec["size"]
    cx, cy = spec["center_xy"]
    upp = spec["m_per_px"]
    ms = QgsMapSettings()
    ms.setLayers([layer])
    ms.setDestinationCrs(crs)
    ms.setOutputSize(QSize(w, h))
    ms.setOutputDpi(96)
    ms.setExtent(QgsRectangle(cx - w / 2 * upp, cy - h / 2 * upp, cx + w / 2 * upp, cy + h / 2 * upp))
    ms.setBackgroundColor(QColor(255, 255, 255))
    ms.setFlag(QgsMapSettings.Antialiasing, True)
    ms.setIsTemporal(True)

    def window(day):
        end = QDateTime.fromString(day + "T23:59:59", Qt.ISODate)
        return QgsDateTimeRange(end.addDays(-30), end)

    def render(day, png=None):
        ms.setTemporalRange(window(day))
        t = time.perf_counter()
        job = QgsMapRendererSequentialJob(ms)
        job.start()
        job.waitForFinished()
        dt = (time.perf_counter() - t) * 1000
        if png:
            job.renderedImage().save(png)
        return dt

    days = spec["days"]
    out["warmup_ms"] = render(days[0])
    passes = []
    for p in range(spec["runs"]):
        passes.append([render(d, os.path.join(spec["png_dir"], "qgis-%s.png" % d) if spec.get("png_dir") and p == 0 else None)
                       for d in days])
    out["passes_ms"] = passes
    out["median_ms"] = statistics.median(statistics.median(p) for p in passes)
    # How many events each frame's filter lets through (outside the timing): the filter is right.
    counts = {}
    ctx = QgsVectorLayerTemporalContext()
    ctx.setLayer(layer)
    for d in days[: spec.get("count_days", 3)]:
        expr = tp.createFilterString(ctx, window(d))
        req = QgsFeatureRequest().setFilterExpression(expr).setFlags(QgsFeatureRequest.NoGeometry).setNoAttributes()
        counts[d] = sum(1 for _ in layer.getFeatures(req))
    out["counts"] = counts
    out["filter_example"] = tp.createFilterString(ctx, window(days[0]))
    print("QGISRESULT " + json.dumps(out), flush=True)
    qgs.exitQgis()


def run_qgis(spec):
    fd, path = tempfile.mkstemp(suffix=".json")
    with os.fdopen(fd, "w") as f:
        json.dump(spec, f)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("PYTHONHOME", None)
    env.pop("PYTHONPATH", None)
    p = subprocess.run([SYSTEM_PYTHON, os.path.abspath(__file__), "--qgis-worker", path], env=env,
                       capture_output=True, text=True)
    os.remove(path)
    for line in p.stdout.splitlines():
        if line.startswith("QGISRESULT "):
            return json.loads(line[len("QGISRESULT "):])
    raise SystemExit("bench_qgis: the QGIS worker failed (status %d): %s" % (p.returncode, (p.stderr or p.stdout)[-2000:]))


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--qgis-worker":
        qgis_worker(sys.argv[2])
        return
    import bench_scale
    import make_scale_data
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--exe", default=os.path.join(bench_scale.REPO, "build", "chronomap"))
    ap.add_argument("--events", type=int, default=1000000)
    ap.add_argument("--file", help="a GeoPackage of ACLED-style events (layer --layer) instead of the generated one")
    ap.add_argument("--layer", default="acled")
    ap.add_argument("--data-dir", default=make_scale_data.DEFAULT_DIR)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--runs", type=int, default=3, help="chronomap runs (fresh processes)")
    ap.add_argument("--qgis-runs", type=int, default=3, help="passes over the frame dates in QGIS")
    ap.add_argument("--frames", type=int, default=8, help="frame dates (at most %d)" % len(FRAME_DATES))
    ap.add_argument("--size", choices=["panel", "full"], default="panel",
                    help="QGIS image size: chronomap's map panel (default) or the whole 1600x900 window")
    ap.add_argument("--seconds", type=float, default=8.0)
    ap.add_argument("--max-seconds", type=float, default=30.0)
    ap.add_argument("--png-dir", help="keep QGIS's images of the first pass here")
    a = ap.parse_args()
    bench_scale.reexec_under_xvfb()
    ensure_qgis()
    path = a.file or make_scale_data.ensure(a.events, "gpkg", a.data_dir, a.seed)
    command = "python3 bench/bench_qgis.py " + " ".join(shlex.quote(x) for x in sys.argv[1:])
    before = bench_scale.conditions_text(a)

    # chronomap first: its view (projection, extent, panel size) is what QGIS draws.
    sa = bench_scale.parse_args(["--file", path, "--end-field", "end_date", "--modes", "30d", "--only", "pan,scrub",
                                 "--runs", str(a.runs), "--seconds", str(a.seconds), "--max-seconds", str(a.max_seconds),
                                 "--exe", a.exe])
    file_args, _ = bench_scale.event_file(sa)
    runs = bench_scale.run_all(sa, file_args)
    ok = [r for r in runs if "error" not in r]
    if not ok:
        raise SystemExit("bench_qgis: every chronomap run failed: %s" % "; ".join(r["error"] for r in runs))
    summary = bench_scale.summarise(runs)["30d"]
    view = ok[0]["view"]
    size = [int(view["map_panel"][2]), int(view["map_panel"][3])] if a.size == "panel" else [1600, 900]
    if a.png_dir:
        os.makedirs(a.png_dir, exist_ok=True)
    spec = {"file": os.path.abspath(path), "layer": a.layer, "crs": view["crs"], "center_xy": view["center_xy"],
            "m_per_px": view["m_per_px"], "size": size, "days": FRAME_DATES[: max(1, min(a.frames, len(FRAME_DATES)))],
            "runs": a.qgis_runs, "png_dir": os.path.abspath(a.png_dir) if a.png_dir else None}
    q = run_qgis(spec)
    after = bench_scale.conditions_text(a)

    scrub, pan = summary.get("scrub"), summary.get("pan")
    print()
    print("## chronomap vs QGIS %s, %s events, 30-day window" % (q["qgis_version"], "{:,}".format(q["features"])))
    print("Command: `%s`" % command)
    print("File: %s (%.0f MB)" % (path, os.path.getsize(path) / 1e6))
    print("Conditions: before: %s; after: %s" % (before, after))
    print("Map: %dx%d px (%s), chronomap's projection and initial extent (%s)" % (
        size[0], size[1], "chronomap's map panel" if a.size == "panel" else "the full window", view["crs"]))
    print()
    print("| per frame | ms | vs QGIS |")
    print("|---|---|---|")
    print("| QGIS, Temporal Controller 30-day filter, median of %d frames at different times (x%d passes) | %.0f | 1x |"
          % (len(spec["days"]), a.qgis_runs, q["median_ms"]))
    for name, x in (("scrub", scrub), ("pan", pan)):
        if x:
            star = "*" if x["foreign_max"] > 0.05 * x["window_frames"] else ""
            print("| chronomap `--window 30d`, frame_ms median while %s (%.1f frames/s), median of %d runs%s | %.1f | %.0fx |"
                  % ("scrubbing the playhead" if name == "scrub" else "panning", x["fps"], summary["runs"], star,
                     x["median_ms"], q["median_ms"] / x["median_ms"] if x["median_ms"] else float("inf")))
    print()
    print("QGIS: layer opened in %.0f ms, warm-up frame %.0f ms; per-pass medians %s ms; events in the window "
          "(first frames): %s" % (q["open_ms"], q["warmup_ms"], ", ".join("%.0f" % statistics.median(p) for p in q["passes_ms"]),
                                  ", ".join("%s: %s" % kv for kv in q["counts"].items())))
    print("QGIS filter: %s" % q["filter_example"])
    if scrub:
        print("chronomap: scrub %d frames in %.1f s (%s on the map at the end); goal >= 100x per frame: %s" % (
            scrub["frames"], scrub["wall_s"], "{:,}".format(int(scrub["on_map"] or 0)),
            "met" if scrub["median_ms"] and q["median_ms"] / scrub["median_ms"] >= 100 else "not met"))
    for r in runs:
        if "error" in r:
            print("chronomap run failed: %s" % r["error"])


if __name__ == "__main__":
    main()
