// The panels: free functions over AppState. They talk only through AppState (and its command
// queue), never by calling each other.
#pragma once
#include "app/app_state.hpp"
#include "render/map_renderer.hpp"

struct ImFont;
struct ImDrawList;
struct ImDrawCmd;
struct ImDrawList;

namespace app {

struct UiFonts {
  ImFont* regular = nullptr;
  ImFont* large = nullptr;  // the date overlay, headings
  ImFont* bold = nullptr;   // DejaVu Sans Bold at the UI size (story text: **bold**)
  ImFont* italic = nullptr; // DejaVu Sans Oblique at the UI size (*italic*; fonts-dejavu-extra)
  // Halos for labels over the map: regular and large with every glyph dilated by a pixel in the
  // atlas, drawn once under the text (ui::haloText); null where they could not be made (then the
  // halo is four offset copies of the text).
  ImFont* regularHalo = nullptr;
  ImFont* largeHalo = nullptr;  // digits, Latin letters and dashes only (the date overlay)
  // The presenter card, built for the screen height (title >= 4 %, body >= 2.5 %); null when not
  // presenting or exporting (app/fonts.cpp).
  ImFont* cardTitle = nullptr;
  ImFont* cardBody = nullptr;
  ImFont* cardBold = nullptr;
  ImFont* cardItalic = nullptr;
  ImFont* cardSmall = nullptr;  // sources, the step indicator
  float cardForHeight = 0;      // the screen height the card fonts were built for
  float builtPx = 0;            // the UI size they were built at (0: not built)
};

// Places the panels for a window of w x h px; menuH is the menu bar's height.
void computeLayout(AppState& s, float w, float h, float menuH);
// What the map renderer should draw this frame (basemap styles and event markers).
render::MapFrame buildMapFrame(AppState& s);

void drawMenuBar(AppState& s);
// What the map panel shows: the basemap texture (the part given by the texture coordinates), and a
// draw callback that puts the events on top while the UI draws (render/ draws them straight into
// the window: one full-panel pass less than compositing them into a texture first).
struct MapImage {
  unsigned texture = 0;
  float u0 = 0, v0 = 1, u1 = 1, v1 = 0;  // texture coordinates of the panel's top-left, bottom-right
  void (*overlay)(const ImDrawList*, const ImDrawCmd*) = nullptr;
  void* overlayData = nullptr;
};
void drawMapPanel(AppState& s, const UiFonts& f, const MapImage& map);
void drawTimelinePanel(AppState& s, const UiFonts& f);
// The panel under the map: tabs "Timeline" and "Events" (app/events_list.cpp); the Timeline tab
// draws drawTimelinePanel in the space under the tabs, the Events tab the filtered events' table.
void drawBottomPanel(AppState& s, const UiFonts& f);
void drawDetailsPanel(AppState& s, const UiFonts& f);
void drawStatusBar(AppState& s);
void drawDialogs(AppState& s);
void openFileDialog(AppState& s);
void drawFileDialog(AppState& s);
void handleGlobalKeys(AppState& s);
// Timeline keys (Space, Left/Right, , and ., Home, +/- over the timeline, Esc), from s.keyPresses.
void handleTimelineKeys(AppState& s);
// (Re)builds the timeline's columns and lane index when the data, lane grouping or filter changed.
void prepareTimeline(AppState& s);
// The map's index of the events by time and place and this time's cut (also what the first frame
// after a load would build: the loader calls it on its worker, so that frame does not wait).
void prepareMapIndex(AppState& s);
// The timeline canvas inside r (window px): eras, density, lanes, axis, playhead, brush; layout
// then ImDrawList calls only. Reads s.tlui.cols/index (prepareTimeline) and writes s.tlui's layout.
void drawTimelineCanvas(AppState& s, ImDrawList* dl, const Rect& r, ImFont* font);

// Whether an event is shown on the map at the current time: cumulative mode shows everything that
// has begun by the playhead (an uncertain event from its earliest possible time), window mode the
// events active in the last windowS seconds, all mode everything; the range brush narrows further.
bool eventShown(const AppState& s, size_t event);

}  // namespace app
