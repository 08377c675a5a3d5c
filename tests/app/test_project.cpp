// Projects: round trips, clear messages for corrupted or truncated files (left untouched), the
// previous version kept as .bak (saves killed half-way: test_save_kill.cpp).
#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <fstream>
#include <random>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "app/app_state.hpp"
#include "app/project.hpp"

using namespace app;

namespace {
const std::string kOut = CHRONOMAP_TEST_OUT;

std::string readAll(const std::string& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}
void writeAll(const std::string& p, const std::string& t) {
  std::ofstream f(p, std::ios::binary | std::ios::trunc);
  f << t;
}

Project sample() {
  Project p;
  p.sources.push_back({"events/a.csv", "acled", "dmy", {{"title", "headline"}}});
  p.maps = {"rivers.gpkg"};
  p.crs = "+proj=laea +lat_0=40.2 +lon_0=45.5 +datum=WGS84 +units=m +no_defs";
  p.hasBbox = true;
  p.bbox = {43.2, 38.4, 47.9, 41.6};
  p.hasCamera = true;
  p.cx = 1234.5;
  p.cy = -987.25;
  p.upp = 812.125;
  p.hasTime = true;
  p.time = geo::makeTime(2022, 9, 13);
  p.mode = "window";
  p.windowS = 14 * 86400;
  p.hasTimeline = true;
  p.tlStart = geo::makeTime(1988, 1, 1);
  p.tlEnd = geo::makeTime(2025, 12, 31);
  p.hasFilters = true;
  p.filters.categories = {"war", "strikes"};
  p.filters.minFatalities = 10;
  p.layers = {{"provinces", false}, {"relief", true}};
  p.storyPath = "stories/mine.json";
  p.storyStep = 4;
  p.selected = "jermuk-attack-2022";
  p.theme = "dark";
  p.uiScale = 1.25;
  return p;
}
}  // namespace

TEST_CASE("A project round-trips through its JSON", "[project]") {
  const Project a = sample();
  const std::string j = projectToJson(a);
  Project b;
  std::string err;
  REQUIRE(parseProject(j, "p.chronomap", b, &err));
  CHECK(projectToJson(b) == j);
  REQUIRE(b.sources.size() == 1);
  CHECK(b.sources[0].schema == "acled");
  CHECK(b.sources[0].fields == a.sources[0].fields);
  CHECK(b.cx == a.cx);
  CHECK(b.upp == a.upp);
  CHECK(b.time == a.time);
  CHECK(b.mode == "window");
  CHECK(b.windowS == a.windowS);
  CHECK(b.filters.categories == a.filters.categories);
  CHECK(b.layers == a.layers);
  CHECK(b.storyStep == 4);
  CHECK(b.selected == a.selected);
  // An inline story and unknown members survive too.
  Project c = a;
  c.storyPath.clear();
  c.storyInline = true;
  c.story.title = "Inline";
  StoryStep st;
  st.title = "S";
  st.time = "2022-01-01";
  st.hasBbox = true;
  st.bbox = {1, 2, 3, 4};
  st.sources.push_back({"https://x.org", "X", "", ""});
  c.story.steps.push_back(st);
  c.raw = R"({"plugin_settings": {"a": 1}})";
  Project d;
  REQUIRE(parseProject(projectToJson(c), "p.chronomap", d, &err));
  CHECK(d.storyInline);
  CHECK(d.story.steps.size() == 1);
  CHECK(projectToJson(d).find("plugin_settings") != std::string::npos);
}

TEST_CASE("Corrupted or truncated projects give a clear message and are left untouched", "[project]") {
  const std::string good = projectToJson(sample());
  const std::string path = kOut + "/broken.chronomap";
  struct Case {
    std::string text, expect;
  };
  const Case cases[] = {
      {good.substr(0, good.size() / 2), "ends too early"},
      {"", "empty"},
      {"\x89PNG\r\n\x1a\n garbage", "not valid JSON"},
      {R"({"format": "something-else", "version": 1})", "not a Chronomap project"},
      {R"({"format": "chronomap-project", "version": 9})", "version 9"},
      {R"({"format": "chronomap-project", "version": 1, "view": {"bbox": [1, 2, "x", 4]}})", "view.bbox"},
      {R"({"format": "chronomap-project", "version": 1, "mode": "sometimes"})", "mode"},
  };
  for (const Case& c : cases) {
    INFO(c.expect);
    writeAll(path, c.text);
    Project p;
    std::string err;
    CHECK_FALSE(loadProject(path, p, &err));
    CHECK(err.find(path) == 0);
    CHECK(err.find(c.expect) != std::string::npos);
    CHECK(readAll(path) == c.text);
  }
  // The syntax error names the line.
  writeAll(path, "{\n  \"format\": \"chronomap-project\",\n  \"version\": 1,\n  \"time\": 2022-09\n}\n");
  Project p;
  std::string err;
  CHECK_FALSE(loadProject(path, p, &err));
  CHECK(err.find("line 4") != std::string::npos);
}

TEST_CASE("Saving keeps the previous version as .bak", "[project]") {
  const std::string path = kOut + "/bak.chronomap";
  std::remove(path.c_str());
  std::remove((path + ".bak").c_str());
  Project a = sample(), b = sample();
  b.selected = "second";
  std::string err;
  REQUIRE(saveProject(path, a, &err));
  REQUIRE(saveProject(path, b, &err));
  Project back, now;
  REQUIRE(loadProject(path + ".bak", back, &err));
  REQUIRE(loadProject(path, now, &err));
  CHECK(back.selected == a.selected);
  CHECK(now.selected == "second");
}

TEST_CASE("Paths in projects are relative to the project's folder", "[project]") {
  CHECK(relativeTo("/data/proj", "/data/proj/events/a.csv") == "events/a.csv");
  CHECK(relativeTo("/data/proj", "/elsewhere/a.csv") == "/elsewhere/a.csv");
  CHECK(resolveAgainst("/data/proj", "events/a.csv") == "/data/proj/events/a.csv");
  CHECK(resolveAgainst("/data/proj", "/abs.csv") == "/abs.csv");
  CHECK(isProjectFile("x.chronomap"));
  CHECK_FALSE(isProjectFile("x.json"));
}

TEST_CASE("A project's filters come back whole, the date precision included", "[project]") {
  // The timeline's precision filter drives the shared one each frame: both must be restored.
  Project p = sample();
  p.filters.text = "war";
  p.filters.minPrecision = "day";
  AppState s;
  applyProjectView(s, p);
  CHECK(s.filters.text == "war");
  CHECK(s.filters.categories == std::vector<std::string>{"war", "strikes"});
  CHECK(s.filters.minFatalities == 10);
  CHECK(s.filters.minPrecision == geo::Precision::Day);
  CHECK(s.tlui.minPrecision == int(geo::Precision::Day));
  CHECK(s.mode == TimeMode::Window);
  CHECK(s.windowS == 14 * 86400);
  CHECK(s.playhead == geo::makeTime(2022, 9, 13));
}

// Regression (fuzz_project): a number JSON cannot hold (2e308) threw an exception nobody caught and the
// program terminated.
TEST_CASE("A project or story holding a number too large for a double is refused with a message", "[project][fuzz]") {
  Project p;
  std::string err;
  CHECK_FALSE(parseProject(R"({"format": "chronomap-project", "version": 1, "ui_scale": 2e308})", "p.chronomap", p, &err));
  CHECK(err.find("p.chronomap") != std::string::npos);
  CHECK(err.find("2e308") != std::string::npos);
  Story s;
  std::vector<std::string> problems;
  CHECK_FALSE(parseStory(R"({"format": "chronomap-story", "version": 1, "title": "T", "steps": [{"view": {"bbox": [2e308, 0, 1, 1]}}]})",
                         "s.json", s, &err, &problems));
  CHECK(err.find("s.json") != std::string::npos);
  CHECK(err.find("2e308") != std::string::npos);
}
