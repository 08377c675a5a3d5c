// The map's live windows of a PG: source (app/pg_live.hpp) against the real server: the newest
// request wins and a superseded query is cancelled on the server, the frame's calls never wait on
// the database, panning back is answered from memory, and a server that does not answer fails in
// seconds without blocking anyone.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "../pg_test_util.hpp"
#include "app/pg_live.hpp"

using app::PgLive;
using app::PgLiveResult;
using geo::makeTime;
using Clock = std::chrono::steady_clock;

namespace {
geo::PgWindow window(geo::Seconds t0, geo::Seconds t1, geo::BBox b, int64_t budget = 1000) {
  geo::PgWindow w;
  w.t0 = t0;
  w.t1 = t1;
  w.bbox = b;
  w.budget = budget;
  return w;
}

std::set<std::string> idsOf(const PgLiveResult& r) {
  std::set<std::string> s;
  for (const auto& e : r.data->events) s.insert(e.id);
  return s;
}

bool boxContains(const geo::BBox& outer, const geo::BBox& inner) {
  return outer.minX <= inner.minX && outer.minY <= inner.minY && outer.maxX >= inner.maxX && outer.maxY >= inner.maxY;
}

double msSince(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

// Polls as a frame would (every 5 ms) until a result for request `id` or later arrives.
bool pollFor(PgLive& live, uint64_t id, PgLiveResult& out, double timeoutS, std::vector<uint64_t>* seen = nullptr) {
  const auto end = Clock::now() + std::chrono::milliseconds(int64_t(timeoutS * 1000));
  while (Clock::now() < end) {
    PgLiveResult r;
    if (live.poll(r)) {
      if (seen) seen->push_back(r.request);
      if (r.request >= id) {
        out = r;
        return true;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return false;
}

app::PgLiveOptions options(const std::string& table) {
  app::PgLiveOptions o;
  o.open.table = table;
  return o;
}
}  // namespace

TEST_CASE("PG live: the newest request wins, the superseded query is cancelled on the server", "[pg]") {
  const std::string conn = pgtest::connection();
  if (conn.empty()) return;
  auto db = pgtest::admin(conn);
  pgtest::loadGrid(*db, "pg_live_base");
  // 20 ms per event read: the year below (366 events) would take over 7 s.
  pgtest::exec(*db, "CREATE OR REPLACE FUNCTION pg_live_sleep(i integer) RETURNS boolean LANGUAGE sql VOLATILE "
                    "AS 'SELECT true FROM pg_sleep(0.02)'");
  pgtest::exec(*db, "CREATE OR REPLACE VIEW pg_live_slow AS SELECT * FROM pg_live_base WHERE pg_live_sleep(fid)");

  app::PgLiveOptions opt = options("pg_live_slow");
  opt.cancelAfterMs = 0;
  PgLive live(conn, opt);
  const geo::BBox all{-180, -90, 180, 90};
  const auto year = window(makeTime(2020, 1, 1), makeTime(2020, 12, 31), all);
  const auto t0 = Clock::now();
  const uint64_t slow = live.request(year);
  // Wait until its query runs (connected, and the worker is in it).
  while (live.state() == app::PgLiveState::connecting && msSince(t0) < 5000) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  REQUIRE(live.state() == app::PgLiveState::ready);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  REQUIRE(live.busy());

  // The frame's calls while the database works: none of them waits for it.
  double worst = 0;
  uint64_t newest = 0;
  for (int i = 0; i < 20; ++i) {
    const auto w = window(makeTime(2020, 1, 1) + i * 86400, makeTime(2020, 1, 2) + i * 86400, all);
    auto c = Clock::now();
    newest = live.request(w);
    PgLiveResult ignored;
    const bool got = live.poll(ignored);
    worst = std::max(worst, msSince(c));
    if (got) CHECK(ignored.request != slow);
  }
  CHECK(worst < 5.0);
  CHECK(newest > slow);

  PgLiveResult r;
  std::vector<uint64_t> seen;
  const auto asked = Clock::now();
  REQUIRE(pollFor(live, newest, r, 10.0, &seen));
  INFO((r.data ? r.data->error : std::string()));
  CHECK(msSince(asked) < 3000);  // far less than the 7 s the superseded year takes
  CHECK(r.request == newest);
  REQUIRE(r.data->ok);
  CHECK_FALSE(r.fromCache);
  // Day 19 of the loop: 2020-01-20 .. 2020-01-21, and the spans that reach into it.
  CHECK(idsOf(r) == pgtest::expectedIds(makeTime(2020, 1, 20), makeTime(2020, 1, 21), -180, -90, 180, 90));
  CHECK(std::find(seen.begin(), seen.end(), slow) == seen.end());
  CHECK(live.stats().cancelled >= 1);
  CHECK(live.stats().superseded >= 1);
  REQUIRE(live.waitIdle(10));

  // On the server nothing is left running for the superseded window.
  std::vector<std::vector<std::string>> rows;
  REQUIRE(db->rows("SELECT count(*) AS n FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%pg_live_slow%' "
                   "AND pid <> pg_backend_pid()",
                   rows));
  CHECK(rows.at(0).at(0) == "0");
}

TEST_CASE("PG live: panning back, or a little inside the box fetched, is answered from memory", "[pg]") {
  const std::string conn = pgtest::connection();
  if (conn.empty()) return;
  auto db = pgtest::admin(conn);
  pgtest::loadGrid(*db, "pg_live_cache");
  PgLive live(conn, options("pg_live_cache"));
  const auto t0 = makeTime(2020, 1, 1), t1 = makeTime(2021, 12, 31);
  const geo::BBox a{40.1, 38.1, 41.9, 39.9}, b{43.1, 40.1, 44.6, 41.6};

  PgLiveResult first;
  REQUIRE(pollFor(live, live.request(window(t0, t1, a)), first, 10));
  REQUIRE(first.data->ok);
  CHECK_FALSE(first.fromCache);
  CHECK(idsOf(first) == pgtest::expectedIds(t0, t1, a.minX, a.minY, a.maxX, a.maxY));
  CHECK(boxContains(first.fetched.bbox, a));

  PgLiveResult other;
  REQUIRE(pollFor(live, live.request(window(t0, t1, b)), other, 10));
  CHECK_FALSE(other.fromCache);
  CHECK(idsOf(other) == pgtest::expectedIds(t0, t1, b.minX, b.minY, b.maxX, b.maxY));

  // Back to the first view: ready at once, without a query.
  const int64_t queries = live.stats().queries;
  const uint64_t back = live.request(window(t0, t1, a));
  PgLiveResult again;
  REQUIRE(live.poll(again));
  CHECK(again.request == back);
  CHECK(again.fromCache);
  CHECK(again.latencyMs < 5.0);
  CHECK(idsOf(again) == idsOf(first));
  // A small pan and a shorter time range inside what was fetched: exact, from memory.
  const geo::BBox panned{40.2, 38.2, 42.0, 40.0};
  REQUIRE(first.fetched.bbox.maxX >= 42.0);
  const auto s0 = makeTime(2020, 3, 1), s1 = makeTime(2020, 6, 30);
  live.request(window(s0, s1, panned));
  PgLiveResult pan;
  REQUIRE(live.poll(pan));
  CHECK(pan.fromCache);
  CHECK(idsOf(pan) == pgtest::expectedIds(s0, s1, panned.minX, panned.minY, panned.maxX, panned.maxY));
  CHECK(live.stats().queries == queries);
  CHECK(live.stats().cacheHits == 2);
}

TEST_CASE("PG live: over the budget the cells come back, and the histogram too", "[pg]") {
  const std::string conn = pgtest::connection();
  if (conn.empty()) return;
  auto db = pgtest::admin(conn);
  pgtest::loadGrid(*db, "pg_live_cells");
  PgLive live(conn, options("pg_live_cells"));
  auto w = window(makeTime(2020, 1, 1), makeTime(2021, 12, 31), geo::BBox{30, 30, 50, 50}, 100);
  w.cell = 1.0;
  PgLiveResult r;
  REQUIRE(pollFor(live, live.request(w), r, 10));
  REQUIRE(r.data->ok);
  CHECK(r.data->aggregated);
  int64_t sum = 0;
  for (const auto& c : r.data->cells) sum += c.count;
  CHECK(sum == 400);
  CHECK(r.data->total == 400);

  live.requestHistogram(1, 0, 7 * 86400);
  REQUIRE(live.waitIdle(10));
  geo::PgHistogram h;
  REQUIRE(live.pollHistogram(h));
  REQUIRE(h.ok);
  sum = 0;
  for (auto c : h.counts) sum += c;
  CHECK(sum == 400);
  CHECK(h.t0 == makeTime(2020, 1, 1));
}

TEST_CASE("PG live: a server that does not answer fails in seconds, requests never block", "[pg]") {
  const int s = socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(s >= 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
  REQUIRE(listen(s, 4) == 0);
  socklen_t len = sizeof a;
  REQUIRE(getsockname(s, reinterpret_cast<sockaddr*>(&a), &len) == 0);

  app::PgLiveOptions opt;
  opt.open.connectTimeoutS = 2;
  const auto t0 = Clock::now();
  {
    PgLive live("PG:host=127.0.0.1 port=" + std::to_string(ntohs(a.sin_port)) + " dbname=x user=x", opt);
    const auto c = Clock::now();
    live.request(window(0, 1000, geo::BBox{0, 0, 1, 1}));
    PgLiveResult r;
    CHECK_FALSE(live.poll(r));
    CHECK(msSince(c) < 5.0);
    CHECK(live.state() == app::PgLiveState::connecting);
    while (live.state() == app::PgLiveState::connecting && msSince(t0) < 10000)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    CHECK(live.state() == app::PgLiveState::failed);
    CHECK(msSince(t0) < 6000);
    CHECK(live.error().find("cannot connect") != std::string::npos);
    CHECK(live.error().find("timeout") != std::string::npos);
    CHECK_FALSE(live.busy());
  }
  CHECK(msSince(t0) < 7000);  // and it closes without waiting any longer
  close(s);
}
