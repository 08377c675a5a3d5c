#include "app/theme.hpp"

#include <utility>

namespace app {

namespace {
const CategoryStyle kCategories[] = {
    {"war", "War and battles", 0xD55E00},
    {"strikes", "Strikes and shelling", 0xE69F00},
    {"civilian_harm", "Violence against civilians", 0xCC79A7},
    {"diplomacy", "Ceasefires and diplomacy", 0x0072B2},
    {"deployment", "Military deployment", 0x009E73},
    {"unrest", "Protest and unrest", 0xF0E442},
    {"alliance", "Alliance politics (CSTO)", 0x56B4E9},
    {"displacement", "Displacement", 0x000000},
};
constexpr int kCategoryCount = int(sizeof kCategories / sizeof kCategories[0]);
// The dark theme's palette: the same, but a colour too dark to see on a dark panel (black) turns
// light grey.
struct DarkPalette {
  CategoryStyle c[kCategoryCount];
  DarkPalette() {
    for (int i = 0; i < kCategoryCount; ++i) {
      c[i] = kCategories[i];
      const uint32_t v = c[i].rgb;
      const double lum = 0.2126 * ((v >> 16) & 255) + 0.7152 * ((v >> 8) & 255) + 0.0722 * (v & 255);
      if (lum < 40) c[i].rgb = 0xD9D9D9;
    }
  }
};
const DarkPalette kDark;
bool gDarkPalette = false;
}  // namespace

void useDarkCategoryPalette(bool dark) { gDarkPalette = dark; }
bool darkCategoryPalette() { return gDarkPalette; }

const CategoryStyle* categories(int& count) {
  count = kCategoryCount;
  return gDarkPalette ? kDark.c : kCategories;
}

uint32_t categoryColor(std::string_view key) {
  int n = 0;
  const CategoryStyle* cats = categories(n);
  for (int i = 0; i < n; ++i)
    if (key == cats[i].key) return cats[i].rgb;
  return 0x8A8A8A;
}

std::string categoryLabel(std::string_view key) {
  for (const auto& c : kCategories)
    if (key == c.key) return c.label;
  return key.empty() ? std::string("Uncategorised") : std::string(key);
}

int categoryShape(std::string_view key) {
  // render::Shape: 0 circle, 1 square, 2 diamond, 3 triangle up, 4 triangle down, 5 hexagon, 6 star,
  // 7 cross.
  static const std::pair<const char*, int> kShapes[] = {{"war", 0},        {"strikes", 2},  {"civilian_harm", 4},
                                                        {"diplomacy", 1},  {"deployment", 3}, {"unrest", 6},
                                                        {"alliance", 5},   {"displacement", 7}};
  for (const auto& [k, v] : kShapes)
    if (key == k) return v;
  return 0;
}

const MapPalette& mapPalette(bool dark) {
  static const MapPalette light{0xC6DCEB, 0xF3F0EA, 0x7B7B7B, 0xB9B4AA, 0x6F93AD, 0xC6DCEB, 0x7FA8C9, 0xB04A4A, 0x9A3030};
  static const MapPalette night{0x1B2A38, 0x2E3033, 0x9A9A9A, 0x4A4C50, 0x4E7391, 0x1B2A38, 0x3F6A8C, 0xE07B7B, 0xE07B7B};
  return dark ? night : light;
}

uint32_t countryFill(const std::string& iso, bool dark) {
  static const uint32_t lightTints[4] = {0xF4F1E8, 0xE8EEDF, 0xF1E8DA, 0xE6E8EE};
  static const uint32_t darkTints[4] = {0x34363A, 0x303A33, 0x3A3530, 0x30343C};
  uint32_t h = 2166136261u;
  for (char c : iso) h = (h ^ uint8_t(c)) * 16777619u;
  return (dark ? darkTints : lightTints)[h % 4];
}

}  // namespace app
