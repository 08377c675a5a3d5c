// Plain value types shared by every module: points, boxes, problems.
#pragma once
#include <cstdint>
#include <string>

namespace geo {

struct Vec2d {
  double x = 0, y = 0;
};

// An axis-aligned box. In WGS84 it is [minLon, minLat, maxLon, maxLat]; in the map CRS, metres.
struct BBox {
  double minX = 0, minY = 0, maxX = 0, maxY = 0;
  bool valid() const { return maxX >= minX && maxY >= minY; }
  double width() const { return maxX - minX; }
  double height() const { return maxY - minY; }
  bool contains(double x, double y) const { return x >= minX && x <= maxX && y >= minY && y <= maxY; }
  static BBox empty() { return {1e300, 1e300, -1e300, -1e300}; }
  void add(double x, double y) {
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
};

// Something wrong in an input: where (file, row, field) and what. row is 1-based, 0 = whole file.
struct Problem {
  std::string file;
  int64_t row = 0;
  std::string field;
  std::string message;
  std::string text() const;  // "events.csv, row 12, field 'event_date': ..."
};

}  // namespace geo
