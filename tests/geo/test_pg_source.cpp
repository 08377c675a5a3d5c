// PG: sources queried by window against a real PostgreSQL + PostGIS server (scripts/test starts one;
// tests/pg_test_util.hpp): the window's events are exactly those the fixture says, a window over the
// budget comes back as cells counted in the database whose counts add up to the window's, the indexes
// are created (or their statements given) and serve the queries, and a server that does not answer
// gives an error in seconds rather than a hang.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <map>
#include <thread>

#include "../pg_test_util.hpp"

using geo::PgSource;
using geo::PgWindow;
using geo::makeTime;

namespace {
std::set<std::string> idsOf(const geo::PgWindowResult& r) {
  std::set<std::string> s;
  for (const auto& e : r.events) s.insert(e.id);
  return s;
}

PgWindow window(geo::Seconds t0, geo::Seconds t1, geo::BBox b, int64_t budget = 1000) {
  PgWindow w;
  w.t0 = t0;
  w.t1 = t1;
  w.bbox = b;
  w.budget = budget;
  return w;
}

std::unique_ptr<PgSource> openTable(const std::string& conn, const std::string& table, geo::PgOpenOptions opt = {}) {
  opt.table = table;
  std::string err;
  auto src = PgSource::open(conn, opt, &err);
  INFO(err);
  REQUIRE(src);
  return src;
}

const geo::BBox kAll{-180, -90, 180, 90};
}  // namespace

TEST_CASE("PG window: exactly the fixture's events overlapping the time range inside the box", "[pg]") {
  const std::string conn = pgtest::connection();
  if (conn.empty()) return;
  auto db = pgtest::admin(conn);
  pgtest::loadGrid(*db, "pg_window");
  auto src = openTable(conn, "pg_window");
  CHECK(src->table().start == "start");
  CHECK(src->table().end == "end");
  CHECK(src->table().timeType == "date");
  CHECK(src->table().id == "id");
  CHECK(src->table().category == "category");
  CHECK(src->table().srid == 4326);

  SECTION("a month, every place: spans that started before it are in") {
    const auto t0 = makeTime(2020, 2, 1), t1 = makeTime(2020, 2, 29, 23, 59, 59);
    const auto r = src->query(window(t0, t1, kAll));
    REQUIRE(r.ok);
    CHECK_FALSE(r.aggregated);
    const auto want = pgtest::expectedIds(t0, t1, -180, -90, 180, 90);
    CHECK(want.count("e25"));  // 26 Jan - 4 Feb
    CHECK(idsOf(r) == want);
    CHECK(r.total == int64_t(want.size()));
  }
  SECTION("a box whose edges lie on events: they are in") {
    const geo::BBox b{40.5, 38.5, 41.0, 39.0};
    const auto r = src->query(window(makeTime(2019, 1, 1), makeTime(2022, 1, 1), b));
    REQUIRE(r.ok);
    const auto want = pgtest::expectedIds(makeTime(2019, 1, 1), makeTime(2022, 1, 1), 40.5, 38.5, 41.0, 39.0);
    CHECK(want.size() == 9);  // 3 x 3 grid points
    CHECK(idsOf(r) == want);
  }
  SECTION("the boundaries are inclusive to the second") {
    // e4 is the day 2020-01-05: [00:00:00, 23:59:59].
    const auto day = makeTime(2020, 1, 5);
    const geo::BBox b{40.9, 37.9, 41.1, 38.1};  // only e4 is at (41.0, 38.0)
    CHECK(idsOf(src->query(window(day + 86399, day + 86399 + 3600, b))) == std::set<std::string>{"e4"});
    CHECK(idsOf(src->query(window(day + 86400, day + 86400 + 3600, b))).empty());
    CHECK(idsOf(src->query(window(day - 3600, day, b))) == std::set<std::string>{"e4"});
    CHECK(idsOf(src->query(window(day - 3600, day - 1, b))).empty());
  }
  SECTION("what each event carries") {
    const auto r = src->query(window(makeTime(2020, 1, 1), makeTime(2020, 1, 1), kAll));
    REQUIRE(r.ok);
    REQUIRE(r.events.size() == 1);
    const auto& e = r.events[0];
    CHECK(e.id == "e0");
    CHECK(e.title == "Event 0");
    CHECK(e.category == "war");
    CHECK(e.first == makeTime(2020, 1, 1));
    CHECK(e.last == makeTime(2020, 1, 10, 23, 59, 59));
    CHECK(e.lon == Approx(40.0));
    CHECK(e.lat == Approx(38.0));
    CHECK(e.fatalities == 0);
  }
  SECTION("everything up to a time (the cumulative mode), and all of time") {
    const auto t1 = makeTime(2020, 1, 10);
    auto r = src->query(window(INT64_MIN, t1, kAll));
    REQUIRE(r.ok);
    CHECK(idsOf(r) == pgtest::expectedIds(INT64_MIN, t1, -180, -90, 180, 90));
    CHECK(r.total == 10);
    r = src->query(window(INT64_MIN, INT64_MAX, kAll));
    REQUIRE(r.ok);
    CHECK(r.total == 400);
  }
  SECTION("an empty window and an inverted one") {
    auto r = src->query(window(makeTime(1990, 1, 1), makeTime(1990, 12, 31), kAll));
    REQUIRE(r.ok);
    CHECK(r.events.empty());
    CHECK(r.total == 0);
    r = src->query(window(makeTime(2021, 1, 1), makeTime(2020, 1, 1), kAll));
    CHECK(r.ok);
    CHECK(r.total == 0);
  }
}

TEST_CASE("PG window over the budget: density cells counted in the database add up to the window", "[pg]") {
  const std::string conn = pgtest::connection();
  if (conn.empty()) return;
  auto db = pgtest::admin(conn);
  pgtest::loadGrid(*db, "pg_density");
  auto src = openTable(conn, "pg_density");
  const auto t0 = makeTime(2020, 1, 1), t1 = makeTime(2020, 12, 31);
  const auto want = pgtest::expectedIds(t0, t1, -180, -90, 180, 90);
  REQUIRE(want.size() == 366);

  SECTION("at the budget: events; one over: cells") {
    auto r = src->query(window(t0, t1, kAll, int64_t(want.size())));
    REQUIRE(r.ok);
    CHECK_FALSE(r.aggregated);
    CHECK(r.events.size() == want.size());
    r = src->query(window(t0, t1, kAll, int64_t(want.size()) - 1));
    REQUIRE(r.ok);
    CHECK(r.aggregated);
    CHECK(r.events.empty());
    CHECK(r.total == int64_t(want.size()));
  }
  SECTION("one-degree cells: each cell's count is the fixture's") {
    PgWindow w = window(t0, t1, kAll, 50);
    w.cell = 1.0;
    const auto r = src->query(w);
    REQUIRE(r.ok);
    REQUIRE(r.aggregated);
    std::map<std::pair<int, int>, int64_t> expect, got;
    for (const auto& e : pgtest::gridEvents())
      if (want.count(e.id)) ++expect[{int(std::floor(e.lon)), int(std::floor(e.lat))}];
    int64_t sum = 0;
    for (const auto& c : r.cells) {
      got[{int(std::floor(c.lon)), int(std::floor(c.lat))}] += c.count;
      sum += c.count;
      CHECK(c.lon == Approx(std::floor(c.lon) + 0.5));  // the cell's centre
    }
    CHECK(got == expect);
    CHECK(sum == r.total);
    CHECK(r.total == int64_t(want.size()));
  }
  SECTION("per category: the categories' cells add up to each category's count") {
    PgWindow w = window(t0, t1, kAll, 50);
    w.cell = 2.0;
    w.perCategory = true;
    const auto r = src->query(w);
    REQUIRE(r.ok);
    REQUIRE(r.aggregated);
    std::map<std::string, int64_t> expect, got;
    for (const auto& e : pgtest::gridEvents())
      if (want.count(e.id)) ++expect[e.category];
    for (const auto& c : r.cells) got[c.category] += c.count;
    CHECK(got == expect);
  }
  SECTION("cells in the map's CRS (metres): square there, centres given back in degrees") {
    PgWindow w = window(t0, t1, geo::BBox{39, 37, 46, 44}, 50);
    w.cellCrs = "EPSG:3857";
    w.cell = 50000;  // 50 km
    const auto r = src->query(w);
    INFO(r.error);
    REQUIRE(r.ok);
    REQUIRE(r.aggregated);
    int64_t sum = 0;
    for (const auto& c : r.cells) {
      sum += c.count;
      CHECK(std::fmod(std::fabs(c.x), 50000.0) == Approx(25000.0));
      CHECK(c.lon > 39.5);
      CHECK(c.lon < 45.5);
      CHECK(c.lat > 37.5);
      CHECK(c.lat < 43.5);
    }
    CHECK(sum == int64_t(want.size()));
  }
  SECTION("cells in a CRS the server has no SRID for (the map's own projection): totals still exact") {
    PgWindow w = window(t0, t1, geo::BBox{39, 37, 46, 44}, 50);
    w.cellCrs = "+proj=laea +lat_0=40 +lon_0=44 +datum=WGS84 +units=m +no_defs";
    w.cell = 50000;
    const auto r = src->query(w);
    INFO(r.error);
    REQUIRE(r.ok);
    REQUIRE(r.aggregated);
    int64_t sum = 0;
    for (const auto& c : r.cells) {
      sum += c.count;
      CHECK(std::fmod(std::fabs(c.x), 50000.0) == Approx(25000.0));
      CHECK(c.lon > 39.5);
      CHECK(c.lon < 45.5);
    }
    CHECK(sum == int64_t(want.size()));
    CHECK(r.total == int64_t(want.size()));
    // The fixture's grid is 0.25 degrees (about 21 km by 28 km here): 50 km cells hold several events.
    CHECK(r.cells.size() < want.size() / 3);
  }
}

TEST_CASE("PG histogram: counts per time bin, and the table's time range", "[pg]") {
  const std::string conn = pgtest::connection();
  if (conn.empty()) return;
  auto db = pgtest::admin(conn);
  pgtest::loadGrid(*db, "pg_histogram");
  auto src = openTable(conn, "pg_histogram");
  geo::Seconds first = 0, last = 0;
  REQUIRE(src->timeRange(first, last));
  CHECK(first == makeTime(2020, 1, 1));
  CHECK(last == makeTime(2020, 1, 1) + 404 * 86400 + 86399);  // the end of e395's span

  const geo::Seconds week = 7 * 86400;
  const auto h = src->histogram(first, last, week);
  REQUIRE(h.ok);
  REQUIRE(h.counts.size() == size_t((last - first) / week + 1));
  std::vector<int64_t> expect(h.counts.size(), 0);
  for (const auto& e : pgtest::gridEvents()) expect.at(size_t((e.first - first) / week)) += 1;
  CHECK(h.counts == expect);
  CHECK(h.counts[0] == 7);

  const auto whole = src->histogram(1, 0, 30 * 86400);  // t0 > t1: the whole table
  REQUIRE(whole.ok);
  CHECK(whole.t0 == first);
  int64_t sum = 0;
  for (auto c : whole.counts) sum += c;
  CHECK(sum == 400);

  const geo::BBox row0{39.9, 37.9, 45, 38.1};  // lat 38: e0..e19
  const auto boxed = src->histogram(first, last, week, &row0);
  REQUIRE(boxed.ok);
  sum = 0;
  for (auto c : boxed.counts) sum += c;
  CHECK(sum == 20);
}

TEST_CASE("PG indexes: created when missing, and the window queries use them", "[pg]") {
  const std::string conn = pgtest::connection();
  if (conn.empty()) return;
  auto db = pgtest::admin(conn);
  pgtest::loadGrid(*db, "pg_indexed");

  geo::PgOpenOptions noCreate;
  noCreate.createIndexes = false;
  {
    auto src = openTable(conn, "pg_indexed", noCreate);
    const auto idx = src->indexes();
    CHECK_FALSE(idx.geometry);
    CHECK_FALSE(idx.start);
    CHECK_FALSE(idx.last);
    CHECK_FALSE(idx.span);
    REQUIRE(idx.statements.size() == 5);
    CHECK(idx.statements[0] == "CREATE INDEX IF NOT EXISTS \"pg_indexed_chronomap_geom\" ON \"public\".\"pg_indexed\" USING gist (\"geom\");");
    CHECK(idx.statements[2] == "CREATE INDEX IF NOT EXISTS \"pg_indexed_chronomap_last\" ON \"public\".\"pg_indexed\" ((coalesce(\"end\", \"start\")));");
    CHECK(idx.statements[3] == "CREATE INDEX IF NOT EXISTS \"pg_indexed_chronomap_span\" ON \"public\".\"pg_indexed\" ((coalesce(\"end\", \"start\") - \"start\"));");
    CHECK(idx.statements[4] == "ANALYZE \"public\".\"pg_indexed\";");
    bool told = false;
    for (const auto& n : src->notes()) told = told || n.find("CREATE INDEX") != std::string::npos;
    CHECK(told);
  }
  auto src = openTable(conn, "pg_indexed");  // creates them
  REQUIRE(src->indexes().complete());
  CHECK(src->indexes().statements.empty());

  // With sequential scans priced out, a plan can only avoid them through an index whose key the
  // query's conditions match: the test fails if the SQL stops being index-friendly.
  pgtest::exec(*db, "SET enable_seqscan = off");
  auto plan = [&](const PgWindow& w, bool aggregate) {
    std::vector<std::vector<std::string>> rows;
    std::string err;
    REQUIRE(db->rows("EXPLAIN " + src->windowSql(w, aggregate), rows, &err));
    std::string text;
    for (const auto& r : rows) text += r[0] + "\n";
    return text;
  };
  // A query first, so that the longest span (9 days here) is known and bounds the starts.
  REQUIRE(src->query(window(makeTime(2020, 3, 1), makeTime(2020, 3, 7), kAll)).ok);
  CHECK(src->windowSql(window(makeTime(2020, 3, 1), makeTime(2020, 3, 7), kAll), false)
            .find("\"start\" >= DATE '1970-01-01' + " + std::to_string(makeTime(2020, 3, 1) / 86400 - 9)) != std::string::npos);
  const std::string small = plan(window(makeTime(2020, 3, 1), makeTime(2020, 3, 7), geo::BBox{40, 38, 41, 39}), false);
  INFO(small);
  CHECK(small.find("Seq Scan") == std::string::npos);
  CHECK((small.find("pg_indexed_chronomap_geom") != std::string::npos ||
         small.find("pg_indexed_chronomap_start") != std::string::npos ||
         small.find("pg_indexed_chronomap_last") != std::string::npos));
  // A week everywhere: the time indexes serve it.
  const std::string week = plan(window(makeTime(2020, 3, 1), makeTime(2020, 3, 7), kAll), true);
  INFO(week);
  CHECK(week.find("Seq Scan") == std::string::npos);
  CHECK((week.find("chronomap_start") != std::string::npos || week.find("chronomap_last") != std::string::npos));
}

TEST_CASE("PG indexes: a user who may only read is given the statements to run", "[pg]") {
  const std::string conn = pgtest::connection();
  if (conn.empty()) return;
  auto db = pgtest::admin(conn);
  pgtest::loadGrid(*db, "pg_readonly");
  pgtest::exec(*db, "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'chronomap_reader') THEN "
                    "CREATE ROLE chronomap_reader LOGIN; END IF; END $$");
  pgtest::exec(*db, "GRANT SELECT ON pg_readonly TO chronomap_reader");
  std::string err;
  geo::PgOpenOptions opt;
  opt.table = "pg_readonly";
  auto src = PgSource::open(pgtest::asUser(conn, "chronomap_reader"), opt, &err);
  INFO(err);
  REQUIRE(src);
  CHECK_FALSE(src->indexes().complete());
  std::string notes;
  for (const auto& n : src->notes()) notes += n + "\n";
  INFO(notes);
  CHECK(notes.find("must be owner") != std::string::npos);
  CHECK(notes.find("CREATE INDEX IF NOT EXISTS \"pg_readonly_chronomap_geom\"") != std::string::npos);
  // Reading works all the same.
  const auto r = src->query(window(makeTime(2020, 1, 1), makeTime(2020, 1, 31), kAll));
  REQUIRE(r.ok);
  CHECK(r.total == int64_t(pgtest::expectedIds(makeTime(2020, 1, 1), makeTime(2020, 1, 31), -180, -90, 180, 90).size()));
}

TEST_CASE("PG layouts: ACLED columns give the loader's categories and titles, timestamps keep their seconds", "[pg]") {
  const std::string conn = pgtest::connection();
  if (conn.empty()) return;
  auto db = pgtest::admin(conn);
  pgtest::exec(*db, "DROP TABLE IF EXISTS pg_acled");
  pgtest::exec(*db, "CREATE TABLE pg_acled (event_id_cnty text, event_date date, event_type text, sub_event_type text, "
                    "location text, fatalities text, geom geometry(Point, 4326))");
  pgtest::exec(*db, "INSERT INTO pg_acled VALUES "
                    "('ARM1', '2022-09-13', 'Battles', 'Armed clash', 'Goris', '12', ST_SetSRID(ST_MakePoint(46.333, 39.5), 4326)), "
                    "('ARM2', '2022-09-14', 'Strategic developments', 'Agreement', 'Yerevan', '', ST_SetSRID(ST_MakePoint(44.5, 40.18), 4326)), "
                    "('ARM3', '2022-09-15', 'Explosions/Remote violence', '', '', 'n/a', ST_SetSRID(ST_MakePoint(45.67, 39.84), 4326))");
  auto src = openTable(conn, "pg_acled");
  CHECK(src->table().layout == "acled");
  const auto r = src->query(window(makeTime(2022, 1, 1), makeTime(2022, 12, 31), kAll));
  REQUIRE(r.ok);
  REQUIRE(r.events.size() == 3);
  std::map<std::string, geo::PgEvent> by;
  for (const auto& e : r.events) by[e.id] = e;
  CHECK(by["ARM1"].category == "war");
  CHECK(by["ARM1"].title == "Armed clash in Goris");
  CHECK(by["ARM1"].fatalities == 12);
  CHECK(by["ARM2"].category == "diplomacy");
  CHECK(by["ARM2"].fatalities == -1);
  CHECK(by["ARM3"].category == "strikes");
  CHECK(by["ARM3"].title == "Explosions/Remote violence");
  CHECK(by["ARM3"].fatalities == -1);  // "n/a" is not a count

  pgtest::exec(*db, "DROP TABLE IF EXISTS pg_stamps");
  pgtest::exec(*db, "CREATE TABLE pg_stamps (id text, name text, begin timestamptz, finish timestamptz, "
                    "geom geometry(Point, 4326))");
  pgtest::exec(*db, "INSERT INTO pg_stamps VALUES ('a', 'A', '2021-05-01 10:30:15+04', NULL, ST_SetSRID(ST_MakePoint(44, 40), 4326)), "
                    "('b', 'B', '2021-05-02 00:00:00Z', '2021-05-03 12:00:00Z', ST_SetSRID(ST_MakePoint(45, 40), 4326))");
  auto ts = openTable(conn, "pg_stamps");
  CHECK(ts->table().timeType == "timestamptz");
  CHECK(ts->table().end == "finish");
  const auto a = makeTime(2021, 5, 1, 6, 30, 15);  // 10:30:15 at UTC+4
  CHECK(idsOf(ts->query(window(a, a, kAll))) == std::set<std::string>{"a"});
  CHECK(idsOf(ts->query(window(a + 1, a + 1, kAll))).empty());
  const auto r2 = ts->query(window(makeTime(2021, 5, 3, 12), makeTime(2021, 6, 1), kAll));
  REQUIRE(r2.events.size() == 1);
  CHECK(r2.events[0].id == "b");
  CHECK(r2.events[0].title == "B");
  CHECK(r2.events[0].first == makeTime(2021, 5, 2));
  CHECK(r2.events[0].last == makeTime(2021, 5, 3, 12));
}

TEST_CASE("PG open: a table without a usable date column says which columns it has and what to do", "[pg]") {
  const std::string conn = pgtest::connection();
  if (conn.empty()) return;
  auto db = pgtest::admin(conn);
  pgtest::exec(*db, "DROP TABLE IF EXISTS pg_textdates");
  pgtest::exec(*db, "CREATE TABLE pg_textdates (id text, start text, geom geometry(Point, 4326))");
  geo::PgOpenOptions opt;
  opt.table = "pg_textdates";
  std::string err;
  CHECK_FALSE(PgSource::open(conn, opt, &err));
  INFO(err);
  CHECK(err.find("pg_textdates") != std::string::npos);
  CHECK(err.find("start is text") != std::string::npos);
  CHECK(err.find("ALTER TABLE \"public\".\"pg_textdates\" ALTER COLUMN \"start\" TYPE date") != std::string::npos);

  opt.table = "no_such_table";
  CHECK_FALSE(PgSource::open(conn, opt, &err));
  CHECK(err.find("no table 'no_such_table'") != std::string::npos);
}

TEST_CASE("PG open: a server that does not answer fails within the connect timeout, naming it", "[pg]") {
  // A socket that accepts connections (the kernel completes them) but never speaks: what a
  // firewalled or hung server looks like to libpq.
  const int s = socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(s >= 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  REQUIRE(bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
  REQUIRE(listen(s, 4) == 0);
  socklen_t len = sizeof a;
  REQUIRE(getsockname(s, reinterpret_cast<sockaddr*>(&a), &len) == 0);
  const int port = ntohs(a.sin_port);

  geo::PgOpenOptions opt;
  opt.connectTimeoutS = 2;
  std::string err;
  const auto t0 = std::chrono::steady_clock::now();
  auto src = PgSource::open("PG:host=127.0.0.1 port=" + std::to_string(port) + " dbname=x user=x password=secret", opt, &err);
  const double s_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  close(s);
  CHECK_FALSE(src);
  INFO(err);
  CHECK(s_ < 6.0);
  CHECK(err.find("cannot connect") != std::string::npos);
  CHECK(err.find("timeout") != std::string::npos);
  CHECK(err.find("127.0.0.1:" + std::to_string(port) + "/x") != std::string::npos);  // host:port/dbname
  CHECK(err.find("secret") == std::string::npos);  // the password is not shown
  CHECK(err.find("password") == std::string::npos);

  // Nothing listening at all: refused at once.
  src = PgSource::open("PG:host=127.0.0.1 port=" + std::to_string(port) + " dbname=x user=x", opt, &err);
  CHECK_FALSE(src);
  CHECK(err.find("cannot connect") != std::string::npos);
}

TEST_CASE("PG cancel: a running window query stops when another connection cancels it", "[pg]") {
  const std::string conn = pgtest::connection();
  if (conn.empty()) return;
  auto db = pgtest::admin(conn);
  pgtest::loadGrid(*db, "pg_cancel_base");
  // A view that takes 20 ms per event read: a window of 100 events takes 2 s.
  pgtest::exec(*db, "CREATE OR REPLACE FUNCTION pg_cancel_sleep(i integer) RETURNS boolean LANGUAGE sql VOLATILE "
                    "AS 'SELECT true FROM pg_sleep(0.02)'");
  pgtest::exec(*db, "CREATE OR REPLACE VIEW pg_cancel_slow AS SELECT * FROM pg_cancel_base WHERE pg_cancel_sleep(fid)");
  auto src = openTable(conn, "pg_cancel_slow");
  const PgWindow big = window(makeTime(2020, 1, 1), makeTime(2020, 4, 9), kAll, 1000);  // 100 events

  geo::PgWindowResult r;
  std::thread worker([&] { r = src->query(big); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const auto t0 = std::chrono::steady_clock::now();
  std::string err;
  CHECK(db->cancelBackend(src->backendPid(), &err));
  worker.join();
  const double waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  CHECK(waited < 1.0);
  CHECK_FALSE(r.ok);
  CHECK(r.cancelled);
  INFO(r.error);
  CHECK(r.error.find("cancel") != std::string::npos);
  // The connection is still good for the next window.
  const auto next = src->query(window(makeTime(2020, 1, 1), makeTime(2020, 1, 3), kAll));
  INFO(next.error);
  REQUIRE(next.ok);
  CHECK(idsOf(next) == pgtest::expectedIds(makeTime(2020, 1, 1), makeTime(2020, 1, 3), -180, -90, 180, 90));
}

TEST_CASE("PG display name: host, dbname and table only, never the password or the user", "[pgname]") {
  using geo::pgDisplayName;
  CHECK(pgDisplayName("PG:host=db.example.org dbname=conflict user=analyst password=s3cret tables=acled") ==
        "db.example.org/conflict/acled");
  CHECK(pgDisplayName("pg:dbname=conflict password='with space' port=6432 host=10.0.0.5") == "10.0.0.5:6432/conflict");
  CHECK(pgDisplayName("PG:host=/var/run/postgresql dbname=x port=5432 tables=public.events(geom),other") ==
        "localhost/x/public.events");
  CHECK(pgDisplayName("PG:dbname=x password=secret", "events") == "localhost/x/events");
  for (const std::string c : {"PG:password=hunter2 dbname=x", "PG:password = 'hun ter2' dbname=x user=me",
                              "PG:dbname=x password=hunter2 tables=t"}) {
    INFO(c);
    CHECK(pgDisplayName(c).find("hunter2") == std::string::npos);
    CHECK(pgDisplayName(c).find("ter2") == std::string::npos);
    CHECK(pgDisplayName(c).find("me") == std::string::npos);
  }
  CHECK(geo::sourceLabel("/data/acled.csv") == "/data/acled.csv");
}
