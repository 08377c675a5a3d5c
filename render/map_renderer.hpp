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
};

struct RasterStyle {
  bool visible = true;
  float opacity = 1.0f;
  bool multiply = false;  // shade what is beneath (relief) instead of covering it
};

struct Marker {
  double x = 0, y = 0;     // map CRS metres
  float radius = 5;        // px, outer edge
  float outline = 1.5f;    // px
  Color fill, line;
};

struct MapFrame {
  int width = 0, height = 0;     // px
  double centerX = 0, centerY = 0;  // map CRS metres at the image centre
  double unitsPerPx = 1000;      // metres per pixel
  Color background;
  std::vector<LayerStyle> styles;  // one per uploaded layer, same order
  std::vector<RasterStyle> rasterStyles;  // one per uploaded raster, same order
  std::vector<Marker> markers;     // drawn in order (last on top)
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
  const Framebuffer& target() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace render
