// The event model: one event as a value (what loaders build and details show). A dataset keeps its
// events in columns (geo/event_store.hpp), sorted by their earliest possible time, so that views can
// cull by binary search. Eras (background spans) are kept apart and are not events.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "geo/time.hpp"
#include "geo/types.hpp"

namespace geo {

struct Source {
  std::string url;
  std::string publisher;
};

// The area or line of an event (districts handed over, a corridor), when it is more than a point.
struct EventShape {
  bool line = false;                 // a LineString/MultiLineString; else polygon rings (even-odd)
  std::vector<Vec2d> lonlat;         // WGS84 degrees
  std::vector<Vec2d> xy;             // the same in the map CRS (metres), filled by projectEvents
  std::vector<uint32_t> ringStart{0};  // ring r spans [ringStart[r], ringStart[r+1])
};

struct Event {
  std::string id;
  std::string title;
  std::string description;
  std::string place;      // form most used in English-language sources
  std::string placeAlt;   // other form(s) of a contested name
  std::string category;   // one of the eight keys of assets/events/README.md, or as written
  std::vector<std::string> actors;
  std::vector<std::string> countries;  // ISO 3166-1 alpha-3
  std::vector<Source> sources;
  TimeValue start;
  bool hasEnd = false;
  TimeValue end;  // inclusive at its precision: the span lasts through end.latest
  int64_t fatalitiesLow = -1, fatalitiesBest = -1, fatalitiesHigh = -1;  // -1 = unknown
  std::string fatalitiesBy;
  bool hasLocation = false;
  double lon = 0, lat = 0;  // WGS84 degrees, where the symbol sits
  double x = 0, y = 0;      // the same point in the map CRS (metres)
  bool era = false;
  std::shared_ptr<EventShape> shape;  // null for a point event
  // How well the place is known, as the source codes it: ACLED geo_precision (1 the named place,
  // 2 near it, 3 only the province) or UCDP where_prec (1 exact ... 7 international waters);
  // 0 = not stated (the position is taken as exact).
  int geoPrecision = 0;
  // Text to show instead of dateLabel() (TimelineJS "Display Date"); empty = the computed label.
  std::string displayDate;

  // Back to a default-constructed event, keeping the strings' and lists' storage (loaders reuse one
  // event for every row).
  void reset();

  // Seconds since epoch, UTC: an uncertain event counts from its earliest possible time.
  Seconds first() const { return start.earliest; }
  Seconds last() const { return hasEnd ? end.latest : start.latest; }
  bool isSpan() const { return hasEnd; }
  // "Stepanakert / Khankendi" (or reversed); empty when there is no place.
  std::string placeLabel(bool altFirst = false) const;
  // "27 Sep 2020 – 10 Nov 2020" or "13 Sep 2022"
  std::string dateLabel() const;
};



}  // namespace geo
