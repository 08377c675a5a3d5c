// Sections: ticks; items (cull, fold, stack); density; navigation helpers.
#include "app/timeline_layout.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace app {

namespace {
const char* kMonth[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
const TickLevel kLevels[] = {
    {TickUnit::Minute, 5, 300},          {TickUnit::Minute, 10, 600},         {TickUnit::Minute, 15, 900},
    {TickUnit::Minute, 30, 1800},        {TickUnit::Hour, 1, 3600},           {TickUnit::Hour, 3, 3 * 3600},
    {TickUnit::Hour, 6, 6 * 3600},       {TickUnit::Hour, 12, 12 * 3600},     {TickUnit::Day, 1, 86400},
    {TickUnit::Week, 1, 7 * 86400},      {TickUnit::Month, 1, 30.44 * 86400}, {TickUnit::Month, 3, 91.3 * 86400},
    {TickUnit::Month, 6, 182.6 * 86400}, {TickUnit::Year, 1, 365.25 * 86400}, {TickUnit::Year, 2, 730.5 * 86400},
    {TickUnit::Year, 5, 1826 * 86400.0}, {TickUnit::Year, 10, 3652 * 86400.0}, {TickUnit::Year, 20, 7305 * 86400.0},
    {TickUnit::Year, 50, 18262 * 86400.0}, {TickUnit::Year, 100, 36525 * 86400.0}};
constexpr int kLevelCount = int(sizeof kLevels / sizeof kLevels[0]);

int64_t floorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

void ymd(geo::Seconds t, int64_t& y, unsigned& m, unsigned& d) {
  geo::civilFromDays(floorDiv(t, 86400), y, m, d);
}

TickLevel levelOf(TickUnit u, int64_t step) {
  for (const TickLevel& l : kLevels)
    if (l.unit == u && l.step == step) return l;
  return kLevels[0];
}

// The coarser unit that gives context to a level: minutes/hours -> days, days/weeks -> months,
// months -> years, years -> decades or centuries.
TickLevel contextOf(const TickLevel& l) {
  switch (l.unit) {
    case TickUnit::Minute:
    case TickUnit::Hour: return levelOf(TickUnit::Day, 1);
    case TickUnit::Day:
    case TickUnit::Week: return levelOf(TickUnit::Month, 1);
    case TickUnit::Month: return levelOf(TickUnit::Year, 1);
    case TickUnit::Year: {
      if (l.step <= 100) {
        const int64_t s = l.step < 10 ? 10 : l.step < 50 ? 50 : 500;
        return {TickUnit::Year, s, double(s) * 365.25 * 86400};
      }
      // Past the table (deep time): the next power of ten above the step, 1-2-5 steps.
      int64_t s = 10;
      while (s <= l.step && s < 100000000000LL) s *= 10;
      return {TickUnit::Year, s, double(s) * 365.25 * 86400};
    }
  }
  return l;
}

// The finest level whose shortest step spans at least `need` px; past the table's coarsest (100
// years), year steps of 200, 500, 1000, 2000 ... (deep time: a 13.8-billion-year view).
TickLevel pickLevel(double pxPerSecond, double need, bool clockWider, int* index) {
  for (int i = 0; i < kLevelCount; ++i) {
    const bool clock = kLevels[i].unit == TickUnit::Hour || kLevels[i].unit == TickUnit::Minute;
    if (minStepSeconds(kLevels[i]) * pxPerSecond >= (clock && clockWider ? need * 1.3 : need)) {
      if (index) *index = i;
      return kLevels[i];
    }
  }
  if (index) *index = kLevelCount;
  const int64_t mult[3] = {2, 5, 10};
  for (int64_t decade = 100; decade <= 100000000000LL; decade *= 10)
    for (int64_t m : mult) {
      const TickLevel l{TickUnit::Year, decade * m, double(decade * m) * 365.25 * 86400};
      if (minStepSeconds(l) * pxPerSecond >= need || decade * m >= 100000000000LL) return l;
    }
  return kLevels[kLevelCount - 1];
}
}  // namespace

// --- ticks -----------------------------------------------------------------------------------------
const TickLevel* tickLevels(int& count) {
  count = kLevelCount;
  return kLevels;
}

double minStepSeconds(const TickLevel& l) {
  switch (l.unit) {
    case TickUnit::Month: return l.step == 1 ? 28 * 86400.0 : l.step == 3 ? 89 * 86400.0 : 181 * 86400.0;
    case TickUnit::Year: return double(l.step) * 365.0 * 86400.0;
    default: return l.approxSeconds;
  }
}

std::vector<geo::Seconds> tickTimes(const TickLevel& lv, geo::Seconds start, geo::Seconds end) {
  std::vector<geo::Seconds> out;
  if (end <= start) return out;
  // A level far too fine for the span would make millions of ticks (a year level over 13.8
  // billion years took minutes and all memory): none instead.
  if (double(end - start) / std::max(1.0, minStepSeconds(lv)) > double(kMaxTicks)) return out;
  int64_t y;
  unsigned m, d;
  ymd(start, y, m, d);
  switch (lv.unit) {
    case TickUnit::Minute:
    case TickUnit::Hour:
    case TickUnit::Day:
    case TickUnit::Week: {
      const geo::Seconds len = lv.unit == TickUnit::Minute ? 60 * geo::Seconds(lv.step)
                               : lv.unit == TickUnit::Hour ? 3600 * geo::Seconds(lv.step)
                               : lv.unit == TickUnit::Day  ? 86400 * geo::Seconds(lv.step)
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
    case TickUnit::Year: {
      // Deep time reads in millions and billions of years ("-13.6 bn", "-66 m"); the calendar's
      // years as they are.
      const long long a = y < 0 ? -static_cast<long long>(y) : static_cast<long long>(y);
      const char* sign = y < 0 ? "-" : "";
      if (a >= 1000000000LL && a % 100000000LL == 0) std::snprintf(buf, sizeof buf, "%s%g bn", sign, double(a) / 1e9);
      else if (a >= 1000000LL && a % 100000LL == 0) std::snprintf(buf, sizeof buf, "%s%g m", sign, double(a) / 1e6);
      else if (a >= 100000LL && a % 1000LL == 0) std::snprintf(buf, sizeof buf, "%s%lld k", sign, a / 1000);
      else std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(y));
      break;
    }
    case TickUnit::Month:
      if (context) std::snprintf(buf, sizeof buf, "%s %lld", kMonth[m - 1], static_cast<long long>(y));
      else std::snprintf(buf, sizeof buf, "%s", kMonth[m - 1]);
      break;
    case TickUnit::Day:
    case TickUnit::Week:
      if (context) std::snprintf(buf, sizeof buf, "%u %s %lld", d, kMonth[m - 1], static_cast<long long>(y));
      else std::snprintf(buf, sizeof buf, "%u", d);
      break;
    case TickUnit::Hour:
    case TickUnit::Minute: {
      const int64_t secOfDay = t - floorDiv(t, 86400) * 86400;
      std::snprintf(buf, sizeof buf, "%02lld:%02lld", static_cast<long long>(secOfDay / 3600),
                    static_cast<long long>(secOfDay / 60 % 60));
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
  // "05:30" needs a little more room than "Sep" or "1994"; deep-time labels ("-13.6 bn") more still.
  out.minorLevel = pickLevel(pxPerSecond, minLabelPx, true, &li);
  if (li == kLevelCount) out.minorLevel = pickLevel(pxPerSecond, minLabelPx * 1.8, true, &li);
  out.majorLevel = contextOf(out.minorLevel);
  for (geo::Seconds t : tickTimes(out.minorLevel, start, end))
    out.minor.push_back({t, timeToX(t, start, end, x0, width), tickLabel(out.minorLevel, t, false)});
  // The context row always has a label at the left edge, for the period the view starts in.
  std::vector<geo::Seconds> major = tickTimes(out.majorLevel, start, end);
  {
    std::vector<geo::Seconds> before =
        tickTimes(out.majorLevel, start - geo::Seconds(out.majorLevel.approxSeconds * 1.1), start);
    if (!before.empty() && (major.empty() || major.front() != start)) major.insert(major.begin(), before.back());
  }
  for (geo::Seconds t : major)
    out.major.push_back({t, timeToX(t, start, end, x0, width), tickLabel(out.majorLevel, t, true)});
  // Unlabelled marks of the next finer unit (months under years, days under months, hours under
  // days), at the finest step of that unit that keeps them at least 4 px apart.
  TickUnit finer = out.minorLevel.unit;
  switch (out.minorLevel.unit) {
    case TickUnit::Year: finer = TickUnit::Month; break;
    case TickUnit::Month:
    case TickUnit::Week: finer = TickUnit::Day; break;
    case TickUnit::Day: finer = TickUnit::Hour; break;
    case TickUnit::Hour: finer = TickUnit::Minute; break;
    case TickUnit::Minute: break;
  }
  if (finer != out.minorLevel.unit) {
    for (int i = 0; i < std::min(li, kLevelCount); ++i) {
      if (kLevels[i].unit != finer || kLevels[i].approxSeconds * pxPerSecond < 4.0) continue;
      std::vector<geo::Seconds> ft = tickTimes(kLevels[i], start, end);
      if (ft.size() < 4000)
        for (geo::Seconds t : ft) out.fine.push_back({t, timeToX(t, start, end, x0, width), {}});
      break;
    }
  }
  return out;
}

void zoomAround(geo::Seconds& start, geo::Seconds& end, double px, double x0, double width, double factor) {
  if (width <= 0 || end <= start) return;
  const double frac = std::clamp((px - x0) / width, 0.0, 1.0);
  // The time under the pointer, kept as an offset from start in double (exact to well under a second).
  const double offset = frac * double(end - start);
  const geo::Seconds tc = start + geo::Seconds(std::llround(offset));
  geo::Seconds span = geo::Seconds(std::llround(double(end - start) * factor));
  span = std::clamp(span, kMinSpan, kMaxSpan);
  start = tc - geo::Seconds(std::llround(frac * double(span)));
  end = start + span;
}

// --- items -----------------------------------------------------------------------------------------
namespace {
// Occupancy of the sub-rows of one lane: one bit per pixel column.
struct Rows {
  uint64_t* bits;
  int words, rows, cells;
  bool freeRange(int r, int a, int b) const {
    const uint64_t* w = bits + size_t(r) * size_t(words);
    for (int i = a >> 6; i <= (b >> 6); ++i) {
      uint64_t m = ~uint64_t(0);
      if (i == (a >> 6)) m &= ~uint64_t(0) << (a & 63);
      if (i == (b >> 6)) m &= ~uint64_t(0) >> (63 - (b & 63));
      if (w[i] & m) return false;
    }
    return true;
  }
  void mark(int r, int a, int b) {
    uint64_t* w = bits + size_t(r) * size_t(words);
    for (int i = a >> 6; i <= (b >> 6); ++i) {
      uint64_t m = ~uint64_t(0);
      if (i == (a >> 6)) m &= ~uint64_t(0) << (a & 63);
      if (i == (b >> 6)) m &= ~uint64_t(0) >> (63 - (b & 63));
      w[i] |= m;
    }
  }
  // First cell at or after a where some row is free (cells when none).
  int nextFree(int a) const {
    for (int i = a >> 6; i < words; ++i) {
      uint64_t all = ~uint64_t(0);
      for (int r = 0; r < rows; ++r) all &= bits[size_t(r) * size_t(words) + size_t(i)];
      if (i == (a >> 6)) all |= ~(~uint64_t(0) << (a & 63));  // cells before a count as full
      if (all != ~uint64_t(0)) {
        const int c = i * 64 + __builtin_ctzll(~all);
        return std::min(c, cells);
      }
    }
    return cells;
  }
};
}  // namespace

void layoutTimeline(const geo::EventColumns& c, const geo::LaneIndex& idx, const TimelineView& v,
                    const LayoutParams& p, const std::vector<int>& laneRows, TimelineLayout& out) {
  out.items.clear();
  out.eventsInView = 0;
  const size_t nLanes = idx.lanes.size();
  out.rows.assign(nLanes, 1);
  if (v.t1 <= v.t0 || v.width <= 0) return;
  const double pps = v.pxPerSecond();
  // time -> px with one multiply (the hot loop calls it per item; a divide costs 5x more).
  const geo::Seconds vt0 = v.t0;
  const double vx0 = v.x0;
  auto X = [vt0, vx0, pps](geo::Seconds t) { return vx0 + double(t - vt0) * pps; };
  const double lo = v.x0 - 10.0, hi = v.x0 + v.width + 10.0;  // px kept; beyond is clamped
  const int cells = int(std::ceil(hi - lo)) + 1;
  const int words = (cells + 63) / 64;
  const int maxRows = std::max(1, p.maxRows);
  out.occupancy.assign(size_t(words) * size_t(maxRows), 0);
  constexpr double kBinPx = 6.0;  // overflow is counted per 6 px
  const int nBins = int((hi - lo) / kBinPx) + 2;
  const float clampLo = float(lo), clampHi = float(hi);
  auto clampX = [&](double x) { return float(std::clamp(x, lo, hi)); };
  auto cellOf = [&](double x) { return std::clamp(int(std::floor(x - lo)), 0, cells - 1); };

  for (size_t l = 0; l < nLanes; ++l) {
    const geo::LaneIndex::Lane& lane = idx.lanes[l];
    const int rowsCap = l < laneRows.size() ? std::clamp(laneRows[l], 1, maxRows) : maxRows;
    std::fill(out.occupancy.begin(), out.occupancy.end(), 0);
    Rows rows{out.occupancy.data(), words, rowsCap, cells};
    out.overflow.assign(size_t(nBins), {});
    int used = 1;
    auto overflowAdd = [&](double x, uint32_t n, uint32_t ev, geo::Seconds f, geo::Seconds la) {
      TimelineLayout::OverflowBin& b = out.overflow[size_t(std::clamp(int((x - lo) / kBinPx), 0, nBins - 1))];
      if (b.count == 0 || f < b.first) { b.first = f; b.event = ev; }
      if (b.count == 0 || la > b.last) b.last = la;
      b.count += n;
    };
    // Places an item in the first sub-row where [a, b] px (plus the gap) is free, else overflows it.
    auto place = [&](LayoutItem& it, double a, double b) {
      const int ca = cellOf(a), cb = cellOf(b + p.gapPx);
      for (int r = 0; r < rowsCap; ++r) {
        if (!rows.freeRange(r, ca, cb)) continue;
        rows.mark(r, ca, cb);
        it.row = uint8_t(r);
        used = std::max(used, r + 1);
        out.items.push_back(it);
        return;
      }
      overflowAdd(a, it.count, it.event, it.first, it.last);
    };
    // Shortest class first: instants and short spans get the top sub-rows, long spans stack below.
    for (size_t ci = lane.classes.size(); ci-- > 0;) {
      const geo::LaneIndex::LengthClass& k = lane.classes[ci];
      const geo::Seconds* F = k.first.data();
      const geo::Seconds* La = k.last.data();
      const size_t b0 = size_t(std::lower_bound(k.first.begin(), k.first.end(), v.t0 - k.maxDuration) - k.first.begin());
      const size_t e = size_t(std::upper_bound(k.first.begin() + long(b0), k.first.end(), v.t1) - k.first.begin());
      const double classPx = double(k.maxDuration + 1) * pps;
      const bool allTiny = classPx < p.minItemPx;  // every member is narrower than minItemPx: jump
      size_t i = b0;
      while (i < e) {
        const uint32_t ev = k.event[i];
        if (La[i] < v.t0) { ++i; continue; }
        const double xa = X(F[i]), xb = X(La[i] + 1);
        // Every sub-row is taken here: whatever starts before the next free pixel (within one
        // overflow bin) overflows; skip it with a binary search instead of one item at a time.
        const int ca = cellOf(xa);
        if (!rows.freeRange(rowsCap - 1, ca, ca) && rows.nextFree(ca) > ca) {
          const int nf = rows.nextFree(ca);
          const double binEnd = lo + (std::floor((xa - lo) / kBinPx) + 1) * kBinPx;
          const double stopPx = std::min(lo + double(nf), binEnd);
          const geo::Seconds stopT = v.time(stopPx);
          size_t j = size_t(std::lower_bound(k.first.begin() + long(i), k.first.begin() + long(e), stopT) - k.first.begin());
          if (j <= i) j = i + 1;
          overflowAdd(xa, uint32_t(j - i), ev, F[i], std::max(La[i], La[j - 1]));
          out.eventsInView += j - i;
          i = j;
          continue;
        }
        if (xb - xa >= p.minItemPx) {
          LayoutItem it;
          it.first = F[i];
          it.last = La[i];
          it.event = ev;
          it.lane = uint16_t(l);
          it.cls = uint8_t(ci);
          it.begin = uint32_t(i);
          it.x0 = clampX(xa);
          it.x1 = clampX(xb);
          const bool instant = !c.span[ev];
          it.kind = !instant ? ItemKind::Bar : c.precision[ev] < geo::Precision::Day ? ItemKind::Interval : ItemKind::Marker;
          ++out.eventsInView;
          if (it.kind == ItemKind::Marker) place(it, xa - p.markerHalfPx, std::max(xb, xa + p.markerHalfPx));
          else place(it, xa, xb);
          ++i;
          continue;
        }
        // A run of tiny items: fold everything that starts within minItemPx of the run's end.
        double cEnd = xb;
        geo::Seconds lastT = La[i];
        size_t j = i + 1;
        if (allTiny) {
          while (j < e && cEnd - xa <= p.maxClusterPx) {
            const geo::Seconds lim = v.time(cEnd + p.minItemPx);
            const size_t j2 = size_t(std::lower_bound(k.first.begin() + long(j), k.first.begin() + long(e), lim) - k.first.begin());
            if (j2 == j) break;
            j = j2;
            cEnd = std::max(cEnd, X(F[j - 1]) + classPx);
            lastT = std::max(lastT, La[j - 1]);
          }
        } else if (classPx < 4 * p.minItemPx) {
          // Members at most a few px wide: jump as above, and take the run's end from a tight scan
          // of their ends (a wide member folded in stretches the cluster by at most classPx).
          while (j < e && cEnd - xa <= p.maxClusterPx) {
            const geo::Seconds lim = v.time(cEnd + p.minItemPx);
            const size_t j2 = size_t(std::lower_bound(k.first.begin() + long(j), k.first.begin() + long(e), lim) - k.first.begin());
            if (j2 == j) break;
            geo::Seconds m = lastT;
            for (size_t q = j; q < j2; ++q) m = std::max(m, La[q]);
            lastT = m;
            cEnd = std::max(cEnd, X(m + 1));
            j = j2;
          }
        } else {
          while (j < e && cEnd - xa <= p.maxClusterPx) {
            const double ya = X(F[j]), yb = X(La[j] + 1);
            if (ya > cEnd + p.minItemPx || yb - ya >= p.minItemPx) break;
            cEnd = std::max(cEnd, yb);
            lastT = std::max(lastT, La[j]);
            ++j;
          }
        }
        LayoutItem it;
        it.first = F[i];
        it.last = lastT;
        it.event = ev;
        it.count = uint32_t(j - i);
        it.begin = uint32_t(i);
        it.lane = uint16_t(l);
        it.cls = uint8_t(ci);
        it.x0 = clampX(xa);
        out.eventsInView += j - i;
        if (it.count == 1) {
          const bool instant = !c.span[ev];
          it.kind = !instant ? ItemKind::Bar : c.precision[ev] < geo::Precision::Day ? ItemKind::Interval : ItemKind::Marker;
          if (it.kind == ItemKind::Marker) {
            it.x1 = clampX(xa);
            place(it, xa - p.markerHalfPx, xa + p.markerHalfPx);
          } else {
            it.x1 = clampX(xa + p.minItemPx);
            place(it, xa, xa + p.minItemPx);
          }
        } else {
          it.kind = ItemKind::Cluster;
          const double x1 = std::max(cEnd, xa + p.minItemPx);
          it.x1 = clampX(x1);
          place(it, xa, x1);
        }
        i = j;
      }
    }
    for (int bi = 0; bi < nBins; ++bi) {
      const TimelineLayout::OverflowBin& b = out.overflow[size_t(bi)];
      if (b.count == 0) continue;
      LayoutItem it;
      it.kind = ItemKind::Overflow;
      it.count = b.count;
      it.event = b.event;
      it.first = b.first;
      it.last = b.last;
      it.lane = uint16_t(l);
      it.row = uint8_t(rowsCap - 1);
      it.x0 = std::clamp(float(lo + bi * kBinPx), clampLo, clampHi);
      it.x1 = std::clamp(float(lo + (bi + 1) * kBinPx), clampLo, clampHi);
      out.items.push_back(it);
    }
    out.rows[l] = used;
  }
}

// --- density ---------------------------------------------------------------------------------------
void computeDensity(const geo::LaneIndex& idx, const TimelineView& v, double minBinPx, Density& out) {
  out.edges.clear();
  out.counts.clear();
  out.totals.clear();
  out.maxTotal = 0;
  out.lanes = int(idx.lanes.size());
  if (v.t1 <= v.t0 || v.width <= 0) return;
  const double pps = v.pxPerSecond();
  out.level = pickLevel(pps, minBinPx, false, nullptr);
  // Edges from the one at or before t0 to the one after t1.
  const geo::Seconds stepMax = geo::Seconds(out.level.approxSeconds * 1.2) + 86400;
  std::vector<geo::Seconds> e = tickTimes(out.level, v.t0 - stepMax, v.t1 + stepMax);
  size_t a = 0;
  while (a + 1 < e.size() && e[a + 1] <= v.t0) ++a;
  size_t b = e.size();
  while (b > a + 1 && e[b - 2] >= v.t1) --b;
  out.edges.assign(e.begin() + long(a), e.begin() + long(b));
  if (out.edges.size() < 2) return;
  const size_t bins = out.edges.size() - 1, L = idx.lanes.size();
  out.counts.assign(bins * L, 0);
  out.totals.assign(bins, 0);
  for (size_t l = 0; l < L; ++l)
    for (const geo::LaneIndex::LengthClass& k : idx.lanes[l].classes) {  // each event is in one class
      const std::vector<geo::Seconds>& f = k.first;
      auto it = std::lower_bound(f.begin(), f.end(), out.edges[0]);
      for (size_t bi = 0; bi < bins; ++bi) {
        auto next = std::lower_bound(it, f.end(), out.edges[bi + 1]);
        const uint32_t n = uint32_t(next - it);
        out.counts[bi * L + l] += n;
        out.totals[bi] += n;
        it = next;
      }
    }
  for (uint32_t t : out.totals) out.maxTotal = std::max(out.maxTotal, t);
}

// --- navigation helpers ----------------------------------------------------------------------------
namespace {
int monthFromName(const std::string& w) {
  static const char* kFull[12] = {"january", "february", "march", "april", "may", "june", "july", "august",
                                  "september", "october", "november", "december"};
  if (w.size() < 3) return 0;
  for (int i = 0; i < 12; ++i)
    if (std::strncmp(kFull[i], w.c_str(), w.size()) == 0) return i + 1;
  if (w == "sept") return 9;
  return 0;
}
}  // namespace

bool parseGoToDate(const std::string& text, geo::TimeValue& out) {
  if (geo::parseIso8601(text, out)) return true;
  // Words and numbers: "Sep 2022", "13 Sep 2022", "Sep 13, 2022", "September 2022".
  std::vector<std::string> words;
  std::vector<bool> numeric;
  std::string cur;
  auto flush = [&] {
    if (cur.empty()) return;
    words.push_back(cur);
    numeric.push_back(std::isdigit(static_cast<unsigned char>(cur[0])) != 0);
    cur.clear();
  };
  for (char ch : text) {
    const unsigned char u = static_cast<unsigned char>(ch);
    if (std::isalnum(u)) {
      if (!cur.empty() && (std::isdigit(u) != 0) != (std::isdigit(static_cast<unsigned char>(cur[0])) != 0)) flush();
      cur += char(std::tolower(u));
    } else {
      flush();
    }
  }
  flush();
  int month = 0;
  long long year = -1, day = -1;
  for (size_t i = 0; i < words.size(); ++i) {
    if (!numeric[i]) {
      if (words[i] == "st" || words[i] == "nd" || words[i] == "rd" || words[i] == "th") continue;
      const int m = monthFromName(words[i]);
      if (m == 0 || month != 0) return false;
      month = m;
    } else {
      const long long n = std::atoll(words[i].c_str());
      if (words[i].size() >= 3) {
        if (year >= 0) return false;
        year = n;
      } else {
        if (day >= 0) return false;
        day = n;
      }
    }
  }
  if (year < 0 || month == 0) return false;
  char iso[96];
  if (day >= 0) std::snprintf(iso, sizeof iso, "%04lld-%02d-%02lld", year, month, day);
  else std::snprintf(iso, sizeof iso, "%04lld-%02d", year, month);
  return geo::parseIso8601(iso, out);
}

void viewForInterval(geo::Seconds first, geo::Seconds last, geo::Seconds& start, geo::Seconds& end) {
  // The interval fills the middle 80 % of the view, and a day-or-shorter value shows its day with the
  // days around it.
  geo::Seconds len = std::max<geo::Seconds>(last - first + 1, 1);
  geo::Seconds pad = len / 8;
  if (len <= 86400) pad = std::max<geo::Seconds>(pad, 86400);
  start = first - pad;
  end = first + len + pad;
  if (end - start < kMinSpan) {
    const geo::Seconds mid = first + len / 2;
    start = mid - kMinSpan / 2;
    end = start + kMinSpan;
  }
}

// --- time-mode fading ------------------------------------------------------------------------------
float itemAlpha(const FadeRule& r, geo::Seconds first, geo::Seconds last, geo::Seconds certainFrom) {
  if (r.hasRange && (last < r.rangeStart || first > r.rangeEnd)) return kHiddenAlpha;
  switch (r.mode) {
    case 0:  // cumulative
      if (first > r.playhead) return kHiddenAlpha;
      if (last < r.playhead) {
        const double age = double(r.playhead - last);
        return float(std::clamp(1.0 - 0.55 * age / std::max(1.0, double(r.viewSpan)), 0.45, 1.0));
      }
      return certainFrom > r.playhead ? kUncertainAlpha : 1.0f;
    case 1:  // window
      if (first > r.playhead || last < r.playhead - r.windowS) return kHiddenAlpha;
      return certainFrom > r.playhead ? kUncertainAlpha : 1.0f;
    default: return 1.0f;
  }
}

geo::Seconds latestStart(geo::Seconds first, geo::Precision p) {
  if (p >= geo::Precision::Day) return first;
  geo::Seconds a, b;
  geo::intervalOf(first, p, a, b);
  return std::max(first, b);
}

// --- smooth zoom -----------------------------------------------------------------------------------
double easeInOutCubic(double t) {
  t = std::clamp(t, 0.0, 1.0);
  return t < 0.5 ? 4 * t * t * t : 1 - std::pow(-2 * t + 2, 3) / 2;
}

void zoomPath(geo::Seconds a0, geo::Seconds a1, geo::Seconds b0, geo::Seconds b1, double t, geo::Seconds& start,
              geo::Seconds& end) {
  if (t <= 0) { start = a0; end = a1; return; }
  if (t >= 1) { start = b0; end = b1; return; }
  // Centres relative to the first view's centre (integer subtraction first: exact), widths in s.
  const double w0 = double(std::max<geo::Seconds>(a1 - a0, 1)), w1 = double(std::max<geo::Seconds>(b1 - b0, 1));
  const geo::Seconds c0 = a0 + (a1 - a0) / 2;
  const double dx = double((b0 + (b1 - b0) / 2) - c0);
  constexpr double rho = 1.4142135623730951, rho2 = 2.0, rho4 = 4.0;
  double u, w;
  const double d1 = std::fabs(dx);
  if (d1 < 1.0) {  // a pure zoom (the centre moves less than a second): the width moves geometrically
    u = t;
    w = w0 * std::exp(std::log(w1 / w0) * t);
  } else {
    const double b0v = (w1 * w1 - w0 * w0 + rho4 * dx * dx) / (2 * w0 * rho2 * d1);
    const double b1v = (w1 * w1 - w0 * w0 - rho4 * dx * dx) / (2 * w1 * rho2 * d1);
    // log(sqrt(b^2 + 1) - b) = -asinh(b), without the cancellation for large b.
    const double r0 = -std::asinh(b0v);
    const double r1 = -std::asinh(b1v);
    const double S = (r1 - r0) / rho;
    const double s = t * S;
    const double coshr0 = std::cosh(r0);
    u = w0 / (rho2 * d1) * (coshr0 * std::tanh(rho * s + r0) - std::sinh(r0));
    w = w0 * coshr0 / std::cosh(rho * s + r0);
  }
  w = std::clamp(w, double(kMinSpan), double(kMaxSpan));
  const geo::Seconds c = c0 + geo::Seconds(std::llround(u * dx));
  const geo::Seconds half = geo::Seconds(std::llround(w / 2));
  start = c - half;
  end = c + half;
}

}  // namespace app
