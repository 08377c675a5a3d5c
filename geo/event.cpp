#include "geo/event.hpp"

#include <algorithm>

namespace geo {

std::string Problem::text() const {
  std::string s = file;
  if (row > 0) s += ", row " + std::to_string(row);
  if (!field.empty()) s += ", field '" + field + "'";
  s += ": " + message;
  return s;
}

std::string Event::placeLabel(bool altFirst) const {
  if (place.empty()) return placeAlt;
  if (placeAlt.empty()) return place;
  return altFirst ? placeAlt + " / " + place : place + " / " + placeAlt;
}

std::string Event::dateLabel() const {
  std::string s = formatHuman(start);
  if (hasEnd) s += " \u2013 " + formatHuman(end);
  return s;
}

namespace {
// Sorted by (first(), id), equal keys in their order (what std::stable_sort gives), moving each
// event once: events are big, so the permutation is sorted rather than the events.
void sortEvents(std::vector<Event>& v) {
  const size_t n = v.size();
  std::vector<std::pair<Seconds, uint32_t>> keys(n);
  bool sorted = true;
  for (size_t i = 0; i < n; ++i) {
    keys[i] = {v[i].first(), uint32_t(i)};
    if (i && (keys[i - 1].first > keys[i].first || (keys[i - 1].first == keys[i].first && v[i].id < v[i - 1].id)))
      sorted = false;
  }
  if (sorted) return;
  std::sort(keys.begin(), keys.end(), [&](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first < b.first;
    const int c = v[a.second].id.compare(v[b.second].id);
    return c != 0 ? c < 0 : a.second < b.second;
  });
  // Apply the permutation in place, one cycle at a time: position i receives event keys[i].second.
  std::vector<bool> done(n, false);
  for (size_t i = 0; i < n; ++i) {
    if (done[i] || keys[i].second == i) continue;
    Event tmp = std::move(v[i]);
    size_t j = i;
    for (;;) {
      done[j] = true;
      const size_t from = keys[j].second;
      if (from == i) break;
      v[j] = std::move(v[from]);
      j = from;
    }
    v[j] = std::move(tmp);
  }
}
}  // namespace

void Dataset::sortByTime() {
  sortEvents(events);
  sortEvents(eras);
}

BBox Dataset::eventsBounds() const {
  BBox b = BBox::empty();
  for (const Event& e : events)
    if (e.hasLocation) b.add(e.lon, e.lat);
  return b;
}

bool Dataset::timeRange(Seconds& first, Seconds& last) const {
  bool any = false;
  for (const auto* list : {&events, &eras})
    for (const Event& e : *list) {
      if (!any) { first = e.first(); last = e.last(); any = true; }
      first = std::min(first, e.first());
      last = std::max(last, e.last());
    }
  return any;
}

int Dataset::findEvent(const std::string& id) const {
  for (size_t i = 0; i < events.size(); ++i)
    if (events[i].id == id) return int(i);
  return -1;
}

}  // namespace geo
