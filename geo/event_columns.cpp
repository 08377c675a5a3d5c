#include "geo/event_columns.hpp"

#include <numeric>

namespace geo {

void EventColumns::clear() {
  first.clear();
  last.clear();
  precision.clear();
  span.clear();
  colorKey.clear();
}

void EventColumns::reserve(size_t n) {
  first.reserve(n);
  last.reserve(n);
  precision.reserve(n);
  span.reserve(n);
  colorKey.reserve(n);
}

void EventColumns::push(Seconds f, Seconds l, Precision p, bool isSpan, uint8_t color) {
  first.push_back(f);
  last.push_back(l < f ? f : l);
  precision.push_back(p);
  span.push_back(isSpan ? 1 : 0);
  colorKey.push_back(color);
}

EventColumns EventColumns::fromEvents(const EventStore& events) {
  EventColumns c;
  c.first.borrow(events.firstColumn());  // the store keeps last >= first, as push() does
  c.last.borrow(events.lastColumn());
  c.precision.reserve(events.size());
  c.span.reserve(events.size());
  c.colorKey.assign(events.size(), 0);
  for (size_t i = 0; i < events.size(); ++i) {
    c.precision.push_back(events.precision(i));
    c.span.push_back(events.isSpan(i) ? 1 : 0);
  }
  return c;
}

bool EventColumns::sortedByFirst() const { return std::is_sorted(first.begin(), first.end()); }

int lengthClassOf(Seconds d) {
  int k = 0;
  for (Seconds lim = 3600; d >= lim && k < kLengthClasses - 1; lim *= 4) ++k;
  return k;
}

void LaneIndex::build(const EventColumns& c, const std::vector<int>& laneOf, int laneCount, Precision minPrecision) {
  lanes.assign(size_t(std::max(0, laneCount)), {});
  total = 0;
  // Visit events in start order (the columns normally are already; sort an order when not).
  std::vector<uint32_t> order;
  const bool sorted = c.sortedByFirst();
  if (!sorted) {
    order.resize(c.size());
    std::iota(order.begin(), order.end(), 0u);
    std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return c.first[a] < c.first[b]; });
  }
  // Two passes: count per (lane, class), then fill, so that each vector is allocated once.
  std::vector<size_t> counts(lanes.size() * kLengthClasses, 0);
  auto keep = [&](uint32_t i, int& lane, int& cls) {
    lane = i < laneOf.size() ? laneOf[i] : -1;
    if (lane < 0 || lane >= laneCount || c.precision[i] < minPrecision) return false;
    cls = lengthClassOf(c.last[i] - c.first[i]);
    return true;
  };
  const size_t n = c.size();
  for (size_t k = 0; k < n; ++k) {
    const uint32_t i = sorted ? uint32_t(k) : order[k];
    int lane, cls;
    if (keep(i, lane, cls)) ++counts[size_t(lane) * kLengthClasses + size_t(cls)];
  }
  std::vector<std::vector<LengthClass>> tmp(lanes.size(), std::vector<LengthClass>(kLengthClasses));
  for (size_t l = 0; l < lanes.size(); ++l) {
    for (int k = 0; k < kLengthClasses; ++k) {
      const size_t m = counts[l * kLengthClasses + size_t(k)];
      tmp[l][size_t(k)].first.reserve(m);
      tmp[l][size_t(k)].event.reserve(m);
      tmp[l][size_t(k)].last.reserve(m);
    }
  }
  for (size_t k = 0; k < n; ++k) {
    const uint32_t i = sorted ? uint32_t(k) : order[k];
    int lane, cls;
    if (!keep(i, lane, cls)) continue;
    LengthClass& lc = tmp[size_t(lane)][size_t(cls)];
    lc.first.push_back(c.first[i]);
    lc.event.push_back(i);
    lc.last.push_back(c.last[i]);
    lc.maxDuration = std::max(lc.maxDuration, c.last[i] - c.first[i]);
    ++lanes[size_t(lane)].count;
    ++total;
  }
  for (size_t l = 0; l < lanes.size(); ++l)
    for (int k = kLengthClasses - 1; k >= 0; --k)
      if (!tmp[l][size_t(k)].first.empty()) lanes[l].classes.push_back(std::move(tmp[l][size_t(k)]));
}

size_t LaneIndex::countStarting(int lane, Seconds t0, Seconds t1) const {
  if (lane < 0 || size_t(lane) >= lanes.size() || t1 <= t0) return 0;
  size_t n = 0;  // class by class: a few binary searches each (the classes keep each event once)
  for (const LengthClass& k : lanes[size_t(lane)].classes) {
    const auto a = std::lower_bound(k.first.begin(), k.first.end(), t0);
    n += size_t(std::lower_bound(a, k.first.end(), t1) - a);
  }
  return n;
}

bool LaneIndex::anyOverlapping(int lane, Seconds t0, Seconds t1) const {
  if (lane < 0 || size_t(lane) >= lanes.size() || t1 < t0) return false;
  for (const LengthClass& k : lanes[size_t(lane)].classes) {
    // Anything starting inside [t0, t1] overlaps; otherwise only a start in [t0 - D, t0) can.
    const auto a = std::lower_bound(k.first.begin(), k.first.end(), t0);
    if (a != k.first.end() && *a <= t1) return true;
    for (auto it = std::lower_bound(k.first.begin(), a, t0 - k.maxDuration); it != a; ++it)
      if (k.last[size_t(it - k.first.begin())] >= t0) return true;
  }
  return false;
}

size_t nextStartAfter(const EventColumns& c, Seconds t) {
  return size_t(std::upper_bound(c.first.begin(), c.first.end(), t) - c.first.begin());
}

long prevStartBefore(const EventColumns& c, Seconds t) {
  return long(std::lower_bound(c.first.begin(), c.first.end(), t) - c.first.begin()) - 1;
}

}  // namespace geo
