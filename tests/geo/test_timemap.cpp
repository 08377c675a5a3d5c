// Forensic Architecture timemap exports (events, associations and sources JSON side by side): the
// fixture of tests/data/timemap (written by us in the published layout, with its deviations) and small
// files built in GDAL's /vsimem/.
#include <catch2/catch.hpp>

#include <algorithm>

#include <cpl_vsi.h>

#include "geo/io.hpp"

using namespace geo;

namespace {
const std::string kFixture = std::string(CHRONOMAP_SOURCE_DIR) + "/tests/data/timemap";

void putFile(const std::string& path, const std::string& text) {
  VSILFILE* f = VSIFOpenL(path.c_str(), "wb");
  REQUIRE(f);
  VSIFWriteL(text.data(), 1, text.size(), f);
  VSIFCloseL(f);
}

Dataset load(const std::string& path, const LoadOptions& o = {}) {
  Dataset d;
  std::string err;
  INFO(err);
  REQUIRE(loadEvents(path, o, d, &err));
  return d;
}

Event byId(const Dataset& d, const std::string& id) {
  const int i = d.findEvent(id);
  INFO("event " << id);
  REQUIRE(i >= 0);
  return d.events.get(size_t(i));
}

// The problems' texts, for CHECKs that read like the messages a user sees.
std::vector<std::string> problems(const Dataset& d) {
  std::vector<std::string> out;
  for (const auto& p : d.problems) out.push_back(p.text());
  return out;
}

bool hasProblem(const Dataset& d, const std::string& file, int64_t row, const std::string& field, const std::string& part) {
  for (const auto& p : d.problems)
    if (p.file.size() >= file.size() && p.file.compare(p.file.size() - file.size(), file.size(), file) == 0 && p.row == row &&
        p.field == field && p.message.find(part) != std::string::npos)
      return true;
  return false;
}

bool hasNote(const Dataset& d, const std::string& part) {
  return std::any_of(d.notes.begin(), d.notes.end(), [&](const std::string& n) { return n.find(part) != std::string::npos; });
}

std::string ymdhm(const TimeValue& v) { return formatIso(v); }
}  // namespace

TEST_CASE("timemap: the fixture's events with dates, places, categories and sources", "[timemap]") {
  const Dataset d = load(kFixture + "/events.json");
  INFO(Catch::Detail::stringify(problems(d)));
  CHECK(d.schema == "timemap");
  CHECK(d.name == "timemap");  // "events.json" says nothing: the folder names the dataset
  // Ten entries: one without a date is skipped, one is an empty spreadsheet row.
  REQUIRE(d.events.size() == 8);
  CHECK(d.findEvent("CIV0007") < 0);

  const Event uman = byId(d, "CIV0001");
  CHECK(ymdhm(uman.start) == "2022-02-24T07:10Z");  // "02/24/2022" + "07:10"
  CHECK(uman.start.precision == Precision::Minute);
  CHECK(uman.place == "Uman, Cherkasy Oblast");
  REQUIRE(uman.hasLocation);
  CHECK(uman.lat == Approx(48.7494));
  CHECK(uman.lon == Approx(30.2214));
  CHECK(uman.title == "Explosion in a residential street; a crater and damaged cars are visible.");
  // Listed as MISSILE, RESIDENTIAL: the category is the filter listed first in associations.json.
  CHECK(uman.category == "Residential");
  CHECK(uman.description == "Filters: Weapon system: Missile; Type of area affected: Residential");
  REQUIRE(uman.sources.size() == 2);
  CHECK(uman.sources[0].publisher == "CCTV footage of the explosion (Video)");
  CHECK(uman.sources[0].url == "https://example.org/footage/uman-cctv");
  CHECK(uman.sources[1].publisher == "Photo of the crater (Photo)");
  CHECK(uman.sources[1].url == "https://example.org/media/uman-crater.jpg");  // no url: its first path

  const Event melitopol = byId(d, "CIV0002");
  CHECK(ymdhm(melitopol.start) == "2022-02-26");  // "2/26/2022", not zero-padded, no time
  CHECK(melitopol.start.precision == Precision::Day);
  CHECK(melitopol.category == "Healthcare");  // listed by its title
  CHECK(melitopol.title == "Gunfire and small explosions at the front of a hospital.");
  CHECK(melitopol.description.empty());  // all of it is the title, and one filter: no extra line

  const Event kharkiv = byId(d, "CIV0003");
  CHECK(ymdhm(kharkiv.start) == "2022-03-03");  // "3/3/2022"
  REQUIRE(kharkiv.hasLocation);
  CHECK(kharkiv.lat == Approx(49.9935));  // "49,9935": a decimal comma
  CHECK(kharkiv.lon == Approx(36.2304));
  CHECK(kharkiv.category == "Residential");
  CHECK(kharkiv.description.find("Narratives: Kharkiv under fire") != std::string::npos);
  REQUIRE(kharkiv.sources.size() == 2);
  CHECK(kharkiv.sources[1].publisher == "SRC404");  // not in sources.json: shown by its id
  CHECK(kharkiv.sources[1].url.empty());

  const Event irpin = byId(d, "CIV0004");
  CHECK(ymdhm(irpin.start) == "2022-03-07T14:30Z");
  CHECK_FALSE(irpin.hasLocation);  // empty coordinates: on the timeline only
  CHECK(irpin.place == "Irpin");
  REQUIRE(irpin.sources.size() == 1);
  CHECK(irpin.sources[0].url == "https://example.com/posts/1234");  // an id that is a URL

  const Event mariupol = byId(d, "CIV0005");
  CHECK_FALSE(mariupol.hasLocation);  // "not known"
  CHECK(mariupol.category == "Healthcare");
  REQUIRE(mariupol.sources.size() == 1);
  CHECK(mariupol.sources[0].publisher == "Photo");  // no title: its type
  CHECK(mariupol.sources[0].url == "https://example.org/media/mariupol-ward.jpg");

  const Event kyiv = byId(d, "CIV0006");
  CHECK(ymdhm(kyiv.start) == "2022-03-10T09:05Z");  // "9:05"
  REQUIRE(kyiv.hasLocation);  // numbers, not strings
  CHECK(kyiv.lat == Approx(50.4501));
  CHECK(kyiv.category == "Shopping area");  // not in associations.json: as written
  CHECK(kyiv.sources.empty());

  const Event zhytomyr = byId(d, "CIV0009");
  CHECK(ymdhm(zhytomyr.start) == "2022-03-14");  // "25:99" is no time: the day is kept
  CHECK(zhytomyr.category == "School or childcare");
  REQUIRE(zhytomyr.sources.size() == 1);
  CHECK(zhytomyr.sources[0].publisher == "Local news report");  // no type

  const Event theatre = byId(d, "CIV0010");
  CHECK(theatre.category == "Cultural or religious");  // the narrative listed first is no category
  CHECK(theatre.description.find("Narratives: Siege of Mariupol") != std::string::npos);
  CHECK(theatre.description.find("Filters:") == std::string::npos);
  REQUIRE(theatre.sources.size() == 2);
  CHECK(theatre.sources[0].publisher == "Satellite image of the theatre (Satellite image)");

  // Sorted by time.
  CHECK(d.events.get(0).id == "CIV0001");
  CHECK(d.events.get(d.events.size() - 1).id == "CIV0010");
}

TEST_CASE("timemap: each problem names the file, the event's row and the field", "[timemap]") {
  const Dataset d = load(kFixture + "/events.json");
  INFO(Catch::Detail::stringify(problems(d)));
  CHECK(hasProblem(d, "events.json", 7, "date", "missing; skipped (event CIV0007)"));
  CHECK(hasProblem(d, "events.json", 5, "longitude", "'not known' is not a longitude; event kept on the timeline only"));
  CHECK(hasProblem(d, "events.json", 9, "time", "'25:99' is not a time of day"));
  CHECK(hasProblem(d, "events.json", 3, "sources", "'SRC404' is not in sources.json (1 event lists it)"));
  CHECK(hasProblem(d, "events.json", 4, "sources", "'https://example.com/posts/1234' is not in sources.json"));
  CHECK(hasProblem(d, "events.json", 6, "associations", "'Shopping area' is not in associations.json"));
  CHECK(d.problems.size() == 6);  // empty coordinates and the empty row are no problem
  CHECK(problems(d)[0].find("events.json, row ") != std::string::npos);
  // What was assumed is said.
  CHECK(hasNote(d, "schema: timemap"));
  CHECK(hasNote(d, "month-first"));
  CHECK(hasNote(d, "1 empty row of events.json skipped"));
  CHECK(hasNote(d, "Kharkiv under fire (1), Siege of Mariupol (2)"));
  CHECK(hasNote(d, "several filters; the category is the one listed first in associations.json"));
}

TEST_CASE("timemap: opening the folder reads its events with their associations and sources", "[timemap]") {
  const Dataset d = load(kFixture);
  CHECK(d.schema == "timemap");
  CHECK(d.events.size() == 8);
  CHECK(byId(d, "CIV0001").category == "Residential");
  CHECK(byId(d, "CIV0001").sources.size() == 2);
  CHECK(hasProblem(d, "events.json", 7, "date", "missing"));
}

TEST_CASE("timemap: without associations and sources files the events load, and a note says what was missing", "[timemap]") {
  VSIMkdir("/vsimem/tm-alone", 0755);
  putFile("/vsimem/tm-alone/events.json", R"([
    {"id": "A1", "description": "First", "date": "03/01/2022", "time": "", "location": "Bucha",
     "latitude": "50.5436", "longitude": "30.2122", "associations": ["RESIDENTIAL", "MISSILE"], "sources": ["S1", "https://example.org/v"]},
    {"id": "A2", "description": "Second", "date": "03/02/2022", "location": "Nowhere known",
     "latitude": "", "longitude": "", "associations": [], "sources": []}
  ])");
  const Dataset d = load("/vsimem/tm-alone/events.json");
  INFO(Catch::Detail::stringify(problems(d)));
  REQUIRE(d.events.size() == 2);
  CHECK(d.problems.empty());  // nothing to compare the ids with: no "not in" problems
  const Event a = byId(d, "A1");
  CHECK(a.category == "RESIDENTIAL");  // the first listed, as written
  REQUIRE(a.sources.size() == 2);
  CHECK(a.sources[0].publisher == "S1");
  CHECK(a.sources[1].url == "https://example.org/v");
  CHECK(hasNote(d, "no associations file beside events.json (looked for associations.json)"));
  CHECK(hasNote(d, "no sources file beside events.json (looked for sources.json)"));
  VSIRmdirRecursive("/vsimem/tm-alone");
}

TEST_CASE("timemap: a prefix names the siblings, an object may wrap the array, sources may be an array", "[timemap]") {
  VSIMkdir("/vsimem/tm-prefix", 0755);
  putFile("/vsimem/tm-prefix/ukraine_events.json", R"({"events": [
    {"id": 7, "description": "Wrapped", "date": "4/1/2022", "time": "06:00", "location": "Kramatorsk",
     "latitude": 48.7389, "longitude": 37.5848, "associations": ["f1"], "sources": [12]}]})");
  putFile("/vsimem/tm-prefix/ukraine_associations.json",
          R"({"associations": [{"id": "f1", "title": "Railway station", "mode": "FILTER", "filter_paths": ["Area", "Transport"]}]})");
  putFile("/vsimem/tm-prefix/ukraine_sources.json", R"([{"id": "12", "title": "Eyewitness video", "type": "Video",
    "url": "https://example.org/kramatorsk", "paths": []}])");
  // Plain names in the same folder belong to another export: the prefixed ones win.
  putFile("/vsimem/tm-prefix/associations.json", R"([{"id": "f1", "title": "Wrong", "mode": "FILTER", "filter_paths": ["Wrong"]}])");
  const Dataset d = load("/vsimem/tm-prefix/ukraine_events.json");
  INFO(Catch::Detail::stringify(problems(d)));
  REQUIRE(d.events.size() == 1);
  const Event e = byId(d, "7");  // a numeric id
  CHECK(ymdhm(e.start) == "2022-04-01T06:00Z");
  CHECK(e.category == "Transport");
  REQUIRE(e.sources.size() == 1);
  CHECK(e.sources[0].publisher == "Eyewitness video (Video)");
  CHECK(d.problems.empty());
  VSIRmdirRecursive("/vsimem/tm-prefix");

  // All three in one object.
  putFile("/vsimem/tm-all-in-one.json", R"({
    "events": [{"id": "E", "description": "One file", "date": "05/09/2022", "latitude": "46.6", "longitude": "32.6",
                "associations": ["N", "F"], "sources": ["s"]}],
    "associations": [{"id": "F", "title": "", "mode": "FILTER", "filter_paths": ["Kind", "Energy"]},
                     {"id": "N", "title": "Story", "mode": "NARRATIVE", "filter_paths": []}],
    "sources": {"s": {"id": "s", "title": "Report", "type": "Text", "url": "https://example.org/r", "paths": []}}})");
  const Dataset one = load("/vsimem/tm-all-in-one.json");
  REQUIRE(one.events.size() == 1);
  CHECK(one.events.get(0).category == "Energy");
  CHECK(one.events.get(0).sources.at(0).publisher == "Report (Text)");
  CHECK(one.events.get(0).description.find("Narratives: Story") != std::string::npos);
  VSIUnlink("/vsimem/tm-all-in-one.json");
}

TEST_CASE("timemap: day-first dates are seen from the values, ambiguous ones are month-first unless told", "[timemap]") {
  putFile("/vsimem/dmy_events.json", R"([
    {"id": "a", "description": "x", "date": "24/02/2022"}, {"id": "b", "description": "y", "date": "3/4/2022"}])");
  const Dataset dmy = load("/vsimem/dmy_events.json");
  CHECK(ymdhm(byId(dmy, "a").start) == "2022-02-24");
  CHECK(ymdhm(byId(dmy, "b").start) == "2022-04-03");
  CHECK(hasNote(dmy, "day-first"));
  VSIUnlink("/vsimem/dmy_events.json");

  putFile("/vsimem/amb_events.json", R"([{"id": "b", "description": "y", "date": "3/4/2022"}])");
  CHECK(ymdhm(byId(load("/vsimem/amb_events.json"), "b").start) == "2022-03-04");
  LoadOptions o;
  o.dateFormat = "dmy";
  CHECK(ymdhm(byId(load("/vsimem/amb_events.json", o), "b").start) == "2022-04-03");
  VSIUnlink("/vsimem/amb_events.json");
}

TEST_CASE("timemap: the associations or sources file opened alone says to open the events file", "[timemap]") {
  Dataset d;
  std::string err;
  CHECK_FALSE(loadEvents(kFixture + "/associations.json", d, &err));
  CHECK(err.find("associations.json: cannot open as events (a timemap associations file: open the events file beside it") !=
        std::string::npos);
  Dataset s;
  CHECK_FALSE(loadEvents(kFixture + "/sources.json", s, &err));
  CHECK(err.find("a timemap sources file") != std::string::npos);
}

TEST_CASE("timemap: broken associations and sources files are reported and the events still load", "[timemap]") {
  VSIMkdir("/vsimem/tm-broken", 0755);
  putFile("/vsimem/tm-broken/events.json", R"([{"id": "x", "description": "d", "date": "1/2/2022", "associations": ["a"],
    "sources": ["s"]}, 5, {"id": "y", "description": "e", "date": {"day": 1}}, {"id": "z", "description": "f",
    "date": "1/3/2022", "latitude": ["48"], "longitude": "30", "associations": 7, "sources": {"a": 1}}])");
  putFile("/vsimem/tm-broken/associations.json", "[{\"id\": \"a\", \"mode\": \"FILTER\"");
  putFile("/vsimem/tm-broken/sources.json", "{\"s\": 5, \"t\": {\"title\": \"ok\", \"url\": \"https://example.org\"}}");
  const Dataset d = load("/vsimem/tm-broken/events.json");
  INFO(Catch::Detail::stringify(problems(d)));
  CHECK(d.events.size() == 2);
  CHECK(hasProblem(d, "associations.json", 0, "", "not JSON"));
  CHECK(hasProblem(d, "sources.json", 1, "s", "not an object; skipped"));
  CHECK(hasProblem(d, "events.json", 2, "", "not an object; skipped"));
  CHECK(hasProblem(d, "events.json", 3, "date", "not text; skipped (event y)"));
  CHECK(hasProblem(d, "events.json", 4, "latitude", "is not a latitude; event kept on the timeline only"));
  CHECK(hasProblem(d, "events.json", 4, "associations", "not a list; ignored"));
  CHECK(hasProblem(d, "events.json", 4, "sources", "not a list; ignored"));
  CHECK(byId(d, "x").category == "a");  // the associations file could not be read: as written
  VSIRmdirRecursive("/vsimem/tm-broken");
}

TEST_CASE("timemap: TimelineJS JSON, GeoJSON and other JSON arrays are not taken for timemap", "[timemap]") {
  putFile("/vsimem/tl_events.json", R"({"events": [{"start_date": {"year": 2020}, "text": {"headline": "h"}}]})");
  CHECK(load("/vsimem/tl_events.json").schema == "timelinejs");
  VSIUnlink("/vsimem/tl_events.json");
  putFile("/vsimem/fc.json", R"({"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": null,
    "properties": {"id": "g", "title": "G", "start": "2020-01-01", "date": "1/1/2020", "description": "d"}}]})");
  CHECK(load("/vsimem/fc.json").schema != "timemap");
  VSIUnlink("/vsimem/fc.json");
  putFile("/vsimem/numbers.json", "[1, 2, 3]");
  Dataset d;
  std::string err;
  CHECK_FALSE(loadEvents("/vsimem/numbers.json", d, &err));
  CHECK(err.find("numbers.json: cannot open") != std::string::npos);
  VSIUnlink("/vsimem/numbers.json");
  // A JSON array that is no JSON says where, also for a number no double holds (which throws another
  // exception than a syntax error).
  putFile("/vsimem/cut_events.json", R"([{"id": "x", "date": "3/3/2022", "description": "d"}, {"id": )");
  CHECK_FALSE(loadEvents("/vsimem/cut_events.json", d, &err));
  CHECK(err.find("cut_events.json: cannot open (not valid JSON: parse error at line 1") != std::string::npos);
  VSIUnlink("/vsimem/cut_events.json");
  putFile("/vsimem/overflow_events.json", R"([{"id": "x", "date": "3/3/2022", "description": "d", "latitude": 1e999}])");
  CHECK_FALSE(loadEvents("/vsimem/overflow_events.json", d, &err));
  CHECK(err.find("not valid JSON: number overflow") != std::string::npos);
  VSIUnlink("/vsimem/overflow_events.json");
}

TEST_CASE("timemap: progress counts the events and cancel stops the load", "[timemap]") {
  std::string text = "[";
  for (int i = 0; i < 3000; ++i)
    text += std::string(i ? "," : "") + R"({"id": "e)" + std::to_string(i) + R"(", "description": "d", "date": "1/1/2022"})";
  text += "]";
  putFile("/vsimem/many_events.json", text);
  LoadProgress p;
  Dataset d;
  std::string err;
  REQUIRE(loadEvents("/vsimem/many_events.json", LoadOptions{}, d, &err, &p));
  CHECK(d.events.size() == 3000);
  CHECK(p.total == 3000);
  CHECK(p.done == 3000);
  LoadProgress c;
  c.cancel = true;
  Dataset none;
  REQUIRE(loadEvents("/vsimem/many_events.json", LoadOptions{}, none, &err, &c));
  CHECK(none.events.size() == 0);
  CHECK(hasNote(none, "loading cancelled"));
  VSIUnlink("/vsimem/many_events.json");
}

TEST_CASE("timemap: a long description gives a shortened title and stays whole below it", "[timemap]") {
  const std::string longText =
      "Several residential buildings are damaged along the main avenue after what appears to be a strike by a large missile, "
      "with fires visible in the upper floors.\nA second video shows the same street from the other end.";
  putFile("/vsimem/long_events.json", std::string(R"([{"id": "L", "date": "3/1/2022", "description": )") + "\"" +
                                          [&] {
                                            std::string s;
                                            for (char c : longText) s += c == '\n' ? std::string("\\n") : std::string(1, c);
                                            return s;
                                          }() +
                                          "\"}]");
  const Dataset d = load("/vsimem/long_events.json");
  const Event e = byId(d, "L");
  CHECK(e.title == "Several residential buildings are damaged along the main avenue after what appears to be\u2026");
  CHECK(e.description == longText);
  VSIUnlink("/vsimem/long_events.json");
}
