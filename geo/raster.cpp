// Raster operations that need no GDAL.
#include "geo/raster.hpp"

#include <algorithm>

namespace geo {
namespace {
// Box blurs of radius r, edges clamped, with running sums: along each row, then down the columns (all
// columns at once, row by row, so that memory is read in order).
void blurRows(std::vector<float>& v, int w, int h, int r) {
  std::vector<float> out(static_cast<size_t>(w));
  for (int y = 0; y < h; ++y) {
    float* line = &v[size_t(y) * size_t(w)];
    auto at = [&](int i) { return double(line[std::clamp(i, 0, w - 1)]); };
    double sum = 0;
    for (int i = -r; i <= r; ++i) sum += at(i);
    for (int i = 0; i < w; ++i) {
      out[size_t(i)] = float(sum / (2 * r + 1));
      sum += at(i + r + 1) - at(i - r);
    }
    std::copy(out.begin(), out.end(), line);
  }
}

void blurColumns(std::vector<float>& v, int w, int h, int r) {
  auto row = [&](int y) { return &v[size_t(std::clamp(y, 0, h - 1)) * size_t(w)]; };
  std::vector<double> sum(static_cast<size_t>(w), 0.0);
  std::vector<float> out(v.size());
  for (int i = -r; i <= r; ++i) {
    const float* p = row(i);
    for (int x = 0; x < w; ++x) sum[size_t(x)] += double(p[x]);
  }
  for (int y = 0; y < h; ++y) {
    float* o = &out[size_t(y) * size_t(w)];
    const float *add = row(y + r + 1), *sub = row(y - r);
    for (int x = 0; x < w; ++x) {
      o[x] = float(sum[size_t(x)] / (2 * r + 1));
      sum[size_t(x)] += double(add[x]) - double(sub[x]);
    }
  }
  v.swap(out);
}
}  // namespace

void featherAlpha(RasterImage& img, int radius) {
  const int w = img.width, h = img.height;
  const size_t n = size_t(w) * size_t(h);
  if (radius < 1 || w < 2 || h < 2 || img.rgba.size() < n * 4) return;
  bool anyTransparent = false;
  std::vector<float> a(n);
  for (size_t i = 0; i < n; ++i) {
    a[i] = img.rgba[i * 4 + 3] > 0 ? 1.0f : 0.0f;
    anyTransparent = anyTransparent || a[i] == 0.0f;
  }
  if (!anyTransparent) return;
  // Covered share of the neighbourhood: 1/2 on the edge, 1 from `radius` px inside. The fade maps
  // 1/2 .. 1 to 0 .. 1 (two box passes each way: smooth, about the radius wide).
  const int r = std::max(1, radius / 2);
  for (int pass = 0; pass < 2; ++pass) {
    blurRows(a, w, h, r);
    blurColumns(a, w, h, r);
  }
  for (size_t i = 0; i < n; ++i) {
    const float f = std::clamp((a[i] - 0.5f) * 2.0f, 0.0f, 1.0f);
    img.rgba[i * 4 + 3] = uint8_t(img.rgba[i * 4 + 3] * f + 0.5f);
  }
}

}  // namespace geo
