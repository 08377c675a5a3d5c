// Raster loading: GDALAutoCreateWarpedVRT into the map CRS, then one RasterIO at a capped size.
#include "geo/raster.hpp"

#include <algorithm>
#include <cmath>

#include <cpl_conv.h>
#include <gdal_priv.h>
#include <gdalwarper.h>

#include "geo/io.hpp"
#include "geo/io/projection_impl.hpp"

namespace geo {

bool loadRaster(const std::string& path, const Projection& proj, int maxSide, RasterImage& out, std::string* error) {
  initGdal();
  if (std::string why; !checkSource(path, &why, nullptr)) {
    if (error) *error = why;
    return false;
  }
  CPLErrorReset();
  GDALDatasetUniquePtr src(GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_VERBOSE_ERROR));
  if (!src) {
    if (error) *error = path + ": cannot open as a raster (" + CPLGetLastErrorMsg() + ")";
    return false;
  }
  if (src->GetRasterCount() < 1) {
    if (error) *error = path + ": has no raster bands";
    return false;
  }
  char* dstWkt = nullptr;
  mapSrs(proj).exportToWkt(&dstWkt);
  const char* srcWkt = src->GetProjectionRef();
  if (!srcWkt || !*srcWkt) {
    CPLFree(dstWkt);
    if (error) *error = path + ": has no coordinate reference system; georeference it first (e.g. gdal_translate -a_srs -a_ullr)";
    return false;
  }
  // Where the warped image lies outside the source (the corners of a lat/lon box seen in another
  // projection) it must be transparent, not black: the warper writes coverage into an alpha band of
  // its own unless the source brings one (grey + alpha, RGBA).
  const int srcBands = src->GetRasterCount();
  const bool srcAlpha = src->GetRasterBand(srcBands)->GetColorInterpretation() == GCI_AlphaBand;
  GDALWarpOptions* wo = GDALCreateWarpOptions();
  if (!srcAlpha) wo->nDstAlphaBand = srcBands + 1;
  GDALDatasetH warped = GDALAutoCreateWarpedVRTEx(src.get(), srcWkt, dstWkt, GRA_Bilinear, 0.125, wo, nullptr);
  GDALDestroyWarpOptions(wo);
  CPLFree(dstWkt);
  if (!warped) {
    if (error) *error = path + ": cannot be warped to the map CRS (" + CPLGetLastErrorMsg() + ")";
    return false;
  }
  GDALDataset* w = GDALDataset::FromHandle(warped);
  double gt[6];
  w->GetGeoTransform(gt);
  const int W = w->GetRasterXSize(), H = w->GetRasterYSize();
  const double f = std::min(1.0, double(maxSide) / std::max(W, H));
  out.width = std::max(1, int(std::lround(W * f)));
  out.height = std::max(1, int(std::lround(H * f)));
  out.bounds = {gt[0], gt[3] + gt[5] * H, gt[0] + gt[1] * W, gt[3]};
  out.source = path;
  out.name = CPLGetBasename(path.c_str());
  const size_t n = size_t(out.width) * out.height;
  out.rgba.assign(n * 4, 255);
  // Colour bands (the alpha band, the source's or the warper's, is the last one).
  const int alphaBand = w->GetRasterCount();
  const int colours = std::max(1, alphaBand - 1);
  std::vector<uint8_t> buf(n);
  auto readBand = [&](int b, std::vector<uint8_t>& dst) {
    return w->GetRasterBand(b)->RasterIO(GF_Read, 0, 0, W, H, dst.data(), out.width, out.height, GDT_Byte, 0, 0) == CE_None;
  };
  bool ok = true;
  GDALRasterBand* b1 = w->GetRasterBand(1);
  if (colours >= 3) {
    for (int b = 0; b < 3 && ok; ++b) {
      ok = readBand(b + 1, buf);
      for (size_t i = 0; i < n; ++i) out.rgba[i * 4 + size_t(b)] = buf[i];
    }
  } else {
    ok = readBand(1, buf);
    const GDALColorTable* ct = b1->GetColorTable();
    for (size_t i = 0; i < n; ++i) {
      if (ct) {
        const GDALColorEntry* e = ct->GetColorEntry(buf[i]);
        if (e) {
          out.rgba[i * 4] = uint8_t(e->c1);
          out.rgba[i * 4 + 1] = uint8_t(e->c2);
          out.rgba[i * 4 + 2] = uint8_t(e->c3);
          out.rgba[i * 4 + 3] = uint8_t(e->c4);
          continue;
        }
      }
      out.rgba[i * 4] = out.rgba[i * 4 + 1] = out.rgba[i * 4 + 2] = buf[i];
    }
  }
  if (ok && alphaBand > 1 && w->GetRasterBand(alphaBand)->GetColorInterpretation() == GCI_AlphaBand) {
    ok = readBand(alphaBand, buf);
    for (size_t i = 0; i < n; ++i) out.rgba[i * 4 + 3] = uint8_t(out.rgba[i * 4 + 3] * buf[i] / 255);
  } else if (ok) {
    // No alpha band came out of the warper: fall back on its mask.
    GDALRasterBand* mask = b1->GetMaskBand();
    if (mask && mask->RasterIO(GF_Read, 0, 0, W, H, buf.data(), out.width, out.height, GDT_Byte, 0, 0) == CE_None)
      for (size_t i = 0; i < n; ++i)
        if (buf[i] == 0) out.rgba[i * 4 + 3] = 0;
  }
  GDALClose(warped);
  if (!ok) {
    if (error) *error = path + ": reading the pixels failed (" + CPLGetLastErrorMsg() + ")";
    return false;
  }
  return true;
}

}  // namespace geo
