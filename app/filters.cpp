// Filters: the rule, the mask (recomputed only when filters or data change), the Filters and Layers
// tabs. Sections: rule; mask; Filters tab; Layers tab.
#include "app/filters.hpp"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <map>

#include <imgui.h>

#include "app/loading.hpp"
#include "app/theme.hpp"
#include "app/ui_util.hpp"

namespace app {

using namespace ui;

// --- rule ------------------------------------------------------------------------------------------
std::string lowerAscii(const std::string& s) {
  std::string o(s);
  for (char& c : o)
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
  return o;
}

namespace {
bool containsLower(std::string_view hay, const std::string& lowerNeedle) {
  if (lowerNeedle.empty()) return true;
  if (hay.size() < lowerNeedle.size()) return false;
  // Compare without allocating: lower-case the haystack byte by byte.
  const size_t n = lowerNeedle.size();
  for (size_t i = 0; i + n <= hay.size(); ++i) {
    size_t k = 0;
    while (k < n) {
      char c = hay[i + k];
      if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
      if (c != lowerNeedle[k]) break;
      ++k;
    }
    if (k == n) return true;
  }
  return false;
}
}  // namespace

bool filtersActive(const Filters& f) {
  return !f.text.empty() || !f.categories.empty() || !f.countries.empty() || !f.actors.empty() || f.minFatalities > 0 ||
         f.minPrecision != geo::Precision::Year;
}

namespace {
// The filters as codes of the store's pools: a list filter becomes one flag per code.
struct CompiledFilters {
  bool anyList = false;
  std::vector<uint8_t> category, country, actor;  // empty = no restriction
  std::string lowerText;
};
std::vector<uint8_t> allowedCodes(const std::vector<std::string>& keys, const geo::StringPool& pool) {
  std::vector<uint8_t> ok;
  if (keys.empty()) return ok;
  ok.assign(std::max<size_t>(pool.size(), 1), 0);
  for (const std::string& k : keys) {
    const int64_t c = pool.find(k);
    if (c >= 0) ok[size_t(c)] = 1;
  }
  return ok;
}
bool containsLower(std::string_view hay, const std::string& lowerNeedle);
}  // namespace

// Whether event i passes (the rule behind the mask).
bool eventPasses(const Filters& f, const geo::EventStore& ev, size_t i, const std::string& lowerText) {
  if (!f.categories.empty() &&
      std::find(f.categories.begin(), f.categories.end(), ev.category(i)) == f.categories.end())
    return false;
  auto anyOf = [](const std::vector<std::string_view>& have, const std::vector<std::string>& allowed) {
    if (allowed.empty()) return true;
    for (std::string_view h : have)
      if (std::find(allowed.begin(), allowed.end(), h) != allowed.end()) return true;
    return false;
  };
  if (!anyOf(ev.countries(i), f.countries) || !anyOf(ev.actors(i), f.actors)) return false;
  if (f.minFatalities > 0 && ev.fatalitiesBest(i) < f.minFatalities) return false;
  if (int(ev.precision(i)) < int(f.minPrecision)) return false;
  if (!lowerText.empty() && !containsLower(ev.title(i), lowerText) && !containsLower(ev.description(i), lowerText) &&
      !containsLower(ev.place(i), lowerText) && !containsLower(ev.placeAlt(i), lowerText))
    return false;
  return true;
}

// --- mask ------------------------------------------------------------------------------------------
void updateFilters(AppState& s) {
  FilterResult& r = s.filtered;
  const geo::EventStore& ev = s.data.events;
  const bool dataChanged = r.builtRev != ev.revision();
  if (!dataChanged && r.builtFor == s.filters) return;
  if (dataChanged) {
    // Facets over all events, most frequent first: counted per code, named once.
    std::vector<size_t> cat(ev.categories().size()), cty(ev.countryPool().size()), act(ev.actorPool().size());
    for (size_t i = 0; i < ev.size(); ++i) {
      ++cat[ev.categoryCode(i)];
      ev.forEachCountry(i, [&](uint32_t c) { ++cty[c]; });
      ev.forEachActor(i, [&](uint32_t c) { ++act[c]; });
    }
    auto sorted = [](const std::vector<size_t>& n, const geo::StringPool& pool, bool keepEmpty) {
      std::vector<std::pair<std::string, size_t>> v;
      for (size_t k = 0; k < n.size(); ++k)
        if (n[k] && (k || keepEmpty)) v.push_back({std::string(pool.get(uint32_t(k))), n[k]});
      std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
      std::stable_sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
      return v;
    };
    r.categoryCounts = sorted(cat, ev.categories(), true);
    r.countryCounts = sorted(cty, ev.countryPool(), false);
    r.actorCounts = sorted(act, ev.actorPool(), false);
  }
  const Filters& f = s.filters;
  CompiledFilters c;
  c.category = allowedCodes(f.categories, ev.categories());
  c.country = allowedCodes(f.countries, ev.countryPool());
  c.actor = allowedCodes(f.actors, ev.actorPool());
  c.lowerText = lowerAscii(f.text);
  r.pass.assign(ev.size(), 1);
  r.passCount = 0;
  // Descriptions are stored compressed: searched in storage order, each block unpacked once.
  std::vector<uint8_t> inDescription;
  if (!c.lowerText.empty()) {
    inDescription.assign(ev.size(), 0);
    ev.forEachDescription([&](size_t i, std::string_view d) { inDescription[i] = containsLower(d, c.lowerText); });
  }
  for (size_t i = 0; i < ev.size(); ++i) {
    bool ok = true;
    if (!c.category.empty() && !c.category[ev.categoryCode(i)]) ok = false;
    if (ok && !c.country.empty()) {
      bool any = false;
      ev.forEachCountry(i, [&](uint32_t k) { any = any || c.country[k]; });
      ok = any;
    }
    if (ok && !c.actor.empty()) {
      bool any = false;
      ev.forEachActor(i, [&](uint32_t k) { any = any || c.actor[k]; });
      ok = any;
    }
    if (ok && f.minFatalities > 0 && ev.fatalitiesBest(i) < f.minFatalities) ok = false;
    if (ok && int(ev.precision(i)) < int(f.minPrecision)) ok = false;
    if (ok && !c.lowerText.empty() && !containsLower(ev.title(i), c.lowerText) && !inDescription[i] &&
        !containsLower(ev.place(i), c.lowerText) &&
        !containsLower(ev.placeAlt(i), c.lowerText))
      ok = false;
    r.pass[i] = ok ? 1 : 0;
    r.passCount += r.pass[i];
  }
  r.builtFor = s.filters;
  r.builtRev = ev.revision();
  ++r.generation;
}

std::string filterSummary(const AppState& s) {
  return withThousands(int64_t(s.filtered.passCount)) + " of " + withThousands(int64_t(s.data.events.size())) +
         " events shown";
}

// --- Filters tab -----------------------------------------------------------------------------------
namespace {
// A checkbox list over facet counts; `allowed` empty = all checked.
void facetList(const char* id, std::vector<std::string>& allowed, const std::vector<std::pair<std::string, size_t>>& counts,
               const std::function<std::string(const std::string&)>& label, size_t maxRows) {
  ImGui::PushID(id);
  if (ImGui::SmallButton("all")) allowed.clear();
  ImGui::SameLine();
  if (ImGui::SmallButton("none")) allowed = {"\x01none"};  // a key no event has
  size_t shown = 0;
  for (const auto& [key, n] : counts) {
    if (shown++ >= maxRows) {
      ImGui::TextDisabled("... and %zu more", counts.size() - maxRows);
      break;
    }
    bool on = allowed.empty() || std::find(allowed.begin(), allowed.end(), key) != allowed.end();
    const std::string text = label(key) + " (" + withThousands(int64_t(n)) + ")##" + key;
    if (ImGui::Checkbox(text.c_str(), &on)) {
      if (allowed.empty())
        for (const auto& [k, m] : counts) allowed.push_back(k), (void)m;
      allowed.erase(std::remove(allowed.begin(), allowed.end(), std::string("\x01none")), allowed.end());
      if (on) allowed.push_back(key);
      else allowed.erase(std::remove(allowed.begin(), allowed.end(), key), allowed.end());
      if (allowed.size() >= counts.size()) allowed.clear();  // everything checked = no restriction
      else if (allowed.empty()) allowed = {"\x01none"};
    }
  }
  ImGui::PopID();
}
}  // namespace

void drawFiltersTab(AppState& s) {
  updateFilters(s);
  Filters& f = s.filters;
  ImGui::TextUnformatted(filterSummary(s).c_str());
  ImGui::SameLine();
  if (ImGui::SmallButton("Clear filters")) f = Filters{};
  ImGui::Separator();
  char buf[256];
  std::snprintf(buf, sizeof buf, "%s", f.text.c_str());
  ImGui::SetNextItemWidth(-1);
  if (ImGui::InputTextWithHint("##filtertext", "search title, description, place", buf, sizeof buf)) f.text = buf;
  int minF = int(std::min<int64_t>(f.minFatalities, 1000000));
  ImGui::SetNextItemWidth(120 * scale());
  if (ImGui::InputInt("minimum deaths", &minF, 1, 10)) f.minFatalities = std::max(0, minF);
  const char* precs[] = {"any precision", "month or better", "week or better", "day or better"};
  ImGui::SetNextItemWidth(160 * scale());
  int p = std::clamp(int(f.minPrecision), 0, 3);  // the timeline's precision combo is this same filter
  if (ImGui::Combo("date precision", &p, precs, 4)) f.minPrecision = geo::Precision(p);
  if (ImGui::CollapsingHeader("Categories", ImGuiTreeNodeFlags_DefaultOpen))
    facetList("cat", f.categories, s.filtered.categoryCounts, [](const std::string& k) { return categoryLabel(k); }, 40);
  if (ImGui::CollapsingHeader("Countries", ImGuiTreeNodeFlags_DefaultOpen))
    facetList("cty", f.countries, s.filtered.countryCounts, [](const std::string& k) { return k; }, 60);
  if (ImGui::CollapsingHeader("Actors"))
    facetList("act", f.actors, s.filtered.actorCounts, [](const std::string& k) { return k; }, 200);
}

// --- Layers tab ------------------------------------------------------------------------------------
void drawLayersTab(AppState& s) {
  if (s.layerOrder.size() != s.layers.size()) {
    s.layerOrder.resize(s.layers.size());
    for (size_t i = 0; i < s.layers.size(); ++i) s.layerOrder[i] = int(i);
  }
  ImGui::TextDisabled("Top first; the arrows reorder.");
  ImGui::Checkbox("Highlight CSTO members", &s.mapui.highlightCsto);
  ImGui::Separator();
  // Shown top first: the last drawn is on top.
  const int n = int(s.layerOrder.size());
  for (int row = 0; row < n; ++row) {
    const int k = n - 1 - row;  // position in the draw order
    const int li = s.layerOrder[size_t(k)];
    LayerInfo& info = s.layerInfo[size_t(li)];
    ImGui::PushID(li);
    ImGui::Checkbox("##vis", &info.visible);
    ImGui::SameLine();
    ImGui::TextUnformatted(info.label.c_str());
    ImGui::SameLine(std::max(150 * scale(), ImGui::GetCursorPosX()));
    ImGui::SameLine();
    if (ImGui::ArrowButton("##up", ImGuiDir_Up) && k + 1 < n) std::swap(s.layerOrder[size_t(k)], s.layerOrder[size_t(k + 1)]);
    ImGui::SameLine();
    if (ImGui::ArrowButton("##down", ImGuiDir_Down) && k > 0) std::swap(s.layerOrder[size_t(k)], s.layerOrder[size_t(k - 1)]);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1);
    ImGui::SliderFloat("##op", &info.opacity, 0.0f, 1.0f, "%.2f");
    ImGui::PopID();
  }
  if (!s.rasterInfo.empty()) {
    ImGui::Separator();
    ImGui::TextDisabled("Rasters (under the vector layers)");
    for (size_t i = 0; i < s.rasterInfo.size(); ++i) {
      auto& r = s.rasterInfo[i];
      ImGui::PushID(int(1000 + i));
      ImGui::Checkbox("##vis", &r.visible);
      ImGui::SameLine();
      ImGui::TextUnformatted(r.label.c_str());
      ImGui::SameLine(160 * scale());
      ImGui::SetNextItemWidth(-1);
      ImGui::SliderFloat("##op", &r.opacity, 0.0f, 1.0f, "%.2f");
      ImGui::PopID();
    }
  }
  ImGui::Separator();
  ImGui::TextDisabled("Attributions");
  ImGui::PushTextWrapPos(0);
  for (const auto& a : s.attributions) ImGui::BulletText("%s", a.c_str());
  ImGui::PopTextWrapPos();
}

}  // namespace app
