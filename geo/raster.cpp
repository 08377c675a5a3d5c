// Raster operations that need no GDAL.
#include "geo/raster.hpp"

#include <algorithm>

namespace geo {
namespace {
// Box blur of one channel along rows (stride 1) or columns (stride w), radius r, edges clamped.
void boxBlur(std::vector<float>& v, int w, int h, int r, bool rows) {
  const int len = rows ? w : h, lines = rows ? h : w;
  const size_t step = rows ? 1 : size_t(w);
  std::vector<float> line(static_cast<size_t>(len)), out(static_cast<size_t>(len));
  for (int l = 0; l < lines; ++l) {
    const size_t base = rows ? size_t(l) * size_t(w) : size_t(l);
    for (int i = 0; i < len; ++i) line[size_t(i)] = v[base + size_t(i) * step];
    double sum = 0;
    auto at = [&](int i) { return double(line[size_t(std::clamp(i, 0, len - 1))]); };
    for (int i = -r; i <= r; ++i) sum += at(i);
    for (int i = 0; i < len; ++i) {
      out[size_t(i)] = float(sum / (2 * r + 1));
      sum += at(i + r + 1) - at(i - r);
    }
    for (int i = 0; i < len; ++i) v[base + size_t(i) * step] = out[size_t(i)];
  }
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
    boxBlur(a, w, h, r, true);
    boxBlur(a, w, h, r, false);
  }
  for (size_t i = 0; i < n; ++i) {
    const float f = std::clamp((a[i] - 0.5f) * 2.0f, 0.0f, 1.0f);
    img.rgba[i * 4 + 3] = uint8_t(img.rgba[i * 4 + 3] * f + 0.5f);
  }
}

}  // namespace geo
