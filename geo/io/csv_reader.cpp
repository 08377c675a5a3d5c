#include "geo/io/csv_reader.hpp"

#include <atomic>
#include <algorithm>
#include <cstring>

#include <sys/mman.h>

#include <cpl_vsi.h>

namespace geo::csv {

namespace {
std::atomic<bool> gFastPath{true};
std::atomic<bool> gParallel{true};
std::atomic<size_t> gWindowBytes{size_t(64) << 20};
}

bool parallelEnabled() { return gParallel.load(std::memory_order_relaxed); }
void setParallelEnabled(bool on) { gParallel.store(on, std::memory_order_relaxed); }

bool fastPathEnabled() { return gFastPath.load(std::memory_order_relaxed); }
void setFastPathEnabled(bool on) { gFastPath.store(on, std::memory_order_relaxed); }

void Reader::Bytes::allocate(size_t n) {
  release();
  n = std::max<size_t>(n, 1);
  if (n >= (size_t(1) << 24)) {
    void* p = mmap(nullptr, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    if (p != MAP_FAILED) {
      data = static_cast<char*>(p);
      capacity = n;
      mapped = true;
      return;
    }
  }
  data = new char[n];
  capacity = n;
  mapped = false;
}

void Reader::Bytes::release() {
  if (!data) return;
  if (mapped) munmap(data, capacity);
  else delete[] data;
  data = nullptr;
  capacity = 0;
}

Reader::~Reader() {
  if (fp_) VSIFCloseL(static_cast<VSILFILE*>(fp_));
}

size_t windowBytes() { return gWindowBytes.load(std::memory_order_relaxed); }
void setWindowBytes(size_t n) { gWindowBytes.store(std::max<size_t>(n, 16), std::memory_order_relaxed); }

// Fills the window's free room from the file (until full or the file's end).
void Reader::readMore() {
  size_t used = text_.size();
  auto* fp = static_cast<VSILFILE*>(fp_);
  while (fp && used < owned_.capacity) {
    const size_t n = VSIFReadL(owned_.data + used, 1, std::min(owned_.capacity - used, size_t(1) << 26), fp);
    used += n;
    if (n == 0) {
      eof_ = true;
      break;
    }
  }
  text_ = std::string_view(owned_.data, used);
  if (eof_ && fp) {
    VSIFCloseL(fp);
    fp_ = nullptr;
  }
}

bool Reader::open(const std::string& path) { return openWith(path, 0); }

bool Reader::openWith(const std::string& path, size_t firstWindow) {
  if (fp_) VSIFCloseL(static_cast<VSILFILE*>(fp_));
  fp_ = nullptr;
  VSILFILE* fp = VSIFOpenL(path.c_str(), "rb");
  if (!fp) return false;
  path_ = path;
  VSIStatBufL st;
  fileSize_ = VSIStatL(path.c_str(), &st) == 0 && st.st_size > 0 ? uint64_t(st.st_size) : 0;
  // A window of windowBytes(), or the whole file when it is smaller (and one byte more, so that its
  // end is seen without another read).
  const size_t cap = firstWindow ? firstWindow : std::max<size_t>(std::min<uint64_t>(fileSize_ + 1, windowBytes()), 16);
  firstWindow_ = cap;
  owned_.allocate(cap);
  fp_ = fp;
  eof_ = false;
  windowOffset_ = 0;
  text_ = std::string_view(owned_.data, 0);
  readMore();
  start_ = text_.size() >= 3 && text_.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
  rewind();
  return true;
}

void Reader::advance(size_t from) {
  from = std::min(from, text_.size());
  if (eof_) {
    text_ = text_.substr(from);  // nothing more to read: the rest stays where it is
    windowOffset_ += from;
    return;
  }
  const size_t keep = text_.size() - from;
  if (from == 0) {  // one record fills the window: a window twice the size
    Bytes bigger;
    bigger.allocate(owned_.capacity * 2);
    if (windowOffset_ == 0) firstWindow_ = owned_.capacity * 2;  // restart() reads this much again
    std::memcpy(bigger.data, text_.data(), keep);
    std::swap(owned_.data, bigger.data);
    std::swap(owned_.capacity, bigger.capacity);
    std::swap(owned_.mapped, bigger.mapped);
  } else {
    std::memmove(owned_.data, text_.data() + from, keep);
  }
  windowOffset_ += from;
  text_ = std::string_view(owned_.data, keep);
  start_ = 0;
  readMore();
}

void Reader::restart() {
  if (windowOffset_ == 0 && eof_ && fp_ == nullptr && !path_.empty() && text_.data() == owned_.data) {
    rewind();  // the window holds the whole file
    return;
  }
  if (path_.empty()) {
    rewind();
    return;
  }
  const std::string path = path_;
  openWith(path, firstWindow_);
}

void Reader::setText(std::string text) {
  if (fp_) VSIFCloseL(static_cast<VSILFILE*>(fp_));
  fp_ = nullptr;
  path_.clear();
  eof_ = true;
  windowOffset_ = 0;
  fileSize_ = text.size();
  owned_.allocate(text.size() + 1);
  std::memcpy(owned_.data, text.data(), text.size());
  text_ = std::string_view(owned_.data, text.size());
  start_ = text_.size() >= 3 && text_.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
  rewind();
}

bool Reader::hasNul() const { return std::memchr(text_.data(), '\0', text_.size()) != nullptr; }

void Reader::rewind() { cursor_ = Cursor{start_, 1}; }

std::string_view Reader::firstLine() const {
  const char* s = text_.data() + start_;
  size_t n = text_.size() - start_, i = 0;
  while (i < n && s[i] != '\n' && s[i] != '\r') ++i;
  return {s, i};
}

bool Reader::nextAt(Cursor& c, Record& r, size_t limit) const {
  const char* const base = text_.data();
  const size_t size = text_.size();
  // The end of the line starting at p (the position of its break, or the text's end) and the
  // number of double quotes on it.
  auto lineEnd = [&](size_t p, size_t& quotes) {
    const char* s = base + p;
    const size_t n = size - p;
    const char* nl = static_cast<const char*>(std::memchr(s, '\n', n));
    size_t len = nl ? size_t(nl - s) : n;
    if (const char* cr = static_cast<const char*>(std::memchr(s, '\r', len))) len = size_t(cr - s);
    quotes = 0;
    for (const char* q = s; (q = static_cast<const char*>(std::memchr(q, '"', len - size_t(q - s)))) != nullptr; ++q)
      ++quotes;
    return p + len;
  };
  // Steps over the line break at p (if any), counting the line.
  auto skipBreak = [&](size_t p) {
    if (p >= size) return p;
    ++c.line;
    if (base[p] == '\r' && p + 1 < size && base[p + 1] == '\n') return p + 2;
    return p + 1;
  };
  while (c.pos < size && c.pos < limit) {
    size_t quotes = 0;
    size_t e = lineEnd(c.pos, quotes);
    if (e == c.pos) {  // an empty line: no record
      c.pos = skipBreak(e);
      continue;
    }
    r.begin = c.pos;
    r.line = c.line;
    size_t total = quotes;
    while (total % 2 == 1 && e < size) {
      const size_t next = skipBreak(e);
      if (next >= size) break;
      e = lineEnd(next, quotes);
      total += quotes;
    }
    r.end = e;
    c.pos = skipBreak(e);
    return true;
  }
  return false;
}

void Reader::splitWith(const Record& r, char delim, std::vector<std::string_view>& cells, std::string& scratch,
                       size_t maxCells) const {
  cells.clear();
  scratch.clear();
  // Unquoted text is never longer than the record: views into scratch stay valid.
  if (scratch.capacity() < r.end - r.begin + 1) scratch.reserve(2 * (r.end - r.begin) + 64);
  const char* const s = text_.data() + r.begin;
  const char* const e = text_.data() + r.end;
  // The bytes that end a plain run: the delimiter, a quote, a line break (one table lookup a byte).
  bool stop[256] = {};
  stop[static_cast<unsigned char>(delim)] = stop[static_cast<unsigned char>('"')] = true;
  stop[static_cast<unsigned char>('\r')] = stop[static_cast<unsigned char>('\n')] = true;
  const char* p = s;
  while (p < e) {
    if (cells.size() >= maxCells) return;
    // Plain cells (no quote, no line break) are views into the text.
    const char* q = p;
    while (q < e && !stop[static_cast<unsigned char>(*q)]) ++q;
    if (q == e || *q == delim) {
      cells.emplace_back(p, size_t(q - p));
      p = q == e ? e : q + 1;
      continue;
    }
    // A cell that is all one quoted part, with no quote or carriage return inside (most quoted
    // cells): a view into the text between its quotes, nothing copied.
    if (q == p && *q == '"') {
      const char* z = static_cast<const char*>(std::memchr(q + 1, '"', size_t(e - q - 1)));
      if (z && (z + 1 == e || z[1] == delim) && !std::memchr(q + 1, '\r', size_t(z - q - 1))) {
        cells.emplace_back(q + 1, size_t(z - q - 1));
        p = z + 1 == e ? e : z + 2;
        continue;
      }
    }
    const size_t st = scratch.size();
    scratch.append(p, size_t(q - p));
    bool inString = false;
    for (; q < e; ++q) {
      // Inside quotes, runs of plain text are copied at once (ACLED quotes every note).
      if (inString) {
        const char* run = q;
        while (run < e && *run != '"' && *run != '\r') ++run;
        if (run > q) {
          scratch.append(q, size_t(run - q));
          q = run;
          if (q >= e) break;
        }
      }
      char c = *q;
      if (!inString && c == delim) {
        ++q;
        break;
      }
      if (c == '"') {
        if (!inString || q + 1 >= e || q[1] != '"') {
          inString = !inString;
          continue;
        }
        ++q;  // a doubled quote inside quotes: one quote
      } else if (c == '\r') {
        if (q + 1 < e && q[1] == '\n') ++q;
        c = '\n';
      }
      scratch += c;
    }
    cells.emplace_back(scratch.data() + st, scratch.size() - st);
    p = q;
  }
  if (e > s && e[-1] == delim && cells.size() < maxCells) cells.emplace_back();
}

std::vector<std::vector<std::string>> splitAll(const std::string& text, char delimiter, std::vector<int64_t>* lines) {
  Reader rd;
  rd.setText(text);
  std::vector<std::vector<std::string>> out;
  Record r;
  std::vector<std::string_view> cells;
  while (rd.next(r)) {
    rd.split(r, delimiter, cells);
    out.emplace_back(cells.begin(), cells.end());
    if (lines) lines->push_back(r.line);
  }
  return out;
}

}  // namespace geo::csv
