#include "geo/gazetteer.hpp"

#include <cctype>
#include <unordered_map>

namespace geo {

std::string placeKey(const std::string& name) {
  // Two-byte UTF-8 letters of Latin-1 Supplement and Latin Extended-A folded to their base letter;
  // ə (U+0259) to e. Anything else non-ASCII is dropped.
  static const char* kLatin1 = "AAAAAAACEEEEIIIIDNOOOOOxOUUUUYTsaaaaaaaceeeeiiiidnooooo/ouuuuyty";  // U+00C0..U+00FF
  static const char* kExtA =
      "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIiJjJjKkkLlLlLlLlLlNnNnNnnNnOoOoOoOoRrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs";  // U+0100..U+017F
  std::string out;
  for (size_t i = 0; i < name.size();) {
    const unsigned char c = static_cast<unsigned char>(name[i]);
    if (c < 0x80) {
      if (std::isalnum(c)) out += char(std::tolower(c));
      ++i;
      continue;
    }
    if ((c & 0xE0) == 0xC0 && i + 1 < name.size()) {
      const unsigned cp = ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(name[i + 1]) & 0x3Fu);
      char base = 0;
      if (cp >= 0xC0 && cp <= 0xFF) base = kLatin1[cp - 0xC0];
      else if (cp >= 0x100 && cp <= 0x17F) base = kExtA[cp - 0x100];
      else if (cp == 0x259 || cp == 0x18F) base = 'e';
      if (std::isalpha(static_cast<unsigned char>(base))) out += char(std::tolower(base));
      i += 2;
      continue;
    }
    ++i;
    while (i < name.size() && (static_cast<unsigned char>(name[i]) & 0xC0) == 0x80) ++i;
  }
  return out;
}

size_t placeByName(Dataset& d, const MapLayer& places) {
  if (places.kind != GeomKind::Point) return 0;
  std::unordered_map<std::string, size_t> index;  // key -> feature; bigger places win ties
  auto add = [&](const std::string& n, size_t f) {
    const std::string k = placeKey(n);
    if (k.empty()) return;
    auto it = index.find(k);
    if (it == index.end() || places.featureRank[f] > places.featureRank[it->second]) index[k] = f;
  };
  for (size_t f = 0; f < places.featureCount(); ++f) {
    add(places.featureName[f], f);
    std::string alt = places.featureNameAlt[f], part;
    for (char c : alt + ";") {
      if (c == ';' || c == '/' || c == ',') {
        add(part, f);
        part.clear();
      } else {
        part += c;
      }
    }
  }
  size_t placed = 0, missing = 0;
  EventStore& ev = d.events;
  for (size_t i = 0; i < ev.size(); ++i) {
    if (ev.hasLocation(i) || ev.place(i).empty()) continue;
    const std::string place(ev.place(i));
    // "Stepanakert / Khankendi", "Shusha, Azerbaijan": try the whole name, then each part.
    std::vector<std::string> tries{place};
    std::string part;
    for (char c : place + ";") {
      if (c == ';' || c == '/' || c == ',') {
        tries.push_back(part);
        part.clear();
      } else {
        part += c;
      }
    }
    bool found = false;
    for (const std::string& t : tries) {
      auto it = index.find(placeKey(t));
      if (it == index.end()) continue;
      const Vec2d& p = places.coords[places.ringStart[places.featureRingStart[it->second]]];
      ev.setLocation(i, p.x, p.y);
      found = true;
      ++placed;
      break;
    }
    if (!found) {
      ++missing;
      d.problems.push_back({d.path, 0, "place", "event '" + std::string(ev.id(i)) + "': '" + place +
                                                    "' is not among the basemap's places; kept on the timeline only"});
    }
  }
  if (placed || missing)
    d.notes.push_back(std::to_string(placed) + " events placed on the map by their place name (basemap places)" +
                      (missing ? ", " + std::to_string(missing) + " names not found" : std::string()));
  return placed;
}

}  // namespace geo
