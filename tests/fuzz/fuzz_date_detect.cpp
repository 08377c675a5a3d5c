// Fuzz target: the date-format detector (geo/date_detect.hpp detectDateFormat over a column's
// values). Input: one value per line (a column of a file). The detected format is then used to parse
// every value, as the loader does, and its note is written.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "geo/date_detect.hpp"
#include "tests/fuzz/fuzz_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  geo::DateValueTally tally, second;
  size_t pos = 0, lines = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    // Every other line also into a second tally, merged afterwards (as the loader's threads do).
    ((lines++ % 2) ? second : tally).add(text.substr(pos, nl - pos));
    pos = nl + 1;
  }
  tally.merge(second);
  const geo::DateDetection d = geo::detectDateFormat(tally);
  FUZZ_CHECK(d.dayFirstOnly + d.monthFirstOnly <= d.values);
  (void)d.note("date");
  geo::TimeValue v;
  std::string err;
  for (size_t k = 0; k < tally.distinct(); ++k)
    if (geo::parseDate(tally.value(k), d.format, v, &err)) FUZZ_CHECK(v.earliest <= v.t && v.t <= v.latest);
  // The same column with a forced order.
  geo::DateFormat forced;
  forced.order = geo::DateOrder::MDY;
  forced.forced = true;
  (void)geo::detectDateFormat(tally, &forced).note("date");
  return 0;
}
