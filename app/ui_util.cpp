#include "app/ui_util.hpp"

namespace app::ui {

void haloText(ImDrawList* dl, ImFont* font, float size, ImVec2 p, ImU32 text, ImU32 halo, const char* s) {
  for (int dx = -1; dx <= 1; ++dx)
    for (int dy = -1; dy <= 1; ++dy)
      if (dx || dy) dl->AddText(font, size, ImVec2(p.x + dx, p.y + dy), halo, s);
  dl->AddText(font, size, p, text, s);
}

void eventTooltip(const AppState& s, const geo::Event& e) {
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 24);
  ImGui::TextUnformatted(e.title.c_str());
  ImGui::TextDisabled("%s", e.dateLabel().c_str());
  const std::string place = e.placeLabel(s.altNamesFirst);
  if (!place.empty()) ImGui::TextDisabled("%s", place.c_str());
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

}  // namespace app::ui
