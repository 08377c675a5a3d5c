// Loading events and map layers from fixtures built in GDAL's /vsimem/ (never from assets/).
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <dirent.h>
#include <unistd.h>

#include <cpl_vsi.h>

#include "geo/io.hpp"

using namespace geo;

namespace {
void putFile(const std::string& path, const std::string& text) {
  VSILFILE* f = VSIFOpenL(path.c_str(), "wb");
  REQUIRE(f);
  VSIFWriteL(text.data(), 1, text.size(), f);
  VSIFCloseL(f);
}

const char* kEvents = R"({
  "type": "FeatureCollection",
  "name": "Fixture events",
  "default_view": [44.0, 39.0, 47.0, 41.0],
  "features": [
    {"type": "Feature", "geometry": {"type": "Point", "coordinates": [46.75194, 39.81528]},
     "properties": {"id": "b", "title": "Second", "start": "2020-09-27", "end": "2020-11-10", "precision": "day",
       "place": "Stepanakert", "place_alt": "Khankendi", "category": "war", "actors": ["A", "B"],
       "countries": ["ARM", "AZE"], "fatalities_low": 10, "fatalities_best": 12, "fatalities_high": 20,
       "fatalities_by": "Ministry X", "description": "Text.",
       "sources": [{"url": "https://example.org/a", "publisher": "Example"}]}},
    {"type": "Feature", "geometry": {"type": "Point", "coordinates": [44.517, 40.183]},
     "properties": {"id": "a", "title": "First", "start": "1988-02", "precision": "month", "category": "unrest",
       "description": "Earlier.", "sources": [{"url": "https://example.org/b", "publisher": "Ex"}]}},
    {"type": "Feature", "geometry": {"type": "Point", "coordinates": [45.0, 40.0]},
     "properties": {"id": "bad-date", "title": "Bad", "start": "2020-02-30", "category": "war"}},
    {"type": "Feature", "geometry": null,
     "properties": {"id": "no-place", "title": "Nowhere", "start": "2022-11-23", "category": "alliance"}},
    {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[[46,39],[47,39],[47,40],[46,40],[46,39]]]},
     "properties": {"id": "area", "title": "Area", "start": "2020-11-20", "lon": 46.5, "lat": 39.6, "category": "deployment"}},
    {"type": "Feature", "geometry": null,
     "properties": {"id": "era-1", "title": "An era", "start": "2020-09-27", "end": "2020-11-10", "era": true, "category": "war"}}
  ]
})";
}  // namespace

TEST_CASE("Events load from a GeoJSON source - bad rows are reported and skipped", "[loading]") {
  putFile("/vsimem/events.geojson", kEvents);
  Dataset d;
  std::string err;
  REQUIRE(loadEvents("/vsimem/events.geojson", d, &err));
  CHECK(d.name == "Fixture events");
  CHECK(d.events.size() == 4);  // the bad date is skipped; the era is not an event
  CHECK(d.eras.size() == 1);
  REQUIRE(d.hasDefaultView);
  CHECK(d.defaultView.minX == Approx(44.0));
  CHECK(d.defaultView.maxY == Approx(41.0));
  // Sorted by time, 1988 first.
  CHECK(d.events.get(0).id == "a");
  CHECK(d.events.get(0).start.precision == Precision::Month);
  const Event& b = d.events.get(size_t(d.findEvent("b")));
  CHECK(b.placeLabel() == "Stepanakert / Khankendi");
  CHECK(b.placeLabel(true) == "Khankendi / Stepanakert");
  CHECK(b.hasEnd);
  CHECK(b.last() == makeTime(2020, 11, 11) - 1);  // end inclusive: through 10 Nov
  CHECK(b.actors.size() == 2);
  CHECK(b.countries == std::vector<std::string>{"ARM", "AZE"});
  CHECK(b.fatalitiesBest == 12);
  CHECK(b.fatalitiesBy == "Ministry X");
  REQUIRE(b.sources.size() == 1);
  CHECK(b.sources[0].publisher == "Example");
  CHECK(b.lon == Approx(46.75194));
  CHECK_FALSE(d.events.get(size_t(d.findEvent("no-place"))).hasLocation);
  const Event& area = d.events.get(size_t(d.findEvent("area")));
  CHECK(area.lon == Approx(46.5));  // the symbol sits at lon/lat, not at the centroid
  REQUIRE(d.problems.size() == 1);
  CHECK(d.problems[0].row == 3);
  CHECK(d.problems[0].field == "start");
  CHECK(d.problems[0].text().find("2020-02-30") != std::string::npos);
  VSIUnlink("/vsimem/events.geojson");
}

TEST_CASE("A source that cannot be opened says which file and why", "[loading]") {
  Dataset d;
  std::string err;
  CHECK_FALSE(loadEvents("/nonexistent/events.geojson", d, &err));
  CHECK(err.find("/nonexistent/events.geojson") != std::string::npos);
}

TEST_CASE("A layer with no date column says which columns it has", "[loading]") {
  putFile("/vsimem/nodate.geojson", R"({"type":"FeatureCollection","features":[
    {"type":"Feature","geometry":{"type":"Point","coordinates":[45,40]},"properties":{"name":"x","when":"2020"}}]})");
  Dataset d;
  std::string err;
  REQUIRE(loadEvents("/vsimem/nodate.geojson", d, &err));
  CHECK(d.events.empty());
  REQUIRE(d.problems.size() == 1);
  CHECK(d.problems[0].message.find("when") != std::string::npos);
  VSIUnlink("/vsimem/nodate.geojson");
}

TEST_CASE("Map layers are reprojected into the map CRS, with holes kept", "[loading]") {
  putFile("/vsimem/layer.geojson", R"({"type":"FeatureCollection","features":[
    {"type":"Feature","properties":{"name":"Box","iso_a3":"XXX"},"geometry":{"type":"Polygon","coordinates":[
      [[44,39],[46,39],[46,41],[44,41],[44,39]],[[44.5,39.5],[45.5,39.5],[45.5,40.5],[44.5,40.5],[44.5,39.5]]]}}]})");
  std::string err;
  auto proj = Projection::create("+proj=laea +lat_0=40 +lon_0=45 +datum=WGS84 +units=m", &err);
  REQUIRE(proj);
  std::vector<MapLayer> layers;
  std::vector<Problem> problems;
  REQUIRE(loadMapLayers("/vsimem/layer.geojson", *proj, {}, layers, problems, &err));
  REQUIRE(layers.size() == 1);
  const MapLayer& l = layers[0];
  CHECK(l.kind == GeomKind::Polygon);
  CHECK(l.featureCount() == 1);
  CHECK(l.ringCount() == 2);
  CHECK(l.featureName[0] == "Box");
  CHECK(l.featureCode[0] == "XXX");
  // The centre (45, 40) is the projection origin and lies in the hole; (44.2, 40) lies in the ring.
  CHECK(l.featureAt(0, 0) == -1);
  double x, y;
  REQUIRE(proj->forward(44.2, 40, x, y));
  CHECK(l.featureAt(x, y) == 0);
  CHECK(l.bounds.minX == Approx(-86000).margin(1500));  // 1 degree of longitude at 39-41N
  VSIUnlink("/vsimem/layer.geojson");
}

TEST_CASE("State and user files are written atomically", "[files]") {
  const std::string path = std::string(CHRONOMAP_TEST_OUT) + "/atomic.json";
  std::string err;
  REQUIRE(writeFileAtomic(path, "{\"a\": 1}\n", &err));
  REQUIRE(writeFileAtomic(path, "{\"a\": 2}\n", &err));
  VSILFILE* f = VSIFOpenL(path.c_str(), "rb");
  REQUIRE(f);
  char buf[32] = {};
  VSIFReadL(buf, 1, sizeof buf - 1, f);
  VSIFCloseL(f);
  CHECK(std::string(buf) == "{\"a\": 2}\n");
  CHECK_FALSE(writeFileAtomic("/nonexistent-dir/x.json", "x", &err));
  CHECK(err.find("/nonexistent-dir/x.json") != std::string::npos);
}

// Issue 12: a quote that never closes swallowed the rest of the file (rows lost without a word, or
// "missing date" for a row whose cells it shifted). Now the row and the column where it opened are
// named, that row is skipped and the rows after it load.
TEST_CASE("An unterminated quote is reported at its row and column and the rows after it load", "[loading][csv]") {
  putFile("/vsimem/unterminated.csv",
          "date,title,lat,lon\n2020-01-01,ok one,40,45\n2020-01-02,\"bad quote,40,45\n2020-01-03,ok three,40,45\n"
          "2020-01-04,\"ok, four\",40,45\n");
  Dataset d;
  std::string err;
  REQUIRE(loadEvents("/vsimem/unterminated.csv", d, &err));
  CHECK(d.events.size() == 3);
  REQUIRE(d.problems.size() == 1);
  CHECK(d.problems[0].row == 3);
  CHECK(d.problems[0].field == "title");
  CHECK(d.problems[0].message.find("unterminated quote") != std::string::npos);
  CHECK(d.problems[0].message.find("column 2") != std::string::npos);
  // The quote before the date column: the date is not reported missing.
  putFile("/vsimem/unterminated2.csv", "date,title,lat,lon\n2020-01-01,ok,40,45\n\"2020-01-02,bad,40,45\n2020-01-03,ok,40,45\n");
  Dataset d2;
  REQUIRE(loadEvents("/vsimem/unterminated2.csv", d2, &err));
  CHECK(d2.events.size() == 2);
  REQUIRE(d2.problems.size() == 1);
  CHECK(d2.problems[0].row == 3);
  CHECK(d2.problems[0].field == "date");
  CHECK(d2.problems[0].message.find("missing") == std::string::npos);
  VSIUnlink("/vsimem/unterminated.csv");
  VSIUnlink("/vsimem/unterminated2.csv");
}

namespace {
std::string utf16(const std::string& utf8, bool bigEndian, bool bom) {
  std::string out;
  auto unit = [&](uint32_t u) {
    out += char(bigEndian ? u >> 8 : u & 0xFF);
    out += char(bigEndian ? u & 0xFF : u >> 8);
  };
  if (bom) unit(0xFEFF);
  for (size_t i = 0; i < utf8.size();) {
    const auto b = static_cast<unsigned char>(utf8[i]);
    uint32_t c = b;
    int n = 1;
    if (b >= 0xF0) c = b & 0x07, n = 4;
    else if (b >= 0xE0) c = b & 0x0F, n = 3;
    else if (b >= 0xC0) c = b & 0x1F, n = 2;
    for (int k = 1; k < n; ++k) c = (c << 6) | (static_cast<unsigned char>(utf8[i + size_t(k)]) & 0x3F);
    i += size_t(n);
    if (c >= 0x10000) {
      unit(0xD800 + ((c - 0x10000) >> 10));
      unit(0xDC00 + ((c - 0x10000) & 0x3FF));
    } else {
      unit(c);
    }
  }
  return out;
}

std::string localFile(const std::string& dir, const std::string& name, const std::string& bytes) {
  const std::string p = dir + "/" + name;
  FILE* f = std::fopen(p.c_str(), "wb");
  REQUIRE(f);
  std::fwrite(bytes.data(), 1, bytes.size(), f);
  std::fclose(f);
  return p;
}
}  // namespace

TEST_CASE("UTF-16 CSV (with or without a byte order mark, Excel's tab-separated Unicode Text) loads as UTF-8", "[loading]") {
  char tmpl[] = "/tmp/chronomap-test-utf16-XXXXXX";
  REQUIRE(mkdtemp(tmpl));
  const std::string dir = tmpl;
  const std::string title = "Степанакерт / Xankəndi \xF0\x9D\x84\x9E";  // Cyrillic, Azerbaijani schwa, a character beyond the BMP
  const std::string csv = "id,date,title,category,lat,lon\r\nu1,2020-09-27," + title + ",war,39.8177,46.7519\r\n"
                          "u2,2020-10-04,Ganja strike,strikes,40.6828,46.3606\r\n";
  std::string tsv = csv;
  for (char& ch : tsv)
    if (ch == ',') ch = '\t';
  struct Case {
    std::string name, bytes, enc;
  } cases[] = {{"le-bom.csv", utf16(csv, false, true), "UTF-16LE"},
               {"be-bom.csv", utf16(csv, true, true), "UTF-16BE"},
               {"le-nobom.csv", utf16(csv, false, false), "UTF-16LE"},
               {"be-nobom.csv", utf16(csv, true, false), "UTF-16BE"},
               {"unicode-text.txt", utf16(tsv, false, true), "UTF-16LE"}};
  for (const Case& c : cases) {
    INFO(c.name);
    const std::string path = localFile(dir, c.name, c.bytes);
    CHECK(utf16Encoding(path) == c.enc);
    Dataset ds;
    std::string err;
    REQUIRE(loadEvents(path, ds, &err));
    REQUIRE(ds.events.size() == 2);
    CHECK(ds.problems.empty());
    const int u1 = ds.findEvent("u1");
    REQUIRE(u1 >= 0);
    CHECK(ds.events.title(size_t(u1)) == title);
    CHECK(ds.events.lon(size_t(u1)) == 46.7519);
    bool noted = false;
    for (const std::string& n : ds.notes) noted = noted || n.find(c.enc) != std::string::npos;
    CHECK(noted);
    std::remove(path.c_str());
  }
  // The UTF-8 copies are gone once loaded.
  {
    const std::string mine = "chronomap-utf8-" + std::to_string(::getpid()) + "-";
    int left = 0;
    const char* tmp = std::getenv("TMPDIR");  // where the loader puts its copies
    if (DIR* d = opendir(tmp && *tmp ? tmp : "/tmp")) {
      while (dirent* e = readdir(d)) left += std::string(e->d_name).rfind(mine, 0) == 0;
      closedir(d);
    }
    CHECK(left == 0);
  }
  // A lone surrogate and a file cut inside a character: shown as U+FFFD, counted, and the file named.
  std::string broken = utf16(csv, false, true);
  broken.insert(broken.find(utf16("Ganja", false, false)), std::string("\x00\xD8", 2));  // a high surrogate with no low one
  broken += '\x41';                                                                      // half a character at the end
  const std::string bad = localFile(dir, "broken.csv", broken);
  Dataset ds;
  std::string err;
  REQUIRE(loadEvents(bad, ds, &err));
  CHECK(ds.events.size() == 2);
  REQUIRE(!ds.problems.empty());
  CHECK(ds.problems[0].file == bad);
  CHECK(ds.problems[0].message.find("2 characters were not valid UTF-16LE") != std::string::npos);
  const int u2 = ds.findEvent("u2");
  REQUIRE(u2 >= 0);
  CHECK(ds.events.title(size_t(u2)) == "\xEF\xBF\xBDGanja strike");
  std::remove(bad.c_str());
  // UTF-8 and Latin-1 files are not taken for UTF-16.
  CHECK(utf16Encoding(localFile(dir, "plain.csv", csv)).empty());
  CHECK(utf16Encoding(localFile(dir, "latin1.csv", "id,title\nx,caf\xE9\n")).empty());
  std::remove((dir + "/plain.csv").c_str());
  std::remove((dir + "/latin1.csv").c_str());
  CHECK(::rmdir(dir.c_str()) == 0);
}
