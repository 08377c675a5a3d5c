// The map: basemap layers (polygons filled by stencil-then-cover, so no triangulation is needed and
// holes and bad rings fill by the even-odd rule) and event markers, drawn into an offscreen texture
// that app/ shows as an image.
#pragma once
#include <memory>
#include <vector>

#include "geo/map_layer.hpp"
#include "geo/raster.hpp"
#include "render/gl.hpp"

namespace render {

struct LayerStyle {
  bool visible = true;
  bool fill = true;     // polygons only
  bool stroke = true;
  Color fillColor{0.9f, 0.9f, 0.9f, 1};
  Color lineColor{0.4f, 0.4f, 0.4f, 1};
  float lineWidth = 1.0f;             // px
  std::vector<Color> featureFill;     // optional per-feature fill (same length as features)
  bool fillUnderRasters = false;      // fill before the rasters (land, countries); strokes come after
  bool clipsShading = false;          // multiply rasters (relief) shade only inside this layer (land)
  float hatch = 0;                    // > 0: fill as diagonal hatching with this spacing (px)
  std::vector<uint8_t> featureVisible;  // optional: 0 hides a feature's fill (same length as features)
};

struct RasterStyle {
  bool visible = true;
  float opacity = 1.0f;
  bool multiply = false;  // shade what is beneath (relief) instead of covering it
};

// Symbol shapes (per category): the marker shader draws each as a signed distance field.
enum class Shape : uint8_t { Circle, Square, Diamond, TriangleUp, TriangleDown, Hexagon, Star, Cross };

struct Marker {
  double x = 0, y = 0;     // map CRS metres
  float radius = 5;        // px, outer edge
  float outline = 1.5f;    // px
  Color fill, line;
  Shape shape = Shape::Circle;
  float ring = 0;          // > 0: hollow, a band this wide (px) in the fill colour inside the outline
};

// A basemap feature drawn again on top of the layers (a province an imprecise event lies in).
struct FeatureHighlight {
  int layer = -1, feature = -1;
  Color fill, line;
  float lineWidth = 2;  // px
};

// A CPU-binned density image covering a map-CRS box (drawn instead of markers for huge datasets).
struct DensityImage {
  const uint8_t* rgba = nullptr;  // w * h RGBA, top row first
  int width = 0, height = 0;
  double minX = 0, minY = 0, maxX = 0, maxY = 0;  // map CRS metres
  uint64_t version = 0;  // changes whenever the pixels change (re-uploaded then)
};

// The areas and lines of events (districts handed over, a corridor) as one layer, uploaded again
// whenever `version` changes; each feature drawn in its own colours when visible.
struct EventShapes {
  const geo::MapLayer* layer = nullptr;  // map CRS; null = none
  uint64_t version = 0;
  std::vector<uint8_t> visible;          // per feature
  std::vector<Color> fill, line;         // per feature
  float lineWidth = 2.5f;                // px, for lines and outlines
};

struct MapFrame {
  int width = 0, height = 0;     // px
  double centerX = 0, centerY = 0;  // map CRS metres at the image centre
  double unitsPerPx = 1000;      // metres per pixel
  Color background;
  std::vector<LayerStyle> styles;  // one per uploaded layer, same order
  std::vector<RasterStyle> rasterStyles;  // one per uploaded raster, same order
  std::vector<Marker> markers;     // drawn in order (last on top)
  std::vector<int> order;          // layer draw order (indices, bottom first); empty = as uploaded
  std::vector<FeatureHighlight> highlights;  // over the layers, under the markers
  DensityImage density;            // drawn over the layers, under the markers, when rgba is set
  EventShapes shapes;              // drawn over the layers, under the density image and the markers
  Color hollow{1, 1, 1, 0.55f};    // inside of hollow markers
  // A zoom is under way (wheel, fly-to): the basemap cache may be shown scaled, up to twice or half
  // its scale, instead of drawn anew every step (under llvmpipe a whole basemap costs ~90 ms); the
  // first frame without it draws it sharp.
  bool zoomPreview = false;
};

class MapRenderer {
 public:
  MapRenderer();
  ~MapRenderer();
  bool init(std::string* error);
  // Uploads layers (replacing earlier ones); they are drawn in this order (first at the bottom).
  void setLayers(const std::vector<const geo::MapLayer*>& layers);
  // Uploads rasters as textures (replacing earlier ones). They are drawn over the fills of layers
  // with fillUnderRasters and under everything else.
  void setRasters(const std::vector<const geo::RasterImage*>& rasters);
  // Draws the frame into the renderer's texture; returns its GL name (bottom-up: flip V to show).
  unsigned render(const MapFrame& frame);

  // The window's way, one full-panel pass less than render(): bring the basemap cache up to date and
  // say which part of it shows the view (texture coordinates, V already flipped for a top-left
  // origin); then, while the UI draws, drawOverlaysIn() draws that basemap view and the events
  // straight into the bound framebuffer's rectangle (x, y from its bottom-left, px).
  struct BaseView {
    unsigned texture = 0;
    float u0 = 0, v0 = 1, u1 = 1, v1 = 0;  // of the view's top-left and bottom-right corners
  };
  BaseView prepareBase(const MapFrame& frame);
  void drawOverlaysIn(const MapFrame& frame, int x, int y, int width, int height);
  const Framebuffer& target() const;
  // How often the basemap cache was drawn whole, and re-centred by a shift plus the strips it lacked.
  struct CacheStats {
    uint64_t draws = 0, shifts = 0, previews = 0;  // previews: frames that showed the cache scaled
  };
  CacheStats cacheStats() const;
  // How long after a whole drawing a fast zoom may still show the cache up to 5x scaled (tests on a
  // loaded machine lengthen it: the rule, not the machine's speed, is what they check).
  double recentDrawMs = 200;

 private:
  void updateBase(const MapFrame& frame);
  void drawBase(const MapFrame& frame, int width, int height, double centerX, double centerY);
  void drawOverlays(const MapFrame& frame);
  void drawBaseQuad(const MapFrame& frame);
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace render
