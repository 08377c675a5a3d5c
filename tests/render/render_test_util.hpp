// Helpers shared by the render tests: run the real program without a display, read what it wrote,
// and find the window pixel of a place from its --state-out.
#pragma once
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "geo/projection.hpp"

namespace rendertest {

const std::string kOut = CHRONOMAP_TEST_OUT;

// Runs chronomap with these arguments and no display; returns its exit status.
inline int run(const std::string& args) {
  const std::string cmd = "env -u DISPLAY -u WAYLAND_DISPLAY " + std::string(CHRONOMAP_EXE) + " " + args;
  const int rc = std::system(cmd.c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

inline nlohmann::json readJson(const std::string& path) {
  std::ifstream f(path);
  std::stringstream ss;
  ss << f.rdbuf();
  return nlohmann::json::parse(ss.str());
}

struct Image {
  int w = 0, h = 0;
  std::vector<uint8_t> px;
  uint32_t at(int x, int y) const {  // 0xRRGGBB, coordinates clamped to the image
    x = std::clamp(x, 0, w - 1);
    y = std::clamp(y, 0, h - 1);
    const size_t i = (size_t(y) * w + x) * 4;
    return (uint32_t(px[i]) << 16) | (uint32_t(px[i + 1]) << 8) | px[i + 2];
  }
};

inline int channelDiff(uint32_t a, uint32_t b) {
  int d = 0;
  for (int s : {0, 8, 16}) d = std::max(d, std::abs(int((a >> s) & 255) - int((b >> s) & 255)));
  return d;
}
inline bool near(uint32_t a, uint32_t b, int tol) { return channelDiff(a, b) <= tol; }

// Window pixel of a WGS84 point, from the state's CRS, map panel and camera.
inline void pixelOf(const nlohmann::json& st, double lon, double lat, double& px, double& py) {
  std::string err;
  auto proj = geo::Projection::create(st["crs"].get<std::string>(), &err);
  REQUIRE(proj);
  double x, y;
  REQUIRE(proj->forward(lon, lat, x, y));
  const auto& m = st["panels"]["map"];
  const double upp = st["view"]["m_per_px"].get<double>();
  px = m[0].get<double>() + m[2].get<double>() * 0.5 + (x - st["view"]["center_xy"][0].get<double>()) / upp;
  py = m[1].get<double>() + m[3].get<double>() * 0.5 - (y - st["view"]["center_xy"][1].get<double>()) / upp;
}

}  // namespace rendertest
