// Dates as files in the wild write them: detecting a column's layout from its values and parsing
// non-ISO dates ("03 December 2020", "9-May-20", "26/10/25", "3/3/2022", "January 16, 1967",
// "March 1972", "20180312") as well as ISO 8601. Pure code: no GDAL, no I/O.
//
// Two-digit years: 00-69 are read as 2000-2069 and 70-99 as 1970-1999 (the POSIX strptime rule);
// detection says so in its note whenever a column has them.
#pragma once
#include <cstddef>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "geo/time.hpp"

namespace geo {

// Order of the day, month and year fields in an all-numeric date such as 03/04/2020.
enum class DateOrder : uint8_t { DMY, MDY, YMD };
const char* dateOrderName(DateOrder o);  // "dmy", "mdy", "ymd"

struct DateFormat {
  DateOrder order = DateOrder::DMY;  // for numeric dates; ISO, yyyymmdd and month names are self-describing
  std::string pattern;               // a strftime pattern from --date-format (contains '%'); overrides all
  bool forced = false;               // given by --date-format rather than detected
};

// Reads --date-format: "dmy", "mdy", "ymd" (any case) or a strftime pattern (containing '%').
bool parseDateFormatOption(std::string_view text, DateFormat& out, std::string* error = nullptr);

// Parses one date. With a pattern, only the pattern is tried. Otherwise: ISO 8601 (full or partial,
// with time and zone), yyyymmdd, dates with a month name in any usual order, numeric dates with / - .
// separators in fmt.order (a 4-digit first field always means year first), and month/year pairs
// ("03/2022"). An optional time of day follows after a space or 'T' ("3/3/2022 14:30", "2:30 PM").
// The precision is what the text carries (year, month, day, minute...). On failure *error says why,
// quoting the text: "'2020-02-30' is not a valid date (February 2020 has 29 days)".
bool parseDate(std::string_view text, const DateFormat& fmt, TimeValue& out, std::string* error = nullptr);

// strptime-like parsing with our own code: %Y (signed, any digits) %y %m %d %e %b %B %h %H %M %S %j
// %p %%; a space matches any run of spaces; other characters match themselves.
bool parseDatePattern(std::string_view text, std::string_view pattern, TimeValue& out, std::string* error = nullptr);

// What a column's values say about its layout.
struct DateDetection {
  DateFormat format;             // what to parse the column with
  bool allIso = true;            // no value needed a layout assumed (ISO 8601, or unreadable junk)
  bool ambiguous = false;        // numeric dates, none of which tells day-first from month-first
  bool conflicting = false;      // some values are day-first only, others month-first only
  bool twoDigitYears = false;    // some values have a two-digit year
  size_t values = 0;             // non-empty values seen
  size_t dayFirstOnly = 0, monthFirstOnly = 0;  // numeric values that decide the order
  std::string layout;            // "day-first (DD/MM/YY)", "month-first (M/D/YYYY)", "yyyymmdd", ...
  std::string example;           // a value the decision rests on
  std::string counterExample;    // for conflicting columns: a value of the other order

  // A sentence for the UI: "event_date: day-first (DD/MM/YY) assumed from values like 26/10/25;
  // two-digit years read as 1970-2069 (00-69 -> 20xx)". Empty when all values are ISO 8601.
  std::string note(const std::string& column) const;
};

// A column's values as detection needs them: each distinct value once, in the order of its first
// appearance, with how often it appears (a million rows of dates hold a few thousand distinct ones).
class DateValueTally {
 public:
  void add(std::string_view value, size_t times = 1);
  // Another tally's values after this one's (as if its column's rows came after these).
  void merge(const DateValueTally& later);
  size_t distinct() const { return values_.size(); }
  const std::string& value(size_t k) const { return values_[k]; }
  size_t count(size_t k) const { return counts_[k]; }

 private:
  std::deque<std::string> values_;  // a deque: the index's keys point into these
  std::vector<size_t> counts_;
  std::unordered_map<std::string_view, size_t> index_;
};

// Looks at every value of a column (empty ones are ignored). `forced` (optional) is --date-format:
// it then decides, and the detection only fills in what the note needs.
DateDetection detectDateFormat(const DateValueTally& values, const DateFormat* forced = nullptr);
DateDetection detectDateFormat(const std::vector<std::string>& values, const DateFormat* forced = nullptr);

// A time value for calendar parts with the precision they allow: month 0 = year precision, day 0 =
// month precision; hour < 0 = date only; minute < 0 = hour precision; second < 0 = minute precision.
// Years may be negative (astronomical numbering: 0 = 1 BC) or far from today. False when a part is
// out of range (then *error says which).
bool makeTimeValue(int64_t year, int month, int day, int hour, int minute, int second, TimeValue& out,
                   std::string* error = nullptr);

// 1-12 for "jan", "January", "Sept"... (English names and 3-letter abbreviations, any case); 0 if none.
int monthFromName(std::string_view word);

}  // namespace geo
