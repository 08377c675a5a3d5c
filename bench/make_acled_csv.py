#!/usr/bin/env python3
"""Writes a synthetic ACLED-style CSV (the common export layout) for benchmarks: N rows of events
scattered around the Caucasus and Central Asia over 2018-2024, with the columns and value styles of
real exports. Usage: make_acled_csv.py OUT.csv [N=100000] [seed=1]"""
import csv
import random
import sys

COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
           "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
           "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
           "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
           "fatalities", "tags", "timestamp"]
TYPES = [("Battles", "Armed clash"), ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
         ("Violence against civilians", "Attack"), ("Protests", "Peaceful protest"),
         ("Riots", "Violent demonstration"), ("Strategic developments", "Agreement")]
PLACES = [("Armenia", 51, "ARM", 40.18, 44.51), ("Azerbaijan", 31, "AZE", 40.40, 49.88),
          ("Georgia", 268, "GEO", 41.72, 44.79), ("Kazakhstan", 398, "KAZ", 43.24, 76.89),
          ("Kyrgyzstan", 417, "KGZ", 42.87, 74.61), ("Tajikistan", 762, "TJK", 38.56, 68.78)]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]


def main():
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 100000
    rnd = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    with open(out, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(COLUMNS)
        for i in range(n):
            country, iso, a3, lat, lon = rnd.choice(PLACES)
            et, st = rnd.choice(TYPES)
            y, m, d = rnd.randint(2018, 2024), rnd.randint(1, 12), rnd.randint(1, 28)
            date = "%02d %s %d" % (d, MONTHS[m - 1], y) if i % 3 == 0 else "%d-%02d-%02d" % (y, m, d)
            w.writerow([
                "%s%d" % (a3, i), date, y, rnd.choice([1, 1, 1, 2, 3]), "Political violence", et, st,
                "Military Forces of %s (2018-)" % country, "", 1, "Civilians (%s)" % country, "", 7, 17,
                "", iso, "Caucasus and Central Asia", country, "Province %d" % rnd.randint(1, 12), "", "",
                "Town %d" % rnd.randint(1, 400), "%.4f" % (lat + rnd.gauss(0, 1.2)), "%.4f" % (lon + rnd.gauss(0, 1.8)),
                rnd.choice([1, 1, 2, 3]), "Local media", "National",
                "On %d %s %d, an event of type %s was reported." % (d, MONTHS[m - 1], y, st),
                rnd.choice([0, 0, 0, 1, 2, 5, ""]), "", 1700000000 + i])


if __name__ == "__main__":
    main()
