// Fuzz target: the date parsers (geo/time.hpp parseIso8601, geo/date_detect.hpp parseDate in every
// order, parseDatePattern, parseDateFormatOption). Input: one date text; when it holds a '\n', the
// part before it is also tried as a strftime pattern for the part after it.
// Checks: no crash, no UB; a parsed value's bounds hold its value (earliest <= t <= latest) and
// formatting it works.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "geo/date_detect.hpp"
#include "geo/time.hpp"
#include "tests/fuzz/fuzz_util.hpp"

namespace {
void checkValue(const geo::TimeValue& v) {
  FUZZ_CHECK(v.earliest <= v.t);
  FUZZ_CHECK(v.t <= v.latest);
  (void)geo::formatIso(v);
  (void)geo::formatHuman(v);
  (void)geo::formatIsoInstant(v.t);
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  geo::TimeValue v;
  std::string err;
  if (geo::parseIso8601(text, v, &err)) checkValue(v);
  for (geo::DateOrder o : {geo::DateOrder::DMY, geo::DateOrder::MDY, geo::DateOrder::YMD}) {
    geo::DateFormat f;
    f.order = o;
    if (geo::parseDate(text, f, v, &err)) checkValue(v);
  }
  geo::DateFormat opt;
  (void)geo::parseDateFormatOption(text, opt, &err);
  const size_t nl = text.find('\n');
  if (nl != std::string_view::npos) {
    const std::string_view pattern = text.substr(0, nl), value = text.substr(nl + 1);
    if (geo::parseDatePattern(value, pattern, v, &err)) checkValue(v);
    geo::DateFormat f;
    if (geo::parseDateFormatOption(pattern, f, &err) && geo::parseDate(value, f, v, &err)) checkValue(v);
  }
  (void)geo::monthFromName(text);
  return 0;
}
