// Benchmark: window queries on a PostGIS table of events (geo::PgSource), with and without the
// indexes, and a pan through app::PgLive. Prints figures; bench/bench_pg.py runs it against a
// throw-away server with 10,000,000 generated rows.
//
//   bench_pg --conn 'PG:host=... dbname=...' [--generate N] [--table bench_events]
//            [--windows 50] [--windows-noindex 5] [--budget 20000] [--seed 1]
//
// --generate N makes the table anew: N events in 200 clusters (popularity skewed, spread 0.1-1.6
// degrees, 15-315 days, over 2015-2024), a fifth of them spans of up to 150 days, stored in the
// order of time. Then, per zoom
// (the view's box: world, 40, 5 and 0.5 degrees wide) and time window (30 days, 1 year), windows
// centred on randomly sampled events: median and p95 of the query's wall time, without indexes
// (fewer windows: each is a scan) and with them (the time to build them is printed too).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "app/pg_live.hpp"
#include "geo/pg_source.hpp"

namespace {
using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const double i = p * double(v.size() - 1);
  const size_t lo = size_t(std::floor(i)), hi = size_t(std::ceil(i));
  return v[lo] + (v[hi] - v[lo]) * (i - double(lo));
}

[[noreturn]] void die(const std::string& m) {
  std::fprintf(stderr, "bench_pg: %s\n", m.c_str());
  std::exit(1);
}

void exec(geo::PgSource& db, const std::string& sql) {
  std::string err;
  if (!db.execute(sql, &err)) die(err + "\n  in: " + sql.substr(0, 300));
}

void generate(geo::PgSource& db, const std::string& table, int64_t rows, int seed) {
  const auto t0 = Clock::now();
  exec(db, "SELECT setseed(" + std::to_string(double(seed % 1000) / 1000.0) + ")");
  exec(db, "DROP TABLE IF EXISTS " + table + ", " + table + "_clusters");
  exec(db, "CREATE TABLE " + table +
               "_clusters AS SELECT k, -20 + random() * 80 AS cx, -35 + random() * 95 AS cy, 0.1 + random() * 1.5 AS sd, "
               "random() * 3650 AS tc, 15 + random() * 300 AS td FROM generate_series(0, 199) k");
  exec(db, "CREATE TABLE " + table +
               " (id bigint, title text, category text, start date, \"end\" date, fatalities integer, "
               "geom geometry(Point, 4326))");
  // Per row: a cluster (squared uniform: a few clusters hold most events), a normal offset in
  // space and in time around it (Box-Muller), a span for a fifth.
  const std::string normal = "sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random())";
  exec(db, "INSERT INTO " + table +
               " SELECT i, 'Event ' || i, (ARRAY['war', 'strikes', 'civilian_harm', 'unrest', 'diplomacy', 'deployment', "
               "'territory', 'humanitarian'])[1 + i % 8], d.d, CASE WHEN s.r < 0.2 THEN d.d + 1 + floor(s.r * 750)::int END, "
               "floor(random() * 10)::int, ST_SetSRID(ST_MakePoint(greatest(-180, least(180, c.cx + c.sd * s.n1)), "
               "greatest(-90, least(90, c.cy + c.sd * s.n2))), 4326) "
               "FROM generate_series(1, " + std::to_string(rows) + ") i "
               "CROSS JOIN LATERAL (SELECT floor(random() ^ 2 * 200)::int + 0 * i AS k, random() AS r, " + normal + " AS n1, " +
               normal + " AS n2, " + normal + " AS n3) s "
               "JOIN " + table + "_clusters c ON c.k = s.k "
               "CROSS JOIN LATERAL (SELECT DATE '2015-01-01' + greatest(0, least(3650, (c.tc + c.td * s.n3)::int)) AS d) d "
               // In the order of time, as a store that events are appended to is (CLUSTER does it
               // for one that is not: docs/postgis.md).
               "ORDER BY d.d");
  exec(db, "ANALYZE " + table);
  std::printf("generated %lld rows in %.1f s\n", static_cast<long long>(rows), msSince(t0) / 1000);
}

struct Zoom {
  const char* name;
  double width;  // degrees of longitude; height is 60 % of it (a 1000 x 600 px map)
};
const Zoom kZooms[] = {{"world", 360}, {"40 deg", 40}, {"5 deg", 5}, {"0.5 deg", 0.5}};
struct Span {
  const char* name;
  geo::Seconds seconds;
};
const Span kSpans[] = {{"30 days", 30 * 86400}, {"1 year", 365 * 86400}};

struct Centre {
  double lon, lat;
  geo::Seconds t;
};

geo::PgWindow windowAt(const Centre& c, const Zoom& z, const Span& s, int64_t budget) {
  geo::PgWindow w;
  w.t1 = c.t + s.seconds / 2;
  w.t0 = w.t1 - s.seconds;
  const double h = z.width * 0.6;
  w.bbox = {c.lon - z.width / 2, c.lat - h / 2, c.lon + z.width / 2, c.lat + h / 2};
  w.budget = budget;
  w.cell = z.width / 128;  // 8 px cells on a 1000 px map
  return w;
}

void measure(geo::PgSource& src, const std::vector<Centre>& centres, int n, int64_t budget, const char* label) {
  std::printf("\n%s: %d windows per row, draw budget %lld\n", label, n, static_cast<long long>(budget));
  std::printf("  %-8s %-8s %10s %10s %10s %12s %10s\n", "zoom", "time", "median ms", "p95 ms", "max ms", "events/win",
              "cells");
  size_t next = 0;
  for (const Zoom& z : kZooms)
    for (const Span& s : kSpans) {
      std::vector<double> ms;
      double events = 0;
      int aggregated = 0;
      for (int i = 0; i < n; ++i) {
        const auto w = windowAt(centres[next++ % centres.size()], z, s, budget);
        const auto r = src.query(w);
        if (!r.ok) die("query failed: " + r.error);
        ms.push_back(r.ms);
        events += double(r.total);
        aggregated += r.aggregated;
      }
      std::printf("  %-8s %-8s %10.1f %10.1f %10.1f %12.0f %9d%%\n", z.name, s.name, percentile(ms, 0.5), percentile(ms, 0.95),
                  percentile(ms, 1.0), events / n, 100 * aggregated / n);
    }
}

// A pan at 60 frames/s through PgLive: each frame asks for its window and takes what is ready.
void pan(const std::string& conn, const std::string& table, const Centre& c, const Zoom& z, int64_t budget) {
  app::PgLiveOptions opt;
  opt.open.table = table;
  opt.open.createIndexes = false;
  app::PgLive live(conn, opt);
  while (live.state() == app::PgLiveState::connecting) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  if (live.state() != app::PgLiveState::ready) die(live.error());
  const int frames = 300;  // 5 s
  std::vector<double> frameMs, latency;
  int delivered = 0, fromCache = 0;
  const auto start = Clock::now();
  for (int f = 0; f < frames; ++f) {
    const auto frameStart = start + std::chrono::microseconds(int64_t(f * 1e6 / 60));
    std::this_thread::sleep_until(frameStart);
    const auto t = Clock::now();
    Centre at = c;
    at.lon += z.width * 0.004 * f;  // 4 px a frame on a 1000 px map
    live.request(windowAt(at, z, kSpans[0], budget));
    app::PgLiveResult r;
    if (live.poll(r)) {
      ++delivered;
      fromCache += r.fromCache;
      latency.push_back(r.latencyMs);
    }
    frameMs.push_back(msSince(t));
  }
  const double seconds = msSince(start) / 1000;
  const auto st = live.stats();
  std::printf("  pan %-8s 30 days: %d frames in %.2f s (%.0f frames/s); request+poll median %.3f ms, max %.3f ms; "
              "%d results (%.0f/s, %d from memory), latency median %.0f ms, p95 %.0f ms; %lld queries, %lld cancelled\n",
              z.name, frames, seconds, frames / seconds, percentile(frameMs, 0.5), percentile(frameMs, 1.0), delivered,
              delivered / seconds, fromCache, percentile(latency, 0.5), percentile(latency, 0.95),
              static_cast<long long>(st.queries), static_cast<long long>(st.cancelled));
}
}  // namespace

int main(int argc, char** argv) {
  std::string conn, table = "bench_events";
  int64_t rows = 0, budget = 20000;
  int windows = 50, windowsNoIndex = 5, seed = 1;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) die(a + " needs a value");
      return argv[++i];
    };
    if (a == "--conn") conn = value();
    else if (a == "--table") table = value();
    else if (a == "--generate") rows = std::atoll(value().c_str());
    else if (a == "--windows") windows = std::atoi(value().c_str());
    else if (a == "--windows-noindex") windowsNoIndex = std::atoi(value().c_str());
    else if (a == "--budget") budget = std::atoll(value().c_str());
    else if (a == "--seed") seed = std::atoi(value().c_str());
    else die("unknown argument " + a);
  }
  if (conn.empty()) die("--conn 'PG:...' is required");

  std::string err;
  geo::PgOpenOptions adminOpt;
  adminOpt.statementTimeoutS = 0;
  auto db = geo::PgSource::connect(conn, adminOpt, &err);
  if (!db) die(err);
  if (rows > 0) generate(*db, table, rows, seed);

  geo::PgOpenOptions opt;
  opt.table = table;
  opt.createIndexes = false;
  opt.statementTimeoutS = 0;
  auto src = geo::PgSource::open(conn, opt, &err);
  if (!src) die(err);
  std::printf("table %s.%s: about %lld rows\n", src->table().schema.c_str(), src->table().name.c_str(),
              static_cast<long long>(src->table().estimatedRows));

  // Window centres: events sampled from the table (people look where there is something).
  std::vector<std::vector<std::string>> sample;
  if (!db->rows("SELECT ST_X(geom) AS x, ST_Y(geom) AS y, (start - DATE '1970-01-01')::bigint * 86400 AS t FROM " + table +
                    " TABLESAMPLE BERNOULLI (0.05) REPEATABLE (" + std::to_string(seed) + ") LIMIT 2000",
                sample, &err) ||
      sample.empty())
    die("sampling the table: " + err);
  std::vector<Centre> centres;
  for (const auto& r : sample) centres.push_back({std::atof(r[0].c_str()), std::atof(r[1].c_str()), std::atoll(r[2].c_str())});
  std::shuffle(centres.begin(), centres.end(), std::mt19937(unsigned(seed)));

  // Without the indexes first (drop any left from an earlier run), then build them and again.
  // --windows-noindex 0 keeps the indexes there are (and builds only those missing).
  for (const char* idx : {"_chronomap_geom", "_chronomap_start", "_chronomap_last", "_chronomap_span"})
    if (windowsNoIndex > 0)
      exec(*db, "DROP INDEX IF EXISTS " + geo::pgQuoteIdent(src->table().schema) + "." +
                    geo::pgQuoteIdent(table.substr(0, 40) + idx));
  if (windowsNoIndex > 0) measure(*src, centres, windowsNoIndex, budget, "without indexes");

  auto t0 = Clock::now();
  for (const std::string& s : src->indexes().statements) {
    const auto ts = Clock::now();
    exec(*db, s);
    std::printf("%s  %.1f s\n", s.c_str(), msSince(ts) / 1000);
  }
  std::printf("indexes built in %.1f s\n", msSince(t0) / 1000);
  if (!src->indexes().complete()) die("the indexes are not there after building them");
  if (windows <= 0) return 0;  // --windows 0: only make the table and its indexes
  measure(*src, centres, windows, budget, "with indexes");

  std::printf("\npanning through app::PgLive (60 frames/s asked, 4 px a frame):\n");
  pan(conn, table, centres[0], kZooms[2], budget);
  pan(conn, table, centres[1], kZooms[1], budget);

  const auto h0 = Clock::now();
  const auto h = src->histogram(1, 0, 7 * 86400);
  std::printf("\nhistogram of the whole table by week: %zu bins in %.0f ms\n", h.counts.size(), msSince(h0));
  return 0;
}
