// Reading events from any GDAL vector source (GeoJSON, GeoPackage, CSV, KML/KMZ, Shapefile,
// FlatGeobuf, PG: connections) in the layouts users already have (Chronomap's own, ACLED, UCDP GED,
// TimelineJS sheets, KML, GDELT 1.0, generic), plus TimelineJS JSON and Forensic Architecture timemap
// exports (geo/io/timemap_reader.cpp), which GDAL does not read.
//
// Sections:
//   1. text helpers            2. country codes          3. the load context
//   4. schemas and columns     5. date columns           6. locations
//   7. rows: common fields     8. rows: per schema       9. KML raw times
//  10. TimelineJS JSON        11. opening a source      12. loadEvents
//
// Row numbers in problems are 1-based rows as a user counts them in the file: for CSV the line of
// the file on which the record starts, with the header as line 1 (so the first data row is row 2; a
// headerless GDELT file starts at row 1; records spanning several lines inside quotes count all their
// lines; in the rare CSV files read through GDAL's features rather than our own reader, section 11,
// the record's position plus one), for every other source
// the feature's position in its layer (first feature = row 1), for TimelineJS JSON the position in
// the "events" array. Row 0 means the whole file or layer.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <functional>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <map>
#include <memory>
#include <string_view>
#include <set>
#include <thread>
#include <unordered_map>
#include <unistd.h>

#include <cpl_conv.h>
#include <cpl_csv.h>
#include <cpl_minixml.h>
#include <cpl_string.h>
#include <cpl_vsi.h>

#include <nlohmann/json.hpp>

#include "geo/date_detect.hpp"
#include "geo/io.hpp"
#include "geo/io/csv_reader.hpp"
#include "geo/io/gdal_util.hpp"
#include "geo/io/timemap_reader.hpp"
#include "geo/pg_source.hpp"

namespace geo {

using gdalutil::ErrorCapture;
using gdalutil::getString;

// --- 0. phases (CHRONOMAP_LOAD_PHASES=1 prints how long each took, for profiling) --------------------
namespace {
struct PhaseTimer {
  bool on = std::getenv("CHRONOMAP_LOAD_PHASES") != nullptr;
  std::chrono::steady_clock::time_point t = std::chrono::steady_clock::now();
  double cpu = threadCpuMs();
  static double threadCpuMs() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
  }
  // Wall time, and the CPU time of this thread (the other readers' time is not in it).
  void mark(const char* what) {
    if (!on) return;
    const auto now = std::chrono::steady_clock::now();
    const double c = threadCpuMs();
    std::fprintf(stderr, "chronomap: load phase %-28s %7.1f ms (this thread's CPU %7.1f ms)\n", what,
                 std::chrono::duration<double, std::milli>(now - t).count(), c - cpu);
    t = now;
    cpu = c;
  }
};
}  // namespace

// --- 0. rows ---------------------------------------------------------------------------------------------
namespace {
// One row of a layer as the schema code reads it: a GDAL feature, or a record read by our own CSV
// reader (section 11). All the schema logic reads rows only through this.
class Row {
 public:
  virtual ~Row() = default;
  virtual int fieldCount() const = 0;
  // Set and not null.
  virtual bool isSet(int idx) = 0;
  // The field's text; empty when idx is -1 or the field is unset. Valid while the row is.
  virtual std::string_view text(int idx) = 0;
  virtual const OGRGeometry* geometry() = 0;
  // GDAL's feature (typed fields: dates, integers, string lists), or null for a CSV record, whose
  // fields are all text.
  virtual OGRFeature* feature() = 0;
};

class FeatureRow final : public Row {
 public:
  explicit FeatureRow(OGRFeature& f) : f_(f) {}
  int fieldCount() const override { return f_.GetFieldCount(); }
  bool isSet(int idx) override { return idx >= 0 && f_.IsFieldSetAndNotNull(idx); }
  std::string_view text(int idx) override {
    if (!isSet(idx)) return {};
    const char* s = f_.GetFieldAsString(idx);
    if (f_.GetFieldDefnRef(idx)->GetType() == OFTString) return s;  // GDAL's own copy, stable
    tmp_.emplace_back(s);  // formatted into a buffer the next call reuses: keep a copy
    return tmp_.back();
  }
  const OGRGeometry* geometry() override { return f_.GetGeometryRef(); }
  OGRFeature* feature() override { return &f_; }

 private:
  OGRFeature& f_;
  std::deque<std::string> tmp_;
};

std::string str(Row& f, int idx) { return std::string(f.text(idx)); }
}  // namespace

// --- 1. text helpers ---------------------------------------------------------------------------------
namespace {
std::string lower(std::string s) {
  for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Column names compared loosely: "End Year", "end_year" and "endyear" are the same column.
std::string normName(const std::string& s) {
  std::string r;
  for (char c : s)
    if (c != ' ' && c != '_' && c != '-') r += char(std::tolower(static_cast<unsigned char>(c)));
  return r;
}

std::string_view trimView(std::string_view s) {
  const size_t a = s.find_first_not_of(" \t\r\n");
  if (a == std::string_view::npos) return {};
  return s.substr(a, s.find_last_not_of(" \t\r\n") + 1 - a);
}

std::string trim(std::string_view s) { return std::string(trimView(s)); }

bool endsWith(const std::string& s, const char* suffix) {
  const std::string l = lower(s), x = suffix;
  return l.size() >= x.size() && l.compare(l.size() - x.size(), x.size(), x) == 0;
}

// Tags removed and the common entities decoded; runs of whitespace become one space.
// The C locale's isspace, inline (the library call costs more than the test).
inline bool isSpaceC(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

std::string stripHtml(std::string_view s) {
  // Most texts have no markup: only the whitespace is collapsed. (One pass to see whether there is
  // markup or any whitespace to change at all; std::string_view::find_first_of calls memchr once
  // per character.)
  bool markup = false, change = false;
  for (size_t i = 0; i < s.size() && !markup; ++i) {
    const char c = s[i];
    if (c == '<' || c == '&') markup = true;
    else if (isSpaceC(c) && (c != ' ' || i == 0 || i + 1 == s.size() || s[i + 1] == ' ' || isSpaceC(s[i + 1])))
      change = true;
  }
  if (!markup && !change) return std::string(s);
  if (!markup) {
    std::string out;
    out.reserve(s.size());
    bool space = false;
    for (char c : s) {
      if (isSpaceC(c)) { space = true; continue; }
      if (space && !out.empty()) out += ' ';
      space = false;
      out += c;
    }
    return out;
  }
  std::string r;
  bool inTag = false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '<') { inTag = true; continue; }
    if (c == '>' && inTag) { inTag = false; r += ' '; continue; }
    if (inTag) continue;
    if (c == '&') {
      static const std::pair<const char*, const char*> ents[] = {
          {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&apos;", "'"}, {"&nbsp;", " "}};
      bool done = false;
      for (const auto& [e, v] : ents)
        if (s.compare(i, std::strlen(e), e) == 0) {
          r += v;
          i += std::strlen(e) - 1;
          done = true;
          break;
        }
      if (done) continue;
    }
    r += c;
  }
  std::string out;
  bool space = false;
  for (char c : r) {
    if (std::isspace(static_cast<unsigned char>(c))) { space = true; continue; }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

// A NUL-terminated copy of a short text, without heap allocation for the usual sizes.
struct CText {
  char buf[64];
  std::string big;
  const char* c_str() const { return big.empty() ? buf : big.c_str(); }
  explicit CText(std::string_view s) {
    if (s.size() < sizeof buf) {
      std::memcpy(buf, s.data(), s.size());
      buf[s.size()] = '\0';
    } else {
      big.assign(s);
    }
  }
};

// A whole-string integer ("12", " -500 "); false for "", "12a", "1.5".
bool parseInt(std::string_view text, int64_t& v) {
  const std::string_view t = trimView(text);
  if (t.empty()) return false;
  const CText s(t);
  char* end = nullptr;
  const long long x = std::strtoll(s.c_str(), &end, 10);
  if (*end != '\0') {
    // "12.0" as spreadsheets write integers
    const double d = std::strtod(s.c_str(), &end);
    if (*end != '\0' || d != std::floor(d) || std::fabs(d) > 9e15) return false;
    v = int64_t(d);
    return true;
  }
  v = x;
  return true;
}

bool parseNumber(std::string_view text, double& v) {
  const std::string_view t = trimView(text);
  if (t.empty()) return false;
  const CText s(t);
  char* end = nullptr;
  v = std::strtod(s.c_str(), &end);
  return *end == '\0' && std::isfinite(v);
}

std::vector<std::string> splitList(std::string_view s) {
  std::vector<std::string> out;
  if (trimView(s).empty()) return out;
  auto j = nlohmann::json::parse(s, nullptr, false);
  if (j.is_array()) {
    for (auto& v : j)
      if (v.is_string()) out.push_back(v.get<std::string>());
    return out;
  }
  const char sep = s.find(';') != std::string_view::npos ? ';' : ',';
  size_t a = 0;
  while (a <= s.size()) {
    size_t b = s.find(sep, a);
    if (b == std::string_view::npos) b = s.size();
    std::string item = trim(s.substr(a, b - a));
    if (!item.empty()) out.push_back(item);
    a = b + 1;
  }
  return out;
}

// A list field: a GDAL string list, a JSON array written as text, or a ';' or ',' separated list.
std::vector<std::string> getList(Row& f, int idx) {
  std::vector<std::string> out;
  if (idx < 0 || !f.isSet(idx)) return out;
  if (OGRFeature* g = f.feature(); g && g->GetFieldDefnRef(idx)->GetType() == OFTStringList) {
    if (char** list = g->GetFieldAsStringList(idx))
      for (char** p = list; *p; ++p) out.emplace_back(*p);
    return out;
  }
  return splitList(f.text(idx));
}

// Sources: a JSON array of {url, publisher} or of URLs, else one entry (a URL, or a publisher name).
std::vector<Source> parseSources(const std::string& src) {
  std::vector<Source> out;
  if (src.empty()) return out;
  auto j = nlohmann::json::parse(src, nullptr, false);
  if (j.is_array()) {
    for (auto& s : j) {
      Source so;
      if (s.is_object()) {
        so.url = s.value("url", "");
        so.publisher = s.value("publisher", "");
      } else if (s.is_string()) {
        so.url = s.get<std::string>();
      }
      if (!so.url.empty() || !so.publisher.empty()) out.push_back(so);
    }
    return out;
  }
  out.push_back({src, ""});
  return out;
}
}  // namespace

// --- 2. country codes ----------------------------------------------------------------------------------
namespace {
// ISO 3166-1 numeric and English short name -> alpha-3, for the countries our users' data covers
// most (the Caucasus and its neighbours, and the largest conflict datasets). Unknown names are left
// out of Event::countries rather than guessed.
struct Country {
  int numeric;
  const char* alpha3;
  const char* name;
};
const Country kCountries[] = {
    {51, "ARM", "Armenia"},      {31, "AZE", "Azerbaijan"},    {268, "GEO", "Georgia"},
    {643, "RUS", "Russia"},      {792, "TUR", "Turkey"},       {364, "IRN", "Iran"},
    {804, "UKR", "Ukraine"},     {112, "BLR", "Belarus"},      {398, "KAZ", "Kazakhstan"},
    {417, "KGZ", "Kyrgyzstan"},  {762, "TJK", "Tajikistan"},   {860, "UZB", "Uzbekistan"},
    {795, "TKM", "Turkmenistan"}, {498, "MDA", "Moldova"},     {760, "SYR", "Syria"},
    {368, "IRQ", "Iraq"},        {4, "AFG", "Afghanistan"},    {376, "ISR", "Israel"},
    {275, "PSE", "Palestine"},   {422, "LBN", "Lebanon"},      {887, "YEM", "Yemen"},
    {729, "SDN", "Sudan"},       {728, "SSD", "South Sudan"},  {231, "ETH", "Ethiopia"},
    {706, "SOM", "Somalia"},     {466, "MLI", "Mali"},         {566, "NGA", "Nigeria"},
    {104, "MMR", "Myanmar"},     {586, "PAK", "Pakistan"},     {356, "IND", "India"},
    {484, "MEX", "Mexico"},      {170, "COL", "Colombia"},     {434, "LBY", "Libya"},
    {818, "EGY", "Egypt"},       {682, "SAU", "Saudi Arabia"}, {854, "BFA", "Burkina Faso"},
    {562, "NER", "Niger"},       {180, "COD", "Democratic Republic of Congo"},
    {156, "CHN", "China"},       {840, "USA", "United States"}, {250, "FRA", "France"},
    {276, "DEU", "Germany"},     {616, "POL", "Poland"},       {400, "JOR", "Jordan"},
};

std::string alpha3FromNumeric(int64_t n) {
  for (const Country& c : kCountries)
    if (c.numeric == n) return c.alpha3;
  return {};
}

std::string alpha3FromName(std::string_view name) {
  const std::string l = lower(trim(name));
  if (l.empty()) return {};
  for (const Country& c : kCountries)
    if (l == lower(c.name) || l == lower(c.alpha3)) return c.alpha3;
  if (l == "russian federation") return "RUS";
  if (l == "turkiye" || l == "türkiye") return "TUR";
  if (l == "iran (islamic republic of)") return "IRN";
  if (l == "united states of america") return "USA";
  if (l == "dr congo" || l == "congo, dr" || l == "dr congo (zaire)") return "COD";
  return {};
}
}  // namespace

// --- 3. the load context -------------------------------------------------------------------------------
namespace {
enum class Schema { Generic, Acled, Ucdp, TimelineJs, Kml, Gdelt };

const char* schemaName(Schema s) {
  switch (s) {
    case Schema::Generic: return "generic";
    case Schema::Acled: return "acled";
    case Schema::Ucdp: return "ucdp-ged";
    case Schema::TimelineJs: return "timelinejs";
    case Schema::Kml: return "kml";
    case Schema::Gdelt: return "gdelt";
  }
  return "generic";
}

bool schemaFromName(const std::string& n, Schema& s) {
  const std::string l = lower(trim(n));
  if (l == "generic" || l == "chronomap") s = Schema::Generic;
  else if (l == "acled") s = Schema::Acled;
  else if (l == "ucdp-ged" || l == "ucdp" || l == "ged" || l == "ucdp_ged") s = Schema::Ucdp;
  else if (l == "timelinejs" || l == "timeline") s = Schema::TimelineJs;
  else if (l == "kml") s = Schema::Kml;
  else if (l == "gdelt") s = Schema::Gdelt;
  else return false;
  return true;
}

// The keys --field accepts, as in Chronomap's own format.
const char* kFieldKeys[] = {"id", "start", "end", "title", "description", "category", "actors", "countries",
                            "place", "place_alt", "lat", "lon", "fatalities_best", "fatalities_low",
                            "fatalities_high", "fatalities_by", "sources", "precision", "era"};

struct Ctx {
  std::string path;      // named in messages
  std::string readPath;  // the file read: path, or a UTF-8 copy of a UTF-16 file
  std::string base;  // file name without extension, for generated ids
  Dataset& out;
  const LoadOptions& opt;
  LoadProgress* progress = nullptr;
  bool haveSchema = false;  // --schema given and valid
  Schema forcedSchema = Schema::Generic;
  bool haveFormat = false;  // --date-format given and valid
  DateFormat forcedFormat;
  bool cancelled = false;

  Ctx(const std::string& p, Dataset& o, const LoadOptions& op, LoadProgress* pr) : path(p), readPath(p), out(o), opt(op), progress(pr) {}
  void problem(int64_t row, const std::string& field, std::string msg) {
    out.problems.push_back({path, row, field, std::move(msg)});
  }
  void note(std::string n) {
    if (std::find(out.notes.begin(), out.notes.end(), n) == out.notes.end()) out.notes.push_back(std::move(n));
  }
  // One row read; false when the user asked to stop. Counted into the shared progress a batch at a
  // time (several threads read rows at once).
  bool tick() {
    if (!progress) return true;
    if (ticks++ % 256 == 0) {  // the first row too: a load cancelled before it began reads nothing
      flushTicks();
      if (progress->cancel.load(std::memory_order_relaxed)) cancelled = true;
    }
    ++unflushed;
    return !cancelled;
  }
  void flushTicks() {
    if (progress && unflushed) progress->done.fetch_add(unflushed, std::memory_order_relaxed);
    unflushed = 0;
  }
  int64_t unflushed = 0, ticks = 0;
};
}  // namespace

// --- 4. schemas and columns ----------------------------------------------------------------------------
namespace {
struct LayerCols {
  OGRFeatureDefn* defn = nullptr;
  std::vector<std::string> names, norms;

  explicit LayerCols(OGRFeatureDefn* d) : defn(d) {
    for (int i = 0; i < d->GetFieldCount(); ++i) {
      names.emplace_back(d->GetFieldDefn(i)->GetNameRef());
      norms.push_back(normName(names.back()));
    }
  }
  // Exact name first, then case-, space- and underscore-insensitive.
  int find(const std::string& name) const {
    for (size_t i = 0; i < names.size(); ++i)
      if (names[i] == name) return int(i);
    const std::string n = normName(name);
    for (size_t i = 0; i < norms.size(); ++i)
      if (norms[i] == n) return int(i);
    return -1;
  }
  int findAny(std::initializer_list<const char*> candidates) const {
    for (const char* c : candidates)
      if (int i = find(c); i >= 0) return i;
    return -1;
  }
  bool has(const char* name) const { return find(name) >= 0; }
  std::string list() const {
    std::string s;
    for (size_t i = 0; i < names.size(); ++i) s += (i ? ", " : "") + names[i];
    return s.empty() ? "none" : s;
  }
};

// The role of each column: keys of the bundled format plus schema-specific ones (event_type...).
enum class Key : uint8_t {
  id, start, end, title, description, category, actors, countries, place, place_alt, lat, lon, fatalities_best,
  fatalities_low, fatalities_high, fatalities_by, sources, precision, era,
  event_type, sub_event_type, actor1, actor2, iso, country, geo_precision,
  type_of_violence, conflict_name, dyad_name, side_a, side_b, where_prec,
  year, month, day, time, end_year, end_month, end_day, end_time, display_date, type,
  timestamp, begin, event_code, root_code, count
};
const char* const kKeyNames[] = {
    "id", "start", "end", "title", "description", "category", "actors", "countries", "place", "place_alt", "lat", "lon",
    "fatalities_best", "fatalities_low", "fatalities_high", "fatalities_by", "sources", "precision", "era",
    "event_type", "sub_event_type", "actor1", "actor2", "iso", "country", "geo_precision",
    "type_of_violence", "conflict_name", "dyad_name", "side_a", "side_b", "where_prec",
    "year", "month", "day", "time", "end_year", "end_month", "end_day", "end_time", "display_date", "type",
    "timestamp", "begin", "event_code", "root_code"};
static_assert(sizeof kKeyNames / sizeof kKeyNames[0] == size_t(Key::count), "one name per key");

Key keyFromName(const std::string& name) {
  for (size_t i = 0; i < size_t(Key::count); ++i)
    if (name == kKeyNames[i]) return Key(i);
  return Key::count;
}

struct Roles {
  int idx[size_t(Key::count)];
  bool overridden[size_t(Key::count)] = {};  // set by --field
  Roles() { std::fill(std::begin(idx), std::end(idx), -1); }
  int operator[](Key k) const { return idx[size_t(k)]; }
  bool forced(Key k) const { return overridden[size_t(k)]; }
  void set(const std::string& key, int i) {
    if (i >= 0) put(keyFromName(key), i);
  }
  void put(Key k, int i) {
    if (k != Key::count) idx[size_t(k)] = i;
  }
};

Schema recognise(const LayerCols& c, const std::string& driver, std::string& why) {
  if (c.has("event_date") && (c.has("event_id_cnty") || c.has("sub_event_type") || (c.has("actor1") && c.has("event_type")))) {
    why = "columns event_date, event_id_cnty / sub_event_type";
    return Schema::Acled;
  }
  if (c.has("date_start") && (c.has("type_of_violence") || c.has("where_prec") || c.has("date_prec") || c.has("side_a"))) {
    why = "columns date_start, type_of_violence / date_prec / where_prec";
    return Schema::Ucdp;
  }
  if (c.has("year") && c.has("headline")) {
    why = "columns Year, Headline";
    return Schema::TimelineJs;
  }
  if (driver == "LIBKML" || driver == "KML") {
    why = "a KML source";
    return Schema::Kml;
  }
  if (c.has("start") && c.has("precision") && c.has("category")) why = "Chronomap's own format: columns start, precision, category";
  else why = "no known layout; date, place and title columns looked up by name";
  return Schema::Generic;
}

Roles defaultRoles(Schema s, const LayerCols& c) {
  Roles r;
  switch (s) {
    case Schema::Acled:
      r.set("id", c.findAny({"event_id_cnty", "event_id"}));
      r.set("start", c.find("event_date"));
      r.set("precision", c.find("time_precision"));
      r.set("event_type", c.find("event_type"));
      r.set("sub_event_type", c.find("sub_event_type"));
      r.set("actor1", c.find("actor1"));
      r.set("actor2", c.find("actor2"));
      r.set("iso", c.find("iso"));
      r.set("country", c.find("country"));
      r.set("place", c.find("location"));
      r.set("lat", c.find("latitude"));
      r.set("lon", c.find("longitude"));
      r.set("geo_precision", c.find("geo_precision"));
      r.set("sources", c.find("source"));
      r.set("description", c.find("notes"));
      r.set("fatalities_best", c.find("fatalities"));
      break;
    case Schema::Ucdp:
      r.set("id", c.find("id"));
      r.set("start", c.find("date_start"));
      r.set("end", c.find("date_end"));
      r.set("precision", c.find("date_prec"));
      r.set("type_of_violence", c.find("type_of_violence"));
      r.set("conflict_name", c.find("conflict_name"));
      r.set("dyad_name", c.find("dyad_name"));
      r.set("side_a", c.find("side_a"));
      r.set("side_b", c.find("side_b"));
      r.set("where_prec", c.find("where_prec"));
      r.set("place", c.findAny({"where_coordinates", "adm_2", "adm_1"}));
      r.set("description", c.find("where_description"));
      r.set("country", c.find("country"));
      r.set("lat", c.find("latitude"));
      r.set("lon", c.find("longitude"));
      r.set("fatalities_best", c.find("best"));
      r.set("fatalities_low", c.find("low"));
      r.set("fatalities_high", c.find("high"));
      r.set("sources", c.find("source_article"));
      break;
    case Schema::TimelineJs:
      for (const char* k : {"year", "month", "day", "time", "end_year", "end_month", "end_day", "end_time",
                            "display_date", "type"})
        r.set(k, c.find(k));
      r.set("id", c.findAny({"unique_id", "id"}));
      r.set("title", c.find("headline"));
      r.set("description", c.find("text"));
      r.set("category", c.find("group"));
      r.set("place", c.find("location"));
      r.set("lat", c.findAny({"latitude", "lat"}));
      r.set("lon", c.findAny({"longitude", "lon", "lng"}));
      break;
    case Schema::Kml:
      r.set("title", c.find("Name"));
      r.set("description", c.find("description"));
      r.set("timestamp", c.find("timestamp"));
      r.set("begin", c.find("begin"));
      r.set("end", c.find("end"));
      break;
    case Schema::Gdelt:  // GDELT 1.0 positions (0-based), headerless
      if (c.names.size() >= 57) {
        for (auto [k, i] : {std::pair<Key, int>{Key::id, 0}, {Key::start, 1}, {Key::actor1, 6}, {Key::actor2, 16},
                            {Key::event_code, 26}, {Key::root_code, 28}, {Key::place, 50}, {Key::lat, 53}, {Key::lon, 54}})
          r.put(k, i);
        if (c.names.size() >= 58) r.put(Key::sources, 57);
      }
      break;
    case Schema::Generic:
      r.set("id", c.findAny({"id", "event_id", "eventid", "uid", "unique_id"}));
      r.set("start", c.findAny({"start", "start_date", "date_start", "date", "begin", "timestamp", "event_date", "datetime"}));
      r.set("end", c.findAny({"end", "end_date", "date_end", "finish"}));
      r.set("title", c.findAny({"title", "name", "headline", "label"}));
      r.set("description", c.findAny({"description", "desc", "text", "notes", "summary"}));
      r.set("place", c.findAny({"place", "location", "place_name"}));
      r.set("place_alt", c.find("place_alt"));
      r.set("category", c.findAny({"category", "type"}));
      r.set("actors", c.findAny({"actors", "actor"}));
      r.set("countries", c.find("countries"));
      r.set("fatalities_best", c.findAny({"fatalities_best", "fatalities", "deaths"}));
      r.set("fatalities_low", c.find("fatalities_low"));
      r.set("fatalities_high", c.find("fatalities_high"));
      r.set("fatalities_by", c.find("fatalities_by"));
      r.set("sources", c.findAny({"sources", "source", "url"}));
      r.set("precision", c.find("precision"));
      r.set("era", c.find("era"));
      r.set("lat", c.findAny({"lat", "latitude", "y"}));
      r.set("lon", c.findAny({"lon", "lng", "long", "longitude", "x"}));
      break;
  }
  return r;
}

// --field KEY=COLUMN on top of the schema's defaults; bad keys and missing columns are reported.
void applyFieldOverrides(Ctx& ctx, const LayerCols& c, const std::string& layerName, Roles& r) {
  for (const auto& field : ctx.opt.fields) {
    // Not a structured binding: C++17 lambdas cannot capture those (clang refuses; the fuzz build uses it).
    const std::string& key = field.first;
    const std::string& column = field.second;
    const bool known = std::any_of(std::begin(kFieldKeys), std::end(kFieldKeys), [&](const char* k) { return key == k; });
    if (!known) {
      ctx.problem(0, key, "--field " + key + "=" + column + ": unknown key (use id, start, end, title, description, "
                                                            "category, actors, countries, place, lat, lon, fatalities_best, "
                                                            "fatalities_low, fatalities_high, sources, precision)");
      continue;
    }
    const int i = c.find(column);
    if (i < 0) {
      ctx.problem(0, key, "--field " + key + "=" + column + ": layer '" + layerName + "' has no column '" + column +
                              "' (columns: " + c.list() + ")");
      continue;
    }
    r.put(keyFromName(key), i);
    r.overridden[size_t(keyFromName(key))] = true;
  }
}
}  // namespace

// --- 5. date columns ----------------------------------------------------------------------------------
namespace {
struct DateCol {
  int idx = -1;
  std::string name;
  bool typed = false;  // OFTDate / OFTDateTime: GDAL parsed it already
  DateFormat fmt;
};

// A GDAL-typed date. Drivers store date-only values as midnight DateTimes (KML, some GeoPackages),
// so a DateTime at exactly 00:00:00 is read as a day.
bool typedDate(Row& row, int idx, TimeValue& v) {
  OGRFeature* f = row.feature();
  if (!f) return false;
  int y, mo, d, h, mi, tz;
  float s;
  if (!f->GetFieldAsDateTime(idx, &y, &mo, &d, &h, &mi, &s, &tz)) return false;
  const bool dateOnly = f->GetFieldDefnRef(idx)->GetType() == OFTDate || (h == 0 && mi == 0 && s == 0.0f);
  if (dateOnly) return makeTimeValue(y, mo, d, -1, -1, -1, v);
  if (!makeTimeValue(y, mo, d, h, mi, int(s), v)) return false;
  if (tz > 100) {  // 100 = UTC, each step 15 minutes east
    const int off = (tz - 100) * 15;
    v.tzOffsetMin = off;
    v.t -= Seconds(off) * 60;
    v.earliest -= Seconds(off) * 60;
    v.latest -= Seconds(off) * 60;
  }
  return true;
}

// Dates already parsed from text, per column and reading thread (a million rows of dates hold a
// few thousand distinct values). Only values that parsed are kept: a bad one is parsed again for
// its message. Bounded: past kMax distinct values it stops adding.
struct DateCache {
  static constexpr size_t kMax = 1 << 16;
  std::unordered_map<std::string, TimeValue> parsed;
};

// Reads the date in a row; *text is what was written (for messages). Empty = false with empty err.
bool readDate(Row& f, const DateCol& c, TimeValue& v, std::string_view& text, std::string& err,
              DateCache* cache = nullptr) {
  err.clear();
  text = f.text(c.idx);
  if (trimView(text).empty()) return false;
  if (c.typed) {
    if (typedDate(f, c.idx, v)) return true;
    err = "'" + std::string(text) + "' is not a valid date";
    return false;
  }
  if (!cache) return parseDate(text, c.fmt, v, &err);
  thread_local std::string key;
  key.assign(text.data(), text.size());
  if (auto it = cache->parsed.find(key); it != cache->parsed.end()) {
    v = it->second;
    return true;
  }
  if (!parseDate(text, c.fmt, v, &err)) return false;
  if (cache->parsed.size() < DateCache::kMax) cache->parsed.emplace(key, v);
  return true;
}

DateCol makeDateCol(const LayerCols& c, int idx) {
  DateCol d;
  d.idx = idx;
  if (idx >= 0) {
    d.name = c.names[size_t(idx)];
    const OGRFieldType t = c.defn->GetFieldDefn(idx)->GetType();
    d.typed = t == OFTDate || t == OFTDateTime;
  }
  return d;
}

// A CSV row of HXL hashtags under the header (humanitarian portal exports): every non-empty cell
// starts with '#'.
bool isHashtagRow(Row& f) {
  bool any = false;
  for (int i = 0; i < f.fieldCount(); ++i) {
    const std::string_view s = trimView(f.text(i));
    if (s.empty()) continue;
    if (s[0] != '#') return false;
    any = true;
  }
  return any;
}
}  // namespace

// --- 6. locations -------------------------------------------------------------------------------------
namespace {
// Where the event's symbol sits. Lon/lat columns win over the geometry (an area's symbol point), except
// in CSV, where the geometry was built from those very columns and may need reprojecting (.prj).
void readLocation(Ctx& ctx, Row& f, const Roles& r, OGRCoordinateTransformation* transform, bool preferGeometry,
                  int64_t row, const LayerCols& cols, Event& e) {
  double lon = 0, lat = 0;
  bool have = false;
  auto fromGeometry = [&]() {
    const OGRGeometry* g = f.geometry();
    if (!g || g->IsEmpty()) return false;
    OGRPoint pt;
    if (wkbFlatten(g->getGeometryType()) == wkbPoint) pt = *g->toPoint();
    else if (g->Centroid(&pt) != OGRERR_NONE) return false;
    if (pt.IsEmpty()) return false;
    lon = pt.getX();
    lat = pt.getY();
    if (transform && !transform->Transform(1, &lon, &lat)) {
      ctx.problem(row, "geometry", "cannot be transformed to WGS84; event kept on the timeline only");
      return false;
    }
    return true;
  };
  auto fromFields = [&]() {
    const int iLon = r[Key::lon], iLat = r[Key::lat];
    if (iLon < 0 || iLat < 0) return false;
    const std::string sLon = trim(f.text(iLon)), sLat = trim(f.text(iLat));
    if (sLon.empty() && sLat.empty()) return false;
    if (sLon == "NULL" && sLat == "NULL") return false;
    // (GDAL's CSV driver has already turned an unreadable coordinate into an empty cell.)
    double x, y;
    auto bad = [&](int idx, const std::string& text, const char* what) {
      ctx.problem(row, cols.names[size_t(idx)],
                  (text.empty() ? std::string(what) + " missing or not a number" : "'" + text + "' is not a " + what) +
                      "; event kept on the timeline only");
      return false;
    };
    if (!parseNumber(sLon, x)) return bad(iLon, sLon, "longitude");
    if (!parseNumber(sLat, y)) return bad(iLat, sLat, "latitude");
    lon = x;
    lat = y;
    return true;
  };
  if (preferGeometry) {
    have = fromGeometry();
    if (!have && !f.geometry()) have = fromFields();
  } else {
    have = fromFields();
    if (!have) have = fromGeometry();
  }
  if (have && !(std::isfinite(lon) && std::isfinite(lat))) {
    ctx.problem(row, "geometry", "position is not a finite number (NaN or infinity); event kept on the timeline only");
    have = false;
  }
  if (have && (lon < -180 || lon > 180 || lat < -90 || lat > 90)) {
    ctx.problem(row, "geometry", "position outside -180..180 / -90..90; event kept on the timeline only");
    have = false;
  }
  e.hasLocation = have;
  e.lon = have ? lon : 0;
  e.lat = have ? lat : 0;
  // An area or a line keeps its shape (in WGS84) for the map; points need none.
  const OGRGeometry* g = f.geometry();
  if (!have || !g || g->IsEmpty()) return;
  const OGRwkbGeometryType t = wkbFlatten(g->getGeometryType());
  if (t == wkbPoint || t == wkbMultiPoint) return;
  auto shape = std::make_shared<EventShape>();
  shape->line = t == wkbLineString || t == wkbMultiLineString;
  constexpr size_t kMaxVertices = 20000;  // an event's outline, not a coastline
  auto addRing = [&](const OGRSimpleCurve& c) {
    const int n = c.getNumPoints();
    if (n < 2 || shape->lonlat.size() + size_t(n) > kMaxVertices) return;
    for (int i = 0; i < n; ++i) {
      double x = c.getX(i), y = c.getY(i);
      if (transform && !transform->Transform(1, &x, &y)) return;
      shape->lonlat.push_back({x, y});
    }
    shape->ringStart.push_back(uint32_t(shape->lonlat.size()));
  };
  std::function<void(const OGRGeometry*)> walk = [&](const OGRGeometry* part) {
    switch (wkbFlatten(part->getGeometryType())) {
      case wkbLineString: addRing(*part->toLineString()); break;
      case wkbPolygon:
        for (const OGRLinearRing* ring : *part->toPolygon()) addRing(*ring);
        break;
      case wkbMultiLineString:
      case wkbMultiPolygon:
      case wkbGeometryCollection:
        for (const OGRGeometry* sub : *part->toGeometryCollection()) walk(sub);
        break;
      default: break;
    }
  };
  walk(g);
  if (shape->ringStart.size() > 1) e.shape = std::move(shape);
}
}  // namespace

// --- 7. rows: common fields ------------------------------------------------------------------------------
namespace {
// A count column: empty = unknown (-1), text that is no number is reported and read as unknown.
void readCount(Ctx& ctx, Row& f, int idx, const LayerCols& c, int64_t row, int64_t& v) {
  if (idx < 0 || !f.isSet(idx)) return;
  const OGRFieldType t = c.defn->GetFieldDefn(idx)->GetType();
  if (t == OFTInteger || t == OFTInteger64) {
    if (OGRFeature* g = f.feature()) {
      v = g->GetFieldAsInteger64(idx);
      return;
    }
  }
  const std::string_view s = trimView(f.text(idx));
  if (s.empty() || s == "NULL") return;
  int64_t x;
  if (!parseInt(s, x) || x < 0) {
    ctx.problem(row, c.names[size_t(idx)], "'" + std::string(s) + "' is not a count; read as unknown");
    return;
  }
  v = x;
}

// The fields every schema reads the same way when a column for them exists (or --field gave one).
void readCommon(Row& f, const Roles& r, Event& e) {
  if (r[Key::title] >= 0) e.title = stripHtml(f.text(r[Key::title]));
  if (r[Key::description] >= 0) e.description = stripHtml(f.text(r[Key::description]));
  if (r[Key::place] >= 0) e.place = trim(f.text(r[Key::place]));
  if (r[Key::place_alt] >= 0) e.placeAlt = trim(f.text(r[Key::place_alt]));
  if (r[Key::category] >= 0) e.category = trim(f.text(r[Key::category]));
  if (r[Key::actors] >= 0) e.actors = getList(f, r[Key::actors]);
  if (r[Key::countries] >= 0) e.countries = getList(f, r[Key::countries]);
  if (r[Key::fatalities_by] >= 0) e.fatalitiesBy = f.text(r[Key::fatalities_by]);
}
}  // namespace

// --- 8. rows: per schema ---------------------------------------------------------------------------------
namespace {
std::string acledCategory(const std::string& eventType, const std::string& subType) {
  const std::string t = lower(trim(eventType)), s = lower(trim(subType));
  if (t == "battles") return "war";
  if (t == "explosions/remote violence") return "strikes";
  if (t == "violence against civilians") return "civilian_harm";
  if (t == "protests" || t == "riots") return "unrest";
  if (t == "strategic developments") return s == "agreement" ? "diplomacy" : "deployment";
  return trim(eventType);
}

std::string ucdpCategory(std::string_view tov) {
  const std::string t = trim(tov);
  if (t == "1" || t == "2") return "war";
  if (t == "3") return "civilian_harm";
  return t.empty() ? "" : "ucdp type " + t;
}

std::string gdeltCategory(std::string_view root) {
  int64_t c = 0;
  if (!parseInt(root, c)) return "";
  if (c >= 1 && c <= 8) return "diplomacy";
  if (c == 14) return "unrest";
  if (c == 15) return "deployment";
  if (c == 18 || c == 20) return "civilian_harm";
  if (c == 19) return "war";
  return "CAMEO " + trim(root);
}

// TimelineJS "Time": "14:30", "14:30:05", "2:30 PM".
bool parseClockText(const std::string& text, int& h, int& m, int& s) {
  TimeValue v;
  if (!parseDate("2000-01-01 " + trim(text), DateFormat{}, v)) {
    if (!parseDate("1/1/2000 " + trim(text), DateFormat{}, v)) return false;
  }
  const Seconds rem = v.t - makeTime(2000, 1, 1);
  h = int(rem / 3600);
  m = int(rem / 60 % 60);
  s = v.precision == Precision::Second ? int(rem % 60) : -1;
  return true;
}

// A TimelineJS date from its parts (Year may be negative or huge; Month/Day may be empty).
bool tljsDate(const std::string& yText, const std::string& moText, const std::string& dText, const std::string& tText,
              TimeValue& v, std::string& err) {
  int64_t y, mo = 0, d = 0;
  std::string ys = trim(yText);
  ys.erase(std::remove(ys.begin(), ys.end(), ','), ys.end());
  if (!parseInt(ys, y)) {
    err = "'" + yText + "' is not a year";
    return false;
  }
  if (!trim(moText).empty() && !parseInt(moText, mo)) {
    mo = monthFromName(trim(moText));
    if (!mo) {
      err = "'" + moText + "' is not a month";
      return false;
    }
  }
  if (!trim(dText).empty() && !parseInt(dText, d)) {
    err = "'" + dText + "' is not a day";
    return false;
  }
  int h = -1, mi = -1, s = -1;
  if (!trim(tText).empty() && d > 0 && !parseClockText(tText, h, mi, s)) {
    err = "'" + tText + "' is not a time of day";
    return false;
  }
  std::string why;
  if (!makeTimeValue(y, int(mo), mo ? int(d) : 0, h, mi, s, v, &why)) {
    err = "not a valid date (" + why + ")";
    return false;
  }
  return true;
}
}  // namespace

// --- 9. KML raw times --------------------------------------------------------------------------------------
namespace {
// GDAL widens gYearMonth ("2009-02") to a day, drops gYear ("2009") and ignores times set on Folders,
// so the KML text itself is read again: each Placemark's when/begin/end as written, inherited from
// the enclosing Folder or Document, matched to GDAL's features by Placemark name in document order.
struct KmlTime {
  std::string when, begin, end;
  bool used = false;
};

struct KmlTimes {
  std::map<std::string, std::vector<KmlTime>> byName;
  bool loaded = false;

  void walk(const CPLXMLNode* n, KmlTime inherited) {
    for (const CPLXMLNode* c = n->psChild; c; c = c->psNext) {
      if (c->eType != CXT_Element) continue;
      const std::string tag = c->pszValue;
      if (tag == "Document" || tag == "Folder" || tag == "Placemark") {
        KmlTime t = inherited;
        if (const CPLXMLNode* ts = CPLGetXMLNode(c, "TimeStamp")) t = {CPLGetXMLValue(ts, "when", ""), "", "", false};
        if (const CPLXMLNode* sp = CPLGetXMLNode(c, "TimeSpan"))
          t = {"", CPLGetXMLValue(sp, "begin", ""), CPLGetXMLValue(sp, "end", ""), false};
        if (tag == "Placemark") byName[trim(CPLGetXMLValue(c, "name", ""))].push_back(t);
        else walk(c, t);
      } else if (tag == "kml") {
        walk(c, inherited);
      }
    }
  }

  void load(const std::string& path) {
    loaded = true;
    std::string kml = path;
    if (endsWith(path, ".kmz")) {
      const std::string zip = "/vsizip/" + path;
      char** entries = VSIReadDir(zip.c_str());
      std::string found;
      for (char** p = entries; p && *p; ++p)
        if (endsWith(*p, ".kml") && (found.empty() || lower(*p) == "doc.kml")) found = *p;
      CSLDestroy(entries);
      if (found.empty()) return;
      kml = zip + "/" + found;
    }
    CPLXMLNode* root = CPLParseXMLFile(kml.c_str());
    if (!root) return;
    CPLStripXMLNamespace(root, nullptr, TRUE);
    for (const CPLXMLNode* n = root; n; n = n->psNext)
      if (n->eType == CXT_Element && std::string(n->pszValue) == "kml") walk(n, {});
    CPLDestroyXMLNode(root);
  }

  // The next unused record of a Placemark named `name`, or null.
  KmlTime* take(const std::string& name) {
    auto it = byName.find(trim(name));
    if (it == byName.end()) return nullptr;
    for (KmlTime& t : it->second)
      if (!t.used) {
        t.used = true;
        return &t;
      }
    return nullptr;
  }
};
}  // namespace

// --- 10. TimelineJS JSON -----------------------------------------------------------------------------------
namespace {
// A date part written as a string or a number; "" / null = absent.
bool jsonPart(const nlohmann::json& o, const char* key, std::string& out) {
  out.clear();
  if (!o.is_object() || !o.contains(key)) return true;
  const auto& v = o[key];
  if (v.is_null()) return true;
  if (v.is_string()) out = v.get<std::string>();
  else if (v.is_number_integer()) out = std::to_string(v.get<int64_t>());
  else if (v.is_number()) {
    const double d = v.get<double>();
    if (d != std::floor(d)) return false;
    if (std::fabs(d) < 9.0e18) {
      out = std::to_string(int64_t(d));
    } else {  // past int64 (no cast: undefined behaviour); the date parser refuses it as out of range
      char buf[400];
      std::snprintf(buf, sizeof buf, "%.0f", d);
      out = buf;
    }
  } else return false;
  return true;
}

bool tljsJsonDate(const nlohmann::json& o, TimeValue& v, std::string& err, std::string& display) {
  std::string y, mo, d, h, mi, s;
  if (!jsonPart(o, "year", y) || !jsonPart(o, "month", mo) || !jsonPart(o, "day", d) || !jsonPart(o, "hour", h) ||
      !jsonPart(o, "minute", mi) || !jsonPart(o, "second", s)) {
    err = "date parts must be strings or whole numbers";
    return false;
  }
  if (o.is_object() && o.contains("display_date") && o["display_date"].is_string()) display = o["display_date"].get<std::string>();
  std::string time;
  if (!trim(h).empty()) time = trim(h) + ":" + (trim(mi).empty() ? "00" : trim(mi)) + (trim(s).empty() ? "" : ":" + trim(s));
  if (trim(y).empty()) {
    err = "no year";
    return false;
  }
  return tljsDate(y, mo, d, time, v, err);
}

bool loadTimelineJson(Ctx& ctx, const nlohmann::json& j) {
  Dataset& out = ctx.out;
  out.schema = "timelinejs";
  ctx.note("schema: timelinejs (TimelineJS JSON: an \"events\" array with start_date)");
  if (j.contains("title") && j["title"].is_object()) {
    const auto& t = j["title"];
    if (t.contains("text") && t["text"].is_object() && t["text"].contains("headline") && t["text"]["headline"].is_string())
      out.name = stripHtml(t["text"]["headline"].get<std::string>());
  }
  auto readOne = [&](const nlohmann::json& ev, int64_t row, const std::string& where, bool era) {
    Event e;
    e.era = era;
    if (!ev.is_object()) {
      ctx.problem(row, where, "not an object; skipped");
      return;
    }
    std::string err, display, endDisplay;
    if (!ev.contains("start_date") || !tljsJsonDate(ev["start_date"], e.start, err, display)) {
      ctx.problem(row, where + ".start_date", (err.empty() ? std::string("missing") : err) + "; skipped");
      return;
    }
    if (ev.contains("end_date") && ev["end_date"].is_object()) {
      TimeValue end;
      if (!tljsJsonDate(ev["end_date"], end, err, endDisplay)) ctx.problem(row, where + ".end_date", err + "; end ignored");
      else if (end.latest < e.start.earliest) ctx.problem(row, where + ".end_date", "before the start; end ignored");
      else {
        e.end = end;
        e.hasEnd = true;
      }
    }
    e.displayDate = display;
    if (!endDisplay.empty() && !display.empty()) e.displayDate = display + " \u2013 " + endDisplay;
    if (ev.contains("text") && ev["text"].is_object()) {
      const auto& t = ev["text"];
      if (t.contains("headline") && t["headline"].is_string()) e.title = stripHtml(t["headline"].get<std::string>());
      if (t.contains("text") && t["text"].is_string()) e.description = stripHtml(t["text"].get<std::string>());
    }
    if (ev.contains("group") && ev["group"].is_string()) e.category = ev["group"].get<std::string>();
    if (ev.contains("unique_id") && ev["unique_id"].is_string()) e.id = ev["unique_id"].get<std::string>();
    if (e.id.empty()) e.id = ctx.base + (era ? "-era-" : "-") + std::to_string(row);
    if (e.title.empty()) e.title = e.id;
    if (era) out.eras.push_back(std::move(e));
    else out.events.push(e);
  };
  const auto& events = j["events"];
  if (ctx.progress) ctx.progress->total = int64_t(events.size());
  int64_t row = 0;
  for (const auto& ev : events) {
    ++row;
    if (!ctx.tick()) break;
    readOne(ev, row, "events[" + std::to_string(row - 1) + "]", false);
  }
  if (j.contains("eras") && j["eras"].is_array()) {
    int64_t i = 0;
    for (const auto& ev : j["eras"]) readOne(ev, 0, "eras[" + std::to_string(i++) + "]", true);
  }
  return true;
}

}  // namespace

// --- 11. opening a source ------------------------------------------------------------------------------------
namespace {
// Chronomap's own collection members "name" and "default_view", which GDAL does not expose. They must
// come before "features" (assets/events/README.md), so only the head of the file is read.
bool readCollectionHead(const std::string& path, BBox& out, std::string& name) {
  VSILFILE* fp = VSIFOpenL(path.c_str(), "rb");
  if (!fp) return false;
  std::string head(65536, '\0');
  head.resize(VSIFReadL(head.data(), 1, head.size(), fp));
  VSIFCloseL(fp);
  if (const size_t nk = head.find("\"name\""); nk != std::string::npos && nk < head.find("\"features\"")) {
    const size_t colon = head.find(':', nk), q0 = head.find('"', colon + 1);
    if (colon != std::string::npos && q0 != std::string::npos) {
      auto j = nlohmann::json::parse(head.substr(q0, head.find('\n', q0) - q0), nullptr, false);
      if (!j.is_string()) {
        // The value may be followed by a comma on the same line.
        const size_t q1 = head.find("\",", q0 + 1);
        if (q1 != std::string::npos) j = nlohmann::json::parse(head.substr(q0, q1 - q0 + 1), nullptr, false);
      }
      if (j.is_string()) name = j.get<std::string>();
    }
  }
  const size_t key = head.find("\"default_view\"");
  if (key == std::string::npos) return false;
  const size_t open = head.find('[', key), close = head.find(']', key);
  if (open == std::string::npos || close == std::string::npos || close < open) return false;
  auto j = nlohmann::json::parse(head.substr(open, close - open + 1), nullptr, false);
  if (!j.is_array() || j.size() != 4) return false;
  for (auto& v : j)
    if (!v.is_number()) return false;
  out = {j[0].get<double>(), j[1].get<double>(), j[2].get<double>(), j[3].get<double>()};
  return out.valid();
}

// The column names GDAL's CSV driver builds points from. Columns named by --field lon=/lat= are
// coordinate columns too.
void csvCoordinateNames(const LoadOptions& opt, std::string& xs, std::string& ys) {
  xs = "longitude,lon,lng,x";
  ys = "latitude,lat,y";
  for (const auto& [key, column] : opt.fields) {
    if (key == "lon") xs = column + "," + xs;
    if (key == "lat") ys = column + "," + ys;
  }
}
const char* const kCsvGeomNames = "wkt,geometry,WKT,geom_wkt";

// Opens with the options the identified driver needs: CSV coordinates and dates as text, GeoJSON
// dates as text (so partial dates keep their precision).
GDALDatasetUniquePtr openSource(const std::string& path, bool csvHeaderless, const LoadOptions& opt, ErrorCapture& cap,
                                std::string& driverName) {
  CPLPushErrorHandlerEx(ErrorCapture::handler, &cap);
  GDALDriverH drv = GDALIdentifyDriverEx(path.c_str(), GDAL_OF_VECTOR, nullptr, nullptr);
  driverName = drv ? GDALGetDriverShortName(drv) : "";
  CPLStringList oo;
  if (driverName == "CSV") {
    std::string xs, ys;
    csvCoordinateNames(opt, xs, ys);
    oo.AddNameValue("X_POSSIBLE_NAMES", xs.c_str());
    oo.AddNameValue("Y_POSSIBLE_NAMES", ys.c_str());
    oo.AddNameValue("GEOM_POSSIBLE_NAMES", kCsvGeomNames);
    // The coordinate columns stay fields too, so that unreadable values can be reported.
    oo.AddNameValue("KEEP_GEOM_COLUMNS", "YES");
    oo.AddNameValue("AUTODETECT_TYPE", "NO");
    if (csvHeaderless) oo.AddNameValue("HEADERS", "NO");
  } else if (driverName == "GeoJSON") {
    oo.AddNameValue("DATE_AS_STRING", "YES");
  }
  const char* const allowed[] = {driverName.c_str(), nullptr};
  GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_VERBOSE_ERROR,
                                            drv ? allowed : nullptr, oo.List(), nullptr));
  CPLPopErrorHandler();
  if (ds && ds->GetDriver()) driverName = ds->GetDriver()->GetDescription();
  return ds;
}

// GDELT 1.0 event files have no header row: the "column names" GDAL sees are the first event, or
// GDAL noticed that and named the columns field_1, field_2... Either way the first two values are a
// numeric event id and a yyyymmdd SQLDATE.
bool looksLikeGdelt(GDALDataset& ds) {
  if (ds.GetLayerCount() != 1) return false;
  OGRLayer* layer = ds.GetLayer(0);
  OGRFeatureDefn* d = layer->GetLayerDefn();
  if (d->GetFieldCount() < 57 || d->GetFieldCount() > 61) return false;
  auto digits = [](const std::string& s, size_t n) {
    if (s.empty() || (n && s.size() != n)) return false;
    return std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
  };
  std::string a = d->GetFieldDefn(0)->GetNameRef(), b = d->GetFieldDefn(1)->GetNameRef();
  if (a == "field_1") {
    layer->ResetReading();
    std::unique_ptr<OGRFeature> f(layer->GetNextFeature());
    layer->ResetReading();
    if (!f) return false;
    a = getString(*f, 0);
    b = getString(*f, 1);
  }
  return digits(a, 0) && digits(b, 8);
}

// The rows of a CSV source read by our own reader (csv_reader.hpp) rather than as GDAL features,
// which costs most of a large file's load time. GDAL has opened the file and decided the columns
// (names, order), which of them are coordinates or WKT, and the CRS (.prj); the rows must read
// exactly as GDAL's features would. Anything this does not reproduce (a .csvt with types, other
// separators, GDAL's own guess that the first line is data...) is read through GDAL instead.
struct CsvSource {
  csv::Reader reader;
  char delimiter = ',';
  int fields = 0;
  int xIdx = -1, yIdx = -1;  // coordinate columns (GDAL types them Real and builds a point)
  int wktIdx = -1;           // a WKT geometry column
  csv::Reader::Cursor dataStart;     // the first record after the header, in the first window
  std::vector<csv::Record> records;  // of the window being read
  int64_t estimatedRows = 0;         // from the first window's records and the file's size
  std::vector<std::string> names;    // the columns' names (for messages)
};

void repairUnterminatedQuote(CsvSource& cs, Ctx* ctx);

bool nameIn(const std::string& name, const std::string& list) {
  const CPLStringList names(CSLTokenizeString2(list.c_str(), ",", 0));
  for (int i = 0; i < names.size(); ++i)
    if (EQUAL(name.c_str(), names[i])) return true;
  return false;
}

// GDAL's reading of a Real field's text: a decimal comma accepted, anything not a number unset.
bool csvReal(std::string_view cell, double& v) {
  if (cell.empty()) return false;
  std::string t(cell);
  if (const size_t c = t.find(','); c != std::string::npos) t[c] = '.';
  const CPLValueType type = CPLGetValueType(t.c_str());
  if (type != CPL_VALUE_INTEGER && type != CPL_VALUE_REAL) return false;
  v = CPLAtof(t.c_str());
  return true;
}

// The complete records of the reader's window from c on (c is left at the first byte not taken: the
// start of a record the window cuts, or the window's end). A large window is scanned in two halves
// at once: the second from the first line break after the middle, on the guess that no record spans
// it; the guess holds when the first half's scan ends exactly there (else the first half's scan
// simply goes on alone, and the second's work is dropped).
void findRecords(const csv::Reader& reader, csv::Reader::Cursor& c, std::vector<csv::Record>& out) {
  const std::string_view text = reader.text();
  out.clear();
  c.pos = std::min(c.pos, text.size());
  csv::Record rec;
  size_t mid = text.size();
  if (text.size() - c.pos > (size_t(8) << 20) && std::thread::hardware_concurrency() > 1 && csv::parallelEnabled()) {
    const size_t nl = text.find('\n', c.pos + (text.size() - c.pos) / 2);
    if (nl != std::string_view::npos && nl + 1 < text.size()) mid = nl + 1;
  }
  std::vector<csv::Record> second;
  csv::Reader::Cursor c2{mid, 1};
  std::thread other;
  if (mid < text.size()) {
    other = std::thread([&] {
      second.reserve((text.size() - mid) / 64 + 16);
      csv::Record r2;
      while (reader.nextAt(c2, r2)) second.push_back(r2);
    });
  }
  out.reserve((text.size() - c.pos) / 64 + 16);
  while (reader.nextAt(c, rec, mid)) out.push_back(rec);
  if (other.joinable()) other.join();
  if (mid < text.size() && c.pos == mid) {
    const int64_t lines = c.line - 1;  // lines before the second half
    for (csv::Record& r : second) {
      r.line += lines;
      out.push_back(r);
    }
    c.pos = c2.pos;
    c.line = c2.line + lines;
  } else {
    while (reader.nextAt(c, rec)) out.push_back(rec);
  }
  // Before the file's end, a record reaching the window's end may go on in the next window (so may
  // its line break: "\r" then "\n"): it is left for that window.
  if (!reader.atEnd() && !out.empty() && c.pos >= text.size()) {
    c.pos = out.back().begin;
    c.line = out.back().line;
    out.pop_back();
  }
}

// f(records, first) for the records of every window of the source from the first after the header
// (first: the window holding it). Stops when f returns false; returns false then.
// A quote left open swallows the rest of the file into one record (the window then holds the
// file's end): repaired there, reported to `report` when given (one pass of several reports it).
template <class F>
bool forEachWindow(CsvSource& cs, F&& f, Ctx* report = nullptr) {
  cs.reader.restart();
  csv::Reader::Cursor c = cs.dataStart;
  for (bool first = true;; first = false) {
    findRecords(cs.reader, c, cs.records);
    if (cs.reader.atEnd()) repairUnterminatedQuote(cs, report);
    if (!cs.records.empty() && !f(cs.records, first)) return false;
    if (cs.reader.atEnd()) return true;
    const size_t from = c.pos;
    cs.reader.advance(from);
    c.pos -= from;
  }
}

std::unique_ptr<CsvSource> openCsvSource(const std::string& path, OGRLayer* layer, bool headerless,
                                         const LoadOptions& opt) {
  auto cs = std::make_unique<CsvSource>();
  OGRFeatureDefn* d = layer->GetLayerDefn();
  cs->fields = d->GetFieldCount();
  if (cs->fields < 2 || d->GetGeomFieldCount() > 1) return nullptr;
  std::vector<int> reals;
  for (int i = 0; i < cs->fields; ++i) {
    const OGRFieldType t = d->GetFieldDefn(i)->GetType();
    if (t == OFTReal) reals.push_back(i);
    else if (t != OFTString) return nullptr;  // types from a .csvt
  }
  if (!reals.empty()) {
    std::string xs, ys;
    csvCoordinateNames(opt, xs, ys);
    if (reals.size() != 2 || d->GetGeomFieldCount() != 1) return nullptr;
    for (int i : reals) {
      const std::string n = d->GetFieldDefn(i)->GetNameRef();
      const bool x = nameIn(n, xs), y = nameIn(n, ys);
      if (x == y) return nullptr;
      (x ? cs->xIdx : cs->yIdx) = i;
    }
    if (cs->xIdx < 0 || cs->yIdx < 0) return nullptr;
  } else if (d->GetGeomFieldCount() == 1) {
    for (int i = 0; i < cs->fields; ++i)
      if (nameIn(d->GetFieldDefn(i)->GetNameRef(), kCsvGeomNames)) {
        if (cs->wktIdx >= 0) return nullptr;
        cs->wktIdx = i;
      }
    if (cs->wktIdx < 0) return nullptr;
  }
  VSIStatBufL st;
  if (VSIStatL(path.c_str(), &st) != 0 || !VSI_ISREG(st.st_mode)) return nullptr;
  PhaseTimer phase;
  if (!cs->reader.open(path)) return nullptr;
  // The first window holds the header whole (it grows until it does).
  for (;;) {
    csv::Reader::Cursor hc = cs->reader.cursor();
    csv::Record header;
    if (cs->reader.atEnd() || (cs->reader.nextAt(hc, header) && hc.pos < cs->reader.text().size())) break;
    cs->reader.advance(0);
  }
  if (cs->reader.hasNul()) return nullptr;
  phase.mark("csv: read the first window");

  // The separator: the one whose split of the first record gives GDAL's columns.
  csv::Record first;
  if (!cs->reader.next(first)) return nullptr;
  std::vector<std::string_view> cells;
  const std::string line(cs->reader.firstLine());
  bool found = false;
  for (const char delim : {CSVDetectSeperator(line.c_str()), ',', ';', '\t', '|'}) {
    if (delim == ' ') continue;
    cs->reader.split(first, delim, cells);
    if (int(cells.size()) != cs->fields) continue;
    bool same = true;
    for (int i = 0; i < cs->fields && same; ++i) {
      std::string n;
      if (headerless) {
        n = "field_" + std::to_string(i + 1);
      } else {  // GDAL trims spaces from names and names empty ones field_N
        const size_t a = cells[size_t(i)].find_first_not_of(' ');
        if (a != std::string_view::npos) n = cells[size_t(i)].substr(a, cells[size_t(i)].find_last_not_of(' ') + 1 - a);
        if (n.empty()) n = "field_" + std::to_string(i + 1);
      }
      same = n == d->GetFieldDefn(i)->GetNameRef();
    }
    if (same) {
      cs->delimiter = delim;
      found = true;
      break;
    }
  }
  if (!found) return nullptr;
  cs->reader.rewind();
  csv::Record rec;
  if (!headerless) cs->reader.next(rec);
  cs->dataStart = cs->reader.cursor();
  phase.mark("csv: separator");
  // The rows the file holds, guessed from the first window's (for the progress bar).
  csv::Reader::Cursor c = cs->dataStart;
  findRecords(cs->reader, c, cs->records);
  if (cs->reader.atEnd() || cs->records.empty()) {
    cs->estimatedRows = int64_t(cs->records.size());
  } else {
    const double bytes = double(cs->records.back().end - cs->dataStart.pos) + 1.0;
    cs->estimatedRows = int64_t(double(cs->records.size()) * double(cs->reader.fileSize() - cs->dataStart.pos) / bytes);
  }
  phase.mark("csv: find records");
  return cs;
}

// A quote that opens and never closes makes the last record swallow the rest of the file (GDAL
// reads it so too): the rows after it were lost without a word, or the row was reported for a
// field its swallowed text pushed out ("missing date"). Instead: the row where the quote opened is
// reported (its line and column) and skipped, and reading goes on at the next line. At most 100
// such repairs a file (each one scans the rest of the file again).
void repairUnterminatedQuote(CsvSource& cs, Ctx* ctx) {
  const std::vector<std::string>& names = cs.names;
  const std::string_view text = cs.reader.text();
  for (int repairs = 0; repairs < 100 && !cs.records.empty(); ++repairs) {
    const csv::Record last = cs.records.back();
    // The culprit: the first quoted part that runs over a line break (a stray quote pairs with the
    // next row's opening one), else the quote left open at the end.
    bool inside = false, broke = false;
    size_t open = 0, culprit = std::string_view::npos;
    for (size_t i = last.begin; i < last.end; ++i) {
      const char ch = text[i];
      if (ch == '"') {
        if (inside && broke && culprit == std::string_view::npos) culprit = open;
        inside = !inside;
        if (inside) { open = i; broke = false; }
      } else if (inside && (ch == '\n' || ch == '\r')) {
        broke = true;
      }
    }
    if (!inside) return;
    if (culprit != std::string_view::npos) open = culprit;
    // The line and column where the quote opened.
    int64_t line = last.line;
    size_t lineStart = last.begin, cellStart = last.begin;
    int column = 1;
    bool q = false;
    for (size_t i = last.begin; i < open; ++i) {
      const char ch = text[i];
      if (ch == '"') q = !q;
      else if (!q && ch == cs.delimiter) { ++column; cellStart = i + 1; }
      if (ch == '\n' || (ch == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n'))) { ++line; lineStart = i + 1; }
    }
    (void)cellStart;
    size_t eol = text.find_first_of("\r\n", open);
    const std::string field = column - 1 < int(names.size()) ? names[size_t(column - 1)] : "column " + std::to_string(column);
    const size_t swallowed = size_t(std::count(text.begin() + long(open), text.begin() + long(last.end), '\n'));
    if (ctx) ctx->problem(line, field,
                "unterminated quote: the quoted text that opens at column " + std::to_string(column) + " (character " +
                    std::to_string(open - lineStart + 1) + " of the line) never closes" +
                    (swallowed ? " and would swallow the " + std::to_string(swallowed) + " lines after it" : std::string()) +
                    "; row skipped, reading goes on at the next line");
    cs.records.pop_back();
    if (eol == std::string_view::npos) return;
    csv::Reader::Cursor c{eol + (text.compare(eol, 2, "\r\n") == 0 ? 2 : 1), line + 1};
    csv::Record rec;
    while (cs.reader.nextAt(c, rec)) cs.records.push_back(rec);
  }
}

// One record of a CsvSource, read as GDAL's CSV driver reads it into a feature: cells past the last
// column ignored, missing ones unset, the coordinate columns numbers (unset when not one) and a point
// when both are set, or the WKT column's geometry.
class CsvRow final : public Row {
 public:
  explicit CsvRow(CsvSource& cs) : cs_(cs) {}
  // maxCells: only the first cells are needed (the others read as unset).
  void load(const csv::Record& rec, size_t maxCells = SIZE_MAX) {
    cs_.reader.splitWith(rec, cs_.delimiter, cells_, scratch_, maxCells);
    n_ = std::min(int(cells_.size()), cs_.fields);
    geomDone_ = false;
    geom_.reset();
    xText_.clear();
    yText_.clear();
    if (cs_.xIdx >= 0) {
      xSet_ = cs_.xIdx < n_ && csvReal(cells_[size_t(cs_.xIdx)], x_);
      ySet_ = cs_.yIdx < n_ && csvReal(cells_[size_t(cs_.yIdx)], y_);
    }
  }
  int fieldCount() const override { return cs_.fields; }
  bool isSet(int idx) override {
    if (idx < 0 || idx >= n_) return false;
    if (idx == cs_.xIdx) return xSet_;
    if (idx == cs_.yIdx) return ySet_;
    return true;
  }
  std::string_view text(int idx) override {
    if (!isSet(idx)) return {};
    if (idx == cs_.xIdx || idx == cs_.yIdx) {
      std::string& t = idx == cs_.xIdx ? xText_ : yText_;
      if (t.empty()) t = CPLSPrintf("%.15g", idx == cs_.xIdx ? x_ : y_);
      return t;
    }
    return cells_[size_t(idx)];
  }
  const OGRGeometry* geometry() override {
    if (cs_.xIdx >= 0) {
      if (!xSet_ || !ySet_) return nullptr;
      point_.setX(x_);
      point_.setY(y_);
      return &point_;
    }
    if (cs_.wktIdx < 0) return nullptr;
    if (!geomDone_) {
      geomDone_ = true;
      if (isSet(cs_.wktIdx) && !cells_[size_t(cs_.wktIdx)].empty()) {
        const std::string wkt(cells_[size_t(cs_.wktIdx)]);
        const char* p = wkt.c_str();
        while (std::isspace(static_cast<unsigned char>(*p))) ++p;
        OGRGeometry* g = nullptr;
        if (OGRGeometryFactory::createFromWkt(p, nullptr, &g) == OGRERR_NONE) geom_.reset(g);
        else delete g;
      }
    }
    return geom_.get();
  }
  OGRFeature* feature() override { return nullptr; }

 private:
  CsvSource& cs_;
  std::vector<std::string_view> cells_;
  std::string scratch_;  // this row's unquoted cells (each thread reads with a row of its own)
  int n_ = 0;
  bool xSet_ = false, ySet_ = false;
  double x_ = 0, y_ = 0;
  std::string xText_, yText_;
  OGRPoint point_;
  bool geomDone_ = false;
  std::unique_ptr<OGRGeometry> geom_;
};
}  // namespace

// --- 12. loadEvents --------------------------------------------------------------------------------------------
namespace {
void loadLayer(Ctx& ctx, OGRLayer* layer, const std::string& driver, bool multiLayer, KmlTimes& kml) {
  Dataset& out = ctx.out;
  const LayerCols cols(layer->GetLayerDefn());
  const std::string layerName = layer->GetName();
  const bool isCsv = driver == "CSV";
  const bool headerless = isCsv && ctx.out.schema == "gdelt";
  std::string why;
  Schema schema = recognise(cols, driver, why);
  if (ctx.haveSchema) {
    schema = ctx.forcedSchema;
    why = "--schema " + std::string(schemaName(schema));
  } else if (headerless) {
    schema = Schema::Gdelt;
    why = "no header row, 57-58 columns with yyyymmdd dates in the second";
  }
  if (out.schema.empty() || out.schema == "gdelt") out.schema = schemaName(schema);
  ctx.note("schema: " + std::string(schemaName(schema)) + " (" + why + ")" +
           (multiLayer ? ", layer '" + layerName + "'" : ""));
  Roles r = defaultRoles(schema, cols);
  applyFieldOverrides(ctx, cols, layerName, r);

  // How this schema finds its dates.
  const bool tljsParts = schema == Schema::TimelineJs && !r.forced(Key::start);
  const bool kmlTimes = schema == Schema::Kml && !r.forced(Key::start);
  if (kmlTimes && !kml.loaded) kml.load(ctx.path);
  if (tljsParts && r[Key::year] < 0) {
    ctx.problem(0, "start", "layer '" + layerName + "' has no Year column (columns: " + cols.list() +
                                "); map a date column with --field start=COLUMN");
    return;
  }
  if (!tljsParts && !kmlTimes && r[Key::start] < 0) {
    ctx.problem(0, "start", "layer '" + layerName + "' has no date column (columns: " + cols.list() +
                                "); map one with --field start=COLUMN");
    return;
  }
  DateCol start = makeDateCol(cols, tljsParts || kmlTimes ? -1 : r[Key::start]);
  DateCol end = makeDateCol(cols, tljsParts || kmlTimes ? -1 : r[Key::end]);
  DateCol kmlStamp = makeDateCol(cols, r[Key::timestamp]), kmlBegin = makeDateCol(cols, r[Key::begin]),
          kmlEnd = makeDateCol(cols, r[Key::end]);

  // CSV rows through our own reader when it can read them as GDAL would.
  PhaseTimer phase;
  std::unique_ptr<CsvSource> csvSource;
  if (isCsv && !multiLayer && csv::fastPathEnabled()) csvSource = openCsvSource(ctx.readPath, layer, headerless, ctx.opt);
  if (csvSource) csvSource->names = cols.names;
  phase.mark("csv: read and split records");
  std::unique_ptr<CsvRow> csvRow;
  if (csvSource) csvRow = std::make_unique<CsvRow>(*csvSource);

  const bool detectPass = (start.idx >= 0 && !start.typed) || (end.idx >= 0 && !end.typed);
  // A NUL byte anywhere in the file: read through GDAL instead (its line reader stops at one). With
  // text date columns the rows pass (below) looks at every window as it reads; without, a look here.
  if (csvSource && !detectPass && !csvSource->reader.atEnd() &&
      !forEachWindow(*csvSource, [&](const std::vector<csv::Record>&, bool) { return !csvSource->reader.hasNul(); })) {
    csvSource.reset();
    csvRow.reset();
  }
  auto countRows = [&] {
    if (csvSource) {
      if (ctx.progress) ctx.progress->total += csvSource->estimatedRows;
    } else {
      const GIntBig count = layer->GetFeatureCount(FALSE);
      if (ctx.progress && count >= 0) ctx.progress->total += int64_t(count) * (detectPass ? 2 : 1);
    }
  };
  countRows();

  // The text date columns' layout is decided from all their values. For CSV records (no NUL byte)
  // the rows pass tallies the values as it reads them, with the layout guessed from the first
  // window; when all the values decide the same (nearly always: the first window is a hundred
  // thousand rows or the whole file), those rows stand, else they are read again with the layout
  // decided. Without that, a pass of its own before the rows.
  const bool wantStart = start.idx >= 0 && !start.typed, wantEnd = end.idx >= 0 && !end.typed;
  // The values of one window's records (from `begin`), in parts on every core, each tallied apart,
  // then merged in the file's order.
  auto tallyRecords = [&](const std::vector<csv::Record>& recs, size_t begin, DateValueTally& sv, DateValueTally& ev) {
    const size_t cellsNeeded = size_t(std::max(wantStart ? start.idx : 0, wantEnd ? end.idx : 0)) + 1;
    const size_t n = recs.size();
    const size_t parts = n >= 20000 && csv::parallelEnabled() ? std::min<size_t>(std::max(1u, std::thread::hardware_concurrency()), 4) : 1;
    std::vector<DateValueTally> ps(parts), pe(parts);
    auto tallyPart = [&](size_t k) {
      CsvRow rowReader(*csvSource);
      const size_t a = begin + (n - begin) * k / parts, b = begin + (n - begin) * (k + 1) / parts;
      for (size_t i = a; i < b; ++i) {
        rowReader.load(recs[i], cellsNeeded);
        if (wantStart) ps[k].add(rowReader.text(start.idx));
        if (wantEnd) pe[k].add(rowReader.text(end.idx));
      }
    };
    std::vector<std::thread> workers;
    for (size_t k = 1; k < parts; ++k) workers.emplace_back(tallyPart, k);
    tallyPart(0);
    for (std::thread& w : workers) w.join();
    for (size_t k = 0; k < parts; ++k) {
      sv.merge(ps[k]);
      ev.merge(pe[k]);
    }
  };
  // The layouts from the tallies; `report`: the notes and problems they call for.
  auto decideFormats = [&](const DateValueTally& sv, const DateValueTally& ev, bool report) {
    for (auto [col, values] : {std::pair<DateCol*, const DateValueTally*>{&start, &sv}, {&end, &ev}}) {
      if (col->idx < 0 || col->typed) continue;
      const DateDetection det = detectDateFormat(*values, ctx.haveFormat ? &ctx.forcedFormat : nullptr);
      col->fmt = det.format;
      if (!report) continue;
      const std::string n = det.note(col->name);
      if (!n.empty()) ctx.note(n);
      if (!n.empty() && (det.ambiguous || det.conflicting)) ctx.problem(0, col->name, n);
    }
    // One layout for a span's two ends when only one of them decided.
    if (end.idx >= 0 && !ctx.haveFormat && !end.typed && !start.typed && end.fmt.order != start.fmt.order) {
      const DateDetection ds = detectDateFormat(sv), de = detectDateFormat(ev);
      if (ds.ambiguous && !de.ambiguous) start.fmt = end.fmt;
      if (de.ambiguous && !ds.ambiguous) end.fmt = start.fmt;
    }
  };
  bool speculative = false;  // CSV rows read with the first window's layout, checked after
  if (detectPass && csvSource) {
    DateValueTally sv, ev;
    bool nul = false;
    forEachWindow(*csvSource, [&](const std::vector<csv::Record>& recs, bool) {
      nul = csvSource->reader.hasNul();
      if (nul) return false;
      size_t begin = 0;
      if (!recs.empty()) {
        csvRow->load(recs[0]);
        if (isHashtagRow(*csvRow)) begin = 1;
      }
      tallyRecords(recs, begin, sv, ev);
      return false;  // the first window only
    });
    if (!nul) {
      decideFormats(sv, ev, false);
      speculative = true;
    }
  }
  // Pass 1 of its own: every value of the text date columns. (From CSV records this is a cheap look
  // at two cells of text in the window.)
  auto detectionPass = [&]() -> bool {
    DateValueTally sv, ev;
    if (csvSource) {
      const bool ok = forEachWindow(*csvSource, [&](const std::vector<csv::Record>& recs, bool firstWindow) {
        if (csvSource->reader.hasNul()) return false;
        size_t begin = 0;
        if (firstWindow && !recs.empty()) {
          csvRow->load(recs[0]);
          if (isHashtagRow(*csvRow)) begin = 1;
        }
        tallyRecords(recs, begin, sv, ev);
        return true;
      });
      if (!ok) {  // a NUL byte: through GDAL, from the start
        if (ctx.progress) ctx.progress->total -= csvSource->estimatedRows;
        csvSource.reset();
        csvRow.reset();
        sv = DateValueTally();
        ev = DateValueTally();
        countRows();
      }
    }
    if (!csvSource) {
      layer->ResetReading();
      bool first = true;
      for (auto& feat : *layer) {
        if (!ctx.tick()) return false;
        FeatureRow f(*feat);
        if (first && isCsv && isHashtagRow(f)) {
          first = false;
          continue;
        }
        first = false;
        if (wantStart) sv.add(f.text(start.idx));
        if (wantEnd) ev.add(f.text(end.idx));
      }
    }
    decideFormats(sv, ev, true);
    return true;
  };
  if (detectPass && !speculative && !detectionPass()) return;
  phase.mark("date detection");
  auto transform = gdalutil::toWgs84(layer);
  if (schema == Schema::Generic && r[Key::id] < 0) ctx.note("layer '" + layerName + "': no id column; ids made from the file name and row");

  // One row into an event (or a problem). `row` is the row as a user counts it (see the file's
  // header comment).
  // Runs on several threads at once for a large CSV source: everything it writes goes through its
  // own ctx (problems, notes, the events it reads) and its own transform; the rest is read-only.
  auto readRow = [&](Ctx& ctx, Row& f, int64_t row, OGRCoordinateTransformation* rowTransform, Event& e,
                     DateCache* dates) {
    Dataset& out = ctx.out;
    e.reset();
    e.id = trim(f.text(r[Key::id]));
    if (schema == Schema::Gdelt && e.id == "NULL") e.id.clear();
    if (e.id.empty()) {
      e.id = ctx.base + "-" + (multiLayer ? layerName + "-" : "") + std::to_string(row);
      if (r[Key::id] >= 0) ctx.problem(row, cols.names[size_t(r[Key::id])], "missing; using '" + e.id + "'");
    }
    readCommon(f, r, e);
    std::string_view text;
    std::string err;

    // Dates.
    if (tljsParts) {
      const std::string type = lower(trim(f.text(r[Key::type])));
      if (type == "title") return;  // the title slide: not an event
      e.era = type == "era";
      const std::string y = str(f, r[Key::year]);
      if (trim(y).empty()) {
        ctx.problem(row, cols.names[size_t(r[Key::year])], "no Year; row skipped");
        return;
      }
      if (!tljsDate(y, str(f, r[Key::month]), str(f, r[Key::day]), str(f, r[Key::time]), e.start, err)) {
        ctx.problem(row, cols.names[size_t(r[Key::year])], err + "; row skipped");
        return;
      }
      const std::string ey = str(f, r[Key::end_year]);
      if (!trim(ey).empty()) {
        TimeValue endv;
        if (!tljsDate(ey, str(f, r[Key::end_month]), str(f, r[Key::end_day]), str(f, r[Key::end_time]), endv, err))
          ctx.problem(row, cols.names[size_t(r[Key::end_year])], err + "; end ignored");
        else if (endv.latest < e.start.earliest)
          ctx.problem(row, cols.names[size_t(r[Key::end_year])], "the end is before the start; end ignored");
        else {
          e.end = endv;
          e.hasEnd = true;
        }
      }
      e.displayDate = trim(f.text(r[Key::display_date]));
    } else if (kmlTimes) {
      std::string when, begin, endText;
      if (KmlTime* t = kml.take(str(f, r[Key::title]))) {
        when = t->when;
        begin = t->begin;
        endText = t->end;
      } else {
        when = str(f, kmlStamp.idx);
        begin = str(f, kmlBegin.idx);
        endText = str(f, kmlEnd.idx);
      }
      // Raw KML text is xsd:dateTime / date / gYearMonth / gYear; GDAL's own text is "2009/02/01 00:00:00".
      auto parseKml = [&](const std::string& s, const DateCol& typed, TimeValue& v) {
        if (parseIso8601(trim(s), v, &err)) return true;
        return typed.idx >= 0 && typedDate(f, typed.idx, v);
      };
      const std::string first = !trim(when).empty() ? when : !trim(begin).empty() ? begin : endText;
      if (trim(first).empty()) {
        ctx.problem(row, "TimeStamp", "Placemark '" + e.title + "' has no TimeStamp or TimeSpan; row skipped");
        return;
      }
      const char* field = !trim(when).empty() ? "TimeStamp" : "TimeSpan";
      if (!parseKml(first, !trim(when).empty() ? kmlStamp : !trim(begin).empty() ? kmlBegin : kmlEnd, e.start)) {
        ctx.problem(row, field, "'" + first + "' is not an xsd:dateTime, date, gYearMonth or gYear; row skipped");
        return;
      }
      if (trim(when).empty() && trim(begin).empty())
        ctx.problem(row, "TimeSpan", "a TimeSpan with only an end; the event is placed at its end");
      if (trim(when).empty() && !trim(begin).empty() && !trim(endText).empty()) {
        TimeValue ev;
        if (!parseKml(endText, kmlEnd, ev)) ctx.problem(row, "TimeSpan", "end '" + endText + "' is not a date; end ignored");
        else if (ev.latest < e.start.earliest) ctx.problem(row, "TimeSpan", "end '" + endText + "' is before the begin; end ignored");
        else {
          e.end = ev;
          e.hasEnd = true;
        }
      }
    } else {
      if (!readDate(f, start, e.start, text, err, &dates[0])) {
        ctx.problem(row, start.name, text.empty() || trim(text) == "NULL" ? "missing date; row skipped" : err + "; row skipped");
        return;
      }
      if (end.idx >= 0 && readDate(f, end, e.end, text, err, &dates[1])) {
        if (e.end.latest < e.start.earliest)
          ctx.problem(row, end.name, "'" + std::string(text) + "' is before the start; end ignored");
        else
          e.hasEnd = true;
      } else if (end.idx >= 0 && !err.empty()) {
        ctx.problem(row, end.name, err + "; end ignored");
      }
    }

    // Schema-specific fields.
    switch (schema) {
      case Schema::Acled: {
        const std::string type = str(f, r[Key::event_type]), sub = str(f, r[Key::sub_event_type]);
        if (!r.forced(Key::category)) e.category = acledCategory(type, sub);
        if (!r.forced(Key::title)) {
          const std::string what = !trim(sub).empty() ? trim(sub) : trim(type);
          e.title = e.place.empty() ? what : what.empty() ? e.place : what + " in " + e.place;
          if (e.title.empty()) e.title = e.id;
        }
        if (!r.forced(Key::actors))
          for (Key k : {Key::actor1, Key::actor2})
            if (std::string a = trim(f.text(r[k])); !a.empty()) e.actors.push_back(a);
        if (!r.forced(Key::countries)) {
          int64_t iso;
          std::string a3;
          if (parseInt(f.text(r[Key::iso]), iso)) a3 = alpha3FromNumeric(iso);
          if (a3.empty()) a3 = alpha3FromName(f.text(r[Key::country]));
          if (!a3.empty()) e.countries.push_back(a3);
        }
        // time_precision: 1 the day, 2 the week, 3 the month is known.
        if (!r.forced(Key::precision) && r[Key::precision] >= 0) {
          const std::string p = trim(f.text(r[Key::precision]));
          if (p == "2") e.start = withPrecision(e.start, Precision::Week);
          else if (p == "3") e.start = withPrecision(e.start, Precision::Month);
          else if (!p.empty() && p != "1")
            ctx.problem(row, cols.names[size_t(r[Key::precision])], "'" + p + "' is not 1, 2 or 3; the day is taken as known");
        }
        int64_t gp;
        if (parseInt(f.text(r[Key::geo_precision]), gp)) e.geoPrecision = int(gp);
        if (!r.forced(Key::sources))
          if (std::string s = trim(f.text(r[Key::sources])); !s.empty()) e.sources.push_back({"", s});
        if (!r.forced(Key::fatalities_by)) e.fatalitiesBy = "ACLED";
        break;
      }
      case Schema::Ucdp: {
        if (!r.forced(Key::category)) e.category = ucdpCategory(f.text(r[Key::type_of_violence]));
        if (!r.forced(Key::title)) {
          e.title = trim(f.text(r[Key::conflict_name]));
          if (e.title.empty()) e.title = trim(f.text(r[Key::dyad_name]));
          if (e.title.empty()) e.title = e.id;
        }
        if (!r.forced(Key::actors))
          for (Key k : {Key::side_a, Key::side_b})
            if (std::string a = trim(f.text(r[k])); !a.empty()) e.actors.push_back(a);
        if (!r.forced(Key::countries))
          if (std::string a3 = alpha3FromName(f.text(r[Key::country])); !a3.empty()) e.countries.push_back(a3);
        // UCDP writes days as "2020-09-27 00:00:00.000": a day, not an instant.
        if (!start.typed && e.start.hasTime && e.start.t % 86400 == 0) e.start = withPrecision(e.start, Precision::Day);
        if (e.hasEnd && !end.typed && e.end.hasTime && e.end.t % 86400 == 0) e.end = withPrecision(e.end, Precision::Day);
        // A span only when the bounds are different days; date_prec widens a single coded day
        // (1 day, 2-3 week, 4 month, 5 year). A span already says how well the date is known.
        if (e.hasEnd && e.end.earliest == e.start.earliest) e.hasEnd = false;
        if (!r.forced(Key::precision) && r[Key::precision] >= 0 && !e.hasEnd) {
          const std::string p = trim(f.text(r[Key::precision]));
          if (p == "2" || p == "3") e.start = withPrecision(e.start, Precision::Week);
          else if (p == "4") e.start = withPrecision(e.start, Precision::Month);
          else if (p == "5") e.start = withPrecision(e.start, Precision::Year);
          else if (!p.empty() && p != "1")
            ctx.problem(row, cols.names[size_t(r[Key::precision])], "'" + p + "' is not 1-5; the day is taken as known");
        }
        int64_t wp;
        if (parseInt(f.text(r[Key::where_prec]), wp)) e.geoPrecision = int(wp);
        if (!r.forced(Key::sources)) {
          for (const std::string& s : splitList(f.text(r[Key::sources]))) {
            if (s.rfind("http", 0) == 0) e.sources.push_back({s, ""});
            else e.sources.push_back({"", s});
          }
        }
        if (!r.forced(Key::fatalities_by)) e.fatalitiesBy = "UCDP GED";
        break;
      }
      case Schema::Gdelt: {
        std::string a1 = trim(f.text(r[Key::actor1])), a2 = trim(f.text(r[Key::actor2]));
        if (a1 == "NULL") a1.clear();
        if (a2 == "NULL") a2.clear();
        if (!a1.empty()) e.actors.push_back(a1);
        if (!a2.empty()) e.actors.push_back(a2);
        const std::string code = trim(f.text(r[Key::event_code]));
        e.category = gdeltCategory(f.text(r[Key::root_code]));
        e.title = (a1.empty() ? std::string("?") : a1) + (a2.empty() ? "" : " \u2013 " + a2) + " (CAMEO " + code + ")";
        if (e.place == "NULL") e.place.clear();
        if (std::string u = trim(f.text(r[Key::sources])); !u.empty() && u != "NULL") e.sources.push_back({u, "GDELT"});
        break;
      }
      case Schema::Kml:
      case Schema::TimelineJs:
      case Schema::Generic:
        break;
    }

    // Columns of the bundled format that every schema may carry (or --field maps).
    if (schema == Schema::Generic || r.forced(Key::sources)) {
      const std::string src = str(f, r[Key::sources]);
      if (!src.empty()) e.sources = parseSources(src);
    }
    readCount(ctx, f, r[Key::fatalities_low], cols, row, e.fatalitiesLow);
    readCount(ctx, f, r[Key::fatalities_best], cols, row, e.fatalitiesBest);
    readCount(ctx, f, r[Key::fatalities_high], cols, row, e.fatalitiesHigh);
    if (e.fatalitiesBest < 0 && e.fatalitiesLow < 0 && e.fatalitiesHigh < 0 && !r.forced(Key::fatalities_by) &&
        (schema == Schema::Acled || schema == Schema::Ucdp))
      e.fatalitiesBy.clear();
    if ((schema == Schema::Generic || r.forced(Key::precision)) && r[Key::precision] >= 0) {
      const std::string precText = trim(f.text(r[Key::precision]));
      if (!precText.empty()) {
        Precision p;
        if (!precisionFromName(lower(precText), p))
          ctx.problem(row, cols.names[size_t(r[Key::precision])],
                      "'" + precText + "' is not one of year, month, week, day, hour, minute, second; using the date's own");
        else if (p != e.start.precision)
          e.start = withPrecision(e.start, p);
      }
    }
    if (r[Key::era] >= 0 && f.isSet(r[Key::era])) {
      const std::string v = lower(trim(f.text(r[Key::era])));
      e.era = v == "1" || v == "true" || v == "yes";
    }
    if (e.title.empty()) e.title = e.place.empty() ? e.id : e.place;
    readLocation(ctx, f, r, rowTransform, isCsv || schema == Schema::Kml, row, cols, e);
    if (e.era) out.eras.push_back(e);
    else out.events.push(e);
  };

  auto hashtagNote = [&](Ctx& c, int64_t row) {
    c.note("row " + std::to_string(row) + ": a row of HXL #hashtags under the header, skipped");
  };
  // A window at a time. Large windows are read on every core: the records split in contiguous parts,
  // each read into a dataset of its own, appended in order (rows, problems and notes keep the file's
  // order). Into rc's dataset; with sv/ev, the date columns' values are tallied too (in the file's
  // order) and a window holding a NUL byte stops it (false).
  auto csvRows = [&](Ctx& rc, DateValueTally* sv, DateValueTally* ev) -> bool {
    Dataset& dst = rc.out;
    int64_t rows = 0;
    bool nul = false;
    forEachWindow(*csvSource, [&](const std::vector<csv::Record>& recs, bool firstWindow) {
      if (sv && csvSource->reader.hasNul()) {
        nul = true;
        return false;
      }
      size_t begin = 0;
      if (firstWindow && !recs.empty()) {
        csvRow->load(recs[0]);
        if (isHashtagRow(*csvRow)) {
          hashtagNote(rc, recs[0].line);
          begin = 1;
        }
      }
      const size_t n = recs.size() - begin;
      rows += int64_t(n);
      const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
      const size_t parts = n >= 20000 && csv::parallelEnabled() ? std::min<size_t>(hw, 4) : 1;
      std::vector<Dataset> partData(parts - 1);
      std::vector<std::unique_ptr<Ctx>> partCtx;
      for (Dataset& d : partData) {
        partCtx.push_back(std::make_unique<Ctx>(rc.path, d, rc.opt, rc.progress));
        partCtx.back()->base = rc.base;
        partCtx.back()->readPath = rc.readPath;
      }
      std::vector<DateValueTally> ps(sv ? parts : 0), pe(sv ? parts : 0);
      // Room for the whole file's rows in the dataset (guessed from the file's size), once.
      if (firstWindow) dst.events.reserve(dst.events.size() + size_t(std::max<int64_t>(csvSource->estimatedRows, int64_t(n))) + 1024);
      auto readPart = [&](size_t k) {
        Ctx& cx = k == 0 ? rc : *partCtx[k - 1];
        const size_t a = begin + n * k / parts, b = begin + n * (k + 1) / parts;
        CsvRow rowReader(*csvSource);
        std::unique_ptr<OGRCoordinateTransformation> tr;
        if (transform) tr.reset(k == 0 ? nullptr : transform->Clone());
        OGRCoordinateTransformation* t = k == 0 ? transform.get() : tr.get();
        Event e;
        DateCache dates[2];  // start, end
        if (k) cx.out.events.reserve(b - a);
        for (size_t i = a; i < b; ++i) {
          if (!cx.tick()) return;
          rowReader.load(recs[i]);
          if (sv) {
            if (wantStart) ps[k].add(rowReader.text(start.idx));
            if (wantEnd) pe[k].add(rowReader.text(end.idx));
          }
          readRow(cx, rowReader, recs[i].line, t, e, dates);
        }
        cx.flushTicks();
      };
      std::vector<std::thread> workers;
      for (size_t k = 1; k < parts; ++k) workers.emplace_back(readPart, k);
      readPart(0);
      for (std::thread& w : workers) w.join();
      for (size_t k = 0; sv && k < parts; ++k) {
        sv->merge(ps[k]);
        ev->merge(pe[k]);
      }
      for (size_t k = 1; k < parts; ++k) {
        Dataset& d = partData[k - 1];
        if (partCtx[k - 1]->cancelled) rc.cancelled = true;
        dst.events.append(std::move(d.events));
        for (Event& e : d.eras) dst.eras.push_back(std::move(e));
        for (Problem& p : d.problems) dst.problems.push_back(std::move(p));
        for (std::string& note : d.notes) rc.note(std::move(note));
      }
      return !rc.cancelled;
    }, &rc);
    // The bar's total was a guess from the first window: the rows there were.
    if (ctx.progress) ctx.progress->total += rows - csvSource->estimatedRows;
    return !nul;
  };
  if (csvSource && speculative) {
    Dataset spec;
    Ctx sctx(ctx.path, spec, ctx.opt, ctx.progress);
    sctx.base = ctx.base;
    sctx.readPath = ctx.readPath;
    DateValueTally sv, ev;
    const bool noNul = csvRows(sctx, &sv, &ev);
    const DateFormat guessStart = start.fmt, guessEnd = end.fmt;
    bool same = false;
    if (noNul && !sctx.cancelled) {
      decideFormats(sv, ev, true);  // from every value: the notes and problems, and the layouts
      auto eq = [](const DateFormat& x, const DateFormat& y) { return x.order == y.order && x.pattern == y.pattern; };
      same = eq(guessStart, start.fmt) && eq(guessEnd, end.fmt);
    }
    if (same || sctx.cancelled) {
      ctx.cancelled = ctx.cancelled || sctx.cancelled;
      out.events.append(std::move(spec.events));
      for (Event& e : spec.eras) out.eras.push_back(std::move(e));
      for (Problem& p : spec.problems) out.problems.push_back(std::move(p));
      for (std::string& note : spec.notes) ctx.note(std::move(note));
    } else if (noNul) {
      // The first window's layout was not every value's: the rows again, with the layout decided.
      if (ctx.progress) ctx.progress->total += csvSource->estimatedRows;
      csvRows(ctx, nullptr, nullptr);
    } else {
      // A NUL byte past the first window: through GDAL, from the start (its pass, then its rows).
      if (ctx.progress) ctx.progress->total = ctx.progress->done.load();
      csvSource.reset();
      csvRow.reset();
      countRows();
      if (!detectionPass()) return;
    }
  } else if (csvSource) {
    csvRows(ctx, nullptr, nullptr);
  }
  if (csvSource) {
    // Problems in the file's order (a quote left open is found only once the window reaches the end).
    std::stable_sort(out.problems.begin(), out.problems.end(), [](const Problem& a, const Problem& b) { return a.row < b.row; });
    phase.mark("rows (parallel, by windows)");
    return;
  }
  layer->ResetReading();
  int64_t index = 0;
  Event e;
  DateCache dates[2];
  for (auto& feat : *layer) {
    ++index;
    if (!ctx.tick()) return;
    FeatureRow f(*feat);
    const int64_t row = isCsv ? (headerless ? int64_t(feat->GetFID()) : int64_t(feat->GetFID()) + 1) : index;
    if (index == 1 && isCsv && isHashtagRow(f)) {
      hashtagNote(ctx, row);
      continue;
    }
    readRow(ctx, f, row, transform.get(), e, dates);
  }
  ctx.flushTicks();
}
}  // namespace

bool loadEvents(const std::string& path, Dataset& out, std::string* openError) {
  return loadEvents(path, LoadOptions{}, out, openError, nullptr);
}

bool loadEvents(const std::string& path, const LoadOptions& options, Dataset& out, std::string* openError,
                LoadProgress* progress) {
  initGdal();
  Ctx ctx(path, out, options, progress);
  if (isPgConnection(path)) {
    // A connection string is no file name, and may hold a password: the dataset is named by
    // host/dbname/table, and ids made up for rows without one start with the table's name.
    if (out.name.empty()) out.name = pgDisplayName(path);
    const std::string label = pgDisplayName(path);
    const size_t slash = label.find_last_of('/');
    ctx.base = label.substr(slash + 1);
  } else {
    const char* base = CPLGetBasename(path.c_str());
    ctx.base = base && *base ? base : "event";
  }
  out.path = path;
  if (out.name.empty()) out.name = ctx.base;
  if (progress) {
    progress->done = 0;
    progress->total = 0;
  }
  if (!options.schema.empty()) {
    ctx.haveSchema = schemaFromName(options.schema, ctx.forcedSchema);
    if (!ctx.haveSchema)
      ctx.problem(0, "--schema", "'" + options.schema + "' is not one of acled, ucdp-ged, timelinejs, kml, generic, gdelt; detecting instead");
  }
  if (!options.dateFormat.empty()) {
    std::string err;
    ctx.haveFormat = parseDateFormatOption(options.dateFormat, ctx.forcedFormat, &err);
    if (!ctx.haveFormat) ctx.problem(0, "--date-format", err + "; detecting instead");
  }

  {
    // No network unless asked, no FIFO or device, no zip bomb (geo/io/source_guard.cpp).
    std::string why, note;
    if (!checkSource(path, &why, &note)) {
      if (openError) *openError = why;
      return false;
    }
    if (!note.empty()) ctx.problem(0, "", note);
  }
  // A Forensic Architecture timemap export (geo/io/timemap_reader.cpp): its events file, or the folder
  // holding it; a folder without one is left to GDAL (a folder of CSV files).
  std::string jsonPath = path;
  std::string jsonError;  // a JSON array cut short: GDAL's "not recognized" would not say where
  bool folder = false;
  if (!isPgConnection(path)) {
    VSIStatBufL st;
    if (VSIStatL(path.c_str(), &st) == 0 && VSI_ISDIR(st.st_mode)) {
      folder = true;
      jsonPath = timemap::eventsFileIn(path);
    }
  }
  // TimelineJS JSON and timemap exports, which GDAL does not read.
  if ((folder && !jsonPath.empty()) || (!folder && (endsWith(path, ".json") || (ctx.haveSchema && ctx.forcedSchema == Schema::TimelineJs)))) {
    std::string text;
    if (gdalutil::readWholeFile(jsonPath, text, size_t(1) << 30)) {
      auto j = nlohmann::json::parse(text, nullptr, false);
      const size_t first = text.find_first_not_of(" \t\r\n");
      if (j.is_discarded() && first < text.size() && text[first] == '[') {
        try {
          const nlohmann::json again = nlohmann::json::parse(text);
        } catch (const nlohmann::json::exception& e) {  // parse_error, or out_of_range for a number too large
          const std::string what = e.what();
          const size_t colon = what.find("] ");
          jsonError = "not valid JSON: " + (colon == std::string::npos ? what : what.substr(colon + 2));
        }
      }
      text = std::string();
      const timemap::Layout layout = j.is_discarded() ? timemap::Layout::None : timemap::recognise(j, jsonPath);
      if (layout == timemap::Layout::Events) {
        if (!timemap::load(jsonPath, j, options, out, progress, openError)) return false;
        out.sortByTime();
        return true;
      }
      if (!folder && layout != timemap::Layout::None) {
        if (openError) *openError = timemap::notEventsMessage(path, layout);
        return false;
      }
      if (!folder && j.is_object() && j.contains("events") && j["events"].is_array() && !j.contains("features") &&
          !j.contains("type")) {
        loadTimelineJson(ctx, j);
        out.sortByTime();
        return true;
      }
    }
  }

  // UTF-16 text (Excel's "Unicode Text"): read from a UTF-8 copy in the temporary folder, removed
  // when the load ends; messages still name the file.
  struct RemoveAtEnd {
    std::string path;
    ~RemoveAtEnd() {
      if (!path.empty()) std::remove(path.c_str());
    }
  } utf8Copy;
  if (!folder && !isPgConnection(path) && path.rfind("/vsi", 0) != 0) {
    const std::string enc = utf16Encoding(path);
    if (!enc.empty()) {
      static std::atomic<unsigned> serial{0};
      const char* tmp = std::getenv("TMPDIR");
      utf8Copy.path = std::string(tmp && *tmp ? tmp : "/tmp") + "/chronomap-utf8-" + std::to_string(::getpid()) + "-" +
                      std::to_string(serial++) + "-" + CPLGetFilename(path.c_str());
      size_t replaced = 0;
      std::string err;
      if (!convertUtf16ToUtf8(path, enc, utf8Copy.path, &replaced, &err)) {
        if (openError) *openError = err;
        return false;
      }
      // Excel saves "Unicode Text" as tab-separated .txt, which GDAL reads as CSV only as .tsv.
      const std::string ext = CPLGetExtension(path.c_str());
      if (EQUAL(ext.c_str(), "txt")) {
        FILE* f = std::fopen(utf8Copy.path.c_str(), "rb");
        char line[4096] = {0};
        const bool tabbed = f && std::fgets(line, sizeof line, f) && std::strchr(line, '\t');
        if (f) std::fclose(f);
        if (tabbed && std::rename(utf8Copy.path.c_str(), (utf8Copy.path + ".tsv").c_str()) == 0) utf8Copy.path += ".tsv";
      }
      ctx.readPath = utf8Copy.path;
      ctx.note(std::string(CPLGetFilename(path.c_str())) + ": " + enc + " text, read as UTF-8");
      if (replaced)
        ctx.problem(0, "", std::to_string(replaced) + " character" + (replaced == 1 ? " was" : "s were") +
                               " not valid " + enc + " (a lone surrogate, or the file cut inside a character): shown as \uFFFD");
    }
  }
  ErrorCapture cap;
  std::string driver;
  bool headerless = ctx.haveSchema && ctx.forcedSchema == Schema::Gdelt;
  GDALDatasetUniquePtr ds = openSource(ctx.readPath, headerless, options, cap, driver);
  if (ds && driver == "CSV" && !headerless && looksLikeGdelt(*ds)) {
    headerless = true;
    ds = openSource(ctx.readPath, true, options, cap, driver);
  }
  if (!ds) {
    VSIStatBufL st;
    if (VSIStatL(path.c_str(), &st) == 0 && st.st_size == 0) {
      ctx.problem(0, "", "the file is empty: no columns, no events");
      out.notes.push_back("empty file: nothing to load");
      return true;
    }
    if (openError) *openError = jsonError.empty() ? gdalutil::openErrorText(path, cap) : path + ": cannot open (" + jsonError + ")";
    return false;
  }
  // A VRT opens without its sources; a source that is missing shows only when a layer is read
  // (it then has no columns, reported as "no date column"): say what GDAL could not open instead.
  if (driver == "OGR_VRT") {
    ErrorCapture vrtCap;
    CPLPushErrorHandlerEx(ErrorCapture::handler, &vrtCap);
    bool anyColumns = false;
    for (OGRLayer* layer : ds->GetLayers()) anyColumns = anyColumns || layer->GetLayerDefn()->GetFieldCount() > 0;
    CPLPopErrorHandler();
    if (!anyColumns && !vrtCap.last.empty()) {
      if (openError) *openError = path + ": cannot open (" + vrtCap.last + ")";
      return false;
    }
  }
  if (headerless && driver == "CSV") out.schema = "gdelt";
  std::string title;
  if (driver == "GeoJSON") {
    out.hasDefaultView = readCollectionHead(path, out.defaultView, title);
    if (!title.empty()) out.name = title;
  }
  KmlTimes kml;
  int layers = 0;
  for (OGRLayer* layer : ds->GetLayers()) {
    ++layers;
    loadLayer(ctx, layer, driver, ds->GetLayerCount() > 1, kml);
    if (ctx.cancelled) {
      ctx.note("loading cancelled: " + std::to_string(out.events.size()) + " events read before it stopped");
      break;
    }
  }
  if (layers == 0) ctx.problem(0, "", "the source has no layers: no events");
  else if (out.events.empty() && out.eras.empty() && out.problems.empty())
    ctx.note("the source has no rows: no events");
  PhaseTimer phase;
  out.sortByTime();
  phase.mark("sort and index");
  return true;
}

}  // namespace geo
