#include "app/timeline_layout.hpp"

#include <cmath>
#include <cstdio>

namespace app {

namespace {
const char* kMonth[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
const TickLevel kLevels[] = {
    {TickUnit::Hour, 1, 3600},          {TickUnit::Hour, 3, 3 * 3600},       {TickUnit::Hour, 6, 6 * 3600},
    {TickUnit::Hour, 12, 12 * 3600},    {TickUnit::Day, 1, 86400},           {TickUnit::Week, 1, 7 * 86400},
    {TickUnit::Month, 1, 30.44 * 86400}, {TickUnit::Month, 3, 91.3 * 86400},  {TickUnit::Month, 6, 182.6 * 86400},
    {TickUnit::Year, 1, 365.25 * 86400}, {TickUnit::Year, 2, 730.5 * 86400},  {TickUnit::Year, 5, 1826 * 86400.0},
    {TickUnit::Year, 10, 3652 * 86400.0}, {TickUnit::Year, 20, 7305 * 86400.0}, {TickUnit::Year, 50, 18262 * 86400.0},
    {TickUnit::Year, 100, 36525 * 86400.0}};
constexpr int kLevelCount = int(sizeof kLevels / sizeof kLevels[0]);

int64_t floorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

void ymd(geo::Seconds t, int64_t& y, unsigned& m, unsigned& d) {
  geo::civilFromDays(floorDiv(t, 86400), y, m, d);
}

// The coarser unit that gives context to a level: hours -> days, days/weeks -> months, months -> years.
TickLevel contextOf(const TickLevel& l) {
  switch (l.unit) {
    case TickUnit::Hour: return kLevels[4];
    case TickUnit::Day:
    case TickUnit::Week: return kLevels[6];
    case TickUnit::Month: return kLevels[9];
    case TickUnit::Year: {
      const int s = l.step < 10 ? 10 : l.step < 50 ? 50 : 100 * ((l.step + 99) / 100) * 5;
      return {TickUnit::Year, s, s * 365.25 * 86400};
    }
  }
  return l;
}
}  // namespace

std::vector<geo::Seconds> tickTimes(const TickLevel& lv, geo::Seconds start, geo::Seconds end) {
  std::vector<geo::Seconds> out;
  if (end <= start) return out;
  int64_t y;
  unsigned m, d;
  ymd(start, y, m, d);
  switch (lv.unit) {
    case TickUnit::Hour:
    case TickUnit::Day:
    case TickUnit::Week: {
      const geo::Seconds len = lv.unit == TickUnit::Hour ? 3600 * geo::Seconds(lv.step)
                               : lv.unit == TickUnit::Day ? 86400 * geo::Seconds(lv.step)
                                                          : 7 * 86400;
      // Weeks start on Monday: 1970-01-05 was a Monday.
      const geo::Seconds origin = lv.unit == TickUnit::Week ? 4 * 86400 : 0;
      for (geo::Seconds t = floorDiv(start - origin, len) * len + origin; t <= end; t += len)
        if (t >= start) out.push_back(t);
      return out;
    }
    case TickUnit::Month: {
      int64_t mi = y * 12 + (m - 1);
      mi = floorDiv(mi, lv.step) * lv.step;
      for (;; mi += lv.step) {
        const geo::Seconds t = geo::makeTime(floorDiv(mi, 12), unsigned(mi - floorDiv(mi, 12) * 12 + 1), 1);
        if (t > end) break;
        if (t >= start) out.push_back(t);
      }
      return out;
    }
    case TickUnit::Year: {
      for (int64_t yy = floorDiv(y, lv.step) * lv.step;; yy += lv.step) {
        const geo::Seconds t = geo::makeTime(yy, 1, 1);
        if (t > end) break;
        if (t >= start) out.push_back(t);
      }
      return out;
    }
  }
  return out;
}

std::string tickLabel(const TickLevel& lv, geo::Seconds t, bool context) {
  int64_t y;
  unsigned m, d;
  ymd(t, y, m, d);
  char buf[48];
  switch (lv.unit) {
    case TickUnit::Year: std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(y)); break;
    case TickUnit::Month:
      if (context) std::snprintf(buf, sizeof buf, "%s %lld", kMonth[m - 1], static_cast<long long>(y));
      else std::snprintf(buf, sizeof buf, "%s", kMonth[m - 1]);
      break;
    case TickUnit::Day:
    case TickUnit::Week:
      if (context) std::snprintf(buf, sizeof buf, "%u %s %lld", d, kMonth[m - 1], static_cast<long long>(y));
      else std::snprintf(buf, sizeof buf, "%u", d);
      break;
    case TickUnit::Hour: {
      const int64_t h = floorDiv(t, 3600) - floorDiv(t, 86400) * 24;
      std::snprintf(buf, sizeof buf, "%02lld:00", static_cast<long long>(h));
      break;
    }
  }
  return buf;
}

AxisTicks computeTicks(geo::Seconds start, geo::Seconds end, double x0, double width, double minLabelPx) {
  AxisTicks out{};
  if (end <= start || width <= 0) return out;
  const double pxPerSecond = width / double(end - start);
  int li = kLevelCount - 1;
  for (int i = 0; i < kLevelCount; ++i) {
    // Labels of months and days are short; of years too. Hours need a little more room.
    const double need = kLevels[i].unit == TickUnit::Hour ? minLabelPx * 1.3 : minLabelPx;
    if (kLevels[i].approxSeconds * pxPerSecond >= need) {
      li = i;
      break;
    }
  }
  out.minorLevel = kLevels[li];
  out.majorLevel = contextOf(kLevels[li]);
  for (geo::Seconds t : tickTimes(out.minorLevel, start, end))
    out.minor.push_back({t, timeToX(t, start, end, x0, width), tickLabel(out.minorLevel, t, false)});
  // The context row always has a label at the left edge, for the period the view starts in.
  std::vector<geo::Seconds> major = tickTimes(out.majorLevel, start, end);
  {
    std::vector<geo::Seconds> before = tickTimes(out.majorLevel, start - geo::Seconds(out.majorLevel.approxSeconds * 1.1), start);
    if (!before.empty() && (major.empty() || major.front() != start)) major.insert(major.begin(), before.back());
  }
  for (geo::Seconds t : major)
    out.major.push_back({t, timeToX(t, start, end, x0, width), tickLabel(out.majorLevel, t, true)});
  // Unlabelled marks of the next finer unit (months under years, days under months, hours under
  // days), at the finest step of that unit that keeps them at least 4 px apart.
  TickUnit finer = TickUnit::Hour;
  switch (out.minorLevel.unit) {
    case TickUnit::Year: finer = TickUnit::Month; break;
    case TickUnit::Month: finer = TickUnit::Day; break;
    case TickUnit::Week: finer = TickUnit::Day; break;
    case TickUnit::Day: finer = TickUnit::Hour; break;
    case TickUnit::Hour: finer = TickUnit::Hour; break;
  }
  if (finer != out.minorLevel.unit) {
    for (int i = 0; i < li; ++i) {
      if (kLevels[i].unit != finer || kLevels[i].approxSeconds * pxPerSecond < 4.0) continue;
      std::vector<geo::Seconds> ft = tickTimes(kLevels[i], start, end);
      if (ft.size() < 4000)
        for (geo::Seconds t : ft) out.fine.push_back({t, timeToX(t, start, end, x0, width), {}});
      break;
    }
  }
  return out;
}

}  // namespace app
