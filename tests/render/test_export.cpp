// Export: a story as the expected number of PNG frames of the asked size; MP4 and GIF through ffmpeg
// with the asked duration (ffprobe); the presentation image at 3840x2160; sizes above it refused.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <dirent.h>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

#include "app/export.hpp"
#include "geo/io.hpp"

namespace {
const std::string kOut = CHRONOMAP_TEST_OUT;
const std::string kSrc = CHRONOMAP_SOURCE_DIR;
const std::string kStory = kSrc + "/assets/stories/csto-karabakh.json";

int run(const std::string& args) {
  const std::string cmd = "env -u DISPLAY -u WAYLAND_DISPLAY " + std::string(CHRONOMAP_EXE) + " " + args + " >/dev/null";
  const int rc = std::system(cmd.c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

std::vector<std::string> pngsIn(const std::string& dir) {
  std::vector<std::string> out;
  if (DIR* d = ::opendir(dir.c_str())) {
    while (dirent* e = ::readdir(d)) {
      const std::string n = e->d_name;
      if (n.size() > 4 && n.compare(n.size() - 4, 4, ".png") == 0) out.push_back(dir + "/" + n);
    }
    ::closedir(d);
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool have(const char* prog) { return std::system((std::string("command -v ") + prog + " >/dev/null 2>&1").c_str()) == 0; }

double probeDuration(const std::string& file) {
  const std::string cmd = "ffprobe -v error -show_entries format=duration -of csv=p=0 '" + file + "'";
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return -1;
  char buf[64] = {0};
  const bool got = std::fgets(buf, sizeof buf, p) != nullptr;
  ::pclose(p);
  return got ? std::atof(buf) : -1;
}
}  // namespace

TEST_CASE("A story exports to N x (hold + transition) x fps PNG frames of the asked size", "[export]") {
  const std::string dir = kOut + "/story-frames";
  std::system(("rm -rf '" + dir + "'").c_str());
  REQUIRE(run("--story " + kStory + " --export-video " + dir + "/ --size 320x180 --fps 4 --hold 1 --transition 0.5") == 0);
  const auto frames = pngsIn(dir);
  CHECK(app::storyFrameCount(14, 1, 0.5, 4) == 84);
  REQUIRE(frames.size() == 84);
  int w = 0, h = 0;
  std::vector<uint8_t> px;
  REQUIRE(geo::readPng(frames.front(), w, h, px));
  CHECK(w == 320);
  CHECK(h == 180);
  REQUIRE(geo::readPng(frames.back(), w, h, px));
  CHECK(w == 320);
  CHECK(h == 180);
  // The move into a step changes the picture; the hold does not.
  std::vector<uint8_t> a, b, c;
  REQUIRE(geo::readPng(frames[6 + 0], w, h, a));   // step 2, first frame of its move
  REQUIRE(geo::readPng(frames[6 + 3], w, h, b));   // step 2, held
  REQUIRE(geo::readPng(frames[6 + 5], w, h, c));   // step 2, held (last)
  CHECK(b == c);
  CHECK(a != c);
}

TEST_CASE("With ffmpeg, a story and a playback export as MP4 (and GIF) of the asked duration", "[export]") {
  if (!have("ffmpeg") || !have("ffprobe")) {
    WARN("ffmpeg/ffprobe not installed (scripts/setup installs them): skipped");
    return;
  }
  const std::string mp4 = kOut + "/story.mp4";
  std::remove(mp4.c_str());
  REQUIRE(run("--story " + kStory + " --export-video " + mp4 + " --size 320x180 --fps 4 --hold 1 --transition 0.5") == 0);
  const double d = probeDuration(mp4);
  INFO("ffprobe duration " << d);
  CHECK(std::fabs(d - 21.0) <= 0.25 + 1e-6);  // 84 frames at 4 fps, within one frame

  const std::string play = kOut + "/playback.mp4";
  std::remove(play.c_str());
  REQUIRE(run("--export-video " + play + " --from 2020-09-27 --to 2020-11-10 --fps 10 --duration 3 --size 320x180") == 0);
  const double d2 = probeDuration(play);
  INFO("ffprobe duration " << d2);
  CHECK(std::fabs(d2 - 3.0) <= 0.1 + 1e-6);

  const std::string gif = kOut + "/playback.gif";
  std::remove(gif.c_str());
  REQUIRE(run("--export-video " + gif + " --from 2020-09-27 --to 2020-11-10 --fps 5 --duration 2 --size 240x136") == 0);
  CHECK(probeDuration(gif) == Approx(2.0).margin(0.25));
}

TEST_CASE("Without ffmpeg, an MP4 export says so and exits with status 4", "[export]") {
  const std::string out = kOut + "/noffmpeg.mp4";
  const std::string cmd = "env -u DISPLAY CHRONOMAP_FFMPEG=/nonexistent/ffmpeg " + std::string(CHRONOMAP_EXE) + " --export-video " +
                          out + " --from 2020-09-27 --to 2020-10-01 --fps 2 --duration 1 --size 128x96 >/dev/null 2>&1";
  const int st = std::system(cmd.c_str());
  CHECK(WIFEXITED(st));
  CHECK(WEXITSTATUS(st) == 4);
}

TEST_CASE("An exported image (--export-image) has the asked size, up to 3840x2160", "[export]") {
  const std::string out = kOut + "/export-4k.png";
  std::remove(out.c_str());
  REQUIRE(run("--story " + kStory + " --step 7 --export-image " + out + " --size 3840x2160") == 0);
  int w = 0, h = 0;
  std::vector<uint8_t> px;
  REQUIRE(geo::readPng(out, w, h, px));
  CHECK(w == 3840);
  CHECK(h == 2160);
  CHECK(run("--export-image " + kOut + "/too-big.png --size 4000x2160 2>/dev/null") == 2);
  CHECK(run("--export-video " + kOut + "/x.webm --from 2020-01-01 --to 2020-02-01 2>/dev/null") == 2);
  CHECK(run("--story " + kStory + " --step 15 --export-image " + kOut + "/x.png 2>/dev/null") == 2);
}
