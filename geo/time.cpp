// Time parsing and formatting. Sections: calendar arithmetic, parsing, intervals, formatting.
#include "geo/time.hpp"

#include <cctype>
#include <cstdio>
#include <cstdlib>

namespace geo {

namespace {
const char* kMonthShort[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr Seconds kDay = 86400;

int64_t floorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
}  // namespace

const char* precisionName(Precision p) {
  switch (p) {
    case Precision::Year: return "year";
    case Precision::Month: return "month";
    case Precision::Week: return "week";
    case Precision::Day: return "day";
    case Precision::Hour: return "hour";
    case Precision::Minute: return "minute";
    case Precision::Second: return "second";
  }
  return "day";
}

bool precisionFromName(std::string_view name, Precision& out) {
  static const Precision all[] = {Precision::Year, Precision::Month,  Precision::Week, Precision::Day,
                                  Precision::Hour, Precision::Minute, Precision::Second};
  for (Precision p : all)
    if (name == precisionName(p)) { out = p; return true; }
  return false;
}

// --- calendar arithmetic (proleptic Gregorian; H. Hinnant's civil-from-days algorithm) ---------
int64_t daysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = floorDiv(y, 400);
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void civilFromDays(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = floorDiv(z, 146097);
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  d = unsigned(doy - (153 * mp + 2) / 5 + 1);
  m = unsigned(mp < 10 ? mp + 3 : mp - 9);
  y = yoe + era * 400 + (m <= 2);
}

unsigned daysInMonth(int64_t y, unsigned m) {
  static const unsigned n[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2) {
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return leap ? 29 : 28;
  }
  return n[(m - 1) % 12];
}

Seconds makeTime(int64_t y, unsigned mo, unsigned d, unsigned h, unsigned mi, unsigned s) {
  return daysFromCivil(y, mo, d) * kDay + h * 3600 + mi * 60 + s;
}

// --- parsing ---------------------------------------------------------------------------------------
namespace {
struct Cursor {
  std::string_view s;
  size_t i = 0;
  bool done() const { return i >= s.size(); }
  char peek() const { return done() ? '\0' : s[i]; }
  bool eat(char c) {
    if (peek() == c) { ++i; return true; }
    return false;
  }
  // Reads exactly n digits (n > 0) or, with n == 0, one or more digits.
  bool digits(int n, int64_t& v) {
    size_t start = i;
    v = 0;
    while (!done() && std::isdigit(static_cast<unsigned char>(s[i])) && (n == 0 || int(i - start) < n)) {
      // Saturates past 1e17: such a year is refused below as out of range instead of overflowing.
      if (v < 100000000000000000LL) v = v * 10 + (s[i] - '0');
      ++i;
    }
    return n == 0 ? i > start : int(i - start) == n;
  }
};

bool fail(std::string* error, std::string msg) {
  if (error) *error = std::move(msg);
  return false;
}
}  // namespace

bool parseIso8601(std::string_view text, TimeValue& out, std::string* error) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  if (text.empty()) return fail(error, "empty date");
  const std::string quoted = "'" + std::string(text) + "'";
  Cursor c{text};
  bool negative = false;
  if (c.eat('-')) negative = true;
  else c.eat('+');
  int64_t year = 0;
  size_t yStart = c.i;
  if (!c.digits(0, year) || c.i - yStart < 4) return fail(error, quoted + " is not an ISO 8601 date (expected a 4-digit year first)");
  if (year > kMaxAbsYear)
    return fail(error, quoted + ": the year is beyond +-100,000,000,000, the range of years Chronomap can place");
  if (negative) year = -year;
  // 10^11 years either way still fits int64 seconds (cosmological timelines); past that, times overflow.
  if (year > 100000000000LL || year < -100000000000LL) return fail(error, quoted + ": year out of range (at most 10^11 years either way)");
  int64_t month = 1, day = 1, hour = 0, minute = 0, second = 0;
  Precision p = Precision::Year;
  if (c.eat('-')) {
    if (c.eat('W')) {
      int64_t week = 0;
      if (!c.digits(2, week) || week < 1 || week > 53) return fail(error, quoted + ": bad ISO week");
      // ISO week 1 contains 4 January; weeks start on Monday.
      const int64_t jan4 = daysFromCivil(year, 1, 4);
      const int64_t wdJan4 = ((jan4 % 7) + 7 + 3) % 7;  // 0 = Monday (1970-01-01 was a Thursday)
      const int64_t monday = jan4 - wdJan4 + (week - 1) * 7;
      if (!c.done()) return fail(error, quoted + ": unexpected text after the week");
      out = TimeValue{};
      out.t = monday * kDay;
      out.precision = Precision::Week;
      intervalOf(out.t, Precision::Week, out.earliest, out.latest);
      return true;
    }
    if (!c.digits(2, month) || month < 1 || month > 12) return fail(error, quoted + ": month must be 01-12");
    p = Precision::Month;
    if (c.eat('-')) {
      if (!c.digits(2, day) || day < 1 || day > int64_t(daysInMonth(year, unsigned(month))))
        return fail(error, quoted + ": day out of range for that month");
      p = Precision::Day;
    }
  }
  bool hasTime = false;
  int tz = 0;
  if (p == Precision::Day && (c.peek() == 'T' || c.peek() == 't' || c.peek() == ' ')) {
    ++c.i;
    if (!c.digits(2, hour) || hour > 24) return fail(error, quoted + ": bad hour");
    p = Precision::Hour;
    hasTime = true;
    if (c.eat(':')) {
      if (!c.digits(2, minute) || minute > 59) return fail(error, quoted + ": bad minute");
      p = Precision::Minute;
      if (c.eat(':')) {
        if (!c.digits(2, second) || second > 60) return fail(error, quoted + ": bad second");
        p = Precision::Second;
        if (c.eat('.') || c.eat(',')) {
          int64_t frac = 0;
          if (!c.digits(0, frac)) return fail(error, quoted + ": bad fraction of a second");
        }
      }
    }
    if (c.eat('Z') || c.eat('z')) {
      tz = 0;
    } else if (c.peek() == '+' || c.peek() == '-') {
      const int sign = c.peek() == '-' ? -1 : 1;
      ++c.i;
      int64_t th = 0, tm = 0;
      if (!c.digits(2, th) || th > 14) return fail(error, quoted + ": bad zone offset");
      c.eat(':');
      if (!c.done() && !c.digits(2, tm)) return fail(error, quoted + ": bad zone offset");
      tz = sign * int(th * 60 + tm);
    }
  }
  if (!c.done()) return fail(error, quoted + ": unexpected text '" + std::string(text.substr(c.i)) + "'");
  // Midnight written as 24:00 is the end of that day.
  out = TimeValue{};
  out.t = makeTime(year, unsigned(month), unsigned(day)) + hour * 3600 + minute * 60 + second - Seconds(tz) * 60;
  out.precision = p;
  out.hasTime = hasTime;
  out.tzOffsetMin = tz;
  if (hasTime) {
    const Seconds len = p == Precision::Hour ? 3600 : p == Precision::Minute ? 60 : 1;
    out.earliest = out.t;
    out.latest = out.t + len - 1;
  } else {
    intervalOf(out.t, p, out.earliest, out.latest);
  }
  return true;
}

// --- intervals -------------------------------------------------------------------------------------
void intervalOf(Seconds t, Precision p, Seconds& first, Seconds& last) {
  const int64_t days = floorDiv(t, kDay);
  int64_t y;
  unsigned m, d;
  civilFromDays(days, y, m, d);
  switch (p) {
    case Precision::Year:
      first = makeTime(y, 1, 1);
      last = makeTime(y + 1, 1, 1) - 1;
      return;
    case Precision::Month:
      first = makeTime(y, m, 1);
      last = first + Seconds(daysInMonth(y, m)) * kDay - 1;
      return;
    case Precision::Week: {
      const int64_t wd = ((days % 7) + 7 + 3) % 7;  // 0 = Monday
      first = (days - wd) * kDay;
      last = first + 7 * kDay - 1;
      return;
    }
    case Precision::Day:
      first = days * kDay;
      last = first + kDay - 1;
      return;
    case Precision::Hour:
      first = floorDiv(t, 3600) * 3600;
      last = first + 3599;
      return;
    case Precision::Minute:
      first = floorDiv(t, 60) * 60;
      last = first + 59;
      return;
    case Precision::Second:
      first = last = t;
      return;
  }
}

TimeValue withPrecision(const TimeValue& v, Precision p) {
  TimeValue r = v;
  r.precision = p;
  if (p <= Precision::Day) r.hasTime = false;
  // Bounds are computed in the zone the value was written in, then brought back to UTC.
  const Seconds local = v.t + Seconds(v.tzOffsetMin) * 60;
  intervalOf(local, p, r.earliest, r.latest);
  r.earliest -= Seconds(v.tzOffsetMin) * 60;
  r.latest -= Seconds(v.tzOffsetMin) * 60;
  if (p < v.precision && !v.hasTime) r.t = r.earliest;
  return r;
}

// --- formatting ------------------------------------------------------------------------------------
namespace {
void split(Seconds t, int64_t& y, unsigned& m, unsigned& d, int& hh, int& mm, int& ss) {
  const int64_t days = floorDiv(t, kDay);
  const Seconds rem = t - days * kDay;
  civilFromDays(days, y, m, d);
  hh = int(rem / 3600);
  mm = int(rem / 60 % 60);
  ss = int(rem % 60);
}
std::string yearText(int64_t y) {
  char buf[32];
  if (y < 0) std::snprintf(buf, sizeof buf, "-%04lld", static_cast<long long>(-y));
  else std::snprintf(buf, sizeof buf, "%04lld", static_cast<long long>(y));
  return buf;
}
}  // namespace

std::string formatIso(const TimeValue& v) {
  int64_t y;
  unsigned m, d;
  int hh, mm, ss;
  const Seconds local = v.t + Seconds(v.tzOffsetMin) * 60;
  split(local, y, m, d, hh, mm, ss);
  char buf[96];
  std::string year = yearText(y);
  switch (v.precision) {
    case Precision::Year: return year;
    case Precision::Month: std::snprintf(buf, sizeof buf, "%s-%02u", year.c_str(), m); return buf;
    case Precision::Week:
    case Precision::Day: std::snprintf(buf, sizeof buf, "%s-%02u-%02u", year.c_str(), m, d); return buf;
    default: break;
  }
  if (!v.hasTime) {
    std::snprintf(buf, sizeof buf, "%s-%02u-%02u", year.c_str(), m, d);
    return buf;
  }
  std::string zone = "Z";
  if (v.tzOffsetMin != 0) {
    const int a = v.tzOffsetMin < 0 ? -v.tzOffsetMin : v.tzOffsetMin;
    char z[16];
    std::snprintf(z, sizeof z, "%c%02d:%02d", v.tzOffsetMin < 0 ? '-' : '+', a / 60, a % 60);
    zone = z;
  }
  if (v.precision == Precision::Second)
    std::snprintf(buf, sizeof buf, "%s-%02u-%02uT%02d:%02d:%02d%s", year.c_str(), m, d, hh, mm, ss, zone.c_str());
  else
    std::snprintf(buf, sizeof buf, "%s-%02u-%02uT%02d:%02d%s", year.c_str(), m, d, hh, mm, zone.c_str());
  return buf;
}

std::string formatIsoInstant(Seconds t) {
  int64_t y;
  unsigned m, d;
  int hh, mm, ss;
  split(t, y, m, d, hh, mm, ss);
  char buf[64];
  if (hh == 0 && mm == 0 && ss == 0)
    std::snprintf(buf, sizeof buf, "%s-%02u-%02u", yearText(y).c_str(), m, d);
  else
    std::snprintf(buf, sizeof buf, "%s-%02u-%02uT%02d:%02d:%02dZ", yearText(y).c_str(), m, d, hh, mm, ss);
  return buf;
}

std::string formatHumanDay(Seconds t) {
  int64_t y;
  unsigned m, d;
  int hh, mm, ss;
  split(t, y, m, d, hh, mm, ss);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%u %s %lld", d, kMonthShort[m - 1], static_cast<long long>(y));
  return buf;
}

std::string formatHuman(const TimeValue& v) {
  int64_t y;
  unsigned m, d;
  int hh, mm, ss;
  split(v.t + Seconds(v.tzOffsetMin) * 60, y, m, d, hh, mm, ss);
  char buf[96];
  switch (v.precision) {
    case Precision::Year: std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(y)); return buf;
    case Precision::Month:
      std::snprintf(buf, sizeof buf, "%s %lld", kMonthShort[m - 1], static_cast<long long>(y));
      return buf;
    case Precision::Week:
      std::snprintf(buf, sizeof buf, "c. %u %s %lld (week)", d, kMonthShort[m - 1], static_cast<long long>(y));
      return buf;
    case Precision::Day:
      std::snprintf(buf, sizeof buf, "%u %s %lld", d, kMonthShort[m - 1], static_cast<long long>(y));
      return buf;
    default: break;
  }
  if (!v.hasTime) return formatHumanDay(v.t);
  std::string zone = "UTC";
  if (v.tzOffsetMin != 0) {
    const int a = v.tzOffsetMin < 0 ? -v.tzOffsetMin : v.tzOffsetMin;
    char z[24];
    std::snprintf(z, sizeof z, "UTC%c%02d:%02d", v.tzOffsetMin < 0 ? '-' : '+', a / 60, a % 60);
    zone = z;
  }
  std::snprintf(buf, sizeof buf, "%u %s %lld %02d:%02d (%s)", d, kMonthShort[m - 1], static_cast<long long>(y), hh,
                mm, zone.c_str());
  return buf;
}

}  // namespace geo
