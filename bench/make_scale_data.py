#!/usr/bin/env python3
"""Benchmark data for the scale benchmarks (bench_scale.py, bench_qgis.py): N synthetic ACLED-style
events, clustered in space and time, a fifth of them spans (an `end_date` column), as CSV (written by
the C++ generator bench/gen_acled_events.cpp) and as GeoPackage (ogr2ogr from that CSV: a point layer
`acled` in EPSG:4326, dates typed as Date, the CSV's columns kept). Deterministic (seeded).

Files are named acled-N-sSEED.csv / .gpkg in the data folder (default: DEFAULT_DIR, under the system
temp folder, never the repository) and reused while the generator is unchanged (a .meta file beside
each records how it was made).

Usage: make_scale_data.py [--rows 1000000 10000000] [--dir DIR] [--seed 1] [--formats csv,gpkg]
                          [--gen-exe build/bench/bench_gen_acled_events]
Read the CSV with:  chronomap FILE.csv --field end=end_date"""
import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
GEN_SOURCE = os.path.join(HERE, "gen_acled_events.cpp")
DEFAULT_DIR = os.path.join(tempfile.gettempdir(), "chronomap-bench-data")


def log(msg):
    print("make_scale_data: " + msg, file=sys.stderr, flush=True)


def generator_hash():
    with open(GEN_SOURCE, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()[:16]


def generator_exe(data_dir, gen_exe=None):
    """The generator: the one given, the one scripts/build made, or compiled here from its single
    source file (standard library only) into the data folder."""
    for exe in [gen_exe, os.path.join(REPO, "build", "bench", "bench_gen_acled_events")]:
        if exe and os.access(exe, os.X_OK) and os.path.getmtime(exe) >= os.path.getmtime(GEN_SOURCE):
            return exe
    if gen_exe:
        raise SystemExit("make_scale_data: %s is missing or older than %s" % (gen_exe, GEN_SOURCE))
    exe = os.path.join(data_dir, "bench_gen_acled_events-" + generator_hash())
    if not os.access(exe, os.X_OK):
        cxx = os.environ.get("CXX") or shutil.which("c++") or shutil.which("g++")
        if not cxx:
            raise SystemExit("make_scale_data: no C++ compiler to build %s (run scripts/build)" % GEN_SOURCE)
        log("compiling %s" % GEN_SOURCE)
        subprocess.run([cxx, "-std=c++17", "-O2", "-o", exe, GEN_SOURCE], check=True)
    return exe


def _meta_ok(path, want):
    try:
        with open(path + ".meta") as f:
            return json.load(f) == want and os.path.exists(path)
    except (OSError, ValueError):
        return False


def _write_meta(path, meta):
    with open(path + ".meta", "w") as f:
        json.dump(meta, f)


def ensure_csv(rows, data_dir=DEFAULT_DIR, seed=1, gen_exe=None):
    """Path of the CSV with `rows` events, generated when missing or stale."""
    os.makedirs(data_dir, exist_ok=True)
    path = os.path.join(data_dir, "acled-%d-s%d.csv" % (rows, seed))
    meta = {"rows": rows, "seed": seed, "generator": generator_hash()}
    if _meta_ok(path, meta):
        return path
    exe = generator_exe(data_dir, gen_exe)
    log("writing %s (%d rows)" % (path, rows))
    t0 = time.monotonic()
    tmp = path + ".tmp-gen"
    subprocess.run([exe, "--rows", str(rows), "--seed", str(seed), "--out", tmp], check=True)
    os.replace(tmp, path)
    _write_meta(path, meta)
    log("  %.1f s, %.0f MB" % (time.monotonic() - t0, os.path.getsize(path) / 1e6))
    return path


def ensure_gpkg(rows, data_dir=DEFAULT_DIR, seed=1, gen_exe=None):
    """Path of the GeoPackage made from that CSV by ogr2ogr, made when missing or stale."""
    csv = ensure_csv(rows, data_dir, seed, gen_exe)
    path = csv[:-4] + ".gpkg"
    meta = {"rows": rows, "seed": seed, "generator": generator_hash(), "from": os.path.basename(csv)}
    if _meta_ok(path, meta):
        return path
    if not shutil.which("ogr2ogr"):
        raise SystemExit("make_scale_data: ogr2ogr (Debian package gdal-bin) is needed for the GeoPackage")
    log("writing %s from the CSV (ogr2ogr)" % path)
    t0 = time.monotonic()
    tmp = path + ".tmp-gen.gpkg"
    if os.path.exists(tmp):
        os.remove(tmp)
    # Points from the coordinate columns (kept as columns, as in the CSV); types detected so that
    # event_date and end_date are Date fields (QGIS's temporal filter needs dates, not text).
    subprocess.run(["ogr2ogr", "-f", "GPKG", tmp, csv, "-nln", "acled", "-a_srs", "EPSG:4326",
                    "-oo", "X_POSSIBLE_NAMES=longitude", "-oo", "Y_POSSIBLE_NAMES=latitude",
                    "-oo", "AUTODETECT_TYPE=YES", "-oo", "AUTODETECT_SIZE_LIMIT=0", "-gt", "65536"],
                   check=True)
    os.replace(tmp, path)
    _write_meta(path, meta)
    log("  %.1f s, %.0f MB" % (time.monotonic() - t0, os.path.getsize(path) / 1e6))
    return path


def ensure(rows, fmt, data_dir=DEFAULT_DIR, seed=1, gen_exe=None):
    return (ensure_gpkg if fmt == "gpkg" else ensure_csv)(rows, data_dir, seed, gen_exe)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, nargs="+", default=[1000000, 10000000])
    ap.add_argument("--dir", default=DEFAULT_DIR)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--formats", default="csv,gpkg")
    ap.add_argument("--gen-exe")
    a = ap.parse_args()
    for rows in a.rows:
        for fmt in a.formats.split(","):
            print(ensure(rows, fmt.strip(), a.dir, a.seed, a.gen_exe))


if __name__ == "__main__":
    main()
