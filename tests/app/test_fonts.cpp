#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include <imgui.h>

#include "app/fonts.hpp"

TEST_CASE("Armenian, Azerbaijani and Russian place names have glyphs, not '?'", "[fonts]") {
  ImGui::CreateContext();
  const app::UiFonts f = app::buildFonts(16.0f);
  REQUIRE(f.regular);
  CHECK(app::missingGlyphs(f, "Ստեփանակերտ / Xankəndi / Степанакерт").empty());
  CHECK(app::missingGlyphs(f, "Şuşa, Ağdam, Füzuli, Cəbrayıl, Zəngilan, Qubadlı, Laçın, Kəlbəcər").empty());
  CHECK(app::missingGlyphs(f, "Шуши, Շուշի, Երևան, 13–14 Sep 2022 • “quoted”").empty());
  // The check can fail: CJK is not in the loaded ranges.
  CHECK(app::missingGlyphs(f, "中") == std::vector<unsigned>{0x4E2D});
  ImGui::DestroyContext();
}

TEST_CASE("Label halo fonts: each glyph is the text's glyph widened by a pixel on every side", "[fonts]") {
  ImGui::CreateContext();
  const app::UiFonts f = app::buildFonts(16.0f);
  REQUIRE(f.regularHalo);
  REQUIRE(f.largeHalo);
  unsigned char* px = nullptr;
  int W = 0, H = 0;
  ImGui::GetIO().Fonts->GetTexDataAsAlpha8(&px, &W, &H);
  REQUIRE(px);
  // Coverage of a glyph, sampled at screen-pixel centres of its quad (nearest texel).
  auto coverage = [&](const ImFontGlyph& g, float x, float y) {
    if (x < g.X0 || x >= g.X1 || y < g.Y0 || y >= g.Y1) return 0;
    const float u = g.U0 + (g.U1 - g.U0) * (x - g.X0) / (g.X1 - g.X0);
    const float v = g.V0 + (g.V1 - g.V0) * (y - g.Y0) / (g.Y1 - g.Y0);
    const int tx = std::min(W - 1, int(u * float(W))), ty = std::min(H - 1, int(v * float(H)));
    return int(px[size_t(ty) * size_t(W) + size_t(tx)]);
  };
  for (const ImWchar c : {ImWchar('O'), ImWchar('H'), ImWchar(0x0535) /* Armenian capital */, ImWchar(0x0259) /* ə */}) {
    const ImFontGlyph* g = f.regularHalo->FindGlyphNoFallback(c);
    const ImFontGlyph* t = f.regular->FindGlyphNoFallback(c);
    REQUIRE(g);
    REQUIRE(t);
    CHECK(g->AdvanceX == Approx(t->AdvanceX));
    // Wherever the text's glyph is solid, the halo is solid there and one pixel around.
    int solid = 0, covered = 0;
    for (float y = std::floor(t->Y0) + 0.5f; y < t->Y1; y += 1.0f)
      for (float x = std::floor(t->X0) + 0.5f; x < t->X1; x += 1.0f) {
        if (coverage(*t, x, y) < 250) continue;
        for (int dy = -1; dy <= 1; ++dy)
          for (int dx = -1; dx <= 1; ++dx) {
            ++solid;
            if (coverage(*g, x + float(dx), y + float(dy)) >= 128) ++covered;
          }
      }
    INFO("U+" << std::hex << int(c));
    CHECK(solid > 0);
    CHECK(covered >= solid * 95 / 100);
    // ... and it is a halo, not a filled box: well under the whole quad.
    int inQuad = 0, on = 0;
    for (float y = g->Y0 + 0.5f; y < g->Y1; y += 1.0f)
      for (float x = g->X0 + 0.5f; x < g->X1; x += 1.0f) {
        ++inQuad;
        if (coverage(*g, x, y) >= 128) ++on;
      }
    CHECK(on < inQuad * 9 / 10);
  }
  // The date overlay's halo has digits and the en dash.
  CHECK(f.largeHalo->FindGlyphNoFallback('7'));
  CHECK(f.largeHalo->FindGlyphNoFallback(0x2013));
  ImGui::DestroyContext();
}

TEST_CASE("Halo dilation refuses an atlas without room around the glyphs and leaves it untouched", "[fonts]") {
  ImGui::CreateContext();
  ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
  atlas.Clear();
  ImFont* a = atlas.AddFontDefault();
  atlas.TexGlyphPadding = 0;  // glyphs packed edge to edge
  atlas.Build();
  unsigned char* px = nullptr;
  int W = 0, H = 0;
  atlas.GetTexDataAsAlpha8(&px, &W, &H);
  const std::vector<unsigned char> before(px, px + size_t(W) * size_t(H));
  const ImFontGlyph g0 = *a->FindGlyph('H');
  CHECK_FALSE(app::dilateHaloFonts(atlas, {a}));
  CHECK(std::equal(before.begin(), before.end(), px));
  CHECK(a->FindGlyph('H')->X0 == g0.X0);
  CHECK(a->FindGlyph('H')->U1 == g0.U1);
  ImGui::DestroyContext();
}
