// Autosave of unsaved story edits and their recovery (see recovery.hpp). Sections: folders and
// names; autosave; finding, restoring and discarding; the dialog.
#include "app/recovery.hpp"

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <signal.h>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

#include <imgui.h>
#include <nlohmann/json.hpp>

#include "app/app_state.hpp"
#include "app/presenter.hpp"
#include "app/project.hpp"
#include "app/ui_util.hpp"
#include "geo/io.hpp"
#include "geo/time.hpp"

namespace app {

using Json = nlohmann::ordered_json;
namespace fs = std::filesystem;

// --- folders and names -----------------------------------------------------------------------------
std::string stateDir() {
  if (const char* d = std::getenv("CHRONOMAP_STATE_DIR"); d && *d) return d;
  if (const char* x = std::getenv("XDG_STATE_HOME"); x && *x) return std::string(x) + "/chronomap";
  if (const char* h = std::getenv("HOME"); h && *h) return std::string(h) + "/.local/state/chronomap";
  return "";
}

namespace {
std::string absolutePath(const std::string& p) {
  std::error_code ec;
  const fs::path a = fs::absolute(p, ec);
  return ec ? p : a.lexically_normal().string();
}
}  // namespace

std::string recoveryFileFor(const std::string& storyPath) {
  const std::string dir = stateDir();
  if (dir.empty()) return "";
  // FNV-1a of the absolute path: one file per story; a story never saved gets one per process.
  const std::string key = storyPath.empty() ? "untitled-" + std::to_string(::getpid()) : absolutePath(storyPath);
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : key) h = (h ^ c) * 1099511628211ull;
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return dir + "/recovery/story-" + hex + ".json";
}

namespace {
geo::Seconds nowUtc() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

void removeFile(std::string& file) {
  if (!file.empty()) std::remove(file.c_str());
  file.clear();
}
}  // namespace

// --- autosave --------------------------------------------------------------------------------------
void autosaveTick(AppState& s, double nowS, bool force) {
  AppState::Autosave& a = s.autosave;
  const StoryUi& u = s.storyUi;
  if (!u.loaded || !u.dirty) {  // saved, discarded or closed: nothing to recover
    removeFile(a.file);
    a.text.clear();
    return;
  }
  if (!force && nowS - a.lastS < kAutosaveS) return;
  a.lastS = nowS;
  std::string text = storyToJson(u.story);
  const std::string file = recoveryFileFor(u.path);
  if (file.empty()) return;
  if (file != a.file) {  // the story moved (Save as elsewhere, a new story)
    removeFile(a.file);
    a.text.clear();
  }
  if (text == a.text && file == a.file) return;
  Json j;
  j["format"] = "chronomap-recovery";
  j["version"] = 1;
  j["story_path"] = u.path.empty() ? Json(nullptr) : Json(absolutePath(u.path));
  j["pid"] = int(::getpid());
  j["saved_at"] = geo::formatIsoInstant(nowUtc());
  j["story"] = Json::parse(text, nullptr, false);
  const std::string dir = stateDir();
  std::error_code ec;
  fs::create_directories(dir + "/recovery", ec);
  std::string err;
  if (!geo::writeFileAtomic(file, j.dump(2) + "\n", &err)) {
    if (a.error != err) std::fprintf(stderr, "chronomap: autosave: %s\n", err.c_str());
    a.error = err;
    return;
  }
  a.error.clear();
  a.file = file;
  a.text = std::move(text);
  ++a.writes;
}

void autosaveDone(AppState& s) {
  removeFile(s.autosave.file);
  s.autosave.text.clear();
}

// --- finding, restoring and discarding -------------------------------------------------------------
namespace {
// Whether pid is a Chronomap still running (another window editing the story now).
bool runningChronomap(int pid) {
  if (pid <= 0 || pid == ::getpid()) return false;
  if (::kill(pid, 0) != 0 && errno == ESRCH) return false;
  std::ifstream comm("/proc/" + std::to_string(pid) + "/comm");
  std::string name;
  std::getline(comm, name);
  return name.rfind("chronomap", 0) == 0;
}
}  // namespace

std::vector<Recovery> findRecoveries(std::vector<std::string>* problems) {
  std::vector<Recovery> out;
  const std::string dir = stateDir();
  if (dir.empty()) return out;
  std::error_code ec;
  std::vector<std::string> files;
  for (fs::directory_iterator it(dir + "/recovery", ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.rfind("story-", 0) == 0 && name.size() > 5 && name.compare(name.size() - 5, 5, ".json") == 0)
      files.push_back(it->path().string());
  }
  std::sort(files.begin(), files.end());
  for (const std::string& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    const Json j = Json::parse(ss.str(), nullptr, false);
    auto bad = [&](const std::string& why) {
      if (problems) problems->push_back(f + ": " + why + " (kept as it is)");
    };
    if (!j.is_object() || j.value("format", "") != "chronomap-recovery" || !j.contains("story")) {
      bad("not a recovery file");
      continue;
    }
    if (j.contains("pid") && j["pid"].is_number_integer() && runningChronomap(j["pid"].get<int>())) continue;
    Recovery r;
    r.file = f;
    if (j.contains("story_path") && j["story_path"].is_string()) r.storyPath = j["story_path"].get<std::string>();
    if (j.contains("saved_at") && j["saved_at"].is_string()) r.savedAt = j["saved_at"].get<std::string>();
    std::string err;
    if (!parseStory(j["story"].dump(), f, r.story, &err, nullptr)) {
      bad(err);
      continue;
    }
    out.push_back(std::move(r));
  }
  return out;
}

void restoreRecovery(AppState& s, const Recovery& r) {
  setStory(s, r.story, r.storyPath, 0);
  s.storyUi.dirty = true;
  s.storyUi.message = "Restored the unsaved edits of " + r.savedAt + ": save to keep them";
  // The recovery file is this run's now: rewritten by the next autosave, removed once saved.
  s.autosave.file = r.file;
  s.autosave.text = storyToJson(s.storyUi.story);
}

void discardRecovery(const Recovery& r) { std::remove(r.file.c_str()); }

// --- the dialog ------------------------------------------------------------------------------------
void drawRecoveryDialog(AppState& s) {
  if (s.recoveries.empty()) return;
  if (!ImGui::IsPopupOpen("Recovered story edits")) ImGui::OpenPopup("Recovered story edits");
  const float sc = ui::scale();
  ImGui::SetNextWindowSize(ImVec2(520 * sc, 0), ImGuiCond_Appearing);
  ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  if (!ImGui::BeginPopupModal("Recovered story edits", nullptr, ImGuiWindowFlags_NoSavedSettings)) return;
  s.prompt = "recover";
  const Recovery& r = s.recoveries.front();
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted("Chronomap stopped before these story edits were saved:");
  ImGui::Spacing();
  ImGui::Text("\"%s\", %zu steps", r.story.title.c_str(), r.story.steps.size());
  ImGui::TextDisabled("%s", r.storyPath.empty() ? "a story not yet saved" : r.storyPath.c_str());
  ImGui::TextDisabled("autosaved %s", r.savedAt.c_str());
  if (s.recoveries.size() > 1) ImGui::TextDisabled("(%zu more after this one)", s.recoveries.size() - 1);
  ImGui::Spacing();
  ImGui::TextUnformatted("Restore opens them in the Story tab, unsaved. Later asks again at the next start.");
  ImGui::PopTextWrapPos();
  ImGui::Spacing();
  const char* labels[] = {"Restore", "Discard", "Later"};
  const char* names[] = {"recover.restore", "recover.discard", "recover.later"};
  int hit = -1;
  for (int i = 0; i < 3; ++i) {
    if (i > 0) ImGui::SameLine();
    if (ImGui::Button(labels[i], ImVec2(110 * sc, 0))) hit = i;
    recordWidget(s, names[i]);
  }
  if (hit >= 0) {
    const Recovery rec = s.recoveries.front();
    s.recoveries.erase(s.recoveries.begin());
    if (hit == 0) {
      // The editor holds one story: with unsaved edits in hand, a second one waits for the next start.
      if (!s.storyUi.dirty) restoreRecovery(s, rec);
    } else if (hit == 1) {
      discardRecovery(rec);
    }
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

}  // namespace app
