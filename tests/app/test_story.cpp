// Stories: the bundled story, round trips that keep unknown members, problems with step numbers, the
// text subset.
#include <catch2/catch.hpp>


#include <nlohmann/json.hpp>

#include "app/story.hpp"
#include "geo/io.hpp"

using namespace app;

namespace {
const std::string kSrc = CHRONOMAP_SOURCE_DIR;
const std::string kOut = CHRONOMAP_TEST_OUT;

const char* kMinimal = R"({
  "format": "chronomap-story", "version": 1, "title": "T", "x_future": {"keep": [1, 2]},
  "steps": [
    {"title": "One", "text": "Hello **world**", "time": "2022-09-14", "mode": "window", "window": "14d",
     "view": {"bbox": [44.9, 38.8, 46.8, 40.4], "zoom_hint": 3}, "highlight": ["a", "b"], "select": "a",
     "layers": {"provinces": true, "disputed": false},
     "filters": {"categories": ["war"], "future_filter": true},
     "sources": [{"url": "https://example.org/x", "publisher": "Example", "archived": "https://web.archive.org/x"}],
     "narration_audio": "one.ogg"}
  ]
})";
}  // namespace

TEST_CASE("The bundled story loads with 14 steps whose ids exist in the bundled events", "[story]") {
  Story st;
  std::string err;
  std::vector<std::string> problems;
  REQUIRE(loadStory(kSrc + "/assets/stories/csto-karabakh.json", st, &err, &problems));
  CHECK(problems.empty());
  for (const auto& p : problems) WARN(p);
  REQUIRE(st.steps.size() == 14);
  geo::Dataset ds;
  REQUIRE(geo::loadEvents(kSrc + "/assets/events/karabakh-csto.geojson", ds, &err));
  for (size_t i = 0; i < st.steps.size(); ++i) {
    const StoryStep& s = st.steps[i];
    INFO("step " << i + 1 << ": " << s.title);
    CHECK(s.timeOk);
    CHECK(s.hasBbox);
    CHECK(!s.sources.empty());
    for (const auto& id : s.highlight) {
      INFO("highlight " << id);
      CHECK(ds.findEvent(id) >= 0);
    }
    if (!s.select.empty()) CHECK(ds.findEvent(s.select) >= 0);
  }
}

TEST_CASE("A story round-trips, keeping unknown members and their order", "[story]") {
  Story a;
  std::string err;
  REQUIRE(parseStory(kMinimal, "mem", a, &err, nullptr));
  const std::string j1 = storyToJson(a);
  Story b;
  REQUIRE(parseStory(j1, "mem", b, &err, nullptr));
  CHECK(storyToJson(b) == j1);
  const auto j = nlohmann::ordered_json::parse(j1);
  CHECK(j["x_future"]["keep"][1] == 2);
  CHECK(j["steps"][0]["narration_audio"] == "one.ogg");
  CHECK(j["steps"][0]["view"]["zoom_hint"] == 3);
  CHECK(j["steps"][0]["filters"]["future_filter"] == true);
  CHECK(j["steps"][0]["sources"][0]["archived"] == "https://web.archive.org/x");
  // Member order as read: "title" stays before "text", "layers" before "filters".
  std::vector<std::string> keys;
  for (auto it = j["steps"][0].begin(); it != j["steps"][0].end(); ++it) keys.push_back(it.key());
  CHECK(keys.front() == "title");
  CHECK(keys.back() == "narration_audio");
  CHECK(j1.back() == '\n');
  CHECK(b.steps[0].windowS == 14 * 86400);
  CHECK(b.steps[0].layers.size() == 2);
  CHECK(b.steps[0].filters.categories == std::vector<std::string>{"war"});
}

TEST_CASE("The bundled story survives a save and reload unchanged in meaning", "[story]") {
  Story a, b;
  std::string err;
  REQUIRE(loadStory(kSrc + "/assets/stories/csto-karabakh.json", a, &err, nullptr));
  const std::string path = kOut + "/story-roundtrip.json";
  REQUIRE(saveStory(path, a, &err));
  REQUIRE(loadStory(path, b, &err, nullptr));
  REQUIRE(b.steps.size() == a.steps.size());
  CHECK(b.description == a.description);
  for (size_t i = 0; i < a.steps.size(); ++i) {
    CHECK(b.steps[i].title == a.steps[i].title);
    CHECK(b.steps[i].text == a.steps[i].text);
    CHECK(b.steps[i].timeS == a.steps[i].timeS);
    CHECK(b.steps[i].highlight == a.steps[i].highlight);
    CHECK(b.steps[i].bbox.minX == Approx(a.steps[i].bbox.minX));
    CHECK(b.steps[i].layers == a.steps[i].layers);
  }
  // Editing a step and saving again changes only that step.
  b.steps[2].title = "Edited";
  REQUIRE(saveStory(path, b, &err));
  Story c;
  REQUIRE(loadStory(path, c, &err, nullptr));
  CHECK(c.steps[2].title == "Edited");
  CHECK(c.steps[3].title == a.steps[3].title);
}

TEST_CASE("Bad stories are refused with the file, line and column - bad steps are reported by number", "[story]") {
  Story st;
  std::string err;
  CHECK_FALSE(parseStory("{\n  \"format\": \"chronomap-story\",\n  \"version\": 1,\n  oops\n}", "s.json", st, &err, nullptr));
  CHECK(err.find("s.json: line 4") != std::string::npos);
  CHECK_FALSE(parseStory(R"({"version": 1, "title": "x", "steps": [{}]})", "s.json", st, &err, nullptr));
  CHECK(err.find("format") != std::string::npos);
  CHECK_FALSE(parseStory(R"({"format": "chronomap-story", "version": 7, "title": "x", "steps": [{}]})", "s.json", st, &err, nullptr));
  CHECK(err.find("version 7") != std::string::npos);
  CHECK_FALSE(parseStory(R"({"format": "chronomap-story", "version": 1, "title": "x", "steps": []})", "s.json", st, &err, nullptr));
  std::vector<std::string> problems;
  REQUIRE(parseStory(R"({"format": "chronomap-story", "version": 1, "title": "x", "steps": [
      {"title": "a", "text": "", "time": "2020-01-01", "view": {"bbox": [1, 2]}, "sources": [{"url": "https://a", "publisher": "A"}]},
      {"title": "b", "text": "", "time": "yesterday", "view": {"bbox": [1, 2, 3, 4]}, "sources": []}]})",
                     "s.json", st, &err, &problems));
  REQUIRE(st.steps.size() == 2);
  auto has = [&](const std::string& what) {
    for (const auto& p : problems)
      if (p.find(what) != std::string::npos) return true;
    return false;
  };
  CHECK(has("step 1, view.bbox: expected 4 numbers"));
  CHECK(has("step 2, time:"));
  CHECK(has("step 2, sources:"));
  CHECK_FALSE(has("step 1, time"));
}

TEST_CASE("The text subset: bold, italics, lists, links, escapes, paragraphs", "[story]") {
  const auto blocks = parseStoryText("A **bold** and *it* line\nwraps.\n\n- one [link](https://x.org/a)\n- two \\*star\\*\n\nEnd");
  REQUIRE(blocks.size() == 4);
  CHECK_FALSE(blocks[0].listItem);
  REQUIRE(blocks[0].runs.size() == 5);
  CHECK(blocks[0].runs[1].text == "bold");
  CHECK(blocks[0].runs[1].bold);
  CHECK(blocks[0].runs[3].italic);
  CHECK(blocks[0].runs[4].text == " line wraps.");
  CHECK(blocks[1].listItem);
  CHECK(blocks[1].runs.back().url == "https://x.org/a");
  CHECK(blocks[1].runs.back().text == "link");
  CHECK(blocks[2].listItem);
  CHECK(blocks[2].runs[0].text == "two *star*");
  CHECK(plainStoryText("[a](ftp://x) **b**") == "[a](ftp://x) b");
}

TEST_CASE("The editor's checks of a step: mode, window, sources (each problem once when read)", "[story]") {
  StoryStep st;
  st.title = "A step";
  st.time = "2022-09-14";
  st.hasBbox = true;
  st.bbox = {44.9, 38.8, 46.8, 40.4};
  st.sources.push_back({"https://example.org/a", "Example", "", ""});
  CHECK(validateStep(st).empty());
  st.mode = "window";
  st.window = "";
  auto probs = validateStep(st);
  REQUIRE(probs.size() == 1);
  CHECK(probs[0].rfind("window:", 0) == 0);
  st.window = "14d";
  CHECK(validateStep(st).empty());
  CHECK(st.windowS == 14 * 86400);
  // A source as the editor adds it: an address still to write, no publisher.
  st.sources.push_back({"https://", "", "", ""});
  probs = validateStep(st);
  REQUIRE(probs.size() == 2);
  CHECK(probs[0].rfind("sources[2].url:", 0) == 0);
  CHECK(probs[1].rfind("sources[2].publisher:", 0) == 0);
  // Read from a file, the same problems are reported once each.
  Story s;
  std::string err;
  std::vector<std::string> problems;
  REQUIRE(parseStory(R"({"format": "chronomap-story", "version": 1, "title": "x", "steps": [
      {"title": "a", "text": "", "time": "2020", "view": {"bbox": [1, 2, 3, 4]}, "sources": [{"url": "ftp://a", "publisher": ""}]}]})",
                     "s.json", s, &err, &problems));
  size_t url = 0, pub = 0;
  for (const auto& p : problems) {
    url += p.find("sources[1].url") != std::string::npos;
    pub += p.find("sources[1].publisher") != std::string::npos;
  }
  CHECK(url == 1);
  CHECK(pub == 1);
}
