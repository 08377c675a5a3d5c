// Autosave of unsaved story edits and their recovery at the next start.
//
// While the story in the editor has unsaved edits, it is written every kAutosaveS seconds (when it
// changed) to a recovery file in the user's state folder, atomically:
//   $CHRONOMAP_STATE_DIR, else $XDG_STATE_HOME/chronomap, else ~/.local/state/chronomap; file
//   recovery/story-<hash of the story's path>.json = {"format": "chronomap-recovery", "version": 1,
//   "story_path": PATH or null, "pid": N, "saved_at": ISO 8601 UTC, "story": {the story}}.
// Saving the story, discarding its edits, closing it or quitting normally removes the file; a crash,
// SIGKILL, SIGTERM or a lost display leaves it, and the next start offers it (Restore / Discard /
// Later). A file whose process still runs (another window) is not offered.
#pragma once
#include <string>
#include <vector>

#include "app/story.hpp"

namespace app {

struct AppState;

constexpr double kAutosaveS = 2.0;  // seconds between autosaves while there are unsaved edits

struct Recovery {
  std::string file;       // the recovery file
  std::string storyPath;  // where the story lives ("" for one never saved)
  std::string savedAt;    // ISO 8601, UTC
  Story story;
};

std::string stateDir();
std::string recoveryFileFor(const std::string& storyPath);
// Called every loop turn with a clock in seconds: writes the recovery file when due, removes it once
// nothing is unsaved. `force` writes now whatever the time (SIGTERM, a lost display).
void autosaveTick(AppState& s, double nowS, bool force = false);
// Quitting normally (the user saved or chose Discard): the recovery file goes.
void autosaveDone(AppState& s);
// Recovery files left by earlier runs; unreadable ones are reported in `problems` and kept.
std::vector<Recovery> findRecoveries(std::vector<std::string>* problems);
// Restore: the story into the editor, unsaved, with its path; the file is kept until it is saved.
void restoreRecovery(AppState& s, const Recovery& r);
void discardRecovery(const Recovery& r);
// The "Recovered story edits" dialog (while s.recoveries is not empty).
void drawRecoveryDialog(AppState& s);

}  // namespace app
