// Map drawing. Sections: shaders; layer upload; frame (background, fills, strokes, markers).
// Coordinates: vertices are float metres relative to their layer's origin; the camera goes in as
// (origin - centre) computed in double, so deep zoom does not shake.
#include "render/map_renderer.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include <glad/gl.h>

#include "geo/hash.hpp"

namespace render {

namespace {
const char* kFillVs = R"(#version 330 core
layout(location = 0) in vec2 aPos;   // metres relative to the layer origin
uniform vec2 uOffset;                // layer origin - view centre, metres
uniform vec2 uScale;                 // metres -> NDC
void main() { gl_Position = vec4((aPos + uOffset) * uScale, 0.0, 1.0); }
)";
const char* kFillFs = R"(#version 330 core
uniform vec4 uColor;
uniform float uHatch;  // > 0: diagonal hatching, spacing in px
uniform float uHatchPhase;  // px: keeps the hatching fixed to the map whatever the target and the pan
out vec4 oColor;
void main() {
  if (uHatch > 0.0) {
    float d = mod(gl_FragCoord.x + gl_FragCoord.y - uHatchPhase, uHatch);
    if (d > 2.0) discard;
  }
  oColor = uColor;
}
)";
const char* kMarkerVs = R"(#version 330 core
layout(location = 0) in vec2 aCorner;   // -1..1
layout(location = 1) in vec2 aCenter;   // metres relative to the view centre
layout(location = 2) in vec4 aSize;     // radius px, outline px, shape id, hollow ring width px
layout(location = 3) in vec4 aFill;
layout(location = 4) in vec4 aLine;
uniform vec2 uScale;    // metres -> NDC
uniform vec2 uPxToNdc;  // px -> NDC
out vec2 vLocal;
flat out vec4 vSize;
flat out vec4 vFill;
flat out vec4 vLine;
void main() {
  float r = aSize.x + 1.5;
  vLocal = aCorner * r;
  vSize = aSize;
  vFill = aFill;
  vLine = aLine;
  gl_Position = vec4(aCenter * uScale + vLocal * uPxToNdc, 0.0, 1.0);
}
)";
// Signed distances (px, negative inside) of the shapes, after Inigo Quilez's 2D distance functions;
// each shape is sized so that its area is close to the circle's of the same radius.
const char* kMarkerFs = R"(#version 330 core
in vec2 vLocal;
flat in vec4 vSize;
flat in vec4 vFill;
flat in vec4 vLine;
uniform vec4 uHollow;
out vec4 oColor;
float sdBox(vec2 p, vec2 b) { vec2 d = abs(p) - b; return length(max(d, 0.0)) + min(max(d.x, d.y), 0.0); }
float sdTri(vec2 p, float r) {  // equilateral, apex up, circumradius r
  const float k = sqrt(3.0);
  p.y += r * 0.25;
  float a = r * 0.866;
  p.x = abs(p.x) - a;
  p.y = p.y + a / k;
  if (p.x + k * p.y > 0.0) p = vec2(p.x - k * p.y, -k * p.x - p.y) / 2.0;
  p.x -= clamp(p.x, -2.0 * a, 0.0);
  return -length(p) * sign(p.y);
}
float sdHex(vec2 p, float r) {
  const vec3 k = vec3(-0.866025404, 0.5, 0.577350269);
  p = abs(p);
  p -= 2.0 * min(dot(k.xy, p), 0.0) * k.xy;
  p -= vec2(clamp(p.x, -k.z * r, k.z * r), r);
  return length(p) * sign(p.y);
}
float sdStar(vec2 p, float r) {  // five points
  const float rf = 0.5;
  const vec2 k1 = vec2(0.809016994375, -0.587785252292);
  const vec2 k2 = vec2(-k1.x, k1.y);
  p.x = abs(p.x);
  p -= 2.0 * max(dot(k1, p), 0.0) * k1;
  p -= 2.0 * max(dot(k2, p), 0.0) * k2;
  p.x = abs(p.x);
  p.y -= r;
  vec2 ba = rf * vec2(-k1.y, k1.x) - vec2(0, 1);
  float h = clamp(dot(p, ba) / dot(ba, ba), 0.0, r);
  return length(p - ba * h) * sign(p.y * ba.x - p.x * ba.y);
}
float sdCross(vec2 p, float r) {
  vec2 b = vec2(r, r * 0.38);
  p = abs(p);
  p = (p.y > p.x) ? p.yx : p.xy;
  vec2 q = p - b;
  float k = max(q.y, q.x);
  vec2 w = (k > 0.0) ? q : vec2(b.y - p.x, -k);
  return sign(k) * length(max(w, 0.0));
}
void main() {
  float r = vSize.x;
  int shape = int(vSize.z + 0.5);
  vec2 p = vLocal;
  float d;
  if (shape == 1) d = sdBox(p, vec2(r * 0.86));
  else if (shape == 2) d = sdBox(mat2(0.7071, -0.7071, 0.7071, 0.7071) * p, vec2(r * 0.84));
  else if (shape == 3) d = sdTri(p * 0.92, r) / 0.92;
  else if (shape == 4) d = sdTri(vec2(p.x, -p.y) * 0.92, r) / 0.92;
  else if (shape == 5) d = sdHex(p.yx, r * 0.9);
  else if (shape == 6) d = sdStar(p, r * 1.08);
  else if (shape == 7) d = sdCross(p, r);
  else d = length(p) - r;
  float outer = clamp(0.5 - d, 0.0, 1.0);
  vec4 c = vFill;
  if (vSize.w > 0.0) c = mix(c, uHollow, clamp(-(d + vSize.y + vSize.w) + 0.5, 0.0, 1.0));
  c = mix(vLine, c, clamp(-(d + vSize.y) + 0.5, 0.0, 1.0));
  oColor = vec4(c.rgb, c.a * outer);
  if (oColor.a <= 0.0) discard;
}
)";

const char* kRasterVs = R"(#version 330 core
layout(location = 0) in vec2 aCorner;  // 0..1
uniform vec4 uBox;     // minX, minY, maxX, maxY relative to the view centre, metres
uniform vec2 uScale;   // metres -> NDC
uniform int uFlip;     // 1: the texture is a render target (bottom row first)
out vec2 vUv;
void main() {
  vec2 p = mix(uBox.xy, uBox.zw, aCorner);
  vUv = uFlip == 1 ? aCorner : vec2(aCorner.x, 1.0 - aCorner.y);  // images are top row first
  gl_Position = vec4(p * uScale, 0.0, 1.0);
}
)";
const char* kRasterFs = R"(#version 330 core
in vec2 vUv;
uniform sampler2D uTex;
uniform float uOpacity;
uniform int uMultiply;
out vec4 oColor;
void main() {
  vec4 c = texture(uTex, vUv);
  if (uMultiply == 1) oColor = vec4(mix(vec3(1.0), c.rgb, uOpacity * c.a), 1.0);
  else oColor = vec4(c.rgb, c.a * uOpacity);
}
)";

unsigned compile(GLenum type, const char* src) {
  unsigned s = glCreateShader(type);
  glShaderSource(s, 1, &src, nullptr);
  glCompileShader(s);
  int ok = 0;
  glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
  if (!ok) {
    char log[1024];
    glGetShaderInfoLog(s, sizeof log, nullptr, log);
    std::fprintf(stderr, "chronomap: shader compile error: %s\n", log);
  }
  return s;
}

unsigned link(const char* vs, const char* fs) {
  unsigned p = glCreateProgram();
  unsigned v = compile(GL_VERTEX_SHADER, vs), f = compile(GL_FRAGMENT_SHADER, fs);
  glAttachShader(p, v);
  glAttachShader(p, f);
  glLinkProgram(p);
  glDeleteShader(v);
  glDeleteShader(f);
  int ok = 0;
  glGetProgramiv(p, GL_LINK_STATUS, &ok);
  return ok ? p : 0;
}

struct GpuLayer {
  geo::GeomKind kind;
  unsigned vao = 0, vbo = 0;          // ring vertices
  unsigned boxVao = 0, boxVbo = 0;    // 4 vertices per feature: its bounding box
  double originX = 0, originY = 0;
  std::vector<GLint> ringFirst;
  std::vector<GLsizei> ringCount;
  std::vector<uint32_t> featureRingStart;
};
}  // namespace

struct GpuRaster {
  unsigned tex = 0;
  geo::BBox bounds;
};

struct MapRenderer::Impl {
  unsigned fillProg = 0, markerProg = 0, rasterProg = 0;
  int uRasBox = -1, uRasScale = -1, uRasOpacity = -1, uRasMultiply = -1, uRasFlip = -1;
  unsigned quadVao = 0, quadVbo = 0;
  std::vector<GpuRaster> rasters;
  int uFillOffset = -1, uFillScale = -1, uFillColor = -1, uFillHatch = -1, uFillHatchPhase = -1, uMarkScale = -1, uMarkPx = -1, uMarkHollow = -1;
  unsigned densityTex = 0;
  uint64_t densityVersion = ~0ull;
  unsigned markerVao = 0, cornerVbo = 0, instanceVbo = 0;
  std::vector<GpuLayer> layers;
  Framebuffer fb;
  // The basemap cache: layers and rasters drawn once into a texture a margin larger than the view, and
  // slid under the events while panning; drawn again only when the scale, the style, the data or the
  // size change, or a pan goes past the margin. Under llvmpipe the basemap costs ~100 ms a frame.
  Framebuffer baseFb, spareFb;  // spareFb: where a shifted cache is assembled
  uint64_t baseDraws = 0, baseShifts = 0, basePreviews = 0;
  std::chrono::steady_clock::time_point baseDrawnAt;  // when the cache was last drawn whole
  bool baseCovers = true;  // the cache covers this frame's view (not so in a fast zoom's preview)
  bool baseValid = false;
  uint64_t baseKey = 0;
  uint64_t generation = 0;  // bumped by setLayers / setRasters
  double baseCx = 0, baseCy = 0, baseUpp = 0;
  int baseW = 0, baseH = 0;

  GpuLayer shapes;              // the events' areas and lines
  uint64_t shapesVersion = ~0ull;

  void freeLayers() {
    for (GpuLayer& l : layers) {
      glDeleteBuffers(1, &l.vbo);
      glDeleteVertexArrays(1, &l.vao);
      glDeleteBuffers(1, &l.boxVbo);
      glDeleteVertexArrays(1, &l.boxVao);
    }
    layers.clear();
  }
};

MapRenderer::MapRenderer() : impl_(std::make_unique<Impl>()) {}

MapRenderer::~MapRenderer() {
  if (!impl_->fillProg) return;
  impl_->freeLayers();
  if (impl_->shapes.vao) {
    glDeleteBuffers(1, &impl_->shapes.vbo);
    glDeleteVertexArrays(1, &impl_->shapes.vao);
    if (impl_->shapes.boxVbo) glDeleteBuffers(1, &impl_->shapes.boxVbo);
    if (impl_->shapes.boxVao) glDeleteVertexArrays(1, &impl_->shapes.boxVao);
  }
  glDeleteProgram(impl_->fillProg);
  glDeleteProgram(impl_->markerProg);
  glDeleteProgram(impl_->rasterProg);
  for (auto& r : impl_->rasters) glDeleteTextures(1, &r.tex);
  glDeleteBuffers(1, &impl_->quadVbo);
  glDeleteVertexArrays(1, &impl_->quadVao);
  glDeleteBuffers(1, &impl_->cornerVbo);
  glDeleteBuffers(1, &impl_->instanceVbo);
  glDeleteVertexArrays(1, &impl_->markerVao);
  if (impl_->densityTex) glDeleteTextures(1, &impl_->densityTex);
}

const Framebuffer& MapRenderer::target() const { return impl_->fb; }

bool MapRenderer::init(std::string* error) {
  Impl& m = *impl_;
  m.fillProg = link(kFillVs, kFillFs);
  m.markerProg = link(kMarkerVs, kMarkerFs);
  m.rasterProg = link(kRasterVs, kRasterFs);
  if (!m.fillProg || !m.markerProg || !m.rasterProg) {
    if (error) *error = "map shaders failed to build";
    return false;
  }
  m.uFillOffset = glGetUniformLocation(m.fillProg, "uOffset");
  m.uFillScale = glGetUniformLocation(m.fillProg, "uScale");
  m.uFillColor = glGetUniformLocation(m.fillProg, "uColor");
  m.uFillHatch = glGetUniformLocation(m.fillProg, "uHatch");
  m.uFillHatchPhase = glGetUniformLocation(m.fillProg, "uHatchPhase");
  m.uMarkHollow = glGetUniformLocation(m.markerProg, "uHollow");
  m.uMarkScale = glGetUniformLocation(m.markerProg, "uScale");
  m.uMarkPx = glGetUniformLocation(m.markerProg, "uPxToNdc");
  m.uRasBox = glGetUniformLocation(m.rasterProg, "uBox");
  m.uRasScale = glGetUniformLocation(m.rasterProg, "uScale");
  m.uRasOpacity = glGetUniformLocation(m.rasterProg, "uOpacity");
  m.uRasMultiply = glGetUniformLocation(m.rasterProg, "uMultiply");
  m.uRasFlip = glGetUniformLocation(m.rasterProg, "uFlip");
  glGenVertexArrays(1, &m.quadVao);
  glBindVertexArray(m.quadVao);
  const float quad[] = {0, 0, 1, 0, 1, 1, 0, 0, 1, 1, 0, 1};
  glGenBuffers(1, &m.quadVbo);
  glBindBuffer(GL_ARRAY_BUFFER, m.quadVbo);
  glBufferData(GL_ARRAY_BUFFER, sizeof quad, quad, GL_STATIC_DRAW);
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 0, nullptr);

  glGenVertexArrays(1, &m.markerVao);
  glBindVertexArray(m.markerVao);
  const float corners[] = {-1, -1, 1, -1, 1, 1, -1, -1, 1, 1, -1, 1};
  glGenBuffers(1, &m.cornerVbo);
  glBindBuffer(GL_ARRAY_BUFFER, m.cornerVbo);
  glBufferData(GL_ARRAY_BUFFER, sizeof corners, corners, GL_STATIC_DRAW);
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 0, nullptr);
  glGenBuffers(1, &m.instanceVbo);
  glBindBuffer(GL_ARRAY_BUFFER, m.instanceVbo);
  const GLsizei stride = 14 * sizeof(float);  // center 2, size 4 (radius, outline, shape, ring), fill 4, line 4
  glEnableVertexAttribArray(1);
  glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<void*>(0));
  glVertexAttribDivisor(1, 1);
  glEnableVertexAttribArray(2);
  glVertexAttribPointer(2, 4, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<void*>(2 * sizeof(float)));
  glVertexAttribDivisor(2, 1);
  glEnableVertexAttribArray(3);
  glVertexAttribPointer(3, 4, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<void*>(6 * sizeof(float)));
  glVertexAttribDivisor(3, 1);
  glEnableVertexAttribArray(4);
  glVertexAttribPointer(4, 4, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<void*>(10 * sizeof(float)));
  glVertexAttribDivisor(4, 1);
  glBindVertexArray(0);
  return true;
}

// --- layer upload ----------------------------------------------------------------------------------
namespace {
// A layer's vertices (float, relative to its centre) and, for polygons, each feature's bounding box
// as a 4-vertex fan: the "cover" of stencil-then-cover.
GpuLayer uploadLayer(const geo::MapLayer* src) {
    GpuLayer g;
    g.kind = src->kind;
    g.originX = src->bounds.valid() ? (src->bounds.minX + src->bounds.maxX) * 0.5 : 0;
    g.originY = src->bounds.valid() ? (src->bounds.minY + src->bounds.maxY) * 0.5 : 0;
    std::vector<float> v(src->coords.size() * 2);
    for (size_t i = 0; i < src->coords.size(); ++i) {
      v[2 * i] = float(src->coords[i].x - g.originX);
      v[2 * i + 1] = float(src->coords[i].y - g.originY);
    }
    for (size_t r = 0; r < src->ringCount(); ++r) {
      g.ringFirst.push_back(GLint(src->ringStart[r]));
      g.ringCount.push_back(GLsizei(src->ringStart[r + 1] - src->ringStart[r]));
    }
    g.featureRingStart = src->featureRingStart;
    glGenVertexArrays(1, &g.vao);
    glBindVertexArray(g.vao);
    glGenBuffers(1, &g.vbo);
    glBindBuffer(GL_ARRAY_BUFFER, g.vbo);
    glBufferData(GL_ARRAY_BUFFER, GLsizeiptr(v.size() * sizeof(float)), v.data(), GL_STATIC_DRAW);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 0, nullptr);
    if (src->kind == geo::GeomKind::Polygon) {
      // Each feature's bounding box, as a 4-vertex triangle fan: the "cover" of stencil-then-cover.
      std::vector<float> box;
      for (size_t f = 0; f < src->featureCount(); ++f) {
        geo::BBox b = geo::BBox::empty();
        for (uint32_t r = src->featureRingStart[f]; r < src->featureRingStart[f + 1]; ++r)
          for (uint32_t i = src->ringStart[r]; i < src->ringStart[r + 1]; ++i) b.add(src->coords[i].x, src->coords[i].y);
        const float x0 = float(b.minX - g.originX), x1 = float(b.maxX - g.originX);
        const float y0 = float(b.minY - g.originY), y1 = float(b.maxY - g.originY);
        box.insert(box.end(), {x0, y0, x1, y0, x1, y1, x0, y1});
      }
      glGenVertexArrays(1, &g.boxVao);
      glBindVertexArray(g.boxVao);
      glGenBuffers(1, &g.boxVbo);
      glBindBuffer(GL_ARRAY_BUFFER, g.boxVbo);
      glBufferData(GL_ARRAY_BUFFER, GLsizeiptr(box.size() * sizeof(float)), box.data(), GL_STATIC_DRAW);
      glEnableVertexAttribArray(0);
      glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 0, nullptr);
    }
    glBindVertexArray(0);
    return g;
}

// Stencil-then-cover of one polygon feature in one colour (the fill program bound, its offset set):
// every ring as a fan inverting stencil bit 0 (inside = odd coverage), then the feature's box drawn
// where the bit is set, clearing it as it goes.
void fillFeatureWith(int colorUniform, const GpuLayer& g, size_t f, const Color& c) {
  const uint32_t r0 = g.featureRingStart[f], r1 = g.featureRingStart[f + 1];
  if (r1 <= r0) return;
  glEnable(GL_STENCIL_TEST);
  glStencilMask(0xFF);
  glColorMask(GL_FALSE, GL_FALSE, GL_FALSE, GL_FALSE);
  glStencilFunc(GL_ALWAYS, 0, 1);
  glStencilOp(GL_KEEP, GL_KEEP, GL_INVERT);
  glBindVertexArray(g.vao);
  glMultiDrawArrays(GL_TRIANGLE_FAN, g.ringFirst.data() + r0, g.ringCount.data() + r0, GLsizei(r1 - r0));
  glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
  glStencilFunc(GL_EQUAL, 1, 1);
  glStencilOp(GL_ZERO, GL_ZERO, GL_ZERO);
  glUniform4f(colorUniform, c.r, c.g, c.b, c.a);
  glBindVertexArray(g.boxVao);
  glDrawArrays(GL_TRIANGLE_FAN, GLint(f * 4), 4);
  glDisable(GL_STENCIL_TEST);
}

void freeLayer(GpuLayer& l) {
  glDeleteBuffers(1, &l.vbo);
  glDeleteVertexArrays(1, &l.vao);
  glDeleteBuffers(1, &l.boxVbo);
  glDeleteVertexArrays(1, &l.boxVao);
  l = GpuLayer{};
}
}  // namespace

void MapRenderer::setLayers(const std::vector<const geo::MapLayer*>& layers) {
  Impl& m = *impl_;
  ++m.generation;
  m.freeLayers();
  for (const geo::MapLayer* src : layers) m.layers.push_back(uploadLayer(src));
}

void MapRenderer::setRasters(const std::vector<const geo::RasterImage*>& rasters) {
  Impl& m = *impl_;
  ++m.generation;
  for (auto& r : m.rasters) glDeleteTextures(1, &r.tex);
  m.rasters.clear();
  for (const geo::RasterImage* img : rasters) {
    GpuRaster g;
    g.bounds = img->bounds;
    glGenTextures(1, &g.tex);
    glBindTexture(GL_TEXTURE_2D, g.tex);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, img->width, img->height, 0, GL_RGBA, GL_UNSIGNED_BYTE, img->rgba.data());
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    m.rasters.push_back(g);
  }
  glBindTexture(GL_TEXTURE_2D, 0);
}

// --- frame -----------------------------------------------------------------------------------------
namespace {
// A signature of everything that changes how the basemap looks (not where it is).
struct Hasher : geo::Hasher {
  void color(const Color& c) { add(c.r), add(c.g), add(c.b), add(c.a); }
};

uint64_t baseSignature(const MapFrame& fr, uint64_t generation) {
  Hasher h;
  h.add(generation);
  h.color(fr.background);
  for (const LayerStyle& st : fr.styles) {
    h.add(st.visible), h.add(st.fill), h.add(st.stroke), h.add(st.lineWidth), h.add(st.fillUnderRasters);
    h.add(st.clipsShading), h.add(st.hatch);
    h.color(st.fillColor);
    h.color(st.lineColor);
    for (const Color& c : st.featureFill) h.color(c);
    h.add(st.featureFill.size());
    h.bytes(st.featureVisible.data(), st.featureVisible.size());
    h.add(st.featureVisible.size());
  }
  for (const RasterStyle& r : fr.rasterStyles) h.add(r.visible), h.add(r.opacity), h.add(r.multiply);
  for (int i : fr.order) h.add(i);
  h.add(fr.order.size());
  return h.h;
}
}  // namespace

void MapRenderer::updateBase(const MapFrame& fr) {
  Impl& m = *impl_;
  // All the state these passes need, set here: assume nothing about what ImGui left bound.
  glDisable(GL_SCISSOR_TEST);
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_CULL_FACE);
  glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
  glStencilMask(0xFF);
  glClearStencil(0);

  // The basemap comes from the cache when it still holds this view: same scale and style, and the
  // view moved by whole pixels within the margin.
  const int margin = 256;  // px on every side
  const uint64_t key = baseSignature(fr, m.generation);
  const double offX = (fr.centerX - m.baseCx) / fr.unitsPerPx, offY = (fr.centerY - m.baseCy) / fr.unitsPerPx;
  const bool whole = std::fabs(offX - std::round(offX)) < 1e-3 && std::fabs(offY - std::round(offY)) < 1e-3;
  const bool cached = m.baseValid && key == m.baseKey && fr.unitsPerPx == m.baseUpp &&
                      m.baseW == fr.width + 2 * margin && m.baseH == fr.height + 2 * margin && whole &&
                      std::fabs(offX) <= margin && std::fabs(offY) <= margin;
  if (cached) return;
  const int W = fr.width + 2 * margin, H = fr.height + 2 * margin;
  // While zooming: the cache scaled, when it still covers the view; or, for a fifth of a second
  // after it was last drawn, even when it does not (the sea's colour around it), so that a fast zoom
  // redraws the basemap a few times a second rather than every frame.
  using Clock = std::chrono::steady_clock;
  if (fr.zoomPreview && m.baseValid && key == m.baseKey) {
    const double ratio = fr.unitsPerPx / m.baseUpp;
    const double cacheHalfW = m.baseW * 0.5 * m.baseUpp, cacheHalfH = m.baseH * 0.5 * m.baseUpp;
    const double viewHalfW = fr.width * 0.5 * fr.unitsPerPx, viewHalfH = fr.height * 0.5 * fr.unitsPerPx;
    const bool covers = std::fabs(fr.centerX - m.baseCx) + viewHalfW <= cacheHalfW &&
                        std::fabs(fr.centerY - m.baseCy) + viewHalfH <= cacheHalfH;
    const bool recent = std::chrono::duration<double, std::milli>(Clock::now() - m.baseDrawnAt).count() < recentDrawMs;
    if ((ratio >= 0.5 && ratio <= 2.0 && covers) || (recent && ratio >= 0.2 && ratio <= 5.0)) {
      m.baseCovers = covers;
      ++m.basePreviews;
      return;
    }
  }
  m.baseCovers = true;
  // Past the margin at the same scale and style: re-centre the cache on the view by copying what it
  // already holds, shifted by whole pixels, and drawing only the strips that come into it (under
  // llvmpipe a 256 px strip costs about a quarter of the whole basemap).
  const long dx = std::lround(offX), dy = std::lround(offY);
  const bool shift = m.baseValid && key == m.baseKey && fr.unitsPerPx == m.baseUpp && m.baseW == W && m.baseH == H && whole &&
                     std::labs(dx) < W / 2 && std::labs(dy) < H / 2;
  if (shift) {
    const int ax = int(std::labs(dx)), ay = int(std::labs(dy));
    m.spareFb.resize(W, H);
    copyRect(m.baseFb, m.spareFb, dx > 0 ? ax : 0, dy > 0 ? ay : 0, W - ax, H - ay, dx > 0 ? 0 : ax, dy > 0 ? 0 : ay);
    m.baseFb.swap(m.spareFb);
    m.baseCx += double(dx) * fr.unitsPerPx;
    m.baseCy += double(dy) * fr.unitsPerPx;
    m.baseFb.bind();
    glEnable(GL_SCISSOR_TEST);
    if (ax > 0) {
      glScissor(dx > 0 ? W - ax : 0, 0, ax, H);
      drawBase(fr, W, H, m.baseCx, m.baseCy);
    }
    if (ay > 0) {
      glScissor(0, dy > 0 ? H - ay : 0, W, ay);
      drawBase(fr, W, H, m.baseCx, m.baseCy);
    }
    glDisable(GL_SCISSOR_TEST);
    ++m.baseShifts;
    Framebuffer::bindWindow();
    return;
  }
  // While zooming past what the cache covers: drawn at half the resolution (a quarter of the pixels,
  // which is what a software rasteriser pays for), lines and hatching halved to look the same when
  // shown at twice the size; drawn whole once the zoom rests.
  const bool half = fr.zoomPreview;
  MapFrame reduced;
  if (half) {
    reduced = fr;
    reduced.unitsPerPx = fr.unitsPerPx * 2.0;
    for (LayerStyle& st : reduced.styles) {
      st.lineWidth *= 0.5f;
      st.hatch *= 0.5f;
    }
  }
  const MapFrame& src = half ? reduced : fr;
  m.baseW = half ? (W + 1) / 2 : W;
  m.baseH = half ? (H + 1) / 2 : H;
  m.baseFb.resize(m.baseW, m.baseH);
  m.baseFb.bind();
  drawBase(src, m.baseW, m.baseH, fr.centerX, fr.centerY);
  ++m.baseDraws;
  m.baseDrawnAt = Clock::now();
  m.baseValid = true;
  m.baseKey = key;
  m.baseCx = fr.centerX;
  m.baseCy = fr.centerY;
  m.baseUpp = src.unitsPerPx;
  Framebuffer::bindWindow();
}

MapRenderer::CacheStats MapRenderer::cacheStats() const { return {impl_->baseDraws, impl_->baseShifts, impl_->basePreviews}; }

MapRenderer::BaseView MapRenderer::prepareBase(const MapFrame& fr) {
  Impl& m = *impl_;
  updateBase(fr);
  // The view's corners in the cache, in texture coordinates (the cache's rows are bottom-up; its
  // scale is the frame's, or another while zooming).
  const double k = fr.unitsPerPx / m.baseUpp;  // cache px per view px
  const double left = m.baseW * 0.5 + (fr.centerX - m.baseCx) / m.baseUpp - fr.width * 0.5 * k;
  const double bottom = m.baseH * 0.5 + (fr.centerY - m.baseCy) / m.baseUpp - fr.height * 0.5 * k;
  BaseView v;
  v.texture = m.baseFb.texture();
  v.u0 = float(left / m.baseW);
  v.u1 = float((left + fr.width * k) / m.baseW);
  v.v0 = float((bottom + fr.height * k) / m.baseH);  // top-left corner: the top row
  v.v1 = float(bottom / m.baseH);
  return v;
}

// The basemap cache's view of the frame as one opaque, pixel-aligned quad (nearest sampling: an
// exact copy; blending off) into the bound target's viewport.
void MapRenderer::drawBaseQuad(const MapFrame& fr) {
  Impl& m = *impl_;
  glDisable(GL_BLEND);
  const double halfW = m.baseW * 0.5 * m.baseUpp, halfH = m.baseH * 0.5 * m.baseUpp;
  const bool scaled = m.baseUpp != fr.unitsPerPx;  // a zoom preview: smooth, not blocky
  glUseProgram(m.rasterProg);
  glUniform2f(m.uRasScale, float(2.0 / (fr.unitsPerPx * fr.width)), float(2.0 / (fr.unitsPerPx * fr.height)));
  glUniform4f(m.uRasBox, float(m.baseCx - halfW - fr.centerX), float(m.baseCy - halfH - fr.centerY),
              float(m.baseCx + halfW - fr.centerX), float(m.baseCy + halfH - fr.centerY));
  glUniform1f(m.uRasOpacity, 1.0f);
  glUniform1i(m.uRasMultiply, 0);
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, m.baseFb.texture());
  if (scaled) {
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  }
  glBindVertexArray(m.quadVao);
  // The cache is a render target: its rows are bottom-up, the quad's V runs top-down: flip V.
  glUniform1i(m.uRasFlip, 1);
  glDrawArrays(GL_TRIANGLES, 0, 6);
  glUniform1i(m.uRasFlip, 0);
  if (scaled) {
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  }
  glBindTexture(GL_TEXTURE_2D, 0);
}

void MapRenderer::drawOverlaysIn(const MapFrame& fr, int x, int y, int width, int height) {
  glViewport(x, y, width, height);
  glEnable(GL_SCISSOR_TEST);
  glScissor(x, y, width, height);
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_CULL_FACE);
  glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
  glStencilMask(0xFF);
  // The basemap: the cache's view as one opaque, pixel-aligned quad (no blending: under llvmpipe
  // blending the panel's 600,000 pixels would cost more than copying them).
  glDisable(GL_STENCIL_TEST);
  if (!impl_->baseCovers) {  // a zoom preview smaller than the view: the sea around it
    glClearColor(fr.background.r, fr.background.g, fr.background.b, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
  }
  drawBaseQuad(fr);
  glEnable(GL_BLEND);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  drawOverlays(fr);
  glBindVertexArray(0);
  glUseProgram(0);
  glDisable(GL_SCISSOR_TEST);
}

unsigned MapRenderer::render(const MapFrame& fr) {
  Impl& m = *impl_;
  updateBase(fr);
  m.fb.resize(fr.width, fr.height);
  m.fb.bind();
  if (!m.baseCovers) {
    glClearColor(fr.background.r, fr.background.g, fr.background.b, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
  }
  drawBaseQuad(fr);
  glEnable(GL_BLEND);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  drawOverlays(fr);
  glBindVertexArray(0);
  glUseProgram(0);
  Framebuffer::bindWindow();
  return m.fb.texture();
}

// The basemap: fills, rasters, strokes, into the bound target of w x h px centred on (cx, cy), map CRS
// metres (within the scissor rectangle when the caller set one).
void MapRenderer::drawBase(const MapFrame& fr, int w, int h, double cx, double cy) {
  Impl& m = *impl_;
  glClearColor(fr.background.r, fr.background.g, fr.background.b, fr.background.a);
  glClear(GL_COLOR_BUFFER_BIT | GL_STENCIL_BUFFER_BIT);
  glEnable(GL_BLEND);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);

  const float sx = float(2.0 / (fr.unitsPerPx * w));
  const float sy = float(2.0 / (fr.unitsPerPx * h));
  glUseProgram(m.fillProg);
  glUniform2f(m.uFillScale, sx, sy);
  {
    // Where the map's origin falls in this target (px, GL's bottom-up rows): the hatching's phase, so
    // that the cache and a direct drawing hatch alike (a float holds whole px to 16 million).
    const double x0 = w * 0.5 - cx / fr.unitsPerPx, y0 = h * 0.5 - cy / fr.unitsPerPx;
    glUniform1f(m.uFillHatchPhase, float(x0 + y0));
  }

  // Pass 1: fills of the layers under the rasters. Pass 2: rasters. Pass 3: the other layers' fills
  // and every stroke.
  auto drawLayer = [&](size_t li, bool fills, bool strokes) {
    const GpuLayer& g = m.layers[li];
    const LayerStyle& st = fr.styles[li];
    if (!st.visible || g.kind == geo::GeomKind::Point || g.ringFirst.empty()) return;
    glUniform2f(m.uFillOffset, float(g.originX - cx), float(g.originY - cy));
    if (fills && g.kind == geo::GeomKind::Polygon && st.fill) {
      glUniform1f(m.uFillHatch, st.hatch);
      const size_t nf = g.featureRingStart.size() - 1;
      for (size_t f = 0; f < nf; ++f) {
        if (f < st.featureVisible.size() && !st.featureVisible[f]) continue;
        const Color& fc = f < st.featureFill.size() ? st.featureFill[f] : st.fillColor;
        if (fc.a <= 0.0f) continue;
        fillFeatureWith(m.uFillColor, g, f, fc);
        if (st.hatch > 0) {
          // Hatching discarded fragments, which kept their stencil bit: clear it for the next feature.
          glEnable(GL_STENCIL_TEST);
          glUniform1f(m.uFillHatch, 0.0f);
          glColorMask(GL_FALSE, GL_FALSE, GL_FALSE, GL_FALSE);
          glStencilFunc(GL_ALWAYS, 0, 1);
          glStencilOp(GL_ZERO, GL_ZERO, GL_ZERO);
          glBindVertexArray(g.boxVao);
          glDrawArrays(GL_TRIANGLE_FAN, GLint(f * 4), 4);
          glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
          glDisable(GL_STENCIL_TEST);
          glUniform1f(m.uFillHatch, st.hatch);
        }
      }
      glUniform1f(m.uFillHatch, 0.0f);
    }
    if (strokes && st.stroke && st.lineColor.a > 0.0f) {
      glUniform4f(m.uFillColor, st.lineColor.r, st.lineColor.g, st.lineColor.b, st.lineColor.a);
      glLineWidth(std::max(1.0f, st.lineWidth));
      glBindVertexArray(g.vao);
      glMultiDrawArrays(GL_LINE_STRIP, g.ringFirst.data(), g.ringCount.data(), GLsizei(g.ringFirst.size()));
      glLineWidth(1.0f);
    }
  };
  const size_t nl = std::min(m.layers.size(), fr.styles.size());
  std::vector<size_t> order;
  for (int i : fr.order)
    if (i >= 0 && size_t(i) < nl) order.push_back(size_t(i));
  if (order.size() != nl) {
    order.resize(nl);
    for (size_t i = 0; i < nl; ++i) order[i] = i;
  }
  glUniform1f(m.uFillHatch, 0.0f);
  for (size_t li : order)
    if (fr.styles[li].fillUnderRasters) drawLayer(li, true, false);
  if (!m.rasters.empty()) {
    // Shading rasters stay inside the clip layers (relief on land, not on the sea): the clip layers'
    // rings go into stencil bit 1 by the even-odd rule.
    bool clip = false;
    for (size_t li = 0; li < nl; ++li) {
      const GpuLayer& g = m.layers[li];
      if (!fr.styles[li].clipsShading || !fr.styles[li].visible || g.kind != geo::GeomKind::Polygon) continue;
      if (!clip) {
        glEnable(GL_STENCIL_TEST);
        glColorMask(GL_FALSE, GL_FALSE, GL_FALSE, GL_FALSE);
        glStencilMask(2);
        glStencilFunc(GL_ALWAYS, 0, 2);
        glStencilOp(GL_KEEP, GL_KEEP, GL_INVERT);
        clip = true;
      }
      glUniform2f(m.uFillOffset, float(g.originX - cx), float(g.originY - cy));
      glBindVertexArray(g.vao);
      glMultiDrawArrays(GL_TRIANGLE_FAN, g.ringFirst.data(), g.ringCount.data(), GLsizei(g.ringFirst.size()));
    }
    if (clip) {
      glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
      glStencilMask(0);
      glDisable(GL_STENCIL_TEST);
    }
    glUseProgram(m.rasterProg);
    glUniform2f(m.uRasScale, sx, sy);
    glBindVertexArray(m.quadVao);
    glActiveTexture(GL_TEXTURE0);
    for (size_t ri = 0; ri < m.rasters.size() && ri < fr.rasterStyles.size(); ++ri) {
      const RasterStyle& rs = fr.rasterStyles[ri];
      if (!rs.visible || rs.opacity <= 0.0f) continue;
      const GpuRaster& g = m.rasters[ri];
      glUniform4f(m.uRasBox, float(g.bounds.minX - cx), float(g.bounds.minY - cy),
                  float(g.bounds.maxX - cx), float(g.bounds.maxY - cy));
      glUniform1f(m.uRasOpacity, rs.opacity);
      glUniform1i(m.uRasMultiply, rs.multiply ? 1 : 0);
      if (rs.multiply) {
        glBlendFunc(GL_DST_COLOR, GL_ZERO);
        if (clip) {
          glEnable(GL_STENCIL_TEST);
          glStencilFunc(GL_EQUAL, 2, 2);
          glStencilOp(GL_KEEP, GL_KEEP, GL_KEEP);
        }
      } else {
        glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
        glDisable(GL_STENCIL_TEST);
      }
      glBindTexture(GL_TEXTURE_2D, g.tex);
      glDrawArrays(GL_TRIANGLES, 0, 6);
    }
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    glBindTexture(GL_TEXTURE_2D, 0);
    glUseProgram(m.fillProg);
    if (clip) {  // leave the stencil as the fills expect it: all zero
      glDisable(GL_STENCIL_TEST);
      glStencilMask(0xFF);
      glClear(GL_STENCIL_BUFFER_BIT);
    }
  }
  for (size_t li : order) drawLayer(li, !fr.styles[li].fillUnderRasters, true);
}

// What changes from frame to frame over the basemap: highlighted features, density, markers.
void MapRenderer::drawOverlays(const MapFrame& fr) {
  Impl& m = *impl_;
  const float sx = float(2.0 / (fr.unitsPerPx * fr.width));
  const float sy = float(2.0 / (fr.unitsPerPx * fr.height));
  glUseProgram(m.fillProg);
  glUniform2f(m.uFillScale, sx, sy);
  glUniform1f(m.uFillHatch, 0.0f);

  // Events' areas and lines: translucent fills by stencil-then-cover, then outlines / lines.
  const EventShapes& es = fr.shapes;
  if (es.layer && es.layer->featureCount() > 0) {
    if (es.version != m.shapesVersion) {
      if (m.shapes.vao) freeLayer(m.shapes);
      m.shapes = uploadLayer(es.layer);
      m.shapesVersion = es.version;
    }
    const GpuLayer& g = m.shapes;
    glUniform2f(m.uFillOffset, float(g.originX - fr.centerX), float(g.originY - fr.centerY));
    const size_t nf = g.featureRingStart.size() - 1;
    for (size_t f = 0; f < nf; ++f) {
      if (f >= es.visible.size() || !es.visible[f]) continue;
      const uint32_t r0 = g.featureRingStart[f], r1 = g.featureRingStart[f + 1];
      if (r1 <= r0) continue;
      if (g.kind == geo::GeomKind::Polygon && f < es.fill.size() && es.fill[f].a > 0)
        fillFeatureWith(m.uFillColor, g, f, es.fill[f]);
      if (f < es.line.size() && es.line[f].a > 0) {
        glUniform4f(m.uFillColor, es.line[f].r, es.line[f].g, es.line[f].b, es.line[f].a);
        glLineWidth(std::max(1.0f, es.lineWidth));
        glBindVertexArray(g.vao);
        glMultiDrawArrays(GL_LINE_STRIP, g.ringFirst.data() + r0, g.ringCount.data() + r0, GLsizei(r1 - r0));
        glLineWidth(1.0f);
      }
    }
  }

  // Highlighted features (the province of an imprecise event): fill by stencil-then-cover, then the
  // outline.
  for (const FeatureHighlight& h : fr.highlights) {
    if (h.layer < 0 || size_t(h.layer) >= m.layers.size()) continue;
    const GpuLayer& g = m.layers[size_t(h.layer)];
    if (g.kind != geo::GeomKind::Polygon || h.feature < 0 || size_t(h.feature) + 1 >= g.featureRingStart.size()) continue;
    const uint32_t r0 = g.featureRingStart[size_t(h.feature)], r1 = g.featureRingStart[size_t(h.feature) + 1];
    if (r1 <= r0) continue;
    glUniform2f(m.uFillOffset, float(g.originX - fr.centerX), float(g.originY - fr.centerY));
    fillFeatureWith(m.uFillColor, g, size_t(h.feature), h.fill);
    glUniform4f(m.uFillColor, h.line.r, h.line.g, h.line.b, h.line.a);
    glLineWidth(std::max(1.0f, h.lineWidth));
    glBindVertexArray(g.vao);
    glMultiDrawArrays(GL_LINE_STRIP, g.ringFirst.data() + r0, g.ringCount.data() + r0, GLsizei(r1 - r0));
    glLineWidth(1.0f);
  }

  // Density image (very many events): one textured quad instead of one symbol per event.
  const DensityImage& di = fr.density;
  if (di.rgba && di.width > 0 && di.height > 0) {
    if (!m.densityTex) glGenTextures(1, &m.densityTex);
    glBindTexture(GL_TEXTURE_2D, m.densityTex);
    if (di.version != m.densityVersion) {
      glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
      glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, di.width, di.height, 0, GL_RGBA, GL_UNSIGNED_BYTE, di.rgba);
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
      m.densityVersion = di.version;
    }
    glUseProgram(m.rasterProg);
    glUniform2f(m.uRasScale, sx, sy);
    glUniform4f(m.uRasBox, float(di.minX - fr.centerX), float(di.minY - fr.centerY), float(di.maxX - fr.centerX),
                float(di.maxY - fr.centerY));
    glUniform1f(m.uRasOpacity, 1.0f);
    glUniform1i(m.uRasMultiply, 0);
    glActiveTexture(GL_TEXTURE0);
    glBindVertexArray(m.quadVao);
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    glDrawArrays(GL_TRIANGLES, 0, 6);
    glBindTexture(GL_TEXTURE_2D, 0);
  }

  if (!fr.markers.empty()) {
    std::vector<float> inst;
    inst.reserve(fr.markers.size() * 14);
    for (const Marker& mk : fr.markers) {
      inst.insert(inst.end(), {float(mk.x - fr.centerX), float(mk.y - fr.centerY), mk.radius, mk.outline,
                               float(int(mk.shape)), mk.ring, mk.fill.r, mk.fill.g, mk.fill.b, mk.fill.a, mk.line.r,
                               mk.line.g, mk.line.b, mk.line.a});
    }
    glUseProgram(m.markerProg);
    glUniform4f(m.uMarkHollow, fr.hollow.r, fr.hollow.g, fr.hollow.b, fr.hollow.a);
    glUniform2f(m.uMarkScale, sx, sy);
    glUniform2f(m.uMarkPx, 2.0f / fr.width, 2.0f / fr.height);
    glBindVertexArray(m.markerVao);
    glBindBuffer(GL_ARRAY_BUFFER, m.instanceVbo);
    glBufferData(GL_ARRAY_BUFFER, GLsizeiptr(inst.size() * sizeof(float)), inst.data(), GL_STREAM_DRAW);
    glDrawArraysInstanced(GL_TRIANGLES, 0, 6, GLsizei(fr.markers.size()));
  }
}

}  // namespace render
