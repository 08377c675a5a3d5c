// The panel under the map: a tab bar ("Timeline" | "Events") over the timeline panel or the events
// list, a table of the filtered events that sorts by any column, follows the playhead, selects on
// click and stays smooth with a million rows (only the visible rows are submitted: a list clipper).
// Sections: rows; the list; the bottom panel.
#include <algorithm>
#include <cstdio>
#include <numeric>

#include <imgui.h>

#include "app/filters.hpp"
#include "app/loading.hpp"
#include "app/panels.hpp"
#include "app/theme.hpp"
#include "app/ui_util.hpp"

namespace app {

using namespace ui;

namespace {
// --- rows ------------------------------------------------------------------------------------------
const char* kColumns[] = {"Date", "Title", "Place", "Category", "Deaths", "Source"};

std::string sourceOf(const geo::EventStore& ev, size_t i) {
  const std::vector<geo::Source> src = ev.sources(i);
  if (src.empty()) return std::string();
  return src.front().publisher.empty() ? src.front().url : src.front().publisher;
}

void buildRows(AppState& s) {
  EventsListUi& L = s.list;
  const auto& ev = s.data.events;
  if (L.builtGen == s.filtered.generation && L.builtRev == ev.revision() &&
      L.builtColumn == L.sortColumn && L.builtAscending == L.ascending)
    return;
  L.builtGen = s.filtered.generation;
  L.builtRev = ev.revision();
  L.builtColumn = L.sortColumn;
  L.builtAscending = L.ascending;
  L.rows.clear();
  L.rows.reserve(s.filtered.passCount);
  for (size_t i = 0; i < ev.size(); ++i)
    if (passesFilters(s, i)) L.rows.push_back(uint32_t(i));
  auto key = [&](auto f) {
    std::stable_sort(L.rows.begin(), L.rows.end(), [&](uint32_t a, uint32_t b) { return f(a) < f(b); });
  };
  switch (L.sortColumn) {
    case 1: key([&](uint32_t i) { return ev.title(i); }); break;
    case 2: key([&](uint32_t i) { return ev.place(i); }); break;
    case 3: key([&](uint32_t i) { return ev.category(i); }); break;
    case 4: key([&](uint32_t i) { return ev.fatalitiesBest(i); }); break;
    case 5: {
      // One source text per row, computed once (not twice per comparison).
      std::vector<std::string> src(ev.size());
      for (uint32_t i : L.rows) src[i] = sourceOf(ev, i);
      key([&](uint32_t i) { return std::string_view(src[i]); });
      break;
    }
    default: break;  // events are kept sorted by time already
  }
  if (!L.ascending) std::reverse(L.rows.begin(), L.rows.end());
}

// --- the list --------------------------------------------------------------------------------------
void drawEventsList(AppState& s, const Rect& r) {
  EventsListUi& L = s.list;
  buildRows(s);
  placeWindow(r);
  ImGui::Begin("Events list", nullptr, kPanelFlags | ImGuiWindowFlags_NoScrollbar);
  ImGui::TextUnformatted(filterSummary(s).c_str());
  ImGui::SameLine();
  ImGui::Checkbox("Follow the playhead", &L.followPlayhead);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Scroll to the current date while sorted by date");
  const ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg |
                                ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_Resizable | ImGuiTableFlags_Reorderable |
                                ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable("events", 6, flags, ImVec2(0, ImGui::GetContentRegionAvail().y))) {
    ImGui::End();
    return;
  }
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn(kColumns[0], ImGuiTableColumnFlags_DefaultSort | ImGuiTableColumnFlags_PreferSortAscending, 1.2f);
  ImGui::TableSetupColumn(kColumns[1], 0, 3.0f);
  ImGui::TableSetupColumn(kColumns[2], 0, 1.6f);
  ImGui::TableSetupColumn(kColumns[3], 0, 1.5f);
  ImGui::TableSetupColumn(kColumns[4], ImGuiTableColumnFlags_PreferSortDescending, 0.6f);
  ImGui::TableSetupColumn(kColumns[5], 0, 1.4f);
  ImGui::TableHeadersRow();
  if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs()) {
    if (specs->SpecsDirty && specs->SpecsCount > 0) {
      L.sortColumn = specs->Specs[0].ColumnIndex;
      L.ascending = specs->Specs[0].SortDirection != ImGuiSortDirection_Descending;
      specs->SpecsDirty = false;
      buildRows(s);
    }
  }
  const float rowH = ImGui::GetTextLineHeightWithSpacing();
  // Scroll to a selection made elsewhere; otherwise, sorted by date, follow the playhead.
  int scrollTo = -1;
  if (s.selected != L.lastSelected) {
    L.lastSelected = s.selected;
    if (s.selected >= 0) {
      const auto it = std::find(L.rows.begin(), L.rows.end(), uint32_t(s.selected));
      if (it != L.rows.end()) scrollTo = int(it - L.rows.begin());
    }
  } else if (L.followPlayhead && L.sortColumn == 0 && s.playhead != L.lastPlayhead) {
    const auto& ev = s.data.events;
    const auto it = std::partition_point(L.rows.begin(), L.rows.end(), [&](uint32_t i) {
      return L.ascending ? ev.first(i) <= s.playhead : ev.first(i) > s.playhead;
    });
    scrollTo = std::max(0, int(it - L.rows.begin()) - (L.ascending ? 1 : 0));
  }
  L.lastPlayhead = s.playhead;
  if (scrollTo >= 0) {
    const float visible = ImGui::GetWindowHeight() - rowH * 2;
    const float y = float(scrollTo) * rowH;
    if (y < ImGui::GetScrollY() || y > ImGui::GetScrollY() + visible) ImGui::SetScrollY(std::max(0.0f, y - visible * 0.5f));
  }
  ImGuiListClipper clipper;
  clipper.Begin(int(L.rows.size()), rowH);
  while (clipper.Step()) {
    for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
      const uint32_t i = L.rows[size_t(row)];
      const geo::EventStore& ev = s.data.events;
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      char id[32];
      std::snprintf(id, sizeof id, "##row%u", i);
      const bool current = ev.first(i) <= s.playhead && ev.last(i) >= s.playhead;
      if (ImGui::Selectable(id, int(i) == s.selected, ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowItemOverlap))
        s.commands.push_back({CommandKind::Select, int(i)});
      if (ImGui::IsItemHovered()) s.hovered = int(i);
      ImGui::SameLine(0, 0);
      const std::string date = ev.dateLabel(i);
      if (current) ImGui::TextColored(ImVec4(0.8f, 0.1f, 0.1f, 1), "%s", date.c_str());
      else ImGui::TextUnformatted(date.c_str());
      ImGui::TableSetColumnIndex(1);
      textView(ev.title(i));
      ImGui::TableSetColumnIndex(2);
      ImGui::TextUnformatted(ev.placeLabel(i, s.altNamesFirst).c_str());
      ImGui::TableSetColumnIndex(3);
      const std::string cat(ev.category(i));
      ImGui::TextColored(col4(categoryColor(cat)), "\xe2\x97\x8f");
      ImGui::SameLine();
      ImGui::TextUnformatted(categoryLabel(cat).c_str());
      ImGui::TableSetColumnIndex(4);
      if (ev.fatalitiesBest(i) >= 0) ImGui::TextUnformatted(withThousands(ev.fatalitiesBest(i)).c_str());
      else ImGui::TextDisabled("-");
      ImGui::TableSetColumnIndex(5);
      ImGui::TextUnformatted(sourceOf(ev, i).c_str());
    }
  }
  ImGui::EndTable();
  ImGui::End();
}
}  // namespace

// --- the bottom panel ------------------------------------------------------------------------------
void drawBottomPanel(AppState& s, const UiFonts& f) {
  const Rect full = s.timelineRect;
  const float tabH = std::round(ImGui::GetFrameHeight() + 4 * scale());
  placeWindow({full.x, full.y, full.w, tabH});
  // A strip lower than ImGui's minimum window size (32 px): without this it would overlap the
  // timeline's top and take its clicks.
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(8 * scale(), 3 * scale()));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowMinSize, ImVec2(1, 1));
  ImGui::Begin("Bottom tabs", nullptr, kPanelFlags | kFlatPanel | ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
  ImGui::PopStyleVar(2);
  if (ImGui::BeginTabBar("bottomtabs")) {
    if (ImGui::BeginTabItem("Timeline")) {
      s.bottomTab = 0;
      ImGui::EndTabItem();
    }
    const std::string events = "Events (" + withThousands(int64_t(s.filtered.passCount)) + ")###events";
    if (ImGui::BeginTabItem(events.c_str())) {
      s.bottomTab = 1;
      ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
  }
  ImGui::End();
  s.timelineRect = {full.x, full.y + tabH, full.w, full.h - tabH};
  // The timeline's lanes follow the data and the filters in both tabs (the playhead stepping keys work
  // with the Events tab open too); prepareTimeline rebuilds only when either changed.
  prepareTimeline(s);
  buildRows(s);  // list_rows is reported in both tabs
  if (s.bottomTab == 1) {
    drawEventsList(s, s.timelineRect);
  } else {
    drawTimelinePanel(s, f);
  }
}

}  // namespace app
