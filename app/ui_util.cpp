#include "app/ui_util.hpp"

namespace app::ui {

void haloText(ImDrawList* dl, ImFont* font, float size, ImVec2 p, ImU32 text, ImU32 halo, const char* s) {
  // Four diagonal copies make the halo (half the glyphs of eight: labels are a good part of what
  // software OpenGL draws each frame).
  for (const ImVec2 d : {ImVec2(-1, -1), ImVec2(1, -1), ImVec2(-1, 1), ImVec2(1, 1)})
    dl->AddText(font, size, ImVec2(p.x + d.x, p.y + d.y), halo, s);
  dl->AddText(font, size, p, text, s);
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
