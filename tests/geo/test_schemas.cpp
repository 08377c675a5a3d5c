// Events from the layouts users already have: ACLED, UCDP GED, TimelineJS (sheet and JSON), KML,
// GDELT, generic CSV/GeoPackage, with overrides (--schema, --field, --date-format). Fixtures are
// written here from the public column definitions, into GDAL's /vsimem/ (never into assets/).
// Each test checks that the events loaded are exactly the valid rows of its fixture.
#include <catch2/catch.hpp>

#include <algorithm>

#include <cpl_vsi.h>
#include <gdal_priv.h>
#include <gdal_utils.h>
#include <ogrsf_frmts.h>

#include "geo/io.hpp"

using namespace geo;

namespace {
void putFile(const std::string& path, const std::string& text) {
  VSILFILE* f = VSIFOpenL(path.c_str(), "wb");
  REQUIRE(f);
  VSIFWriteL(text.data(), 1, text.size(), f);
  VSIFCloseL(f);
}

std::string lines(std::initializer_list<const char*> ls, const char* eol = "\n") {
  std::string s;
  for (const char* l : ls) s += std::string(l) + eol;
  return s;
}

Event byId(const Dataset& d, const std::string& id) {
  const int i = d.findEvent(id);
  INFO("event " << id);
  REQUIRE(i >= 0);
  return d.events.get(size_t(i));
}

bool hasProblem(const Dataset& d, int64_t row, const std::string& field) {
  return std::any_of(d.problems.begin(), d.problems.end(),
                     [&](const Problem& p) { return p.row == row && p.field == field; });
}

bool hasNote(const Dataset& d, const std::string& part) {
  return std::any_of(d.notes.begin(), d.notes.end(), [&](const std::string& n) { return n.find(part) != std::string::npos; });
}

std::string allProblems(const Dataset& d) {
  std::string s;
  for (const auto& p : d.problems) s += p.text() + "\n";
  return s;
}

Dataset load(const std::string& path, const LoadOptions& o = {}) {
  Dataset d;
  std::string err;
  INFO(err);
  REQUIRE(loadEvents(path, o, d, &err));
  return d;
}
}  // namespace

// --- ACLED --------------------------------------------------------------------------------------------
TEST_CASE("ACLED: three date styles, an HDX hashtag row, CRLF, time and geo precision", "[schemas][acled]") {
  // Line 1 header, line 2 HXL hashtags; data rows are lines 3-8.
  putFile("/vsimem/acled.csv",
          lines({"event_id_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,actor2,iso,country,"
                 "admin1,location,latitude,longitude,geo_precision,source,notes,fatalities,timestamp",
                 "#event+code,#date+occurred,#date+year,#date+precision,#event+type,#event+type+sub,#group+name+first,"
                 "#group+name+second,#country+code,#country+name,#adm1+name,#loc+name,#geo+lat,#geo+lon,#geo+precision,"
                 "#meta+source,#description,#affected+killed,#date+updated",
                 "AZE1,2020-09-27,2020,1,Battles,Armed clash,Military Forces of Azerbaijan (2003-),Military Forces of "
                 "Armenia (2018-),31,Azerbaijan,Tartar,Tartar,40.3417,46.9306,1,Azerbaijan Ministry of Defence,\"Clashes, "
                 "heavy.\",12,1600000000",
                 "ARM2,\"03 December 2020\",2020,2,Explosions/Remote violence,Shelling/artillery/missile attack,Military "
                 "Forces of Azerbaijan (2003-),Civilians (Armenia),51,Armenia,Syunik,Goris,39.5111,46.3385,2,Armenpress,"
                 "Shelling near Goris.,,1600000001",
                 "AZE3,9-May-20,2020,3,Strategic developments,Agreement,Government of Azerbaijan,Government of Russia,31,"
                 "Azerbaijan,Baku,Baku,40.4093,49.8671,3,Trend,An agreement.,0,1600000002",
                 "AZE4,2020-02-30,2020,1,Battles,Armed clash,A,B,31,Azerbaijan,Tartar,Tartar,40.3,46.9,1,X,Bad date.,1,1",
                 "AZE5,2020-10-10,2020,1,Protests,Peaceful protest,Protesters (Azerbaijan),,31,Azerbaijan,Baku,Baku,abc,"
                 "49.8,1,Turan,A protest.,0,1600000003",
                 "AZE6,,2020,1,Riots,Mob violence,Rioters (Azerbaijan),,31,Azerbaijan,Baku,Baku,40.4,49.8,1,Turan,No date.,"
                 "0,1600000004"},
                "\r\n"));
  const Dataset d = load("/vsimem/acled.csv");
  INFO(allProblems(d));
  CHECK(d.schema == "acled");
  CHECK(d.events.size() == 4);  // AZE4 (30 February) and AZE6 (no date) are skipped
  CHECK(hasProblem(d, 6, "event_date"));
  CHECK(hasProblem(d, 8, "event_date"));
  CHECK(hasProblem(d, 7, "latitude"));  // unreadable latitude: kept on the timeline only
  CHECK(d.problems.size() == 3);
  CHECK(hasNote(d, "#hashtags"));

  const Event& a = byId(d, "AZE1");
  CHECK(a.title == "Armed clash in Tartar");
  CHECK(a.category == "war");
  CHECK(a.start.precision == Precision::Day);
  CHECK(a.start.t == makeTime(2020, 9, 27));
  CHECK(a.actors == std::vector<std::string>{"Military Forces of Azerbaijan (2003-)", "Military Forces of Armenia (2018-)"});
  CHECK(a.countries == std::vector<std::string>{"AZE"});
  CHECK(a.fatalitiesBest == 12);
  CHECK(a.fatalitiesBy == "ACLED");
  CHECK(a.description == "Clashes, heavy.");
  REQUIRE(a.sources.size() == 1);
  CHECK(a.sources[0].publisher == "Azerbaijan Ministry of Defence");
  CHECK(a.place == "Tartar");
  REQUIRE(a.hasLocation);
  CHECK(a.lon == Approx(46.9306));  // lon stays lon
  CHECK(a.lat == Approx(40.3417));
  CHECK(a.geoPrecision == 1);

  // time_precision 2: somewhere in the ISO week of Thursday 3 December 2020.
  const Event& b = byId(d, "ARM2");
  CHECK(b.category == "strikes");
  CHECK(b.start.precision == Precision::Week);
  CHECK(b.start.earliest == makeTime(2020, 11, 30));
  CHECK(b.start.latest == makeTime(2020, 12, 7) - 1);
  CHECK(b.fatalitiesBest == -1);  // empty cell: unknown, not zero
  CHECK(b.fatalitiesBy.empty());
  CHECK(b.countries == std::vector<std::string>{"ARM"});
  CHECK(b.geoPrecision == 2);

  // time_precision 3: somewhere in May 2020 ("9-May-20" as a spreadsheet re-saves it).
  const Event& c = byId(d, "AZE3");
  CHECK(c.category == "diplomacy");
  CHECK(c.start.precision == Precision::Month);
  CHECK(c.start.earliest == makeTime(2020, 5, 1));
  CHECK(c.start.latest == makeTime(2020, 6, 1) - 1);
  CHECK(c.fatalitiesBest == 0);

  const Event& e = byId(d, "AZE5");
  CHECK(e.category == "unrest");
  CHECK_FALSE(e.hasLocation);
  VSIUnlink("/vsimem/acled.csv");
}

TEST_CASE("ACLED with day-first two-digit years: the assumption is stated", "[schemas][acled]") {
  putFile("/vsimem/acled-dmy.csv", lines({"event_id_cnty,event_date,time_precision,event_type,sub_event_type,location,latitude,longitude,fatalities",
                                          "A1,26/10/25,1,Battles,Armed clash,Tartar,40.3,46.9,1",
                                          "A2,01/11/25,1,Battles,Armed clash,Tartar,40.3,46.9,2",
                                          "A3,13/13/25,1,Battles,Armed clash,Tartar,40.3,46.9,3"}));
  const Dataset d = load("/vsimem/acled-dmy.csv");
  INFO(allProblems(d));
  CHECK(d.events.size() == 2);
  CHECK(hasProblem(d, 4, "event_date"));
  CHECK(byId(d, "A1").start.t == makeTime(2025, 10, 26));
  CHECK(byId(d, "A2").start.t == makeTime(2025, 11, 1));
  CHECK(hasNote(d, "event_date: day-first (DD/MM/YY) assumed from values like 26/10/25"));
  CHECK(hasNote(d, "two-digit years"));
  VSIUnlink("/vsimem/acled-dmy.csv");
}

// --- UCDP GED -----------------------------------------------------------------------------------------
TEST_CASE("UCDP GED: date_prec, best/low/high, dates written with a time", "[schemas][ucdp]") {
  putFile("/vsimem/ged.csv",
          lines({"id,relid,year,type_of_violence,conflict_name,dyad_name,side_a,side_b,source_article,where_prec,"
                 "where_coordinates,adm_1,latitude,longitude,geom_wkt,country,date_prec,date_start,date_end,"
                 "deaths_civilians,best,high,low",
                 "1001,AZE-2020-1,2020,1,Azerbaijan: Nagorno-Karabakh,Government of Azerbaijan - Government of Armenia,"
                 "Government of Azerbaijan,Government of Armenia,\"Reuters,2020-09-27,Fighting erupts\",1,Stepanakert town,"
                 "Nagorno-Karabakh,39.8153,46.7519,POINT (46.7519 39.8153),Azerbaijan,1,2020-09-27 00:00:00.000,"
                 "2020-09-27 00:00:00.000,2,10,15,8",
                 "1002,AZE-2020-2,2020,3,Government of Azerbaijan - civilians,Government of Azerbaijan - civilians,"
                 "Government of Azerbaijan,civilians,BBC,4,Martuni,Nagorno-Karabakh,39.79,47.11,POINT (47.11 39.79),"
                 "Azerbaijan,4,2020-10-01 00:00:00.000,2020-10-31 00:00:00.000,3,3,3,3",
                 "1003,AZE-2020-3,2020,2,A - B,A - B,A,B,AFP,2,Hadrut,Nagorno-Karabakh,39.52,47.03,POINT (47.03 39.52),"
                 "Azerbaijan,3,2020-10-14 00:00:00.000,2020-10-14 00:00:00.000,0,5,6,4",
                 "1004,AZE-2020-4,2020,1,Azerbaijan: Nagorno-Karabakh,,Government of Azerbaijan,Government of Armenia,"
                 "AFP,6,Azerbaijan,,40.1,47.5,POINT (47.5 40.1),Azerbaijan,5,2020-06-15 00:00:00.000,2020-06-15 00:00:00.000,"
                 "0,1,1,1",
                 "1005,AZE-2020-5,2020,1,Bad,Bad,A,B,AFP,1,X,Y,40,47,POINT (47 40),Azerbaijan,1,2020-13-01 00:00:00.000,"
                 "2020-13-01 00:00:00.000,0,1,1,1"}));
  const Dataset d = load("/vsimem/ged.csv");
  INFO(allProblems(d));
  CHECK(d.schema == "ucdp-ged");
  CHECK(d.events.size() == 4);
  CHECK(hasProblem(d, 6, "date_start"));
  CHECK(d.problems.size() == 1);

  const Event& a = byId(d, "1001");
  CHECK(a.title == "Azerbaijan: Nagorno-Karabakh");
  CHECK(a.category == "war");
  CHECK(a.start.precision == Precision::Day);
  CHECK(a.start.t == makeTime(2020, 9, 27));
  CHECK_FALSE(a.hasEnd);  // same day: not a span
  CHECK(a.fatalitiesLow == 8);
  CHECK(a.fatalitiesBest == 10);
  CHECK(a.fatalitiesHigh == 15);
  CHECK(a.fatalitiesBy == "UCDP GED");
  CHECK(a.actors == std::vector<std::string>{"Government of Azerbaijan", "Government of Armenia"});
  CHECK(a.countries == std::vector<std::string>{"AZE"});
  CHECK(a.place == "Stepanakert town");
  CHECK(a.geoPrecision == 1);
  REQUIRE(a.hasLocation);
  CHECK(a.lon == Approx(46.7519));
  CHECK(a.lat == Approx(39.8153));

  const Event& b = byId(d, "1002");
  CHECK(b.category == "civilian_harm");
  REQUIRE(b.hasEnd);  // different days: a span through the end of 31 October
  CHECK(b.last() == makeTime(2020, 11, 1) - 1);
  const Event& c = byId(d, "1003");
  CHECK(c.start.precision == Precision::Week);
  CHECK(c.start.earliest == makeTime(2020, 10, 12));
  const Event& e = byId(d, "1004");
  CHECK(e.start.precision == Precision::Year);
  CHECK(e.start.latest == makeTime(2021, 1, 1) - 1);
  CHECK(e.geoPrecision == 6);
  VSIUnlink("/vsimem/ged.csv");
}

// --- TimelineJS ----------------------------------------------------------------------------------------
TEST_CASE("TimelineJS sheet: title row, era row, partial dates, negative years, places", "[schemas][timelinejs]") {
  putFile("/vsimem/tljs.csv",
          lines({"Year,Month,Day,Time,End Year,End Month,End Day,End Time,Display Date,Headline,Text,Media,Media Credit,"
                 "Media Caption,Media Thumbnail,Type,Group,Background,Location,Latitude,Longitude",
                 ",,,,,,,,,Karabakh timeline,<p>An introduction.</p>,,,,,title,,,,,",
                 "1988,2,20,,,,,,,Council vote,<p>The <b>regional</b> council votes &amp; asks.</p>,,,,,,Politics,,"
                 "Stepanakert,39.8153,46.7519",
                 "1991,9,,,,,,,,Independence,Text.,,,,,,Politics,,Yerevan,,",
                 "1994,,,,,,,,,Ceasefire,,,,,,,Diplomacy,,,,",
                 "-500,,,,,,,,,Ancient times,,,,,,,History,,,,",
                 "1988,,,,1994,5,12,,,The first war,,,,,,era,,,,,",
                 "abc,,,,,,,,,Bad year,,,,,,,,,,,",
                 "2020,9,27,05:30,2020,11,10,,27 Sep - 10 Nov 2020,Second war,,,,,,,War,,,,"}));
  const Dataset d = load("/vsimem/tljs.csv");
  INFO(allProblems(d));
  CHECK(d.schema == "timelinejs");
  CHECK(d.events.size() == 5);  // the title row is not an event, the era is kept apart, "abc" is skipped
  REQUIRE(d.eras.size() == 1);
  CHECK(d.problems.size() == 1);
  CHECK(hasProblem(d, 8, "Year"));

  const std::vector<Event> all = d.events.toVector();
  auto find = [&](const std::string& title) -> const Event& {
    auto it = std::find_if(all.begin(), all.end(), [&](const Event& e) { return e.title == title; });
    INFO(title);
    REQUIRE(it != all.end());
    return *it;
  };
  const Event& vote = find("Council vote");
  CHECK(vote.description == "The regional council votes & asks.");
  CHECK(vote.category == "Politics");
  CHECK(vote.start.precision == Precision::Day);
  CHECK(vote.hasLocation);
  CHECK(vote.lon == Approx(46.7519));
  const Event& indep = find("Independence");
  CHECK(indep.start.precision == Precision::Month);
  CHECK(indep.place == "Yerevan");  // looked up in the basemap's places by the app
  CHECK_FALSE(indep.hasLocation);
  CHECK(find("Ceasefire").start.precision == Precision::Year);
  const Event& ancient = find("Ancient times");
  CHECK(ancient.start.t == makeTime(-500, 1, 1));
  CHECK(ancient.start.precision == Precision::Year);
  CHECK(d.events.title(0) == "Ancient times");  // sorted by time
  const Event& war = find("Second war");
  CHECK(war.start.t == makeTime(2020, 9, 27, 5, 30));
  CHECK(war.start.precision == Precision::Minute);
  REQUIRE(war.hasEnd);
  CHECK(war.last() == makeTime(2020, 11, 11) - 1);
  CHECK(war.displayDate == "27 Sep - 10 Nov 2020");
  const Event& era = d.eras[0];
  CHECK(era.era);
  CHECK(era.title == "The first war");
  CHECK(era.first() == makeTime(1988, 1, 1));
  CHECK(era.last() == makeTime(1994, 5, 13) - 1);
  VSIUnlink("/vsimem/tljs.csv");
}

TEST_CASE("TimelineJS JSON: a numeric year past what an integer holds is refused as out of range, the rest loads", "[schemas][timelinejs]") {
  // Found by fuzzing: the year 2.02e30 was cast to int64 (undefined behaviour) before the range check.
  putFile("/vsimem/huge-year.json", R"({
    "events": [{"start_date": {"year": 2022333333333333333333333333333, "month": 2}, "text": {"headline": "Huge"}},
               {"start_date": {"year": -1e25}, "text": {"headline": "Huge before"}},
               {"start_date": {"year": 2022, "month": 1, "day": 6}, "text": {"headline": "Kept"}}]
  })");
  const Dataset d = load("/vsimem/huge-year.json");
  INFO(allProblems(d));
  REQUIRE(d.events.size() == 1);
  CHECK(d.events.get(0).title == "Kept");
  CHECK(d.problems.size() == 2);
  CHECK(allProblems(d).find("out of range") != std::string::npos);
}

TEST_CASE("TimelineJS JSON: string and numeric parts, year -500, eras", "[schemas][timelinejs]") {
  putFile("/vsimem/timeline.json", R"({
    "title": {"text": {"headline": "A <i>JSON</i> timeline", "text": "intro"}},
    "events": [
      {"start_date": {"year": -500}, "text": {"headline": "Ancient"}},
      {"start_date": {"year": "1815", "month": "11", "day": "30", "display_date": "Late 1815"},
       "end_date": {"year": 1816}, "text": {"headline": "<b>Span</b>", "text": "<p>Some text.</p>"},
       "group": "Politics", "unique_id": "u1"},
      {"start_date": {"year": "2020", "month": 9, "day": "27", "hour": "5", "minute": "30"}, "text": {"headline": "Timed"}},
      {"start_date": {"month": "3"}, "text": {"headline": "No year"}},
      {"start_date": {"year": "1991", "month": "13"}, "text": {"headline": "Bad month"}}
    ],
    "eras": [{"start_date": {"year": 1988}, "end_date": {"year": 1994}, "text": {"headline": "An era"}}]
  })");
  const Dataset d = load("/vsimem/timeline.json");
  INFO(allProblems(d));
  CHECK(d.schema == "timelinejs");
  CHECK(d.name == "A JSON timeline");
  CHECK(d.events.size() == 3);
  CHECK(d.eras.size() == 1);
  CHECK(d.problems.size() == 2);
  CHECK(hasProblem(d, 4, "events[3].start_date"));
  CHECK(hasProblem(d, 5, "events[4].start_date"));
  CHECK(d.events.get(0).title == "Ancient");
  CHECK(d.events.get(0).start.t == makeTime(-500, 1, 1));
  const Event& span = byId(d, "u1");
  CHECK(span.title == "Span");
  CHECK(span.description == "Some text.");
  CHECK(span.category == "Politics");
  CHECK(span.displayDate == "Late 1815");
  REQUIRE(span.hasEnd);
  CHECK(span.last() == makeTime(1817, 1, 1) - 1);
  CHECK(d.events.get(2).start.t == makeTime(2020, 9, 27, 5, 30));
  VSIUnlink("/vsimem/timeline.json");
}

// --- KML ------------------------------------------------------------------------------------------------
namespace {
const char* kKml = R"(<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>Doc</name>
<Folder><name>F1</name>
<Placemark><name>A</name><TimeStamp><when>2009-02</when></TimeStamp><Point><coordinates>45,40</coordinates></Point></Placemark>
<Placemark><name>B</name><TimeStamp><when>2009</when></TimeStamp><Point><coordinates>45.5,40</coordinates></Point></Placemark>
<Placemark><name>C</name><TimeSpan><begin>2010-01-05</begin><end>2010-02</end></TimeSpan><Point><coordinates>46,40</coordinates></Point></Placemark>
<Placemark><name>D</name><TimeStamp><when>2010-01-05T10:00:00+04:00</when></TimeStamp><Point><coordinates>46,41</coordinates></Point></Placemark>
<Placemark><name>F</name><Point><coordinates>46,41</coordinates></Point></Placemark>
</Folder>
<Folder><name>F2</name><TimeSpan><begin>2011</begin></TimeSpan>
<Placemark><name>E</name><description><![CDATA[<p>In a <b>folder</b></p>]]></description><Point><coordinates>46,41</coordinates></Point></Placemark>
</Folder>
</Document></kml>
)";

void checkKml(const Dataset& d) {
  INFO(allProblems(d));
  CHECK(d.schema == "kml");
  CHECK(d.events.size() == 5);  // F has no time
  CHECK(d.problems.size() == 1);
  REQUIRE(!d.problems.empty());
  CHECK(d.problems[0].row == 5);
  CHECK(d.problems[0].field == "TimeStamp");
  const std::vector<Event> all = d.events.toVector();
  auto find = [&](const std::string& title) -> const Event& {
    auto it = std::find_if(all.begin(), all.end(), [&](const Event& e) { return e.title == title; });
    INFO(title);
    REQUIRE(it != all.end());
    return *it;
  };
  const Event& a = find("A");
  CHECK(a.start.precision == Precision::Month);  // gYearMonth kept, not widened to 1 Feb
  CHECK(a.start.latest == makeTime(2009, 3, 1) - 1);
  CHECK(a.lon == Approx(45));
  CHECK(a.lat == Approx(40));
  const Event& b = find("B");
  CHECK(b.start.precision == Precision::Year);  // gYear kept (GDAL drops it)
  const Event& c = find("C");
  REQUIRE(c.hasEnd);
  CHECK(c.start.t == makeTime(2010, 1, 5));
  CHECK(c.last() == makeTime(2010, 3, 1) - 1);
  const Event& dd = find("D");
  CHECK(dd.start.t == makeTime(2010, 1, 5, 6, 0));
  CHECK(dd.start.tzOffsetMin == 240);
  const Event& e = find("E");  // the Folder's open-ended TimeSpan, inherited
  CHECK(e.start.precision == Precision::Year);
  CHECK(e.start.t == makeTime(2011, 1, 1));
  CHECK_FALSE(e.hasEnd);
  CHECK(e.description == "In a folder");
}
}  // namespace

TEST_CASE("KML: TimeStamp and TimeSpan with gYear and gYearMonth precision kept - folders are layers", "[schemas][kml]") {
  putFile("/vsimem/events.kml", kKml);
  const Dataset d = load("/vsimem/events.kml");
  checkKml(d);
  VSIUnlink("/vsimem/events.kml");
}

TEST_CASE("KMZ: the same, zipped", "[schemas][kml]") {
  putFile("/vsizip//vsimem/events.kmz/doc.kml", kKml);
  const Dataset d = load("/vsimem/events.kmz");
  checkKml(d);
  VSIUnlink("/vsimem/events.kmz");
}

// --- GDELT ----------------------------------------------------------------------------------------------
TEST_CASE("GDELT 1.0: no header row, positions, SQLDATE", "[schemas][gdelt]") {
  auto row = [](const char* id, const char* date, const char* lat, const char* lon) {
    std::vector<std::string> c(58, "");
    c[0] = id;
    c[1] = date;
    c[6] = "RUSSIA";
    c[16] = "UKRAINE";
    c[26] = "190";
    c[28] = "19";
    c[50] = "Donetsk, Donets'k, Ukraine";
    c[53] = lat;
    c[54] = lon;
    c[57] = "https://example.org/news";
    std::string s;
    for (size_t i = 0; i < c.size(); ++i) s += (i ? "\t" : "") + c[i];
    return s + "\n";
  };
  putFile("/vsimem/20180312.export.csv",
          row("737000001", "20180312", "48.0", "37.8") + row("737000002", "20181341", "48.0", "37.8") +
              row("737000003", "20180313", "", ""));
  const Dataset d = load("/vsimem/20180312.export.csv");
  INFO(allProblems(d));
  CHECK(d.schema == "gdelt");
  CHECK(d.events.size() == 2);
  CHECK(hasProblem(d, 2, "field_2"));  // headerless: the first line is row 1
  const Event& a = byId(d, "737000001");
  CHECK(a.start.t == makeTime(2018, 3, 12));
  CHECK(a.category == "war");
  CHECK(a.actors == std::vector<std::string>{"RUSSIA", "UKRAINE"});
  REQUIRE(a.hasLocation);
  CHECK(a.lon == Approx(37.8));
  REQUIRE(a.sources.size() == 1);
  CHECK(a.sources[0].url == "https://example.org/news");
  CHECK_FALSE(byId(d, "737000003").hasLocation);
  VSIUnlink("/vsimem/20180312.export.csv");
}

// --- generic ----------------------------------------------------------------------------------------------
TEST_CASE("Generic CSV with lat/lon columns and with WKT", "[schemas][generic]") {
  putFile("/vsimem/generic.csv", lines({"id,date,name,lat,lon,category",
                                        "g1,1994,Ceasefire,40.18,44.51,diplomacy",
                                        "g2,2020-09,Month,39.8,46.7,war",
                                        "g3,2020-09-27T05:00+04:00,Timed,39.8,46.7,war",
                                        "g4,,Missing,39.8,46.7,war"}));
  Dataset d = load("/vsimem/generic.csv");
  INFO(allProblems(d));
  CHECK(d.schema == "generic");
  CHECK(d.events.size() == 3);
  CHECK(hasProblem(d, 5, "date"));
  CHECK(byId(d, "g1").start.precision == Precision::Year);
  CHECK(byId(d, "g2").start.precision == Precision::Month);
  CHECK(byId(d, "g3").start.t == makeTime(2020, 9, 27, 1, 0));
  CHECK(byId(d, "g1").lon == Approx(44.51));
  CHECK(byId(d, "g1").title == "Ceasefire");
  VSIUnlink("/vsimem/generic.csv");

  putFile("/vsimem/wkt.csv", lines({"id,start,title,WKT",
                                    "w1,2020-09-27,Point,\"POINT (46.75 39.81)\"",
                                    "w2,2020-09-28,Area,\"POLYGON ((46 39,47 39,47 40,46 40,46 39))\"",
                                    "w3,2020-09-29,Nowhere,"}));
  d = load("/vsimem/wkt.csv");
  INFO(allProblems(d));
  CHECK(d.events.size() == 3);
  CHECK(d.problems.empty());
  CHECK(byId(d, "w1").lon == Approx(46.75));
  CHECK(byId(d, "w2").lon == Approx(46.5));  // an area's symbol sits at its centroid
  CHECK(byId(d, "w2").lat == Approx(39.5));
  CHECK_FALSE(byId(d, "w3").hasLocation);
  VSIUnlink("/vsimem/wkt.csv");
}

namespace {
// A GeoPackage with one point layer in the given CRS, written with GDAL's own API.
void makeGpkg(const std::string& path, int epsg, double x, double y) {
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GPKG");
  REQUIRE(drv);
  GDALDatasetUniquePtr ds(drv->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  REQUIRE(ds);
  OGRSpatialReference srs;
  srs.importFromEPSG(epsg);
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);  // x = easting / longitude
  OGRLayer* layer = ds->CreateLayer("events", &srs, wkbPoint, nullptr);
  REQUIRE(layer);
  OGRFieldDefn id("id", OFTString), start("start", OFTString), title("title", OFTString);
  layer->CreateField(&id);
  layer->CreateField(&start);
  layer->CreateField(&title);
  OGRFeature f(layer->GetLayerDefn());
  f.SetField("id", "p1");
  f.SetField("start", "2020-09-27");
  f.SetField("title", "Stepanakert");
  OGRPoint pt(x, y);
  f.SetGeometry(&pt);
  REQUIRE(layer->CreateFeature(&f) == OGRERR_NONE);
}
}  // namespace

TEST_CASE("EPSG:4326 sources keep lon as lon (traditional GIS axis order)", "[schemas][crs]") {
  initGdal();
  makeGpkg("/vsimem/wgs84.gpkg", 4326, 46.75194, 39.81528);
  const Dataset d = load("/vsimem/wgs84.gpkg");
  INFO(allProblems(d));
  REQUIRE(d.events.size() == 1);
  CHECK(d.events.get(0).lon == Approx(46.75194));
  CHECK(d.events.get(0).lat == Approx(39.81528));
  VSIUnlink("/vsimem/wgs84.gpkg");

  // GeoJSON naming EPSG:4326 by its URN (lat/lon authority order) still means lon, lat in coordinates.
  putFile("/vsimem/urn.geojson", R"({"type":"FeatureCollection",
    "crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4326"}},
    "features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[46.75194,39.81528]},
                 "properties":{"id":"u","start":"2020-09-27"}}]})");
  const Dataset u = load("/vsimem/urn.geojson");
  REQUIRE(u.events.size() == 1);
  CHECK(u.events.get(0).lon == Approx(46.75194));
  VSIUnlink("/vsimem/urn.geojson");
}

TEST_CASE("A projected-CRS source ends up in WGS84 lon/lat", "[schemas][crs]") {
  initGdal();
  // Stepanakert (46.75194 E, 39.81528 N) in Web Mercator metres.
  const double x = 5204402.15, y = 4839135.47;
  makeGpkg("/vsimem/mercator.gpkg", 3857, x, y);
  const Dataset d = load("/vsimem/mercator.gpkg");
  INFO(allProblems(d));
  REQUIRE(d.events.size() == 1);
  CHECK(d.events.get(0).lon == Approx(46.75194).margin(1e-4));
  CHECK(d.events.get(0).lat == Approx(39.81528).margin(1e-4));
  VSIUnlink("/vsimem/mercator.gpkg");

  // The same as CSV with WKT and a .prj beside it.
  OGRSpatialReference srs;
  srs.importFromEPSG(3857);
  char* wkt = nullptr;
  srs.exportToWkt(&wkt);
  putFile("/vsimem/mercator.prj", wkt);
  CPLFree(wkt);
  putFile("/vsimem/mercator.csv", lines({"id,start,WKT", "m1,2020-09-27,\"POINT (5204402.15 4839135.47)\""}));
  const Dataset c = load("/vsimem/mercator.csv");
  REQUIRE(c.events.size() == 1);
  CHECK(c.events.get(0).lon == Approx(46.75194).margin(1e-4));
  CHECK(c.events.get(0).lat == Approx(39.81528).margin(1e-4));
  VSIUnlink("/vsimem/mercator.csv");
  VSIUnlink("/vsimem/mercator.prj");
}

TEST_CASE("An empty file opens with 0 events and says so", "[schemas][empty]") {
  putFile("/vsimem/empty.csv", "");
  Dataset d = load("/vsimem/empty.csv");
  CHECK(d.events.empty());
  REQUIRE(d.problems.size() == 1);
  CHECK(d.problems[0].message.find("empty") != std::string::npos);
  VSIUnlink("/vsimem/empty.csv");

  putFile("/vsimem/header-only.csv", "id,start,title\n");
  d = load("/vsimem/header-only.csv");
  CHECK(d.events.empty());
  CHECK(d.problems.empty());
  CHECK(hasNote(d, "no rows"));
  VSIUnlink("/vsimem/header-only.csv");
}

TEST_CASE("A file with no date column names its columns and how to map one", "[schemas][generic]") {
  putFile("/vsimem/nodate.csv", lines({"id,name,when_seen,lat,lon", "1,a,yesterday,40,45"}));
  const Dataset d = load("/vsimem/nodate.csv");
  CHECK(d.events.empty());
  REQUIRE(d.problems.size() == 1);
  const std::string& m = d.problems[0].message;
  CHECK(m.find("id, name, when_seen, lat, lon") != std::string::npos);
  CHECK(m.find("--field start=COLUMN") != std::string::npos);
  VSIUnlink("/vsimem/nodate.csv");
}

// --- overrides ----------------------------------------------------------------------------------------------
TEST_CASE("The --field option maps columns the detection does not know", "[schemas][overrides]") {
  putFile("/vsimem/custom.csv", lines({"ref,when_seen,what,where_x,where_y,kind",
                                       "c1,2020-09-27,Shelling,46.75,39.81,strikes",
                                       "c2,2020-09-28,Talks,44.5,40.2,diplomacy"}));
  LoadOptions o;
  o.fields = {{"start", "when_seen"}, {"title", "what"}, {"id", "ref"}, {"lon", "where_x"}, {"lat", "where_y"},
              {"category", "kind"}};
  const Dataset d = load("/vsimem/custom.csv", o);
  INFO(allProblems(d));
  CHECK(d.events.size() == 2);
  CHECK(d.problems.empty());
  const Event& c = byId(d, "c1");
  CHECK(c.title == "Shelling");
  CHECK(c.category == "strikes");
  REQUIRE(c.hasLocation);
  CHECK(c.lon == Approx(46.75));
  CHECK(c.lat == Approx(39.81));

  LoadOptions bad;
  bad.fields = {{"start", "no_such_column"}};
  const Dataset b = load("/vsimem/custom.csv", bad);
  CHECK(b.events.empty());
  CHECK(hasProblem(b, 0, "start"));
  CHECK(b.problems[0].message.find("no_such_column") != std::string::npos);
  VSIUnlink("/vsimem/custom.csv");
}

TEST_CASE("The --schema option forces a layout the columns do not reveal", "[schemas][overrides]") {
  // A trimmed ACLED export without event_id_cnty, sub_event_type or actor1.
  putFile("/vsimem/trimmed.csv", lines({"event_date,event_type,location,latitude,longitude,fatalities",
                                        "2020-09-27,Battles,Tartar,40.34,46.93,4"}));
  Dataset d = load("/vsimem/trimmed.csv");
  CHECK(d.schema == "generic");
  REQUIRE(d.events.size() == 1);
  CHECK(d.events.get(0).category.empty());
  LoadOptions o;
  o.schema = "acled";
  d = load("/vsimem/trimmed.csv", o);
  CHECK(d.schema == "acled");
  REQUIRE(d.events.size() == 1);
  CHECK(d.events.get(0).category == "war");
  CHECK(d.events.get(0).title == "Battles in Tartar");
  CHECK(d.events.get(0).fatalitiesBest == 4);
  VSIUnlink("/vsimem/trimmed.csv");
}

TEST_CASE("The --date-format option decides ambiguous dates - the ambiguity is reported", "[schemas][overrides]") {
  putFile("/vsimem/us.csv", lines({"id,date,title", "u1,3/4/2022,One", "u2,5/6/2022,Two"}));
  Dataset d = load("/vsimem/us.csv");
  CHECK(d.events.size() == 2);
  CHECK(byId(d, "u1").start.t == makeTime(2022, 4, 3));  // day-first assumed
  CHECK(hasProblem(d, 0, "date"));
  CHECK(hasNote(d, "date: no value tells day-first from month-first"));

  LoadOptions o;
  o.dateFormat = "mdy";
  d = load("/vsimem/us.csv", o);
  CHECK(d.events.size() == 2);
  CHECK(byId(d, "u1").start.t == makeTime(2022, 3, 4));
  CHECK(d.problems.empty());

  o.dateFormat = "%m/%d/%Y";
  d = load("/vsimem/us.csv", o);
  CHECK(d.events.size() == 2);
  CHECK(byId(d, "u2").start.t == makeTime(2022, 5, 6));
  VSIUnlink("/vsimem/us.csv");
}

TEST_CASE("Progress counts rows and cancel stops the load", "[schemas][progress]") {
  putFile("/vsimem/progress.csv", lines({"id,start", "a,2020-01-01", "b,2020-01-02", "c,2020-01-03"}));
  LoadProgress p;
  Dataset d;
  std::string err;
  REQUIRE(loadEvents("/vsimem/progress.csv", LoadOptions{}, d, &err, &p));
  CHECK(d.events.size() == 3);
  CHECK(p.total.load() > 0);
  CHECK(p.done.load() == p.total.load());

  LoadProgress cancelled;
  cancelled.cancel = true;
  Dataset c;
  REQUIRE(loadEvents("/vsimem/progress.csv", LoadOptions{}, c, &err, &cancelled));
  CHECK(c.events.empty());
  CHECK(hasNote(c, "cancelled"));
  VSIUnlink("/vsimem/progress.csv");
}

TEST_CASE("Chronomap's own bundled events load exactly as before", "[schemas][bundled]") {
  const Dataset d = load(std::string(CHRONOMAP_SOURCE_DIR) + "/assets/events/karabakh-csto.geojson");
  INFO(allProblems(d));
  CHECK(d.schema == "generic");
  CHECK(d.events.size() == 138);
  CHECK(d.problems.empty());
}

// --- the CSV fast path ------------------------------------------------------------------------------------
TEST_CASE("A CSV read by our own reader gives the same events as a GeoPackage copy GDAL made of it", "[schemas][csv]") {
  initGdal();
  std::string text = "event_id_cnty,event_date,time_precision,event_type,sub_event_type,actor1,actor2,iso,country,"
                     "location,latitude,longitude,geo_precision,source,notes,fatalities\n";
  const char* types[][2] = {{"Battles", "Armed clash"}, {"Protests", "Peaceful protest"}, {"Strategic developments", "Agreement"}};
  for (int i = 0; i < 60; ++i) {
    const auto& t = types[i % 3];
    text += "E" + std::to_string(i) + "," + (i % 4 == 0 ? std::to_string(1 + i % 28) + " March 2021" : "2021-03-" + std::to_string(10 + i % 18)) +
            "," + std::to_string(1 + i % 3) + "," + t[0] + "," + t[1] + ",Actor " + std::to_string(i % 5) + ",," +
            (i % 2 ? "51,Armenia" : "31,Azerbaijan") + ",Town " + std::to_string(i) + "," + std::to_string(40 + i * 0.01) +
            "," + std::to_string(45 + i * 0.02) + ",1,Source,\"Notes, with a comma and \"\"quotes\"\".\"," +
            (i % 7 ? std::to_string(i % 4) : "") + "\n";
  }
  putFile("/vsimem/copy.csv", text);
  const Dataset fromCsv = load("/vsimem/copy.csv");
  {
    GDALDatasetUniquePtr src(GDALDataset::Open("/vsimem/copy.csv", GDAL_OF_VECTOR));
    REQUIRE(src);
    GDALDatasetH srcH = GDALDataset::ToHandle(src.get());
    int usageError = 0;
    GDALDatasetH dst = GDALVectorTranslate("/vsimem/copy.gpkg", nullptr, 1, &srcH, nullptr, &usageError);
    REQUIRE(dst);
    GDALClose(dst);
  }
  const Dataset fromGpkg = load("/vsimem/copy.gpkg");
  INFO(allProblems(fromCsv));
  REQUIRE(fromCsv.events.size() == 60);
  REQUIRE(fromGpkg.events.size() == fromCsv.events.size());
  CHECK(fromCsv.schema == fromGpkg.schema);
  for (size_t i = 0; i < fromCsv.events.size(); ++i) {
    const Event &a = fromCsv.events.get(i), &b = fromGpkg.events.get(i);
    INFO(a.id);
    CHECK(a.id == b.id);
    CHECK(a.title == b.title);
    CHECK(a.description == b.description);
    CHECK(a.category == b.category);
    CHECK(a.actors == b.actors);
    CHECK(a.countries == b.countries);
    CHECK(a.start.earliest == b.start.earliest);
    CHECK(a.start.latest == b.start.latest);
    CHECK(a.start.precision == b.start.precision);
    CHECK(a.fatalitiesBest == b.fatalitiesBest);
    CHECK(a.hasLocation == b.hasLocation);
    CHECK(a.lon == Approx(b.lon));
    CHECK(a.lat == Approx(b.lat));
  }
  VSIUnlink("/vsimem/copy.csv");
  VSIUnlink("/vsimem/copy.gpkg");
}
