// Timeline layout as pure code (no ImGui): time <-> pixel mapping, calendar-aware axis ticks, the
// culled and folded list of items to draw in each lane, and the density histogram. Unit-tested in
// tests/app/ and benchmarked in bench/; the panel (timeline_panel.cpp) only draws what this computes.
// Sections: mapping; ticks; items; density; time-mode fading; navigation helpers.
#pragma once
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "geo/event_columns.hpp"
#include "geo/time.hpp"

namespace app {

// --- mapping ---------------------------------------------------------------------------------------
// Pixel position of a time on an axis [x0, x0 + width] showing [start, end]. Integer subtraction
// first, then double: exact at a 1-hour view inside a 50-year dataset.
inline double timeToX(geo::Seconds t, geo::Seconds start, geo::Seconds end, double x0, double width) {
  return x0 + double(t - start) * width / double(end - start);
}
inline geo::Seconds xToTime(double x, geo::Seconds start, geo::Seconds end, double x0, double width) {
  return start + geo::Seconds(std::llround((x - x0) / width * double(end - start)));
}

// Minimum and maximum visible span of the timeline (1 hour .. 100 billion years: cosmological
// timelines, which TimelineJS supports, span 13.8 billion years; twice that still fits int64 seconds).
constexpr geo::Seconds kMinSpan = 3600;
constexpr geo::Seconds kMaxSpan = geo::Seconds(100000000000LL) * 365 * 86400;

// The visible window: [t0, t1] drawn over window pixels [x0, x0 + width].
struct TimelineView {
  geo::Seconds t0 = 0, t1 = 1;
  double x0 = 0, width = 1;
  double x(geo::Seconds t) const { return timeToX(t, t0, t1, x0, width); }
  geo::Seconds time(double px) const { return xToTime(px, t0, t1, x0, width); }
  double pxPerSecond() const { return width / double(t1 - t0); }
};

// Zooms a view by factor (< 1 zooms in) keeping the time under pixel px where it is; the span is
// clamped to [kMinSpan, kMaxSpan].
void zoomAround(geo::Seconds& start, geo::Seconds& end, double px, double x0, double width, double factor);

// --- ticks -----------------------------------------------------------------------------------------
enum class TickUnit { Minute, Hour, Day, Week, Month, Year };

struct TickLevel {
  TickUnit unit;
  int64_t step;  // years: 1, 2, 5 ... up to 10^11 (levels past the table's 100 are made as needed)
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

// The table of tick levels, finest first.
const TickLevel* tickLevels(int& count);
// Shortest real length of one step of a level (February, a common year): spacing is never less.
double minStepSeconds(const TickLevel& level);
// Times of the ticks of a level that fall in [start, end], aligned to the calendar. Never more than
// kMaxTicks (a level far too fine for the span gives none rather than millions).
constexpr size_t kMaxTicks = 20000;
std::vector<geo::Seconds> tickTimes(const TickLevel& level, geo::Seconds start, geo::Seconds end);
std::string tickLabel(const TickLevel& level, geo::Seconds t, bool context);

// minLabelPx: the least spacing between labelled ticks (label width plus a gap).
AxisTicks computeTicks(geo::Seconds start, geo::Seconds end, double x0, double width, double minLabelPx);

// --- items -----------------------------------------------------------------------------------------
enum class ItemKind : uint8_t {
  Marker,    // an instant known to the day or better: a symbol at x0 (x1: end of its day when wide)
  Interval,  // an instant known only to the week/month/year: faded over its whole possible interval
  Bar,       // a span (first .. last)
  Cluster,   // `count` events folded together because each was narrower than minItemPx
  Overflow,  // events that found no free sub-row: counted, drawn as a strip at the lane's foot
};

struct LayoutItem {
  float x0 = 0, x1 = 0;           // px, window space, clamped to the view +- 10 px
  geo::Seconds first = 0, last = 0;  // time covered (for clusters: earliest first .. latest last)
  uint32_t event = 0;              // representative event (the earliest), index into the columns
  uint32_t count = 1;              // events in the item
  uint32_t begin = 0;              // Cluster: members are lanes[lane].classes[cls].event[begin, begin + count)
  uint16_t lane = 0;
  uint8_t cls = 0;
  uint8_t row = 0;                 // sub-row inside the lane, 0 at the top
  ItemKind kind = ItemKind::Marker;
};

struct LayoutParams {
  float minItemPx = 3.0f;     // items narrower than this fold into clusters
  float markerHalfPx = 5.0f;  // half-width a marker occupies
  float gapPx = 2.0f;         // free space kept between items of one sub-row
  float maxClusterPx = 48.0f; // a dense run is cut into clusters at most this wide
  int maxRows = 4;            // sub-rows per lane; items that fit in none overflow
};

struct TimelineLayout {
  std::vector<LayoutItem> items;
  std::vector<int> rows;        // per lane: sub-rows used (at least 1)
  size_t eventsInView = 0;      // events overlapping the view, folded or not
  // Scratch, kept between frames to avoid allocations.
  std::vector<uint64_t> occupancy;
  struct OverflowBin {
    uint32_t count = 0, event = 0;
    geo::Seconds first = 0, last = 0;
  };
  std::vector<OverflowBin> overflow;
};

// Culls and folds the events of every lane for a view. laneRows[l] (optional) caps the sub-rows of
// lane l (1 for a collapsed lane). Pure; O(items drawn x log n), not O(n).
void layoutTimeline(const geo::EventColumns& c, const geo::LaneIndex& idx, const TimelineView& view,
                    const LayoutParams& p, const std::vector<int>& laneRows, TimelineLayout& out);

// --- density ---------------------------------------------------------------------------------------
struct Density {
  TickLevel level{TickUnit::Year, 1, 365.25 * 86400};
  std::vector<geo::Seconds> edges;  // bin i is [edges[i], edges[i + 1]), calendar-aligned
  std::vector<uint32_t> counts;     // bin-major: counts[bin * lanes + lane], events by earliest time
  std::vector<uint32_t> totals;     // per bin
  uint32_t maxTotal = 0;
  int lanes = 0;
};
// Bins of the finest calendar level at least minBinPx wide.
void computeDensity(const geo::LaneIndex& idx, const TimelineView& view, double minBinPx, Density& out);

// --- time-mode fading ------------------------------------------------------------------------------
// Opacity of a timeline item under the shared time mode (the same rule as the map's symbols,
// app/map_panel.cpp fadeOf, so both views agree):
//  - hidden by the mode or the range brush (not begun yet in cumulative mode, outside the window):
//    kHiddenAlpha;
//  - cumulative mode, over before the playhead: fades with age, 1 - 0.55 * age / visible span, never
//    under 0.45 (age = playhead - last; the span is the timeline's visible span);
//  - cumulative or window mode, begun but still uncertain (the playhead is before `certainFrom`, the
//    latest time its start may be: the end of its day/week/month/year): kUncertainAlpha, until then;
//  - otherwise 1. All mode shows everything at 1 (the brush still hides).
// mode: 0 cumulative, 1 window, 2 all (app::TimeMode's values). Times in seconds UTC, inclusive.
constexpr float kHiddenAlpha = 0.3f;
constexpr float kUncertainAlpha = 0.55f;
struct FadeRule {
  int mode = 0;
  geo::Seconds playhead = 0, windowS = 0, viewSpan = 1;
  bool hasRange = false;
  geo::Seconds rangeStart = 0, rangeEnd = 0;
};
float itemAlpha(const FadeRule& r, geo::Seconds first, geo::Seconds last, geo::Seconds certainFrom);
// Latest time an event's start may be: the end of the interval its precision stands for (an instant
// known to the day or better: its own first).
geo::Seconds latestStart(geo::Seconds first, geo::Precision p);

// --- navigation helpers ----------------------------------------------------------------------------
// Parses what users type into "go to": "2022-09-13", "2022-09", "1994", "Sep 2022", "September 2022",
// "13 Sep 2022", "Sep 13, 2022", "2022-09-13 05:00". The result carries the precision and its bounds.
bool parseGoToDate(const std::string& text, geo::TimeValue& out);
// The view to show for a value of a precision: its interval with some context around it.
void viewForInterval(geo::Seconds first, geo::Seconds last, geo::Seconds& start, geo::Seconds& end);

// Smooth zoom: how long a preset / double-click / go-to move of the visible range takes (s).
constexpr double kZoomAnimSeconds = 0.25;
// The view at fraction t (0..1, already eased) of the way from [a0, a1] to [b0, b1] along van Wijk and
// Nuij's optimal zoom-and-pan path (as d3.interpolateZoom, in one dimension): a far jump zooms out,
// pans and zooms in, so the eye never sweeps through decades at one zoom; a pure zoom keeps the
// fixed point still. t = 0 and t = 1 give the ends exactly.
void zoomPath(geo::Seconds a0, geo::Seconds a1, geo::Seconds b0, geo::Seconds b1, double t, geo::Seconds& start,
              geo::Seconds& end);
// Ease in and out (cubic) of a fraction clamped to 0..1.
double easeInOutCubic(double t);

}  // namespace app
