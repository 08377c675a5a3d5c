#include "geo/io/csv_reader.hpp"

#include <atomic>
#include <cstring>

#include <cpl_vsi.h>

namespace geo::csv {

namespace {
std::atomic<bool> gFastPath{true};
}

bool fastPathEnabled() { return gFastPath.load(std::memory_order_relaxed); }
void setFastPathEnabled(bool on) { gFastPath.store(on, std::memory_order_relaxed); }

bool Reader::open(const std::string& path) {
  VSILFILE* fp = VSIFOpenL(path.c_str(), "rb");
  if (!fp) return false;
  std::string text;
  VSIStatBufL st;
  if (VSIStatL(path.c_str(), &st) == 0 && st.st_size > 0) text.reserve(size_t(st.st_size) + 1);
  constexpr size_t kBlock = size_t(1) << 22;
  for (;;) {
    const size_t old = text.size();
    text.resize(old + kBlock);
    const size_t n = VSIFReadL(&text[old], 1, kBlock, fp);
    text.resize(old + n);
    if (n < kBlock) break;
  }
  VSIFCloseL(fp);
  setText(std::move(text));
  return true;
}

void Reader::setText(std::string text) {
  text_ = std::move(text);
  start_ = text_.size() >= 3 && text_.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
  rewind();
}

bool Reader::hasNul() const { return std::memchr(text_.data(), '\0', text_.size()) != nullptr; }

void Reader::rewind() {
  pos_ = start_;
  line_ = 1;
}

std::string_view Reader::firstLine() const {
  const char* s = text_.data() + start_;
  size_t n = text_.size() - start_, i = 0;
  while (i < n && s[i] != '\n' && s[i] != '\r') ++i;
  return {s, i};
}

bool Reader::next(Record& r) {
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
    ++line_;
    if (base[p] == '\r' && p + 1 < size && base[p + 1] == '\n') return p + 2;
    return p + 1;
  };
  while (pos_ < size) {
    size_t quotes = 0;
    size_t e = lineEnd(pos_, quotes);
    if (e == pos_) {  // an empty line: no record
      pos_ = skipBreak(e);
      continue;
    }
    r.begin = pos_;
    r.line = line_;
    size_t total = quotes;
    while (total % 2 == 1 && e < size) {
      const size_t next = skipBreak(e);
      if (next >= size) break;
      e = lineEnd(next, quotes);
      total += quotes;
    }
    r.end = e;
    pos_ = skipBreak(e);
    return true;
  }
  return false;
}

void Reader::split(const Record& r, char delim, std::vector<std::string_view>& cells, size_t maxCells) {
  cells.clear();
  scratch_.clear();
  // Unquoted text is never longer than the record: views into scratch_ stay valid.
  if (scratch_.capacity() < r.end - r.begin + 1) scratch_.reserve(2 * (r.end - r.begin) + 64);
  const char* const s = text_.data() + r.begin;
  const char* const e = text_.data() + r.end;
  const char* p = s;
  while (p < e) {
    if (cells.size() >= maxCells) return;
    // Plain cells (no quote, no line break) are views into the text.
    const char* q = p;
    while (q < e && *q != delim && *q != '"' && *q != '\r' && *q != '\n') ++q;
    if (q == e || *q == delim) {
      cells.emplace_back(p, size_t(q - p));
      p = q == e ? e : q + 1;
      continue;
    }
    const size_t st = scratch_.size();
    scratch_.append(p, size_t(q - p));
    bool inString = false;
    for (; q < e; ++q) {
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
      scratch_ += c;
    }
    cells.emplace_back(scratch_.data() + st, scratch_.size() - st);
    p = q;
  }
  if (e > s && e[-1] == delim) cells.emplace_back();
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
