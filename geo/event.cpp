#include "geo/event.hpp"

#include "geo/event_store.hpp"

#include <algorithm>

namespace geo {

std::string Problem::text() const {
  std::string s = file;
  if (row > 0) s += ", row " + std::to_string(row);
  if (!field.empty()) s += ", field '" + field + "'";
  s += ": " + message;
  return s;
}

void Event::reset() {
  for (std::string* t : {&id, &title, &description, &place, &placeAlt, &category, &fatalitiesBy, &displayDate}) t->clear();
  actors.clear();
  countries.clear();
  sources.clear();
  start = TimeValue{};
  hasEnd = false;
  end = TimeValue{};
  fatalitiesLow = fatalitiesBest = fatalitiesHigh = -1;
  hasLocation = false;
  lon = lat = x = y = 0;
  era = false;
  shape.reset();
  geoPrecision = 0;
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
// Eras: few, sorted as values by (first(), id), equal keys in their order.
void sortEras(std::vector<Event>& v) {
  std::stable_sort(v.begin(), v.end(), [](const Event& a, const Event& b) {
    return a.first() != b.first() ? a.first() < b.first() : a.id < b.id;
  });
}
}  // namespace

void Dataset::sortByTime() {
  events.sortByTime();
  sortEras(eras);
}

BBox Dataset::eventsBounds() const {
  BBox b = BBox::empty();
  for (size_t i = 0; i < events.size(); ++i)
    if (events.hasLocation(i)) b.add(events.lon(i), events.lat(i));
  return b;
}

bool Dataset::timeRange(Seconds& first, Seconds& last) const {
  bool any = false;
  auto add = [&](Seconds f, Seconds l) {
    if (!any) { first = f; last = l; any = true; }
    first = std::min(first, f);
    last = std::max(last, l);
  };
  for (size_t i = 0; i < events.size(); ++i) add(events.first(i), events.last(i));
  for (const Event& e : eras) add(e.first(), e.last());
  return any;
}

int Dataset::findEvent(const std::string& id) const { return events.find(id); }

}  // namespace geo
