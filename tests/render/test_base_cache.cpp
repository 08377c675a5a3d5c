// The basemap cache, straight through render/ on a headless EGL context: a pan past the cache's
// margin re-centres it by a shifted copy plus the strips it lacked, and the map then looks as when
// drawn whole at the new centre.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "geo/map_layer.hpp"
#include "render/gl.hpp"
#include "render/map_renderer.hpp"

namespace {

// Irregular polygons (some with a hole) and polylines scattered over +-600 km, in fixed colours.
void makeLayers(geo::MapLayer& polys, geo::MapLayer& hatched, geo::MapLayer& lines) {
  std::mt19937 rnd(7);
  std::uniform_real_distribution<double> pos(-600e3, 600e3), rad(20e3, 90e3), jitter(0.6, 1.0);
  auto ring = [&](geo::MapLayer& l, double cx, double cy, double r, int n) {
    for (int k = 0; k <= n; ++k) {
      const double a = 2 * M_PI * (k % n) / n, q = k % n == 0 ? 1.0 : jitter(rnd);
      l.coords.push_back({cx + r * q * std::cos(a), cy + r * q * std::sin(a)});
      l.bounds.add(l.coords.back().x, l.coords.back().y);
    }
    l.ringStart.push_back(uint32_t(l.coords.size()));
  };
  polys.kind = hatched.kind = geo::GeomKind::Polygon;
  for (int f = 0; f < 40; ++f) {
    const double cx = pos(rnd), cy = pos(rnd), r = rad(rnd);
    ring(polys, cx, cy, r, 9);
    if (f % 3 == 0) ring(polys, cx, cy, r * 0.3, 6);  // a hole (even-odd)
    polys.featureRingStart.push_back(uint32_t(polys.ringStart.size() - 1));
  }
  for (int f = 0; f < 6; ++f) {
    ring(hatched, pos(rnd), pos(rnd), rad(rnd) * 1.5, 7);
    hatched.featureRingStart.push_back(uint32_t(hatched.ringStart.size() - 1));
  }
  lines.kind = geo::GeomKind::Line;
  for (int f = 0; f < 25; ++f) {
    double x = pos(rnd), y = pos(rnd);
    for (int k = 0; k < 12; ++k) {
      lines.coords.push_back({x, y});
      lines.bounds.add(x, y);
      x += rad(rnd) * (jitter(rnd) - 0.8) * 3, y += rad(rnd) * (jitter(rnd) - 0.7) * 2;
    }
    lines.ringStart.push_back(uint32_t(lines.coords.size()));
    lines.featureRingStart.push_back(uint32_t(lines.ringStart.size() - 1));
  }
}

render::MapFrame frameAt(double cx, double cy, size_t polyFeatures) {
  render::MapFrame f;
  f.width = 400, f.height = 300, f.unitsPerPx = 1500, f.centerX = cx, f.centerY = cy;
  f.background = render::rgb(0xCFE3F0);
  render::LayerStyle poly, hatch, line;
  for (size_t i = 0; i < polyFeatures; ++i) poly.featureFill.push_back(render::rgb(0x404040 + uint32_t(i) * 0x030507, 0.85f));
  poly.lineColor = render::rgb(0x202020);
  hatch.fillColor = render::rgb(0xC03030, 0.6f);
  hatch.hatch = 6;
  line.lineColor = render::rgb(0x1060C0);
  line.lineWidth = 2;
  f.styles = {poly, hatch, line};
  return f;
}

std::vector<uint8_t> pixels(render::MapRenderer& r, const render::MapFrame& f) {
  r.render(f);
  std::vector<uint8_t> px;
  r.target().readRgba(px);
  return px;
}

}  // namespace

TEST_CASE("A pan past the basemap cache's margin shifts it and draws only the new strips, alike a whole redraw", "[render]") {
  render::HeadlessContext ctx;
  std::string err;
  REQUIRE(ctx.create(&err));
  REQUIRE(render::loadGL(render::HeadlessContext::loader(), &err));
  geo::MapLayer polys, hatched, lines;
  makeLayers(polys, hatched, lines);
  const std::vector<const geo::MapLayer*> layers{&polys, &hatched, &lines};

  render::MapRenderer panned;
  REQUIRE(panned.init(&err));
  panned.setLayers(layers);
  const double upp = 1500;
  pixels(panned, frameAt(0, 0, polys.featureCount()));
  CHECK(panned.cacheStats().draws == 1);
  // Within the margin (256 px): the cache slides, nothing is drawn.
  pixels(panned, frameAt(200 * upp, -100 * upp, polys.featureCount()));
  CHECK(panned.cacheStats().draws == 1);
  CHECK(panned.cacheStats().shifts == 0);
  // Past it, in both directions at once: shifted, two strips drawn.
  const double cx = 330 * upp, cy = -290 * upp;
  const std::vector<uint8_t> a = pixels(panned, frameAt(cx, cy, polys.featureCount()));
  CHECK(panned.cacheStats().draws == 1);
  CHECK(panned.cacheStats().shifts == 1);
  // And the other way.
  const std::vector<uint8_t> b = pixels(panned, frameAt(cx - 300 * upp, cy + 280 * upp, polys.featureCount()));
  CHECK(panned.cacheStats().shifts == 2);

  render::MapRenderer whole;
  REQUIRE(whole.init(&err));
  whole.setLayers(layers);
  const std::vector<uint8_t> wa = pixels(whole, frameAt(cx, cy, polys.featureCount()));
  render::MapRenderer whole2;
  REQUIRE(whole2.init(&err));
  whole2.setLayers(layers);
  const std::vector<uint8_t> wb = pixels(whole2, frameAt(cx - 300 * upp, cy + 280 * upp, polys.featureCount()));
  REQUIRE(a.size() == wa.size());
  REQUIRE(b.size() == wb.size());
  // The same picture; a few edge pixels may round the other way (the vertices move by whole pixels
  // in floating point).
  auto differing = [](const std::vector<uint8_t>& x, const std::vector<uint8_t>& y) {
    size_t n = 0;
    for (size_t i = 0; i < x.size(); i += 4)
      if (std::abs(x[i] - y[i]) > 12 || std::abs(x[i + 1] - y[i + 1]) > 12 || std::abs(x[i + 2] - y[i + 2]) > 12) ++n;
    return n;
  };
  const size_t total = a.size() / 4;
  const size_t da = differing(a, wa), db = differing(b, wb);
  INFO("differing pixels: " << da << " and " << db << " of " << total);
  CHECK(da <= total / 500);
  CHECK(db <= total / 500);
  // The picture is not blank: the layers cover a good part of it.
  size_t background = 0;
  for (size_t i = 0; i < a.size(); i += 4)
    if (std::abs(a[i] - 0xCF) <= 2 && std::abs(a[i + 1] - 0xE3) <= 2 && std::abs(a[i + 2] - 0xF0) <= 2) ++background;
  CHECK(background < total * 9 / 10);
  CHECK(background > total / 20);
}

TEST_CASE("While zooming the basemap cache is shown scaled, and drawn sharp once the zoom rests", "[render]") {
  render::HeadlessContext ctx;
  std::string err;
  REQUIRE(ctx.create(&err));
  REQUIRE(render::loadGL(render::HeadlessContext::loader(), &err));
  geo::MapLayer polys, hatched, lines;
  makeLayers(polys, hatched, lines);
  const std::vector<const geo::MapLayer*> layers{&polys, &hatched, &lines};
  render::MapRenderer r;
  REQUIRE(r.init(&err));
  r.setLayers(layers);
  render::MapFrame f = frameAt(0, 0, polys.featureCount());
  const std::vector<uint8_t> before = pixels(r, f);
  CHECK(r.cacheStats().draws == 1);
  // A zoom step in: the cache scaled, nothing drawn.
  f.zoomPreview = true;
  f.unitsPerPx /= 1.25;
  const std::vector<uint8_t> preview = pixels(r, f);
  CHECK(r.cacheStats().draws == 1);
  CHECK(r.cacheStats().previews == 1);
  // It looks like the map at that scale (softer edges and thinner lines aside).
  render::MapRenderer sharp;
  REQUIRE(sharp.init(&err));
  sharp.setLayers(layers);
  render::MapFrame g = f;
  g.zoomPreview = false;
  const std::vector<uint8_t> want = pixels(sharp, g);
  REQUIRE(preview.size() == want.size());
  auto differing = [](const std::vector<uint8_t>& x, const std::vector<uint8_t>& y) {
    size_t n = 0;
    for (size_t i = 0; i < x.size(); i += 4)
      if (std::abs(x[i] - y[i]) > 40 || std::abs(x[i + 1] - y[i + 1]) > 40 || std::abs(x[i + 2] - y[i + 2]) > 40) ++n;
    return n;
  };
  const size_t differ = differing(preview, want), unscaled = differing(before, want);
  INFO("differing pixels: " << differ << " (the unscaled picture: " << unscaled << ") of " << want.size() / 4);
  CHECK(differ < want.size() / 4 / 8);
  CHECK(differ * 3 < unscaled);  // much closer to the new scale than the old picture
  // Just after a drawing, a fast zoom shows even a coarse cache (up to 5x) for a fifth of a second
  // (here a minute: the comparison above may take longer than 0.2 s on a loaded machine).
  r.recentDrawMs = 60000;
  f.unitsPerPx /= 2.0;
  pixels(r, f);
  CHECK(r.cacheStats().draws == 1);
  CHECK(r.cacheStats().previews == 2);
  // Beyond five times the scale it would be useless: drawn anew (at half resolution while zooming).
  f.unitsPerPx /= 3.0;
  pixels(r, f);
  CHECK(r.cacheStats().draws == 2);
  // The zoom rests: the same view, drawn sharp.
  f.zoomPreview = false;
  pixels(r, f);
  CHECK(r.cacheStats().draws == 3);
}
