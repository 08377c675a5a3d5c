// Timeline layout as pure code (no ImGui): time <-> pixel mapping and calendar-aware axis ticks.
// Unit-tested in tests/app/; the panel only draws what this computes.
#pragma once
#include <string>
#include <vector>

#include "geo/time.hpp"

namespace app {

// Pixel position of a time on an axis [x0, x0 + width] showing [start, end]. Integer subtraction
// first, then double: exact at a 1-hour view inside a 50-year dataset.
inline double timeToX(geo::Seconds t, geo::Seconds start, geo::Seconds end, double x0, double width) {
  return x0 + double(t - start) * width / double(end - start);
}
inline geo::Seconds xToTime(double x, geo::Seconds start, geo::Seconds end, double x0, double width) {
  return start + geo::Seconds((x - x0) / width * double(end - start));
}

enum class TickUnit { Hour, Day, Week, Month, Year };

struct TickLevel {
  TickUnit unit;
  int step;
  double approxSeconds;  // typical length of one step
};

struct Tick {
  geo::Seconds t;
  double x;           // px
  std::string label;  // empty for unlabelled minor ticks
};

struct AxisTicks {
  std::vector<Tick> major;   // upper row: the coarse context (years above months, months above days)
  std::vector<Tick> minor;   // lower row: labelled fine ticks
  std::vector<Tick> fine;    // unlabelled marks of the next finer unit (e.g. months under years)
  TickLevel majorLevel, minorLevel;
};

// Times of the ticks of a level that fall in [start, end], aligned to the calendar.
std::vector<geo::Seconds> tickTimes(const TickLevel& level, geo::Seconds start, geo::Seconds end);
std::string tickLabel(const TickLevel& level, geo::Seconds t, bool context);

// minLabelPx: the least spacing between labelled ticks (label width plus a gap).
AxisTicks computeTicks(geo::Seconds start, geo::Seconds end, double x0, double width, double minLabelPx);

// Minimum and maximum visible span of the timeline (1 hour .. 200 years).
constexpr geo::Seconds kMinSpan = 3600;
constexpr geo::Seconds kMaxSpan = geo::Seconds(200) * 365 * 86400;

}  // namespace app
