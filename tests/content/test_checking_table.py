#!/usr/bin/env python3
"""The bundled events against their checking table (assets/events/karabakh-csto.check.csv).

Fails, naming the file, row and field, when
- a feature of the GeoJSON has no row in the table, or a row names no feature, or an id appears twice;
- a row's dates, precision or place differ from the GeoJSON (the table went stale);
- a death figure (fatalities_low/best/high) has no reporter, in the GeoJSON (fatalities_by) or in the table's
  `figures` column (one "field=value: reporter" entry per figure, entries separated by "|");
- a range of deaths (low and high) lists no contested figures, or a contested entry does not say who reported it
  ("side: figure (reporter)", entries separated by "|");
- a row names no source, names a source the event does not cite, or says two sources agree while listing fewer;
- an event that is not marked as an area lacks reference coordinates, or its point (Point geometry, else the
  lon/lat properties) lies more than 10 km from them;
- a contested place name (assets/events/contested-names.csv) appears in a title, description, place field or
  story text without its other form ("Stepanakert / Khankendi");
- with --basemap: a place label of the bundled basemap (layer `places`, name and name_alt) carries one form of a
  contested name without the other, or a basemap place lies more than 10 km from an event point that the table
  checked against the same named place (the basemap's Kornidzor once sat 21 km from the village).

Standard library only: it reads the files directly and does not depend on the C++ event model.
--self-test breaks copies of the data in four ways and checks that each is caught.
"""
import argparse
import copy
import csv
import io
import json
import math
import re
import sqlite3
import struct
import sys

MAX_KM = 10.0  # how far a point may lie from its named place's reference coordinates
FIGURE_FIELDS = ("fatalities_low", "fatalities_best", "fatalities_high")
AGREE_VALUES = {"yes", "partly", "no", "single source", "contested"}
REQUIRED_COLUMNS = ("id", "start", "end", "precision", "place", "area", "ref_lat", "ref_lon", "ref_source",
                    "figures", "contested", "sources", "agree", "checked", "corrected")


def haversine_km(lon1, lat1, lon2, lat2):
    r = 6371.0088  # mean Earth radius, km
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


def place_label(p):
    place, alt = p.get("place", ""), p.get("place_alt", "")
    return place + (" / " + alt if place and alt else "")


def event_point(feature):
    """(lon, lat) where the event's symbol sits, or None."""
    g, p = feature.get("geometry"), feature["properties"]
    if g and g.get("type") == "Point":
        return float(g["coordinates"][0]), float(g["coordinates"][1])
    if "lon" in p and "lat" in p:
        return float(p["lon"]), float(p["lat"])
    return None


def parse_figures(cell):
    """'fatalities_best=26: Azerbaijani government | fatalities_high=33: Amnesty' -> {field: (value, reporter)}."""
    out, bad = {}, []
    for part in [x.strip() for x in cell.split("|") if x.strip()]:
        m = re.fullmatch(r"(fatalities_(?:low|best|high))\s*=\s*(\d+)\s*:?\s*(.*)", part, re.S)
        if not m:
            bad.append(part)
            continue
        out[m.group(1)] = (int(m.group(2)), m.group(3).strip())
    return out, bad


def check_names(where, text, pairs, problems):
    """Every whole-word occurrence of either form of a contested name must be part of 'A / B' or 'B / A'."""
    if not text:
        return
    for a, b, exempt in pairs:
        masked = text
        for phrase in exempt:
            masked = masked.replace(phrase, "\0" * len(phrase))
        both = [m.span() for pat in (re.escape(a) + " / " + re.escape(b), re.escape(b) + " / " + re.escape(a))
                for m in re.finditer(pat, masked)]
        for form in (a, b):
            for m in re.finditer(r"(?<![\w-])" + re.escape(form) + r"(?![\w-])", masked):
                if not any(s <= m.start() and m.end() <= e for s, e in both):
                    problems.append("%s: '%s' without its other form (write '%s / %s')" % (where, form, a, b))
                    break


def check(events_path, table_path, names_path, story_path, data=None):
    """Returns a list of problems; empty when the data and the table pass. `data` overrides the files'
    contents (used by the self-test): {'events': dict, 'table': str, 'names': str, 'story': dict}."""
    problems = []
    data = data or {}
    events = data.get("events") or json.load(open(events_path, encoding="utf-8"))
    table_text = data.get("table") or open(table_path, encoding="utf-8").read()
    names_text = data.get("names") or open(names_path, encoding="utf-8").read()
    story = data.get("story") if "story" in data else (json.load(open(story_path, encoding="utf-8")) if story_path else None)
    tname, ename = table_path.split("/")[-1], events_path.split("/")[-1]

    reader = csv.DictReader(io.StringIO(table_text))
    missing_cols = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
    if missing_cols:
        return ["%s: missing columns %s" % (tname, ", ".join(missing_cols))]
    rows = {}
    for n, row in enumerate(reader, start=2):  # row 1 is the header
        rid = row["id"].strip()
        if rid in rows:
            problems.append("%s row %d: id '%s' appears twice (first at row %d)" % (tname, n, rid, rows[rid][0]))
        rows[rid] = (n, row)

    features = {f["properties"]["id"]: f for f in events["features"]}
    for rid, (n, _) in rows.items():
        if rid not in features:
            problems.append("%s row %d: id '%s' is not an event in %s" % (tname, n, rid, ename))

    for fid, f in features.items():
        p = f["properties"]
        if fid not in rows:
            problems.append("%s: event '%s' has no row in %s" % (ename, fid, tname))
            continue
        n, row = rows[fid]
        at = "%s row %d (%s)" % (tname, n, fid)
        for col, val in (("start", p.get("start", "")), ("end", p.get("end", "")),
                         ("precision", p.get("precision", "")), ("place", place_label(p))):
            if row[col].strip() != val:
                problems.append("%s, %s: '%s' but the GeoJSON has '%s'" % (at, col, row[col].strip(), val))

        # Death figures and who reported them.
        figs, bad = parse_figures(row["figures"])
        for part in bad:
            problems.append("%s, figures: cannot read '%s' (write 'fatalities_best=26: reporter')" % (at, part))
        present = [k for k in FIGURE_FIELDS if k in p]
        if present and not p.get("fatalities_by", "").strip():
            problems.append("%s: event '%s', fatalities_by: figures without a reporter" % (ename, fid))
        for k in present:
            if k not in figs:
                problems.append("%s, figures: %s=%s has no entry naming its reporter" % (at, k, p[k]))
            elif figs[k][0] != int(p[k]):
                problems.append("%s, figures: %s=%d but the GeoJSON has %s" % (at, k, figs[k][0], p[k]))
            elif not figs[k][1]:
                problems.append("%s, figures: %s=%s lacks a reporter" % (at, k, p[k]))
        for k in figs:
            if k not in p:
                problems.append("%s, figures: %s is listed but the GeoJSON has no such figure" % (at, k))
        contested = [x.strip() for x in row["contested"].split("|") if x.strip()]
        if "fatalities_low" in p and "fatalities_high" in p and p["fatalities_low"] != p["fatalities_high"] and not contested:
            problems.append("%s, contested: a range of deaths (%s-%s) without each side's figure and reporter" %
                            (at, p["fatalities_low"], p["fatalities_high"]))
        for entry in contested:
            if not re.fullmatch(r"[^:]+:.*\d.*\(.+\)", entry, re.S):
                problems.append("%s, contested: '%s' should read 'side: figure (reporter)'" % (at, entry[:60]))

        # Sources.
        urls = [u.strip() for u in row["sources"].split(" ") if u.strip()]
        cited = {s["url"] for s in p.get("sources", [])}
        if not urls:
            problems.append("%s, sources: no source listed" % at)
        for u in urls:
            if u not in cited:
                problems.append("%s, sources: %s is not among the event's sources" % (at, u))
        agree = row["agree"].strip()
        if agree not in AGREE_VALUES:
            problems.append("%s, agree: '%s' is not one of %s" % (at, agree, ", ".join(sorted(AGREE_VALUES))))
        elif agree == "yes" and len(urls) < 2:
            problems.append("%s, agree: 'yes' needs at least two sources" % at)
        if not row["checked"].strip():
            problems.append("%s, checked: empty (say which facts were checked)" % at)

        # Place and distance.
        area = row["area"].strip()
        pt = event_point(f)
        if p.get("era"):
            if area != "era":
                problems.append("%s, area: an era is marked '%s', expected 'era'" % (at, area))
        elif area not in ("yes", "no"):
            problems.append("%s, area: '%s', expected 'yes' or 'no'" % (at, area))
        elif area == "no":
            if pt is None:
                problems.append("%s: event has no point to check" % at)
            elif not row["ref_lat"].strip() or not row["ref_lon"].strip() or not row["ref_source"].strip():
                problems.append("%s, ref_lat/ref_lon/ref_source: reference coordinates and their source are required "
                                "unless the event is marked as an area" % at)
            else:
                km = haversine_km(pt[0], pt[1], float(row["ref_lon"]), float(row["ref_lat"]))
                if km > MAX_KM:
                    problems.append("%s: point (%.4f, %.4f) lies %.1f km from '%s' (%s, %s), more than %.0f km" %
                                    (at, pt[1], pt[0], km, row["place"], row["ref_lat"], row["ref_lon"], MAX_KM))

    # Contested place names in the data and the story.
    pairs = []
    for r in csv.DictReader(io.StringIO(names_text)):
        pairs.append((r["form_a"].strip(), r["form_b"].strip(),
                      [x.strip() for x in r.get("exempt", "").split("|") if x.strip()]))
    for fid, f in features.items():
        p = f["properties"]
        for a, b, _ in pairs:
            for form, other in ((a, b), (b, a)):
                if p.get("place", "").strip() == form and other not in p.get("place_alt", ""):
                    problems.append("%s: event '%s', place_alt: '%s' needs its other form '%s'" % (ename, fid, form, other))
        check_names("%s: event '%s', title" % (ename, fid), p.get("title", ""), pairs, problems)
        check_names("%s: event '%s', description" % (ename, fid), p.get("description", ""), pairs, problems)
    if story:
        sname = (story_path or "story").split("/")[-1]
        check_names("%s: title" % sname, story.get("title", ""), pairs, problems)
        check_names("%s: description" % sname, story.get("description", ""), pairs, problems)
        for i, st in enumerate(story.get("steps", []), start=1):
            check_names("%s: step %d, title" % (sname, i), st.get("title", ""), pairs, problems)
            check_names("%s: step %d, text" % (sname, i), st.get("text", ""), pairs, problems)
    return problems


def gpkg_point(blob):
    """(lon, lat) of a GeoPackage point geometry blob (header 'GP', optional envelope, then WKB)."""
    flags = blob[3]
    env = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}[(flags >> 1) & 7]
    wkb = blob[8 + env:]
    order = "<" if wkb[0] == 1 else ">"
    return struct.unpack(order + "dd", wkb[5:21])


def basemap_places(path):
    """[(name, name_alt, lon, lat)] of the basemap's `places` layer (read with sqlite3; no GDAL needed)."""
    db = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
    try:
        return [(n or "", a or "") + gpkg_point(g) for n, a, g in db.execute("SELECT name, name_alt, geom FROM places")]
    finally:
        db.close()


def check_basemap(places, events, table_text, names_text, bname="basemap.gpkg"):
    """Contested names on the map's labels, and basemap places against the table's checked event points."""
    problems = []
    pairs = [(r["form_a"].strip(), r["form_b"].strip()) for r in csv.DictReader(io.StringIO(names_text))]
    for name, alt, lon, lat in places:
        for a, b in pairs:
            for form, other in ((a, b), (b, a)):
                if name == form and other not in alt:
                    problems.append("%s: place '%s', name_alt: '%s' needs its other form '%s'" % (bname, name, alt, other))
    # a basemap place named like the first part of a checked event place ("Kornidzor" in
    # "Hakari bridge (near Kornidzor)", "Goris") must lie within MAX_KM of that event's reference point
    features = {f["properties"]["id"]: f for f in events["features"]}
    for row in csv.DictReader(io.StringIO(table_text)):
        if row["area"].strip() != "no" or not row["ref_lat"].strip() or row["id"] not in features:
            continue
        label = row["place"]
        words = set(re.findall(r"[\w'-]+", label))
        for name, alt, lon, lat in places:
            if name and (name == label.split(" / ")[0] or ("near " + name) in label) and name in words:
                km = haversine_km(lon, lat, float(row["ref_lon"]), float(row["ref_lat"]))
                if km > MAX_KM:
                    problems.append("%s: place '%s' (%.4f, %.4f) lies %.1f km from the checked point of '%s' (%s), more than %.0f km"
                                    % (bname, name, lat, lon, km, label, row["id"], MAX_KM))
    return problems


def edit_cell(table_text, row_id, column, change):
    """The table with one cell rewritten by change(old value)."""
    reader = csv.DictReader(io.StringIO(table_text))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=reader.fieldnames, lineterminator="\n")
    writer.writeheader()
    for row in reader:
        if row["id"] == row_id:
            row[column] = change(row[column])
        writer.writerow(row)
    return out.getvalue()


def self_test(args):
    """Four broken copies, each of which must be caught with the expected message."""
    base = {"events": json.load(open(args.events, encoding="utf-8")),
            "table": open(args.table, encoding="utf-8").read(),
            "names": open(args.names, encoding="utf-8").read(),
            "story": json.load(open(args.story, encoding="utf-8")) if args.story else None}
    failures = 0

    def expect(name, data, needle):
        nonlocal failures
        found = check(args.events, args.table, args.names, args.story, data)
        ok = any(needle in p for p in found)
        print("%s self-test: %s -> %s" % ("ok  " if ok else "FAIL", name,
                                          "caught" if ok else "not caught (%d other problems)" % len(found)))
        if not ok:
            failures += 1
            for p in found[:5]:
                print("      " + p)

    # 1. An event without a row.
    lines = base["table"].splitlines(keepends=True)
    victim = next(l for l in lines[1:] if l.startswith("ganja-missile-strikes-2020,"))
    expect("a row removed", dict(base, table="".join(l for l in lines if l is not victim)),
           "event 'ganja-missile-strikes-2020' has no row")
    # 2. A figure without a reporter (in the GeoJSON and in the table).
    ev = copy.deepcopy(base["events"])
    for f in ev["features"]:
        if f["properties"]["id"] == "tovuz-clashes-2020":
            f["properties"]["fatalities_by"] = ""
    table = edit_cell(base["table"], "tovuz-clashes-2020", "figures", lambda v: re.sub(r"(fatalities_best=16):[^|]*", r"\1", v))
    expect("a reporter removed", dict(base, events=ev, table=table), "fatalities_best=16 lacks a reporter")
    expect("fatalities_by emptied", dict(base, events=ev), "'tovuz-clashes-2020', fatalities_by")
    # 3. A point moved 15 km north of its place.
    ev = copy.deepcopy(base["events"])
    for f in ev["features"]:
        if f["properties"]["id"] == "jermuk-attack-2022":
            f["geometry"]["coordinates"][1] += 15.0 / 111.2
    expect("a point moved 15 km", dict(base, events=ev), "more than 10 km")
    # 4. A contested name with one form only.
    ev = copy.deepcopy(base["events"])
    for f in ev["features"]:
        if f["properties"]["id"] == "stepanakert-shelling-2020":
            f["properties"]["title"] = "Shelling of Stepanakert"
            f["properties"].pop("place_alt", None)
    expect("a contested name with one form", dict(base, events=ev), "'Stepanakert' without its other form")
    expect("place_alt removed", dict(base, events=ev), "place_alt: 'Stepanakert' needs its other form")
    if args.basemap:
        places = basemap_places(args.basemap)
        moved = [(n, a, 46.31, 39.45) if n == "Kornidzor" else (n, a, lon, lat) for n, a, lon, lat in places]
        found = check_basemap(moved, base["events"], base["table"], base["names"])
        ok = any("place 'Kornidzor'" in p and "more than 10 km" in p for p in found)
        print("%s self-test: the basemap's Kornidzor at its old point (39.45, 46.31) -> %s" % ("ok  " if ok else "FAIL", "caught" if ok else "not caught"))
        failures += 0 if ok else 1
        onelabel = [(n, "" if n == "Fuzuli" else a, lon, lat) for n, a, lon, lat in places]
        found = check_basemap(onelabel, base["events"], base["table"], base["names"])
        ok = any("place 'Fuzuli', name_alt" in p for p in found)
        print("%s self-test: a basemap label with one form (Fuzuli) -> %s" % ("ok  " if ok else "FAIL", "caught" if ok else "not caught"))
        failures += 0 if ok else 1
    return failures


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--events", required=True)
    ap.add_argument("--table", required=True)
    ap.add_argument("--names", required=True)
    ap.add_argument("--story", default=None)
    ap.add_argument("--basemap", default=None, help="the bundled basemap.gpkg: check its place labels too")
    ap.add_argument("--self-test", action="store_true", help="check that broken copies of the data are caught")
    args = ap.parse_args()
    if args.self_test:
        failures = self_test(args)
        print("%d self-test failure(s)" % failures)
        return 1 if failures else 0
    problems = check(args.events, args.table, args.names, args.story)
    if args.basemap:
        problems += check_basemap(basemap_places(args.basemap), json.load(open(args.events, encoding="utf-8")),
                                  open(args.table, encoding="utf-8").read(), open(args.names, encoding="utf-8").read(),
                                  args.basemap.split("/")[-1])
    for p in problems:
        print(p)
    n = len(json.load(open(args.events, encoding="utf-8"))["features"])
    print("%d features checked, %d problem(s)" % (n, len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
