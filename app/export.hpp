// Export: the current view as a presentation image (PNG up to 3840x2160 with legend, date, title and
// attributions), and playback or a whole story as PNG frames, MP4 or GIF (through the ffmpeg program).
#pragma once
#include <string>

#include "app/app_state.hpp"
#include "app/cli.hpp"

namespace app {

constexpr int kMaxExportW = 3840, kMaxExportH = 2160;

// Exit statuses: 0 done, 1 drawing or writing failed, 2 bad argument, 4 ffmpeg missing or failed.
// --export-image: the export composition (or the presenter layout with --present) at o.width x o.height.
int exportImage(AppState& s, const Options& o);
// --export-video: with a story loaded, every step (transition then hold); else playback from o.from
// to o.to over o.duration seconds.
int exportVideo(AppState& s, const Options& o);

// How many frames a story export makes: per step round(transition * fps) + round(hold * fps).
long storyFrameCount(size_t steps, double hold, double transition, int fps);
// The path of the ffmpeg program ("" when it is not installed): $CHRONOMAP_FFMPEG, else PATH.
std::string findFfmpeg();

// Renders the export composition of the current state at w x h into RGBA pixels (top row first),
// inside a running program with its own GL context current (File > Export image, Ctrl+E). The
// caller restores its own ImGui context afterwards: this makes and destroys a second one.
bool exportImageInProcess(AppState& s, const std::string& path, int w, int h, std::string* error);

}  // namespace app
