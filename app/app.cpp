// The program: start-up, the frame (shared by the window and --render), the window loop with its
// idle wait, the headless renderer, signals. Sections follow that order.
#include "app/app.hpp"

#include <atomic>
#include <algorithm>
#include <chrono>
#include <cfloat>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include "app/cli.hpp"
#include "app/export.hpp"
#include "app/fonts.hpp"
#include "app/headless.hpp"
#include "app/jobs.hpp"
#include "app/loading.hpp"
#include "app/panels.hpp"
#include "app/pg_view.hpp"
#include "app/presenter.hpp"
#include "app/project.hpp"
#include "app/recovery.hpp"
#include "app/state_out.hpp"
#include "app/theme.hpp"
#include "app/ui_util.hpp"
#include "geo/io.hpp"
#include "render/gl.hpp"
#include "render/map_renderer.hpp"

namespace app {

namespace {
using Clock = std::chrono::steady_clock;

// Set by signal handlers, read by the loop (the only process-wide state, as signals require).
std::atomic<bool> gStateRequested{false};
std::atomic<bool> gQuitRequested{false};
extern "C" void onUsr1(int) { gStateRequested = true; }
extern "C" void onTerm(int) { gQuitRequested = true; }

// GLFW's last error, for the messages when no window or no OpenGL 3.3 context can be had.
std::string gGlfwError;
extern "C" void onGlfwError(int code, const char* what) {
  gGlfwError = std::string(what ? what : "?") + " (GLFW error 0x" + [code] {
    char b[16];
    std::snprintf(b, sizeof b, "%X", unsigned(code));
    return std::string(b);
  }() + ")";
}

// The state of the open window, for an exit that happens inside the window system: Xlib ends the
// process with exit() when the display goes away (the X server killed, the remote session closed).
// The unsaved story edits are written to the recovery file then (app/recovery.hpp).
std::atomic<AppState*> gWindowState{nullptr};
std::atomic<bool> gAtExitSet{false};
extern "C" void onExitWhileWindowOpen() {
  AppState* s = gWindowState.exchange(nullptr);
  if (!s) return;
  std::fprintf(stderr, "chronomap: the connection to the display was lost; quitting\n");
  if (s->storyUi.loaded && s->storyUi.dirty) {
    autosaveTick(*s, 1e18, /*force=*/true);
    if (!s->autosave.file.empty())
      std::fprintf(stderr, "chronomap: the unsaved story edits are kept in %s and will be offered at the next start\n",
                   s->autosave.file.c_str());
  }
}

double msBetween(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

}  // namespace

void applyStyle(bool dark, float scale) {
  useDarkCategoryPalette(dark);
  ImGuiStyle style;
  if (dark) ImGui::StyleColorsDark(&style);
  else ImGui::StyleColorsLight(&style);
  style.WindowRounding = 0;
  style.FrameRounding = 3;
  style.TabRounding = 3;
  style.WindowBorderSize = 1;
  style.ScaleAllSizes(scale);
  if (!dark) {
    style.Colors[ImGuiCol_WindowBg] = ImVec4(0.98f, 0.98f, 0.97f, 1);
    style.Colors[ImGuiCol_Text] = ImVec4(0.08f, 0.08f, 0.08f, 1);
    style.Colors[ImGuiCol_TextDisabled] = ImVec4(0.36f, 0.36f, 0.36f, 1);
  }
  ImGui::GetStyle() = style;
}

void uploadMapData(const AppState& s, Frame& fr) {
  std::vector<const geo::MapLayer*> layers;
  for (const auto& l : s.layers) layers.push_back(&l);
  fr.map.setLayers(layers);
  std::vector<const geo::RasterImage*> rasters;
  for (const auto& r : s.rasters) rasters.push_back(&r);
  fr.map.setRasters(rasters);
}

namespace {
// A project's view and story, once the layout (the map panel's size) is known.
void applyPendingProject(AppState& s) {
  if (!s.pendingProject || s.mapRect.w < 2) return;
  const std::shared_ptr<const Project> p = s.pendingProject;
  s.pendingProject.reset();
  applyProjectView(s, *p);
  const bool projectStory = p->storyInline || !p->storyPath.empty();
  if (p->storyInline) {
    setStory(s, p->story, "", std::max(0, p->storyStep - 1));
  } else if (!p->storyPath.empty()) {
    const std::string path = resolveAgainst(folderOf(s.projectPath), p->storyPath);
    std::string err;
    if (!openStory(s, path, std::max(0, p->storyStep - 1), &err)) s.problems.push_back({path, 0, "", err});
  }
  // The project reopens as it was saved: its view, time, mode and filters, not those of the story's
  // step (which only brings back its highlight). --step asks for the step itself.
  StoryUi& u = s.storyUi;
  if (projectStory && u.loaded && u.pendingStep >= 0 && !p->openStep) {
    u.step = u.pendingStep;
    u.pendingStep = -1;
    const StoryStep& st = u.story.steps[size_t(u.step)];
    s.highlight.assign(s.data.events.size(), 0);
    for (const std::string& id : st.highlight) {
      const int k = s.data.findEvent(id);
      if (k >= 0) s.highlight[size_t(k)] = 1;
    }
  }
}
}  // namespace

// Builds one frame: fonts/style if they changed, layout, keys, the story step and its transition, the
// map into its texture, then the panels of the layout. Leaves ImGui::Render() done; the caller draws
// the draw data into its target.
// ImGui draw callback: the events over the map panel, straight into the framebuffer being drawn.
void drawMapOverlay(const ImDrawList*, const ImDrawCmd* cmd) {
  Frame& fr = *static_cast<Frame*>(cmd->UserCallbackData);
  const PixelRect p = toPixels(ImGui::GetDrawData(), ImVec4(fr.mapPanel.x, fr.mapPanel.y, fr.mapPanel.w, fr.mapPanel.h));
  fr.map.drawOverlaysIn(fr.mapFrame, p.x, p.y, p.w, p.h);
}

void buildFrame(AppState& s, Frame& fr, float w, float h, bool hasBackend, FrameLayout layout) {
  // Presenter mode scales the whole UI with the screen (labels, legend, date read from the back).
  if (layout == FrameLayout::Presenter) {
    if (s.presenterSavedScale <= 0) s.presenterSavedScale = s.uiScale;
    const float want = s.presenterSavedScale * std::max(1.0f, h / 800.0f);
    if (std::fabs(want - s.uiScale) > 1e-3f) {
      s.uiScale = want;
      s.fontRebuild = true;
    }
  }
  // The card's fonts exist only where a card or a title band is drawn, built for this height.
  const float cardFor = layout == FrameLayout::Window ? 0.0f : h;
  if (fr.fonts.cardForHeight != cardFor) s.fontRebuild = true;
  const float scale = s.uiScale * s.contentScale;
  // The atlas already holds these fonts (the loading screen built them): no second build.
  if (s.fontRebuild && fr.fonts.regular && fr.fonts.builtPx == std::round(16.0f * scale) && fr.fonts.cardForHeight == cardFor)
    s.fontRebuild = false;
  if (s.fontRebuild) {
    fr.fonts = buildFonts(std::round(16.0f * scale), cardFor);
    if (hasBackend) {
            uploadFontAtlas();
      fr.compositor.invalidate();
    }
    s.fontRebuild = false;
  }
  if (fr.styleDark != s.dark || fr.styleScale != scale) {
    applyStyle(s.dark, scale);
    fr.styleDark = s.dark;
    fr.styleScale = scale;
  }
  ImGui_ImplOpenGL3_NewFrame();
  {
    // While presenting, a pointer that rests (a clicker in the other hand) hovers nothing: no tooltip
    // over the card. Moving it brings hovering back, for exploring.
    ImGuiIO& io = ImGui::GetIO();
    if (io.MousePos.x != s.pointerX || io.MousePos.y != s.pointerY || io.MouseDown[0] || io.MouseDown[1]) {
      s.pointerX = io.MousePos.x;
      s.pointerY = io.MousePos.y;
      s.pointerStillS = 0;
    } else {
      s.pointerStillS += io.DeltaTime;
    }
    if (layout == FrameLayout::Presenter && s.pointerStillS > 1.5) io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
  }
  ImGui::NewFrame();
  const float menuH = ImGui::GetFontSize() + ImGui::GetStyle().FramePadding.y * 2.0f;
  if (layout == FrameLayout::Presenter) computePresenterLayout(s, w, h);
  else if (layout == FrameLayout::Export) computeExportLayout(s, w, h);
  else computeLayout(s, w, h, menuH);
  applyPendingProject(s);
  s.widgets.clear();
  handleStoryKeys(s);  // presenter keys first: they take the step keys from the timeline
  handleGlobalKeys(s);
  applyPendingStep(s, s.stepTransitionS);
  stepTransition(s, ImGui::GetIO().DeltaTime);
  // CHRONOMAP_LOAD_PHASES=1 also prints the frame's parts that took more than 20 ms (the first frame
  // after a load builds the indexes).
  static const bool phases = std::getenv("CHRONOMAP_LOAD_PHASES") != nullptr;
  auto tp = Clock::now();
  auto slow = [&](const char* what) {
    if (!phases) return;
    const double ms = msBetween(tp, Clock::now());
    if (ms > 20) std::fprintf(stderr, "chronomap: frame part %-24s %7.1f ms\n", what, ms);
    tp = Clock::now();
  };
  fr.mapFrame = buildMapFrame(s);
  fr.mapPanel = s.mapRect;
  slow("buildMapFrame");
  const render::MapRenderer::BaseView base = fr.map.prepareBase(fr.mapFrame);
  slow("prepareBase");
  const MapImage tex{base.texture, base.u0, base.v0, base.u1, base.v1, &drawMapOverlay, &fr};
  if (layout == FrameLayout::Presenter) {
    drawPresenter(s, fr.fonts, tex);
  } else if (layout == FrameLayout::Export) {
    drawExportComposition(s, fr.fonts, tex);
  } else {
    drawMenuBar(s);
    drawMapPanel(s, fr.fonts, tex);
    slow("drawMapPanel");
    drawBottomPanel(s, fr.fonts);
    slow("drawBottomPanel");
    drawDetailsPanel(s, fr.fonts);
    slow("drawDetailsPanel");
    drawStatusBar(s);
    drawDialogs(s);
    drawFileDialog(s);
    drawHighlights(s);
  }
  drawStoryWindows(s, fr.fonts);
  if (layout == FrameLayout::Window) drawRecoveryDialog(s);
  applyCommands(s);
  ImGui::Render();
}

namespace {
size_t gProblemsSeen = 0;  // problems printed (or counted in "... and N more") so far
void printProblems(const AppState& s, bool verbose) {
  const size_t n = s.problems.size();
  if (n <= gProblemsSeen) return;
  const size_t from = gProblemsSeen;
  const size_t show = verbose ? n : std::min<size_t>(n, from + 10);
  for (size_t i = from; i < show; ++i) std::fprintf(stderr, "chronomap: %s\n", s.problems[i].text().c_str());
  if (show < n) std::fprintf(stderr, "chronomap: ... and %zu more problems (see the Problems tab)\n", n - show);
  gProblemsSeen = n;
}

bool initImGui() {
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // the layout is ours; no imgui.ini next to the user's files
  io.LogFilename = nullptr;
  return true;
}

// --- headless render -------------------------------------------------------------------------------
int renderToPng(AppState& s, const Options& o, Clock::time_point t0) {
  std::string err;
  HeadlessSession hs;
  if (!hs.create(o.width, o.height, o.verbose, &err)) {
    std::fprintf(stderr, "chronomap: --render: %s\n", err.c_str());
    return 1;
  }
  const FrameLayout layout = s.presenting ? FrameLayout::Presenter : FrameLayout::Window;
  // A few frames so that ImGui's auto-sized windows and tab bars settle, as in the window.
  // (A live PG: source: each frame's window is awaited here, never in the window's frames.)
  for (int i = 0; i < 3; ++i) {
    hs.frame(s, layout, 1.0 / 60.0, &err);
    pgSettle(s, 60.0);
  }
  printProblems(s, o.verbose);  // those of a project's story, opened in the first frame
  std::vector<uint8_t> px;
  hs.read(px);  // an opaque picture of the window
  if (!geo::writePng(o.renderOut, o.width, o.height, px.data(), &err)) {
    std::fprintf(stderr, "chronomap: %s\n", err.c_str());
    return 1;
  }
  if (o.verbose) std::fprintf(stderr, "chronomap: rendered %dx%d in %.0f ms since start\n", o.width, o.height, msBetween(t0, Clock::now()));
  if (!o.stateOut.empty() && !writeState(s, o.stateOut, &err)) std::fprintf(stderr, "chronomap: %s\n", err.c_str());
  std::printf("%s\n", o.renderOut.c_str());
  return 0;
}

// --- window ----------------------------------------------------------------------------------------
// Input marks the window dirty so the loop draws; otherwise it sleeps in glfwWaitEventsTimeout.
// Our callbacks are installed first; ImGui's GLFW backend chains to them.
struct WindowCtx {
  int framesToDraw = 3;
  std::vector<AppState::KeyPress> presses;
  std::vector<std::string> drops;
  double pressX = -1, pressY = -1;  // pointer at the last left press (window px)
  bool pressed = false;
  // The pointer as of the last motion event processed (window px). X11's glfwGetCursorPos asks the
  // server where the pointer is now, which under load is already past where the button went down.
  double cursorX = 0, cursorY = 0;
  bool cursorKnown = false;
};
WindowCtx* ctxOf(GLFWwindow* w) { return static_cast<WindowCtx*>(glfwGetWindowUserPointer(w)); }
void wake(GLFWwindow* w) { ctxOf(w)->framesToDraw = 3; }
void cbCursor(GLFWwindow* w, double x, double y) {
  WindowCtx* c = ctxOf(w);
  c->cursorX = x;
  c->cursorY = y;
  c->cursorKnown = true;
  wake(w);
}
void cbButton(GLFWwindow* w, int button, int action, int) {
  if (button == GLFW_MOUSE_BUTTON_LEFT && action == GLFW_PRESS) {
    WindowCtx* c = ctxOf(w);
    if (c->cursorKnown) {
      c->pressX = c->cursorX;
      c->pressY = c->cursorY;
    } else {
      glfwGetCursorPos(w, &c->pressX, &c->pressY);
    }
    c->pressed = true;
  }
  wake(w);
}
void cbScroll(GLFWwindow* w, double, double) { wake(w); }
void cbKey(GLFWwindow* w, int key, int, int action, int mods) {
  if (action != GLFW_RELEASE) ctxOf(w)->presses.push_back({key, mods});
  wake(w);
}
void cbChar(GLFWwindow* w, unsigned) { wake(w); }
void cbEnter(GLFWwindow* w, int) { wake(w); }
void cbFocus(GLFWwindow* w, int) { wake(w); }
void cbSize(GLFWwindow* w, int, int) { wake(w); }
void cbRefresh(GLFWwindow* w) { wake(w); }
void cbScale(GLFWwindow* w, float, float) { wake(w); }
void cbDrop(GLFWwindow* w, int count, const char** paths) {
  for (int i = 0; i < count; ++i) ctxOf(w)->drops.emplace_back(paths[i]);
  wake(w);
}

// While the command line's sources load on a worker, the window shows what it is loading.
void drawSplash(const UiFonts& f, float w, float h, const std::string& what, const geo::LoadProgress& p) {
  ImGui_ImplOpenGL3_NewFrame();
  ImGui::NewFrame();
  ImGui::SetNextWindowPos(ImVec2(w * 0.5f, h * 0.5f), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::Begin("Loading", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings);
  ImGui::PushFont(f.large);
  ImGui::TextUnformatted("Chronomap");
  ImGui::PopFont();
  ImGui::Text("Loading %s", what.c_str());
  const int64_t total = p.total.load(), done = p.done.load();
  const float frac = total > 0 ? float(double(done) / double(total)) : float(ImGui::GetTime() * 0.5 - std::floor(ImGui::GetTime() * 0.5));
  ImGui::ProgressBar(frac, ImVec2(420 * ImGui::GetFontSize() / 16.0f, 0), total > 0 ? nullptr : "");
  ImGui::End();
  ImGui::Render();
}

// What follows a load: the sources remembered (for projects), the story opened, a project's view
// queued (applied once the layout is known), presenter mode.
void afterLoad(AppState& s, const Options& o, const Project* proj) {
  s.eventSources = o.events;
  s.mapSources = o.maps;
  s.rasterSources = o.rasters;
  s.presenting = o.present;
  s.recent = loadRecent();
  if (proj) {
    s.projectPath = o.project;
    auto p = std::make_shared<Project>(*proj);
    if (!o.story.empty()) {  // --story wins over the project's story
      p->storyPath.clear();
      p->storyInline = false;
    } else if (o.step > 0) {
      p->storyStep = o.step;
      p->openStep = true;
    }
    s.pendingProject = p;
    addRecent(o.project);
    s.recent = loadRecent();
  }
  if (!o.story.empty() && s.proj) {
    std::string err;
    if (!openStory(s, o.story, o.step > 0 ? o.step - 1 : 0, &err)) s.problems.push_back({o.story, 0, "", err});
  }
}

// Loads the sources of `o` into s on a worker while the window shows what it is loading; closing is
// set when the user closed the window (or SIGTERM came) meanwhile.
// The initial load on a worker, started as early as possible (before the window exists).
struct BackgroundLoad {
  geo::LoadProgress progress;
  std::atomic<bool> done{false};
  LoadReport rep;
  std::thread thread;
  void start(AppState& s, const Options& o) {
    thread = std::thread([this, &s, &o] {
      rep = loadInitialData(s, o, &progress, /*deferRelief=*/true);
      done = true;
      glfwPostEmptyEvent();
    });
  }
};

LoadReport loadWithSplash(GLFWwindow* win, AppState& s, const Options& o, bool& closing, UiFonts* fontsOut = nullptr,
                          BackgroundLoad* running = nullptr) {
  BackgroundLoad own;
  BackgroundLoad& bg = running ? *running : own;
  if (!running) bg.start(s, o);
  geo::LoadProgress& progress = bg.progress;
  std::atomic<bool>& done = bg.done;
  const std::string what = o.events.empty() ? std::string("the bundled events") : geo::sourceLabel(o.events.front());
  UiFonts splashFonts = buildFonts(std::round(16.0f * s.contentScale));
    uploadFontAtlas();
  applyStyle(false, s.contentScale);
  while (!done) {
    glfwWaitEventsTimeout(0.05);
    if (glfwWindowShouldClose(win) || gQuitRequested) {
      progress.cancel = true;
      closing = true;
    }
    if (done) break;
    int fbw = 0, fbh = 0, ww = 0, wh = 0;
    glfwGetFramebufferSize(win, &fbw, &fbh);
    glfwGetWindowSize(win, &ww, &wh);
    ImGui_ImplGlfw_NewFrame();
    drawSplash(splashFonts, float(ww), float(wh), what, progress);
    render::beginWindowFrame(fbw, fbh, render::rgb(0xF7F7F5));
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    glfwSwapBuffers(win);
  }
  bg.thread.join();
  s.fontRebuild = true;
  if (fontsOut) *fontsOut = splashFonts;  // still in ImGui's atlas and uploaded: the first frame reuses them
  return bg.rep;
}

int runWindow(AppState& s, const Options& o, Clock::time_point t0, const Project* startProject) {
  LoadReport rep;
  // The command line's sources start loading now, while the window and its GL context come up.
  BackgroundLoad early;
  early.start(s, o);
  struct JoinEarly {
    BackgroundLoad& b;
    ~JoinEarly() {
      if (b.thread.joinable()) {
        b.progress.cancel = true;
        b.thread.join();
      }
    }
  } joinEarly{early};
  glfwSetErrorCallback(onGlfwError);
  if (!glfwInit()) {
    std::fprintf(stderr, "chronomap: cannot open a window (no display?): %s. Use --render OUT.png to draw without one.\n",
                 gGlfwError.c_str());
    return 1;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
  GLFWwindow* win = glfwCreateWindow(o.width, o.height, "Chronomap", nullptr, nullptr);
  // Exit status 5 (documented): the graphics driver offers no OpenGL 3.3 core context.
  const char* kNoGl33 =
      "chronomap: this computer's graphics driver offers no OpenGL 3.3 core context, which Chronomap needs "
      "(%s). Update the graphics driver, or use Mesa's software renderer (LIBGL_ALWAYS_SOFTWARE=1); "
      "--render OUT.png and --export-image draw without a window.\n";
  if (!win) {
    std::fprintf(stderr, kNoGl33, gGlfwError.empty() ? "no window could be created" : gGlfwError.c_str());
    glfwTerminate();
    return 5;
  }
  // GLFW_SCALE_TO_MONITOR multiplies the asked size by the DPI scale (3200x1800 at Xft.dpi 192):
  // the window is kept within the monitor's work area.
  if (GLFWmonitor* mon = glfwGetPrimaryMonitor()) {
    int mx = 0, my = 0, mw = 0, mh = 0, ww = 0, wh = 0;
    glfwGetMonitorWorkarea(mon, &mx, &my, &mw, &mh);
    glfwGetWindowSize(win, &ww, &wh);
    if (mw > 0 && mh > 0 && (ww > mw || wh > mh)) {
      glfwSetWindowSize(win, std::min(ww, mw), std::min(wh, mh));
      glfwSetWindowPos(win, mx, my);
    }
  }
  glfwMakeContextCurrent(win);
  glfwSwapInterval(1);
  std::string err;
  if (!render::loadGL(reinterpret_cast<render::ProcLoader>(&glfwGetProcAddress), &err)) {
    const std::string what = err + ", the driver gives " + render::rendererDescription();
    std::fprintf(stderr, kNoGl33, what.c_str());
    glfwDestroyWindow(win);
    glfwTerminate();
    return 5;
  }
  if (o.verbose) std::fprintf(stderr, "chronomap: %s\n", render::rendererDescription().c_str());
  WindowCtx wctx;
  glfwSetWindowUserPointer(win, &wctx);
  glfwSetCursorPosCallback(win, cbCursor);
  glfwSetMouseButtonCallback(win, cbButton);
  glfwSetScrollCallback(win, cbScroll);
  glfwSetKeyCallback(win, cbKey);
  glfwSetCharCallback(win, cbChar);
  glfwSetCursorEnterCallback(win, cbEnter);
  glfwSetWindowFocusCallback(win, cbFocus);
  glfwSetFramebufferSizeCallback(win, cbSize);
  glfwSetWindowRefreshCallback(win, cbRefresh);
  glfwSetWindowContentScaleCallback(win, cbScale);
  glfwSetDropCallback(win, cbDrop);

  initImGui();
  ImGui_ImplGlfw_InitForOpenGL(win, true);
  ImGui_ImplOpenGL3_Init("#version 330 core");
  float xs = 1, ys = 1;
  glfwGetWindowContentScale(win, &xs, &ys);
  s.contentScale = std::max(1.0f, xs);

  // The command line's sources (or the bundled data) load on a worker; the window stays live.
  UiFonts loadedFonts;
  {
    bool closing = false;
    rep = loadWithSplash(win, s, o, closing, &loadedFonts, &early);
    if (closing) s.wantQuit = true;
  }
  s.loadDoneMs = msBetween(t0, Clock::now());
  afterLoad(s, o, startProject);
  {
    // Story edits an earlier run could not save (it was killed, or lost its display): offered now.
    std::vector<std::string> bad;
    s.recoveries = findRecoveries(&bad);
    for (const std::string& b : bad) s.problems.push_back({"recovery", 0, "", b});
    if (!s.recoveries.empty())
      std::fprintf(stderr, "chronomap: %zu unsaved story edit(s) from an earlier run offered for recovery\n", s.recoveries.size());
  }
  gWindowState = &s;
  if (!gAtExitSet.exchange(true)) std::atexit(onExitWhileWindowOpen);  // once a process
  if (o.verbose)
    std::fprintf(stderr, "chronomap: %zu events, %zu eras loaded in %.0f ms; %zu map layers in %.0f ms\n",
                 s.data.events.size(), s.data.eras.size(), rep.eventsMs, s.layers.size(), rep.basemapMs);
  if (!rep.badArgument.empty()) std::fprintf(stderr, "chronomap: %s\n", rep.badArgument.c_str());
  if (!s.proj) s.wantQuit = true;
  if (!o.select.empty() && s.selected < 0)
    s.problems.push_back({"--select", 0, "", "no event has the id '" + o.select + "'"});
  printProblems(s, o.verbose);

  int rc = rep.badArgument.empty() ? 0 : 2;
  {
    JobQueue jobs([] { glfwPostEmptyEvent(); });
    Frame fr;
    fr.fonts = loadedFonts;
    // CHRONOMAP_FULL_REDRAW=1 draws every frame whole (to compare, or should a driver misbehave).
    Clock::time_point lastFrameStart = Clock::now();
    double wakeAt = -1;  // glfwGetTime() of a frame asked for later (s.redrawIn)
    const char* full = std::getenv("CHRONOMAP_FULL_REDRAW");
    fr.compositor.setEnabled(!(full && *full && std::string(full) != "0"));
    if (!fr.map.init(&err)) {
      std::fprintf(stderr, "chronomap: %s\n", err.c_str());
      return 1;
    }
    std::vector<const geo::MapLayer*> layers;
    for (const auto& l : s.layers) layers.push_back(&l);
    fr.map.setLayers(layers);
    std::vector<const geo::RasterImage*> rasters;
    for (const auto& r : s.rasters) rasters.push_back(&r);
    fr.map.setRasters(rasters);
    bool first = true;
    bool fullscreen = false;
    int savedX = 0, savedY = 0, savedW = o.width, savedH = o.height;
    while (!gQuitRequested) {
      // Quitting with unsaved story or project edits asks first (SIGTERM always quits).
      if (glfwWindowShouldClose(win) || s.wantQuit || s.quitConfirmed) {
        if (s.quitConfirmed || !s.proj || !hasUnsavedChanges(s)) break;
        glfwSetWindowShouldClose(win, GLFW_FALSE);
        s.wantQuit = false;
        s.quitPrompt = true;
        wctx.framesToDraw = std::max(wctx.framesToDraw, 3);
      }
      // Presenter mode: full screen on the window's monitor, and back to the window as it was.
      if (s.presenting != fullscreen) {
        if (s.presenting) {
          glfwGetWindowPos(win, &savedX, &savedY);
          glfwGetWindowSize(win, &savedW, &savedH);
          GLFWmonitor* mon = glfwGetPrimaryMonitor();
          const GLFWvidmode* mode = mon ? glfwGetVideoMode(mon) : nullptr;
          if (mode) glfwSetWindowMonitor(win, mon, 0, 0, mode->width, mode->height, mode->refreshRate);
        } else {
          glfwSetWindowMonitor(win, nullptr, savedX, savedY, savedW, savedH, 0);
        }
        fullscreen = s.presenting;
        wctx.framesToDraw = std::max(wctx.framesToDraw, 3);
      }
      // A project opened from File > Open or Recent: everything is reloaded from its sources, after
      // "Save changes?" when the story or the project has unsaved edits.
      if (!s.openProjectRequest.empty() && !s.openConfirmed && s.proj && hasUnsavedChanges(s)) {
        s.openAfterPrompt = s.openProjectRequest;
        s.openProjectRequest.clear();
        wctx.framesToDraw = std::max(wctx.framesToDraw, 3);
      }
      if (!s.openProjectRequest.empty()) {
        s.openConfirmed = false;
        const std::string path = s.openProjectRequest;
        s.openProjectRequest.clear();
        Project proj;
        if (!loadProject(path, proj, &err)) {
          s.statusMessage = err;
          s.problems.push_back({path, 0, "", err});
        } else {
          jobs.cancelAll();
          Options po = o;
          po.events.clear();
          po.story.clear();
          po.step = 0;
          po.present = false;
          po.hasTime = false;
          po.hasBbox = false;
          po.select.clear();
          po.window.clear();
          po.windowSeconds = 0;
          po.hideLayers.clear();
          po.crs.clear();
          po.project = path;
          projectToOptions(proj, path, po);
          AppState ns;
          ns.contentScale = s.contentScale;
          ns.uiScale = s.uiScale;
          ns.dark = s.dark;
          bool closing = false;
          rep = loadWithSplash(win, ns, po, closing, &fr.fonts);  // the atlas now holds these fonts
          if (!ns.proj) {
            s.statusMessage = path + ": " + rep.badArgument;
            s.fontRebuild = true;
          } else {
            autosaveDone(s);  // the story's edits were saved or discarded at "Save changes?"
            s = std::move(ns);
            s.loadDoneMs = msBetween(t0, Clock::now());  // --state-out load.done: the project's sources are in
            afterLoad(s, po, &proj);
            uploadMapData(s, fr);
            first = true;
          }
          if (closing) break;
        }
        wctx.framesToDraw = std::max(wctx.framesToDraw, 3);
      }
      // Idle: sleep until input; wake four times a second to notice SIGUSR1 without drawing.
      // While loads run, wake ten times a second to move the progress bar.
      const bool loadingNow = jobs.busy();
      // While animating (playback, a fly-to, a story transition) every frame is drawn, paced to 60 a
      // second (where swaps do not wait for the display, as under Xvfb, frames would run unbounded).
      if (wctx.framesToDraw <= 0 && !gStateRequested) {
        if (!s.animating) {
          // A frame asked for later (the sharp basemap once a zoom rests): wake for it.
          double wait = loadingNow ? 0.1 : 0.25;
          if (wakeAt >= 0) wait = std::clamp(wakeAt - glfwGetTime(), 0.0, wait);
          glfwWaitEventsTimeout(wait);
        } else {
          const double left = 1.0 / 60.0 - msBetween(lastFrameStart, Clock::now()) / 1000.0;
          if (left > 0.0005) glfwWaitEventsTimeout(left);
        }
      }
      const auto f0 = Clock::now();
      lastFrameStart = f0;
      glfwPollEvents();
      const bool stateNow = gStateRequested.exchange(false);
      // Background loads: start what was asked, merge what finished.
      for (auto& d : wctx.drops) {
        geo::allowNamedSource(d);  // dropped on the window: named by the user
        s.openRequests.push_back(d);
      }
      wctx.drops.clear();
      for (auto it = s.openRequests.begin(); it != s.openRequests.end();) {
        if (isProjectFile(*it)) {
          s.openProjectRequest = *it;
          it = s.openRequests.erase(it);
        } else {
          s.eventSources.push_back(*it);  // moved to mapSources/rasterSources if it loads as such
          s.projectDirty = true;
          ++it;
        }
      }
      for (const auto& path : s.openRequests) jobs.loadEvents(path, s.loadOptions, s.proj->definition(), s.placesLonLat, s.pgLiveAbove);
      if (!s.openRequests.empty()) wctx.framesToDraw = std::max(wctx.framesToDraw, 1);
      s.openRequests.clear();
      if (s.cancelLoads) {
        jobs.cancelAll();
        s.cancelLoads = false;
      }
      bool layersChanged = false, rastersChanged = false;
      for (LoadResult& r : jobs.takeFinished()) {
        const size_t before = s.layers.size(), rastersBefore = s.rasters.size();
        const bool isRelief = r.path == rep.deferredRelief;
        mergeLoadResult(s, r);
        if (!isRelief && (!r.layers.empty() || !r.rasters.empty())) {
          auto& from = s.eventSources;
          if (std::find(from.begin(), from.end(), r.path) != from.end()) {
            from.erase(std::find(from.begin(), from.end(), r.path));
            (r.layers.empty() ? s.rasterSources : s.mapSources).push_back(r.path);
          }
        }
        layersChanged = layersChanged || s.layers.size() != before;
        rastersChanged = rastersChanged || s.rasters.size() != rastersBefore;
        wctx.framesToDraw = std::max(wctx.framesToDraw, 2);
      }
      if (layersChanged) {
        std::vector<const geo::MapLayer*> all;
        for (const auto& l : s.layers) all.push_back(&l);
        fr.map.setLayers(all);
      }
      if (rastersChanged) {
        std::vector<const geo::RasterImage*> all;
        for (const auto& r : s.rasters) all.push_back(&r);
        fr.map.setRasters(all);
      }
      s.loading.clear();
      for (const JobProgress& p : jobs.progress()) s.loading.push_back({p.name, p.fraction});
      if (!s.loading.empty()) wctx.framesToDraw = std::max(wctx.framesToDraw, 1);
      // A live PG: source's result (or state) arrived: draw it (app/pg_view.hpp).
      setPgWake(s, [] { glfwPostEmptyEvent(); });
      if (pgTakeNews(s)) wctx.framesToDraw = std::max(wctx.framesToDraw, 1);
      if (wakeAt >= 0 && glfwGetTime() >= wakeAt) {
        wakeAt = -1;
        wctx.framesToDraw = std::max(wctx.framesToDraw, 1);
      }
      autosaveTick(s, glfwGetTime());
      if (wctx.framesToDraw <= 0 && !stateNow && !s.animating) continue;
      float cs = 1;
      glfwGetWindowContentScale(win, &cs, &ys);
      if (std::max(1.0f, cs) != s.contentScale) {
        s.contentScale = std::max(1.0f, cs);
        s.fontRebuild = true;
      }
      int fbw = 0, fbh = 0, ww = 0, wh = 0;
      glfwGetFramebufferSize(win, &fbw, &fbh);
      glfwGetWindowSize(win, &ww, &wh);
      if (fbw <= 0 || fbh <= 0) {
        // Minimised (a zero-sized framebuffer on some platforms): nothing to draw, but SIGUSR1 is
        // still answered, so scripts see the program alive.
        wctx.framesToDraw = 0;
        if (stateNow && !o.stateOut.empty() && !writeState(s, o.stateOut, &err))
          std::fprintf(stderr, "chronomap: %s\n", err.c_str());
        continue;
      }
      s.keyPresses.insert(s.keyPresses.end(), wctx.presses.begin(), wctx.presses.end());
      wctx.presses.clear();
      if (wctx.pressed) {
        s.pressX = float(wctx.pressX);
        s.pressY = float(wctx.pressY);
        wctx.pressed = false;
      }
      ImGui_ImplGlfw_NewFrame();
      buildFrame(s, fr, float(ww), float(wh), true, s.presenting ? FrameLayout::Presenter : FrameLayout::Window);
      // Only what changed is drawn: while the map moves, the panels around it stay in the back buffer.
      fr.compositor.draw(ImGui::GetDrawData(), fbw, fbh, ui::panelBackground(),
                         ImVec4(fr.mapPanel.x, fr.mapPanel.y, fr.mapPanel.w, fr.mapPanel.h), &drawMapOverlay);
      glfwSwapBuffers(win);
      if (s.redrawIn >= 0) {
        wakeAt = glfwGetTime() + s.redrawIn;
        s.redrawIn = -1;
      }
      s.redraw.frames = fr.compositor.frames();
      {
        const render::MapRenderer::CacheStats cs = fr.map.cacheStats();
        s.basemap.draws = cs.draws;
        s.basemap.shifts = cs.shifts;
        s.basemap.previews = cs.previews;
      }
      s.redraw.partial = fr.compositor.partialFrames();
      s.frames.add(msBetween(f0, Clock::now()));
      --wctx.framesToDraw;
      // File > Export image (Ctrl+E): drawn offscreen with a second ImGui context, between frames.
      if (s.exportNow) {
        s.exportNow = false;
        std::string e;
        fr.compositor.invalidate();  // drawn with GL state of its own: draw the next frame whole
        if (exportImageInProcess(s, s.exportPath, s.exportW, s.exportH, &e))
          s.exportMessage = s.statusMessage = "Exported " + s.exportPath + " (" + std::to_string(s.exportW) + "x" + std::to_string(s.exportH) + ")";
        else
          s.exportMessage = s.statusMessage = "Not exported: " + e;
        wctx.framesToDraw = std::max(wctx.framesToDraw, 3);
      }
      if (first) {
        first = false;
        // The relief shade arrives a moment after the first frame, from a worker.
        if (!rep.deferredRelief.empty()) jobs.loadRaster(rep.deferredRelief, s.proj->definition(), 2048, "relief", kReliefFeatherPx);
        if (o.verbose)
          std::fprintf(stderr, "chronomap: first frame with %zu events shown %.0f ms after start\n", s.data.events.size(),
                       msBetween(t0, Clock::now()));
      }
      if (stateNow && !o.stateOut.empty() && !writeState(s, o.stateOut, &err))
        std::fprintf(stderr, "chronomap: %s\n", err.c_str());
    }
    // Quitting as the user asked (saved or discarded): no recovery. SIGTERM or SIGINT quit without
    // asking: the unsaved story edits stay in the recovery file for the next start.
    if (gQuitRequested) autosaveTick(s, 1e18, /*force=*/true);
    else autosaveDone(s);
    if (!o.stateOut.empty() && !writeState(s, o.stateOut, &err)) {
      std::fprintf(stderr, "chronomap: %s\n", err.c_str());
      rc = 1;
    }
  }
  gWindowState = nullptr;
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(win);
  glfwTerminate();
  return rc;
}
}  // namespace

int run(int argc, char** argv) {
  const auto t0 = Clock::now();
  Options o;
  std::string err;
  if (parseArgs(argc, argv, o, err) != 0) {
    std::fprintf(stderr, "chronomap: %s\n", err.c_str());
    return 2;
  }
  if (o.help) {
    std::fputs(helpText().c_str(), stdout);
    return 0;
  }
  std::signal(SIGUSR1, onUsr1);
  std::signal(SIGTERM, onTerm);
  std::signal(SIGINT, onTerm);
  std::signal(SIGHUP, onTerm);  // the terminal closed: quit as SIGTERM does (the edits kept for recovery)
  geo::initGdal();
  // No network unless asked: only the remote sources named here (and in File > Open) are fetched.
  if (o.allowNetwork) geo::setNetworkAllowed(true);
  for (const auto* list : {&o.events, &o.maps, &o.rasters})
    for (const std::string& src : *list) geo::allowNamedSource(src);
  AppState s;
  // A project replaces the sources of the command line; a story may name its events.
  Project project;
  const bool hasProject = !o.project.empty();
  if (hasProject) {
    if (!loadProject(o.project, project, &err)) {
      std::fprintf(stderr, "chronomap: %s\n", err.c_str());
      return 2;
    }
    projectToOptions(project, o.project, o);
    if (!project.storyPath.empty() && o.story.empty() && o.step > 0) {
      Story st;
      const std::string sp = resolveAgainst(folderOf(o.project), project.storyPath);
      if (loadStory(sp, st, nullptr, nullptr) && o.step > int(st.steps.size())) {
        std::fprintf(stderr, "chronomap: --step: %d is outside the story's steps 1 to %zu\n", o.step, st.steps.size());
        return 2;
      }
    }
  }
  if (!o.story.empty()) {
    Story st;
    if (!loadStory(o.story, st, &err, nullptr)) {
      std::fprintf(stderr, "chronomap: --story: %s\n", err.c_str());
      return 2;
    }
    if (o.step > int(st.steps.size())) {
      std::fprintf(stderr, "chronomap: --step: %d is outside the story's steps 1 to %zu\n", o.step, st.steps.size());
      return 2;
    }
    if (o.events.empty() && !hasProject && !st.events.empty()) o.events.push_back(resolveAgainst(folderOf(o.story), st.events));
  }
  const bool headless = !o.renderOut.empty() || !o.exportImage.empty() || !o.exportVideo.empty();
  if (!headless) return runWindow(s, o, t0, hasProject ? &project : nullptr);
  const LoadReport rep = loadInitialData(s, o);
  if (!rep.badArgument.empty()) {
    // A CRS that came from the project is the project's fault, not the command line's.
    if (hasProject && !project.crs.empty() && o.crs == project.crs && rep.badArgument.rfind("--crs: ", 0) == 0)
      std::fprintf(stderr, "chronomap: %s: crs: %s\n", o.project.c_str(), rep.badArgument.c_str() + 7);
    else
      std::fprintf(stderr, "chronomap: %s\n", rep.badArgument.c_str());
    return 2;
  }
  if (o.verbose)
    std::fprintf(stderr, "chronomap: %zu events, %zu eras loaded in %.0f ms; %zu map layers in %.0f ms\n",
                 s.data.events.size(), s.data.eras.size(), rep.eventsMs, s.layers.size(), rep.basemapMs);
  if (!o.select.empty() && s.selected < 0)
    s.problems.push_back({"--select", 0, "", "no event has the id '" + o.select + "'"});
  {
    if (!rep.unopenable.empty()) {
      printProblems(s, o.verbose);
      // Each source that cannot be opened is named, once (the problems above may hold it already).
      const size_t shown = o.verbose ? s.problems.size() : std::min<size_t>(s.problems.size(), 10);
      for (const auto& u : rep.unopenable) {
        bool already = false;
        for (size_t i = 0; i < shown && !already; ++i) already = s.problems[i].text() == u;
        if (!already) std::fprintf(stderr, "chronomap: %s\n", u.c_str());
      }
      return 3;
    }
    afterLoad(s, o, hasProject ? &project : nullptr);
    // After the story is opened: its problems (a step selecting a missing event) are shown too.
    printProblems(s, o.verbose);
    if (!o.exportImage.empty()) return exportImage(s, o);
    if (!o.exportVideo.empty()) return exportVideo(s, o);
    return renderToPng(s, o, t0);
  }
}

}  // namespace app
