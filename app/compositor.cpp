// The window's frame from ImGui's draw data: panels that did not change stay in the back buffer.
#include "app/compositor.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include <imgui_impl_opengl3.h>

#include "geo/hash.hpp"

namespace app {
namespace {

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
  if (!enabled_ || !dd || fbw <= 0 || fbh <= 0) {
    valid_ = false;
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
  std::vector<Mark> still;
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
    geo::Hasher hs;
    hs.bytes(l->VtxBuffer.Data, size_t(l->VtxBuffer.Size) * sizeof(ImDrawVert));
    hs.bytes(l->IdxBuffer.Data, size_t(l->IdxBuffer.Size) * sizeof(ImDrawIdx));
    for (const ImDrawCmd& c : l->CmdBuffer) {
      hs.add(c.ClipRect);
      hs.mix(uint64_t(reinterpret_cast<uintptr_t>(c.TextureId)));
      hs.mix(uint64_t(c.VtxOffset) << 32 | c.IdxOffset);
      hs.mix(c.ElemCount);
    }
    still.push_back({l, b, hs.h});
  }
  geo::Hasher frameKey;  // what must hold for any pixel of the last frame to be reused
  frameKey.mix(uint64_t(fbw) << 32 | uint64_t(fbh));
  frameKey.add(dd->DisplayPos), frameKey.add(dd->DisplaySize), frameKey.add(background);
  const PixelRect o = opaqueFound && !opaqueBox.empty() ? toPixels(dd, opaque) : PixelRect{};
  frameKey.mix(uint64_t(uint32_t(o.x)) << 32 | uint32_t(o.y)), frameKey.mix(uint64_t(uint32_t(o.w)) << 32 | uint32_t(o.h));
  const bool opaqueOk = o.w > 0 && o.h > 0 && o.x >= 0 && o.y >= 0 && o.x + o.w <= fbw && o.y + o.h <= fbh;
  // The marker pixel (bottom-left corner) must lie outside the map panel.
  const bool markerFree = opaqueOk && (o.x > 0 || o.y > 0);

  // Which static lists changed since the last frame, when the rest of it can stay.
  bool partial = valid_ && preserved && markerFree && frameKey.h == frameKey_ && lastLiveInside_ &&
                 still.size() == lastStill_.size();
  std::vector<size_t> changed;
  for (size_t k = 0; partial && k < still.size(); ++k) {
    const Mark &now = still[k], &was = lastStill_[k];
    if (now.list != was.list) partial = false;
    else if (now.hash != was.hash || !now.box.same(was.box)) changed.push_back(k);
  }
  // A changed list is redrawn alone over the background where it was and where it is, when no other
  // static list reaches there (a status line's count; not a panel that a popup covers).
  std::vector<Box> regions;
  for (size_t k : changed) {
    if (!partial) break;
    Box r = still[k].box;
    r.add(lastStill_[k].box);
    for (size_t j = 0; j < still.size() && partial; ++j)
      if (j != k && (r.overlaps(still[j].box) || r.overlaps(lastStill_[j].box))) partial = false;
    for (const Box& q : regions) partial = partial && !r.overlaps(q);
    regions.push_back(r);
  }
  if (partial) {
    std::vector<ImDrawList*> redo;
    for (size_t n = 0; n < changed.size(); ++n) {
      if (regions[n].empty()) continue;
      const PixelRect p = toPixels(dd, ImVec4(regions[n].x0, regions[n].y0, regions[n].x1 - regions[n].x0, regions[n].y1 - regions[n].y0));
      render::clearRect(p.x, p.y, p.w, p.h, &background);
      redo.push_back(still[changed[n]].list);
    }
    renderLists(dd, redo);
    // The map panel is redrawn whole, over its own pixels: its stencil (the map's fills) is cleared.
    render::clearRect(o.x, o.y, o.w, o.h, nullptr);
    renderLists(dd, live);
    ++reused_;
  } else {
    render::beginWindowFrame(fbw, fbh, background);
    ImGui_ImplOpenGL3_RenderDrawData(dd);
  }
  valid_ = markerFree;
  frameKey_ = frameKey.h;
  lastStill_ = std::move(still);
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
