// Shared by the loader fuzz targets: the input written as a file in GDAL's /vsimem/ and read with
// geo::loadEvents, as the program reads a file named on its command line. Checks what every caller
// relies on: events sorted by their first second, each event's first <= last, every problem naming
// a row (>= 0).
#pragma once
#include <cpl_vsi.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "geo/io.hpp"
#include "tests/fuzz/fuzz_util.hpp"

namespace fuzzload {

inline void loadFromMemory(const std::string& path, const std::string& bytes, const geo::LoadOptions& opt) {
  // GDAL copies nothing: the buffer must outlive the file (removed before returning).
  VSILFILE* fp = VSIFileFromMemBuffer(path.c_str(), reinterpret_cast<GByte*>(const_cast<char*>(bytes.data())),
                                      vsi_l_offset(bytes.size()), FALSE);
  FUZZ_CHECK(fp != nullptr);
  VSIFCloseL(fp);
  geo::Dataset ds;
  std::string err;
  if (geo::loadEvents(path, opt, ds, &err)) {
    for (size_t i = 0; i < ds.events.size(); ++i) {
      FUZZ_CHECK(ds.events.first(i) <= ds.events.last(i));
      if (i) FUZZ_CHECK(ds.events.first(i - 1) <= ds.events.first(i));
      (void)ds.events.title(i);
      (void)ds.events.sources(i);
    }
    for (const auto& p : ds.problems) FUZZ_CHECK(p.row >= 0);
    geo::Seconds a, b;
    if (ds.timeRange(a, b)) FUZZ_CHECK(a <= b);
  }
  VSIUnlink(path.c_str());
}

}  // namespace fuzzload
