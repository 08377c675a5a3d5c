// UI fonts: DejaVu Sans (Debian's fonts-dejavu-core; Bold from core, Oblique from fonts-dejavu-extra) with Latin, Latin Extended (Azerbaijani),
// Cyrillic and Armenian glyphs, so "Ստեփանակերտ / Xankəndi / Степանակерт" renders.
#pragma once
#include <string>
#include <vector>

#include <imgui.h>

#include "app/panels.hpp"

namespace app {

// Builds the font atlas at px pixels (needs a current ImGui context; CPU only). With screenH > 0 the
// presenter card's fonts are added for a screen that many pixels high.
UiFonts buildFonts(float px, float screenH = 0);
// Widens every visible glyph of the halo fonts (already built into the atlas, with two texels of
// padding) by one texel on each side: the 3x3 maximum of its coverage, the quad and texture
// coordinates grown to match. One draw of such a glyph under the text is the label's halo (instead
// of four offset copies: labels are a good part of what software OpenGL draws each frame). False,
// and the atlas untouched, when a widened glyph would reach another glyph or a custom rectangle.
bool dilateHaloFonts(ImFontAtlas& atlas, const std::vector<ImFont*>& halos);
// Uploads the atlas buildFonts made as the backend's font texture (device objects created first, so
// the backend's own first-frame upload does not leave a second texture behind), then shrinks it to one
// byte a pixel (render::respecifyAsAlphaTexture) and frees the atlas's CPU copies of the pixels
// (together about 35 MB at the usual sizes). Needs a current GL context and the OpenGL3 backend.
void uploadFontAtlas();
// Card font sizes (px) for a screen height: title 4.6 %, body 2.8 %, small 2.1 %.
float cardTitlePx(float screenH);
float cardBodyPx(float screenH);
float cardSmallPx(float screenH);
// Code points of a UTF-8 string that the regular font has no glyph for (tests, diagnostics).
std::vector<unsigned> missingGlyphs(const UiFonts& fonts, const std::string& utf8);

}  // namespace app
