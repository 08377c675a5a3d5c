// The category palette follows the theme: black reads on light panels, not on dark ones.
#include <catch2/catch.hpp>

#include <cstring>

#include "app/theme.hpp"

namespace {
double luminance(uint32_t rgb) {
  return (0.2126 * ((rgb >> 16) & 255) + 0.7152 * ((rgb >> 8) & 255) + 0.0722 * (rgb & 255)) / 255.0;
}
}  // namespace

TEST_CASE("In the dark theme no category is drawn in a colour too dark to see", "[app]") {
  int n = 0;
  app::useDarkCategoryPalette(false);
  const app::CategoryStyle* light = app::categories(n);
  CHECK(app::categoryColor("displacement") == 0x000000);  // Okabe-Ito black on the light theme
  app::useDarkCategoryPalette(true);
  int m = 0;
  const app::CategoryStyle* dark = app::categories(m);
  REQUIRE(m == n);
  for (int i = 0; i < n; ++i) {
    INFO(dark[i].key);
    CHECK(std::strcmp(dark[i].key, light[i].key) == 0);  // same categories, same legend order
    CHECK(luminance(dark[i].rgb) > 0.25);                 // visible on a dark panel (about 0.1)
  }
  CHECK(app::categoryColor("displacement") == dark[n - 1].rgb);
  CHECK(app::categoryColor("war") == light[0].rgb);  // the colours that read on both stay
  app::useDarkCategoryPalette(false);
  CHECK(app::categoryColor("displacement") == 0x000000);
}
