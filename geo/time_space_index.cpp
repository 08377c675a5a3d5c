#include "geo/time_space_index.hpp"

#include <cmath>
#include <numeric>

namespace geo {

// --- TimeSpaceIndex --------------------------------------------------------------------------------
void TimeSpaceIndex::clear() { *this = TimeSpaceIndex(); }

void TimeSpaceIndex::build(const EventStore& ev, const std::vector<uint8_t>& pass) {
  clear();
  ev_ = &ev;
  revision_ = ev.revision();
  const size_t n = ev.size();
  ok_.assign(n, 0);
  extent_ = BBox::empty();
  for (size_t i = 0; i < n; ++i) {
    if (!ev.hasLocation(i) || (i < pass.size() && !pass[i])) continue;
    if (!std::isfinite(ev.x(i)) || !std::isfinite(ev.y(i))) continue;
    ok_[i] = 1;
    extent_.add(ev.x(i), ev.y(i));
  }
  // End order (start order is the store's own).
  std::vector<std::pair<Seconds, uint32_t>> keys(n);
  for (size_t i = 0; i < n; ++i) keys[i] = {ev.last(i), uint32_t(i)};
  std::sort(keys.begin(), keys.end());
  byLast_.resize(n);
  for (size_t k = 0; k < n; ++k) byLast_[k] = keys[k].second;
  keys = {};
  okBeforeFirst_.assign(n + 1, 0);
  okBeforeLast_.assign(n + 1, 0);
  for (size_t k = 0; k < n; ++k) {
    okBeforeFirst_[k + 1] = okBeforeFirst_[k] + ok_[k];
    okBeforeLast_[k + 1] = okBeforeLast_[k] + ok_[byLast_[k]];
  }
  // Buckets: about 64 events each on average, at most 512 x 512.
  const size_t located = okBeforeFirst_[n];
  if (!located) return;
  const double wx = std::max(extent_.width(), 1.0), wy = std::max(extent_.height(), 1.0);
  const double want = std::clamp(double(located) / 64.0, 1.0, 512.0 * 512.0);
  bucket_ = std::max(std::sqrt(wx * wy / want), std::max(wx, wy) / 512.0);
  bw_ = std::max(1, int(std::ceil(wx / bucket_)));
  bh_ = std::max(1, int(std::ceil(wy / bucket_)));
  auto bucketOf = [&](size_t i) {
    const int gx = std::clamp(int((ev.x(i) - extent_.minX) / bucket_), 0, bw_ - 1);
    const int gy = std::clamp(int((ev.y(i) - extent_.minY) / bucket_), 0, bh_ - 1);
    return size_t(gy) * size_t(bw_) + size_t(gx);
  };
  bucketStart_.assign(size_t(bw_) * size_t(bh_) + 1, 0);
  for (size_t i = 0; i < n; ++i)
    if (ok_[i]) ++bucketStart_[bucketOf(i) + 1];
  for (size_t b = 1; b < bucketStart_.size(); ++b) bucketStart_[b] += bucketStart_[b - 1];
  bucketEvents_.resize(located);
  std::vector<uint32_t> fill(bucketStart_.begin(), bucketStart_.end() - 1);
  for (size_t i = 0; i < n; ++i)  // in start order, so each bucket's list is too
    if (ok_[i]) bucketEvents_[fill[bucketOf(i)]++] = uint32_t(i);
}

size_t TimeSpaceIndex::firstIndexAfter(Seconds t) const {
  const std::vector<Seconds>& f = ev_->firstColumn();
  return size_t(std::upper_bound(f.begin(), f.end(), t) - f.begin());
}

size_t TimeSpaceIndex::lastRankFrom(Seconds t) const {
  // Through the store's last column (a few dozen reads a search; 8 bytes an event not kept).
  const std::vector<Seconds>& last = ev_->lastColumn();
  return size_t(std::lower_bound(byLast_.begin(), byLast_.end(), t, [&](uint32_t i, Seconds v) { return last[i] < v; }) -
                byLast_.begin());
}

size_t TimeSpaceIndex::countShown(TimeCut c) const {
  if (!ev_) return 0;
  const size_t a = firstIndexAfter(c.maxFirst);
  if (c.minLast == INT64_MIN) return okBeforeFirst_[a];
  // An event that ended before minLast began before it too: when minLast <= maxFirst + 1 those are
  // all among the ones that began by maxFirst, and the count is a difference of two prefixes.
  if (c.minLast <= c.maxFirst || c.maxFirst == INT64_MAX) {
    const size_t b = lastRankFrom(c.minLast);
    return size_t(okBeforeFirst_[a]) - size_t(okBeforeLast_[b]);
  }
  size_t n = 0;
  for (size_t k = lastRankFrom(c.minLast); k < byLast_.size(); ++k)
    if (ok_[byLast_[k]] && ev_->first(byLast_[k]) <= c.maxFirst) ++n;
  return n;
}

// --- DensityCounts ---------------------------------------------------------------------------------
void DensityCounts::add(const EventStore& ev, size_t i, int delta) {
  const double x = ev.x(i), y = ev.y(i);
  if (x < region.minX || x >= region.maxX || y <= region.minY || y > region.maxY) return;
  const int cx = std::min(w - 1, int((x - region.minX) / cell));
  const int cy = std::min(h - 1, int((region.maxY - y) / cell));
  counts[size_t(cy) * size_t(w) + size_t(cx)] += uint32_t(delta);
}

void DensityCounts::rebuild(const TimeSpaceIndex& idx, TimeCut c, const BBox& r, double cellSize) {
  cut = c;
  cell = cellSize;
  region.minX = std::floor(r.minX / cell) * cell;
  region.maxY = std::ceil(r.maxY / cell) * cell;
  w = std::max(1, int(std::ceil((r.maxX - region.minX) / cell)));
  h = std::max(1, int(std::ceil((region.maxY - r.minY) / cell)));
  region.maxX = region.minX + w * cell;
  region.minY = region.maxY - h * cell;
  counts.assign(size_t(w) * size_t(h), 0);
  touched = 0;
  ++version;
  if (idx.empty()) return;
  const EventStore& ev = idx.events();
  idx.forEachShownIn(region, c, [&](uint32_t i) {
    ++touched;
    add(ev, i, 1);
  });
}

bool DensityCounts::advance(const TimeSpaceIndex& idx, TimeCut to, size_t maxWork) {
  if (idx.empty()) return false;
  if (to == cut) {
    touched = 0;
    return true;
  }
  const EventStore& ev = idx.events();
  // Two steps: maxFirst moves with the old minLast, then minLast moves with the new maxFirst.
  const size_t a0 = idx.firstIndexAfter(cut.maxFirst), a1 = idx.firstIndexAfter(to.maxFirst);
  const size_t b0 = idx.lastRankFrom(cut.minLast), b1 = idx.lastRankFrom(to.minLast);
  const size_t work = (a0 > a1 ? a0 - a1 : a1 - a0) + (b0 > b1 ? b0 - b1 : b1 - b0);
  if (work > maxWork) return false;
  touched = work;
  const int da = a1 > a0 ? 1 : -1;
  for (size_t i = std::min(a0, a1); i < std::max(a0, a1); ++i)
    if (idx.ok(i) && ev.last(i) >= cut.minLast) add(ev, i, da);
  const int db = b1 > b0 ? -1 : 1;  // a later minLast drops the events that ended before it
  const std::vector<uint32_t>& byLast = idx.byLast();
  for (size_t k = std::min(b0, b1); k < std::max(b0, b1); ++k) {
    const uint32_t i = byLast[k];
    if (idx.ok(i) && ev.first(i) <= to.maxFirst) add(ev, i, db);
  }
  cut = to;
  if (work) ++version;
  return true;
}

size_t DensityCounts::sumIn(const BBox& box) const {
  if (counts.empty()) return 0;
  const int x0 = std::max(0, int(std::ceil((box.minX - region.minX) / cell - 0.5)));
  const int x1 = std::min(w - 1, int(std::floor((box.maxX - region.minX) / cell - 0.5)));
  const int y0 = std::max(0, int(std::ceil((region.maxY - box.maxY) / cell - 0.5)));
  const int y1 = std::min(h - 1, int(std::floor((region.maxY - box.minY) / cell - 0.5)));
  size_t n = 0;
  for (int y = y0; y <= y1; ++y) {
    const uint32_t* row = counts.data() + size_t(y) * size_t(w);
    for (int x = x0; x <= x1; ++x) n += row[x];
  }
  return n;
}

}  // namespace geo
