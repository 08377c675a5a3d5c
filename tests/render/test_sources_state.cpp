// Each schema's fixture (tests/data/sources/) opened by the real program: --state-out's
// counts.loaded equals the fixture's valid rows, and the Problems name the bad ones.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace {
const std::string kData = std::string(CHRONOMAP_SOURCE_DIR) + "/tests/data/sources/";
const std::string kOut = CHRONOMAP_TEST_OUT;

struct Run {
  int rc = -1;
  nlohmann::json state;
  std::string stderrText;
};

Run open(const std::string& file, const std::string& extra = "") {
  const std::string base = kOut + "/source-" + file;
  const std::string cmd = "env -u DISPLAY -u WAYLAND_DISPLAY " + std::string(CHRONOMAP_EXE) + " " + kData + file + " " +
                          extra + " --render " + base + ".png --size 480x320 --state-out " + base + ".json 2>" + base +
                          ".err >/dev/null";
  Run r;
  const int rc = std::system(cmd.c_str());
  r.rc = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  std::ifstream f(base + ".json");
  std::stringstream ss;
  ss << f.rdbuf();
  r.state = nlohmann::json::parse(ss.str(), nullptr, false);
  std::ifstream e(base + ".err");
  std::stringstream es;
  es << e.rdbuf();
  r.stderrText = es.str();
  return r;
}

int loaded(const Run& r) { return r.state.is_object() ? r.state["counts"]["loaded"].get<int>() : -1; }
}  // namespace

TEST_CASE("ACLED fixture: three valid rows of four - the bad date is named", "[sources]") {
  const Run r = open("acled.csv");
  REQUIRE(r.rc == 0);
  CHECK(loaded(r) == 3);
  CHECK(r.stderrText.find("row 4") != std::string::npos);
  CHECK(r.stderrText.find("event_date") != std::string::npos);
}

TEST_CASE("UCDP GED fixture: all three rows", "[sources]") {
  const Run r = open("ucdp.csv");
  REQUIRE(r.rc == 0);
  CHECK(loaded(r) == 3);
}

TEST_CASE("TimelineJS sheet: the title row and the era are not events - Location places them", "[sources]") {
  const Run r = open("timelinejs.csv");
  REQUIRE(r.rc == 0);
  CHECK(loaded(r) == 4);
  // Moscow is outside the default view; Jermuk and Yerevan are in the places and on the map.
  CHECK(r.state["counts"]["on_map"].get<int>() >= 2);
  CHECK(r.stderrText.find("Nowhere-on-the-map") != std::string::npos);
}

TEST_CASE("TimelineJS JSON: three events, one without a year skipped", "[sources]") {
  const Run r = open("timelinejs.json");
  REQUIRE(r.rc == 0);
  CHECK(loaded(r) == 3);
}

TEST_CASE("KML fixture: TimeStamp and TimeSpan placemarks - one without time skipped", "[sources]") {
  const Run r = open("events.kml");
  REQUIRE(r.rc == 0);
  CHECK(loaded(r) == 3);
  CHECK(r.stderrText.find("No time") != std::string::npos);
}

TEST_CASE("Generic CSV: mixed date styles load, a missing date is skipped, a bad latitude stays on the timeline", "[sources]") {
  const Run r = open("generic.csv");
  REQUIRE(r.rc == 0);
  CHECK(loaded(r) == 4);
  CHECK(r.stderrText.find("row 5") != std::string::npos);  // the missing date
  CHECK(r.stderrText.find("row 6") != std::string::npos);  // the bad latitude
}

TEST_CASE("CSV with a WKT geometry column", "[sources]") {
  const Run r = open("wkt.csv");
  REQUIRE(r.rc == 0);
  CHECK(loaded(r) == 2);
  CHECK(r.state["counts"]["on_map"].get<int>() == 2);
}

TEST_CASE("An empty file and a file without dates load nothing and say why", "[sources]") {
  const Run e = open("empty.csv");
  CHECK((e.rc == 0 || e.rc == 3));
  CHECK(e.stderrText.find("empty.csv") != std::string::npos);
  const Run n = open("nodate.csv");
  REQUIRE(n.rc == 0);
  CHECK(loaded(n) == 0);
  CHECK(n.stderrText.find("--field start=COLUMN") != std::string::npos);
}
