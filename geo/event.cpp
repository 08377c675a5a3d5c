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

void Dataset::sortByTime() {
  auto byFirst = [](const Event& a, const Event& b) {
    return a.first() != b.first() ? a.first() < b.first() : a.id < b.id;
  };
  std::stable_sort(events.begin(), events.end(), byFirst);
  std::stable_sort(eras.begin(), eras.end(), byFirst);
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
