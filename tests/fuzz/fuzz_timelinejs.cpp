// Fuzz target: the TimelineJS JSON reader (geo/io/event_loader.cpp, section 10: title, events and
// eras, date parts as strings or numbers, HTML stripped from texts), through geo::loadEvents on a
// .json file in /vsimem/. JSON that is not TimelineJS goes on to GDAL's GeoJSON driver, as in the
// program.
#include <cstddef>
#include <cstdint>
#include <string>

#include "tests/fuzz/fuzz_load_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  fuzzload::loadFromMemory("/vsimem/fuzz/timeline.json", bytes, geo::LoadOptions{});
  return 0;
}
