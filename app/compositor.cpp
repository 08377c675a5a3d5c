// The window's frame from ImGui's draw data: panels that did not change stay in the back buffer.
#include "app/compositor.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include <imgui_impl_opengl3.h>

namespace app {
namespace {

struct Box {
  float x0 = 1e30f, y0 = 1e30f, x1 = -1e30f, y1 = -1e30f;
  bool empty() const { return x1 <= x0 || y1 <= y0; }
  void add(const ImVec4& r) {
    x0 = std::min(x0, r.x), y0 = std::min(y0, r.y), x1 = std::max(x1, r.z), y1 = std::max(y1, r.w);
  }
  bool overlaps(const Box& o) const {
    return !empty() && !o.empty() && x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1;
  }
  bool inside(const Box& o) const { return empty() || (x0 >= o.x0 && y0 >= o.y0 && x1 <= o.x1 && y1 <= o.y1); }
};

// 64-bit fingerprint of memory, eight bytes at a time.
struct Hasher {
  uint64_t h = 0x9E3779B97F4A7C15ull;
  void mix(uint64_t v) {
    h ^= v + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
    h *= 0xBF58476D1CE4E5B9ull;
    h ^= h >> 31;
  }
  void bytes(const void* p, size_t n) {
    const auto* c = static_cast<const unsigned char*>(p);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
      uint64_t v;
      std::memcpy(&v, c + i, 8);
      mix(v);
    }
    uint64_t tail = 0;
    if (n > i) std::memcpy(&tail, c + i, n - i);
    mix(tail ^ (uint64_t(n) << 48));
  }
  void f(float v) {
    uint32_t u;
    std::memcpy(&u, &v, 4);
    mix(u);
  }
};

void renderLists(const ImDrawData* all, std::vector<ImDrawList*>& lists) {
  if (lists.empty()) return;
  ImDrawData sub = *all;
  sub.CmdLists = lists.data();
  sub.CmdListsCount = int(lists.size());
  sub.TotalVtxCount = sub.TotalIdxCount = 0;
  for (const ImDrawList* l : lists) sub.TotalVtxCount += l->VtxBuffer.Size, sub.TotalIdxCount += l->IdxBuffer.Size;
  ImGui_ImplOpenGL3_RenderDrawData(&sub);
}

uint8_t clampByte(float v) { return uint8_t(std::clamp(v * 255.0f + 0.5f, 0.0f, 255.0f)); }

}  // namespace

PixelRect toPixels(const ImDrawData* dd, const ImVec4& r) {
  const float sx = dd->FramebufferScale.x, sy = dd->FramebufferScale.y;
  const int fbH = int(dd->DisplaySize.y * sy + 0.5f);
  PixelRect p;
  p.x = int((r.x - dd->DisplayPos.x) * sx + 0.5f);
  p.w = int(r.z * sx + 0.5f);
  p.h = int(r.w * sy + 0.5f);
  p.y = fbH - int((r.y - dd->DisplayPos.y) * sy + 0.5f) - p.h;
  return p;
}

void UiCompositor::draw(ImDrawData* dd, int fbw, int fbh, render::Color background, const ImVec4& opaque,
                        ImDrawCallback opaqueCallback) {
  ++frames_;
  lastReused_ = false;
  if (!enabled_ || !dd || fbw <= 0 || fbh <= 0) {
    lastHash_ = 0;
    render::beginWindowFrame(fbw, fbh, background);
    if (dd) ImGui_ImplOpenGL3_RenderDrawData(dd);
    return;
  }
  // Did the back buffer keep the last frame? Its marker pixel says (read before anything is drawn).
  bool preserved = false;
  if (markerWritten_) {
    uint8_t now[3];
    render::readWindowPixel(0, 0, now);
    preserved = std::memcmp(now, marker_, 3) == 0;
    // A driver that never keeps the back buffer (a GPU's flip chain): stop asking, each read is a
    // pipeline stall there.
    if (preserved) ++kept_;
    else if (++lost_ >= 30 && kept_ == 0) enabled_ = false;
  }

  // Split the lists. A list is live when it has callbacks, reaches into the opaque rectangle, or
  // overlaps a live list drawn before it.
  Box opaqueBox;
  if (opaque.z > 0 && opaque.w > 0) opaqueBox.add(ImVec4(opaque.x, opaque.y, opaque.x + opaque.z, opaque.y + opaque.w));
  bool opaqueFound = false, liveInside = true;
  std::vector<Box> liveBoxes;
  std::vector<ImDrawList*> live;
  Hasher hs;
  hs.mix(uint64_t(fbw) << 32 | uint64_t(fbh));
  hs.f(dd->DisplayPos.x), hs.f(dd->DisplayPos.y), hs.f(dd->DisplaySize.x), hs.f(dd->DisplaySize.y);
  hs.f(background.r), hs.f(background.g), hs.f(background.b);
  for (int i = 0; i < dd->CmdListsCount; ++i) {
    ImDrawList* l = dd->CmdLists[i];
    Box b;
    bool callbacks = false;
    for (const ImDrawCmd& c : l->CmdBuffer) {
      if (c.UserCallback) {
        callbacks = true;
        if (c.UserCallback == opaqueCallback) opaqueFound = true;
      } else if (c.ElemCount > 0) {
        b.add(c.ClipRect);
      }
    }
    // What the list can touch: the pixels whose centres lie within its vertices' bounds, within its
    // clip rectangles (a window's clip rectangle may span the whole display while it draws a bar at
    // the top; a rounded frame's anti-aliasing fringe ends, transparent, half a pixel out).
    if (!b.empty()) {
      Box v;
      for (const ImDrawVert& vx : l->VtxBuffer) {
        v.x0 = std::min(v.x0, vx.pos.x), v.y0 = std::min(v.y0, vx.pos.y);
        v.x1 = std::max(v.x1, vx.pos.x), v.y1 = std::max(v.y1, vx.pos.y);
      }
      b.x0 = std::max(b.x0, std::floor(v.x0 + 0.5f)), b.y0 = std::max(b.y0, std::floor(v.y0 + 0.5f));
      b.x1 = std::min(b.x1, std::ceil(v.x1 - 0.5f)), b.y1 = std::min(b.y1, std::ceil(v.y1 - 0.5f));
    }
    bool isLive = callbacks || b.overlaps(opaqueBox);
    for (const Box& o : liveBoxes) isLive = isLive || b.overlaps(o);
    if (isLive) {
      live.push_back(l);
      liveBoxes.push_back(b);
      liveInside = liveInside && b.inside(opaqueBox);
      continue;
    }
    hs.mix(uint64_t(i));
    hs.bytes(l->VtxBuffer.Data, size_t(l->VtxBuffer.Size) * sizeof(ImDrawVert));
    hs.bytes(l->IdxBuffer.Data, size_t(l->IdxBuffer.Size) * sizeof(ImDrawIdx));
    for (const ImDrawCmd& c : l->CmdBuffer) {
      hs.f(c.ClipRect.x), hs.f(c.ClipRect.y), hs.f(c.ClipRect.z), hs.f(c.ClipRect.w);
      hs.mix(uint64_t(reinterpret_cast<uintptr_t>(c.TextureId)));
      hs.mix(uint64_t(c.VtxOffset) << 32 | c.IdxOffset);
      hs.mix(c.ElemCount);
    }
  }
  const uint64_t h = hs.h;
  const PixelRect o = opaqueFound && !opaqueBox.empty() ? toPixels(dd, opaque) : PixelRect{};
  const bool opaqueOk = o.w > 0 && o.h > 0 && o.x >= 0 && o.y >= 0 && o.x + o.w <= fbw && o.y + o.h <= fbh;
  // The marker pixel (bottom-left corner) must lie outside the map panel.
  const bool markerFree = opaqueOk && (o.x > 0 || o.y > 0);
  if (preserved && opaqueOk && markerFree && h == lastHash_ && o == lastOpaque_ && lastLiveInside_) {
    // The panels are on screen as last frame left them: redraw the map panel and what lies over it.
    render::clearRect(o.x, o.y, o.w, o.h, nullptr);  // stencil for the map's fills
    renderLists(dd, live);
    lastReused_ = true;
    ++reused_;
  } else {
    render::beginWindowFrame(fbw, fbh, background);
    ImGui_ImplOpenGL3_RenderDrawData(dd);
  }
  lastHash_ = markerFree ? h : 0;
  lastOpaque_ = o;
  lastLiveInside_ = liveInside;
  // The marker: the background's colour with a frame counter in the two low bits of each channel.
  const uint32_t n = uint32_t(frames_ & 63);
  marker_[0] = uint8_t((clampByte(background.r) & ~3u) | (n & 3u));
  marker_[1] = uint8_t((clampByte(background.g) & ~3u) | ((n >> 2) & 3u));
  marker_[2] = uint8_t((clampByte(background.b) & ~3u) | ((n >> 4) & 3u));
  render::setWindowPixel(0, 0, marker_);
  markerWritten_ = true;
}

}  // namespace app
