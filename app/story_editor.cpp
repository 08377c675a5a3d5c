// The story editor and the project/story dialogs. Sections: steps from the state; saving; the Story
// menu; the Story tab (list with drag-to-reorder, the step's fields); dialogs (Save As, export image,
// the quit prompt).
#include <algorithm>
#include <cstdio>

#include <GLFW/glfw3.h>  // key codes
#include <imgui.h>
#include <imgui_stdlib.h>

#include "app/export.hpp"
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
    if (s.highlight[i]) st.highlight.push_back(std::string(s.data.events.id(i)));
  if (s.selected >= 0 && size_t(s.selected) < s.data.events.size()) st.select = std::string(s.data.events.id(size_t(s.selected)));
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

void requestSave(AppState& s) {
  if (!s.projectPath.empty()) {
    s.saveProjectRequest = true;
  } else if (s.storyUi.loaded && !s.storyUi.path.empty()) {
    saveStoryNow(s, s.storyUi.path);
    s.statusMessage = s.storyUi.message;
  } else {
    s.saveProjectAs = true;
  }
}

void recordWidget(AppState& s, const std::string& name) {
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  s.widgets.push_back({name, Rect{a.x, a.y, b.x - a.x, b.y - a.y}});
}

void recordWidgetRect(AppState& s, const std::string& name, const Rect& r) { s.widgets.push_back({name, r}); }

namespace {
// Adds what the map and timeline show now as a step after the current one (a new story when none is
// loaded) and opens it in the editor.
void addCurrentViewAsStep(AppState& s) {
  StoryUi& u = s.storyUi;
  if (!u.loaded) {
    Story st;
    st.title = "New story";
    st.steps.push_back(stepFromState(s));
    setStory(s, std::move(st), "", 0);
    u.editing = 0;
    u.dirty = true;
    return;
  }
  const int at = u.step >= 0 ? u.step + 1 : int(u.story.steps.size());
  u.story.steps.insert(u.story.steps.begin() + at, stepFromState(s));
  u.step = at;
  u.editing = at;
  u.dirty = true;
}
}  // namespace

void startNewStory(AppState& s) {
  Story st;
  st.title = "New story";
  st.steps.push_back(stepFromState(s));
  setStory(s, std::move(st), "", 0);
  s.storyUi.dirty = true;
}

void closeStory(AppState& s) {
  s.storyUi = StoryUi{};
  s.highlight.clear();
}

// --- the Story menu --------------------------------------------------------------------------------
void drawStoryMenu(AppState& s) {
  StoryUi& u = s.storyUi;
  const bool open = ImGui::BeginMenu("Story");
  recordWidget(s, "menu.story");
  if (!open) return;
  if (ImGui::MenuItem("Present", "F5")) {
    s.keyPresses.push_back({GLFW_KEY_F5, 0});
  }
  ImGui::Separator();
  const bool newStory = ImGui::MenuItem("New story");
  recordWidget(s, "menu.story.new");
  if (newStory) {
    // Unsaved edits to the story in hand: "Save changes?" first.
    if (u.dirty) s.storyAfterPrompt = AppState::StoryAfterPrompt::New;
    else startNewStory(s);
  }
  if (ImGui::MenuItem("Add current view as a step")) addCurrentViewAsStep(s);
  const bool has = u.loaded && !u.story.steps.empty();
  if (ImGui::MenuItem("Next step", "PgDn (presenting)", false, has)) goToStep(s, u.step + 1, true);
  if (ImGui::MenuItem("Previous step", "PgUp (presenting)", false, has)) goToStep(s, u.step - 1, true);
  ImGui::Separator();
  if (ImGui::MenuItem("Save story", nullptr, false, u.loaded && !u.path.empty())) saveStoryNow(s, u.path);
  const bool close = ImGui::MenuItem("Close story", nullptr, false, u.loaded);
  recordWidget(s, "menu.story.close");
  if (close) {
    if (u.dirty) s.storyAfterPrompt = AppState::StoryAfterPrompt::Close;
    else closeStory(s);
  }
  ImGui::EndMenu();
}

// --- the Story tab ---------------------------------------------------------------------------------
namespace {
const char* const kModes[] = {"cumulative", "window", "all"};
const char* const kModeLabels[] = {"cumulative: everything up to the time", "window: a span before the time",
                                   "all: every event"};

// A field's label in the left column; the control follows on the same line.
void fieldLabel(const char* text, float labelW) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(text);
  ImGui::SameLine(labelW);
}

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& x : v) out += (out.empty() ? "" : ", ") + x;
  return out;
}

std::string stepFiltersSummary(const StoryStep& st) {
  const std::string none = "none (every event is shown)";
  if (!st.hasFilters) return none;
  const StoryFilters& f = st.filters;
  std::string out;
  auto add = [&](const std::string& part) { out += (out.empty() ? "" : "; ") + part; };
  if (!f.text.empty()) add("text \"" + f.text + "\"");
  if (!f.categories.empty()) add("categories: " + joined(f.categories));
  if (!f.countries.empty()) add("countries: " + joined(f.countries));
  if (!f.actors.empty()) add("actors: " + joined(f.actors));
  if (f.minFatalities > 0) add("at least " + std::to_string(f.minFatalities) + " deaths");
  if (!f.minPrecision.empty() && f.minPrecision != "year") add("dates known to the " + f.minPrecision);
  return out.empty() ? none : out;
}

// The map's highlight rings follow the step being edited when it is the current one.
void showStepHighlight(AppState& s, const StoryStep& st) {
  s.highlight.assign(s.data.events.size(), 0);
  for (const std::string& id : st.highlight) {
    const int k = s.data.findEvent(id);
    if (k >= 0) s.highlight[size_t(k)] = 1;
  }
}

// A removable chip ("id ×"), wrapped onto a new line when it does not fit; true when clicked.
bool chip(const std::string& text, bool first) {
  const std::string label = text + "  \xc3\x97";
  const ImGuiStyle& st = ImGui::GetStyle();
  const float w = ImGui::CalcTextSize(label.c_str()).x + st.FramePadding.x * 2;
  if (!first) {
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    if (ImGui::GetItemRectMax().x + st.ItemSpacing.x + w <= right) ImGui::SameLine();
  }
  ImGui::PushStyleVar(ImGuiStyleVar_FrameRounding, ImGui::GetFontSize());
  ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.80f, 0.88f, 0.96f, 1));
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(0.93f, 0.80f, 0.76f, 1));
  ImGui::PushStyleColor(ImGuiCol_ButtonActive, ImVec4(0.88f, 0.68f, 0.62f, 1));
  ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.08f, 0.08f, 0.08f, 1));
  const bool clicked = ImGui::SmallButton(label.c_str());
  ImGui::PopStyleColor(4);
  ImGui::PopStyleVar();
  return clicked;
}
}  // namespace

void drawStoryTab(AppState& s, const UiFonts& f) {
  StoryUi& u = s.storyUi;
  const float sc = scale();
  if (!u.loaded) {
    ImGui::TextWrapped("No story is loaded. Start with --story FILE, or make one here from what the map and timeline show.");
    if (ImGui::Button("New story from the current view")) addCurrentViewAsStep(s);
    recordWidget(s, "story.new");
    return;
  }
  ImGui::PushFont(f.bold ? f.bold : f.regular);
  ImGui::TextWrapped("%s", u.story.title.c_str());
  ImGui::PopFont();
  ImGui::TextDisabled("Step %d of %zu%s", u.step + 1, u.story.steps.size(), u.dirty ? "  \xe2\x80\x94 unsaved changes" : "");
  if (ImGui::Button("Present (F5)")) s.keyPresses.push_back({GLFW_KEY_F5, 0});
  recordWidget(s, "story.present");
  ImGui::SameLine();
  if (ImGui::Button("+ Add view")) addCurrentViewAsStep(s);
  recordWidget(s, "story.add");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Add what the map and timeline show now as a step after the current one");
  ImGui::SameLine();
  if (ImGui::Button("Save")) {
    if (!u.path.empty()) saveStoryNow(s, u.path);
    else if (!s.projectPath.empty()) saveProjectNow(s, s.projectPath);
    else s.saveProjectAs = true;  // a new story goes inline into a new project
  }
  recordWidget(s, "story.save");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("%s", u.path.empty() ? "Save the story inside the project (Ctrl+S)" : ("Save to " + u.path + " (Ctrl+S)").c_str());
  if (!u.message.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("%s", u.message.c_str());
    ImGui::PopTextWrapPos();
  }
  ImGui::Spacing();
  // The steps: click to open, drag to reorder.
  int moveFrom = -1, moveTo = -1, remove = -1;
  const float rowH = ImGui::GetTextLineHeightWithSpacing();
  const float listH = std::min(std::max(ImGui::GetContentRegionAvail().y * 0.32f, 5 * rowH),
                               float(u.story.steps.size()) * rowH + ImGui::GetStyle().WindowPadding.y * 2);
  ImGui::BeginChild("##steps", ImVec2(0, listH), true);
  for (int i = 0; i < int(u.story.steps.size()); ++i) {
    ImGui::PushID(i);
    const std::string label = std::to_string(i + 1) + ".  " + u.story.steps[size_t(i)].title;
    if (ImGui::Selectable(label.c_str(), i == u.step)) {
      goToStep(s, i, true);
      u.editing = i;
    }
    recordWidget(s, "story.row." + std::to_string(i + 1));
    if (ImGui::IsItemHovered() && !ImGui::GetDragDropPayload())
      ImGui::SetTooltip("%s", u.story.steps[size_t(i)].title.c_str());
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
      if (ImGui::MenuItem("Delete step", nullptr, false, u.story.steps.size() > 1)) remove = i;
      ImGui::EndPopup();
    }
    ImGui::PopID();
  }
  ImGui::EndChild();
  ImGui::TextDisabled("Click a step to show it; drag to reorder.");
  if (moveFrom >= 0 && moveTo >= 0 && moveFrom != moveTo) {
    StoryStep st = std::move(u.story.steps[size_t(moveFrom)]);
    u.story.steps.erase(u.story.steps.begin() + moveFrom);
    u.story.steps.insert(u.story.steps.begin() + moveTo, std::move(st));
    // The current and the edited step stay the same steps.
    auto follow = [&](int k) {
      if (k == moveFrom) return moveTo;
      if (moveFrom < k && k <= moveTo) return k - 1;
      if (moveTo <= k && k < moveFrom) return k + 1;
      return k;
    };
    u.step = follow(u.step);
    u.editing = moveTo;
    u.dirty = true;
  }
  // The open step's fields.
  const int e = u.editing >= 0 ? u.editing : u.step;
  if (e < 0 || e >= int(u.story.steps.size())) return;
  StoryStep& st = u.story.steps[size_t(e)];
  ImGui::Separator();
  ImGui::AlignTextToFramePadding();
  ImGui::PushFont(f.bold ? f.bold : f.regular);
  ImGui::Text("Step %d", e + 1);
  ImGui::PopFont();
  {
    const char* del = "Delete step";
    const float w = ImGui::CalcTextSize(del).x + ImGui::GetStyle().FramePadding.x * 2;
    ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - w);
    ImGui::BeginDisabled(u.story.steps.size() <= 1);
    if (ImGui::Button(del)) remove = e;
    ImGui::EndDisabled();
    recordWidget(s, "story.delete");
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
      ImGui::SetTooltip("%s", u.story.steps.size() <= 1 ? "A story keeps at least one step" : "Remove this step from the story");
  }
  const float labelW = 78 * sc;
  bool changed = false;
  fieldLabel("Title", labelW);
  ImGui::SetNextItemWidth(-1);
  changed |= ImGui::InputTextWithHint("##title", "one line, about 50 characters", &st.title);
  recordWidget(s, "story.title");
  fieldLabel("Text", labelW);
  ImGui::TextDisabled("**bold**  *italic*  - list  [text](https://...)");
  changed |= ImGui::InputTextMultiline("##text", &st.text, ImVec2(-1, 6 * ImGui::GetTextLineHeight()));
  recordWidget(s, "story.text");
  fieldLabel("Time", labelW);
  ImGui::SetNextItemWidth(170 * sc);
  changed |= ImGui::InputTextWithHint("##time", "2022-09-14", &st.time);
  recordWidget(s, "story.time");
  // Mode and window.
  fieldLabel("Mode", labelW);
  {
    int m = 0;
    for (int k = 0; k < 3; ++k)
      if (st.mode == kModes[k]) m = k;
    ImGui::SetNextItemWidth(st.mode == "window" ? 130 * sc : -1);
    const bool open = ImGui::BeginCombo("##mode", kModes[m]);
    recordWidget(s, "story.mode");
    if (open) {
      for (int k = 0; k < 3; ++k) {
        if (ImGui::Selectable(kModeLabels[k], k == m) && k != m) {
          st.mode = kModes[k];
          if (st.mode == "window" && st.window.empty()) st.window = "30d";
          changed = true;
        }
        recordWidget(s, std::string("story.mode.") + kModes[k]);
      }
      ImGui::EndCombo();
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", kModeLabels[m]);
    if (st.mode == "window") {
      ImGui::SameLine();
      ImGui::AlignTextToFramePadding();
      ImGui::TextUnformatted("window");
      ImGui::SameLine();
      ImGui::SetNextItemWidth(-1);
      changed |= ImGui::InputTextWithHint("##window", "14d, 6mo, 1y", &st.window);
      recordWidget(s, "story.window");
    }
  }
  // View.
  fieldLabel("View", labelW);
  if (st.hasBbox)
    ImGui::TextDisabled("%.2f, %.2f  to  %.2f, %.2f", st.bbox.minX, st.bbox.minY, st.bbox.maxX, st.bbox.maxY);
  else
    ImGui::TextDisabled("not set");
  ImGui::SetCursorPosX(labelW);
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
  recordWidget(s, "story.use_view");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Replace this step's time, mode, view, selection, layers and filters with the current ones");
  // Highlight: chips, and the current selection added.
  fieldLabel("Highlight", labelW);
  {
    ImGui::BeginGroup();
    int drop = -1;
    for (int k = 0; k < int(st.highlight.size()); ++k) {
      ImGui::PushID(k + 2000);
      if (chip(st.highlight[size_t(k)], k == 0)) drop = k;
      recordWidget(s, "story.highlight." + std::to_string(k + 1));
      if (ImGui::IsItemHovered()) {
        const int ev = s.data.findEvent(st.highlight[size_t(k)]);
        const std::string title = ev >= 0 ? std::string(s.data.events.title(size_t(ev))) : std::string("not in the loaded data");
        ImGui::SetTooltip("%s\nClick to remove", title.c_str());
      }
      ImGui::PopID();
    }
    if (st.highlight.empty()) ImGui::TextDisabled("nothing highlighted");
    const bool hasSel = s.selected >= 0 && size_t(s.selected) < s.data.events.size();
    const std::string selId = hasSel ? std::string(s.data.events.id(size_t(s.selected))) : std::string();
    const bool already = hasSel && std::find(st.highlight.begin(), st.highlight.end(), selId) != st.highlight.end();
    ImGui::BeginDisabled(!hasSel || already);
    if (ImGui::SmallButton("+ Use current selection")) {
      st.highlight.push_back(selId);
      changed = true;
    }
    ImGui::EndDisabled();
    recordWidget(s, "story.use_selection");
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
      ImGui::SetTooltip("%s", !hasSel ? "Select an event on the map, the timeline or the list first"
                              : already ? "The selected event is already highlighted"
                                        : ("Highlight " + std::string(s.data.events.title(size_t(s.selected)))).c_str());
    ImGui::EndGroup();
    if (drop >= 0) {
      st.highlight.erase(st.highlight.begin() + drop);
      changed = true;
    }
  }
  // Filters.
  fieldLabel("Filters", labelW);
  {
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("%s", stepFiltersSummary(st).c_str());
    ImGui::PopTextWrapPos();
    if (ImGui::SmallButton("Use current filters")) {
      const StoryStep now = stepFromState(s);
      st.hasFilters = now.hasFilters;
      st.filters = now.filters;
      changed = true;
    }
    recordWidget(s, "story.use_filters");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("The step shows the events that the current filters and search let through");
    if (st.hasFilters) {
      ImGui::SameLine();
      if (ImGui::SmallButton("Clear")) {
        st.hasFilters = false;
        st.filters = StoryFilters{};
        changed = true;
      }
      recordWidget(s, "story.clear_filters");
    }
    ImGui::EndGroup();
  }
  // Sources.
  fieldLabel("Sources", labelW);
  {
    ImGui::BeginGroup();
    int dropSource = -1;
    for (size_t k = 0; k < st.sources.size(); ++k) {
      ImGui::PushID(int(k) + 1000);
      const float x = ImGui::GetCursorPosX();
      const float avail = ImGui::GetContentRegionAvail().x - (st.sources.size() > 1 ? ImGui::GetFrameHeight() + 4 * sc : 0);
      ImGui::SetNextItemWidth(avail * 0.4f);
      changed |= ImGui::InputTextWithHint("##pub", "publisher", &st.sources[k].publisher);
      ImGui::SameLine(0, 4 * sc);
      ImGui::SetNextItemWidth(avail * 0.6f - 4 * sc);
      changed |= ImGui::InputTextWithHint("##url", "https://...", &st.sources[k].url);
      if (st.sources.size() > 1) {
        ImGui::SameLine(0, 4 * sc);
        if (ImGui::Button("\xc3\x97", ImVec2(ImGui::GetFrameHeight(), 0))) dropSource = int(k);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Remove this source");
      }
      ImGui::SetCursorPosX(x);
      ImGui::PopID();
    }
    if (ImGui::SmallButton("+ Source")) {
      st.sources.push_back({"https://", "", "", ""});
      changed = true;
    }
    ImGui::EndGroup();
    if (dropSource >= 0) {
      st.sources.erase(st.sources.begin() + dropSource);
      changed = true;
    }
  }
  if (changed) {
    u.dirty = true;
    validateStep(st);  // the parsed time and window follow the text
    if (e == u.step) {
      showStepHighlight(s, st);
      if (st.mode == "window" && st.windowS > 0) {
        s.mode = TimeMode::Window;
        s.windowS = st.windowS;
      } else if (st.mode == "all") {
        s.mode = TimeMode::All;
      } else if (st.mode == "cumulative") {
        s.mode = TimeMode::Cumulative;
      }
    }
  }
  const std::vector<std::string> probs = validateStep(st);
  if (!probs.empty()) {
    ImGui::Spacing();
    ImGui::PushTextWrapPos(0.0f);
    for (const std::string& p : probs) ImGui::TextColored(ImVec4(0.70f, 0.30f, 0, 1), "%s", p.c_str());
    ImGui::PopTextWrapPos();
  }
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
  // Deleting last: the fields above drew the step that goes.
  if (remove >= 0 && u.story.steps.size() > 1) {
    u.story.steps.erase(u.story.steps.begin() + remove);
    if (u.step > remove) --u.step;
    u.step = std::min(u.step, int(u.story.steps.size()) - 1);
    u.editing = std::min(remove, int(u.story.steps.size()) - 1);
    u.dirty = true;
  }
}

// --- dialogs ---------------------------------------------------------------------------------------
namespace {
// Something waits for "Save changes?": quitting, opening a project, or closing or replacing the story.
bool promptPending(const AppState& s) {
  return s.quitPrompt || !s.openAfterPrompt.empty() || s.storyAfterPrompt != AppState::StoryAfterPrompt::None;
}

// "Save changes?" was answered with Save (done) or Discard: the story action, quit, or open the
// project that waited.
void promptAnswered(AppState& s) {
  if (s.storyAfterPrompt != AppState::StoryAfterPrompt::None) {
    if (s.storyAfterPrompt == AppState::StoryAfterPrompt::New) startNewStory(s);
    else closeStory(s);
    s.storyAfterPrompt = AppState::StoryAfterPrompt::None;
  } else if (s.quitPrompt) {
    s.quitConfirmed = true;
  } else if (!s.openAfterPrompt.empty()) {
    s.openProjectRequest = s.openAfterPrompt;
    s.openAfterPrompt.clear();
    s.openConfirmed = true;
  }
}

// Buttons of one width, right-aligned in the window: returns the index clicked, -1 for none.
int buttonRow(AppState& s, const char* const* labels, const char* const* names, int n) {
  const ImGuiStyle& st = ImGui::GetStyle();
  float w = 90 * scale();
  for (int i = 0; i < n; ++i) w = std::max(w, ImGui::CalcTextSize(labels[i]).x + st.FramePadding.x * 4);
  const float total = w * float(n) + st.ItemSpacing.x * float(n - 1);
  ImGui::SetCursorPosX(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - total));
  int hit = -1;
  for (int i = 0; i < n; ++i) {
    if (i > 0) ImGui::SameLine();
    if (ImGui::Button(labels[i], ImVec2(w, 0))) hit = i;
    recordWidget(s, names[i]);
  }
  return hit;
}

std::string baseName(const std::string& path) {
  const size_t k = path.find_last_of('/');
  return k == std::string::npos ? path : path.substr(k + 1);
}
}  // namespace

void drawStoryWindows(AppState& s, const UiFonts&) {
  const float sc = scale();
  s.prompt.clear();
  const ImVec2 centre = ImGui::GetMainViewport()->GetCenter();
  // Save project as.
  if (s.saveProjectAs) {
    ImGui::OpenPopup("Save project as");
    s.saveProjectAs = false;
    if (s.saveAsPath.empty()) s.saveAsPath = s.projectPath.empty() ? "untitled.chronomap" : s.projectPath;
  }
  ImGui::SetNextWindowSize(ImVec2(560 * sc, 0), ImGuiCond_Appearing);
  ImGui::SetNextWindowPos(centre, ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  // Fields with a border: the light theme's white fields would vanish on the white dialog.
  ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 1.0f);
  const bool saveAsOpen = ImGui::BeginPopupModal("Save project as", nullptr, ImGuiWindowFlags_NoSavedSettings);
  if (saveAsOpen) {
    s.prompt = "save-as";
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted("The project keeps the sources, the view, the time, the filters, the layers and the story.");
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("File");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1);
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    const bool enter = ImGui::InputTextWithHint("##path", "folder/name.chronomap", &s.saveAsPath,
                                                ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_AutoSelectAll);
    recordWidget(s, "saveas.path");
    if (!s.statusMessage.empty() && s.statusMessage.rfind("Project not saved", 0) == 0) {
      ImGui::PushTextWrapPos(0.0f);
      ImGui::TextColored(ImVec4(0.70f, 0.20f, 0.10f, 1), "%s", s.statusMessage.c_str());
      ImGui::PopTextWrapPos();
    }
    ImGui::Spacing();
    const char* labels[] = {"Save", "Cancel"};
    const char* names[] = {"saveas.save", "saveas.cancel"};
    const int hit = buttonRow(s, labels, names, 2);
    if (hit == 0 || enter) {
      std::string path = s.saveAsPath;
      if (!isProjectFile(path)) path += ".chronomap";
      if (saveProjectNow(s, path)) {
        ImGui::CloseCurrentPopup();
        if (promptPending(s)) promptAnswered(s);
      }
    } else if (hit == 1 || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
      ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
  }
  ImGui::PopStyleVar();
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
  ImGui::SetNextWindowSize(ImVec2(560 * sc, 0), ImGuiCond_Appearing);
  ImGui::SetNextWindowPos(centre, ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  // Fields with a border: the light theme's white fields would vanish on the white dialog.
  ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 1.0f);
  const bool exportOpen = ImGui::BeginPopupModal("Export image", nullptr, ImGuiWindowFlags_NoSavedSettings);
  if (exportOpen) {
    s.prompt = "export";
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted("The current view as a presentation image: the map with its legend, the date, a title and the attributions.");
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    const float labelW = 60 * sc;
    fieldLabel("File", labelW);
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##exportpath", "picture.png", &s.exportPath, ImGuiInputTextFlags_AutoSelectAll);
    recordWidget(s, "export.path");
    fieldLabel("Size", labelW);
    const int ws[] = {1280, 1920, 2560, 3840}, hs[] = {720, 1080, 1440, 2160};
    for (int i = 0; i < 4; ++i) {
      if (i > 0) ImGui::SameLine();
      const std::string label = std::to_string(ws[i]) + "\xc3\x97" + std::to_string(hs[i]);
      if (ImGui::RadioButton(label.c_str(), ws[i] == s.exportW && hs[i] == s.exportH)) {
        s.exportW = ws[i];
        s.exportH = hs[i];
      }
      recordWidget(s, "export.size." + std::to_string(ws[i]) + "x" + std::to_string(hs[i]));
    }
    ImGui::SetCursorPosX(labelW);
    ImGui::SetNextItemWidth(90 * sc);
    if (ImGui::InputInt("##w", &s.exportW, 0)) s.exportW = std::clamp(s.exportW, 64, kMaxExportW);
    recordWidget(s, "export.width");
    ImGui::SameLine();
    ImGui::TextUnformatted("\xc3\x97");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(90 * sc);
    if (ImGui::InputInt("##h", &s.exportH, 0)) s.exportH = std::clamp(s.exportH, 64, kMaxExportH);
    recordWidget(s, "export.height");
    ImGui::SameLine();
    ImGui::TextDisabled("pixels, up to %d\xc3\x97%d", kMaxExportW, kMaxExportH);
    if (!s.exportMessage.empty()) {
      ImGui::PushTextWrapPos(0.0f);
      ImGui::TextDisabled("%s", s.exportMessage.c_str());
      ImGui::PopTextWrapPos();
    }
    ImGui::Spacing();
    const char* labels[] = {"Export", "Close"};
    const char* names[] = {"export.export", "export.close"};
    const int hit = buttonRow(s, labels, names, 2);
    if (hit == 0) {
      s.exportNow = true;
      ImGui::CloseCurrentPopup();
    } else if (hit == 1 || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
      ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
  }
  ImGui::PopStyleVar();
  // Unsaved changes, before quitting, opening another project, or closing or replacing the story.
  const bool asking = promptPending(s);
  if (asking && !ImGui::IsPopupOpen("Save changes?") && !ImGui::IsPopupOpen("Save project as")) ImGui::OpenPopup("Save changes?");
  ImGui::SetNextWindowSize(ImVec2(480 * sc, 0), ImGuiCond_Appearing);
  ImGui::SetNextWindowPos(centre, ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  // Fields with a border: the light theme's white fields would vanish on the white dialog.
  ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 1.0f);
  const bool promptOpen = ImGui::BeginPopupModal("Save changes?", nullptr, ImGuiWindowFlags_NoSavedSettings);
  if (promptOpen) {
    s.prompt = "save-changes";
    std::string what = s.storyUi.dirty ? "the story" : "";
    if (s.projectDirty) what += std::string(what.empty() ? "" : " and ") + "the project";
    if (what.empty()) what = "the story";
    const std::string before = s.storyAfterPrompt == AppState::StoryAfterPrompt::New     ? std::string("starting a new story")
                               : s.storyAfterPrompt == AppState::StoryAfterPrompt::Close ? std::string("closing the story")
                               : s.quitPrompt ? std::string("quitting")
                                              : "opening " + baseName(s.openAfterPrompt);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::Text("There are unsaved changes to %s.", what.c_str());
    ImGui::Text("Save them before %s?", before.c_str());
    ImGui::TextDisabled("Discard loses them.");
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    const char* labels[] = {"Save", "Discard", "Cancel"};
    const char* names[] = {"prompt.save", "prompt.discard", "prompt.cancel"};
    const int hit = buttonRow(s, labels, names, 3);
    if (hit == 0) {
      bool ok = true;
      if (s.storyUi.dirty && !s.storyUi.path.empty()) ok = saveStoryNow(s, s.storyUi.path);
      if (ok && (s.projectDirty || (s.storyUi.dirty && s.storyUi.path.empty()))) {
        if (s.projectPath.empty()) {
          ImGui::CloseCurrentPopup();
          s.saveProjectAs = true;  // goes on after Save As (the request stays set)
          ok = false;
        } else {
          ok = saveProjectNow(s, s.projectPath);
        }
      }
      if (ok) {
        promptAnswered(s);
        ImGui::CloseCurrentPopup();
      }
    } else if (hit == 1) {
      promptAnswered(s);
      ImGui::CloseCurrentPopup();
    } else if (hit == 2 || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
      s.quitPrompt = false;
      s.openAfterPrompt.clear();
      s.storyAfterPrompt = AppState::StoryAfterPrompt::None;
      ImGui::CloseCurrentPopup();
    }
    if (!s.storyUi.message.empty() && s.storyUi.message.rfind("Not saved", 0) == 0) {
      ImGui::PushTextWrapPos(0.0f);
      ImGui::TextColored(ImVec4(0.70f, 0.20f, 0.10f, 1), "%s", s.storyUi.message.c_str());
      ImGui::PopTextWrapPos();
    }
    ImGui::EndPopup();
  }
  ImGui::PopStyleVar();
}

}  // namespace app
