// The rule that decides whether a PG: source loads whole or is queried live (app/pg_view.hpp), as a
// File > Open goes through it (JobQueue::loadEvents, mergeLoadResult), and --pg-live's values.
#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include <nlohmann/json.hpp>

#include "../pg_test_util.hpp"
#include "app/jobs.hpp"
#include "geo/io.hpp"
#include "app/loading.hpp"
#include "app/pg_view.hpp"
#include "app/state_out.hpp"

namespace {
app::LoadResult openAndWait(app::JobQueue& jobs, const std::string& source, int64_t liveAbove) {
  jobs.loadEvents(source, {}, "EPSG:3857", nullptr, liveAbove);
  for (int i = 0; i < 600 && jobs.busy(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  auto done = jobs.takeFinished();
  REQUIRE(done.size() == 1);
  return std::move(done[0]);
}
}  // namespace

TEST_CASE("PG live rule: --pg-live auto, always, never or a number of rows", "[pgname]") {
  int64_t n = 0;
  std::string err;
  REQUIRE(app::parsePgLiveMode("auto", n, &err));
  CHECK(n == app::kPgLoadWholeRows);
  REQUIRE(app::parsePgLiveMode("always", n, &err));
  CHECK(n == app::kPgAlwaysLive);
  REQUIRE(app::parsePgLiveMode("never", n, &err));
  CHECK(n == app::kPgNeverLive);
  REQUIRE(app::parsePgLiveMode("5000", n, &err));
  CHECK(n == 5000);
  CHECK_FALSE(app::parsePgLiveMode("sometimes", n, &err));
  CHECK(err.find("--pg-live: 'sometimes'") != std::string::npos);
  CHECK_FALSE(app::parsePgLiveMode("-3", n, &err));
}

TEST_CASE("PG live rule: File > Open of a table above the limit goes live, at or below it loads whole", "[pg]") {
  const std::string conn = pgtest::connection();
  if (conn.empty()) return;
  auto db = pgtest::admin(conn);
  pgtest::loadGrid(*db, "pg_view_rule");
  pgtest::exec(*db, "ANALYZE pg_view_rule");
  const std::string source = conn + " password=sekrit tables=pg_view_rule";
  geo::allowNamedSource(source);  // named in File > Open, as the dialog does
  app::JobQueue jobs;

  // 400 rows, the limit 100: live, nothing loaded; counted "more than 100", the planner says 400.
  app::LoadResult live = openAndWait(jobs, source, 100);
  INFO(live.error);
  REQUIRE(live.opened);
  REQUIRE(live.pg);
  CHECK(live.pg->live);
  CHECK(live.data.events.empty());
  CHECK(live.pg->rows == 400);
  CHECK(live.pg->display.find("sekrit") == std::string::npos);
  CHECK(live.pg->display.substr(live.pg->display.size() - 28) == "/chronomap_test/pg_view_rule");
  // Where and when the table's events are: the grid's box, 2020-01-01 to the last span's end.
  REQUIRE(live.pg->extent.valid());
  CHECK(live.pg->extent.minX == Approx(40).margin(0.3));
  CHECK(live.pg->extent.maxX == Approx(44.75).margin(0.3));
  CHECK(live.pg->extent.minY == Approx(38).margin(0.3));
  CHECK(live.pg->extent.maxY == Approx(42.75).margin(0.3));
  REQUIRE(live.pg->hasTime);
  CHECK(live.pg->first == geo::makeTime(2020, 1, 1));

  // Merged into a window's state: the live view starts, the timeline spans the table's time.
  app::AppState s;
  std::string err;
  s.proj = geo::Projection::create("EPSG:3857", &err);
  REQUIRE(s.proj);
  s.mapRect = {0, 0, 800, 600};
  REQUIRE(app::mergeLoadResult(s, live));
  CHECK(app::pgLive(s));
  CHECK(s.data.name == live.pg->display);
  CHECK(s.tl.start < geo::makeTime(2020, 1, 1));
  CHECK(s.tl.end > geo::makeTime(2021, 1, 1));
  CHECK(s.statusMessage.find("queried live") != std::string::npos);
  const auto st = nlohmann::json::parse(app::stateJson(s));
  CHECK(st["pg"]["live"] == true);
  CHECK(st["pg"]["source"] == live.pg->display);
  CHECK(st.dump().find("sekrit") == std::string::npos);

  // The limit at 400 (or never): the table loads whole, as a file would.
  for (int64_t limit : {int64_t(400), app::kPgNeverLive}) {
    app::LoadResult whole = openAndWait(jobs, source, limit);
    INFO(whole.error);
    REQUIRE(whole.opened);
    CHECK_FALSE(whole.pg);
    CHECK(whole.data.events.size() == 400);
    CHECK(whole.data.name.find("sekrit") == std::string::npos);
  }

  // A closed port: not opened, the message names host:port/dbname, no password.
  app::LoadResult closed = openAndWait(jobs, "PG:host=127.0.0.1 port=1 dbname=gone password=hunter2", 100);
  CHECK_FALSE(closed.opened);
  CHECK(closed.error.find("127.0.0.1:1/gone: cannot connect") != std::string::npos);
  CHECK(closed.error.find("hunter2") == std::string::npos);
}
