// Fuzz target: the project reader (app/project.hpp parseProject) and writer. Input: a .chronomap
// file's JSON text.
// Checks: a project that parses is written (projectToJson) to JSON that parses again with the same
// sources (what a save followed by an open does).
#include <cstddef>
#include <cstdint>
#include <string>

#include "app/project.hpp"
#include "tests/fuzz/fuzz_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string json(reinterpret_cast<const char*>(data), size);
  app::Project p;
  std::string err;
  if (!app::parseProject(json, "fuzz.chronomap", p, &err)) return 0;
  const std::string out = app::projectToJson(p);
  app::Project again;
  FUZZ_CHECK(app::parseProject(out, "fuzz.chronomap", again, &err));
  FUZZ_CHECK(again.sources.size() == p.sources.size());
  for (size_t i = 0; i < p.sources.size(); ++i) FUZZ_CHECK(again.sources[i].path == p.sources[i].path);
  FUZZ_CHECK(again.storyStep == p.storyStep);
  return 0;
}
