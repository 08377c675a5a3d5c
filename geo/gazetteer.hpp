// Placing events that name a place but carry no coordinates (TimelineJS "Location", a sheet's place
// column) by looking the name up in a points layer (the basemap's populated places).
#pragma once
#include <string>

#include "geo/event_store.hpp"
#include "geo/map_layer.hpp"

namespace geo {

// Normalised key for matching names: lower case, ASCII letters and digits only, diacritics and
// Azerbaijani/Turkish letters folded ("Xankəndi" -> "xankendi", "Şuşa" -> "susa").
std::string placeKey(const std::string& name);

// For every event without a location whose place names a feature of `places` (its name or one of
// its alternate names, separated by '/', ';' or ','), sets lon/lat from that point. `places` must
// be in WGS84 lon/lat. Adds a note to the dataset and a problem for each name not found. Returns
// how many events were placed.
size_t placeByName(Dataset& d, const MapLayer& places);

}  // namespace geo
