// Drawing without a window (--render, --export-image, --export-video): a GL context with ImGui set up
// for it, and the frame builder shared with the window. Layouts: the window's (panels and chrome), the
// presenter's (map, timeline strip, card) and the export composition (title band over the map).
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "app/app_state.hpp"
#include "app/compositor.hpp"
#include "app/panels.hpp"
#include "render/gl.hpp"
#include "render/map_renderer.hpp"

namespace app {

enum class FrameLayout { Window, Presenter, Export };

// Everything that is not the window: one frame's UI and its map texture.
struct Frame {
  render::MapRenderer map;
  render::MapFrame mapFrame;  // this frame's map, kept for the overlay callback while the UI draws
  Rect mapPanel;              // window px, where the map panel is this frame
  UiFonts fonts;
  bool styleDark = false;
  float styleScale = 0;
  UiCompositor compositor;  // the window's frames (not used for offscreen renders)
};

// Builds one frame (app/app.cpp): fonts/style if they changed, layout, keys, the story step and its
// transition, the map into its texture, then the panels of the layout. Leaves ImGui::Render() done.
void buildFrame(AppState& s, Frame& fr, float w, float h, bool hasBackend, FrameLayout layout);
void applyStyle(bool dark, float scale);
// (Re)uploads the state's layers and rasters to the frame's map renderer.
void uploadMapData(const AppState& s, Frame& fr);

// A current GL 3.3 context without a visible window: a hidden GLFW window when a display exists,
// else EGL (Mesa's surfaceless platform). Also creates the ImGui context and the OpenGL3 backend for
// a w x h display; the destructor tears all of it down.
class HeadlessSession {
 public:
  HeadlessSession() = default;
  ~HeadlessSession();
  HeadlessSession(const HeadlessSession&) = delete;
  HeadlessSession& operator=(const HeadlessSession&) = delete;
  bool create(int w, int h, bool verbose, std::string* error);
  // Inside a running window: uses its current GL context and a second ImGui context (the window's is
  // made current again by the destructor).
  bool createInCurrentContext(int w, int h, std::string* error);
  // Draws one frame of s into the offscreen target (dt: seconds since the previous frame).
  bool frame(AppState& s, FrameLayout layout, double dt, std::string* error);
  // The last frame's pixels, RGBA top row first, opaque.
  void read(std::vector<uint8_t>& rgba);
  Frame& fr() { return *frame_; }
  int width() const { return w_; }
  int height() const { return h_; }

 private:
  bool setupImGui(std::string* error);
  void* hidden_ = nullptr;  // GLFWwindow*
  void* previousImGui_ = nullptr;  // ImGuiContext* to restore
  bool restorePrevious_ = false;
  bool glfw_ = false, imgui_ = false;
  render::HeadlessContext egl_;
  std::unique_ptr<Frame> frame_;
  std::unique_ptr<render::Framebuffer> target_;
  int w_ = 0, h_ = 0, frames_ = 0;
  bool uploaded_ = false;
};

}  // namespace app
