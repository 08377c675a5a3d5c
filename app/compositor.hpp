// The window's frame from ImGui's draw data, redrawing only what changed (app/, no GL of its own).
//
// Under software OpenGL, drawing the panels around the map (timeline, side panel, menu and status
// bars) costs several milliseconds a frame, and while the map is panned or zoomed they do not change.
// Mesa's software rasterizer keeps the back buffer after a swap, so those pixels are still there in
// the next frame. The compositor splits ImGui's draw lists into "static" ones (outside the map
// panel, without callbacks, not over a live list drawn before them) and live ones, and fingerprints
// each static list's vertices, indices and commands and the box it draws in. When the back buffer
// still holds the last frame and last frame's live lists stayed inside the map panel, it draws the
// live lists (the map panel is opaque and redrawn whole) and, of the static lists, only those whose
// fingerprint or box changed, each over the background where it was and where it is now, provided
// no other static list reaches there (the status line's "81 on the map" while panning). Anything
// else (a panel under a popup, a scrolled list, playback) draws the whole frame.
//
// Whether the back buffer survived a swap is not a promise of GLX (no buffer age on Xvfb), so it is
// checked every frame: the frame's last act writes a frame counter into the low bits of one corner
// pixel, and the next frame reads it back before trusting the buffer. Any other driver (a flip chain,
// a resize) fails the check and gets the whole frame drawn, as without the compositor.
#pragma once
#include <algorithm>
#include <cstdint>
#include <vector>

#include <imgui.h>

#include "render/gl.hpp"

namespace app {

struct PixelRect {
  int x = 0, y = 0, w = 0, h = 0;  // GL's bottom-up framebuffer px
};

// A box of ImGui's display coordinates (empty until something is added).
struct Box {
  float x0 = 1e30f, y0 = 1e30f, x1 = -1e30f, y1 = -1e30f;
  bool empty() const { return x1 <= x0 || y1 <= y0; }
  void add(const Box& o) {
    if (!o.empty()) x0 = std::min(x0, o.x0), y0 = std::min(y0, o.y0), x1 = std::max(x1, o.x1), y1 = std::max(y1, o.y1);
  }
  void add(const ImVec4& r) {
    x0 = std::min(x0, r.x), y0 = std::min(y0, r.y), x1 = std::max(x1, r.z), y1 = std::max(y1, r.w);
  }
  bool overlaps(const Box& o) const {
    return !empty() && !o.empty() && x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1;
  }
  bool same(const Box& o) const { return x0 == o.x0 && y0 == o.y0 && x1 == o.x1 && y1 == o.y1; }
  bool inside(const Box& o) const { return empty() || (x0 >= o.x0 && y0 >= o.y0 && x1 <= o.x1 && y1 <= o.y1); }
};


// A rectangle of ImGui's display coordinates (x, y, width, height) in framebuffer px.
PixelRect toPixels(const ImDrawData* dd, const ImVec4& xywh);

class UiCompositor {
 public:
  // Draws `dd` into the window's back buffer (fbWidth x fbHeight), cleared to `background` where it
  // is drawn whole. `opaque` (ImGui display coordinates: x, y, width, height) is a rectangle that the
  // list holding `opaqueCallback` covers with opaque pixels from that callback on (the map's
  // basemap). Call just before the swap.
  void draw(ImDrawData* dd, int fbWidth, int fbHeight, render::Color background, const ImVec4& opaque,
            ImDrawCallback opaqueCallback);
  // Draw the next frame whole (the font atlas was rebuilt: same vertices, other pixels).
  void invalidate() { valid_ = false; }
  void setEnabled(bool on) { enabled_ = on; }

  // Frames drawn, and those drawn in part, for --state-out and tests.
  uint64_t partialFrames() const { return reused_; }
  uint64_t frames() const { return frames_; }

 private:
  struct Mark {  // a static list: where it draws and a fingerprint of what
    ImDrawList* list;
    Box box;
    uint64_t hash;
  };
  std::vector<Mark> lastStill_;
  uint64_t frameKey_ = 0, reused_ = 0, frames_ = 0, kept_ = 0, lost_ = 0;
  bool valid_ = false, lastLiveInside_ = false, enabled_ = true;
  uint8_t marker_[3] = {0, 0, 0};
  bool markerWritten_ = false;
};

}  // namespace app
