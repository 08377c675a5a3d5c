// Date layouts of files in the wild. Sections: small helpers; building values; tokenizing;
// parsing one value; strftime patterns; detecting a column's layout; notes.
#include "geo/date_detect.hpp"

#include <cctype>
#include <cstdlib>

namespace geo {

// --- small helpers ---------------------------------------------------------------------------------
namespace {
const char* kMonthLong[12] = {"January", "February", "March",     "April",   "May",      "June",
                              "July",    "August",   "September", "October", "November", "December"};

bool fail(std::string* error, std::string msg) {
  if (error) *error = std::move(msg);
  return false;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string r(s);
  for (char& c : r) c = char(std::tolower(static_cast<unsigned char>(c)));
  return r;
}

bool isDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }
bool isAlpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }

// Two-digit years: 00-69 -> 2000-2069, 70-99 -> 1970-1999.
int64_t expandYear(int64_t y, int digits) {
  if (digits > 2) return y;
  return y < 70 ? 2000 + y : 1900 + y;
}

bool isWeekday(const std::string& w) {
  static const char* names[] = {"mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
                                "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
  for (const char* n : names)
    if (w == n) return true;
  return false;
}
}  // namespace

const char* dateOrderName(DateOrder o) {
  switch (o) {
    case DateOrder::DMY: return "dmy";
    case DateOrder::MDY: return "mdy";
    case DateOrder::YMD: return "ymd";
  }
  return "dmy";
}

int monthFromName(std::string_view word) {
  const std::string w = lower(word);
  if (w.size() < 3) return 0;
  if (w == "sept") return 9;
  for (int i = 0; i < 12; ++i) {
    const std::string full = lower(kMonthLong[i]);
    if (w == full || w == full.substr(0, 3)) return i + 1;
  }
  return 0;
}

bool parseDateFormatOption(std::string_view text, DateFormat& out, std::string* error) {
  const std::string t = lower(trim(text));
  out = DateFormat{};
  out.forced = true;
  if (t == "dmy") out.order = DateOrder::DMY;
  else if (t == "mdy") out.order = DateOrder::MDY;
  else if (t == "ymd") out.order = DateOrder::YMD;
  else if (text.find('%') != std::string_view::npos) out.pattern = std::string(trim(text));
  else
    return fail(error, "--date-format '" + std::string(text) + "': expected dmy, mdy, ymd or a strftime pattern such as %d/%m/%Y");
  return true;
}

// --- building values -------------------------------------------------------------------------------
bool makeTimeValue(int64_t year, int month, int day, int hour, int minute, int second, TimeValue& out,
                   std::string* error) {
  if (year > kMaxAbsYear || year < -kMaxAbsYear) return fail(error, "year " + std::to_string(year) + " is out of range");
  if (month < 0 || month > 12) return fail(error, "month " + std::to_string(month) + " is not 1-12");
  if (month == 0 && day > 0) return fail(error, "a day without a month");
  if (day < 0 || (month > 0 && day > int(daysInMonth(year, unsigned(month))))) {
    std::string why = "day " + std::to_string(day) + " does not exist";
    if (month > 0)
      why = std::string(kMonthLong[month - 1]) + " " + std::to_string(year) + " has " +
            std::to_string(daysInMonth(year, unsigned(month))) + " days";
    return fail(error, why);
  }
  if (hour > 24 || minute > 59 || second > 60) return fail(error, "time of day out of range");
  TimeValue v;
  const bool hasTime = hour >= 0 && day > 0;
  v.t = makeTime(year, unsigned(month > 0 ? month : 1), unsigned(day > 0 ? day : 1));
  if (month == 0) v.precision = Precision::Year;
  else if (day == 0) v.precision = Precision::Month;
  else if (!hasTime) v.precision = Precision::Day;
  else if (minute < 0) v.precision = Precision::Hour;
  else if (second < 0) v.precision = Precision::Minute;
  else v.precision = Precision::Second;
  if (hasTime) {
    v.t += Seconds(hour) * 3600 + Seconds(minute > 0 ? minute : 0) * 60 + Seconds(second > 0 ? second : 0);
    const Seconds len = v.precision == Precision::Hour ? 3600 : v.precision == Precision::Minute ? 60 : 1;
    v.hasTime = true;
    v.earliest = v.t;
    v.latest = v.t + len - 1;
  } else {
    intervalOf(v.t, v.precision, v.earliest, v.latest);
  }
  out = v;
  return true;
}

// --- tokenizing --------------------------------------------------------------------------------------
namespace {
struct Num {
  int64_t value = 0;
  int digits = 0;
};

// The date part of a value, split into numbers and a month name; the time part parsed apart.
struct Tokens {
  std::vector<Num> nums;
  int month = 0;        // from a month name, 0 if none
  int monthWords = 0;   // how many month names (more than one is not a date)
  bool otherWords = false;
  char sep = 0;         // first separator between numbers: '/', '-', '.', ' '
  int hour = -1, minute = -1, second = -1;
  bool timeOk = true;
};

// "14:30", "14:30:05", "14:30:05.250", "2:30 PM", "2 pm" is not accepted (needs minutes).
bool parseClock(std::string_view s, int& h, int& m, int& sec) {
  s = trim(s);
  size_t i = 0;
  auto num = [&](int maxDigits, int& v) {
    const size_t st = i;
    v = 0;
    while (i < s.size() && isDigit(s[i]) && int(i - st) < maxDigits) v = v * 10 + (s[i++] - '0');
    return i > st;
  };
  if (!num(2, h) || i >= s.size() || s[i] != ':') return false;
  ++i;
  if (!num(2, m)) return false;
  sec = -1;
  if (i < s.size() && s[i] == ':') {
    ++i;
    if (!num(2, sec)) return false;
    if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
      ++i;
      int frac;
      while (i < s.size() && isDigit(s[i])) num(1, frac);
    }
  }
  std::string rest = lower(trim(s.substr(i)));
  if (rest == "z" || rest == "utc" || rest == "gmt") rest.clear();
  if (rest == "am" || rest == "a.m." || rest == "pm" || rest == "p.m.") {
    if (h < 1 || h > 12) return false;
    const bool pm = rest[0] == 'p';
    h = h % 12 + (pm ? 12 : 0);
    rest.clear();
  }
  return rest.empty() && h <= 24 && m <= 59 && sec <= 60;
}

Tokens tokenize(std::string_view text) {
  Tokens t;
  // The time of day starts at the digits before the first ':'.
  std::string_view date = text;
  if (const size_t colon = text.find(':'); colon != std::string_view::npos) {
    size_t b = colon;
    while (b > 0 && isDigit(text[b - 1])) --b;
    date = text.substr(0, b);
    t.timeOk = parseClock(text.substr(b), t.hour, t.minute, t.second);
    while (!date.empty() && (date.back() == 'T' || date.back() == ',' || std::isspace(static_cast<unsigned char>(date.back()))))
      date.remove_suffix(1);
  }
  size_t i = 0;
  bool lastWasNum = false;
  while (i < date.size()) {
    const char c = date[i];
    if (isDigit(c)) {
      Num n;
      while (i < date.size() && isDigit(date[i])) {
        if (n.digits < 18) n.value = n.value * 10 + (date[i] - '0');
        ++n.digits;
        ++i;
      }
      t.nums.push_back(n);
      lastWasNum = true;
    } else if (isAlpha(c)) {
      const size_t st = i;
      while (i < date.size() && isAlpha(date[i])) ++i;
      const std::string w = lower(date.substr(st, i - st));
      if (int m = monthFromName(w)) {
        t.month = m;
        ++t.monthWords;
      } else if (lastWasNum && (w == "st" || w == "nd" || w == "rd" || w == "th")) {
        // ordinal suffix: "3rd May 2020"
      } else if (!isWeekday(w) && w != "of") {
        t.otherWords = true;
      }
      lastWasNum = false;
    } else {
      if (!t.sep && !t.nums.empty() && (c == '/' || c == '-' || c == '.' || c == ' ')) t.sep = c;
      else if (c != '/' && c != '-' && c != '.' && c != ' ' && c != ',' && c != '\'') t.otherWords = true;
      ++i;
      lastWasNum = false;
    }
  }
  return t;
}

bool isCompact(std::string_view s) {
  if (s.size() != 8) return false;
  for (char c : s)
    if (!isDigit(c)) return false;
  return true;
}

std::string quote(std::string_view s) { return "'" + std::string(s) + "'"; }
}  // namespace

// --- parsing one value -------------------------------------------------------------------------------
bool parseDate(std::string_view text, const DateFormat& fmt, TimeValue& out, std::string* error) {
  text = trim(text);
  if (text.empty()) return fail(error, "empty date");
  if (!fmt.pattern.empty()) return parseDatePattern(text, fmt.pattern, out, error);
  std::string why;
  if (isCompact(text)) {
    const int64_t v = std::atoll(std::string(text).c_str());
    if (!makeTimeValue(v / 10000, int(v / 100 % 100), int(v % 100), -1, -1, -1, out, &why))
      return fail(error, quote(text) + " is not a valid date (yyyymmdd: " + why + ")");
    return true;
  }
  std::string isoError;
  if (parseIso8601(text, out, &isoError)) return true;
  const Tokens t = tokenize(text);
  if (!t.timeOk) return fail(error, quote(text) + " is not a date (unreadable time of day)");
  if (t.otherWords || t.monthWords > 1 || t.nums.empty() || t.nums.size() > 3) {
    // Text that starts like ISO 8601 gets ISO's own explanation.
    if (text.size() >= 5 && isDigit(text[0]) && isDigit(text[3]) && text[4] == '-') return fail(error, isoError);
    return fail(error, quote(text) + " is not a date");
  }
  int64_t y = 0;
  int m = 0, d = 0;
  const auto& n = t.nums;
  if (t.monthWords == 1) {
    m = t.month;
    if (n.size() == 1) {
      if (n[0].digits != 4 && n[0].digits != 2) return fail(error, quote(text) + " is not a date (no year)");
      y = expandYear(n[0].value, n[0].digits);
    } else if (n.size() == 2) {
      const bool yearFirst = n[0].digits >= 3;
      const Num& yn = yearFirst ? n[0] : n[1];
      y = expandYear(yn.value, yn.digits);
      d = int(yearFirst ? n[1].value : n[0].value);
      if (d < 1) return fail(error, quote(text) + " is not a valid date (day 0)");
    } else {
      return fail(error, quote(text) + " is not a date");
    }
  } else if (n.size() == 3) {
    DateOrder o = fmt.order;
    if (n[0].digits >= 3) o = DateOrder::YMD;
    const Num *yn, *mn, *dn;
    switch (o) {
      case DateOrder::DMY: dn = &n[0]; mn = &n[1]; yn = &n[2]; break;
      case DateOrder::MDY: mn = &n[0]; dn = &n[1]; yn = &n[2]; break;
      default: yn = &n[0]; mn = &n[1]; dn = &n[2]; break;
    }
    if (mn->value > 12 || mn->value < 1) {
      const char* order = o == DateOrder::DMY ? "day-first" : o == DateOrder::MDY ? "month-first" : "year-first";
      return fail(error, quote(text) + " is not a valid date (read " + order + ", month " + std::to_string(mn->value) + " does not exist)");
    }
    if (dn->value < 1) return fail(error, quote(text) + " is not a valid date (day 0)");
    y = expandYear(yn->value, yn->digits);
    m = int(mn->value);
    d = int(dn->value);
  } else if (n.size() == 2) {
    // month/year ("03/2022") or year/month ("2022/03")
    const bool yearFirst = n[0].digits == 4;
    if (!yearFirst && n[1].digits != 4) return fail(error, quote(text) + " is not a date");
    y = yearFirst ? n[0].value : n[1].value;
    const int64_t mm = yearFirst ? n[1].value : n[0].value;
    if (mm < 1 || mm > 12) return fail(error, quote(text) + " is not a valid date (month " + std::to_string(mm) + ")");
    m = int(mm);
  } else {
    return fail(error, isoError.empty() ? quote(text) + " is not a date" : isoError);
  }
  if (t.hour >= 0 && d == 0) return fail(error, quote(text) + " is not a date (a time of day without a day)");
  if (!makeTimeValue(y, m, d, t.hour, t.minute, t.second, out, &why))
    return fail(error, quote(text) + " is not a valid date (" + why + ")");
  return true;
}

// --- strftime patterns -------------------------------------------------------------------------------
bool parseDatePattern(std::string_view text, std::string_view pattern, TimeValue& out, std::string* error) {
  text = trim(text);
  size_t i = 0;
  int64_t year = 1970;
  int month = 0, day = 0, yday = 0, hour = -1, minute = -1, second = -1;
  bool hasYear = false, pm = false, hasAmPm = false;
  const std::string bad = quote(text) + " does not match --date-format '" + std::string(pattern) + "'";
  auto number = [&](int maxDigits, int64_t& v, int& digits) {
    const size_t st = i;
    v = 0;
    // Saturates past 1e17 (a %Y of any length): the value is then refused as out of range, not overflowed.
    while (i < text.size() && isDigit(text[i]) && (maxDigits == 0 || int(i - st) < maxDigits)) {
      if (v < 100000000000000000LL) v = v * 10 + (text[i] - '0');
      ++i;
    }
    digits = int(i - st);
    return digits > 0;
  };
  for (size_t p = 0; p < pattern.size(); ++p) {
    const char pc = pattern[p];
    if (std::isspace(static_cast<unsigned char>(pc))) {
      while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
      continue;
    }
    if (pc != '%' || p + 1 >= pattern.size()) {
      if (i >= text.size() || std::tolower(static_cast<unsigned char>(text[i])) != std::tolower(static_cast<unsigned char>(pc)))
        return fail(error, bad);
      ++i;
      continue;
    }
    const char dc = pattern[++p];
    int64_t v = 0;
    int digits = 0;
    switch (dc) {
      case 'Y': {
        bool neg = false;
        if (i < text.size() && (text[i] == '-' || text[i] == '+')) neg = text[i++] == '-';
        const bool glued = p + 1 < pattern.size() && pattern[p + 1] == '%';
        if (!number(glued ? 4 : 0, v, digits)) return fail(error, bad);
        year = neg ? -v : v;
        hasYear = true;
        break;
      }
      case 'y':
        if (!number(2, v, digits)) return fail(error, bad);
        year = expandYear(v, 2);
        hasYear = true;
        break;
      case 'm':
        if (!number(2, v, digits)) return fail(error, bad);
        month = int(v);
        break;
      case 'd':
      case 'e':
        while (dc == 'e' && i < text.size() && text[i] == ' ') ++i;
        if (!number(2, v, digits)) return fail(error, bad);
        day = int(v);
        break;
      case 'j':
        if (!number(3, v, digits) || v < 1 || v > 366) return fail(error, bad);
        yday = int(v);
        break;
      case 'H':
        if (!number(2, v, digits)) return fail(error, bad);
        hour = int(v);
        break;
      case 'M':
        if (!number(2, v, digits)) return fail(error, bad);
        minute = int(v);
        break;
      case 'S':
        if (!number(2, v, digits)) return fail(error, bad);
        second = int(v);
        break;
      case 'b':
      case 'B':
      case 'h': {
        const size_t st = i;
        while (i < text.size() && isAlpha(text[i])) ++i;
        month = monthFromName(text.substr(st, i - st));
        if (!month) return fail(error, bad + " (no month name)");
        if (i < text.size() && text[i] == '.' && (p + 1 >= pattern.size() || pattern[p + 1] != '.')) ++i;
        break;
      }
      case 'p': {
        const std::string w = lower(text.substr(i, 2));
        if (w != "am" && w != "pm") return fail(error, bad);
        pm = w == "pm";
        hasAmPm = true;
        i += 2;
        break;
      }
      case '%':
        if (i >= text.size() || text[i] != '%') return fail(error, bad);
        ++i;
        break;
      default:
        return fail(error, "--date-format '" + std::string(pattern) + "': %" + std::string(1, dc) +
                               " is not supported (use %Y %y %m %d %b %B %H %M %S %j %p)");
    }
  }
  if (trim(text.substr(i)).size() > 0) return fail(error, bad + " (text left over)");
  if (!hasYear) return fail(error, bad + " (the pattern has no year)");
  // Before any calendar arithmetic (a day of year is counted from 1 January of the year).
  if (year > kMaxAbsYear || year < -kMaxAbsYear)
    return fail(error, quote(text) + ": year out of range (at most 10^11 years either way)");
  if (hasAmPm && hour >= 0) {
    if (hour < 1 || hour > 12) return fail(error, bad + " (hour with AM/PM)");
    hour = hour % 12 + (pm ? 12 : 0);
  }
  if (yday > 0) {
    const int64_t days = daysFromCivil(year, 1, 1) + yday - 1;
    int64_t yy;
    unsigned mm, dd;
    civilFromDays(days, yy, mm, dd);
    if (yy != year) return fail(error, quote(text) + " is not a valid date (day of year " + std::to_string(yday) + ")");
    month = int(mm);
    day = int(dd);
  }
  std::string why;
  if (!makeTimeValue(year, month, month ? day : 0, day ? hour : -1, minute, second, out, &why))
    return fail(error, quote(text) + " is not a valid date (" + why + ")");
  return true;
}

// --- detecting a column's layout ---------------------------------------------------------------------
namespace {
// "DD/MM/YY" for the example's separator and year width.
std::string numericLayout(DateOrder o, char sep, int yearDigits) {
  const std::string s(1, sep ? sep : '/');
  const std::string y = yearDigits <= 2 ? "YY" : "YYYY";
  switch (o) {
    case DateOrder::DMY: return "day-first (DD" + s + "MM" + s + y + ")";
    case DateOrder::MDY: return "month-first (MM" + s + "DD" + s + y + ")";
    case DateOrder::YMD: return "year-first (YYYY" + s + "MM" + s + "DD)";
  }
  return "";
}
}  // namespace

void DateValueTally::add(std::string_view v, size_t times) {
  auto it = index_.find(v);
  if (it != index_.end()) {
    counts_[it->second] += times;
    return;
  }
  values_.emplace_back(v);
  counts_.push_back(times);
  index_.emplace(std::string_view(values_.back()), values_.size() - 1);
}

void DateValueTally::merge(const DateValueTally& later) {
  for (size_t k = 0; k < later.distinct(); ++k) add(later.value(k), later.count(k));
}

DateDetection detectDateFormat(const std::vector<std::string>& values, const DateFormat* forced) {
  DateValueTally t;
  for (const std::string& v : values) t.add(v);
  return detectDateFormat(t, forced);
}

// Each distinct value is looked at once and counted as often as it appears: the same as looking at
// every value in turn (the examples are first appearances, which come before any repeat).
DateDetection detectDateFormat(const DateValueTally& values, const DateFormat* forced) {
  DateDetection r;
  size_t numericTriples = 0, monthNames = 0, compact = 0, other = 0;
  std::string firstNumeric, firstMonthName, firstCompact, firstOther, dayExample, monthExample;
  char sep = 0;
  int yearDigits = 4;
  for (size_t k = 0; k < values.distinct(); ++k) {
    const std::string_view v = trim(values.value(k));
    const size_t times = values.count(k);
    if (v.empty()) continue;
    r.values += times;
    if (isCompact(v)) {
      compact += times;
      r.allIso = false;
      if (firstCompact.empty()) firstCompact = std::string(v);
      continue;
    }
    TimeValue tv;
    if (parseIso8601(v, tv)) continue;
    // ISO-shaped but invalid ("2020-02-30"): an ISO column with a bad value, reported row by row.
    if (v.size() >= 5 && isDigit(v[0]) && isDigit(v[1]) && isDigit(v[2]) && isDigit(v[3]) && v[4] == '-') continue;
    const Tokens t = tokenize(v);
    if (t.monthWords == 1 && !t.otherWords) {
      r.allIso = false;
      monthNames += times;
      if (firstMonthName.empty()) firstMonthName = std::string(v);
      for (const Num& n : t.nums)
        if (n.digits == 2 && t.nums.size() == 1) r.twoDigitYears = true;
      if (t.nums.size() == 2 && t.nums[0].digits < 3 && t.nums[1].digits <= 2) r.twoDigitYears = true;
      continue;
    }
    if (t.monthWords == 0 && !t.otherWords && t.nums.size() == 3 && t.nums[0].digits < 3) {
      numericTriples += times;
      r.allIso = false;
      if (firstNumeric.empty()) {
        firstNumeric = std::string(v);
        sep = t.sep;
        yearDigits = t.nums[2].digits;
      }
      if (t.nums[2].digits <= 2) r.twoDigitYears = true;
      const int64_t a = t.nums[0].value, b = t.nums[1].value;
      if (a > 12 && b <= 12) {
        if (!r.dayFirstOnly) dayExample = std::string(v);
        r.dayFirstOnly += times;
      } else if (b > 12 && a <= 12) {
        if (!r.monthFirstOnly) monthExample = std::string(v);
        r.monthFirstOnly += times;
      }
      continue;
    }
    other += times;
    if (firstOther.empty()) firstOther = std::string(v);
  }
  if (forced) {
    r.format = *forced;
  } else {
    r.format.order = DateOrder::DMY;
    if (r.dayFirstOnly && r.monthFirstOnly) {
      r.conflicting = true;
      if (r.monthFirstOnly > r.dayFirstOnly) r.format.order = DateOrder::MDY;
    } else if (r.monthFirstOnly) {
      r.format.order = DateOrder::MDY;
    } else if (!r.dayFirstOnly && numericTriples) {
      r.ambiguous = true;
    }
  }
  // What the note describes: the numeric layout when there is one, else the most common other kind.
  if (numericTriples) {
    r.layout = numericLayout(r.format.order, sep, yearDigits);
    if (r.conflicting) {
      r.example = r.format.order == DateOrder::DMY ? dayExample : monthExample;
      r.counterExample = r.format.order == DateOrder::DMY ? monthExample : dayExample;
    } else {
      r.example = r.format.order == DateOrder::MDY && !monthExample.empty() ? monthExample
                  : !dayExample.empty()                                      ? dayExample
                                                                             : firstNumeric;
    }
  } else if (monthNames >= compact && monthNames) {
    r.layout = "dates with month names";
    r.example = firstMonthName;
  } else if (compact) {
    r.layout = "yyyymmdd";
    r.example = firstCompact;
  } else if (other) {
    r.layout = "other layouts";
    r.example = firstOther;
  }
  return r;
}

std::string DateDetection::note(const std::string& column) const {
  std::string s = column + ": ";
  if (format.forced && !format.pattern.empty()) {
    s += "read with --date-format '" + format.pattern + "'";
  } else if (format.forced) {
    if (allIso) return "";
    s += "numeric dates read " + std::string(format.order == DateOrder::DMY ? "day-first" : format.order == DateOrder::MDY ? "month-first" : "year-first") +
         " (--date-format " + dateOrderName(format.order) + ")";
  } else if (allIso) {
    return "";
  } else if (ambiguous) {
    s += "no value tells day-first from month-first (e.g. " + example + "); " + layout +
         " assumed; use --date-format mdy if the file is month-first";
  } else if (conflicting) {
    s += "some values are day-first only (e.g. " +
         (format.order == DateOrder::DMY ? example : counterExample) + "), others month-first only (e.g. " +
         (format.order == DateOrder::DMY ? counterExample : example) + "); " + layout +
         " assumed, the other values are reported as invalid";
  } else {
    s += layout + " assumed from values like " + example;
  }
  if (twoDigitYears) s += "; two-digit years read as 1970-2069 (00-69 as 20xx, 70-99 as 19xx)";
  return s;
}

}  // namespace geo
