// File > Open: a small file browser (ImGui 1.86 has none). A .chronomap project opens as a project
// (project files come with the classroom issue); any other file loads as data on a worker.
#include <algorithm>
#include <filesystem>
#include <system_error>

#include <imgui.h>
#include <imgui_stdlib.h>

#include "app/panels.hpp"
#include "app/presenter.hpp"  // recordWidget
#include "app/ui_util.hpp"
#include "geo/io.hpp"

namespace app {

namespace fs = std::filesystem;

namespace {
void listDir(AppState::FileDialog& d) {
  d.entries.clear();
  d.error.clear();
  std::error_code ec;
  for (fs::directory_iterator it(d.dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.empty() || name[0] == '.') continue;
    std::error_code e2;
    d.entries.push_back({name, it->is_directory(e2)});
  }
  if (ec) d.error = d.dir + ": " + ec.message();
  std::sort(d.entries.begin(), d.entries.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second : a.first < b.first;
  });
  d.refresh = false;
}

void choose(AppState& s, const std::string& path) {
  AppState::FileDialog& d = s.fileDialog;
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    d.dir = fs::weakly_canonical(path, ec).string();
    d.input.clear();
    d.refresh = true;
    return;
  }
  if (!fs::exists(path, ec) && path.rfind("PG:", 0) != 0 && path.rfind("/vsi", 0) != 0) {
    d.error = path + ": no such file";
    return;
  }
  geo::allowNamedSource(path);  // named in File > Open: the network may be used for it
  s.openRequests.push_back(path);
  d.open = false;
}
}  // namespace

void openFileDialog(AppState& s) {
  AppState::FileDialog& d = s.fileDialog;
  d.open = true;
  d.refresh = true;
  if (d.dir.empty()) {
    std::error_code ec;
    d.dir = fs::current_path(ec).string();
  }
}

void drawFileDialog(AppState& s) {
  AppState::FileDialog& d = s.fileDialog;
  if (!d.open) return;
  if (d.refresh) listDir(d);
  const float sc = ui::scale();
  ImGui::SetNextWindowSize(ImVec2(640 * sc, 460 * sc), ImGuiCond_Appearing);
  ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  if (!ImGui::Begin("Open data###open", &d.open, ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoCollapse)) {
    ImGui::End();
    return;
  }
  ImGui::TextDisabled("Events or map layers in any GDAL format (GeoJSON, GeoPackage, CSV, KML, Shapefile, ...)");
  if (ImGui::Button("Up")) choose(s, (fs::path(d.dir) / "..").string());
  ImGui::SameLine();
  ImGui::TextUnformatted(d.dir.c_str());
  const float footer = ImGui::GetFrameHeightWithSpacing() * 2.2f;
  ImGui::BeginChild("entries", ImVec2(0, -footer), true);
  for (const auto& [name, isDir] : d.entries) {
    const std::string label = isDir ? name + "/" : name;
    const bool sel = d.input == name;
    if (ImGui::Selectable(label.c_str(), sel, ImGuiSelectableFlags_AllowDoubleClick)) {
      d.input = name;
      if (ImGui::IsMouseDoubleClicked(0)) choose(s, (fs::path(d.dir) / name).string());
    }
  }
  ImGui::EndChild();
  ImGui::SetNextItemWidth(-90 * sc);
  const bool enter = ImGui::InputText("##path", &d.input, ImGuiInputTextFlags_EnterReturnsTrue);
  recordWidget(s, "open.path");
  ImGui::SameLine();
  const bool openClicked = ImGui::Button("Open", ImVec2(80 * sc, 0));
  recordWidget(s, "open.open");
  if ((openClicked || enter) && !d.input.empty()) {
    const std::string p = (d.input[0] == '/' || d.input.rfind("PG:", 0) == 0) ? d.input : (fs::path(d.dir) / d.input).string();
    choose(s, p);
  }
  if (!d.error.empty()) ImGui::TextColored(ImVec4(0.75f, 0.2f, 0.1f, 1), "%s", d.error.c_str());
  ImGui::End();
}

}  // namespace app
