#include <catch2/catch.hpp>

#include <cmath>

#include "geo/io.hpp"
#include "geo/projection.hpp"

using namespace geo;

TEST_CASE("The default map CRS is an equal-area projection centred on the view", "[projection]") {
  const std::string def = Projection::defaultCrsFor({43.3, 38.3, 50.5, 42.0});
  CHECK(def.find("+proj=laea") != std::string::npos);
  CHECK(def.find("+lat_0=40.2") != std::string::npos);
  CHECK(def.find("+lon_0=46.9") != std::string::npos);
  std::string err;
  auto p = Projection::create(def, &err);
  REQUIRE(p);
  double x, y;
  REQUIRE(p->forward(46.9, 40.15, x, y));
  CHECK(std::abs(x) < 1.0);
  CHECK(std::abs(y + 5560) < 100);  // 0.05 deg south of the centre is about 5.5 km
}

TEST_CASE("Projection round trip is exact to a millimetre (Yerevan, Baku, Almaty)", "[projection]") {
  std::string err;
  for (const char* crs : {"+proj=laea +lat_0=40.2 +lon_0=46.9 +datum=WGS84 +units=m", "EPSG:3857", "EPSG:4326"}) {
    auto p = Projection::create(crs, &err);
    REQUIRE(p);
    const double pts[3][2] = {{44.517, 40.183}, {49.882, 40.395}, {76.896, 43.278}};
    for (auto& q : pts) {
      double x, y, lon, lat;
      REQUIRE(p->forward(q[0], q[1], x, y));
      REQUIRE(p->inverse(x, y, lon, lat));
      CHECK(lon == Approx(q[0]).margin(1e-8));
      CHECK(lat == Approx(q[1]).margin(1e-8));
    }
  }
  auto geog = Projection::create("EPSG:4326", &err);
  double x, y;
  REQUIRE(geog->forward(44.5, 40.2, x, y));
  CHECK(x == Approx(44.5));  // lon first: traditional GIS axis order
  CHECK(y == Approx(40.2));
}

TEST_CASE("A bad CRS is refused with a message naming it", "[projection]") {
  std::string err;
  CHECK_FALSE(Projection::create("EPSG:999999999", &err));
  CHECK(err.find("EPSG:999999999") != std::string::npos);
}

// A large store is projected in parts on every core, each part with a projection of its own: every
// event lands where projecting it alone puts it, and one that cannot be projected loses its place.
TEST_CASE("Projecting a large store on several cores puts every event where one at a time would", "[projection]") {
  std::string err;
  auto p = Projection::create("+proj=laea +lat_0=40.2 +lon_0=46.9 +datum=WGS84 +units=m", &err);
  REQUIRE(p);
  double ax, ay;
  REQUIRE_FALSE(p->forward(-133.1, -40.2, ax, ay));  // the antipode of the centre
  Dataset ds;
  const size_t n = 250000;
  Event e;
  for (size_t i = 0; i < n; ++i) {
    e.reset();
    e.id = "E" + std::to_string(i);
    e.title = "row";
    REQUIRE(parseIso8601("2022-09-13", e.start));
    e.hasLocation = i % 11 != 3;
    const bool antipode = i % 50000 == 17;  // no place on this map
    e.lon = antipode ? -133.1 : -20.0 + double(i % 1000) * 0.1;
    e.lat = antipode ? -40.2 : -10.0 + double(i % 700) * 0.1;
    ds.events.push(e);
  }
  projectEvents(ds, *p);
  size_t wrong = 0, cleared = 0;
  for (size_t i = 0; i < n; ++i) {
    const bool antipode = i % 50000 == 17, located = i % 11 != 3;
    if (!located || antipode) {
      if (ds.events.hasLocation(i)) ++wrong;
      if (antipode && located) ++cleared;
      continue;
    }
    double x, y;
    REQUIRE(p->forward(ds.events.lon(i), ds.events.lat(i), x, y));
    if (!ds.events.hasLocation(i) || std::abs(ds.events.x(i) - x) > 1e-6 || std::abs(ds.events.y(i) - y) > 1e-6) ++wrong;
  }
  CHECK(wrong == 0);
  CHECK(cleared > 0);
}
