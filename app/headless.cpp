// The headless GL + ImGui session (see headless.hpp).
#include "app/headless.hpp"
#include "app/fonts.hpp"
#include "app/ui_util.hpp"

#include <cfloat>
#include <cstdio>
#include <chrono>
#include <cstdlib>

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>

namespace app {

bool HeadlessSession::create(int w, int h, bool verbose, std::string* error) {
  w_ = w;
  h_ = h;
  std::string err;
  bool ok = false;
  const char* display = std::getenv("DISPLAY");
  if (display && *display && glfwInit()) {
    glfw_ = true;
    glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    GLFWwindow* win = glfwCreateWindow(64, 64, "chronomap", nullptr, nullptr);
    if (win) {
      hidden_ = win;
      glfwMakeContextCurrent(win);
      ok = render::loadGL(reinterpret_cast<render::ProcLoader>(&glfwGetProcAddress), &err);
    }
  }
  if (!ok) {
    if (!egl_.create(&err) || !render::loadGL(render::HeadlessContext::loader(), &err)) {
      if (error) *error = err;
      return false;
    }
  }
  if (verbose) std::fprintf(stderr, "chronomap: rendering with %s\n", render::rendererDescription().c_str());
  return setupImGui(error);
}

bool HeadlessSession::createInCurrentContext(int w, int h, std::string* error) {
  w_ = w;
  h_ = h;
  previousImGui_ = ImGui::GetCurrentContext();
  restorePrevious_ = true;
  return setupImGui(error);
}

bool HeadlessSession::setupImGui(std::string* error) {
  const int w = w_, h = h_;
  std::string err;
  IMGUI_CHECKVERSION();
  ImGui::SetCurrentContext(ImGui::CreateContext());
  imgui_ = true;
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.LogFilename = nullptr;
  io.DisplaySize = ImVec2(float(w), float(h));
  io.DisplayFramebufferScale = ImVec2(1, 1);
  io.DeltaTime = 1.0f / 60.0f;
  io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);  // no pointer: nothing hovered in pictures
  ImGui_ImplOpenGL3_Init("#version 330 core");
  frame_ = std::make_unique<Frame>();
  if (!frame_->map.init(&err)) {
    if (error) *error = err;
    return false;
  }
  target_ = std::make_unique<render::Framebuffer>();
  if (!target_->resize(w, h)) {
    if (error) *error = "cannot make a " + std::to_string(w) + "x" + std::to_string(h) + " offscreen image";
    return false;
  }
  return true;
}

HeadlessSession::~HeadlessSession() {
  target_.reset();
  frame_.reset();
  if (imgui_) {
    ImGui_ImplOpenGL3_Shutdown();
    ImGui::DestroyContext();
  }
  if (restorePrevious_) ImGui::SetCurrentContext(static_cast<ImGuiContext*>(previousImGui_));
  if (hidden_) glfwDestroyWindow(static_cast<GLFWwindow*>(hidden_));
  if (glfw_) glfwTerminate();
}

bool HeadlessSession::frame(AppState& s, FrameLayout layout, double dt, std::string*) {
  if (!uploaded_) {
    uploadMapData(s, *frame_);
    uploaded_ = true;
  }
  ImGuiIO& io = ImGui::GetIO();
  io.DeltaTime = float(std::max(dt, 1e-4));
  const auto t0 = std::chrono::steady_clock::now();
  buildFrame(s, *frame_, float(w_), float(h_), frames_ > 0, layout);
  if (frames_ == 0) {
        uploadFontAtlas();
  }
  target_->bind();
  render::clearBound(w_, h_, ui::panelBackground());
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  s.frames.add(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  ++frames_;
  return true;
}

void HeadlessSession::read(std::vector<uint8_t>& px) {
  target_->readRgba(px);
  for (size_t i = 3; i < px.size(); i += 4) px[i] = 255;
}

}  // namespace app
