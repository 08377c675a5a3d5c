#include "app/fonts.hpp"

#include <cmath>
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

}  // namespace

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
  io.Fonts->Build();
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
