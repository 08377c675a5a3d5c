#include "app/ui_util.hpp"

namespace app::ui {

void haloText(ImDrawList* dl, ImFont* font, ImFont* haloFont, float size, ImVec2 p, ImU32 text, ImU32 halo,
              const char* s, float wrapWidth) {
  if (haloFont) {
    // One draw of the dilated glyphs (app/fonts.cpp). Four overlapping copies were nearly opaque
    // where they overlapped: the halo's opacity is made what two copies give.
    const float a = float((halo >> IM_COL32_A_SHIFT) & 0xFF) / 255.0f;
    const int a2 = int((1.0f - (1.0f - a) * (1.0f - a)) * 255.0f + 0.5f);
    const ImU32 h = (halo & ~IM_COL32_A_MASK) | (ImU32(a2) << IM_COL32_A_SHIFT);
    dl->AddText(haloFont, size, p, h, s, nullptr, wrapWidth);
  } else {
    // Four diagonal copies make the halo.
    for (const ImVec2 d : {ImVec2(-1, -1), ImVec2(1, -1), ImVec2(-1, 1), ImVec2(1, 1)})
      dl->AddText(font, size, ImVec2(p.x + d.x, p.y + d.y), halo, s, nullptr, wrapWidth);
  }
  dl->AddText(font, size, p, text, s, nullptr, wrapWidth);
}

void eventTooltip(const AppState& s, size_t i) {
  const geo::EventStore& ev = s.data.events;
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 24);
  textView(ev.title(i));
  ImGui::TextDisabled("%s", ev.dateLabel(i).c_str());
  const std::string place = ev.placeLabel(i, s.altNamesFirst);
  if (!place.empty()) ImGui::TextDisabled("%s", place.c_str());
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

}  // namespace app::ui
