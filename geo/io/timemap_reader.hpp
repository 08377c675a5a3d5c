// Internal to geo/io: Forensic Architecture "timemap" exports (the layout of datasheet-server's
// export_events / export_associations / export_sources, as Bellingcat's civilian-harm maps publish
// them). Three JSON files side by side:
//   events.json        [{id, description, date "02/24/2022", time "14:30", location, latitude "50.45",
//                        longitude "30.52", associations [ids or titles], sources [ids]}, ...]
//   associations.json  [{id, title, desc, mode "FILTER" | "NARRATIVE", filter_paths ["Area", "Residential"]}]
//   sources.json       {id: {id, title, type, url, paths [...], description}, ...}  (or an array of them)
// Each may be wrapped in an object ({"events": [...]}); one object may also hold all three.
// Only the event loader (geo/io/event_loader.cpp) and the tests include this header.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "geo/io.hpp"

namespace geo::timemap {

enum class Layout { None, Events, Associations, Sources };

// What a parsed JSON document is, as far as timemap goes. `path` helps with an empty array (an
// "events" file name with [] is an events file with no events).
Layout recognise(const nlohmann::json& doc, const std::string& path);

// The events file inside a folder (events.json, or the one *events*.json), or "" when there is none
// that reads as timemap events.
std::string eventsFileIn(const std::string& dir);

// The associations and sources files that go with an events file: the same name with "events"
// replaced ("ukraine_events.json" -> "ukraine_associations.json"), else associations.json and
// sources.json in the same folder. Empty when not found; `looked` lists the names tried.
struct Siblings {
  std::string associations, sources;
  std::vector<std::string> lookedForAssociations, lookedForSources;
};
Siblings findSiblings(const std::string& eventsPath);

// Reads the events of `doc` (the parsed events file at `path`) with its siblings into `out`
// (appending; the caller sorts). Bad events are skipped or kept without a place, each with a problem
// naming the file, the event's position (row = 1-based index in the array) and the field; what was
// assumed or missing goes into out.notes. Returns false only when nothing can be read (then
// *openError says why).
bool load(const std::string& path, const nlohmann::json& doc, const LoadOptions& options, Dataset& out,
          LoadProgress* progress, std::string* openError);

// "PATH: a timemap associations file, not events: open events.json beside it" for a file that is
// one of the two other files.
std::string notEventsMessage(const std::string& path, Layout layout);

}  // namespace geo::timemap
