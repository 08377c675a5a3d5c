// What the map shows at a time, found without looking at every event: a time cut (the events that
// began by one time and had not ended before another), an index over the events' start order, end
// order and position, and density counts per map cell that follow a moving cut by adding and
// removing only the events that cross it. A scrub then costs in proportion to the events that
// entered or left the view's time, not to the dataset.
//
// Sections: TimeCut; TimeSpaceIndex (counts, and the shown events inside a box); DensityCounts.
// Pure code: no GDAL, no GL, no ImGui.
#pragma once
#include <algorithm>
#include <climits>
#include <cstdint>
#include <vector>

#include "geo/event_store.hpp"
#include "geo/types.hpp"

namespace geo {

// The shown events: first <= maxFirst and last >= minLast (seconds UTC, inclusive). Cumulative mode
// is {playhead, -inf}, a window of w seconds {playhead, playhead - w}, all {+inf, -inf}; a brushed
// range [a, b] narrows it to {min(maxFirst, b), max(minLast, a)}.
struct TimeCut {
  Seconds maxFirst = INT64_MAX;
  Seconds minLast = INT64_MIN;
  bool operator==(const TimeCut& o) const { return maxFirst == o.maxFirst && minLast == o.minLast; }
  bool operator!=(const TimeCut& o) const { return !(*this == o); }
};

class TimeSpaceIndex {
 public:
  // Indexes the events of `ev` that have a location and pass the filters (pass[i] != 0; an empty
  // pass lets every event through), by start (the store's own order), by end and in square buckets
  // over their extent (map metres, after projectEvents).
  void build(const EventStore& ev, const std::vector<uint8_t>& pass);
  void clear();
  bool empty() const { return ev_ == nullptr; }
  const EventStore& events() const { return *ev_; }
  // The store this index was built for has moved (an AppState moved into place: File > Open of a
  // project): the same events at a new address. Only for the same revision.
  void rebind(const EventStore& ev) { ev_ = &ev; }
  // The store revision and the filter generation it was built for (callers keep the latter).
  uint64_t revision() const { return revision_; }

  // Whether event i is shown at cut c (it passes, has a location and lies in the cut's time).
  bool shown(size_t i, TimeCut c) const {
    return ok_[i] && ev_->first(i) <= c.maxFirst && ev_->last(i) >= c.minLast;
  }
  // How many events are shown at c: two binary searches (a scan only for a cut whose minLast lies
  // after its maxFirst, which only a brushed range away from the playhead makes).
  size_t countShown(TimeCut c) const;
  // Calls f(i) for every event shown at c whose position lies in box (map metres): only the buckets
  // the box touches, and in each only the events that began by c.maxFirst.
  template <class F>
  void forEachShownIn(const BBox& box, TimeCut c, F&& f) const;
  // The box (map metres) around every indexed event; invalid when none.
  const BBox& extent() const { return extent_; }

  // For DensityCounts: the events whose first lies in (a, b] are [firstIndexAfter(a), firstIndexAfter(b))
  // in the store's order; those whose last lies in [a, b) are byLast()[lastRankFrom(a) .. lastRankFrom(b)).
  size_t firstIndexAfter(Seconds t) const;  // events with first <= t
  size_t lastRankFrom(Seconds t) const;     // events with last < t
  const std::vector<uint32_t>& byLast() const { return byLast_; }
  bool ok(size_t i) const { return ok_[i] != 0; }

 private:
  const EventStore* ev_ = nullptr;
  uint64_t revision_ = 0;
  std::vector<uint8_t> ok_;              // per event: has a location and passes the filters
  std::vector<uint32_t> byLast_;         // events sorted by last
  std::vector<uint32_t> okBeforeFirst_;  // [k]: ok events among the first k in start order
  std::vector<uint32_t> okBeforeLast_;   // [k]: ok events among byLast_[0 .. k)
  BBox extent_ = BBox::empty();
  double bucket_ = 1;                    // metres
  int bw_ = 0, bh_ = 0;
  std::vector<uint32_t> bucketStart_;    // bw * bh + 1
  std::vector<uint32_t> bucketEvents_;   // ok events by bucket, in start order within each
};

// Counts of the events shown at a cut per square cell over a region of the map (cells of `cell`
// metres, the region snapped outward to them; row 0 at the top).
class DensityCounts {
 public:
  void rebuild(const TimeSpaceIndex& idx, TimeCut c, const BBox& region, double cell);
  // To a new cut, adding and removing only the events that cross it (first between the old and the
  // new maxFirst, last between the old and the new minLast). False, with nothing changed, when that
  // would touch more events than `maxWork` (a rebuild is then cheaper).
  bool advance(const TimeSpaceIndex& idx, TimeCut to, size_t maxWork);
  // Shown events in the cells whose centres lie inside box (map metres).
  size_t sumIn(const BBox& box) const;

  TimeCut cut;
  BBox region;       // map metres, snapped to cells
  double cell = 0;   // metres
  int w = 0, h = 0;
  std::vector<uint32_t> counts;  // w * h, row-major from the top
  uint64_t version = 0;          // changes whenever counts do
  size_t touched = 0;            // events looked at by the last rebuild or advance (for tests)

 private:
  void add(const EventStore& ev, size_t i, int delta);
};

template <class F>
void TimeSpaceIndex::forEachShownIn(const BBox& box, TimeCut c, F&& f) const {
  if (!ev_ || bw_ == 0 || !box.valid()) return;
  const double x0 = std::max(box.minX, extent_.minX), x1 = std::min(box.maxX, extent_.maxX);
  const double y0 = std::max(box.minY, extent_.minY), y1 = std::min(box.maxY, extent_.maxY);
  if (x0 > x1 || y0 > y1) return;
  const int ax = std::clamp(int((x0 - extent_.minX) / bucket_), 0, bw_ - 1), bx = std::clamp(int((x1 - extent_.minX) / bucket_), 0, bw_ - 1);
  const int ay = std::clamp(int((y0 - extent_.minY) / bucket_), 0, bh_ - 1), by = std::clamp(int((y1 - extent_.minY) / bucket_), 0, bh_ - 1);
  const std::vector<Seconds>& first = ev_->firstColumn();
  for (int gy = ay; gy <= by; ++gy)
    for (int gx = ax; gx <= bx; ++gx) {
      const size_t b = size_t(gy) * size_t(bw_) + size_t(gx);
      const uint32_t* p0 = bucketEvents_.data() + bucketStart_[b];
      const uint32_t* p1 = bucketEvents_.data() + bucketStart_[b + 1];
      // In start order: those that began by maxFirst are a prefix.
      const uint32_t* end = std::upper_bound(p0, p1, c.maxFirst, [&](Seconds t, uint32_t i) { return t < first[i]; });
      const bool inside = gx > ax && gx < bx && gy > ay && gy < by;  // a bucket wholly inside needs no test
      for (const uint32_t* p = p0; p < end; ++p) {
        const uint32_t i = *p;
        if (ev_->last(i) < c.minLast) continue;
        if (!inside && !box.contains(ev_->x(i), ev_->y(i))) continue;
        f(i);
      }
    }
}

}  // namespace geo
