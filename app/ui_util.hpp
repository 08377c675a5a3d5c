// Small drawing helpers shared by the panels (internal to app/).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include <imgui.h>

#include "app/app_state.hpp"
#include "render/gl.hpp"

namespace app::ui {

inline ImU32 col(uint32_t rgb, float a = 1.0f) {
  return IM_COL32((rgb >> 16) & 255, (rgb >> 8) & 255, rgb & 255, int(a * 255.0f + 0.5f));
}
inline ImVec4 col4(uint32_t rgb, float a = 1.0f) {
  return ImVec4(((rgb >> 16) & 255) / 255.f, ((rgb >> 8) & 255) / 255.f, (rgb & 255) / 255.f, a);
}
inline render::Color rcol(uint32_t rgb, float a = 1.0f) { return render::rgb(rgb, a); }
// UI scale of the current font relative to 16 px.
inline float scale() { return ImGui::GetFontSize() / 16.0f; }

constexpr ImGuiWindowFlags kPanelFlags = ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize |
                                         ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoCollapse |
                                         ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;

// The window's clear colour: ImGui's window background, opaque. Panels that cover the window (side,
// status, timeline) then need no background of their own: under software OpenGL each full-panel
// fill costs milliseconds a frame.
inline render::Color panelBackground() {
  const ImVec4 c = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
  return {c.x, c.y, c.z, 1.0f};
}
constexpr ImGuiWindowFlags kFlatPanel = ImGuiWindowFlags_NoBackground;

inline void placeWindow(const Rect& r) {
  ImGui::SetNextWindowPos(ImVec2(r.x, r.y));
  ImGui::SetNextWindowSize(ImVec2(r.w, r.h));
}

// Text with a halo, for labels drawn over the map (4.5:1 contrast whatever is behind): one draw of
// haloFont (font's glyphs dilated a pixel: UiFonts::regularHalo, largeHalo) under the text, or four
// offset copies where haloFont is null. wrapWidth > 0 wraps as ImDrawList::AddText does.
void haloText(ImDrawList* dl, ImFont* font, ImFont* haloFont, float size, ImVec2 p, ImU32 text, ImU32 halo,
              const char* s, float wrapWidth = 0.0f);
// Text that is not NUL-terminated (a view into the event store).
inline void textView(std::string_view t) { ImGui::TextUnformatted(t.data(), t.data() + t.size()); }
// Title, date and place of an event in a tooltip.
void eventTooltip(const AppState& s, size_t event);

}  // namespace app::ui
