// Map layer and raster operations without GDAL: densifying long edges before projecting, and the
// soft edge of a shading raster.
#include <catch2/catch.hpp>

#include <cmath>

#include "geo/map_layer.hpp"
#include "geo/raster.hpp"

TEST_CASE("densify splits long edges of rings and lines into steps no longer than asked", "[geo]") {
  geo::MapLayer l;
  l.kind = geo::GeomKind::Polygon;
  // A 10 x 4 degree box (5 vertices, closed) and a short triangle left as it is.
  l.coords = {{0, 0}, {10, 0}, {10, 4}, {0, 4}, {0, 0}, {20, 20}, {20.2, 20}, {20, 20.2}, {20, 20}};
  l.ringStart = {0, 5, 9};
  l.featureRingStart = {0, 2};
  geo::densify(l, 0.5);
  REQUIRE(l.ringCount() == 2);
  CHECK(l.ringStart[1] - l.ringStart[0] == 20 + 8 + 20 + 8 + 1);
  CHECK(l.ringStart[2] - l.ringStart[1] == 4);
  for (uint32_t i = 1; i < l.ringStart[1]; ++i) {
    const double step = std::max(std::fabs(l.coords[i].x - l.coords[i - 1].x), std::fabs(l.coords[i].y - l.coords[i - 1].y));
    CHECK(step <= 0.5 + 1e-12);
  }
  // The corners stay where they were; the ring stays closed.
  CHECK(l.coords[20].x == 10);
  CHECK(l.coords[20].y == 0);
  CHECK(l.coords[l.ringStart[1] - 1].x == 0);
  CHECK(l.coords[l.ringStart[1] - 1].y == 0);
  CHECK(l.featureCount() == 1);
  // Points are left alone.
  geo::MapLayer p;
  p.kind = geo::GeomKind::Point;
  p.coords = {{0, 0}};
  p.ringStart = {0, 1};
  geo::densify(p, 0.01);
  CHECK(p.coords.size() == 1);
}

TEST_CASE("featherAlpha fades a raster towards the edge of its data and leaves full coverage alone", "[geo]") {
  geo::RasterImage img;
  img.width = 64, img.height = 8;
  img.rgba.assign(size_t(64) * 8 * 4, 200);
  for (int y = 0; y < 8; ++y)
    for (int x = 40; x < 64; ++x) img.rgba[size_t(y * 64 + x) * 4 + 3] = 0;  // no data right of x = 40
  geo::RasterImage full = img;
  for (size_t i = 3; i < full.rgba.size(); i += 4) full.rgba[i] = 255;
  geo::featherAlpha(img, 16);
  auto alpha = [&](int x) { return int(img.rgba[size_t(4 * 64 + x) * 4 + 3]); };
  CHECK(alpha(5) == 200);          // far inside: as it was
  CHECK(alpha(39) < 40);           // at the edge: nearly gone
  CHECK(alpha(45) == 0);           // outside stays transparent
  for (int x = 20; x < 40; ++x) CHECK(alpha(x) <= alpha(x - 1));  // a ramp, never rising
  CHECK(alpha(30) > alpha(38));
  const std::vector<uint8_t> before = full.rgba;
  geo::featherAlpha(full, 16);
  CHECK(full.rgba == before);
}
