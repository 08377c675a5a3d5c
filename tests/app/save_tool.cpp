// chronomap_save_tool: saves projects and stories through the program's own save functions, for the
// tests that kill a save half-way (SIGKILL) or make it fail (disk full, read-only folder).
//
//   chronomap_save_tool loop project|story PATH      saves versions A and B in turn until killed;
//                                                    prints "saving" once it starts
//   chronomap_save_tool save project|story PATH TAG  saves version TAG once, as the program's Save does;
//                                                    prints what the user would read, exit 0 or 1
//   chronomap_save_tool check project|story PATH     reads PATH with the program's reader; prints the
//                                                    version's tag and exits 0, or the message and 1
//   chronomap_save_tool expect project|story TAG     prints the exact text version TAG is saved as
//
// The versions are big enough (about 300 KB) that a save takes a few milliseconds.
#include <cstdio>
#include <cstring>
#include <string>

#include "app/app_state.hpp"
#include "app/presenter.hpp"
#include "app/project.hpp"
#include "app/story.hpp"
#include "tests/app/save_versions.hpp"

using namespace app;

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: chronomap_save_tool loop|save|check|expect project|story PATH|TAG [TAG]\n");
    return 2;
  }
  const std::string mode = argv[1], kind = argv[2], path = argv[3];
  const bool project = kind == "project";
  if (mode == "expect") {
    std::fputs(project ? projectToJson(saveVersionProject(path)).c_str() : storyToJson(saveVersionStory(path)).c_str(), stdout);
    return 0;
  }
  if (mode == "loop") {
    const Project pa = saveVersionProject("A"), pb = saveVersionProject("B");
    const Story sa = saveVersionStory("A"), sb = saveVersionStory("B");
    std::printf("saving\n");
    std::fflush(stdout);
    for (unsigned long i = 0;; ++i) {
      if (project) saveProject(path, i % 2 ? pa : pb, nullptr);
      else saveStory(path, i % 2 ? sa : sb, nullptr);
    }
  }
  if (mode == "save" && argc >= 5) {
    // As the Story tab's Save and File > Save project do: the message is the one the user reads.
    AppState s;
    bool ok;
    if (project) {
      const Project p = saveVersionProject(argv[4]);
      std::string err;
      ok = saveProject(path, p, &err);
      s.statusMessage = ok ? "Project saved to " + path : "Project not saved: " + err;
      std::printf("%s\n", s.statusMessage.c_str());
    } else {
      s.storyUi.loaded = true;
      s.storyUi.story = saveVersionStory(argv[4]);
      s.storyUi.dirty = true;
      ok = saveStoryNow(s, path);
      std::printf("%s\n", s.storyUi.message.c_str());
      if (ok == s.storyUi.dirty) {
        std::printf("the story's unsaved mark is wrong after the save\n");
        return 3;
      }
    }
    return ok ? 0 : 1;
  }
  if (mode == "check") {
    std::string err;
    if (project) {
      Project p;
      if (!loadProject(path, p, &err)) {
        std::printf("%s\n", err.c_str());
        return 1;
      }
      std::printf("%s\n", p.selected.c_str());
    } else {
      Story st;
      if (!loadStory(path, st, &err, nullptr)) {
        std::printf("%s\n", err.c_str());
        return 1;
      }
      std::printf("%s\n", st.subtitle.c_str());
    }
    return 0;
  }
  std::fprintf(stderr, "chronomap_save_tool: unknown mode %s\n", mode.c_str());
  return 2;
}
