#!/usr/bin/env python3
"""The hostile-input corpus of issue 12: broken and hostile files of every format Chronomap reads.

Every input is listed in CORPUS below with what it is and what must happen (exit status, events
loaded, message fragments). Small inputs are committed under tests/data/hostile/ (written by
`make_corpus.py --committed tests/data/hostile`, which also writes MANIFEST.csv); large or special
ones (a 10 MB line, 10,000 columns, a zip bomb, a FIFO, symlink loops, unreadable files...) are
made at test time by `make_corpus.py --generated OUT` into the build tree. run_corpus.py runs the
real program on each. Standard library only.

Expectation columns (MANIFEST.csv):
  mode      events (a positional source), map (--map), raster (--raster), story (--story),
            project (--project), remove/truncate (an events source removed or truncated while it loads)
  exit      the exit status (README: 0 ok, 2 bad argument, story or project; 3 a source that
            cannot be opened at all with --render); "0|3" where either is right (a race)
  loaded    "=N" or ">=N" events in --state-out counts.loaded, "-" not checked (no state)
  fragments "|"-separated texts that must appear in the messages (stderr), case-insensitive; one
            starting with "!" must not appear. The file's name must appear whenever there is a message.
  args      extra command-line arguments
  on_timeline  "=N": events drawn on the timeline (state counts.on_timeline); max_ms: a time bound
"""
import argparse
import csv
import io
import json
import os
import random
import stat
import struct
import sys
import zipfile
import zlib

G = "date,title,lat,lon\n"
ROWS = ["2020-01-01,ok one,40.1,45.1", "2020-01-02,ok two,40.2,45.2", "2020-01-03,ok three,40.3,45.3"]


def good(n=3):
    return "\n".join(ROWS[:n]) + "\n"


def b(s):
    return s.encode("utf-8") if isinstance(s, str) else s


def tljs(events, **extra):
    d = {"title": {"text": {"headline": "Hostile"}}, "events": events}
    d.update(extra)
    return json.dumps(d)


def ev(year, headline="e", **kw):
    e = {"start_date": {"year": year}, "text": {"headline": headline}}
    e.update(kw)
    return e


def story(steps, **extra):
    d = {"format": "chronomap-story", "version": 1, "title": "Hostile story", "events": "../../../../assets/events/karabakh-csto.geojson",
         "steps": steps}
    d.update(extra)
    return json.dumps(d)


def step(title="s", **kw):
    d = {"title": title, "text": "text", "time": "2022-09-13"}
    d.update(kw)
    return d


def project(**kw):
    d = {"format": "chronomap-project", "version": 1, "sources": [{"path": "../csv/good.csv"}], "no_basemap": True}
    d.update(kw)
    return json.dumps(d)


GEOJ_OK = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [45.0, 40.0]},
           "properties": {"id": "ok", "title": "ok", "start": "2020-01-01"}}


def fc(features, **extra):
    d = {"type": "FeatureCollection", "features": features}
    d.update(extra)
    return json.dumps(d)


def feat(geom, fid="f", start="2020-01-02", **props):
    p = {"id": fid, "title": fid, "start": start}
    p.update(props)
    return {"type": "Feature", "geometry": geom, "properties": p}


KML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>h</name>\n'
KML_OK = '<Placemark><name>ok</name><TimeStamp><when>2022-11-23</when></TimeStamp><Point><coordinates>44.5,40.1</coordinates></Point></Placemark>\n'
KML_TAIL = "</Document></kml>\n"


def kml(body):
    return KML_HEAD + KML_OK + body + KML_TAIL


def kmz(entries):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            z.writestr(name, b(data))
    return buf.getvalue()


def rand_bytes(n, seed):
    r = random.Random(seed)
    return bytes(r.randrange(256) for _ in range(n))


# Forensic Architecture timemap exports: an events file with its associations and sources files beside
# it (the same prefix). The sibling files are written with the corpus (TIMEMAP_SIBLINGS) but are not
# inputs of their own, except the one opened by mistake.
TM_ASSOC = [{"id": "RES", "title": "", "desc": "Homes", "mode": "FILTER", "filter_paths": ["Area", "Residential"]},
            {"id": "NAR", "title": "A narrative", "desc": "", "mode": "NARRATIVE", "filter_paths": []}]
TM_SOURCES = {"S1": {"id": "S1", "title": "Clip", "type": "Video", "url": "https://example.org/clip", "paths": []}}


def tm_event(i, **kw):
    e = {"id": "H%03d" % i, "description": "hostile %d" % i, "date": "03/%02d/2022" % (i % 28 + 1), "time": "",
         "location": "Kyiv", "latitude": "50.45", "longitude": "30.52", "associations": ["RES", "NAR"], "sources": ["S1"]}
    e.update(kw)
    return e


def tm(events):
    return json.dumps(events)


def tm_good(n):
    return tm([tm_event(i + 1) for i in range(n)])


TIMEMAP_SIBLINGS = [
    ("timemap/control_associations.json", json.dumps(TM_ASSOC)),
    ("timemap/control_sources.json", json.dumps(TM_SOURCES)),
    ("timemap/broken_siblings_associations.json", json.dumps(TM_ASSOC)[:-12]),
    ("timemap/broken_siblings_sources.json", "<html><body>404 Not Found</body></html>"),
    ("timemap/wrong_siblings_associations.json", "5"),
    ("timemap/wrong_siblings_sources.json", json.dumps("S1")),
    ("timemap/bad_sibling_entries_associations.json",
     json.dumps([TM_ASSOC[0], 5, TM_ASSOC[0], {"mode": "FILTER"}, {"id": ["x"], "mode": "FILTER"},
                 {"id": "P", "mode": "FILTER", "filter_paths": {"a": 1}}])),
    ("timemap/bad_sibling_entries_sources.json", json.dumps({"S1": TM_SOURCES["S1"], "S2": "text", "": {}, "S3": [1]})),
    ("timemap/unknown_refs_associations.json", json.dumps(TM_ASSOC)),
    ("timemap/unknown_refs_sources.json", json.dumps(TM_SOURCES)),
    ("timemap/folder_export/events.json", tm_good(2)),
    ("timemap/folder_export/associations.json", json.dumps(TM_ASSOC)),
    ("timemap/folder_export/sources.json", json.dumps(TM_SOURCES)),
]


# name, what, mode, exit, loaded, fragments, args, content (bytes/str; None = generated)
CORPUS = [
    # --- CSV -------------------------------------------------------------------------------------
    ("csv/good.csv", "control: three good rows", "events", "0", "=3", "", "", G + good()),
    ("csv/empty.csv", "0 bytes", "events", "0", "=0", "empty", "", b""),
    ("csv/header_only.csv", "a header and no rows", "events", "0", "=0", "", "", G),
    ("csv/header_only_no_newline.csv", "a header without a line break", "events", "0", "=0", "", "", G.strip()),
    ("csv/crlf.csv", "CRLF line ends", "events", "0", "=3", "", "", (G + good()).replace("\n", "\r\n")),
    ("csv/cr_only.csv", "old-Mac CR-only line ends", "events", "0", "=3", "", "", (G + good()).replace("\n", "\r")),
    ("csv/truncated_mid_row.csv", "cut in the middle of the last row", "events", "0", "=3", "", "", G + good(2) + "2020-01-03,cut he"),
    ("csv/truncated_mid_date.csv", "cut in the middle of a date", "events", "0", "=2", "row 4|date", "", G + good(2) + "2020-0"),
    ("csv/unterminated_quote.csv", "a quote that never closes (title)", "events", "0", "=2",
     "row 3|title|unterminated quote|column 2|!missing", "", G + ROWS[0] + "\n2020-01-02,\"bad quote,40,45\n" + ROWS[2] + "\n"),
    ("csv/unterminated_quote_date.csv", "a stray quote before the date, paired with a later row's quote", "events", "0", "=3",
     "row 3|date|unterminated quote|!missing date", "",
     G + ROWS[0] + "\n\"2020-01-02,bad,40,45\n" + ROWS[2] + "\n2020-01-04,\"ok, four\",40,45\n"),
    ("csv/quote_inside_cell.csv", "a quote inside an unquoted cell (ab\"c) closed later in the row", "events", "0", "=3", "", "",
     G + ROWS[0] + "\n2020-01-02,ab\"c d\"e,40,45\n" + ROWS[2] + "\n"),
    ("csv/nul_bytes.csv", "NUL bytes inside a row", "events", "0", "=3", "", "", b(G + ROWS[0] + "\n2020-01-02,n\x00ul\x00,40,45\n" + ROWS[2] + "\n")),
    ("csv/utf16le_bom.csv", "UTF-16LE with a byte order mark", "events", "0", "=3", "", "",
     b"\xff\xfe" + (G + good()).encode("utf-16-le")),
    ("csv/utf16be_nobom.csv", "UTF-16BE without a byte order mark", "events", "0", "=3", "", "",
     (G + good()).encode("utf-16-be")),
    ("csv/latin1.csv", "Latin-1 text (not UTF-8)", "events", "0", "=3", "", "", (G + good(2) + "2020-01-03,Z\xfcrich caf\xe9,40,45\n").encode("latin-1")),
    ("csv/utf8_bom.csv", "UTF-8 with a byte order mark", "events", "0", "=3", "", "", b"\xef\xbb\xbf" + b(G + good())),
    ("csv/only_line_breaks.csv", "nothing but line breaks", "events", "3", "-", "only_line_breaks.csv|cannot open", "", "\n\n\r\n\r\r\n"),
    ("csv/binary_garbage.csv", "4 KB of random bytes", "events", "3", "-", "binary_garbage.csv|cannot open", "", rand_bytes(4096, 12)),
    ("csv/html_page.csv", "an HTML page saved as .csv", "events", "0", "=0", "", "",
     "<!DOCTYPE html><html><head><title>404</title></head><body><p>Not found, date, lat</p></body></html>\n"),
    ("csv/duplicate_columns.csv", "two columns named date", "events", "0", "=1", "", "", "date,date,title,lat,lon\n2020-01-01,2021-01-01,a,40,45\n"),
    ("csv/more_cells_than_header.csv", "rows with extra cells", "events", "0", "=3", "", "", G + "2020-01-01,a,40,45,x,y\n2020-01-02,b,40,45,,,,\n" + ROWS[2] + "\n"),
    ("csv/fewer_cells_than_header.csv", "a row with only a date", "events", "0", "=3", "", "", G + ROWS[0] + "\n2020-01-02\n" + ROWS[2] + "\n"),
    ("csv/blank_lines.csv", "blank lines between rows", "events", "0", "=3", "", "", G + "\n\n" + ROWS[0] + "\n\n\n" + ROWS[1] + "\n \n" + ROWS[2] + "\n\n"),
    ("csv/semicolons.csv", "semicolon separated", "events", "0", "=3", "", "", (G + good()).replace(",", ";")),
    ("csv/tabs.tsv", "tab separated (.tsv)", "events", "0", "=3", "", "", (G + good()).replace(",", "\t")),
    ("csv/no_date_column.csv", "no date column at all", "events", "0", "=0", "no_date_column.csv", "", "title,lat,lon\na,40,45\nb,41,46\n"),
    ("csv/all_dates_empty.csv", "every date empty", "events", "0", "=0", "row 2|date", "", G + ",a,40,45\n,b,40,45\n"),
    ("csv/formula_cells.csv", "spreadsheet formulas as titles", "events", "0", "=3", "", "",
     G + "2020-01-01,\"=HYPERLINK(\"\"http://x.invalid\"\",\"\"x\"\")\",40,45\n2020-01-02,+cmd|' /C calc'!A0,40,45\n2020-01-03,@SUM(1+1),40,45\n"),
    ("csv/bidi_controls.csv", "right-to-left overrides and zero-width characters", "events", "0", "=3", "", "",
     G + "2020-01-01,\u202eevil\u202c,40,45\n2020-01-02,zero\u200bwidth\ufeff,40,45\n2020-01-03,\U0001F4A3 bomb,40,45\n"),
    ("csv/control_chars.csv", "ASCII control characters in cells", "events", "0", "=3", "", "", G + "2020-01-01,bell\x07esc\x1b[31m,40,45\n2020-01-02,back\x08space,40,45\n" + ROWS[2] + "\n"),
    ("csv/invalid_utf8.csv", "invalid UTF-8 sequences", "events", "0", "=3", "", "", b(G + good(2)) + b"2020-01-03,bad \xc3\x28 \xf0\x28\x8c\x28 \xff,40,45\n"),
    ("csv/whitespace_cells.csv", "cells of spaces", "events", "0", "=1", "row 3|date", "", G + "  2020-01-01  ,  a  , 40 , 45 \n   ,   ,   ,   \n"),
    ("csv/huge_numbers_fatalities.csv", "counts that are no numbers or overflow", "events", "0", "=2", "row 3|fatalities_best", "",
     "date,title,lat,lon,fatalities_best\n2020-01-01,a,40,45,99999999999999999999999\n2020-01-02,b,40,45,-5\n"),
    ("gen/csv_10mb_line.csv", "one row with a 10 MB title", "events", "0", "=3", "", "", None),
    ("gen/csv_10000_columns.csv", "10,000 columns", "events", "0", "=2", "", "", None),
    ("gen/csv_huge_quoted_cell.csv", "a 40 MB quoted cell over 400,000 lines", "events", "0", "=3", "", "", None),
    ("gen/csv_100k_bad_rows.csv", "100,000 rows, every date bad", "events", "0", "=1", "more problems", "", None),
    # --- dates -----------------------------------------------------------------------------------
    ("dates/year0.csv", "year 0 (1 BCE in ISO 8601)", "events", "0", "=1", "", "", G + "0000-01-01,year zero,40,45\n"),
    ("dates/year99999.csv", "year 99999", "events", "0", "=2", "", "", G + "99999-01-01,far,40,45\n" + ROWS[0] + "\n"),
    ("dates/feb29_1900.csv", "1900-02-29 (not a leap year)", "events", "0", "=1", "row 2|date", "", G + "1900-02-29,no such day,40,45\n" + ROWS[0] + "\n"),
    ("dates/feb29_2000.csv", "2000-02-29 (a leap year)", "events", "0", "=1", "", "", G + "2000-02-29,leap,40,45\n"),
    ("dates/month13_day32.csv", "month 13, day 32, day 0", "events", "0", "=1", "row 2|row 3|row 4", "",
     G + "2020-13-01,a,40,45\n2020-01-32,b,40,45\n2020-01-00,c,40,45\n" + ROWS[0] + "\n"),
    ("dates/end_before_start.csv", "an end before its start", "events", "0", "=2", "row 2|end|before", "",
     "date,end,title,lat,lon\n2020-05-01,2020-04-01,backwards,40,45\n2020-01-01,2020-01-05,fine,40,45\n"),
    ("dates/two_digit_years.csv", "two-digit years, day and month ambiguous", "events", "0", "=3", "day-first|--date-format", "",
     G + "01/02/03,a,40,45\n04/05/06,b,40,45\n07/08/09,c,40,45\n"),
    ("dates/time_zones.csv", "zones +14:00, -12:00, Z and the impossible +25:00", "events", "0", "=3", "row 5|date", "",
     G + "2020-01-01T10:00+14:00,a,40,45\n2020-01-01T10:00-12:00,b,40,45\n2020-01-01T10:00Z,c,40,45\n2020-01-01T10:00+25:00,d,40,45\n"),
    ("dates/leap_second.csv", "23:59:60, a leap second", "events", "0", "=2", "", "", G + "2016-12-31T23:59:60Z,leap second,40,45\n" + ROWS[0] + "\n"),
    ("dates/hour25.csv", "hour 25 and minute 61", "events", "0", "=1", "row 2|row 3", "", G + "2020-01-01T25:00,a,40,45\n2020-01-01T10:61,b,40,45\n" + ROWS[0] + "\n"),
    ("dates/trailing_garbage.csv", "a date with text after it", "events", "0", "=1", "row 2|date|xyz", "", G + "2020-01-01xyz,a,40,45\n" + ROWS[0] + "\n"),
    ("dates/year_overflow.csv", "a year that overflows 64 bits", "events", "0", "=1", "row 2|date|out of range", "", G + "99999999999999999999-01-01,a,40,45\n" + ROWS[0] + "\n"),
    ("dates/mixed_formats.csv", "ISO, day-first, month names and garbage in one column", "events", "0", "=3", "row 5|soon", "",
     G + "2020-01-01,a,40,45\n13/01/2020,b,40,45\n3 Feb 2020,c,40,45\nsoon,d,40,45\n"),
    ("dates/far_future.csv", "9999-12-31T23:59:59", "events", "0", "=1", "", "", G + "9999-12-31T23:59:59Z,end of days,40,45\n"),
    ("dates/negative_year.csv", "-0044 and -13000000000", "events", "0", "=2", "", "", G + "-0044-03-15,Ides,41.9,12.5\n-13000000000,Big Bang,0,0\n"),
    ("dates/deep_time.json", "a cosmological TimelineJS file: years to -13,648,000,000", "events", "0", "=6", "", "",
     tljs([ev("-13,648,000,000", "Big Bang"), ev("-13,200,000,000", "First stars"), ev("-4,540,000,000", "Earth"),
           ev("-66,000,000", "K-Pg"), ev("-300000", "Homo sapiens"), ev(2020, "Now")],
          eras=[{"start_date": {"year": "-13,648,000,000"}, "end_date": {"year": "-9,000,000,000"}, "text": {"headline": "Early universe"}}])),
    ("dates/year_beyond_range.json", "TimelineJS years past 10^11 and 10^18", "events", "0", "=1", "out of range", "",
     tljs([ev("-1,000,000,000,000", "too far"), ev("5000000000000000000", "farther"), ev(2020, "ok")])),
    # --- coordinates -----------------------------------------------------------------------------
    ("coords/nan.csv", "NaN coordinates (read as no place; GDAL's CSV reading drops them without a word)", "events", "0", "=2", "", "", G + "2020-01-01,a,NaN,nan\n" + ROWS[1] + "\n"),
    ("coords/inf.csv", "infinite coordinates (read as no place, as GDAL does)", "events", "0", "=2", "", "", G + "2020-01-01,a,inf,-Infinity\n" + ROWS[1] + "\n"),
    ("coords/1e308.csv", "1e308 and -1e308", "events", "0", "=2", "row 2|outside", "", G + "2020-01-01,a,1e308,-1e308\n" + ROWS[1] + "\n"),
    ("coords/1e400.csv", "1e400 (overflows a double)", "events", "0", "=2", "row 2|not a finite number", "", G + "2020-01-01,a,1e400,1e400\n" + ROWS[1] + "\n"),
    ("coords/swapped.csv", "lat and lon swapped (lat 145)", "events", "0", "=2", "row 2|outside", "", G + "2020-01-01,a,145.2,40.1\n" + ROWS[1] + "\n"),
    ("coords/poles_antimeridian.csv", "the poles and the antimeridian", "events", "0", "=4", "", "",
     G + "2020-01-01,n,90,180\n2020-01-02,s,-90,-180\n2020-01-03,e,0,180\n2020-01-04,w,0,-180\n"),
    ("coords/outside_crs.csv", "points far outside a national CRS (EPSG:3035)", "events", "0", "=3", "", "--crs EPSG:3035",
     G + "2020-01-01,antipode,-40,-135\n2020-01-02,pole,-90,0\n" + ROWS[0] + "\n"),
    ("coords/text_coords.csv", "coordinates as text and DMS", "events", "0", "=2", "", "", G + "2020-01-01,a,north,east\n2020-01-02,b,40\u00b010'N,45\u00b0E\n"),
    ("coords/wkt_bad.csv", "WKT column with broken geometries", "events", "0", "=4", "", "",
     "date,title,WKT\n2020-01-01,a,POINT(45 40)\n2020-01-02,b,POINT(abc)\n2020-01-03,c,POLYGON((1 1,2 2\n2020-01-04,d,LINESTRING EMPTY\n"),
    ("coords/geojson_huge_coords.geojson", "GeoJSON coordinates 1e308 and -1e308", "events", "0", "=2", "row 2|outside", "",
     fc([GEOJ_OK, feat({"type": "Point", "coordinates": [1e308, -1e308]}, "huge")])),
    # --- GeoJSON ---------------------------------------------------------------------------------
    ("geojson/null_geometry.geojson", "a null geometry", "events", "0", "=2", "", "", fc([GEOJ_OK, feat(None, "nogeom")])),
    ("geojson/invalid_polygon.geojson", "a polygon of two points and an unclosed ring", "events", "0", "=3", "", "",
     fc([GEOJ_OK, feat({"type": "Polygon", "coordinates": [[[45, 40], [46, 41]]]}, "two"),
         feat({"type": "Polygon", "coordinates": [[[45, 40], [46, 40], [46, 41]]]}, "open")])),
    ("geojson/self_intersecting.geojson", "a bow-tie polygon", "events", "0", "=2", "", "",
     fc([GEOJ_OK, feat({"type": "Polygon", "coordinates": [[[45, 40], [46, 41], [46, 40], [45, 41], [45, 40]]]}, "bowtie")])),
    ("geojson/empty_geometries.geojson", "empty coordinate arrays", "events", "0", "=3", "", "",
     fc([GEOJ_OK, feat({"type": "Point", "coordinates": []}, "e1"), feat({"type": "MultiPolygon", "coordinates": []}, "e2")])),
    ("geojson/wrong_geometry_types.geojson", "coordinates as strings, an unknown geometry type", "events", "0", "=3", "", "",
     fc([GEOJ_OK, feat({"type": "Point", "coordinates": ["a", "b"]}, "s"), feat({"type": "Circle", "coordinates": [1, 2]}, "c")])),
    ("geojson/truncated.geojson", "cut in the middle of a feature", "events", "3", "-", "truncated.geojson|cannot open", "",
     fc([GEOJ_OK, feat({"type": "Point", "coordinates": [45, 40]}, "x")])[:-40]),
    ("geojson/not_json.geojson", "not JSON at all", "events", "3", "-", "not_json.geojson|cannot open", "", "this is { not json\n"),
    ("geojson/empty_object.geojson", "{}", "events", "3", "-", "empty_object.geojson|cannot open", "", "{}"),
    ("geojson/features_not_array.geojson", "features is an object", "events", "3", "-", "features_not_array.geojson|cannot open", "",
     '{"type":"FeatureCollection","features":{"a":1}}'),
    ("geojson/properties_array.geojson", "properties is an array", "events", "0", "=1", "row 2|start|missing date", "",
     '{"type":"FeatureCollection","features":[' + json.dumps(GEOJ_OK) + ',{"type":"Feature","geometry":null,"properties":[1,2]}]}'),
    ("geojson/bad_crs.geojson", "a crs member naming EPSG:999999", "events", "0", "=1", "", "",
     fc([GEOJ_OK], crs={"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::999999"}})),
    ("geojson/duplicate_ids.geojson", "the same id three times", "events", "0", "=3", "", "",
     fc([GEOJ_OK, feat({"type": "Point", "coordinates": [45, 40]}, "ok"), feat({"type": "Point", "coordinates": [45, 40]}, "ok")])),
    ("geojson/wrong_property_types.geojson", "start as a number, title as an object", "events", "0", "=2", "row 3|start", "",
     fc([GEOJ_OK, feat({"type": "Point", "coordinates": [45, 40]}, "n", start=20200101, title={"a": 1}),
         feat({"type": "Point", "coordinates": [45, 40]}, "b", start=True)])),
    ("geojson/bom_and_nan.geojson", "a BOM and a bare NaN and Infinity in the coordinates", "events", "0", "=2", "", "",
     "\ufeff" + '{"type":"FeatureCollection","features":[' + json.dumps(GEOJ_OK) +
     ',{"type":"Feature","geometry":{"type":"Point","coordinates":[NaN,Infinity]},"properties":{"start":"2020-01-01"}}]}'),
    ("gen/geojson_deep_nesting.geojson", "coordinates nested 10,000 levels", "events", "3", "-", "geojson_deep_nesting.geojson|cannot open", "", None),
    ("gen/geojson_deep_properties.geojson", "a property nested 10,000 objects deep", "events", "3", "-", "geojson_deep_properties.geojson|cannot open", "", None),
    ("gen/geojson_coords_cut_short.geojson", "a coordinate array claimed 1 GB, cut short at 48 MB", "events", "3", "-", "geojson_coords_cut_short.geojson|cannot open", "", None),
    ("gen/geojson_huge_string.geojson", "a 20 MB title", "events", "3", "-", "geojson_huge_string.geojson|cannot open", "", None),
    # --- KML / KMZ -------------------------------------------------------------------------------
    ("kml/networklink_http.kml", "a NetworkLink to http", "events", "0", "=1", "NetworkLink|not fetched|http://example.invalid/more.kml", "",
     kml('<NetworkLink><name>remote</name><Link><href>http://example.invalid/more.kml</href></Link></NetworkLink>\n')),
    ("kml/external_entity.kml", "an external entity (XXE) naming /etc/passwd", "events", "3", "-", "external_entity.kml|cannot open|!root:", "",
     '<?xml version="1.0"?>\n<!DOCTYPE kml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
     + KML_OK.replace("<name>ok</name>", "<name>&xxe;</name>") + KML_TAIL),
    ("kml/billion_laughs.kml", "nested entity expansion (billion laughs)", "events", "3", "-", "billion_laughs.kml|cannot open", "",
     '<?xml version="1.0"?>\n<!DOCTYPE kml [<!ENTITY a "aaaaaaaaaa">' + "".join(
         '<!ENTITY %s "%s">' % (chr(98 + i), ("&%s;" % chr(97 + i)) * 10) for i in range(9)) + ']>\n'
     '<kml xmlns="http://www.opengis.net/kml/2.2"><Document>' + KML_OK.replace("<name>ok</name>", "<name>&j;</name>") + KML_TAIL),
    ("kml/truncated.kml", "cut in the middle of a Placemark", "events", "3", "-", "truncated.kml|cannot open", "", kml(KML_OK)[:-60]),
    ("kml/not_xml.kml", "not XML", "events", "3", "-", "not_xml.kml|cannot open", "", "{ not xml at all"),
    ("kml/bad_coordinates.kml", "coordinates that are no numbers", "events", "0", "=2", "", "",
     kml(KML_OK.replace("44.5,40.1", "abc,def").replace("<name>ok</name>", "<name>bad</name>"))),
    ("kml/timespan_backwards.kml", "a TimeSpan ending before it begins", "events", "0", "=2", "row 2|TimeSpan|before", "",
     kml('<Placemark><name>back</name><TimeSpan><begin>2023-01-01</begin><end>2020-01-01</end></TimeSpan><Point><coordinates>45,40</coordinates></Point></Placemark>\n')),
    ("kml/bad_when.kml", "a TimeStamp that is no date", "events", "0", "=1", "row 2|TimeStamp|yesterday", "",
     kml('<Placemark><name>bad</name><TimeStamp><when>yesterday</when></TimeStamp><Point><coordinates>45,40</coordinates></Point></Placemark>\n')),
    ("kml/kmz_without_kml.kmz", "a KMZ holding no .kml", "events", "3", "-", "kmz_without_kml.kmz|cannot open", "", kmz([("readme.txt", "nothing")])),
    ("kml/kmz_truncated.kmz", "a KMZ cut in half", "events", "3", "-", "kmz_truncated.kmz|cannot open", "", kmz([("doc.kml", kml(""))])[:200]),
    ("kml/kmz_traversal.kmz", "a KMZ whose entries name ../../ paths", "events", "0", "=1", "", "",
     kmz([("../../../tmp/evil.kml", kml("")), ("doc.kml", kml(""))])),
    ("gen/kmz_zip_bomb.kmz", "a zip bomb: 1.2 GB of doc.kml in 1.2 MB", "events", "3", "-", "kmz_zip_bomb.kmz|zip bomb", "", None),
    ("gen/kmz_ratio_bomb.kmz", "300 MB of spaces compressed 1000:1", "events", "3", "-", "kmz_ratio_bomb.kmz|zip bomb", "", None),
    ("gen/kml_deep_folders.kml", "Folders nested 10,000 deep", "events", "3", "-", "kml_deep_folders.kml|cannot open", "", None),
    # --- TimelineJS JSON -------------------------------------------------------------------------
    ("tljs/events_not_objects.json", "events that are numbers and strings", "events", "0", "=1", "events[0]|not an object", "",
     tljs([1, "two", ev(2020, "ok")])),
    ("tljs/missing_start.json", "an event without start_date", "events", "0", "=1", "start_date|missing", "",
     tljs([{"text": {"headline": "no start"}}, ev(2020, "ok")])),
    ("tljs/wrong_date_types.json", "year as an object, an array, true and 1.5", "events", "0", "=1", "start_date", "",
     tljs([ev({"a": 1}), ev([2020]), ev(True), ev(1.5), ev(2020, "ok")])),
    ("tljs/bad_month_day.json", "month 13, day 40, month 'Smarch'", "events", "0", "=1", "events[0]|events[1]|events[2]", "",
     tljs([{"start_date": {"year": 2020, "month": 13}}, {"start_date": {"year": 2020, "month": 1, "day": 40}},
           {"start_date": {"year": 2020, "month": "Smarch"}}, ev(2020, "ok")])),
    ("tljs/end_before_start.json", "an end before the start", "events", "0", "=1", "end_date|before", "",
     tljs([dict(ev(2020, "back"), end_date={"year": 2010})])),
    ("tljs/duplicate_ids.json", "unique_id repeated", "events", "0", "=3", "", "",
     tljs([ev(2020, "a", unique_id="x"), ev(2021, "b", unique_id="x"), ev(2022, "c", unique_id="x")])),
    ("tljs/wrong_member_types.json", "text, group and unique_id of the wrong types", "events", "0", "=2", "", "",
     tljs([{"start_date": {"year": 2020}, "text": "not an object", "group": 5, "unique_id": [1]},
           {"start_date": {"year": 2021}, "text": {"headline": 7, "text": None}}])),
    ("tljs/empty_events.json", "an empty events array", "events", "0", "=0", "", "", tljs([])),
    ("tljs/events_is_object.json", "events is an object, not an array", "events", "3", "-", "events_is_object.json|cannot open", "",
     json.dumps({"events": {"a": 1}})),
    ("tljs/truncated.json", "cut in the middle", "events", "3", "-", "truncated.json|cannot open", "", tljs([ev(2020), ev(2021)])[:-20]),
    ("tljs/title_wrong_type.json", "title as an array, eras as a string", "events", "0", "=1", "", "",
     json.dumps({"title": [1, 2], "eras": "none", "events": [ev(2020)]})),
    ("tljs/bad_eras.json", "eras with bad dates", "events", "0", "=1", "eras[0].start_date|eras[1]", "",
     tljs([ev(2020)], eras=[{"start_date": {"year": "x"}}, 5])),
    ("gen/tljs_huge_headline.json", "a 20 MB headline", "events", "0", "=2", "", "", None),
    ("gen/tljs_100k_empty_events.json", "100,000 events that are {}", "events", "0", "=1", "more problems", "", None),
    ("gen/tljs_deep_nesting.json", "an unknown member nested 10,000 arrays deep", "events", "0", "=1", "", "", None),
    # --- Forensic Architecture timemap exports (events + associations + sources) -------------------
    ("timemap/control_events.json", "control: three events with their associations and sources beside them", "events", "0", "=3", "", "",
     tm_good(3)),
    ("timemap/bad_fields_events.json",
     "date as an object, 13/45/2022, 2/30/2022, no date; time true; latitude a list, 'abc', 95, NaN; associations a number, sources an object",
     "events", "0", "=7", "bad_fields_events.json|row 1|field 'date'|row 2|row 4|field 'latitude'|row 6|outside|field 'associations'", "",
     tm([tm_event(1, date={"m": 3}), tm_event(2, date="13/45/2022"), tm_event(3, time=True), tm_event(4, latitude=["50"]),
         tm_event(5, latitude="abc"), tm_event(6, latitude="95"), tm_event(7, associations=5, sources={"x": 1}),
         tm_event(8, id=[1], description=["x"], location={"a": 1}), tm_event(9, date=""), tm_event(10, latitude="NaN", longitude="inf"),
         tm_event(11, date="2/30/2022")])),
    ("timemap/not_objects_events.json", "events that are numbers, strings, null and lists", "events", "0", "=1",
     "not_objects_events.json|row 1|not an object", "", tm([1, "two", None, [3], tm_event(1)])),
    ("timemap/truncated_events.json", "cut in the middle", "events", "3", "-", "truncated_events.json|cannot open", "", tm_good(3)[:-25]),
    ("timemap/broken_siblings_events.json", "its associations file cut short, its sources file an HTML error page", "events", "0", "=2",
     "broken_siblings_associations.json|broken_siblings_sources.json|not JSON", "", tm_good(2)),
    ("timemap/wrong_siblings_events.json", "siblings of the wrong shape: associations a number, sources a string", "events", "0", "=2",
     "wrong_siblings_associations.json|wrong_siblings_sources.json", "", tm_good(2)),
    ("timemap/bad_sibling_entries_events.json", "association and source entries that are not objects, repeated, without ids",
     "events", "0", "=2", "bad_sibling_entries_associations.json|row 2|listed twice|bad_sibling_entries_sources.json|not an object", "",
     tm_good(2)),
    ("timemap/unknown_refs_events.json", "associations and sources that their files lack", "events", "0", "=2",
     "not in unknown_refs_associations.json|not in unknown_refs_sources.json", "",
     tm([tm_event(1, associations=["NOPE"], sources=["S404"]), tm_event(2, associations=[7, None], sources=[{"title": "inline"}, 3.5])])),
    ("timemap/wrapped_events.json", "events, associations and sources in one object", "events", "0", "=2", "", "",
     json.dumps({"events": [tm_event(1), tm_event(2)], "associations": TM_ASSOC, "sources": TM_SOURCES})),
    ("timemap/empty_events.json", "an empty array", "events", "0", "=0", "", "", "[]"),
    ("timemap/number_overflow_events.json", "a latitude of 1e999 (JSON no reader can hold; once a crash)", "events", "3", "-",
     "number_overflow_events.json|cannot open|number overflow", "", '[{"id": "x", "date": "3/3/2022", "description": "d", "latitude": 1e999}]'),
    ("timemap/opened_associations.json", "the associations file opened instead of the events", "events", "3", "-",
     "opened_associations.json|associations file|events", "", json.dumps(TM_ASSOC)),
    ("timemap/folder_export", "control: the folder of an export opened (events.json inside)", "events", "0", "=2", "", "", None),
    ("gen/timemap_100k_bad_events.json", "100,000 events with dates that are no dates", "events", "0", "=1", "more problems", "", None),
    ("gen/timemap_huge_description_events.json", "a 20 MB description", "events", "0", "=2", "", "", None),
    ("gen/timemap_fifo_events.json", "its sources file a named pipe, its associations file a folder", "events", "0", "=1",
     "timemap_fifo_sources.json|timemap_fifo_associations.json|not a regular file", "", None),
    ("gen/timemap_deep_nesting_events.json", "an unknown member nested 10,000 arrays deep", "events", "0", "=1", "", "", None),
    # --- stories (--story) -----------------------------------------------------------------------
    ("story/not_json.json", "not JSON", "story", "2", "-", "not_json.json", "", "{{{ nope"),
    ("story/truncated.json", "cut in the middle", "story", "2", "-", "truncated.json", "", story([step("a"), step("b")])[:-30]),
    ("story/wrong_format.json", "format is something else", "story", "2", "-", "wrong_format.json", "", json.dumps({"format": "other", "steps": []})),
    ("story/steps_not_array.json", "steps is a string", "story", "2", "-", "steps_not_array.json", "", story("none")),
    ("story/step_wrong_types.json", "a step that is a number, a title that is a list", "story", "0", "=138", "step_wrong_types.json", "",
     story([5, step(title=["x"]), step("ok")])),
    ("story/missing_event.json", "a step selecting an event that does not exist", "story", "0", "=138", "missing_event.json|step 1|no-such-event", "",
     story([step("a", select="no-such-event"), step("b")])),
    ("story/bad_time.json", "a step time that is no date", "story", "0", "=138", "bad_time.json", "", story([step("a", time="not a time"), step("b")])),
    ("story/bad_bbox.json", "a bbox of strings and NaN", "story", "0", "=138", "", "", story([step("a", bbox=["a", "b", "c", "d"]), step("b", bbox=[1e308, -1e308, 0, 0])])),
    ("story/events_missing_file.json", "events names a missing file", "story", "3", "-", "no-such-file.geojson|no such file", "",
     story([step("a")], events="no-such-file.geojson")),
    ("story/events_remote.json", "events names an http URL", "story", "3", "-", "example.invalid|remote source|not opened", "",
     story([step("a")], events="http://example.invalid/events.geojson")),
    ("story/duplicate_step_ids.json", "two steps with the same id", "story", "0", "=138", "", "",
     story([step("a", id="s1"), step("b", id="s1")])),
    ("story/empty_steps.json", "no steps", "story", "2", "-", "empty_steps.json|no steps", "", story([])),
    ("story/version_999.json", "a version from the future", "story", "2", "-", "version_999.json|newer", "", story([step("a")], version=999)),
    ("story/markdown_nesting.json", "Markdown nested and unbalanced 10,000 deep", "story", "0", "=138", "", "",
     story([step("a", text="> " * 10000 + "*" * 10000 + "[" * 5000 + "](" * 5000 + "`" * 3001)])),
    ("gen/story_huge_text.json", "a 20 MB step text", "story", "0", "=138", "", "", None),
    # --- projects (--project) --------------------------------------------------------------------
    ("project/not_json.chronomap", "not JSON", "project", "2", "-", "not_json.chronomap|line 1", "", "nope {"),
    ("project/truncated.chronomap", "cut in the middle", "project", "2", "-", "truncated.chronomap|line", "", project()[:-15]),
    ("project/wrong_format.chronomap", "format is something else", "project", "2", "-", "wrong_format.chronomap", "", json.dumps({"format": "nope"})),
    ("project/version_999.chronomap", "a version from the future", "project", "2", "-", "version_999.chronomap|newer", "", project(version=999)),
    ("project/sources_not_array.chronomap", "sources is a string", "project", "2", "-", "sources_not_array.chronomap", "", project(sources="x.csv")),
    ("project/source_missing.chronomap", "a source file that does not exist", "project", "3", "-", "no-such.csv", "",
     project(sources=[{"path": "no-such.csv"}])),
    ("project/source_http.chronomap", "a source on http (not named by the user)", "project", "3", "-", "example.invalid|remote source|not opened", "",
     project(sources=[{"path": "http://example.invalid/events.geojson"}])),
    ("project/source_vsicurl.chronomap", "a /vsicurl/ source", "project", "3", "-", "example.invalid|remote source|not opened", "",
     project(sources=[{"path": "/vsicurl/https://example.invalid/events.gpkg"}])),
    ("project/source_pg.chronomap", "a PG: connection to a remote server", "project", "3", "-", "example.invalid|remote source|not opened", "",
     project(sources=[{"path": "PG:host=example.invalid dbname=x"}])),
    ("project/map_remote_vrt.chronomap", "a map layer that is a VRT naming a remote source", "project", "3", "-", "remote_vsicurl.vrt|remote source", "",
     project(maps=["../vrt/remote_vsicurl.vrt"])),
    ("project/bad_view.chronomap", "view and time of the wrong types", "project", "0|2", "-", "", "",
     project(view={"bbox": ["a", 1], "center_xy": "x", "m_per_px": -1}, time="never", mode=5, timeline={"start": 1})),
    ("project/bad_crs.chronomap", "a CRS that is no CRS", "project", "2", "-", "bad_crs.chronomap|crs|EPSG:999999", "", project(crs="EPSG:999999")),
    ("project/story_missing.chronomap", "a story path that does not exist", "project", "0|2", "-", "no-such-story.json", "", project(story={"path": "no-such-story.json"})),
    ("project/story_inline_broken.chronomap", "an inline story of the wrong shape", "project", "0|2", "-", "", "", project(story={"inline": {"steps": 5}})),
    ("project/source_is_itself.chronomap", "a project whose source is the project itself", "project", "0|3", "-", "", "",
     project(sources=[{"path": "source_is_itself.chronomap"}])),
    ("project/layers_wrong_types.chronomap", "layers and filters of the wrong types", "project", "0|2", "-", "", "",
     project(layers=[1, 2], filters={"categories": "x", "min_fatalities": "many"})),
    # --- VRT and remote references ---------------------------------------------------------------
    ("vrt/local_ok.vrt", "control: a VRT over a local CSV", "events", "0", "=3", "", "",
     '<OGRVRTDataSource><OGRVRTLayer name="good"><SrcDataSource relativeToVRT="1">../csv/good.csv</SrcDataSource>'
     '<GeometryType>wkbPoint</GeometryType><GeometryField encoding="PointFromColumns" x="lon" y="lat"/></OGRVRTLayer></OGRVRTDataSource>\n'),
    ("vrt/remote_vsicurl.vrt", "a VRT whose source is /vsicurl/http://", "events", "3", "-", "remote_vsicurl.vrt|remote source|not fetched", "",
     '<OGRVRTDataSource><OGRVRTLayer name="x"><SrcDataSource>/vsicurl/http://example.invalid/events.geojson</SrcDataSource></OGRVRTLayer></OGRVRTDataSource>\n'),
    ("vrt/remote_http.vrt", "a VRT whose source is an https URL", "events", "3", "-", "remote_http.vrt|remote source", "",
     '<OGRVRTDataSource><OGRVRTLayer name="x"><SrcDataSource relativeToVRT="0">https://example.invalid/wfs?service=WFS</SrcDataSource></OGRVRTLayer></OGRVRTDataSource>\n'),
    ("vrt/remote_pg.vrt", "a VRT whose source is a PG: server", "events", "3", "-", "remote_pg.vrt|remote source", "",
     '<OGRVRTDataSource><OGRVRTLayer name="x"><SrcDataSource>PG:host=example.invalid dbname=x</SrcDataSource></OGRVRTLayer></OGRVRTDataSource>\n'),
    ("vrt/remote_raster.vrt", "a raster VRT on /vsicurl/ (--raster)", "raster", "3", "-", "remote_raster.vrt|remote source", "",
     '<VRTDataset rasterXSize="10" rasterYSize="10"><SRS>EPSG:4326</SRS><GeoTransform>44,0.1,0,41,0,-0.1</GeoTransform>'
     '<VRTRasterBand dataType="Byte" band="1"><SimpleSource><SourceFilename relativeToVRT="0">/vsicurl/http://example.invalid/dem.tif</SourceFilename>'
     '<SourceBand>1</SourceBand></SimpleSource></VRTRasterBand></VRTDataset>\n'),
    ("vrt/remote_map.vrt", "a map layer VRT naming a remote source (--map)", "map", "3", "-", "remote_map.vrt|remote source", "",
     '<OGRVRTDataSource><OGRVRTLayer name="x"><SrcDataSource>/vsicurl/https://example.invalid/roads.gpkg</SrcDataSource></OGRVRTLayer></OGRVRTDataSource>\n'),
    ("vrt/self_reference.vrt", "a VRT whose source is itself", "events", "0|3", "-", "self_reference.vrt", "",
     '<OGRVRTDataSource><OGRVRTLayer name="x"><SrcDataSource relativeToVRT="1">self_reference.vrt</SrcDataSource></OGRVRTLayer></OGRVRTDataSource>\n'),
    ("vrt/missing_source.vrt", "a VRT whose source is missing", "events", "3", "-", "missing_source.vrt", "",
     '<OGRVRTDataSource><OGRVRTLayer name="x"><SrcDataSource relativeToVRT="1">nowhere.csv</SrcDataSource></OGRVRTLayer></OGRVRTDataSource>\n'),
    ("vrt/not_xml.vrt", "a .vrt that is no XML", "events", "3", "-", "not_xml.vrt", "", "<<<<"),
    ("remote/url_on_command_line_offline", "control: an http URL named on the command line is tried (no network here: fails clearly)",
     "url", "3", "-", "example.invalid", "", b""),
    # --- file system (made at test time) ---------------------------------------------------------
    ("gen/symlink_loop.csv", "a symlink loop", "events", "3", "-", "symlink_loop.csv|symbolic links", "", None),
    ("gen/dangling_symlink.csv", "a symlink to nothing", "events", "3", "-", "dangling_symlink.csv|no such file", "", None),
    ("gen/directory.csv", "a directory named .csv", "events", "0", "=3", "", "", None),
    ("gen/unreadable.csv", "a file without read permission", "events", "3", "-", "unreadable.csv|permission denied", "", None),
    ("gen/fifo.csv", "a named pipe nobody writes to", "events", "3", "-", "fifo.csv|not a regular file", "", None),
    ("gen/dev_zero.csv", "a symlink to /dev/zero", "events", "3", "-", "dev_zero.csv|not a regular file", "", None),
    ("gen/fifo_story.json", "a named pipe as the story", "story", "2", "-", "fifo_story.json", "", None),
    ("gen/fifo.chronomap", "a named pipe as the project", "project", "2", "-", "fifo.chronomap", "", None),
    ("gen/no_such_file.csv", "a path that does not exist", "events", "3", "-", "no_such_file.csv|no such file", "", None),
    ("gen/removed_while_loading.csv", "a 60 MB CSV removed while it loads", "remove", "0|3", "-", "", "", None),
    ("gen/truncated_while_loading.csv", "a 60 MB CSV truncated to 0 while it loads", "truncate", "0|3", "-", "", "", None),
]

FIELDS = ["file", "category", "what", "mode", "exit", "loaded", "fragments", "args", "on_timeline", "max_ms"]
# Inputs that must also draw: events on the timeline (state counts.on_timeline) and a time bound.
# The cosmological file took minutes and all memory before the timeline's ticks were fixed.
DRAWN = {"dates/deep_time.json": ("=6", "20000"), "csv/good.csv": ("=3", ""), "dates/negative_year.csv": ("=2", "20000")}


def write_committed(root):
    rows = []
    for name, what, mode, ex, loaded, frags, args, content in CORPUS:
        rows.append([name, name.split("/")[0], what, mode, ex, loaded, frags, args] + list(DRAWN.get(name, ("", ""))))
        if content is None or name.startswith("remote/"):
            continue
        path = os.path.join(root, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        with open(path, "wb") as f:
            f.write(data)
    for name, content in TIMEMAP_SIBLINGS:
        path = os.path.join(root, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(b(content))
    with open(os.path.join(root, "MANIFEST.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(FIELDS)
        w.writerows(rows)
    print("%d inputs, %d committed files under %s" % (len(rows), sum(1 for r in CORPUS if r[7] is not None and not r[0].startswith("remote/")), root))


def deflate_zip(path, member, chunk, count):
    """A zip with one member of chunk*count bytes, written in a stream (no huge buffer)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        with z.open(member, "w", force_zip64=True) as m:
            m.write(KML_HEAD.encode() + KML_OK.encode() + b"<!--")
            for _ in range(count):
                m.write(chunk)
            m.write(b"-->" + KML_TAIL.encode())


def write_generated(out):
    g = os.path.join(out, "gen")
    os.makedirs(g, exist_ok=True)

    def put(name, data):
        with open(os.path.join(g, name), "wb") as f:
            f.write(b(data))

    put("csv_10mb_line.csv", G + ROWS[0] + "\n2020-01-02," + "x" * (10 << 20) + ",40,45\n" + ROWS[2] + "\n")
    cols = ["date", "title", "lat", "lon"] + ["c%d" % i for i in range(9996)]
    put("csv_10000_columns.csv", ",".join(cols) + "\n" + "\n".join(r + "," + ",".join(str(i) for i in range(9996)) for r in ROWS[:2]) + "\n")
    put("csv_huge_quoted_cell.csv", G + ROWS[0] + "\n2020-01-02,\"" + ("y" * 99 + "\n") * 400000 + "\",40,45\n" + ROWS[2] + "\n")
    put("csv_100k_bad_rows.csv", G + "".join("bad%d,t,40,45\n" % i for i in range(100000)) + ROWS[0] + "\n")
    n = 10000
    put("geojson_deep_nesting.geojson", '{"type":"FeatureCollection","features":[' + json.dumps(GEOJ_OK) +
        ',{"type":"Feature","properties":{"start":"2020-01-01"},"geometry":{"type":"Polygon","coordinates":' + "[" * n + "45,40" + "]" * n + "}}]}")
    put("geojson_deep_properties.geojson", '{"type":"FeatureCollection","features":[' + json.dumps(GEOJ_OK) +
        ',{"type":"Feature","geometry":null,"properties":{"start":"2020-01-01","deep":' + '{"a":' * n + "1" + "}" * n + "}}]}")
    with open(os.path.join(g, "geojson_coords_cut_short.geojson"), "wb") as f:
        f.write(b'{"type":"FeatureCollection","features":[' + json.dumps(GEOJ_OK).encode() +
                b',{"type":"Feature","properties":{"start":"2020-01-01"},"geometry":{"type":"LineString","coordinates":[')
        piece = b"[45.123456,40.123456]," * 50000
        for _ in range(48 << 20 // len(piece) + 1):
            f.write(piece)
        f.write(b"[45.1,40")  # cut short: the array never ends
    put("geojson_huge_string.geojson", fc([GEOJ_OK, feat({"type": "Point", "coordinates": [45, 40]}, "big", title="z" * (20 << 20))]))
    deflate_zip(os.path.join(g, "kmz_zip_bomb.kmz"), "doc.kml", b" " * (1 << 20), 1200)
    deflate_zip(os.path.join(g, "kmz_ratio_bomb.kmz"), "doc.kml", b" " * (1 << 20), 300)
    put("kml_deep_folders.kml", KML_HEAD + "<Folder>" * n + KML_OK + "</Folder>" * n + KML_TAIL)
    put("tljs_huge_headline.json", tljs([ev(2020, "h" * (20 << 20)), ev(2021, "ok")]))
    put("tljs_100k_empty_events.json", tljs([{}] * 100000 + [ev(2020)]))
    put("tljs_deep_nesting.json", '{"events":[{"start_date":{"year":2020}}],"extra":' + "[" * n + "]" * n + "}")
    put("timemap_100k_bad_events.json", tm([tm_event(i, date="x%d" % i) for i in range(100000)] + [tm_event(1)]))
    put("timemap_huge_description_events.json", tm([tm_event(1, description="d" * (20 << 20)), tm_event(2)]))
    put("timemap_fifo_events.json", tm_good(1))
    fifo_src = os.path.join(g, "timemap_fifo_sources.json")
    if not os.path.exists(fifo_src):
        os.mkfifo(fifo_src)
    os.makedirs(os.path.join(g, "timemap_fifo_associations.json"), exist_ok=True)
    put("timemap_deep_nesting_events.json", '[{"id": "d", "description": "deep", "date": "3/3/2022", "extra": ' + "[" * n + "]" * n + "}]")
    assets = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "assets", "events", "karabakh-csto.geojson"))
    put("story_huge_text.json", story([step("a", text="w " * (10 << 20)), step("b")], events=assets))
    # File-system oddities.
    for link, target in (("symlink_loop.csv", "symlink_loop_b.csv"), ("symlink_loop_b.csv", "symlink_loop.csv"),
                         ("dangling_symlink.csv", "nothing-here.csv"), ("dev_zero.csv", "/dev/zero")):
        p = os.path.join(g, link)
        if os.path.lexists(p):
            os.remove(p)
        os.symlink(target, p)
    os.makedirs(os.path.join(g, "directory.csv"), exist_ok=True)
    with open(os.path.join(g, "directory.csv", "inside.csv"), "w") as f:
        f.write(G + good())
    put("unreadable.csv", G + good())
    os.chmod(os.path.join(g, "unreadable.csv"), 0)
    for fifo in ("fifo.csv", "fifo_story.json", "fifo.chronomap"):
        p = os.path.join(g, fifo)
        if not os.path.exists(p):
            os.mkfifo(p)
    if os.path.lexists(os.path.join(g, "no_such_file.csv")):
        os.remove(os.path.join(g, "no_such_file.csv"))
    big = G + "".join("2020-01-%02d,row %d with some text to make it longer than usual,40.%d,45.%d\n" % (i % 28 + 1, i, i % 1000, i % 997)
                      for i in range(800000))
    put("removed_while_loading.csv", big)
    put("truncated_while_loading.csv", big)
    print("generated inputs under", g)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--committed", help="write the small inputs and MANIFEST.csv into this folder")
    ap.add_argument("--generated", help="write the large and special inputs into OUT/gen")
    a = ap.parse_args()
    if a.committed:
        write_committed(a.committed)
    if a.generated:
        write_generated(a.generated)
    if not a.committed and not a.generated:
        ap.error("give --committed DIR and/or --generated OUT")


if __name__ == "__main__":
    main()
