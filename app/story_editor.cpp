// The story editor and the project/story dialogs. Sections: steps from the state; saving; the Story
// menu; the Story tab (list with drag-to-reorder, the step's fields); dialogs (Save As, export image,
// the quit prompt).
#include <algorithm>
#include <cstdio>

#include <GLFW/glfw3.h>  // key codes
#include <imgui.h>
#include <imgui_stdlib.h>

#include "app/map_view.hpp"
#include "app/presenter.hpp"
#include "app/project.hpp"
#include "app/ui_util.hpp"

namespace app {

using namespace ui;

// --- steps from the state --------------------------------------------------------------------------
StoryStep stepFromState(const AppState& s) {
  StoryStep st;
  st.title = "New step";
  st.text = "";
  st.time = geo::formatIsoInstant(s.playhead);
  st.mode = timeModeName(s.mode);
  if (s.mode == TimeMode::Window) {
    const geo::Seconds w = s.windowS;
    st.window = w % 86400 == 0 ? std::to_string(w / 86400) + "d" : std::to_string(std::max<geo::Seconds>(1, w / 3600)) + "h";
  }
  if (s.proj && s.mapRect.w > 1) {
    const geo::BBox b = visibleWgs84(s.cam, s.mapRect, *s.proj);
    auto r4 = [](double v) { return std::round(v * 1e4) / 1e4; };
    st.bbox = {r4(b.minX), r4(b.minY), r4(b.maxX), r4(b.maxY)};
    st.hasBbox = b.valid();
  }
  for (size_t i = 0; i < s.highlight.size() && i < s.data.events.size(); ++i)
    if (s.highlight[i]) st.highlight.push_back(s.data.events[i].id);
  if (s.selected >= 0 && size_t(s.selected) < s.data.events.size()) st.select = s.data.events[size_t(s.selected)].id;
  st.hasLayers = true;
  for (const LayerInfo& l : s.layerInfo) st.layers.push_back({l.label, l.visible});
  const Filters& f = s.filters;
  st.hasFilters = !(f == Filters{});
  st.filters.text = f.text;
  st.filters.categories = f.categories;
  st.filters.countries = f.countries;
  st.filters.actors = f.actors;
  st.filters.minFatalities = f.minFatalities;
  st.filters.minPrecision = geo::precisionName(f.minPrecision);
  st.sources.push_back({"https://", "", "", ""});
  validateStep(st);
  return st;
}

bool hasUnsavedChanges(const AppState& s) { return s.storyUi.dirty || s.projectDirty; }

// --- saving ----------------------------------------------------------------------------------------
bool saveStoryNow(AppState& s, const std::string& path) {
  StoryUi& u = s.storyUi;
  std::string err;
  if (!saveStory(path, u.story, &err)) {
    u.message = "Not saved: " + err;
    return false;
  }
  u.path = path;
  u.dirty = false;
  u.message = "Saved " + path;
  return true;
}

bool saveProjectNow(AppState& s, const std::string& pathIn) {
  const std::string path = pathIn.empty() ? s.projectPath : pathIn;
  if (path.empty()) return false;
  // A story that lives in its own file is saved there; a new one goes inline into the project.
  if (s.storyUi.loaded && s.storyUi.dirty && !s.storyUi.path.empty() && !saveStoryNow(s, s.storyUi.path)) {
    s.statusMessage = s.storyUi.message;
    return false;
  }
  const Project p = projectFromState(s, path);
  std::string err;
  if (!saveProject(path, p, &err)) {
    s.statusMessage = "Project not saved: " + err;
    return false;
  }
  s.projectPath = path;
  s.projectDirty = false;
  if (s.storyUi.path.empty()) s.storyUi.dirty = false;
  s.statusMessage = "Project saved to " + path + " (previous version kept as .bak)";
  addRecent(path);
  s.recent = loadRecent();
  return true;
}

// --- the Story menu --------------------------------------------------------------------------------
void drawStoryMenu(AppState& s) {
  StoryUi& u = s.storyUi;
  if (!ImGui::BeginMenu("Story")) return;
  if (ImGui::MenuItem("Present", "F5")) {
    s.keyPresses.push_back({GLFW_KEY_F5, 0});
  }
  ImGui::Separator();
  if (ImGui::MenuItem("New story")) {
    Story st;
    st.title = "New story";
    st.steps.push_back(stepFromState(s));
    setStory(s, std::move(st), "", 0);
    s.storyUi.dirty = true;
  }
  if (ImGui::MenuItem("Add current view as a step", nullptr, false, true)) {
    if (!u.loaded) {
      Story st;
      st.title = "New story";
      setStory(s, std::move(st), "", 0);
    }
    const int at = u.step >= 0 ? u.step + 1 : int(u.story.steps.size());
    u.story.steps.insert(u.story.steps.begin() + at, stepFromState(s));
    u.step = at;
    u.editing = at;
    u.dirty = true;
  }
  const bool has = u.loaded && !u.story.steps.empty();
  if (ImGui::MenuItem("Next step", "PgDn (presenting)", false, has)) goToStep(s, u.step + 1, true);
  if (ImGui::MenuItem("Previous step", "PgUp (presenting)", false, has)) goToStep(s, u.step - 1, true);
  ImGui::Separator();
  if (ImGui::MenuItem("Save story", nullptr, false, u.loaded && !u.path.empty())) saveStoryNow(s, u.path);
  if (ImGui::MenuItem("Close story", nullptr, false, u.loaded)) {
    s.storyUi = StoryUi{};
    s.highlight.clear();
  }
  ImGui::EndMenu();
}

// --- the Story tab ---------------------------------------------------------------------------------
void drawStoryTab(AppState& s, const UiFonts& f) {
  StoryUi& u = s.storyUi;
  const float sc = scale();
  if (!u.loaded) {
    ImGui::TextWrapped("No story is loaded. Start with --story FILE, or make one here from what the map and timeline show.");
    if (ImGui::Button("New story from the current view")) {
      Story st;
      st.title = "New story";
      st.steps.push_back(stepFromState(s));
      setStory(s, std::move(st), "", 0);
      u.dirty = true;
    }
    return;
  }
  ImGui::PushFont(f.bold ? f.bold : f.regular);
  ImGui::TextWrapped("%s", u.story.title.c_str());
  ImGui::PopFont();
  ImGui::TextDisabled("Step %d of %zu%s", u.step + 1, u.story.steps.size(), u.dirty ? "  (unsaved changes)" : "");
  if (ImGui::Button("Present (F5)")) s.keyPresses.push_back({GLFW_KEY_F5, 0});
  ImGui::SameLine();
  if (ImGui::Button("+ Add view")) {
    const int at = u.step >= 0 ? u.step + 1 : int(u.story.steps.size());
    u.story.steps.insert(u.story.steps.begin() + at, stepFromState(s));
    u.step = at;
    u.editing = at;
    u.dirty = true;
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Add what the map and timeline show now as a step after the current one");
  ImGui::SameLine();
  if (ImGui::Button("Save")) {
    if (u.path.empty()) s.saveProjectAs = true;  // a new story: saved inline in a project, or Save As below
    else saveStoryNow(s, u.path);
  }
  if (!u.message.empty()) ImGui::TextWrapped("%s", u.message.c_str());
  ImGui::Separator();
  // The steps: click to open, drag to reorder.
  int moveFrom = -1, moveTo = -1, remove = -1;
  const float listH = std::min(ImGui::GetContentRegionAvail().y * 0.4f, float(u.story.steps.size()) * ImGui::GetFrameHeightWithSpacing() + 4);
  ImGui::BeginChild("##steps", ImVec2(0, listH), true);
  for (int i = 0; i < int(u.story.steps.size()); ++i) {
    ImGui::PushID(i);
    const std::string label = std::to_string(i + 1) + ". " + u.story.steps[size_t(i)].title;
    if (ImGui::Selectable(label.c_str(), i == u.step)) {
      goToStep(s, i, true);
      u.editing = i;
    }
    if (ImGui::BeginDragDropSource()) {
      ImGui::SetDragDropPayload("STORY_STEP", &i, sizeof i);
      ImGui::Text("Move step %d", i + 1);
      ImGui::EndDragDropSource();
    }
    if (ImGui::BeginDragDropTarget()) {
      if (const ImGuiPayload* p = ImGui::AcceptDragDropPayload("STORY_STEP")) {
        moveFrom = *static_cast<const int*>(p->Data);
        moveTo = i;
      }
      ImGui::EndDragDropTarget();
    }
    if (ImGui::BeginPopupContextItem()) {
      if (ImGui::MenuItem("Delete step")) remove = i;
      ImGui::EndPopup();
    }
    ImGui::PopID();
  }
  ImGui::EndChild();
  ImGui::TextDisabled("Drag to reorder; right-click to delete.");
  if (moveFrom >= 0 && moveTo >= 0 && moveFrom != moveTo) {
    StoryStep st = std::move(u.story.steps[size_t(moveFrom)]);
    u.story.steps.erase(u.story.steps.begin() + moveFrom);
    u.story.steps.insert(u.story.steps.begin() + moveTo, std::move(st));
    u.step = moveTo;
    u.editing = moveTo;
    u.dirty = true;
  }
  if (remove >= 0 && u.story.steps.size() > 1) {
    u.story.steps.erase(u.story.steps.begin() + remove);
    u.step = std::min(u.step, int(u.story.steps.size()) - 1);
    u.editing = std::min(u.editing, int(u.story.steps.size()) - 1);
    u.dirty = true;
  }
  // The open step's fields.
  const int e = u.editing >= 0 ? u.editing : u.step;
  if (e < 0 || e >= int(u.story.steps.size())) return;
  StoryStep& st = u.story.steps[size_t(e)];
  ImGui::Separator();
  ImGui::Text("Step %d", e + 1);
  bool changed = false;
  ImGui::SetNextItemWidth(-1);
  changed |= ImGui::InputTextWithHint("##title", "title (one line)", &st.title);
  ImGui::TextDisabled("Text: **bold**, *italic*, \"- \" lists, [text](https://...)");
  changed |= ImGui::InputTextMultiline("##text", &st.text, ImVec2(-1, 7 * ImGui::GetTextLineHeight()));
  ImGui::SetNextItemWidth(140 * sc);
  changed |= ImGui::InputText("time", &st.time);
  for (size_t k = 0; k < st.sources.size(); ++k) {
    ImGui::PushID(int(k) + 1000);
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.45f);
    changed |= ImGui::InputTextWithHint("##pub", "publisher", &st.sources[k].publisher);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1);
    changed |= ImGui::InputTextWithHint("##url", "https://...", &st.sources[k].url);
    ImGui::PopID();
  }
  if (ImGui::SmallButton("+ source")) {
    st.sources.push_back({"https://", "", "", ""});
    changed = true;
  }
  ImGui::SameLine();
  if (ImGui::SmallButton("Use current view")) {
    StoryStep now = stepFromState(s);
    st.time = now.time;
    st.mode = now.mode;
    st.window = now.window;
    st.bbox = now.bbox;
    st.hasBbox = now.hasBbox;
    st.select = now.select;
    st.layers = now.layers;
    st.hasLayers = now.hasLayers;
    st.hasFilters = now.hasFilters;
    st.filters = now.filters;
    changed = true;
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Replace this step's time, mode, view, selection, layers and filters with the current ones");
  if (changed) {
    u.dirty = true;
  }
  const std::vector<std::string> probs = validateStep(st);
  for (const std::string& p : probs) ImGui::TextColored(ImVec4(0.75f, 0.35f, 0, 1), "%s", p.c_str());
  ImGui::Separator();
  ImGui::TextDisabled("Preview");
  ImGui::PushTextWrapPos(0.0f);
  for (const TextBlock& b : parseStoryText(st.text)) {
    if (b.listItem) ImGui::Bullet();
    bool first = true;
    for (const TextRun& r : b.runs) {
      if (!first) ImGui::SameLine(0, 0);
      first = false;
      ImGui::PushFont(r.bold && f.bold ? f.bold : r.italic && f.italic ? f.italic : f.regular);
      if (!r.url.empty()) ImGui::TextColored(ImVec4(0, 0.33f, 0.65f, 1), "%s", r.text.c_str());
      else ImGui::TextUnformatted(r.text.c_str());
      ImGui::PopFont();
    }
  }
  ImGui::PopTextWrapPos();
}

// --- dialogs ---------------------------------------------------------------------------------------
void drawStoryWindows(AppState& s, const UiFonts&) {
  const float sc = scale();
  // Save project as.
  if (s.saveProjectAs) {
    ImGui::OpenPopup("Save project as");
    s.saveProjectAs = false;
    if (s.saveAsPath.empty()) s.saveAsPath = s.projectPath.empty() ? "untitled.chronomap" : s.projectPath;
  }
  ImGui::SetNextWindowSize(ImVec2(520 * sc, 0), ImGuiCond_Appearing);
  if (ImGui::BeginPopupModal("Save project as", nullptr, ImGuiWindowFlags_NoSavedSettings)) {
    ImGui::TextWrapped("The project keeps the sources, the view, the time, the filters, the layers and the story.");
    ImGui::SetNextItemWidth(-1);
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    const bool enter = ImGui::InputText("##path", &s.saveAsPath, ImGuiInputTextFlags_EnterReturnsTrue);
    if (ImGui::Button("Save") || enter) {
      std::string path = s.saveAsPath;
      if (!isProjectFile(path)) path += ".chronomap";
      if (saveProjectNow(s, path)) {
        ImGui::CloseCurrentPopup();
        if (s.quitPrompt) s.quitConfirmed = true;
      }
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
    if (!s.statusMessage.empty() && s.statusMessage.rfind("Project not saved", 0) == 0) ImGui::TextWrapped("%s", s.statusMessage.c_str());
    ImGui::EndPopup();
  }
  if (s.saveProjectRequest) {
    s.saveProjectRequest = false;
    if (s.projectPath.empty()) ImGui::OpenPopup("Save project as");
    else saveProjectNow(s, s.projectPath);
  }
  // Export image.
  if (s.exportImageRequest) {
    ImGui::OpenPopup("Export image");
    s.exportImageRequest = false;
  }
  ImGui::SetNextWindowSize(ImVec2(520 * sc, 0), ImGuiCond_Appearing);
  if (ImGui::BeginPopupModal("Export image", nullptr, ImGuiWindowFlags_NoSavedSettings)) {
    ImGui::TextWrapped("The current view as a presentation image: the map with its legend, the date, a title and the attributions.");
    ImGui::SetNextItemWidth(-1);
    ImGui::InputText("##exportpath", &s.exportPath);
    const char* sizes[] = {"1280 x 720", "1920 x 1080", "2560 x 1440", "3840 x 2160"};
    const int ws[] = {1280, 1920, 2560, 3840}, hs[] = {720, 1080, 1440, 2160};
    int cur = 1;
    for (int i = 0; i < 4; ++i)
      if (ws[i] == s.exportW && hs[i] == s.exportH) cur = i;
    ImGui::SetNextItemWidth(200 * sc);
    if (ImGui::Combo("size", &cur, sizes, 4)) {
      s.exportW = ws[cur];
      s.exportH = hs[cur];
    }
    if (ImGui::Button("Export")) {
      s.exportNow = true;
      ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("Close")) ImGui::CloseCurrentPopup();
    if (!s.exportMessage.empty()) ImGui::TextWrapped("%s", s.exportMessage.c_str());
    ImGui::EndPopup();
  }
  // Quit with unsaved changes.
  if (s.quitPrompt && !ImGui::IsPopupOpen("Save changes?") && !ImGui::IsPopupOpen("Save project as")) ImGui::OpenPopup("Save changes?");
  ImGui::SetNextWindowSize(ImVec2(460 * sc, 0), ImGuiCond_Appearing);
  if (ImGui::BeginPopupModal("Save changes?", nullptr, ImGuiWindowFlags_NoSavedSettings)) {
    std::string what = s.storyUi.dirty ? "the story" : "";
    if (s.projectDirty) what += std::string(what.empty() ? "" : " and ") + "the project";
    ImGui::TextWrapped("There are unsaved changes to %s. Save them before quitting?", what.c_str());
    if (ImGui::Button("Save")) {
      bool ok = true;
      if (s.storyUi.dirty && !s.storyUi.path.empty()) ok = saveStoryNow(s, s.storyUi.path);
      if (ok && (s.projectDirty || (s.storyUi.dirty && s.storyUi.path.empty()))) {
        if (s.projectPath.empty()) {
          ImGui::CloseCurrentPopup();
          s.saveProjectAs = true;  // quits after Save As (quitPrompt stays set)
          ok = false;
        } else {
          ok = saveProjectNow(s, s.projectPath);
        }
      }
      if (ok) {
        s.quitConfirmed = true;
        ImGui::CloseCurrentPopup();
      }
    }
    ImGui::SameLine();
    if (ImGui::Button("Discard")) {
      s.quitConfirmed = true;
      ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) {
      s.quitPrompt = false;
      ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
  }
}

}  // namespace app
