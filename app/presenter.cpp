// Stories in the program and presenter mode. Sections: opening a story; steps and the transition;
// keys; presenter layout; the card (rich text); the export composition; highlight rings.
#include "app/presenter.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>

#include <GLFW/glfw3.h>  // key codes
#include <imgui.h>
#include <imgui_internal.h>  // FindWindowByName (hiding the map's tool window in pictures)

#include "app/filters.hpp"
#include "app/fonts.hpp"
#include "app/map_view.hpp"
#include "app/project.hpp"
#include "app/ui_util.hpp"

namespace app {

using namespace ui;

// --- opening a story -------------------------------------------------------------------------------
void checkStoryAgainstData(AppState& s) {
  if (!s.storyUi.loaded) return;
  const std::string src = s.storyUi.path.empty() ? std::string("story") : s.storyUi.path;
  const auto& steps = s.storyUi.story.steps;
  for (size_t i = 0; i < steps.size(); ++i) {
    const std::string where = "step " + std::to_string(i + 1) + ", ";
    for (const std::string& id : steps[i].highlight)
      if (s.data.findEvent(id) < 0) s.problems.push_back({src, 0, "", where + "highlight: no event has the id '" + id + "'"});
    if (!steps[i].select.empty() && s.data.findEvent(steps[i].select) < 0)
      s.problems.push_back({src, 0, "", where + "select: no event has the id '" + steps[i].select + "'"});
    for (const auto& layer : steps[i].layers) {
      const std::string& name = layer.first;  // not a structured binding: the lambdas below capture it
      const bool known = std::any_of(s.layerInfo.begin(), s.layerInfo.end(), [&](const LayerInfo& l) { return l.label == name; }) ||
                         std::any_of(s.rasterInfo.begin(), s.rasterInfo.end(), [&](const AppState::RasterInfo& r) { return r.label == name; }) ||
                         name == "relief";
      if (!known) s.problems.push_back({src, 0, "", where + "layers: no map layer is called '" + name + "'"});
    }
  }
}

void setStory(AppState& s, Story story, const std::string& path, int step0) {
  StoryUi& u = s.storyUi;
  u = StoryUi{};
  u.loaded = true;
  u.story = std::move(story);
  u.path = path;
  u.step = -1;
  checkStoryAgainstData(s);
  goToStep(s, std::clamp(step0, 0, int(u.story.steps.size()) - 1), false);
}

bool openStory(AppState& s, const std::string& path, int step0, std::string* error) {
  Story st;
  std::vector<std::string> problems;
  if (!loadStory(path, st, error, &problems)) return false;
  for (const auto& p : problems) s.problems.push_back({path, 0, "", p});
  setStory(s, std::move(st), path, step0);
  return true;
}

// --- steps and the transition ----------------------------------------------------------------------
Camera cameraForBox(const AppState& s, const geo::BBox& wgs84) {
  Camera c = s.cam;
  if (s.proj) fitWgs84(c, s.mapRect, *s.proj, wgs84);
  return c;
}

void goToStep(AppState& s, int step0, bool animate) {
  StoryUi& u = s.storyUi;
  if (!u.loaded || u.story.steps.empty()) return;
  u.pendingStep = std::clamp(step0, 0, int(u.story.steps.size()) - 1);
  u.pendingAnimate = animate;
}

namespace {
// The story's time span (steps' times), padded, for the presenter's timeline strip.
bool storyTimeSpan(const Story& st, geo::Seconds& a, geo::Seconds& b) {
  bool any = false;
  for (const StoryStep& p : st.steps) {
    if (!p.timeOk) continue;
    a = any ? std::min(a, p.timeS) : p.timeS;
    b = any ? std::max(b, p.timeS) : p.timeS;
    any = true;
  }
  if (!any) return false;
  const geo::Seconds pad = std::max<geo::Seconds>((b - a) / 12, 60 * 86400);
  a -= pad;
  b += pad;
  return true;
}
}  // namespace

void applyPendingStep(AppState& s, double transitionS) {
  StoryUi& u = s.storyUi;
  if (u.pendingStep < 0 || !u.loaded || s.mapRect.w < 2 || !s.proj) return;
  const int i = std::clamp(u.pendingStep, 0, int(u.story.steps.size()) - 1);
  const bool animate = u.pendingAnimate && transitionS > 0;
  u.pendingStep = -1;
  u.step = i;
  const StoryStep& st = u.story.steps[size_t(i)];
  // Mode and window.
  if (st.mode == "window" && st.windowS > 0) {
    s.mode = TimeMode::Window;
    s.windowS = st.windowS;
  } else if (st.mode == "all") {
    s.mode = TimeMode::All;
  } else {
    s.mode = TimeMode::Cumulative;
  }
  s.playing = false;
  s.hasRange = false;
  // Highlight and selection (ids the data lacks were reported when the story was opened).
  s.highlight.assign(s.data.events.size(), 0);
  for (const std::string& id : st.highlight) {
    const int k = s.data.findEvent(id);
    if (k >= 0) s.highlight[size_t(k)] = 1;
  }
  s.selected = st.select.empty() ? -1 : s.data.findEvent(st.select);
  s.mapui.lastSelected = s.selected;  // the step's camera, not a fly to the selection
  s.mapui.selectionFromMap = false;
  s.mapui.flying = false;
  // Layers: named ones only.
  for (const auto& [name, on] : st.layers) {
    for (auto& l : s.layerInfo)
      if (l.label == name) l.visible = on;
    for (auto& r : s.rasterInfo)
      if (r.label == name) r.visible = on;
  }
  // Filters: absent = all cleared.
  Filters f;
  if (st.hasFilters) {
    f.text = st.filters.text;
    f.categories = st.filters.categories;
    f.countries = st.filters.countries;
    f.actors = st.filters.actors;
    f.minFatalities = st.filters.minFatalities;
    geo::precisionFromName(st.filters.minPrecision, f.minPrecision);
  }
  s.filters = f;
  s.tlui.minPrecision = int(f.minPrecision);  // the timeline's precision filter drives the shared one
  // Time and camera.
  const geo::Seconds toT = st.timeOk ? st.timeS : s.playhead;
  const Camera to = st.hasBbox ? cameraForBox(s, st.bbox) : s.cam;
  if (s.presenting) {
    geo::Seconds a = 0, b = 0;
    if (storyTimeSpan(u.story, a, b)) {
      s.tl.start = a;
      s.tl.end = b;
    }
  } else if (toT < s.tl.start || toT > s.tl.end) {
    const geo::Seconds span = s.tl.end - s.tl.start;
    s.tl.start = toT - span / 2;
    s.tl.end = s.tl.start + span;
  }
  s.cam.minUpp = to.minUpp;
  s.cam.maxUpp = to.maxUpp;
  if (animate) {
    Transition& t = s.transition;
    t.active = true;
    t.fromCx = s.cam.cx;
    t.fromCy = s.cam.cy;
    t.fromUpp = s.cam.upp;
    t.toCx = to.cx;
    t.toCy = to.cy;
    t.toUpp = to.upp;
    t.fromT = s.playhead;
    t.toT = toT;
    t.elapsed = 0;
    t.duration = transitionS;
    s.animating = true;
  } else {
    s.transition.active = false;
    s.cam = to;
    s.playhead = toT;
    s.camPendingFit = false;
  }
}

void stepTransition(AppState& s, double dt) {
  Transition& t = s.transition;
  if (!t.active) return;
  t.elapsed += std::max(0.0, dt);
  const double k = t.duration > 0 ? std::min(1.0, t.elapsed / t.duration) : 1.0;
  const double e = easeInOut(k);
  if (k >= 1.0) {
    t.active = false;
    s.cam.cx = t.toCx;
    s.cam.cy = t.toCy;
    s.cam.upp = t.toUpp;
    s.playhead = t.toT;
    s.animating = s.playing || s.mapui.flying;
    return;
  }
  s.cam.cx = t.fromCx + (t.toCx - t.fromCx) * e;
  s.cam.cy = t.fromCy + (t.toCy - t.fromCy) * e;
  s.cam.upp = std::exp(std::log(t.fromUpp) + (std::log(t.toUpp) - std::log(t.fromUpp)) * e);
  s.playhead = t.fromT + geo::Seconds(double(t.toT - t.fromT) * e);
  s.animating = true;
}

// --- keys ------------------------------------------------------------------------------------------
namespace {
void setPresenting(AppState& s, bool on) {
  if (s.presenting == on) return;
  s.presenting = on;
  s.black = false;
  s.fontRebuild = true;
  if (on) {
    s.presenterSavedScale = s.uiScale;
    if (s.storyUi.loaded) goToStep(s, std::max(0, s.storyUi.step), false);
  } else {
    if (s.presenterSavedScale > 0) s.uiScale = s.presenterSavedScale;
    s.camPendingFit = false;
  }
}
}  // namespace

void handleStoryKeys(AppState& s) {
  const ImGuiIO& io = ImGui::GetIO();
  const bool typing = io.WantTextInput;
  std::vector<AppState::KeyPress> rest;
  StoryUi& u = s.storyUi;
  const int n = u.loaded ? int(u.story.steps.size()) : 0;
  auto go = [&](int step0) {
    if (n == 0) return;
    step0 = std::clamp(step0, 0, n - 1);
    if (step0 != u.step || u.pendingStep >= 0) goToStep(s, step0, true);
  };
  for (const AppState::KeyPress& k : s.keyPresses) {
    const bool ctrl = (k.mods & GLFW_MOD_CONTROL) != 0, shift = (k.mods & GLFW_MOD_SHIFT) != 0;
    const bool alt = (k.mods & (GLFW_MOD_ALT | GLFW_MOD_SUPER)) != 0;
    if (ctrl && k.key == GLFW_KEY_S) {
      if (shift) s.saveProjectAs = true;
      else requestSave(s);
      continue;
    }
    if (ctrl && k.key == GLFW_KEY_E) {
      s.exportImageRequest = true;
      continue;
    }
    if (!ctrl && !alt && k.key == GLFW_KEY_F5 && !typing) {
      setPresenting(s, !s.presenting);
      continue;
    }
    if (s.presenting && !ctrl && !alt && !typing) {
      const int cur = u.pendingStep >= 0 ? u.pendingStep : std::max(0, u.step);
      bool used = true;
      switch (k.key) {
        case GLFW_KEY_PAGE_DOWN: case GLFW_KEY_SPACE: go(cur + 1); break;
        case GLFW_KEY_PAGE_UP: case GLFW_KEY_BACKSPACE: go(cur - 1); break;
        case GLFW_KEY_DOWN: case GLFW_KEY_RIGHT:
          if (shift) used = false;  // Shift+arrows pan the map
          else go(cur + 1);
          break;
        case GLFW_KEY_UP: case GLFW_KEY_LEFT:
          if (shift) used = false;
          else go(cur - 1);
          break;
        case GLFW_KEY_HOME: go(0); break;
        case GLFW_KEY_END: go(n - 1); break;
        case GLFW_KEY_B: case GLFW_KEY_PERIOD: s.black = !s.black; break;  // clickers send "." for black
        case GLFW_KEY_R: if (n) goToStep(s, cur, true); break;               // back to the step after exploring
        case GLFW_KEY_ESCAPE: setPresenting(s, false); break;
        default: used = false; break;
      }
      if (used) continue;
    }
    rest.push_back(k);
  }
  s.keyPresses = std::move(rest);
}

// --- presenter layout ------------------------------------------------------------------------------
void computePresenterLayout(AppState& s, float w, float h) {
  // Fractions of the screen, with a floor on ordinary screens (a tiny export keeps the proportions).
  const float cardW = std::round(w >= 1000 ? std::max(w * 0.36f, 420.0f) : w * 0.36f);
  const float stripH = std::round(h >= 700 ? std::max(h * 0.16f, 110.0f) : h * 0.16f);
  s.menu = {0, 0, w, 0};
  s.mapRect = {0, 0, std::max(50.0f, w - cardW), std::max(50.0f, h - stripH)};
  s.timelineRect = {0, s.mapRect.h, s.mapRect.w, stripH};
  s.detailsRect = {s.mapRect.w, 0, w - s.mapRect.w, h};
  s.statusRect = {0, h, w, 0};
  if (s.camPendingFit && s.proj && s.mapRect.w > 1) {
    fitWgs84(s.cam, s.mapRect, *s.proj, s.fitBox);
    s.camPendingFit = false;
  }
}

void hideMapToolbar() {
  if (ImGuiWindow* w = ImGui::FindWindowByName("##maptools")) w->Hidden = true;
}

namespace {
// --- the card: rich text ---------------------------------------------------------------------------
struct RichFonts {
  ImFont* regular;
  ImFont* bold;
  ImFont* italic;
  float size;
};
struct RichColors {
  ImU32 ink, link, muted;
};

// Lays out (and draws when dl is set) text blocks from (x, y) within width; returns the height used.
float richText(ImDrawList* dl, const std::vector<TextBlock>& blocks, float x, float y, float width, const RichFonts& f,
               const RichColors& c) {
  const float lineH = std::round(f.size * 1.28f), paraGap = std::round(f.size * 0.55f);
  float cy = y;
  for (size_t b = 0; b < blocks.size(); ++b) {
    const TextBlock& blk = blocks[b];
    const float indent = blk.listItem ? std::round(f.size * 1.1f) : 0.0f;
    if (blk.listItem && dl)
      dl->AddCircleFilled(ImVec2(x + f.size * 0.4f, cy + lineH * 0.5f), f.size * 0.16f, c.ink, 12);
    const float left = x + indent, right = x + width;
    float cx = left;
    bool lineHasText = false;
    for (const TextRun& r : blk.runs) {
      ImFont* font = r.bold ? f.bold : r.italic ? f.italic : f.regular;
      std::vector<std::pair<std::string, ImU32>> pieces = {{r.text, r.url.empty() ? c.ink : c.link}};
      if (!r.url.empty()) {
        std::string shown = r.url;
        if (shown.size() > 38) {
          const size_t host0 = shown.find("://");
          const size_t host1 = shown.find('/', host0 == std::string::npos ? 0 : host0 + 3);
          shown = shown.substr(host0 == std::string::npos ? 0 : host0 + 3,
                               host1 == std::string::npos ? std::string::npos : host1 - (host0 + 3));
        }
        pieces.push_back({" (" + shown + ")", c.muted});
      }
      for (const auto& [text, colour] : pieces) {
        // Words with their trailing spaces; a word that does not fit goes to the next line.
        size_t i = 0;
        while (i < text.size()) {
          size_t j = text.find(' ', i);
          j = j == std::string::npos ? text.size() : j + 1;
          const std::string word = text.substr(i, j - i);
          i = j;
          std::string bare = word;
          while (!bare.empty() && bare.back() == ' ') bare.pop_back();
          const float ww = font->CalcTextSizeA(f.size, FLT_MAX, 0, bare.c_str()).x;
          if (lineHasText && cx + ww > right) {
            cy += lineH;
            cx = left;
            lineHasText = false;
            if (bare.empty()) continue;
          }
          if (!lineHasText && bare.empty()) continue;
          if (dl) {
            dl->AddText(font, f.size, ImVec2(cx, cy + (lineH - f.size) * 0.5f), colour, word.c_str());
            if (!r.url.empty() && colour == c.link)
              dl->AddLine(ImVec2(cx, cy + (lineH + f.size) * 0.5f), ImVec2(cx + ww, cy + (lineH + f.size) * 0.5f), colour,
                          std::max(1.0f, f.size / 16.0f));
          }
          cx += font->CalcTextSizeA(f.size, FLT_MAX, 0, word.c_str()).x;
          lineHasText = true;
        }
      }
    }
    cy += lineH;
    if (b + 1 < blocks.size()) cy += blocks[b + 1].listItem && blk.listItem ? std::round(f.size * 0.15f) : paraGap;
  }
  return cy - y;
}

std::vector<TextBlock> plainBlocks(const std::string& text) {
  TextBlock b;
  b.runs.push_back({text, false, false, ""});
  return {b};
}

std::string hostOf(const std::string& url) {
  const size_t a = url.find("://");
  const size_t from = a == std::string::npos ? 0 : a + 3;
  const size_t b = url.find('/', from);
  std::string h = url.substr(from, b == std::string::npos ? std::string::npos : b - from);
  if (h.rfind("www.", 0) == 0) h = h.substr(4);
  return h;
}

// Draws the step card into rect (window px). Returns nothing; shrinks text (not below the body's
// 2.5 % of the screen height) when a long step would overflow.
void drawCard(AppState& s, const UiFonts& f, ImDrawList* dl, const Rect& r, float screenH) {
  const bool dark = s.dark;
  const ImU32 bg = dark ? IM_COL32(28, 29, 32, 255) : IM_COL32(255, 255, 255, 255);
  const RichColors c{dark ? IM_COL32(238, 238, 238, 255) : IM_COL32(20, 20, 20, 255),
                     dark ? IM_COL32(120, 180, 255, 255) : IM_COL32(0, 84, 166, 255),
                     dark ? IM_COL32(175, 175, 175, 255) : IM_COL32(80, 80, 80, 255)};
  dl->AddRectFilled(ImVec2(r.x, r.y), ImVec2(r.x + r.w, r.y + r.h), bg);
  dl->AddRectFilled(ImVec2(r.x, r.y), ImVec2(r.x + std::max(3.0f, screenH * 0.004f), r.y + r.h), IM_COL32(0, 114, 178, 255));
  ImFont* titleF = f.cardTitle ? f.cardTitle : f.large;
  ImFont* bodyF = f.cardBody ? f.cardBody : f.regular;
  ImFont* boldF = f.cardBold ? f.cardBold : (f.bold ? f.bold : bodyF);
  ImFont* italicF = f.cardItalic ? f.cardItalic : (f.italic ? f.italic : bodyF);
  ImFont* smallF = f.cardSmall ? f.cardSmall : f.regular;
  const float pad = std::round(screenH * 0.03f);
  const float x = r.x + pad + screenH * 0.004f, width = r.w - 2 * pad - screenH * 0.004f;
  const StoryUi& u = s.storyUi;
  const int n = u.loaded ? int(u.story.steps.size()) : 0;
  const int cur = u.pendingStep >= 0 ? u.pendingStep : u.step;
  std::string storyTitle, title, text;
  std::vector<std::string> sources;
  if (n > 0 && cur >= 0 && cur < n) {
    const StoryStep& st = u.story.steps[size_t(cur)];
    storyTitle = u.story.title;
    title = st.title;
    text = st.text;
    for (const StorySource& src : st.sources) sources.push_back(src.publisher.empty() ? hostOf(src.url) : src.publisher);
  } else {
    title = s.data.name.empty() ? std::string("Chronomap") : s.data.name;
    text = "No story is loaded. Story > Open story, or start with --story FILE.";
  }
  const std::vector<TextBlock> body = parseStoryText(text);
  std::string srcLine;
  for (const std::string& p : sources) srcLine += (srcLine.empty() ? "" : "; ") + p;
  const float footer = std::round(cardSmallPx(screenH) * 2.2f);
  const float avail = r.h - 2 * pad - footer;
  // Measure, then shrink to fit (body never below 2.5 % of the screen height: factor 0.9).
  float k = 1.0f;
  auto layout = [&](ImDrawList* d, float k2) {
    float y = r.y + pad;
    const float ts = (titleF->FontSize) * k2, bs = bodyF->FontSize * k2, ss = smallF->FontSize * std::max(k2, 0.95f);
    if (!storyTitle.empty()) {
      y += richText(d, plainBlocks(storyTitle), x, y, width, {smallF, smallF, smallF, ss}, {c.muted, c.muted, c.muted});
      y += ss * 0.5f;
    }
    y += richText(d, plainBlocks(title), x, y, width, {titleF, titleF, titleF, ts}, c);
    y += bs * 0.45f;
    if (d) d->AddLine(ImVec2(x, y), ImVec2(x + width * 0.25f, y), IM_COL32(0, 114, 178, 255), std::max(2.0f, screenH * 0.003f));
    y += bs * 0.75f;
    y += richText(d, body, x, y, width, {bodyF, boldF, italicF, bs}, c);
    if (!srcLine.empty()) {
      y += bs * 0.8f;
      y += richText(d, plainBlocks("Sources: " + srcLine), x, y, width, {smallF, smallF, smallF, ss}, {c.muted, c.muted, c.muted});
    }
    return y - (r.y + pad);
  };
  for (float tryK : {1.0f, 0.95f, 0.9f}) {
    k = tryK;
    if (layout(nullptr, k) <= avail) break;
  }
  dl->PushClipRect(ImVec2(r.x, r.y), ImVec2(r.x + r.w, r.y + r.h - footer), true);
  layout(dl, k);
  dl->PopClipRect();
  // Footer: the step indicator and the keys.
  const float ss = smallF->FontSize;
  const float fy = r.y + r.h - pad * 0.6f - ss;
  if (n > 0) {
    const std::string ind = std::to_string(std::max(0, cur) + 1) + " / " + std::to_string(n);
    const ImVec2 ts = boldF->CalcTextSizeA(ss * 1.15f, FLT_MAX, 0, ind.c_str());
    dl->AddText(boldF, ss * 1.15f, ImVec2(x + width - ts.x, fy - ss * 0.1f), c.ink, ind.c_str());
    // Progress dots.
    const float dotR = std::max(2.5f, ss * 0.18f), gap = dotR * 3.2f;
    const float maxDots = std::floor((width - ts.x - ss) / gap);
    if (float(n) <= maxDots)
      for (int i = 0; i < n; ++i)
        dl->AddCircleFilled(ImVec2(x + dotR + float(i) * gap, fy + ss * 0.55f), i == cur ? dotR * 1.3f : dotR,
                            i == cur ? IM_COL32(0, 114, 178, 255) : (dark ? IM_COL32(90, 90, 90, 255) : IM_COL32(200, 200, 200, 255)), 12);
  }
  dl->AddText(smallF, ss * 0.8f, ImVec2(x, fy - ss * 1.05f), c.muted, "PgDn / PgUp: steps    B: black    Esc: leave");
}
}  // namespace

void drawPresenter(AppState& s, const UiFonts& f, const MapImage& map) {
  const float screenH = s.mapRect.h + s.timelineRect.h;
  drawMapPanel(s, f, map);
  hideMapToolbar();
  // The timeline strip (no controls: steps move the playhead).
  prepareTimeline(s);
  placeWindow(s.timelineRect);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  ImGui::Begin("##presenterstrip", nullptr, kPanelFlags | ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoInputs);
  ImGui::PopStyleVar();
  {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const Rect& r = s.timelineRect;
    dl->AddRectFilled(ImVec2(r.x, r.y), ImVec2(r.x + r.w, r.y + r.h), s.dark ? IM_COL32(34, 35, 38, 255) : IM_COL32(250, 250, 248, 255));
    const float sc = scale();
    s.screen.clearTimeline();
    drawTimelineCanvas(s, dl, Rect{r.x + 10 * sc, r.y + 4 * sc, r.w - 20 * sc, r.h - 8 * sc}, f.regular);
    // Highlighted events on the strip.
    for (const auto& [i, p] : s.screen.sorted())
      if (i < s.highlight.size() && s.highlight[i] && p.onTimeline())
        dl->AddCircle(ImVec2(p.tlX, p.tlY), 9 * sc, IM_COL32(213, 94, 0, 255), 24, 3 * sc);
  }
  ImGui::End();
  // The card.
  placeWindow(s.detailsRect);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0);
  ImGui::Begin("##presentercard", nullptr, kPanelFlags | ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoInputs);
  ImGui::PopStyleVar(2);
  drawCard(s, f, ImGui::GetWindowDrawList(), s.detailsRect, screenH);
  ImGui::End();
  drawHighlights(s);
  if (s.black) {
    ImGuiIO& io = ImGui::GetIO();
    ImGui::GetForegroundDrawList()->AddRectFilled(ImVec2(0, 0), io.DisplaySize, IM_COL32(0, 0, 0, 255));
  }
}

// --- the export composition ------------------------------------------------------------------------
void computeExportLayout(AppState& s, float w, float h) {
  const float band = std::round(h * 0.085f);
  s.menu = {0, 0, w, 0};
  s.mapRect = {0, band, w, h - band};
  s.timelineRect = {0, h, w, 0};
  s.detailsRect = {w, 0, 0, h};
  s.statusRect = {0, h, w, 0};
  if (s.camPendingFit && s.proj && s.mapRect.w > 1) {
    fitWgs84(s.cam, s.mapRect, *s.proj, s.fitBox);
    s.camPendingFit = false;
  }
}

void drawExportComposition(AppState& s, const UiFonts& f, const MapImage& map) {
  drawMapPanel(s, f, map);
  hideMapToolbar();
  drawHighlights(s);
  const float h = s.mapRect.y + s.mapRect.h, w = s.mapRect.w, band = s.mapRect.y;
  ImDrawList* dl = ImGui::GetForegroundDrawList();
  dl->AddRectFilled(ImVec2(0, 0), ImVec2(w, band), s.dark ? IM_COL32(28, 29, 32, 255) : IM_COL32(255, 255, 255, 255));
  dl->AddLine(ImVec2(0, band - 1), ImVec2(w, band - 1), IM_COL32(0, 114, 178, 255), std::max(2.0f, h * 0.003f));
  std::string title, sub;
  const StoryUi& u = s.storyUi;
  if (u.loaded && u.step >= 0 && u.step < int(u.story.steps.size())) {
    title = u.story.steps[size_t(u.step)].title;
    sub = u.story.title + "  \xe2\x80\x94  step " + std::to_string(u.step + 1) + " of " + std::to_string(u.story.steps.size());
  } else {
    title = s.data.name.empty() ? std::string("Chronomap") : s.data.name;
    sub = geo::formatHumanDay(s.playhead);
  }
  ImFont* tf = f.cardTitle ? f.cardTitle : f.large;
  ImFont* sf = f.cardSmall ? f.cardSmall : f.regular;
  const float ts = std::round(band * 0.42f), ss = std::round(band * 0.24f);
  const float pad = std::round(band * 0.12f);
  dl->PushClipRect(ImVec2(0, 0), ImVec2(w, band), true);
  dl->AddText(tf, ts, ImVec2(pad * 1.5f, pad), s.dark ? IM_COL32(240, 240, 240, 255) : IM_COL32(20, 20, 20, 255), title.c_str());
  dl->AddText(sf, ss, ImVec2(pad * 1.5f, pad * 1.4f + ts), s.dark ? IM_COL32(180, 180, 180, 255) : IM_COL32(80, 80, 80, 255),
              sub.c_str());
  dl->PopClipRect();
}

// --- highlight rings -------------------------------------------------------------------------------
void drawHighlights(AppState& s) {
  if (s.highlight.empty()) return;
  std::vector<EventScreenPos> rings;
  for (const auto& [i, p] : s.screen.sorted())
    if (i < s.highlight.size() && s.highlight[i] && p.onMap()) rings.push_back(p);
  if (rings.empty()) return;
  // Append to the map panel's window (drawn above the map, below menus and popups).
  ImGui::Begin("Map");
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float sc = std::max(1.0f, s.uiScale * s.contentScale);
  const Rect& r = s.mapRect;
  dl->PushClipRect(ImVec2(r.x, r.y), ImVec2(r.x + r.w, r.y + r.h), true);
  for (const EventScreenPos& p : rings) {
    const ImVec2 c(p.mapX, p.mapY);
    dl->AddCircle(c, 15 * sc, IM_COL32(255, 255, 255, 230), 32, 6 * sc);
    dl->AddCircle(c, 15 * sc, IM_COL32(213, 94, 0, 255), 32, 3 * sc);
  }
  dl->PopClipRect();
  ImGui::End();
}

}  // namespace app
