#include <catch2/catch.hpp>

#include <vector>

#include "app/cli.hpp"

using namespace app;

namespace {
int parse(std::vector<std::string> args, Options& o, std::string& err) {
  std::vector<char*> argv;
  static char name[] = "chronomap";
  argv.push_back(name);
  for (auto& a : args) argv.push_back(a.data());
  return parseArgs(int(argv.size()), argv.data(), o, err);
}
}  // namespace

TEST_CASE("The fixed options parse", "[cli]") {
  Options o;
  std::string err;
  REQUIRE(parse({"a.geojson", "b.gpkg", "--map", "m1.shp", "--map=m2.gpkg", "--no-basemap", "--time", "2022-09-13",
                 "--bbox", "43.2,38.4,47.9,41.6", "--select", "x", "--render", "o.png", "--size", "1280x720",
                 "--state-out", "s.json", "--verbose"},
                o, err) == 0);
  CHECK(o.events == std::vector<std::string>{"a.geojson", "b.gpkg"});
  CHECK(o.maps == std::vector<std::string>{"m1.shp", "m2.gpkg"});
  CHECK(o.noBasemap);
  CHECK(o.hasTime);
  CHECK(o.time.t == geo::makeTime(2022, 9, 13));
  CHECK(o.bbox.minX == Approx(43.2));
  CHECK(o.bbox.maxY == Approx(41.6));
  CHECK(o.select == "x");
  CHECK(o.renderOut == "o.png");
  CHECK(o.width == 1280);
  CHECK(o.height == 720);
  CHECK(o.stateOut == "s.json");
  CHECK(o.verbose);
}

TEST_CASE("Bad arguments give status 2 and a message naming them", "[cli]") {
  Options o;
  std::string err;
  CHECK(parse({"--bbox", "1,2,3"}, o, err) == 2);
  CHECK(err.find("--bbox") != std::string::npos);
  CHECK(parse({"--size", "big"}, o, err) == 2);
  CHECK(err.find("--size") != std::string::npos);
  CHECK(parse({"--time", "yesterday"}, o, err) == 2);
  CHECK(err.find("--time") != std::string::npos);
  CHECK(parse({"--frobnicate"}, o, err) == 2);
  CHECK(err.find("--frobnicate") != std::string::npos);
  CHECK(parse({"--render"}, o, err) == 2);
  CHECK(err.find("--render") != std::string::npos);
}

TEST_CASE("The help text lists every fixed option", "[cli]") {
  const std::string h = helpText();
  for (const char* opt : {"--map", "--no-basemap", "--time", "--bbox", "--select", "--render", "--size",
                          "--state-out", "--verbose", "--help"})
    CHECK(h.find(opt) != std::string::npos);
}

TEST_CASE("Story, presenter, export and project options parse", "[cli]") {
  Options o;
  std::string err;
  REQUIRE(parse({"--story", "s.json", "--step", "7", "--present", "--export-video", "out.mp4", "--fps", "12", "--hold", "2.5",
                 "--transition", "0", "--size", "3840x2160", "--frames-dir", "fr"},
                o, err) == 0);
  CHECK(o.story == "s.json");
  CHECK(o.step == 7);
  CHECK(o.present);
  CHECK(o.exportVideo == "out.mp4");
  CHECK(o.fps == 12);
  CHECK(o.hold == Approx(2.5));
  CHECK(o.transition == 0);
  CHECK(o.framesDir == "fr");
  Options p;
  REQUIRE(parse({"--export-video", "o.gif", "--from", "2020-09-27", "--to", "2020-11-10", "--duration", "5"}, p, err) == 0);
  CHECK(p.hasFrom);
  CHECK(p.to.t == geo::makeTime(2020, 11, 10));
  CHECK(p.duration == Approx(5));
  CHECK(p.fps == 30);
  CHECK(p.hold == Approx(4));
  CHECK(p.transition == Approx(1));
  Options q;
  REQUIRE(parse({"class.chronomap"}, q, err) == 0);
  CHECK(q.project == "class.chronomap");
  CHECK(q.events.empty());
  Options r;
  REQUIRE(parse({"--project", "a.chronomap", "--export-image", "x.png"}, r, err) == 0);
  CHECK(r.project == "a.chronomap");
  CHECK(r.exportImage == "x.png");
}

TEST_CASE("Bad story and export options give status 2", "[cli]") {
  std::string err;
  auto bad = [&](std::vector<std::string> args) {
    Options o;
    return parse(std::move(args), o, err);
  };
  CHECK(bad({"--story", "s.json", "--step", "0"}) == 2);
  CHECK(err.find("numbered from 1") != std::string::npos);
  CHECK(bad({"--step", "3"}) == 2);
  CHECK(bad({"--export-image", "x.png", "--size", "4000x3000"}) == 2);
  CHECK(err.find("3840x2160") != std::string::npos);
  CHECK(bad({"--export-video", "x.mp4"}) == 2);
  CHECK(err.find("--from") != std::string::npos);
  CHECK(bad({"--export-video", "x.mp4", "--from", "2021", "--to", "2020"}) == 2);
  CHECK(bad({"--fps", "0"}) == 2);
  CHECK(bad({"--hold", "-1"}) == 2);
  CHECK(bad({"--duration", "abc"}) == 2);
}

TEST_CASE("The help text lists the story, presenter, export and project options", "[cli]") {
  const std::string h = helpText();
  for (const char* opt : {"--story", "--step", "--present", "--export-image", "--export-video", "--from", "--to", "--fps",
                          "--duration", "--hold", "--transition", "--project", "--frames-dir"})
    CHECK(h.find(opt) != std::string::npos);
}
