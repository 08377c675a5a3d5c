// Time: one representation for the whole program.
// Instants are int64 seconds since 1970-01-01T00:00:00Z (negative before 1970). A parsed value also
// carries its precision and the bounds of the interval it stands for, so that "2020-09" (month
// precision) means "somewhere between 1 Sep 2020 00:00 and 30 Sep 2020 23:59:59".
// Date-only values are calendar days: stored at 00:00 UTC of that day and shown in UTC, so they are
// never shifted by a time zone. Values written with a time and zone are instants, stored in UTC;
// `tzOffsetMin` remembers the zone they were written in so they are shown in it.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace geo {

using Seconds = int64_t;  // seconds since epoch, UTC

// Years beyond +-100 billion are refused by every parser: 1e11 years (3.2e18 s) still fit int64 seconds
// with room for the differences the timeline takes, and cover cosmological timelines (the Big Bang at
// -13.8e9). Beyond it the seconds would overflow.
constexpr int64_t kMaxAbsYear = 100000000000LL;

enum class Precision : uint8_t { Year, Month, Week, Day, Hour, Minute, Second };

const char* precisionName(Precision p);
bool precisionFromName(std::string_view name, Precision& out);

struct TimeValue {
  Seconds t = 0;          // the written value (start of its interval for partial dates)
  Seconds earliest = 0;   // first second the value can stand for
  Seconds latest = 0;     // last second the value can stand for (inclusive)
  Precision precision = Precision::Day;
  bool hasTime = false;   // written with a time of day
  int tzOffsetMin = 0;    // zone it was written in (minutes east of UTC); 0 for dates
};

// Days since 1970-01-01 for a proleptic Gregorian date, and back.
int64_t daysFromCivil(int64_t y, unsigned m, unsigned d);
void civilFromDays(int64_t days, int64_t& y, unsigned& m, unsigned& d);
unsigned daysInMonth(int64_t y, unsigned m);
Seconds makeTime(int64_t y, unsigned mo, unsigned d, unsigned h = 0, unsigned mi = 0, unsigned s = 0);

// Parses ISO 8601: "1994", "-0044", "2020-09", "2020-09-27", "2020-W39", "2020-09-27T05:00",
// "2020-09-27T05:00:30+04:00", "2020-09-27 05:00:00.000" (UCDP), "...Z". A time without a zone is
// taken as UTC. Returns false and sets *error (if given) on bad input.
bool parseIso8601(std::string_view text, TimeValue& out, std::string* error = nullptr);

// Widens a value to a coarser precision: bounds become that interval (for ACLED time_precision etc.).
TimeValue withPrecision(const TimeValue& v, Precision p);

// Bounds of the interval of precision p that contains t (week = ISO week, Monday first).
void intervalOf(Seconds t, Precision p, Seconds& first, Seconds& last);

// ISO 8601 text at the value's precision, in the zone it was written in: "2020", "2020-09",
// "2020-09-27", "2020-09-27T06:00+04:00".
std::string formatIso(const TimeValue& v);
// ISO 8601 of an instant: "2022-09-13" when it is midnight UTC, else "2022-09-13T05:30:00Z".
std::string formatIsoInstant(Seconds t);
// Human text at the precision: "13 Sep 2022", "Sep 2022", "2022", "c. 1 Oct 2020 (week)",
// "13 Sep 2022 05:30 (UTC+04:00)".
std::string formatHuman(const TimeValue& v);
std::string formatHumanDay(Seconds t);   // "13 Sep 2022" in UTC

}  // namespace geo
