#include <catch2/catch.hpp>

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
