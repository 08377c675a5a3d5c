// Files written for the user (state, PNG) are written atomically: a temporary file beside the target,
// flushed to disk, then renamed over it, so a crash never leaves half a file.
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

#include <gdal_priv.h>

#include "geo/io.hpp"

namespace geo {

namespace {
std::string tempNameFor(const std::string& path) { return path + ".tmp-" + std::to_string(::getpid()); }

bool commitTemp(const std::string& tmp, const std::string& path, std::string* error) {
  int fd = ::open(tmp.c_str(), O_RDONLY);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    if (error) *error = path + ": cannot replace (" + std::strerror(errno) + ")";
    std::remove(tmp.c_str());
    return false;
  }
  return true;
}
}  // namespace

bool writeFileAtomic(const std::string& path, const std::string& content, std::string* error) {
  const std::string tmp = tempNameFor(path);
  FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) {
    if (error) *error = path + ": cannot write (" + std::strerror(errno) + ")";
    return false;
  }
  const bool ok = std::fwrite(content.data(), 1, content.size(), f) == content.size();
  const bool closed = std::fclose(f) == 0;
  if (!ok || !closed) {
    if (error) *error = path + ": write failed (" + std::strerror(errno) + ")";
    std::remove(tmp.c_str());
    return false;
  }
  return commitTemp(tmp, path, error);
}

bool writePng(const std::string& path, int width, int height, const uint8_t* rgba, std::string* error) {
  initGdal();
  GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
  GDALDriver* png = GetGDALDriverManager()->GetDriverByName("PNG");
  if (!mem || !png) {
    if (error) *error = "GDAL lacks the MEM or PNG driver";
    return false;
  }
  GDALDatasetUniquePtr img(mem->Create("", width, height, 4, GDT_Byte, nullptr));
  if (!img) return false;
  // Pixel-interleaved RGBA, top row first: band b starts at byte b, pixels 4 bytes apart.
  CPLErr e = img->RasterIO(GF_Write, 0, 0, width, height, const_cast<uint8_t*>(rgba), width, height, GDT_Byte, 4,
                           nullptr, 4, GSpacing(4) * width, 1);
  if (e != CE_None) {
    if (error) *error = "cannot fill the image";
    return false;
  }
  const std::string tmp = tempNameFor(path);
  {
    const char* opts[] = {"ZLEVEL=3", nullptr};
    GDALDatasetUniquePtr out(png->CreateCopy(tmp.c_str(), img.get(), FALSE, const_cast<char**>(opts), nullptr, nullptr));
    if (!out) {
      if (error) *error = path + ": cannot write PNG (" + CPLGetLastErrorMsg() + ")";
      return false;
    }
  }
  std::remove((tmp + ".aux.xml").c_str());
  return commitTemp(tmp, path, error);
}

bool readPng(const std::string& path, int& width, int& height, std::vector<uint8_t>& rgba) {
  initGdal();
  GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_RASTER));
  if (!ds) return false;
  width = ds->GetRasterXSize();
  height = ds->GetRasterYSize();
  const int bands = ds->GetRasterCount();
  rgba.assign(size_t(width) * height * 4, 255);
  int map[4] = {1, 2, 3, 4};
  const int n = bands >= 4 ? 4 : bands >= 3 ? 3 : 1;
  if (n == 1) {
    std::vector<uint8_t> g(size_t(width) * height);
    if (ds->GetRasterBand(1)->RasterIO(GF_Read, 0, 0, width, height, g.data(), width, height, GDT_Byte, 0, 0) != CE_None)
      return false;
    for (size_t i = 0; i < g.size(); ++i) rgba[i * 4] = rgba[i * 4 + 1] = rgba[i * 4 + 2] = g[i];
    return true;
  }
  return ds->RasterIO(GF_Read, 0, 0, width, height, rgba.data(), width, height, GDT_Byte, n, map, 4,
                      GSpacing(4) * width, 1) == CE_None;
}

}  // namespace geo
