// Two versions (tags "A" and "B") of a project and of a story, each about 350 KB by default, that the save tests
// write in turn: the file on disk must always be exactly one of them. Shared by chronomap_save_tool
// and the unit tests.
#pragma once
#include <string>

#include "app/project.hpp"
#include "app/story.hpp"

namespace app {

inline Project saveVersionProject(const std::string& tag, int maps = 5000) {
  Project p;
  p.sources.push_back({"events/a.csv", "acled", "dmy", {{"title", "headline"}}});
  p.crs = "+proj=laea +lat_0=40.2 +lon_0=45.5 +datum=WGS84 +units=m +no_defs";
  p.selected = tag;
  for (int i = 0; i < maps; ++i) p.maps.push_back(tag + "/maps/layer-" + std::to_string(i) + std::string(40, 'x') + ".gpkg");
  return p;
}

inline Story saveVersionStory(const std::string& tag, int steps = 1200) {
  Story s;
  s.title = "Save test";
  s.subtitle = tag;  // the tag: what `check` prints
  for (int i = 0; i < steps; ++i) {
    StoryStep st;
    st.title = "Step " + std::to_string(i) + " of version " + tag;
    st.text = std::string(200, tag[0]);
    st.time = "2022-09-13";
    s.steps.push_back(st);
  }
  return s;
}

}  // namespace app
