// UI fonts: DejaVu Sans (Debian's fonts-dejavu-core) with Latin, Latin Extended (Azerbaijani),
// Cyrillic and Armenian glyphs, so "Ստեփանակերտ / Xankəndi / Степանակерт" renders.
#pragma once
#include <string>
#include <vector>

#include "app/panels.hpp"

namespace app {

// Builds the font atlas at px pixels (needs a current ImGui context; CPU only).
UiFonts buildFonts(float px);
// Code points of a UTF-8 string that the regular font has no glyph for (tests, diagnostics).
std::vector<unsigned> missingGlyphs(const UiFonts& fonts, const std::string& utf8);

}  // namespace app
