// Export. Sections: helpers (ffmpeg, frame sinks); the image; video (story, playback).
#include "app/export.hpp"

#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

#include "app/headless.hpp"
#include "app/pg_view.hpp"
#include "app/map_view.hpp"
#include "app/presenter.hpp"
#include "geo/io.hpp"

namespace app {

// --- helpers ---------------------------------------------------------------------------------------
long storyFrameCount(size_t steps, double hold, double transition, int fps) {
  return long(steps) * (std::lround(transition * fps) + std::lround(hold * fps));
}

std::string findFfmpeg() {
  if (const char* e = std::getenv("CHRONOMAP_FFMPEG")) return (*e && ::access(e, X_OK) == 0) ? std::string(e) : std::string();
  const char* path = std::getenv("PATH");
  std::string p = path ? path : "/usr/local/bin:/usr/bin:/bin";
  size_t a = 0;
  while (a <= p.size()) {
    size_t b = p.find(':', a);
    if (b == std::string::npos) b = p.size();
    const std::string cand = (b > a ? p.substr(a, b - a) : std::string(".")) + "/ffmpeg";
    if (::access(cand.c_str(), X_OK) == 0) return cand;
    a = b + 1;
  }
  return "";
}

namespace {
bool isDirectory(const std::string& p) {
  struct stat st;
  return ::stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}
bool endsWith(const std::string& s, const std::string& e) {
  return s.size() >= e.size() && s.compare(s.size() - e.size(), e.size(), e) == 0;
}
std::string lower(std::string s) {
  for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}
std::string shellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}
bool makeDirs(const std::string& dir) {
  if (dir.empty() || isDirectory(dir)) return true;
  const size_t slash = dir.find_last_of('/', dir.size() > 1 ? dir.size() - 2 : 0);
  if (slash != std::string::npos && slash > 0) makeDirs(dir.substr(0, slash));
  return ::mkdir(dir.c_str(), 0755) == 0 || errno == EEXIST;
}

// Where frames go: numbered PNGs in a folder and/or ffmpeg's standard input.
struct FrameSink {
  std::string framesDir;
  FILE* pipe = nullptr;
  std::string logPath;
  long written = 0;
  int w = 0, h = 0;
  std::string error;

  bool add(const std::vector<uint8_t>& rgba) {
    ++written;
    if (!framesDir.empty()) {
      char name[32];
      std::snprintf(name, sizeof name, "/frame-%05ld.png", written);
      if (!geo::writePng(framesDir + name, w, h, rgba.data(), &error)) return false;
    }
    if (pipe && std::fwrite(rgba.data(), 1, rgba.size(), pipe) != rgba.size()) {
      error = "ffmpeg stopped reading frames";
      return false;
    }
    return true;
  }
  // Closes the pipe; returns ffmpeg's success.
  bool finish() {
    if (!pipe) return true;
    const int rc = ::pclose(pipe);
    pipe = nullptr;
    if (rc != 0) {
      std::string tail;
      if (FILE* f = std::fopen(logPath.c_str(), "r")) {
        char buf[4096];
        const size_t n = std::fread(buf, 1, sizeof buf - 1, f);
        buf[n] = 0;
        tail = buf;
        std::fclose(f);
      }
      error = "ffmpeg failed (status " + std::to_string(rc) + ")" + (tail.empty() ? "" : ": " + tail);
      return false;
    }
    std::remove(logPath.c_str());
    return true;
  }
};

// Opens the sink for OUT: a folder (or a name ending in '/') gets PNG frames; .mp4 and .gif go through
// ffmpeg. Returns an exit status (0 = ready).
int openSink(const Options& o, FrameSink& sink, std::string& msg) {
  sink.w = o.width;
  sink.h = o.height;
  const std::string out = o.exportVideo;
  const size_t slash = out.find_last_of('/'), dot = out.find_last_of('.');
  const bool hasExt = dot != std::string::npos && (slash == std::string::npos || dot > slash);
  const std::string ext = hasExt ? lower(out.substr(dot)) : std::string();
  const bool toDir = endsWith(out, "/") || isDirectory(out) || !hasExt;
  if (!toDir && ext != ".mp4" && ext != ".gif") {
    msg = "--export-video: '" + out + "': write .mp4, .gif, or a folder (ending in /) for PNG frames";
    return 2;
  }
  if (toDir) sink.framesDir = out;
  if (!o.framesDir.empty()) sink.framesDir = o.framesDir;
  if (!sink.framesDir.empty()) {
    while (sink.framesDir.size() > 1 && sink.framesDir.back() == '/') sink.framesDir.pop_back();
    if (!makeDirs(sink.framesDir)) {
      msg = sink.framesDir + ": cannot make the folder (" + std::strerror(errno) + ")";
      return 1;
    }
  }
  if (toDir) return 0;
  const std::string ffmpeg = findFfmpeg();
  if (ffmpeg.empty()) {
    msg = "ffmpeg is not installed: install it (scripts/setup, or apt-get install ffmpeg), or export PNG frames into a folder "
          "(--export-video DIR/)";
    return 4;
  }
  sink.logPath = out + ".ffmpeg-log";
  const std::string size = std::to_string(o.width) + "x" + std::to_string(o.height);
  std::string cmd = shellQuote(ffmpeg) + " -hide_banner -loglevel error -y -f rawvideo -pix_fmt rgba -s " + size + " -r " +
                    std::to_string(o.fps) + " -i -";
  if (ext == ".gif")
    cmd += " -vf 'split[a][b];[a]palettegen=stats_mode=diff[p];[b][p]paletteuse=dither=bayer' -loop 0";
  else
    cmd += " -vf 'scale=trunc(iw/2)*2:trunc(ih/2)*2' -pix_fmt yuv420p -movflags +faststart";
  cmd += " " + shellQuote(out) + " 2>" + shellQuote(sink.logPath);
  std::signal(SIGPIPE, SIG_IGN);  // a failing ffmpeg must not kill us: fwrite reports it
  sink.pipe = ::popen(cmd.c_str(), "w");
  if (!sink.pipe) {
    msg = "cannot start ffmpeg (" + std::string(std::strerror(errno)) + ")";
    return 4;
  }
  return 0;
}

// The state the picture starts from: the visible box of the current view, fitted into the new size.
void fitCurrentViewInto(AppState& s) {
  if (!s.proj || s.mapRect.w < 2) return;
  s.fitBox = visibleWgs84(s.cam, s.mapRect, *s.proj);
  s.camPendingFit = true;
}

// Scales the UI with the picture: the legend, labels and date read the same at every size.
void scaleUiFor(AppState& s, int h, float base) {
  s.uiScale = std::max(base, base * float(h) / 900.0f);
  s.fontRebuild = true;
}
}  // namespace

// --- the image -------------------------------------------------------------------------------------
namespace {
int renderImage(AppState& s, HeadlessSession& hs, const std::string& out, FrameLayout layout, std::string& msg) {
  for (int i = 0; i < 3; ++i) {
    hs.frame(s, layout, 1.0 / 60.0, &msg);  // auto-sized windows settle
    pgSettle(s, 60.0);                      // a live PG: source's window comes (app/pg_view.hpp)
  }
  // Story steps and transitions requested before settle now.
  while (s.transition.active) hs.frame(s, layout, 1.0, &msg);
  std::vector<uint8_t> px;
  hs.read(px);
  if (!geo::writePng(out, hs.width(), hs.height(), px.data(), &msg)) return 1;
  return 0;
}
}  // namespace

int exportImage(AppState& s, const Options& o) {
  if (o.width > kMaxExportW || o.height > kMaxExportH) {
    std::fprintf(stderr, "chronomap: --size: exports are at most %dx%d\n", kMaxExportW, kMaxExportH);
    return 2;
  }
  HeadlessSession hs;
  std::string err;
  if (!hs.create(o.width, o.height, o.verbose, &err)) {
    std::fprintf(stderr, "chronomap: --export-image: %s\n", err.c_str());
    return 1;
  }
  const FrameLayout layout = o.present ? FrameLayout::Presenter : FrameLayout::Export;
  s.presenting = o.present;
  if (!o.present) scaleUiFor(s, o.height, s.uiScale);
  const int rc = renderImage(s, hs, o.exportImage, layout, err);
  if (rc != 0) {
    std::fprintf(stderr, "chronomap: %s\n", err.c_str());
    return rc;
  }
  std::printf("%s\n", o.exportImage.c_str());
  return 0;
}

bool exportImageInProcess(AppState& s, const std::string& path, int w, int h, std::string* error) {
  if (w < 64 || h < 64 || w > kMaxExportW || h > kMaxExportH) {
    if (error) *error = "the size must be between 64x64 and 3840x2160";
    return false;
  }
  // The picture must not change the window's state: keep what the export frames overwrite.
  const Camera cam = s.cam;
  const Rect mapRect = s.mapRect, tlRect = s.timelineRect, details = s.detailsRect, status = s.statusRect, menu = s.menu,
             axis = s.axisRect;
  const float uiScale = s.uiScale;
  const bool fitPending = s.camPendingFit;
  const geo::BBox fitBox = s.fitBox;
  const int hovered = s.hovered;
  const auto screen = s.screen;
  std::string msg;
  int rc = 1;
  {
    HeadlessSession hs;
    if (hs.createInCurrentContext(w, h, &msg)) {
      fitCurrentViewInto(s);
      scaleUiFor(s, h, uiScale);
      rc = renderImage(s, hs, path, FrameLayout::Export, msg);
    }
  }
  s.cam = cam;
  s.mapRect = mapRect;
  s.timelineRect = tlRect;
  s.detailsRect = details;
  s.statusRect = status;
  s.menu = menu;
  s.axisRect = axis;
  s.uiScale = uiScale;
  s.camPendingFit = fitPending;
  s.fitBox = fitBox;
  s.hovered = hovered;
  s.screen = screen;
  s.fontRebuild = false;
  if (rc != 0 && error) *error = msg;
  return rc == 0;
}

// --- video -----------------------------------------------------------------------------------------
int exportVideo(AppState& s, const Options& o) {
  if (o.width > kMaxExportW || o.height > kMaxExportH) {
    std::fprintf(stderr, "chronomap: --size: exports are at most %dx%d\n", kMaxExportW, kMaxExportH);
    return 2;
  }
  const bool story = s.storyUi.loaded && !s.storyUi.story.steps.empty();
  if (!story && (!o.hasFrom || !o.hasTo)) {
    std::fprintf(stderr, "chronomap: --export-video needs --from and --to (playback), or --story\n");
    return 2;
  }
  FrameSink sink;
  std::string msg;
  int rc = openSink(o, sink, msg);
  if (rc != 0) {
    std::fprintf(stderr, "chronomap: %s\n", msg.c_str());
    return rc;
  }
  HeadlessSession hs;
  if (!hs.create(o.width, o.height, o.verbose, &msg)) {
    std::fprintf(stderr, "chronomap: --export-video: %s\n", msg.c_str());
    if (sink.pipe) ::pclose(sink.pipe);
    return 1;
  }
  const double dt = 1.0 / o.fps;
  std::vector<uint8_t> px;
  bool ok = true;
  auto emit = [&](FrameLayout layout) {
    if (!ok) return;
    hs.frame(s, layout, dt, &msg);
    if (pgLive(s)) {  // each frame shows its own window: asked for, awaited, drawn again
      pgSettle(s, 60.0);
      hs.frame(s, layout, 1e-4, &msg);
    }
    hs.read(px);
    if (!sink.add(px)) ok = false;
  };
  long expected = 0;
  if (story) {
    // Every step: the move into it (round(transition * fps) frames), then the hold.
    s.presenting = true;
    s.stepTransitionS = o.transition;
    const long tf = std::lround(o.transition * o.fps), hf = std::lround(o.hold * o.fps);
    const size_t n = s.storyUi.story.steps.size();
    expected = storyFrameCount(n, o.hold, o.transition, o.fps);
    for (int i = 0; i < 3; ++i) hs.frame(s, FrameLayout::Presenter, 1e-4, &msg);  // layout settles
    for (size_t i = 0; i < n && ok; ++i) {
      goToStep(s, int(i), tf > 0);
      for (long f = 0; f < tf + hf; ++f) emit(FrameLayout::Presenter);
      if (o.verbose) std::fprintf(stderr, "chronomap: step %zu of %zu: %ld frames so far\n", i + 1, n, sink.written);
    }
  } else {
    const double dur = o.duration > 0 ? o.duration : 10.0;
    const long frames = std::max(1L, std::lround(dur * o.fps));
    expected = frames;
    scaleUiFor(s, o.height, s.uiScale);
    s.playhead = o.from.t;
    for (int i = 0; i < 3; ++i) hs.frame(s, FrameLayout::Export, 1e-4, &msg);
    for (long f = 0; f < frames && ok; ++f) {
      const double k = frames > 1 ? double(f) / double(frames - 1) : 1.0;
      s.playhead = o.from.t + geo::Seconds(double(o.to.t - o.from.t) * k);
      emit(FrameLayout::Export);
    }
  }
  const bool ffOk = sink.finish();
  if (!ok || !ffOk) {
    std::fprintf(stderr, "chronomap: %s\n", (sink.error.empty() ? msg : sink.error).c_str());
    return sink.pipe || !ffOk ? 4 : 1;
  }
  if (o.verbose)
    std::fprintf(stderr, "chronomap: %ld frames of %dx%d at %d fps (%.2f s) written (expected %ld)\n", sink.written, o.width,
                 o.height, o.fps, double(sink.written) / o.fps, expected);
  std::printf("%s\n", o.exportVideo.c_str());
  return 0;
}

}  // namespace app
