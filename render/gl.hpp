// render/: every OpenGL call of Chronomap. This header: loading GL, contexts, framebuffers, frames.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace render {

struct Color {
  float r = 0, g = 0, b = 0, a = 1;
};
Color rgb(uint32_t hex, float alpha = 1.0f);  // 0xRRGGBB

using GLProc = void (*)(void);
using ProcLoader = GLProc (*)(const char*);

// Loads GL 3.3 core through glad with the given loader (glfwGetProcAddress, eglGetProcAddress).
bool loadGL(ProcLoader loader, std::string* error);
std::string rendererDescription();  // "renderer, version" of the current context

// Binds the window's framebuffer, sets the viewport and clears it (colour and stencil).
void beginWindowFrame(int fbWidth, int fbHeight, Color clear);
class Framebuffer;
// Copies a rectangle of one offscreen target into another (GL's bottom-up px): for targets of one
// format, a memory copy under Mesa.
void copyRect(const Framebuffer& from, Framebuffer& to, int srcX, int srcY, int width, int height, int dstX, int dstY);
// One pixel of the window's back buffer (GL's bottom-up px), written by a scissored clear / read back.
// Together they tell whether the back buffer still holds the last frame after a swap.
void setWindowPixel(int x, int y, const uint8_t rgb[3]);
void readWindowPixel(int x, int y, uint8_t rgb[3]);
// Sets the viewport and clears the framebuffer bound now (an offscreen target).
void clearBound(int width, int height, Color clear);
// Clears depth and stencil, and the colour when one is given, inside a rectangle of the bound
// framebuffer (GL's bottom-up px).
void clearRect(int x, int y, int width, int height, const Color* colour);

// Gives texture tex new storage: one byte a pixel (GL_R8) read as white with that alpha (a swizzle to
// 1,1,1,R), so a shader that samples it sees what an RGBA32 white-with-alpha texture would give at a
// quarter of the memory. For the font atlas (Dear ImGui's backend uploads it as RGBA32).
void respecifyAsAlphaTexture(unsigned tex, int width, int height, const unsigned char* alpha);

// An EGL context without any window (Mesa's surfaceless platform, else a pbuffer), for --render
// without a display.
class HeadlessContext {
 public:
  HeadlessContext();
  ~HeadlessContext();
  bool create(std::string* error);
  static ProcLoader loader();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// An offscreen colour (RGBA8 texture) + depth/stencil target.
class Framebuffer {
 public:
  Framebuffer() = default;
  ~Framebuffer();
  Framebuffer(const Framebuffer&) = delete;
  Framebuffer& operator=(const Framebuffer&) = delete;
  bool resize(int width, int height);  // keeps the objects when the size is unchanged
  void swap(Framebuffer& other) noexcept;
  void bind() const;                    // binds and sets the viewport
  static void bindWindow();
  unsigned texture() const { return tex_; }
  int width() const { return w_; }
  int height() const { return h_; }
  // RGBA pixels, top row first.
  void readRgba(std::vector<uint8_t>& out) const;

 private:
  friend void copyRect(const Framebuffer&, Framebuffer&, int, int, int, int, int, int);
  unsigned fbo_ = 0, tex_ = 0, rbo_ = 0;
  int w_ = 0, h_ = 0;
};

}  // namespace render
