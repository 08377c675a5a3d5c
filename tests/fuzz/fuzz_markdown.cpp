// Fuzz target: the Markdown subset of story texts (app/story.hpp parseStoryText, plainStoryText).
// Input: a step's text.
// Checks: no crash or hang; markup is only removed, so the runs hold no more bytes than the input.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "app/story.hpp"
#include "tests/fuzz/fuzz_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const std::vector<app::TextBlock> blocks = app::parseStoryText(text);
  size_t bytes = 0;
  for (const app::TextBlock& b : blocks)
    for (const app::TextRun& r : b.runs) bytes += r.text.size();
  // Markup is removed, never added: the runs' text is no longer than the input.
  FUZZ_CHECK(bytes <= text.size());
  (void)app::plainStoryText(text);
  return 0;
}
