// Fuzz target: the story reader (app/story.hpp parseStory, validateStep) and writer. Input: a story
// file's JSON text.
// Checks: a story that parses is written (storyToJson) to JSON that parses again to the same steps
// (what a save followed by an open does).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "app/story.hpp"
#include "tests/fuzz/fuzz_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string json(reinterpret_cast<const char*>(data), size);
  app::Story s;
  std::string err;
  std::vector<std::string> problems;
  if (!app::parseStory(json, "fuzz.json", s, &err, &problems)) return 0;
  for (app::StoryStep& step : s.steps) {
    (void)app::validateStep(step);
    (void)app::parseStoryText(step.text);
  }
  const std::string out = app::storyToJson(s);
  app::Story again;
  std::vector<std::string> problems2;
  FUZZ_CHECK(app::parseStory(out, "fuzz.json", again, &err, &problems2));
  FUZZ_CHECK(again.steps.size() == s.steps.size());
  for (size_t i = 0; i < s.steps.size(); ++i) {
    FUZZ_CHECK(again.steps[i].title == s.steps[i].title);
    FUZZ_CHECK(again.steps[i].text == s.steps[i].text);
  }
  return 0;
}
