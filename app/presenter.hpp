// Stories in the running program: opening one, going to a step (with an animated transition of the
// playhead and the camera), presenter mode (keys, layout, the text card, the black screen), the
// highlight rings, the export composition, and the story editor (app/story_editor.cpp).
#pragma once
#include <string>

#include "app/app_state.hpp"
#include "app/panels.hpp"

namespace app {

// Loads a story file into s.storyUi (replacing any); ids and layer names it names but the data lacks
// go to s.problems ("story step 3, highlight: no event has the id 'x'"). Opens step `step0` (0-based)
// at the next frame, without animation.
bool openStory(AppState& s, const std::string& path, int step0, std::string* error);
// Uses an already parsed story (a project's inline story): path may be "".
void setStory(AppState& s, Story story, const std::string& path, int step0);
// Checks a loaded story against the data (ids, layer names) and lists problems in s.problems.
void checkStoryAgainstData(AppState& s);
// Asks for a step (0-based, clamped); applied by applyPendingStep once the layout is known.
void goToStep(AppState& s, int step0, bool animate);
// Applies a requested step: mode, window, highlight, selection, layers, filters at once; the
// playhead and the camera move (eased over `transitionS` seconds when animating).
void applyPendingStep(AppState& s, double transitionS = 1.0);
// Advances the running transition by dt seconds (sets s.animating while it runs).
void stepTransition(AppState& s, double dt);
// The camera that shows a WGS84 box in the current map panel (as --bbox fits it).
Camera cameraForBox(const AppState& s, const geo::BBox& wgs84);

// Keys of stories and projects, from s.keyPresses (before the panels' keys): F5, Ctrl+S,
// Ctrl+Shift+S, Ctrl+E; in presenter mode also the step keys, B, R and Esc (which it consumes).
void handleStoryKeys(AppState& s);

// Presenter mode: the map fills the screen but for the card on the right and a timeline strip.
void computePresenterLayout(AppState& s, float w, float h);
void drawPresenter(AppState& s, const UiFonts& f, const MapImage& map);
// The export composition: a title band over the map (legend, date, attributions from the map panel).
void computeExportLayout(AppState& s, float w, float h);
void drawExportComposition(AppState& s, const UiFonts& f, const MapImage& map);
// Rings around the highlighted events on the map (and the timeline when it is drawn).
void drawHighlights(AppState& s);
// Hides the map's tool window this frame (presenter and export pictures have no buttons).
void hideMapToolbar();

// The story editor: the Story menu's items and the Story tab of the side panel; the quit prompt.
void drawStoryMenu(AppState& s);
// A new story of one step (the current view), unsaved; closing the story in hand. Neither asks: the
// Story menu asks "Save changes?" first when the story has unsaved edits.
void startNewStory(AppState& s);
void closeStory(AppState& s);
void drawStoryTab(AppState& s, const UiFonts& f);
void drawStoryWindows(AppState& s, const UiFonts& f);
// A step made from the current state (time, mode, view, selection, layers, filters).
StoryStep stepFromState(const AppState& s);
// Whether quitting needs the "Save changes?" prompt.
bool hasUnsavedChanges(const AppState& s);
// Saves the project to path (s.projectPath when empty); false with s.storyUi.message on failure.
bool saveProjectNow(AppState& s, const std::string& path);
bool saveStoryNow(AppState& s, const std::string& path);
// Ctrl+S and File > Save: the open project (with its story); without a project, a story read from a
// file is saved there; otherwise Save As asks where to put a new project.
void requestSave(AppState& s);
// Remembers the last ImGui item's rectangle under `name` in s.widgets (reported by --state-out).
void recordWidget(AppState& s, const std::string& name);
void recordWidgetRect(AppState& s, const std::string& name, const Rect& r);  // a whole window, say

}  // namespace app
