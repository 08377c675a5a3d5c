// Timeline benchmark: layout plus ImDrawList building per frame, with 1,000,000 synthetic events over
// 30 years (a fifth of them spans, durations log-uniform from an hour to two years; the rest instants
// of mixed precision), 8 lanes, at 1600 px, at zoom levels all, decade, year, month, week, day.
// Runs ImGui without a backend (no GL): NewFrame, one window, drawTimelineCanvas, EndFrame.
// Prints the median and 90th percentile of the frame cost per zoom level.
// Usage: bench_timeline [events] [frames per level]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

#include <imgui.h>

#include "app/app_state.hpp"
#include "app/panels.hpp"
#include "geo/time.hpp"

int main(int argc, char** argv) {
  const size_t n = argc > 1 ? size_t(std::atoll(argv[1])) : 1000000;
  const int frames = argc > 2 ? std::atoi(argv[2]) : 41;
  using geo::Seconds;
  const Seconds t0 = geo::makeTime(1995, 1, 1), t1 = geo::makeTime(2025, 1, 1);

  app::AppState s;
  app::TimelineUi& u = s.tlui;
  std::mt19937_64 rng(42);
  std::uniform_int_distribution<Seconds> when(t0, t1);
  std::uniform_real_distribution<double> unit(0, 1);
  std::vector<Seconds> starts(n);
  for (auto& t : starts) t = when(rng);
  std::sort(starts.begin(), starts.end());
  std::vector<int> laneOf(n);
  u.cols.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    const bool span = unit(rng) < 0.2;
    const double r = unit(rng);
    geo::Precision p = r < 0.8 ? geo::Precision::Day : r < 0.9 ? geo::Precision::Week : r < 0.97 ? geo::Precision::Month : geo::Precision::Year;
    Seconds first = starts[i], last;
    if (span) {
      last = first + Seconds(3600.0 * std::pow(2.0 * 8760.0, unit(rng)));
      p = geo::Precision::Day;
    } else {
      geo::intervalOf(first, p, first, last);
      if (first < starts[i] - 400 * 86400) first = starts[i];
    }
    const int lane = int(rng() % 8);
    laneOf[i] = lane;
    u.cols.push(std::max(first, i ? u.cols.first.back() : first), last, p, span, uint8_t(lane));
  }
  const auto b0 = std::chrono::steady_clock::now();
  u.index.build(u.cols, laneOf, 8);
  const double buildMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - b0).count();
  const char* names[8] = {"War and battles", "Strikes and shelling", "Violence against civilians", "Ceasefires and diplomacy",
                          "Military deployment", "Protest and unrest", "Alliance politics (CSTO)", "Displacement"};
  const uint32_t colors[8] = {0xD55E00, 0xE69F00, 0xCC79A7, 0x0072B2, 0x009E73, 0xF0E442, 0x56B4E9, 0x000000};
  for (int l = 0; l < 8; ++l) { u.laneNames.push_back(names[l]); u.laneColor.push_back(colors[l]); }
  u.collapsed.assign(8, 0);
  u.dataFirst = u.cols.first.front();
  u.dataLast = t1;
  s.playhead = geo::makeTime(2010, 6, 15, 12);

  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.DisplaySize = ImVec2(1640, 300);
  io.DeltaTime = 1.0f / 60.0f;
  ImFontConfig cfg;
  cfg.SizePixels = 16;
  if (!io.Fonts->AddFontFromFileTTF("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 16, &cfg)) io.Fonts->AddFontDefault();
  unsigned char* px;
  int w, h;
  io.Fonts->GetTexDataAsRGBA32(&px, &w, &h);

  struct Level { const char* name; Seconds span; };
  const Level levels[] = {{"all", t1 - t0}, {"decade", Seconds(3652) * 86400}, {"year", 365 * 86400},
                          {"month", 30 * 86400}, {"week", 7 * 86400}, {"day", 86400}};
  std::printf("bench_timeline: %zu events (%.0f%% spans) over 30 years, 8 lanes, 1600 px; index built in %.0f ms\n", n,
              100.0 * double(std::count(u.cols.span.begin(), u.cols.span.end(), 1)) / double(n), buildMs);
  std::printf("%-8s %10s %10s %10s %10s %10s\n", "zoom", "median ms", "p90 ms", "items", "vertices", "in view");
  for (const Level& lv : levels) {
    std::vector<double> ms;
    size_t items = 0, verts = 0, inView = 0;
    for (int f = 0; f < frames; ++f) {
      // Pan a little each frame, so no two frames see the same view.
      const Seconds mid = s.playhead + Seconds(double(f) * double(lv.span) * 0.013);
      s.tl.start = lv.span >= t1 - t0 ? t0 : mid - lv.span / 2;
      s.tl.end = s.tl.start + lv.span;
      io.MousePos = ImVec2(-1, -1);
      ImGui::NewFrame();
      ImGui::SetNextWindowPos(ImVec2(0, 0));
      ImGui::SetNextWindowSize(io.DisplaySize);
      ImGui::Begin("bench", nullptr, ImGuiWindowFlags_NoDecoration);
      const auto a = std::chrono::steady_clock::now();
      app::drawTimelineCanvas(s, ImGui::GetWindowDrawList(), app::Rect{20, 10, 1600 + 150, 260}, ImGui::GetFont());
      ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - a).count());
      verts = size_t(ImGui::GetWindowDrawList()->VtxBuffer.Size);
      ImGui::End();
      ImGui::EndFrame();
      items = u.layout.items.size();
      inView = u.layout.eventsInView;
    }
    std::sort(ms.begin(), ms.end());
    std::printf("%-8s %10.3f %10.3f %10zu %10zu %10zu\n", lv.name, ms[ms.size() / 2], ms[ms.size() * 9 / 10], items, verts, inView);
  }
  ImGui::DestroyContext();
  return 0;
}
