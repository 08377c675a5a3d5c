// The real program on a PG: source: a table loaded with ogr2ogr into the test server (scripts/test
// starts it), opened by chronomap with --render and --state-out. The counts are the fixture's, the
// same as PgSource's window query gives, and the events are drawn where the table puts them.
#include <catch2/catch.hpp>

#include <fstream>
#include <map>

#include "../pg_test_util.hpp"
#include "../render/render_test_util.hpp"
#include "geo/io.hpp"

namespace {
// 300 events on a 20 x 15 grid over Armenia and its neighbours, a day apart from 2021-01-01; every
// fifth one a span of ten days.
struct ProgramEvent {
  std::string id;
  double lon, lat;
  geo::Seconds first, last;
};

std::vector<ProgramEvent> programEvents() {
  std::vector<ProgramEvent> v;
  const geo::Seconds day0 = geo::makeTime(2021, 1, 1);
  for (int i = 0; i < 300; ++i) {
    ProgramEvent e;
    e.id = "p" + std::to_string(i);
    e.lon = 43.5 + (i % 20) * 0.125;
    e.lat = 39.0 + (i / 20) * 0.125;
    e.first = day0 + int64_t(i) * 86400;
    e.last = e.first + (i % 5 == 0 ? 9 * 86400 : 0) + 86399;
    v.push_back(e);
  }
  return v;
}

std::string writeGeoJson(const std::string& path) {
  static const char* const cats[] = {"war", "strikes", "diplomacy", "unrest"};
  std::ofstream f(path);
  f << "{\"type\": \"FeatureCollection\", \"features\": [\n";
  const auto events = programEvents();
  for (size_t i = 0; i < events.size(); ++i) {
    const auto& e = events[i];
    const std::string start = geo::formatIsoInstant(e.first), end = geo::formatIsoInstant(e.last - 86399);
    f << "{\"type\": \"Feature\", \"geometry\": {\"type\": \"Point\", \"coordinates\": [" << e.lon << ", " << e.lat
      << "]}, \"properties\": {\"id\": \"" << e.id << "\", \"title\": \"PG event " << i << "\", \"category\": \""
      << cats[i % 4] << "\", \"start\": \"" << start << "\", \"end\": "
      << (i % 5 == 0 ? "\"" + end + "\"" : std::string("null")) << ", \"fatalities\": " << (i % 7)
      << "}}" << (i + 1 < events.size() ? ",\n" : "\n");
  }
  f << "]}\n";
  return path;
}
}  // namespace

TEST_CASE("PG program: chronomap opens a PG: table loaded with ogr2ogr and shows its window's events", "[pg]") {
  const std::string conn = pgtest::connection();
  if (conn.empty()) return;
  const std::string out = rendertest::kOut + "/pg-program";
  const std::string geojson = writeGeoJson(out + ".geojson");
  // ogr2ogr types the ISO dates as date columns; the table gets ogc_fid and wkb_geometry.
  const std::string load = "ogr2ogr -f PostgreSQL '" + conn + "' " + geojson +
                           " -nln pg_program -overwrite -lco SPATIAL_INDEX=NONE 2>" + out + "-ogr2ogr.err";
  INFO(load);
  REQUIRE(std::system(load.c_str()) == 0);

  const std::string source = "'" + conn + " tables=pg_program'";
  const std::string view = " --window 30d --bbox 43.2,38.7,46.3,41.1 --size 1000x700 ";
  REQUIRE(rendertest::run(source + view + "--time 2021-06-15 --render " + out + ".png --state-out " + out +
                          ".json 2>" + out + ".err") == 0);
  REQUIRE(rendertest::run(source + view + "--time 2020-06-01 --render " + out + "-empty.png --state-out " + out +
                          "-empty.json 2>/dev/null") == 0);
  const auto st = rendertest::readJson(out + ".json");
  const auto empty = rendertest::readJson(out + "-empty.json");

  // What the window [15 May, 15 Jun] holds, by the fixture and by PgSource's query on the table.
  const geo::Seconds t1 = geo::makeTime(2021, 6, 15), t0 = t1 - 30 * 86400;
  int expected = 0;
  for (const auto& e : programEvents()) expected += (e.first <= t1 && e.last >= t0);
  REQUIRE(expected == 32);  // e135..e165 (16 May to 15 Jun) and e130, whose span lasts until 20 May
  std::string err;
  geo::PgOpenOptions opt;
  opt.table = "pg_program";
  opt.createIndexes = false;
  auto src = geo::PgSource::open(conn, opt, &err);
  INFO(err);
  REQUIRE(src);
  CHECK(src->table().geometry == "wkb_geometry");
  geo::PgWindow w;
  w.t0 = t0;
  w.t1 = t1;
  w.bbox = {43, 38.5, 46.5, 41.5};
  const auto r = src->query(w);
  REQUIRE(r.ok);
  CHECK(r.total == expected);

  CHECK(st["counts"]["loaded"] == 300);
  CHECK(st["counts"]["on_map"] == expected);
  CHECK(st["counts"]["on_timeline"].get<int>() >= expected);
  CHECK(st["problems"] == 0);
  CHECK(empty["counts"]["on_map"] == 0);

  // Each event the state lists on the map is drawn at the pixel its table row puts it, and the
  // picture there differs from the same view with nothing in its window.
  rendertest::Image img, none;
  REQUIRE(geo::readPng(out + ".png", img.w, img.h, img.px));
  REQUIRE(geo::readPng(out + "-empty.png", none.w, none.h, none.px));
  REQUIRE(img.w == 1000);
  std::map<std::string, ProgramEvent> byId;
  for (const auto& e : programEvents()) byId[e.id] = e;
  int checked = 0, drawn = 0;
  for (const auto& e : st["events"]) {
    if (e["map"].is_null()) continue;
    const ProgramEvent& pe = byId.at(e["id"].get<std::string>());
    double px, py;
    rendertest::pixelOf(st, pe.lon, pe.lat, px, py);
    CHECK(e["map"][0].get<double>() == Approx(px).margin(1.5));
    CHECK(e["map"][1].get<double>() == Approx(py).margin(1.5));
    ++checked;
    drawn += rendertest::channelDiff(img.at(int(px), int(py)), none.at(int(px), int(py))) > 40;
  }
  CHECK(checked == expected);
  CHECK(drawn == checked);

  // A PG: source loaded whole is named host/dbname/table, never by its connection string (which
  // may hold a password), and the ids made up for its rows do not carry it either.
  geo::Dataset d;
  geo::allowNamedSource(conn + " password=sekrit tables=pg_program");  // as the command line names it
  REQUIRE(geo::loadEvents(conn + " password=sekrit tables=pg_program", d, &err));
  CHECK(d.events.size() == 300);
  CHECK(d.name.find("sekrit") == std::string::npos);
  CHECK(d.name.size() > std::string("/chronomap_test/pg_program").size());
  CHECK(d.name.substr(d.name.size() - 26) == "/chronomap_test/pg_program");
  for (size_t i = 0; i < d.events.size(); ++i) REQUIRE(std::string(d.events.id(i)).find("sekrit") == std::string::npos);
}
