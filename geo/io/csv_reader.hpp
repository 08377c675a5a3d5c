// Internal to geo/io: a fast reader of delimited text files that splits records exactly as GDAL's
// CSV driver (CSVReadParseLine3L) does, so that the event loader can read the rows of a CSV source
// itself while GDAL still opens the source and decides its columns, geometry and CRS.
//
// GDAL's rules, reproduced here:
//  - lines end at "\r\n", "\n" or "\r"; an empty line is no record;
//  - a record goes on over further lines while it holds an odd number of double quotes (all of
//    them counted); the line breaks inside it read as "\n";
//  - a cell ends at the delimiter outside quotes; every double quote opens or closes a quoted part,
//    except a doubled one inside quotes, which stands for one quote ("a""b" -> a"b, ab"c,d"e -> abc,de);
//  - a record ending with the delimiter has a last, empty cell;
//  - a UTF-8 byte order mark at the start of the file is skipped.
// Records are reported with the 1-based line of the file on which they start.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace geo::csv {

struct Record {
  size_t begin = 0, end = 0;  // the record's text in Reader::text(), without its final line break
  int64_t line = 0;           // 1-based line of the file where it starts
};

class Reader {
 public:
  // Opens the file through GDAL's VSI layer (so /vsimem/, /vsizip/... work) and reads its first
  // window (windowBytes(), all of a smaller file). False when it cannot be read.
  bool open(const std::string& path);
  // Reads from text in memory (tests): one window holding all of it.
  void setText(std::string text);

  // The window of the file in memory. Records, cursors and positions are relative to it.
  std::string_view text() const { return text_; }
  // True when the window holds a NUL byte (GDAL's line reader stops at it: not read here).
  bool hasNul() const;

  // --- windows: a large file is read a window at a time, never whole ---
  // The window ends at the end of the file (and the last record in it is complete).
  bool atEnd() const { return eof_; }
  // The file offset of text()[0].
  uint64_t windowOffset() const { return windowOffset_; }
  // Drops the window's bytes before `from` and reads on: the next window starts with the bytes at
  // `from` (positions in it are the old ones less `from`). With from == 0 (one record fills the
  // window) the window grows to twice its size. At the end of the file, atEnd() becomes true.
  void advance(size_t from);
  // Back to the first window (nothing read when it already holds the whole file).
  void restart();
  // Bytes of the file (as stat gave them when opened; the text itself may end earlier or later).
  uint64_t fileSize() const { return fileSize_; }

  // The next record; false at the end of the text.
  bool next(Record& r) { return nextAt(cursor_, r); }
  void rewind();

  // Where a scan stands: the next byte to look at, and the 1-based line it is on.
  struct Cursor {
    size_t pos = 0;
    int64_t line = 1;
  };
  // The record at or after c (advancing c past it), if it begins before `limit`. Several threads
  // can scan parts of one text at once, each with its own cursor.
  bool nextAt(Cursor& c, Record& r, size_t limit = SIZE_MAX) const;
  Cursor cursor() const { return cursor_; }

  // The cells of a record. The views point into text() or into a scratch buffer that stays valid
  // until the next call of split(). With maxCells, splitting stops after that many cells.
  void split(const Record& r, char delimiter, std::vector<std::string_view>& cells, size_t maxCells = SIZE_MAX) {
    splitWith(r, delimiter, cells, scratch_, maxCells);
  }
  // The same with the caller's scratch buffer (several threads splitting records of one text).
  void splitWith(const Record& r, char delimiter, std::vector<std::string_view>& cells, std::string& scratch,
                 size_t maxCells = SIZE_MAX) const;

  // The first line of the text (after the BOM), without its line break: for separator detection.
  std::string_view firstLine() const;

 private:
  // The file's bytes (not a std::string: no zero-filling first). Mapped memory for large files:
  // faulted in at once (MAP_POPULATE), which costs half the time of page-by-page faults.
  struct Bytes {
    char* data = nullptr;
    size_t capacity = 0;
    bool mapped = false;
    Bytes() = default;
    Bytes(const Bytes&) = delete;
    Bytes& operator=(const Bytes&) = delete;
    ~Bytes() { release(); }
    void allocate(size_t n);
    void release();
  };
  void readMore();
  bool openWith(const std::string& path, size_t firstWindow);
  size_t firstWindow_ = 0;  // bytes of the first window (grown to hold the header or a long first record)
  Bytes owned_;
  std::string_view text_;
  void* fp_ = nullptr;  // VSILFILE* while streaming a file
  std::string path_;
  bool eof_ = true;
  uint64_t windowOffset_ = 0, fileSize_ = 0;
 public:
  Reader() = default;
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;
  ~Reader();
 private:
  size_t start_ = 0;  // after the BOM
  Cursor cursor_;
  std::string scratch_;
};

// Every record of a text (convenience for tests).
std::vector<std::vector<std::string>> splitAll(const std::string& text, char delimiter,
                                               std::vector<int64_t>* lines = nullptr);

// Whether the event loader reads CSV rows with this reader (default) or through GDAL's features
// (tests compare the two).
bool fastPathEnabled();
void setFastPathEnabled(bool on);
// Whether a large file is split into records and read on several threads (default) or on one
// (tests compare the two).
bool parallelEnabled();
void setParallelEnabled(bool on);
// The size of a window (64 MiB; tests make it small to cross window edges often).
size_t windowBytes();
void setWindowBytes(size_t n);

}  // namespace geo::csv
