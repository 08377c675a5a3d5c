// Forensic Architecture timemap exports (events, associations and sources JSON side by side): see
// timemap_reader.hpp for the layout. Our own reading of the published layout; no timemap code.
//
// Mapping to Chronomap's event model:
//   date + time      start: day precision ("02/24/2022", "3/3/2022"), minute with a time ("14:30").
//                    Numeric dates are month-first unless the values say otherwise (timemap's own
//                    DATE_FMT default is MM/DD/YYYY); --date-format decides when given.
//   location         place; latitude/longitude (strings, numbers, a decimal comma) the point. An event
//                    without them stays on the timeline only, as in the other loaders.
//   associations     FILTER ones: the category is the event's filter listed first in the associations
//                    file (so one filter group colours every event when the file lists it first); all
//                    filters and NARRATIVE ones are kept as lines of the description ("Filters: ...",
//                    "Narratives: ..."), where the search box finds them. Listed by id or by title.
//   sources          each source's title and type ("Video of the strike (Video)") and its url (else
//                    its first path); an id missing from the sources file is shown as written.
//   description      the title is its first line, shortened; the description the rest (all of it when
//                    the title had to be shortened), then the lines above.
#include "geo/io/timemap_reader.hpp"
#include "geo/io/gdal_util.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string_view>
#include <unordered_map>

#include <cpl_conv.h>
#include <cpl_string.h>
#include <cpl_vsi.h>

#include <nlohmann/json.hpp>

#include "geo/date_detect.hpp"

namespace geo::timemap {

using nlohmann::json;

namespace {
// --- text ------------------------------------------------------------------------------------------
std::string trim(std::string_view s) {
  size_t a = 0, b = s.size();
  while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
  while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
  return std::string(s.substr(a, b - a));
}

std::string lower(std::string s) {
  for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool looksLikeUrl(const std::string& s) {
  const std::string l = lower(s.substr(0, 8));
  return l.rfind("http://", 0) == 0 || l.rfind("https://", 0) == 0;
}

std::string fileName(const std::string& path) { return CPLGetFilename(path.c_str()); }

// A scalar member as text: a string as written, a number as its digits; "" when absent or null.
// False for an object, an array or a boolean.
bool scalarText(const json& o, const char* key, std::string& out) {
  out.clear();
  if (!o.is_object()) return true;
  const auto it = o.find(key);
  if (it == o.end() || it->is_null()) return true;
  if (it->is_string()) {
    out = it->get<std::string>();
  } else if (it->is_number_integer()) {
    out = std::to_string(it->get<int64_t>());
  } else if (it->is_number_unsigned()) {
    out = std::to_string(it->get<uint64_t>());
  } else if (it->is_number_float()) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", it->get<double>());
    out = buf;
  } else {
    return false;
  }
  return true;
}

std::string textOf(const json& o, const char* key) {
  std::string s;
  scalarText(o, key, s);
  return trim(s);
}

// --- recognising the three files --------------------------------------------------------------------
bool isFeatureLike(const json& doc) {
  if (!doc.is_object()) return false;
  if (doc.contains("features") || doc.contains("geometry")) return true;
  const auto t = doc.find("type");
  return t != doc.end() && t->is_string() && (*t == "FeatureCollection" || *t == "Feature");
}

bool eventLike(const json& e) {
  if (!e.is_object() || e.contains("start_date") || isFeatureLike(e)) return false;
  const bool when = e.contains("date") || (e.contains("latitude") && e.contains("longitude"));
  const bool what = e.contains("description") || e.contains("associations") || e.contains("sources") || e.contains("location");
  return when && what;
}

bool associationLike(const json& a) {
  return a.is_object() && a.contains("mode") && (a.contains("id") || a.contains("title")) && !a.contains("date") &&
         !a.contains("latitude");
}

bool sourceLike(const json& s) {
  return s.is_object() && !s.contains("latitude") && !s.contains("associations") && !s.contains("mode") &&
         (s.contains("paths") || (s.contains("url") && (s.contains("type") || s.contains("title"))));
}

// How many of the first objects of an array pass `like` (and how many objects were looked at: other
// entries are skipped with a problem when read, and do not decide what the file is).
template <class F>
void sample(const json& arr, F&& like, int& yes, int& looked) {
  yes = looked = 0;
  int seen = 0;
  for (const auto& e : arr) {
    if (looked >= 50 || ++seen > 1000) break;
    if (!e.is_object()) continue;
    ++looked;
    if (like(e)) ++yes;
  }
}

const json* member(const json& doc, std::initializer_list<const char*> keys, bool wantArray) {
  if (!doc.is_object()) return nullptr;
  for (const char* k : keys) {
    const auto it = doc.find(k);
    if (it != doc.end() && (wantArray ? it->is_array() : (it->is_array() || it->is_object()))) return &*it;
  }
  return nullptr;
}

// The events array of a document: the document itself or its "events" (or "data", "rows") member.
const json* eventsArray(const json& doc) {
  if (doc.is_array()) return &doc;
  if (isFeatureLike(doc)) return nullptr;
  return member(doc, {"events", "data", "rows"}, true);
}

bool isEventsArray(const json& arr) {
  int yes, looked;
  sample(arr, [](const json& e) { return eventLike(e); }, yes, looked);
  int n = 0;
  for (const auto& e : arr) {  // a TimelineJS events array is never timemap's
    if (n++ >= 50) break;
    if (e.is_object() && e.contains("start_date")) return false;
  }
  return yes > 0 && 2 * yes >= looked;
}

const json* associationsArray(const json& doc) {
  if (doc.is_array()) return &doc;
  return member(doc, {"associations", "filters", "data"}, true);
}

const json* sourcesValue(const json& doc) {
  if (doc.is_object()) {
    if (const json* m = member(doc, {"sources"}, false)) return m;
  }
  return &doc;
}

bool isSourcesValue(const json& v) {
  int yes = 0, looked = 0;
  if (v.is_array()) {
    sample(v, [](const json& s) { return sourceLike(s); }, yes, looked);
  } else if (v.is_object()) {
    for (const auto& item : v.items()) {
      if (looked >= 50) break;
      ++looked;
      if (sourceLike(item.value())) ++yes;
    }
  }
  return yes > 0 && 2 * yes >= looked;
}

bool exists(const std::string& path) {
  VSIStatBufL st;
  return VSIStatL(path.c_str(), &st) == 0;
}

std::string joinPath(const std::string& dir, const std::string& name) {
  return dir.empty() ? name : std::string(CPLFormFilename(dir.c_str(), name.c_str(), nullptr));
}

// --- the tables -------------------------------------------------------------------------------------
struct Association {
  std::string id, label, group;  // label: the last filter path (else the title, else the id)
  bool narrative = false;
  size_t order = 0;              // position in the associations file
};

struct Tables {
  std::vector<Association> assoc;
  std::unordered_map<std::string, size_t> assocById, assocByKey;  // exact id; lowercased id, title, label
  std::unordered_map<std::string, Source> sources;                // by id
  bool haveAssoc = false, haveSources = false;
  std::string assocName, sourcesName;  // file names, for messages
};

struct Reader {
  Dataset& out;
  void problem(const std::string& file, int64_t row, const std::string& field, std::string msg) {
    out.problems.push_back({file, row, field, std::move(msg)});
  }
  void note(std::string n) {
    if (std::find(out.notes.begin(), out.notes.end(), n) == out.notes.end()) out.notes.push_back(std::move(n));
  }
};

// Reads a sibling file into a document; false (with a problem on that file) when it cannot be read.
bool readSibling(Reader& r, const std::string& file, const char* what, json& doc) {
  std::string text, why;
  if (!gdalutil::readWholeFile(file, text, size_t(1) << 30, &why)) {
    r.problem(file, 0, "", why + "; the events load without their " + what);
    return false;
  }
  doc = json::parse(text, nullptr, false);
  if (doc.is_discarded()) {
    r.problem(file, 0, "", std::string("not JSON (cut short or not a timemap export); the events load without their ") + what);
    return false;
  }
  return true;
}

void readAssociations(Reader& r, const json& doc, const std::string& file, Tables& t) {
  const json* arr = associationsArray(doc);
  if (!arr) {
    r.problem(file, 0, "", "no array of associations in it; the events load without their categories");
    return;
  }
  t.haveAssoc = true;
  t.assocName = fileName(file);
  size_t index = 0;
  for (const auto& a : *arr) {
    ++index;
    const int64_t row = int64_t(index);
    if (!a.is_object()) {
      r.problem(file, row, "", "an association that is not an object; skipped");
      continue;
    }
    Association as;
    std::string title, desc, mode;
    if (!scalarText(a, "id", as.id) || !scalarText(a, "title", title) || !scalarText(a, "mode", mode)) {
      r.problem(file, row, "id", "id, title and mode must be text; skipped");
      continue;
    }
    as.id = trim(as.id);
    title = trim(title);
    desc = textOf(a, "desc");
    if (as.id.empty()) as.id = title;
    if (as.id.empty()) {
      r.problem(file, row, "id", "an association without id or title; skipped");
      continue;
    }
    as.narrative = lower(trim(mode)) == "narrative";
    std::vector<std::string> paths;
    if (const auto fp = a.find("filter_paths"); fp != a.end()) {
      if (fp->is_array()) {
        for (const auto& p : *fp)
          if (p.is_string() && !trim(p.get<std::string>()).empty()) paths.push_back(trim(p.get<std::string>()));
      } else if (fp->is_string() && !trim(fp->get<std::string>()).empty()) {
        paths.push_back(trim(fp->get<std::string>()));
      } else if (!fp->is_null()) {
        r.problem(file, row, "filter_paths", "not a list of texts; ignored");
      }
    }
    as.label = !paths.empty() && !as.narrative ? paths.back() : !title.empty() ? title : !desc.empty() && as.narrative ? desc : as.id;
    if (paths.size() >= 2 && !as.narrative) as.group = paths.front();
    as.order = t.assoc.size();
    if (t.assocById.count(as.id)) {
      r.problem(file, row, "id", "'" + as.id + "' is listed twice; the first is used");
      continue;
    }
    t.assocById.emplace(as.id, t.assoc.size());
    for (const std::string& k : {as.id, title, as.label})
      if (!k.empty()) t.assocByKey.emplace(lower(k), t.assoc.size());
    t.assoc.push_back(std::move(as));
  }
}

Source sourceFrom(const json& s, const std::string& id) {
  Source so;
  const std::string title = textOf(s, "title"), type = textOf(s, "type");
  so.url = textOf(s, "url");
  if (so.url.empty())
    if (const auto p = s.find("paths"); p != s.end() && p->is_array())
      for (const auto& x : *p)
        if (x.is_string() && !trim(x.get<std::string>()).empty()) {
          so.url = trim(x.get<std::string>());
          break;
        }
  so.publisher = title.empty() ? type : type.empty() ? title : title + " (" + type + ")";
  if (so.url.empty() && looksLikeUrl(id)) so.url = id;
  if (so.url.empty() && so.publisher.empty()) so.publisher = id;
  return so;
}

void readSources(Reader& r, const json& doc, const std::string& file, Tables& t) {
  const json* v = sourcesValue(doc);
  if (!v->is_object() && !v->is_array()) {
    r.problem(file, 0, "", "neither an object of sources by id nor an array of them; the events load without their sources");
    return;
  }
  t.haveSources = true;
  t.sourcesName = fileName(file);
  int64_t row = 0;
  auto add = [&](const std::string& key, const json& s) {
    ++row;
    if (!s.is_object()) {
      r.problem(file, row, key.empty() ? "" : key, "a source that is not an object; skipped");
      return;
    }
    std::string id = key.empty() ? textOf(s, "id") : key;
    if (id.empty()) id = textOf(s, "url");
    if (id.empty()) {
      r.problem(file, row, "id", "a source without id; skipped");
      return;
    }
    Source so = sourceFrom(s, id);
    t.sources.emplace(id, so);
    const std::string inner = textOf(s, "id");  // keyed by one id, naming another: both find it
    if (!inner.empty() && inner != id) t.sources.emplace(inner, so);
  };
  if (v->is_object())
    for (const auto& item : v->items()) add(item.key(), item.value());
  else
    for (const auto& s : *v) add("", s);
}

// --- events -----------------------------------------------------------------------------------------
// "50.45", " 50,45 " (a decimal comma, which timemap itself accepts) or a number.
bool coordinate(const json& e, const char* key, std::string& text, double& v) {
  if (!scalarText(e, key, text)) {
    text = e.at(key).dump();
    if (text.size() > 40) {  // quoted in the message: cut at a character, not inside one
      size_t cut = 40;
      while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
      text = text.substr(0, cut) + "\u2026";
    }
    return false;
  }
  text = trim(text);
  std::string t = text;
  if (t.find('.') == std::string::npos) {
    const size_t comma = t.find(',');
    if (comma != std::string::npos) t[comma] = '.';
  }
  if (t.empty()) return false;
  char* end = nullptr;
  v = std::strtod(t.c_str(), &end);
  return end != t.c_str() && *end == '\0' && std::isfinite(v);
}

// The first line of the description, cut at a word near 90 characters.
std::string titleFrom(const std::string& description) {
  std::string t = trim(description.substr(0, description.find('\n')));
  if (t.size() <= 90) return t;
  size_t cut = t.rfind(' ', 88);
  if (cut == std::string::npos || cut < 40) cut = 88;
  while (cut > 0 && (static_cast<unsigned char>(t[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 character
  return trim(t.substr(0, cut)) + "\u2026";
}

// An id or title as an event lists it: a string or a number.
bool listedId(const json& v, std::string& out) {
  out.clear();
  if (v.is_string()) out = trim(v.get<std::string>());
  else if (v.is_number_integer()) out = std::to_string(v.get<int64_t>());
  else if (v.is_number_unsigned()) out = std::to_string(v.get<uint64_t>());
  else return false;
  return true;
}

// Entries of a list member: an array, or one string ("a, b" split at commas).
std::vector<const json*> listOf(const json& e, const char* key, std::vector<json>& scratch, bool& bad) {
  std::vector<const json*> out;
  bad = false;
  const auto it = e.find(key);
  if (it == e.end() || it->is_null()) return out;
  if (it->is_array()) {
    for (const auto& x : *it) out.push_back(&x);
  } else if (it->is_string()) {
    const std::string s = it->get<std::string>();
    size_t a = 0;
    scratch.clear();
    scratch.reserve(s.size() / 2 + 1);
    while (a <= s.size()) {
      size_t b = s.find(',', a);
      if (b == std::string::npos) b = s.size();
      const std::string item = trim(s.substr(a, b - a));
      if (!item.empty()) scratch.emplace_back(item);
      a = b + 1;
    }
    for (const auto& x : scratch) out.push_back(&x);
  } else {
    bad = true;
  }
  return out;
}

// Ids listed by events that the associations or sources file lacks: reported once each.
struct Missing {
  int64_t firstRow = 0;
  size_t events = 0;
};
}  // namespace

// --- public -------------------------------------------------------------------------------------------
Layout recognise(const json& doc, const std::string& path) {
  if (isFeatureLike(doc)) return Layout::None;
  if (const json* ev = eventsArray(doc)) {
    if (ev->empty()) {
      // A bare [] is an events file only by its name (TimelineJS is always an object).
      if (doc.is_array() && lower(fileName(path)).find("events") != std::string::npos) return Layout::Events;
    } else if (isEventsArray(*ev)) {
      return Layout::Events;
    }
  }
  if (const json* as = associationsArray(doc); as && !as->empty()) {
    int yes, looked;
    sample(*as, [](const json& a) { return associationLike(a); }, yes, looked);
    if (yes > 0 && 2 * yes >= looked) return Layout::Associations;
  }
  if (isSourcesValue(*sourcesValue(doc))) return Layout::Sources;
  return Layout::None;
}

std::string eventsFileIn(const std::string& dir) {
  char** names = VSIReadDir(dir.c_str());
  std::string exact, only;
  int candidates = 0;
  for (char** p = names; p && *p; ++p) {
    const std::string n = *p, l = lower(n);
    if (l.size() < 5 || l.compare(l.size() - 5, 5, ".json") != 0) continue;
    if (l == "events.json") exact = n;
    else if (l.find("events") != std::string::npos) {
      ++candidates;
      only = n;
    }
  }
  CSLDestroy(names);
  if (!exact.empty()) return joinPath(dir, exact);
  if (candidates == 1) return joinPath(dir, only);
  return "";
}

Siblings findSiblings(const std::string& eventsPath) {
  Siblings s;
  const std::string dir = CPLGetPath(eventsPath.c_str());
  const std::string name = fileName(eventsPath);
  const std::string stem = CPLGetBasename(eventsPath.c_str());
  const std::string ext = CPLGetExtension(eventsPath.c_str());
  const std::string dotExt = ext.empty() ? std::string(".json") : "." + ext;
  const size_t at = lower(name).find("events");
  auto candidates = [&](std::string kind, std::vector<std::string>& looked) {
    std::vector<std::string> names;
    if (at != std::string::npos) {
      std::string k = kind;
      if (std::isupper(static_cast<unsigned char>(name[at]))) {
        const bool allUpper = std::isupper(static_cast<unsigned char>(name[at + 1])) != 0;
        for (size_t i = 0; i < k.size(); ++i)
          if (i == 0 || allUpper) k[i] = char(std::toupper(static_cast<unsigned char>(k[i])));
      }
      names.push_back(name.substr(0, at) + k + name.substr(at + 6));
    } else {
      names.push_back(stem + "_" + kind + dotExt);
      names.push_back(stem + "-" + kind + dotExt);
    }
    names.push_back(kind + ".json");
    std::string found;
    for (const std::string& n : names) {
      if (std::find(looked.begin(), looked.end(), n) != looked.end() || lower(n) == lower(name)) continue;
      looked.push_back(n);
      if (found.empty() && exists(joinPath(dir, n))) found = joinPath(dir, n);
    }
    return found;
  };
  s.associations = candidates("associations", s.lookedForAssociations);
  s.sources = candidates("sources", s.lookedForSources);
  return s;
}

std::string notEventsMessage(const std::string& path, Layout layout) {
  const char* what = layout == Layout::Associations ? "associations" : "sources";
  return path + ": cannot open as events (a timemap " + what +
         " file: open the events file beside it, e.g. events.json, or the folder; its " + what + " are read with it)";
}

bool load(const std::string& path, const json& doc, const LoadOptions& options, Dataset& out, LoadProgress* progress,
          std::string* openError) {
  Reader r{out};
  const json* events = eventsArray(doc);
  if (!events) {
    if (openError) *openError = path + ": cannot open (no array of timemap events in it)";
    return false;
  }
  out.schema = "timemap";
  r.note("schema: timemap (Forensic Architecture timemap export: events with associations and sources)");
  const std::string evName = fileName(path);
  {
    // "events.json" says nothing: the folder it is in names the dataset.
    const std::string stem = lower(CPLGetBasename(path.c_str()));
    const std::string dir = CPLGetPath(path.c_str());
    if ((stem == "events" || stem == "export_events") && out.name == CPLGetBasename(path.c_str()) && !dir.empty()) {
      const std::string folder = CPLGetFilename(dir.c_str());
      if (!folder.empty() && folder != "." && folder != "..") out.name = folder;
    }
  }

  // The associations and sources: in the same document, else beside it.
  Tables t;
  const Siblings sib = findSiblings(path);
  auto list = [](const std::vector<std::string>& names) {
    std::string s;
    for (const std::string& n : names) s += (s.empty() ? "" : ", ") + n;
    return s;
  };
  if (const json* a = doc.is_object() ? member(doc, {"associations"}, true) : nullptr) {
    readAssociations(r, *a, path, t);
  } else if (!sib.associations.empty()) {
    json ad;
    if (readSibling(r, sib.associations, "categories", ad)) readAssociations(r, ad, sib.associations, t);
  } else {
    r.note("no associations file beside " + evName + " (looked for " + list(sib.lookedForAssociations) +
           "): the events' associations are used as written for their categories");
  }
  if (const json* s = doc.is_object() ? member(doc, {"sources"}, false) : nullptr) {
    readSources(r, *s, path, t);
  } else if (!sib.sources.empty()) {
    json sd;
    if (readSibling(r, sib.sources, "sources", sd)) readSources(r, sd, sib.sources, t);
  } else {
    r.note("no sources file beside " + evName + " (looked for " + list(sib.lookedForSources) +
           "): each event's sources are shown by their ids");
  }

  // Dates: the layout from every value (timemap writes MM/DD/YYYY unless configured otherwise).
  DateFormat forced;
  const bool haveForced = !options.dateFormat.empty() && parseDateFormatOption(options.dateFormat, forced);
  DateValueTally tally;
  for (const auto& e : *events) {
    std::string d;
    if (e.is_object() && scalarText(e, "date", d) && !trim(d).empty()) tally.add(trim(d));
  }
  DateDetection det = detectDateFormat(tally, haveForced ? &forced : nullptr);
  if (!haveForced && det.ambiguous) {
    det.format.order = DateOrder::MDY;
    r.note("date: no value tells day-first from month-first (e.g. " + det.example +
           "); month-first (MM/DD/YYYY) assumed, timemap's own default; use --date-format dmy if the file is day-first");
  } else if (std::string n = det.note("date"); !n.empty()) {
    r.note(n);
  }

  const std::string base = [&] {
    std::string b = CPLGetBasename(path.c_str());
    return b.empty() ? std::string("event") : b;
  }();
  std::map<std::string, Missing> missingAssoc, missingSource;
  std::map<std::string, size_t> narrativeCount;
  size_t blank = 0, severalFilters = 0;
  if (progress) progress->total = int64_t(events->size());
  int64_t row = 0, unflushed = 0;
  bool cancelled = false;
  std::vector<json> scratch;
  for (const auto& ev : *events) {
    ++row;
    if (progress && (++unflushed == 256 || row == 1)) {
      progress->done.fetch_add(unflushed, std::memory_order_relaxed);
      unflushed = 0;
      if (progress->cancel.load(std::memory_order_relaxed)) {
        cancelled = true;
        break;
      }
    }
    if (!ev.is_object()) {
      r.problem(path, row, "", "an event that is not an object; skipped");
      continue;
    }
    Event e;
    std::string idText, date, time, description, location;
    if (!scalarText(ev, "id", idText)) r.problem(path, row, "id", "not text or a number; an id is made up");
    e.id = trim(idText);
    const std::string who = e.id.empty() ? "" : " (event " + e.id + ")";
    if (!scalarText(ev, "description", description)) r.problem(path, row, "description", "not text; ignored" + who);
    if (!scalarText(ev, "location", location)) r.problem(path, row, "location", "not text; ignored" + who);
    const bool dateOk = scalarText(ev, "date", date);
    const bool timeOk = scalarText(ev, "time", time);
    date = trim(date);
    time = trim(time);
    std::string latText, lonText;
    double lat = 0, lon = 0;
    const bool hasLat = ev.contains("latitude") && !ev["latitude"].is_null();
    const bool hasLon = ev.contains("longitude") && !ev["longitude"].is_null();
    const bool latOk = hasLat && coordinate(ev, "latitude", latText, lat);
    const bool lonOk = hasLon && coordinate(ev, "longitude", lonText, lon);
    if (dateOk && date.empty() && time.empty() && trim(description).empty() && trim(location).empty() && latText.empty() &&
        lonText.empty()) {
      ++blank;  // an empty spreadsheet row
      continue;
    }
    if (!dateOk || date.empty()) {
      r.problem(path, row, "date", (dateOk ? std::string("missing") : "not text") + "; skipped" + who);
      continue;
    }
    std::string err;
    if (!parseDate(date, det.format, e.start, &err)) {
      r.problem(path, row, "date", err + "; skipped" + who);
      continue;
    }
    if (!timeOk) {
      r.problem(path, row, "time", "not text; the day is kept" + who);
    } else if (!time.empty() && e.start.precision == Precision::Day) {
      TimeValue withTime;
      if (parseDate(date + " " + time, det.format, withTime)) e.start = withTime;
      else r.problem(path, row, "time", "'" + time + "' is not a time of day (HH:MM); the day is kept" + who);
    }

    // Place.
    e.place = trim(location);
    if (!latText.empty() || !lonText.empty()) {
      auto bad = [&](const char* field, const std::string& text, const char* what) {
        r.problem(path, row, field,
                  (text.empty() ? std::string(what) + " missing" : "'" + text + "' is not a " + what) +
                      "; event kept on the timeline only" + who);
      };
      if (!latOk) bad("latitude", latText, "latitude");
      else if (!lonOk) bad("longitude", lonText, "longitude");
      else if (lat < -90 || lat > 90 || lon < -180 || lon > 180)
        r.problem(path, row, "latitude", "position " + latText + ", " + lonText +
                                             " is outside -90..90 / -180..180; event kept on the timeline only" + who);
      else {
        e.hasLocation = true;
        e.lat = lat;
        e.lon = lon;
      }
    }

    // Associations: the category and the description's lines.
    bool badList = false;
    std::vector<const json*> items = listOf(ev, "associations", scratch, badList);
    if (badList) r.problem(path, row, "associations", "not a list; ignored" + who);
    std::vector<std::string> filterLabels, narrativeLabels;
    size_t bestOrder = SIZE_MAX;
    std::string firstUnknown;
    for (const json* it : items) {
      std::string key;
      const Association* a = nullptr;
      if (it->is_object()) {  // an association written out in the event
        key = textOf(*it, "id");
        if (key.empty()) key = textOf(*it, "title");
      } else if (!listedId(*it, key)) {
        r.problem(path, row, "associations", "an entry that is not an id or title; ignored" + who);
        continue;
      }
      if (key.empty()) continue;
      if (auto f = t.assocById.find(key); f != t.assocById.end()) a = &t.assoc[f->second];
      else if (auto g = t.assocByKey.find(lower(key)); g != t.assocByKey.end()) a = &t.assoc[g->second];
      if (!a) {
        if (t.haveAssoc) {
          Missing& m = missingAssoc[key];
          if (!m.events++) m.firstRow = row;
        }
        filterLabels.push_back(key);
        if (firstUnknown.empty()) firstUnknown = key;
        continue;
      }
      if (a->narrative) {
        narrativeLabels.push_back(a->label);
        ++narrativeCount[a->label];
        continue;
      }
      filterLabels.push_back(a->group.empty() || a->group == a->label ? a->label : a->group + ": " + a->label);
      if (a->order < bestOrder) {
        bestOrder = a->order;
        e.category = a->label;
      }
    }
    if (e.category.empty()) e.category = firstUnknown;
    if (e.category.empty()) e.category = textOf(ev, "category");  // older timemap sheets had a category column
    if (filterLabels.size() > 1) ++severalFilters;

    // Sources.
    items = listOf(ev, "sources", scratch, badList);
    if (badList) r.problem(path, row, "sources", "not a list; ignored" + who);
    for (const json* it : items) {
      std::string id;
      if (it->is_object()) {
        e.sources.push_back(sourceFrom(*it, textOf(*it, "id")));
        continue;
      }
      if (!listedId(*it, id)) {
        r.problem(path, row, "sources", "an entry that is not an id; ignored" + who);
        continue;
      }
      if (id.empty()) continue;
      if (auto f = t.sources.find(id); f != t.sources.end()) {
        e.sources.push_back(f->second);
        continue;
      }
      if (t.haveSources) {
        Missing& m = missingSource[id];
        if (!m.events++) m.firstRow = row;
      }
      e.sources.push_back(looksLikeUrl(id) ? Source{id, ""} : Source{"", id});
    }

    // Texts: a description short enough to be the whole title is not repeated under it.
    e.title = titleFrom(trim(description));
    e.description = e.title == trim(description) ? std::string() : trim(description);
    auto addLine = [&](const char* head, const std::vector<std::string>& labels) {
      std::string line;
      for (const std::string& l : labels) line += (line.empty() ? "" : "; ") + l;
      if (line.empty()) return;
      if (!e.description.empty()) e.description += "\n\n";
      e.description += std::string(head) + line;
    };
    if (filterLabels.size() > 1) addLine("Filters: ", filterLabels);
    addLine("Narratives: ", narrativeLabels);
    if (e.title.empty()) e.title = e.place;
    if (e.id.empty()) e.id = base + "-" + std::to_string(row);
    if (e.title.empty()) e.title = e.id;
    out.events.push(e);
  }
  if (progress && unflushed) progress->done.fetch_add(unflushed, std::memory_order_relaxed);
  if (cancelled) r.note("loading cancelled: " + std::to_string(out.events.size()) + " events read before it stopped");

  for (const auto& [id, m] : missingAssoc)
    r.problem(path, m.firstRow, "associations",
              "'" + id + "' is not in " + t.assocName + " (" + std::to_string(m.events) +
                  (m.events == 1 ? " event lists it" : " events list it") + "); used as written");
  for (const auto& [id, m] : missingSource)
    r.problem(path, m.firstRow, "sources",
              "'" + id + "' is not in " + t.sourcesName + " (" + std::to_string(m.events) +
                  (m.events == 1 ? " event lists it" : " events list it") + "); shown by its id");
  if (blank) r.note(std::to_string(blank) + (blank == 1 ? " empty row" : " empty rows") + " of " + evName + " skipped");
  if (severalFilters)
    r.note("associations: " + std::to_string(severalFilters) + " events have several filters; the category is the one listed first in " +
           (t.haveAssoc ? t.assocName : std::string("the event")) + ", all are kept in the description (Filters: ...)");
  if (!narrativeCount.empty()) {
    std::string names;
    for (const auto& [n, c] : narrativeCount) names += (names.empty() ? "" : ", ") + n + " (" + std::to_string(c) + ")";
    r.note("narratives " + names + ": kept as a line of each event's description (Narratives: ...); not made into stories");
  }
  if (out.events.empty() && out.problems.empty() && !cancelled) r.note("the file has no events");
  return true;
}

}  // namespace geo::timemap
