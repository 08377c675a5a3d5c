// Stories (assets/stories/README.md): an ordered list of steps, each a state of the program (time and
// mode, map view, highlighted and selected events, layers, filters) with a title, a short text in a
// Markdown subset and its sources. This header: the model, reading and writing the JSON (unknown
// members kept), and the text subset parsed into styled runs for the presenter card.
// Pure C++: no ImGui, no GL.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "geo/time.hpp"
#include "geo/types.hpp"

namespace app {

struct StorySource {
  std::string url, publisher, title;
  std::string raw;  // the source object as read (JSON text): unknown members survive a save
};

struct StoryFilters {
  std::string text;
  std::vector<std::string> categories, countries, actors;
  int64_t minFatalities = 0;
  std::string minPrecision = "year";
  std::string raw;  // as read (JSON text)
};

struct StoryStep {
  std::string title, text;
  std::string time;               // as written (ISO 8601)
  geo::Seconds timeS = 0;         // parsed: the playhead (first instant of the value)
  bool timeOk = false;
  std::string mode = "cumulative";  // cumulative, window, all
  std::string window;             // "14d" (window mode)
  geo::Seconds windowS = 0;       // parsed window length
  bool hasBbox = false;
  geo::BBox bbox;                 // WGS84
  std::vector<std::string> highlight;
  std::string select;             // "" = no selection
  bool hasLayers = false;
  std::vector<std::pair<std::string, bool>> layers;  // in file order
  bool hasFilters = false;        // absent = every filter cleared
  StoryFilters filters;
  std::vector<StorySource> sources;
  std::string raw;                // the step object as read (JSON text): unknown members and order kept
};

struct Story {
  int version = 1;
  std::string title, subtitle, description, author, license;
  std::string events;             // events source, relative to the story's folder
  std::vector<StoryStep> steps;
  std::string raw;                // the top-level object as read (JSON text)
};

constexpr int kStoryVersion = 1;

// Parses a story from JSON text. Fatal problems (not JSON, not a story, missing title/steps, a newer
// version) return false with *error ("NAME: line L, column C: ..." for syntax errors, NAME being
// `name`). Problems in single steps ("step 3, view.bbox: expected 4 numbers") go to *problems and the
// step is kept with the parts it could read.
bool parseStory(const std::string& json, const std::string& name, Story& out, std::string* error,
                std::vector<std::string>* problems);
bool loadStory(const std::string& path, Story& out, std::string* error, std::vector<std::string>* problems);
// The story as JSON (two-space indent, final newline), starting from each object as read so unknown
// members and member order survive.
std::string storyToJson(const Story& s);
// Writes atomically (temporary file beside it, fsync, rename).
bool saveStory(const std::string& path, const Story& s, std::string* error);
// Checks a step's members and fills the parsed fields (timeS, windowS) from the text ones; returns
// the problems found ("time: ..."), empty when none. Used by the editor after each edit.
std::vector<std::string> validateStep(StoryStep& step);

// --- the text subset ---
struct TextRun {
  std::string text;
  bool bold = false, italic = false;
  std::string url;  // a link: text is the link text
};
struct TextBlock {
  bool listItem = false;
  std::vector<TextRun> runs;
};
// **bold**, *italic*, "- " list items (one per line), [text](http...) links, \* \[ \\ escapes; a blank
// line starts a paragraph, a single line break inside a paragraph is a space.
std::vector<TextBlock> parseStoryText(const std::string& text);
// The text without markup (links as "text (url)"): for tests and plain outputs.
std::string plainStoryText(const std::string& text);

}  // namespace app
