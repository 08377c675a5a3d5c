// GL loading, headless EGL context, framebuffers.
#include "render/gl.hpp"

#include <cstring>
#include <utility>

#include <glad/gl.h>
#include <EGL/egl.h>
#include <EGL/eglext.h>

namespace render {

Color rgb(uint32_t hex, float alpha) {
  return {((hex >> 16) & 255) / 255.0f, ((hex >> 8) & 255) / 255.0f, (hex & 255) / 255.0f, alpha};
}

bool loadGL(ProcLoader loader, std::string* error) {
  const int version = gladLoadGL(reinterpret_cast<GLADloadfunc>(loader));
  if (version == 0 || GLAD_VERSION_MAJOR(version) * 10 + GLAD_VERSION_MINOR(version) < 33) {
    if (error) *error = "OpenGL 3.3 core is not available";
    return false;
  }
  return true;
}

std::string rendererDescription() {
  const char* r = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
  const char* v = reinterpret_cast<const char*>(glGetString(GL_VERSION));
  return std::string(r ? r : "?") + ", OpenGL " + (v ? v : "?");
}

void clearBound(int w, int h, Color c) {
  glViewport(0, 0, w, h);
  glDisable(GL_SCISSOR_TEST);
  glClearColor(c.r, c.g, c.b, c.a);
  glClearStencil(0);
  glStencilMask(0xFF);
  glDepthMask(GL_TRUE);
  glClearDepth(1.0);
  // The map's overlays fill by stencil. Depth is cleared with it although nothing uses it: in a
  // packed depth-stencil buffer, clearing both is one plain fill, clearing the stencil alone a
  // read-modify-write of every pixel (under llvmpipe, 0.5 ms instead of 1.4 ms at 1600x900).
  glClear(GL_COLOR_BUFFER_BIT | GL_STENCIL_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
}

void clearRect(int x, int y, int w, int h, const Color* colour) {
  if (w <= 0 || h <= 0) return;
  glEnable(GL_SCISSOR_TEST);
  glScissor(x, y, w, h);
  glClearStencil(0);
  glStencilMask(0xFF);
  glDepthMask(GL_TRUE);
  glClearDepth(1.0);
  GLbitfield bits = GL_STENCIL_BUFFER_BIT | GL_DEPTH_BUFFER_BIT;
  if (colour) {
    glClearColor(colour->r, colour->g, colour->b, colour->a);
    glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
    bits |= GL_COLOR_BUFFER_BIT;
  }
  glClear(bits);
  glDisable(GL_SCISSOR_TEST);
}

void setWindowPixel(int x, int y, const uint8_t rgb[3]) {
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  glEnable(GL_SCISSOR_TEST);
  glScissor(x, y, 1, 1);
  glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
  glClearColor(rgb[0] / 255.0f, rgb[1] / 255.0f, rgb[2] / 255.0f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  glDisable(GL_SCISSOR_TEST);
}

void readWindowPixel(int x, int y, uint8_t rgb[3]) {
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  glReadBuffer(GL_BACK);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  uint8_t px[4] = {0, 0, 0, 0};
  glReadPixels(x, y, 1, 1, GL_RGBA, GL_UNSIGNED_BYTE, px);
  rgb[0] = px[0], rgb[1] = px[1], rgb[2] = px[2];
}

void beginWindowFrame(int w, int h, Color c) {
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  clearBound(w, h, c);
}

// --- headless EGL ----------------------------------------------------------------------------------
struct HeadlessContext::Impl {
  EGLDisplay dpy = EGL_NO_DISPLAY;
  EGLContext ctx = EGL_NO_CONTEXT;
  EGLSurface surf = EGL_NO_SURFACE;
};

HeadlessContext::HeadlessContext() : impl_(std::make_unique<Impl>()) {}

HeadlessContext::~HeadlessContext() {
  if (impl_->dpy != EGL_NO_DISPLAY) {
    eglMakeCurrent(impl_->dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
    if (impl_->surf != EGL_NO_SURFACE) eglDestroySurface(impl_->dpy, impl_->surf);
    if (impl_->ctx != EGL_NO_CONTEXT) eglDestroyContext(impl_->dpy, impl_->ctx);
    eglTerminate(impl_->dpy);
  }
}

ProcLoader HeadlessContext::loader() { return reinterpret_cast<ProcLoader>(&eglGetProcAddress); }

bool HeadlessContext::create(std::string* error) {
  auto getPlatformDisplay =
      reinterpret_cast<PFNEGLGETPLATFORMDISPLAYEXTPROC>(eglGetProcAddress("eglGetPlatformDisplayEXT"));
  std::string tried;
  auto tryDisplay = [&](EGLDisplay d, const char* name, bool pbuffer) -> bool {
    if (d == EGL_NO_DISPLAY) { tried += std::string(name) + ": no display; "; return false; }
    EGLint maj = 0, min = 0;
    if (!eglInitialize(d, &maj, &min)) { tried += std::string(name) + ": eglInitialize failed; "; return false; }
    if (!eglBindAPI(EGL_OPENGL_API)) { eglTerminate(d); tried += std::string(name) + ": no desktop GL; "; return false; }
    const EGLint cfgAttr[] = {EGL_SURFACE_TYPE, pbuffer ? EGL_PBUFFER_BIT : 0, EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT,
                              EGL_RED_SIZE, 8, EGL_GREEN_SIZE, 8, EGL_BLUE_SIZE, 8, EGL_ALPHA_SIZE, 8, EGL_NONE};
    EGLConfig cfg;
    EGLint n = 0;
    if (!eglChooseConfig(d, cfgAttr, &cfg, 1, &n) || n < 1) {
      eglTerminate(d);
      tried += std::string(name) + ": no config; ";
      return false;
    }
    const EGLint ctxAttr[] = {EGL_CONTEXT_MAJOR_VERSION, 3, EGL_CONTEXT_MINOR_VERSION, 3,
                              EGL_CONTEXT_OPENGL_PROFILE_MASK, EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT, EGL_NONE};
    EGLContext ctx = eglCreateContext(d, cfg, EGL_NO_CONTEXT, ctxAttr);
    if (ctx == EGL_NO_CONTEXT) { eglTerminate(d); tried += std::string(name) + ": no 3.3 core context; "; return false; }
    EGLSurface surf = EGL_NO_SURFACE;
    if (pbuffer) {
      const EGLint pbAttr[] = {EGL_WIDTH, 16, EGL_HEIGHT, 16, EGL_NONE};
      surf = eglCreatePbufferSurface(d, cfg, pbAttr);
    }
    if (!eglMakeCurrent(d, surf, surf, ctx)) {
      if (surf != EGL_NO_SURFACE) eglDestroySurface(d, surf);
      eglDestroyContext(d, ctx);
      eglTerminate(d);
      tried += std::string(name) + ": cannot make current; ";
      return false;
    }
    impl_->dpy = d;
    impl_->ctx = ctx;
    impl_->surf = surf;
    return true;
  };
  if (getPlatformDisplay) {
    if (tryDisplay(getPlatformDisplay(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, nullptr), "surfaceless", false))
      return true;
  }
  if (tryDisplay(eglGetDisplay(EGL_DEFAULT_DISPLAY), "default", true)) return true;
  if (error) *error = "no EGL context could be made (" + tried + ")";
  return false;
}

// --- framebuffers ----------------------------------------------------------------------------------
Framebuffer::~Framebuffer() {
  if (fbo_) glDeleteFramebuffers(1, &fbo_);
  if (tex_) glDeleteTextures(1, &tex_);
  if (rbo_) glDeleteRenderbuffers(1, &rbo_);
}

bool Framebuffer::resize(int w, int h) {
  if (w < 1) w = 1;
  if (h < 1) h = 1;
  if (fbo_ && w == w_ && h == h_) return true;
  if (!fbo_) {
    glGenFramebuffers(1, &fbo_);
    glGenTextures(1, &tex_);
    glGenRenderbuffers(1, &rbo_);
  }
  w_ = w;
  h_ = h;
  glBindTexture(GL_TEXTURE_2D, tex_);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glBindRenderbuffer(GL_RENDERBUFFER, rbo_);
  glRenderbufferStorage(GL_RENDERBUFFER, GL_DEPTH24_STENCIL8, w, h);
  glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, tex_, 0);
  glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_STENCIL_ATTACHMENT, GL_RENDERBUFFER, rbo_);
  const bool ok = glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  return ok;
}

void Framebuffer::swap(Framebuffer& o) noexcept {
  std::swap(fbo_, o.fbo_), std::swap(tex_, o.tex_), std::swap(rbo_, o.rbo_);
  std::swap(w_, o.w_), std::swap(h_, o.h_);
}

void copyRect(const Framebuffer& from, Framebuffer& to, int sx, int sy, int w, int h, int dx, int dy) {
  if (w <= 0 || h <= 0) return;
  glDisable(GL_SCISSOR_TEST);  // a scissored blit cannot be a plain copy
  glBindFramebuffer(GL_READ_FRAMEBUFFER, from.fbo_);
  glBindFramebuffer(GL_DRAW_FRAMEBUFFER, to.fbo_);
  glBlitFramebuffer(sx, sy, sx + w, sy + h, dx, dy, dx + w, dy + h, GL_COLOR_BUFFER_BIT, GL_NEAREST);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
}

void Framebuffer::bind() const {
  glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
  glViewport(0, 0, w_, h_);
}

void Framebuffer::bindWindow() { glBindFramebuffer(GL_FRAMEBUFFER, 0); }

void Framebuffer::readRgba(std::vector<uint8_t>& out) const {
  out.resize(size_t(w_) * h_ * 4);
  glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  std::vector<uint8_t> tmp(out.size());
  glReadPixels(0, 0, w_, h_, GL_RGBA, GL_UNSIGNED_BYTE, tmp.data());
  const size_t row = size_t(w_) * 4;
  for (int y = 0; y < h_; ++y) std::memcpy(out.data() + row * y, tmp.data() + row * (h_ - 1 - y), row);
}

void respecifyAsAlphaTexture(unsigned tex, int width, int height, const unsigned char* alpha) {
  GLint lastTexture = 0, lastAlign = 4;
  glGetIntegerv(GL_TEXTURE_BINDING_2D, &lastTexture);
  glGetIntegerv(GL_UNPACK_ALIGNMENT, &lastAlign);
  glBindTexture(GL_TEXTURE_2D, tex);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, width, height, 0, GL_RED, GL_UNSIGNED_BYTE, alpha);
  const GLint swizzle[4] = {GL_ONE, GL_ONE, GL_ONE, GL_RED};
  glTexParameteriv(GL_TEXTURE_2D, GL_TEXTURE_SWIZZLE_RGBA, swizzle);
  glPixelStorei(GL_UNPACK_ALIGNMENT, lastAlign);
  glBindTexture(GL_TEXTURE_2D, GLuint(lastTexture));
}

}  // namespace render
