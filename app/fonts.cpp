#include "app/fonts.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>

#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_internal.h>  // ImTextCharFromUtf8

#include "render/gl.hpp"

namespace app {

namespace {
// Glyphs: Latin, Latin-1, Latin Extended-A/B (Azerbaijani ə ğ ı ş), IPA (ə U+0259), Greek and
// Cyrillic, Armenian, Latin Extended Additional (Ẓ ṭ), general punctuation (– — ’ “ ” •), arrows and geometric shapes (● ▶).
const ImWchar kGlyphRanges[] = {0x0020, 0x024F, 0x0250, 0x02FF, 0x0370, 0x03FF, 0x0400, 0x052F,
                                0x0530, 0x058F, 0x1E00, 0x1EFF, 0x2000, 0x206F, 0x20A0, 0x20CF, 0x2190, 0x21FF,
                                0x2212, 0x2212, 0x25A0, 0x25FF, 0};
const char* kFontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
const char* kBoldPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
const char* kObliquePath = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Oblique.ttf";

ImFont* addFont(const char* path, float px, ImFont* fallback) {
  ImFontConfig cfg;
  cfg.OversampleH = 2;
  cfg.OversampleV = 1;
  ImFont* f = ImGui::GetIO().Fonts->AddFontFromFileTTF(path, px, &cfg, kGlyphRanges);
  return f ? f : fallback;
}

// The date overlay's halo needs digits, Latin letters and dashes only.
const ImWchar kLargeHaloRanges[] = {0x0020, 0x00FF, 0x2010, 0x2015, 0x2212, 0x2212, 0};

// A halo font: the same face and size with one sample a pixel (its glyphs are dilated below, which
// sub-pixel oversampling would only blur).
ImFont* addHaloFont(const char* path, float px, const ImWchar* ranges) {
  ImFontConfig cfg;
  cfg.OversampleH = 1;
  cfg.OversampleV = 1;
  return ImGui::GetIO().Fonts->AddFontFromFileTTF(path, px, &cfg, ranges);
}

struct TexRect {
  int x0, y0, x1, y1;
};

TexRect glyphTexels(const ImFontAtlas& a, const ImFontGlyph& g) {
  return {int(std::lround(g.U0 * float(a.TexWidth))), int(std::lround(g.V0 * float(a.TexHeight))),
          int(std::lround(g.U1 * float(a.TexWidth))), int(std::lround(g.V1 * float(a.TexHeight)))};
}

}  // namespace

bool dilateHaloFonts(ImFontAtlas& atlas, const std::vector<ImFont*>& halos) {
  unsigned char* px = nullptr;
  int W = 0, H = 0;
  atlas.GetTexDataAsAlpha8(&px, &W, &H);
  if (!px || W <= 0 || H <= 0) return false;
  // What the atlas holds: every glyph's texels and the custom rectangles (white pixel, line
  // textures, cursors). Each halo glyph's one-texel ring must be free of all of it and of the other
  // rings; all rings are checked before any pixel changes.
  std::vector<uint8_t> used(size_t(W) * size_t(H), 0);
  auto fill = [&](int x0, int y0, int x1, int y1) {
    for (int y = std::max(0, y0); y < std::min(H, y1); ++y)
      for (int x = std::max(0, x0); x < std::min(W, x1); ++x) used[size_t(y) * size_t(W) + size_t(x)] = 1;
  };
  for (const ImFont* f : atlas.Fonts)
    for (const ImFontGlyph& g : f->Glyphs)
      if (g.Visible) {
        const TexRect r = glyphTexels(atlas, g);
        fill(r.x0, r.y0, r.x1, r.y1);
      }
  for (const ImFontAtlasCustomRect& c : atlas.CustomRects)
    if (c.IsPacked()) fill(c.X, c.Y, c.X + c.Width, c.Y + c.Height);
  for (const ImFont* f : halos) {
    if (!f) return false;
    for (const ImFontGlyph& g : f->Glyphs) {
      if (!g.Visible) continue;
      const TexRect r = glyphTexels(atlas, g);
      if (r.x0 < 1 || r.y0 < 1 || r.x1 + 1 > W || r.y1 + 1 > H || r.x1 <= r.x0 || r.y1 <= r.y0) return false;
      for (int y = r.y0 - 1; y <= r.y1; ++y)
        for (int x = r.x0 - 1; x <= r.x1; ++x) {
          if (y >= r.y0 && y < r.y1 && x >= r.x0 && x < r.x1) continue;  // the glyph itself
          uint8_t& u = used[size_t(y) * size_t(W) + size_t(x)];
          if (u) return false;
          u = 2;
        }
    }
  }
  // Dilate: each texel of the widened glyph takes the largest coverage of the 3x3 texels around it.
  std::vector<uint8_t> src;
  for (ImFont* f : halos)
    for (ImFontGlyph& g : f->Glyphs) {
      if (!g.Visible) continue;
      const TexRect r = glyphTexels(atlas, g);
      const int gw = r.x1 - r.x0, gh = r.y1 - r.y0, w = gw + 2, h = gh + 2;
      src.assign(size_t(w) * size_t(h), 0);
      for (int y = 0; y < gh; ++y)
        for (int x = 0; x < gw; ++x)
          src[size_t(y + 1) * size_t(w) + size_t(x + 1)] = px[size_t(r.y0 + y) * size_t(W) + size_t(r.x0 + x)];
      for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
          uint8_t m = 0;
          for (int dy = std::max(0, y - 1); dy <= std::min(h - 1, y + 1); ++dy)
            for (int dx = std::max(0, x - 1); dx <= std::min(w - 1, x + 1); ++dx)
              m = std::max(m, src[size_t(dy) * size_t(w) + size_t(dx)]);
          px[size_t(r.y0 - 1 + y) * size_t(W) + size_t(r.x0 - 1 + x)] = m;
        }
      const float sx = (g.X1 - g.X0) / float(gw), sy = (g.Y1 - g.Y0) / float(gh);
      g.X0 -= sx;
      g.X1 += sx;
      g.Y0 -= sy;
      g.Y1 += sy;
      g.U0 -= 1.0f / float(W);
      g.U1 += 1.0f / float(W);
      g.V0 -= 1.0f / float(H);
      g.V1 += 1.0f / float(H);
    }
  return true;
}

float cardTitlePx(float screenH) { return std::round(screenH * 0.046f); }
float cardBodyPx(float screenH) { return std::round(screenH * 0.028f); }
float cardSmallPx(float screenH) { return std::round(screenH * 0.021f); }

UiFonts buildFonts(float px, float screenH) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  UiFonts f;
  f.builtPx = px;
  ImFontConfig cfg;
  cfg.OversampleH = 2;
  cfg.OversampleV = 1;
  f.regular = io.Fonts->AddFontFromFileTTF(kFontPath, px, &cfg, kGlyphRanges);
  if (!f.regular) {
    std::fprintf(stderr, "chronomap: %s not found (install fonts-dejavu-core); using ImGui's built-in font\n", kFontPath);
    f.regular = io.Fonts->AddFontDefault();
  }
  f.large = io.Fonts->AddFontFromFileTTF(kFontPath, px * 2.1f, &cfg, kGlyphRanges);
  if (!f.large) f.large = f.regular;
  f.bold = addFont(kBoldPath, px, f.regular);
  f.italic = addFont(kObliquePath, px, f.regular);
  f.regularHalo = addHaloFont(kFontPath, px, kGlyphRanges);
  f.largeHalo = addHaloFont(kFontPath, px * 2.1f, kLargeHaloRanges);
  if (f.italic == f.regular)
    std::fprintf(stderr, "chronomap: %s not found (install fonts-dejavu-extra); italics show upright\n", kObliquePath);
  if (screenH > 0) {
    f.cardTitle = addFont(kBoldPath, cardTitlePx(screenH), f.large);
    f.cardBody = addFont(kFontPath, cardBodyPx(screenH), f.regular);
    f.cardBold = addFont(kBoldPath, cardBodyPx(screenH), f.cardBody);
    f.cardItalic = addFont(kObliquePath, cardBodyPx(screenH), f.cardBody);
    f.cardSmall = addFont(kFontPath, cardSmallPx(screenH), f.regular);
    f.cardForHeight = screenH;
  }
  // Two texels between glyphs: each halo glyph grows by one into the free space on every side.
  io.Fonts->TexGlyphPadding = 2;
  io.Fonts->Build();
  if (!f.regularHalo || !f.largeHalo || !dilateHaloFonts(*io.Fonts, {f.regularHalo, f.largeHalo})) {
    std::fprintf(stderr, "chronomap: label halos drawn as offset copies (the font atlas had no room to widen them)\n");
    f.regularHalo = f.largeHalo = nullptr;
  }
  return f;
}

void uploadFontAtlas() {
  ImGui_ImplOpenGL3_NewFrame();  // creates the device objects once (with a first font texture)
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
  ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
  unsigned char* alpha = nullptr;
  int w = 0, h = 0;
  atlas.GetTexDataAsAlpha8(&alpha, &w, &h);  // built with the RGBA32 copy: no second build
  if (alpha) render::respecifyAsAlphaTexture(unsigned(reinterpret_cast<intptr_t>(atlas.TexID)), w, h, alpha);
  atlas.ClearTexData();
}

std::vector<unsigned> missingGlyphs(const UiFonts& fonts, const std::string& utf8) {
  std::vector<unsigned> out;
  const char* p = utf8.c_str();
  const char* end = p + utf8.size();
  while (p < end) {
    unsigned c = 0;
    const int n = ImTextCharFromUtf8(&c, p, end);
    if (n <= 0) break;
    p += n;
    if (c == ' ') continue;
    if (!fonts.regular || !fonts.regular->FindGlyphNoFallback(ImWchar(c))) out.push_back(c);
  }
  return out;
}

}  // namespace app
