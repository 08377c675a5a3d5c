// Helpers shared by the tests of PG: sources: the test server's connection string and a fixture of
// 400 events whose places and dates are known here as well as in the database.
//
// scripts/test starts a real PostgreSQL 15 + PostGIS server (scripts/pg-test-server) and exports its
// connection string as CHRONOMAP_TEST_PG. Without it these tests fail saying how to get one;
// CHRONOMAP_TEST_PG=off skips them (with a warning) where no server can be had.
#pragma once
#include <cstdlib>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "geo/pg_source.hpp"
#include "geo/time.hpp"

namespace pgtest {

// The PG: connection string of the test server; "" (after a warning) when CHRONOMAP_TEST_PG=off.
inline std::string connection() {
  const char* c = std::getenv("CHRONOMAP_TEST_PG");
  if (!c || !*c)
    FAIL("CHRONOMAP_TEST_PG is not set, so there is no PostgreSQL server to test against: run the tests "
         "through scripts/test (it starts one), or first eval \"$(scripts/pg-test-server start /tmp/chronomap-pg)\" "
         "(and scripts/pg-test-server stop /tmp/chronomap-pg after); CHRONOMAP_TEST_PG=off skips these tests");
  if (std::string(c) == "off") {
    WARN("CHRONOMAP_TEST_PG=off: test of PG: sources skipped");
    return "";
  }
  return c;
}

// The same server as another user (for a user who may read but not create indexes).
inline std::string asUser(const std::string& conn, const std::string& user) {
  std::string s = conn;
  const size_t p = s.find("user=");
  if (p == std::string::npos) return s + " user=" + user;
  size_t e = s.find(' ', p);
  if (e == std::string::npos) e = s.size();
  return s.replace(p, e - p, "user=" + user);
}

inline std::unique_ptr<geo::PgSource> admin(const std::string& conn) {
  std::string err;
  auto db = geo::PgSource::connect(conn, {}, &err);
  INFO(err);
  REQUIRE(db);
  return db;
}

inline void exec(geo::PgSource& db, const std::string& sql) {
  std::string err;
  INFO(sql);
  const bool ok = db.execute(sql, &err);
  INFO(err);
  REQUIRE(ok);
}

// The fixture: event i (0..399) is "e<i>", titled "Event <i>", at lon 40 + (i % 20) * 0.25,
// lat 38 + (i / 20) * 0.25 (a 20 x 20 grid; quarter degrees are exact in binary), starting on
// 2020-01-01 + i days; every fifth event (i % 5 == 0) is a span ending 9 days after its start.
// Category cycles war, strikes, diplomacy, unrest; fatalities i % 7.
struct GridEvent {
  std::string id, category;
  geo::Seconds first = 0, last = 0;
  double lon = 0, lat = 0;
  int64_t fatalities = 0;
};

inline std::vector<GridEvent> gridEvents() {
  static const char* const cats[] = {"war", "strikes", "diplomacy", "unrest"};
  std::vector<GridEvent> v;
  const geo::Seconds day0 = geo::makeTime(2020, 1, 1);
  for (int i = 0; i < 400; ++i) {
    GridEvent e;
    e.id = "e" + std::to_string(i);
    e.category = cats[i % 4];
    e.first = day0 + int64_t(i) * 86400;
    e.last = e.first + (i % 5 == 0 ? 9 * 86400 : 0) + 86399;  // a date stands for its whole day
    e.lon = 40 + (i % 20) * 0.25;
    e.lat = 38 + (i / 20) * 0.25;
    e.fatalities = i % 7;
    v.push_back(e);
  }
  return v;
}

// Creates (anew) the fixture as `table` with date columns start and "end".
inline void loadGrid(geo::PgSource& db, const std::string& table) {
  exec(db, "DROP TABLE IF EXISTS " + table + " CASCADE");
  exec(db, "CREATE TABLE " + table +
               " (fid serial PRIMARY KEY, id text, title text, category text, start date, \"end\" date, "
               "fatalities integer, geom geometry(Point, 4326))");
  exec(db, "INSERT INTO " + table +
               " (id, title, category, start, \"end\", fatalities, geom) "
               "SELECT 'e' || i, 'Event ' || i, (ARRAY['war', 'strikes', 'diplomacy', 'unrest'])[i % 4 + 1], "
               "DATE '2020-01-01' + i, CASE WHEN i % 5 = 0 THEN DATE '2020-01-01' + i + 9 END, i % 7, "
               "ST_SetSRID(ST_MakePoint(40 + (i % 20) * 0.25, 38 + (i / 20) * 0.25), 4326) "
               "FROM generate_series(0, 399) i");
}

// The fixture's ids in a window, by the rule of geo/pg_source.hpp.
inline std::set<std::string> expectedIds(geo::Seconds t0, geo::Seconds t1, double minLon, double minLat, double maxLon,
                                         double maxLat) {
  std::set<std::string> s;
  for (const GridEvent& e : gridEvents())
    if (e.first <= t1 && e.last >= t0 && e.lon >= minLon && e.lon <= maxLon && e.lat >= minLat && e.lat <= maxLat)
      s.insert(e.id);
  return s;
}

}  // namespace pgtest
