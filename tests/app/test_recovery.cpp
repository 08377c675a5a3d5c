// Autosave of unsaved story edits (app/recovery.hpp): when the recovery file is written, what it
// holds, that it goes once the edits are saved, and what the next start finds.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "app/app_state.hpp"
#include "app/recovery.hpp"

using namespace app;
namespace fs = std::filesystem;

namespace {
struct StateDir {
  std::string dir = std::string(CHRONOMAP_TEST_OUT) + "/recovery-test-" + std::to_string(::getpid());
  StateDir() {
    fs::remove_all(dir);
    ::setenv("CHRONOMAP_STATE_DIR", dir.c_str(), 1);
  }
  ~StateDir() {
    ::unsetenv("CHRONOMAP_STATE_DIR");
    fs::remove_all(dir);
  }
};

Story twoSteps(const std::string& title) {
  Story st;
  st.title = title;
  st.steps.resize(2);
  st.steps[0].title = "one";
  st.steps[1].title = "two";
  return st;
}
}  // namespace

TEST_CASE("Unsaved story edits are autosaved every few seconds and removed once saved", "[recovery]") {
  StateDir sd;
  AppState s;
  s.storyUi.loaded = true;
  s.storyUi.story = twoSteps("Edited");
  s.storyUi.path = "/data/stories/war.json";
  autosaveTick(s, 100.0);
  CHECK(s.autosave.writes == 0);  // nothing unsaved yet
  s.storyUi.dirty = true;
  autosaveTick(s, 100.5);
  REQUIRE(s.autosave.writes == 1);
  const std::string file = s.autosave.file;
  CHECK(file == recoveryFileFor("/data/stories/war.json"));
  CHECK(file.rfind(sd.dir + "/recovery/story-", 0) == 0);
  // Another edit within 2 s waits; after 2 s it is written; no change, no write.
  s.storyUi.story.steps[1].title = "two, edited";
  autosaveTick(s, 101.5);
  CHECK(s.autosave.writes == 1);
  autosaveTick(s, 102.6);
  CHECK(s.autosave.writes == 2);
  autosaveTick(s, 105.0);
  CHECK(s.autosave.writes == 2);
  // What the next start finds (this process's own file counts: it is not "another window").
  std::vector<std::string> problems;
  std::vector<Recovery> found = findRecoveries(&problems);
  REQUIRE(found.size() == 1);
  CHECK(problems.empty());
  CHECK(found[0].storyPath == "/data/stories/war.json");
  CHECK(found[0].story.steps.at(1).title == "two, edited");
  CHECK(!found[0].savedAt.empty());
  // Restored into a fresh state: unsaved, with its path; saved: the file goes.
  AppState next;
  restoreRecovery(next, found[0]);
  CHECK(next.storyUi.dirty);
  CHECK(next.storyUi.path == "/data/stories/war.json");
  next.storyUi.dirty = false;  // as saveStoryNow leaves it
  autosaveTick(next, 0.0);
  CHECK_FALSE(fs::exists(file));
  CHECK(findRecoveries(nullptr).empty());
}

TEST_CASE("A broken recovery file is reported and kept, the others offered", "[recovery]") {
  StateDir sd;
  fs::create_directories(sd.dir + "/recovery");
  { std::ofstream(sd.dir + "/recovery/story-broken.json") << "{\"format\": \"chronomap-recovery\", \"story\": {\"title\": 3}}"; }
  { std::ofstream(sd.dir + "/recovery/story-cut.json") << "{\"format\": \"chronomap-rec"; }
  AppState s;
  s.storyUi.loaded = true;
  s.storyUi.dirty = true;
  s.storyUi.story = twoSteps("Never saved");
  autosaveTick(s, 0.0, /*force=*/true);
  std::vector<std::string> problems;
  const std::vector<Recovery> found = findRecoveries(&problems);
  REQUIRE(found.size() == 1);
  CHECK(found[0].storyPath.empty());
  CHECK(found[0].story.title == "Never saved");
  CHECK(problems.size() == 2);
  CHECK(fs::exists(sd.dir + "/recovery/story-broken.json"));
  // Quitting normally (saved or discarded at the prompt) removes this run's file only.
  autosaveDone(s);
  CHECK(findRecoveries(nullptr).empty());
  CHECK(fs::exists(sd.dir + "/recovery/story-cut.json"));
}
