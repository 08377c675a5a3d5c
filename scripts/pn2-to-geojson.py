#!/usr/bin/env python3
"""Decode a Marble .pn2 file (as Marble's Pn2Runner reads it) into GeoJSON on stdout.

Usage: pn2-to-geojson.py FILE.pn2 [xmin ymin xmax ymax]

Format (big-endian): header uint8 version, uint32 record count, uint8 bool colour-field flag.
Record: uint8 flag (0 line string, 1 linear ring, 2 outer boundary, 3 inner boundary,
4 multi-geometry), uint32 placemark id, one uint8 colour when the id changes and the colour flag
is set, then either uint32 count of absolute nodes followed by the nodes, or (flag 4) uint8 part
count and that many (uint8 flag, uint32 id, uint32 node count, nodes). A node is int16 lat,
int16 lon, int16 n, then n pairs of int8 (dlat, dlon) relative to that absolute node.
Units are 1/120 degree. Records with the same placemark id form one feature; an inner boundary
belongs to the last outer boundary. Output properties: pn2_id (placemark id), kind.
The optional box keeps only features whose bounding box intersects it.
"""
import json, struct, sys

LINE, RING, OUTER, INNER, MULTI = range(5)


def main():
    path = sys.argv[1]
    box = [float(v) for v in sys.argv[2:6]] if len(sys.argv) >= 6 else None
    data = open(path, "rb").read()
    pos = 0

    def rd(fmt):
        nonlocal pos
        v = struct.unpack_from(">" + fmt, data, pos)
        pos += struct.calcsize(">" + fmt)
        return v if len(v) > 1 else v[0]

    version = rd("B")
    if version < 2:
        sys.exit(f"{path}: pn2 version {version} not supported")
    count = rd("I")
    has_colour = rd("B") != 0

    def nodes():
        n = rd("I")
        pts = []
        for _ in range(n):
            lat, lon, nrel = rd("hhh")
            pts.append((lon / 120.0, lat / 120.0))
            for _ in range(nrel):
                dlat, dlon = rd("bb")
                pts.append(((lon + dlon) / 120.0, (lat + dlat) / 120.0))
        return pts

    feats = {}   # id -> {"polys": [[outer, inner...]], "lines": [], "rings": []}
    order = []
    prev_id = None

    def add(fid, flag, pts):
        f = feats.get(fid)
        if f is None:
            f = feats[fid] = {"polys": [], "lines": [], "rings": []}
            order.append(fid)
        if flag == LINE:
            f["lines"].append(pts)
        elif flag == RING:
            f["rings"].append(pts)
        elif flag == OUTER:
            f["polys"].append([pts])
        elif flag == INNER:
            if f["polys"]:
                f["polys"][-1].append(pts)
            else:
                f["polys"].append([pts])

    for _ in range(count):
        if pos >= len(data):
            break
        flag = rd("B")
        fid = rd("I")
        if has_colour and fid != prev_id:
            rd("B")
        prev_id = fid
        if flag != MULTI:
            add(fid, flag, nodes())
        else:
            nparts = rd("B")
            for _ in range(nparts):
                pflag = rd("B")
                pid = rd("I")
                add(fid, pflag, nodes())

    out = []
    for fid in order:
        f = feats[fid]
        polys = [[close(r) for r in p] for p in f["polys"]] + [[close(r)] for r in f["rings"]]
        polys = [p for p in polys if len(p[0]) >= 4]
        if polys:
            geom = {"type": "MultiPolygon", "coordinates": polys}
            kind = "polygon"
        elif f["lines"]:
            geom = {"type": "MultiLineString", "coordinates": [l for l in f["lines"] if len(l) >= 2]}
            kind = "line"
        else:
            continue
        if box and not intersects(geom, box):
            continue
        out.append({"type": "Feature", "properties": {"pn2_id": fid, "kind": kind}, "geometry": geom})
    json.dump({"type": "FeatureCollection", "features": out}, sys.stdout)


def close(r):
    r = [list(p) for p in r]
    if r and r[0] != r[-1]:
        r.append(list(r[0]))
    return r


def intersects(geom, box):
    xs, ys = [], []
    def walk(c):
        if isinstance(c[0], (int, float)):
            xs.append(c[0]); ys.append(c[1])
        else:
            for x in c:
                walk(x)
    walk(geom["coordinates"])
    return not (max(xs) < box[0] or min(xs) > box[2] or max(ys) < box[1] or min(ys) > box[3])


if __name__ == "__main__":
    main()
