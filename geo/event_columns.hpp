// Struct-of-arrays view of a dataset's events for the hot paths (timeline layout, density, stepping),
// and a per-lane index that culls [t0, t1] with binary searches instead of scanning every event.
// Pure code: no GDAL, no ImGui. Built once per dataset (or lane grouping / filter) change, never per
// frame.
//
// Culling spans: an event overlaps [t0, t1] when first <= t1 and last >= t0. Sorting by first alone
// cannot find the long events that began well before t0, so each lane keeps its events in length
// classes (durations within a factor of 4 of each other); a class whose longest member lasts D
// seconds is culled with lower_bound(first, t0 - D) .. upper_bound(first, t1), a bounded scan.
#pragma once
#include <algorithm>
#include <cstdint>
#include <vector>

#include "geo/event_store.hpp"
#include "geo/time.hpp"

namespace geo {

// A column of times, owned (push_back) or borrowed from an EventStore's own (no copy: a million
// events spare 16 MB). A borrowed column is valid while the store is unchanged (the timeline
// rebuilds its columns whenever the store's revision changes).
class SecondsColumn {
 public:
  SecondsColumn() = default;
  SecondsColumn(const SecondsColumn& o) : own_(o.own_), p_(o.borrowed() ? o.p_ : own_.data()), n_(o.n_) {}
  SecondsColumn& operator=(const SecondsColumn& o) {
    if (this != &o) {
      own_ = o.own_;
      p_ = o.borrowed() ? o.p_ : own_.data();
      n_ = o.n_;
    }
    return *this;
  }
  SecondsColumn(SecondsColumn&& o) noexcept { *this = std::move(o); }
  SecondsColumn& operator=(SecondsColumn&& o) noexcept {
    const bool b = o.borrowed();
    own_ = std::move(o.own_);
    p_ = b ? o.p_ : own_.data();
    n_ = o.n_;
    o.p_ = nullptr;
    o.n_ = 0;
    return *this;
  }
  void borrow(const std::vector<Seconds>& v) {
    own_ = {};
    p_ = v.data();
    n_ = v.size();
  }
  bool borrowed() const { return p_ != nullptr && p_ != own_.data(); }
  Seconds operator[](size_t i) const { return p_[i]; }
  size_t size() const { return n_; }
  bool empty() const { return n_ == 0; }
  const Seconds* begin() const { return p_; }
  const Seconds* end() const { return p_ + n_; }
  Seconds front() const { return p_[0]; }
  Seconds back() const { return p_[n_ - 1]; }
  void push_back(Seconds v) {
    if (borrowed()) own_.assign(begin(), end());
    own_.push_back(v);
    p_ = own_.data();
    n_ = own_.size();
  }
  void reserve(size_t n) {
    if (borrowed()) own_.assign(begin(), end());
    own_.reserve(n);
    p_ = own_.data();
  }
  void clear() {
    own_.clear();
    p_ = own_.data();
    n_ = 0;
  }

 private:
  std::vector<Seconds> own_;
  const Seconds* p_ = nullptr;
  size_t n_ = 0;
};

struct EventColumns {
  SecondsColumn first, last;  // seconds UTC; last is inclusive (Event::last())
  std::vector<Precision> precision;  // of the start
  std::vector<uint8_t> span;         // 1 when the event has an end (drawn as a bar)
  std::vector<uint8_t> colorKey;     // small integer the app maps to a colour (category index)

  size_t size() const { return first.size(); }
  void clear();
  void reserve(size_t n);
  void push(Seconds f, Seconds l, Precision p, bool isSpan, uint8_t color = 0);
  // Columns of a dataset's events, in the same order (index i is events[i]).
  static EventColumns fromEvents(const EventStore& events);
  // Whether first[] is non-decreasing (a dataset's events are kept so).
  bool sortedByFirst() const;
};

struct LaneIndex {
  // Events of one lane whose duration falls in one length class, sorted by first.
  struct LengthClass {
    Seconds maxDuration = 0;      // longest last - first in the class
    std::vector<Seconds> first;   // sorted
    std::vector<Seconds> last;    // same order (kept here too: the layout reads it without cache misses)
    std::vector<uint32_t> event;  // index into the columns, same order
  };
  struct Lane {
    std::vector<LengthClass> classes;   // longest class first; empty classes are dropped
    size_t count = 0;                   // events of the lane (all classes)
    size_t size() const { return count; }
  };
  std::vector<Lane> lanes;
  size_t total = 0;  // events indexed (after the precision filter)

  // laneOf[i]: the lane of event i, or a negative value to leave it out. Events whose start is less
  // precise than minPrecision (Year < Month < Week < Day ...) are left out too.
  void build(const EventColumns& c, const std::vector<int>& laneOf, int laneCount,
             Precision minPrecision = Precision::Year);

  // Events of a lane with first in [t0, t1): two binary searches.
  size_t countStarting(int lane, Seconds t0, Seconds t1) const;
  // Whether any event of a lane overlaps [t0, t1] (inclusive): two binary searches per class, then a
  // scan of only those that began before t0, stopping at the first hit. (The timeline shrinks lanes
  // with nothing in view.)
  bool anyOverlapping(int lane, Seconds t0, Seconds t1) const;
  // Calls f(eventIndex) for each event of a lane overlapping [t0, t1] (inclusive), class by class.
  template <class F>
  void forEachOverlapping(int lane, Seconds t0, Seconds t1, F&& f) const;
};

// Length class of a duration: 0 for under an hour, then one class per factor of 4.
int lengthClassOf(Seconds duration);
constexpr int kLengthClasses = 16;

// Index of the first event (in start order) that starts strictly after t, or size() when none; and
// of the last that starts strictly before t, or -1. For stepping the playhead from event to event.
size_t nextStartAfter(const EventColumns& c, Seconds t);
long prevStartBefore(const EventColumns& c, Seconds t);

template <class F>
void LaneIndex::forEachOverlapping(int lane, Seconds t0, Seconds t1, F&& f) const {
  if (lane < 0 || size_t(lane) >= lanes.size()) return;
  for (const LengthClass& k : lanes[size_t(lane)].classes) {
    const auto b = std::lower_bound(k.first.begin(), k.first.end(), t0 - k.maxDuration);
    const auto e = std::upper_bound(b, k.first.end(), t1);
    for (auto it = b; it != e; ++it) {
      const size_t j = size_t(it - k.first.begin());
      if (k.last[j] >= t0) f(k.event[j]);
    }
  }
}

}  // namespace geo
