// Colours shared by every view: category palette (Okabe-Ito), map style, light/dark themes.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace app {

struct CategoryStyle {
  const char* key;
  const char* label;
  uint32_t rgb;  // 0xRRGGBB
};
// The eight categories of assets/events/README.md, in legend order.
const CategoryStyle* categories(int& count);
uint32_t categoryColor(std::string_view key);  // grey for unknown keys
// The category palette follows the theme like ImGui's style does (applyStyle sets both): in the dark
// theme black "Displacement" becomes light grey.
void useDarkCategoryPalette(bool dark);
bool darkCategoryPalette();
std::string categoryLabel(std::string_view key);
// Map symbol shape of a category (a render::Shape value): colour is paired with shape, so that the
// categories stay apart for colour-blind readers and in greyscale print.
int categoryShape(std::string_view key);

struct MapPalette {
  uint32_t sea, land, countryLine, provinceLine, coast, lake, river, disputedFill, disputedLine;
};
const MapPalette& mapPalette(bool dark);
// Fill of a country (a soft four-colour tint from its ISO code, so neighbours differ).
uint32_t countryFill(const std::string& iso, bool dark);

}  // namespace app
