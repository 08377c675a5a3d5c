// Fuzz target: the schema mapper and the CSV row reader of the loader (geo/io/event_loader.cpp:
// schema recognition from the columns, default roles, --field overrides, dates, coordinates, counts),
// through geo::loadEvents on a CSV file in /vsimem/.
// Input: the CSV file. When its first line starts with "#!", that line holds the options instead,
// tokens separated by spaces: "schema=NAME", "date=FMT", "field=KEY=COLUMN" (as --schema,
// --date-format and --field give them).
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "tests/fuzz/fuzz_load_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  geo::LoadOptions opt;
  if (bytes.rfind("#!", 0) == 0) {
    const size_t nl = bytes.find('\n');
    std::istringstream line(bytes.substr(2, nl == std::string::npos ? std::string::npos : nl - 2));
    bytes.erase(0, nl == std::string::npos ? bytes.size() : nl + 1);
    std::string tok;
    while (line >> tok) {
      if (tok.rfind("schema=", 0) == 0) opt.schema = tok.substr(7);
      else if (tok.rfind("date=", 0) == 0) opt.dateFormat = tok.substr(5);
      else if (tok.rfind("field=", 0) == 0) {
        const std::string kv = tok.substr(6);
        const size_t eq = kv.find('=');
        if (eq != std::string::npos) opt.fields.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
      }
    }
  }
  fuzzload::loadFromMemory("/vsimem/fuzz/events.csv", bytes, opt);
  return 0;
}
