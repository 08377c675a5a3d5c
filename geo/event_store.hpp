// The events of a dataset in columns: times, positions and codes in flat arrays sorted by time, the
// texts of each event in one record of a chunked byte arena, repeated strings (categories, actors,
// countries, sources, reporters) interned once. Nothing is allocated per event: a million events
// cost about 100 bytes each beyond their texts, instead of the ~900 of a vector<Event>.
//
// Sections: StringPool; ByteArena; EventStore (reading, building, ordering).
//
// Times are compressed losslessly: first() and last() are kept whole (every hot path reads them);
// the start's written value and latest bound, and the end's written value and earliest bound, are
// kept as 32-bit offsets from them, with a side table for the rare event whose offsets do not fit
// (a start known only within 68 years). An event without an end has last() == start.latest.
#pragma once
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "geo/event.hpp"
#include "geo/time.hpp"

namespace geo {

// --- StringPool ------------------------------------------------------------------------------------
// Strings stored once, by code; code 0 is the empty string.
class StringPool {
 public:
  StringPool();
  StringPool(const StringPool& o);
  StringPool& operator=(const StringPool& o);
  StringPool(StringPool&&) noexcept = default;
  StringPool& operator=(StringPool&&) noexcept = default;
  uint32_t intern(std::string_view s);
  std::string_view get(uint32_t code) const { return code < strings_.size() ? std::string_view(strings_[code]) : std::string_view(); }
  // The code of s, or -1 when it was never interned.
  int64_t find(std::string_view s) const;
  size_t size() const { return strings_.size(); }
  size_t memoryBytes() const;

 private:
  std::deque<std::string> strings_;  // a deque: growing never moves the strings the index points at
  std::unordered_map<std::string_view, uint32_t> index_;
};

// --- ByteArena -------------------------------------------------------------------------------------
// Append-only bytes in blocks that never move (views into them stay valid while the arena grows).
// A reference is (block << 32) | offset.
class ByteArena {
 public:
  uint64_t append(const char* data, size_t n);
  const char* at(uint64_t ref) const { return blocks_[size_t(ref >> 32)].data.get() + uint32_t(ref); }
  // Moves o's blocks to the end of this arena; references into o are shifted by the returned value
  // (added to their block part).
  uint64_t take(ByteArena&& o);
  size_t memoryBytes() const;
  void clear() { blocks_.clear(); }

 private:
  struct Block {
    std::unique_ptr<char[]> data;
    size_t used = 0, capacity = 0;
  };
  std::vector<Block> blocks_;
};

// --- TextBlocks ------------------------------------------------------------------------------------
// Long texts read one at a time (event descriptions: two thirds of an ACLED export's text), packed
// into blocks of about 64 KiB compressed with zstd (about a fifth of their size for ACLED notes),
// a block unpacked when one of its texts is read. A reference is (block << 32) | offset; kNone is
// the empty text. The block being filled is kept as it is until full.
class TextBlocks {
 public:
  static constexpr uint64_t kNone = ~uint64_t(0);
  TextBlocks() = default;
  TextBlocks(TextBlocks&&) noexcept = default;
  TextBlocks& operator=(TextBlocks&&) noexcept = default;
  uint64_t append(std::string_view s);
  // The text of ref: valid until this thread has unpacked four other blocks (of any TextBlocks).
  std::string_view get(uint64_t ref) const;
  // Compresses the block being filled (appends go on into a new one).
  void seal();
  // Moves o's blocks to the end of these (both sealed first); o's references are shifted by the
  // returned value.
  uint64_t take(TextBlocks&& o);
  size_t blockCount() const { return blocks_.size() + (open_.empty() ? 0 : 1); }
  // The unpacked text of block b (b < blockCount()), valid as get()'s.
  std::string_view block(size_t b) const;
  size_t memoryBytes() const;
  size_t rawBytes() const { return raw_; }  // bytes of text held (unpacked)
  void clear() { *this = TextBlocks(); }

 private:
  struct Block {
    std::unique_ptr<char[]> data;
    uint32_t packed = 0, size = 0;
    uint64_t serial = 0;  // unique among all blocks ever made: the key of the unpack cache
  };
  std::vector<Block> blocks_;
  std::string open_;  // the block being filled, unpacked
  size_t raw_ = 0;
};

// --- LazyColumn ------------------------------------------------------------------------------------
// A column that many datasets leave at one value (ACLED has no low or high fatality estimate and no
// reporter of them): it holds nothing while every value is `fill`, and is filled out at the first
// other value. The store says how many values there are (n: the size before the value pushed).
template <class T>
class LazyColumn {
 public:
  explicit LazyColumn(T fill) : fill_(fill) {}
  T operator[](size_t i) const { return v_.empty() ? fill_ : v_[i]; }
  void push(size_t n, T x) {
    if (v_.empty() && x == fill_) return;
    if (v_.empty()) v_.assign(n, fill_);
    v_.push_back(x);
  }
  // Appends o's m values, each through f (a code remapped into this store's pool).
  template <class F>
  void append(size_t n, const LazyColumn& o, size_t m, F&& f) {
    if (v_.empty() && o.v_.empty() && f(o.fill_) == fill_) return;
    if (v_.empty()) v_.assign(n, fill_);
    for (size_t k = 0; k < m; ++k) v_.push_back(f(o[k]));
  }
  void reserve(size_t n) {
    if (!v_.empty()) v_.reserve(n);
  }
  // Position k receives value order[k]; scratch is a buffer of T reused between columns.
  void permute(const std::vector<uint32_t>& order, std::vector<T>& scratch) {
    if (v_.empty()) return;
    scratch.resize(order.size());
    for (size_t k = 0; k < order.size(); ++k) scratch[k] = v_[order[k]];
    v_.swap(scratch);
  }
  void shrinkToFit() { v_.shrink_to_fit(); }
  size_t memoryBytes() const { return v_.capacity() * sizeof(T); }

 private:
  T fill_;
  std::vector<T> v_;
};

// --- EventStore ------------------------------------------------------------------------------------
class EventRef;

class EventStore {
 public:
  EventStore() = default;
  EventStore(EventStore&&) noexcept = default;
  EventStore& operator=(EventStore&&) noexcept = default;
  EventStore(const EventStore& o);  // a deep copy (tests, the headless exporter)
  EventStore& operator=(const EventStore& o);

  size_t size() const { return first_.size(); }
  bool empty() const { return first_.empty(); }
  // One event's accessors bound together: ev[i].title() is ev.title(i).
  EventRef operator[](size_t i) const;

  // --- time (seconds UTC) ---
  Seconds first(size_t i) const { return first_[i]; }  // earliest possible start
  Seconds last(size_t i) const { return last_[i]; }    // latest possible end (inclusive)
  const std::vector<Seconds>& firstColumn() const { return first_; }  // non-decreasing once sorted
  const std::vector<Seconds>& lastColumn() const { return last_; }
  bool hasEnd(size_t i) const { return flags_[i] & kHasEnd; }
  bool isSpan(size_t i) const { return hasEnd(i); }
  Precision precision(size_t i) const { return Precision(startPrec_[i]); }  // of the start
  TimeValue start(size_t i) const;
  TimeValue end(size_t i) const;  // meaningful when hasEnd(i)

  // --- place ---
  bool hasLocation(size_t i) const { return flags_[i] & kHasLocation; }
  // WGS84 degrees, kept to 1e-7 degree (about a centimetre): the value written with up to 7 decimals
  // comes back as the same double.
  double lon(size_t i) const { return lon_[i] / 1e7; }
  double lat(size_t i) const { return lat_[i] / 1e7; }
  double x(size_t i) const { return x_[i]; }      // map CRS, metres (after projectEvents)
  double y(size_t i) const { return y_[i]; }
  const std::vector<double>& xColumn() const { return x_; }
  const std::vector<double>& yColumn() const { return y_; }
  int geoPrecision(size_t i) const { return geoPrec_[i]; }
  bool hasShape(size_t i) const { return flags_[i] & kHasShape; }
  const EventShape* shape(size_t i) const;        // null for a point event
  EventShape* shape(size_t i);

  // --- codes ---
  uint32_t categoryCode(size_t i) const { return category_[i]; }
  std::string_view category(size_t i) const { return categories_.get(category_[i]); }
  const StringPool& categories() const { return categories_; }
  int64_t fatalitiesLow(size_t i) const { return fatLow_[i]; }   // -1 = unknown
  int64_t fatalitiesBest(size_t i) const { return fatBest_[i]; }
  int64_t fatalitiesHigh(size_t i) const { return fatHigh_[i]; }
  std::string_view fatalitiesBy(size_t i) const { return reporters_.get(fatBy_[i]); }

  // --- texts (views into the arena, valid while the store lives) ---
  std::string_view id(size_t i) const { return text(i, 0); }
  std::string_view title(size_t i) const { return text(i, 1); }
  // Descriptions are kept compressed (see TextBlocks): the view stays valid until this thread has
  // read descriptions from four other blocks (copy it to keep it longer). In bulk, in storage order
  // (each block unpacked once): forEachDescription.
  std::string_view description(size_t i) const;
  // f(index, description) for every event with a non-empty description, in storage order.
  template <class F>
  void forEachDescription(F&& f) const;
  std::string_view place(size_t i) const { return text(i, 3); }
  std::string_view placeAlt(size_t i) const { return text(i, 4); }
  std::string_view displayDate(size_t i) const { return text(i, 5); }
  std::vector<std::string_view> actors(size_t i) const { return list(i, 0, actors_); }
  std::vector<std::string_view> countries(size_t i) const { return list(i, 1, countries_); }
  std::vector<Source> sources(size_t i) const;
  // Codes of the event's actors / countries in actorPool() / countryPool() (filters, facets).
  template <class F>
  void forEachActor(size_t i, F&& f) const { forEachCode(i, 0, f); }
  template <class F>
  void forEachCountry(size_t i, F&& f) const { forEachCode(i, 1, f); }
  const StringPool& actorPool() const { return actors_; }
  const StringPool& countryPool() const { return countries_; }

  // "Stepanakert / Khankendi" (or reversed); "27 Sep 2020 – 10 Nov 2020".
  std::string placeLabel(size_t i, bool altFirst = false) const;
  std::string dateLabel(size_t i) const;
  // The whole event as a value (details, editing, exporting: a few events at a time).
  Event get(size_t i) const;
  // Every event as values (tests, small datasets).
  std::vector<Event> toVector() const;

  // --- building ---
  void reserve(size_t n);
  void push(const Event& e);
  // Moves o's events to the end (its pools merged into these). Call sortByTime() afterwards.
  void append(EventStore&& o);
  void clear();
  // Sorted by (first, id), equal keys in their order; the id index rebuilt.
  void sortByTime();
  void setLocation(size_t i, double lon, double lat);
  void clearLocation(size_t i);
  void setXY(size_t i, double x, double y) { x_[i] = x; y_[i] = y; }

  // Changes whenever the events do (and differs between stores): caches key on it.
  uint64_t revision() const { return revision_; }
  // For writers that change columns in place without saying so each time (setXY).
  void markChanged() { touch(); }

  // Index of the event with this id, or -1 (binary search over hashes; a scan before sortByTime).
  int find(std::string_view id) const;
  // Bytes held (columns, arena, pools, indexes).
  size_t memoryBytes() const;
  // Of them, the descriptions' (compressed), and the bytes of their text.
  size_t descriptionMemoryBytes() const { return descs_.memoryBytes() + desc_.capacity() * sizeof(uint64_t); }
  size_t descriptionTextBytes() const { return descs_.rawBytes(); }

 private:
  enum : uint8_t { kHasEnd = 1, kHasLocation = 2, kStartTime = 4, kEndTime = 8, kHasShape = 16, kWide = 32 };
  struct Wide {
    Seconds startT, startLatest, endT, endEarliest;
  };
  // What an event's times hold besides first and last: offsets of the start's value and latest
  // bound from first, of the end's value and earliest bound from last, the time zones and the end's
  // precision. Few datasets have more than a handful of these (a day's start: 0 and 86,399): each
  // event keeps the code of its pattern (2 bytes instead of 21). An event whose pattern does not fit
  // (offsets beyond 32 bits, or past 65,535 patterns) is kWide, its times in wide_.
  struct Pattern {
    int32_t startTD = 0, startLatD = 0, endTD = 0, endEarlyD = 0;
    int16_t startTz = 0, endTz = 0;
    uint8_t endPrec = 0;
    bool operator==(const Pattern& o) const {
      return startTD == o.startTD && startLatD == o.startLatD && endTD == o.endTD && endEarlyD == o.endEarlyD &&
             startTz == o.startTz && endTz == o.endTz && endPrec == o.endPrec;
    }
  };
  struct PatternHash {
    size_t operator()(const Pattern& p) const;
  };
  struct WideTimes {
    Wide w;
    int16_t startTz = 0, endTz = 0;
    uint8_t endPrec = 0;
  };
  static constexpr uint16_t kWidePattern = 0xFFFF;
  uint16_t internPattern(const Pattern& p);  // kWidePattern when the table is full
  std::string_view text(size_t i, int field) const;
  std::vector<std::string_view> list(size_t i, int which, const StringPool& pool) const;
  template <class F>
  void forEachCode(size_t i, int which, F&& f) const;
  const char* listsOf(size_t i) const;  // the record's bytes after its texts
  void permute(const std::vector<uint32_t>& order);  // position k receives event order[k]
  void buildIdIndex();
  void shrinkToFit();

  std::vector<Seconds> first_, last_;
  std::vector<uint16_t> pattern_;  // into patterns_ (or kWidePattern)
  std::vector<Pattern> patterns_;
  std::unordered_map<Pattern, uint16_t, PatternHash> patternIndex_;
  std::vector<uint8_t> startPrec_, flags_, geoPrec_;
  std::vector<int32_t> lon_, lat_;  // 1e-7 degrees
  std::vector<double> x_, y_;
  std::vector<int32_t> fatBest_;
  LazyColumn<int32_t> fatLow_{-1}, fatHigh_{-1};
  std::vector<uint32_t> category_;
  LazyColumn<uint32_t> fatBy_{0};
  std::vector<uint64_t> record_;  // into arena_
  ByteArena arena_;
  std::vector<uint64_t> desc_;  // into descs_
  TextBlocks descs_;
  StringPool categories_, reporters_, actors_, countries_, sources_;
  std::unordered_map<uint32_t, WideTimes> wide_;                  // by event index
  std::vector<std::pair<uint32_t, std::shared_ptr<EventShape>>> shapes_;  // sorted by event index
  std::vector<std::pair<uint32_t, uint32_t>> idIndex_;            // (hash of id, event), sorted
  bool idIndexValid_ = false;
  bool sorted_ = false;  // sortByTime ran and nothing was added since
  uint64_t revision_ = nextRevision();
  static uint64_t nextRevision();
  void touch() { revision_ = nextRevision(); }
};

// A light handle on one event of a store (two words; copy it freely). Valid while the store is.
class EventRef {
 public:
  EventRef(const EventStore& s, size_t i) : s_(&s), i_(i) {}
  size_t index() const { return i_; }
  Seconds first() const { return s_->first(i_); }
  Seconds last() const { return s_->last(i_); }
  bool hasEnd() const { return s_->hasEnd(i_); }
  bool isSpan() const { return s_->isSpan(i_); }
  Precision precision() const { return s_->precision(i_); }
  TimeValue start() const { return s_->start(i_); }
  TimeValue end() const { return s_->end(i_); }
  bool hasLocation() const { return s_->hasLocation(i_); }
  double lon() const { return s_->lon(i_); }
  double lat() const { return s_->lat(i_); }
  double x() const { return s_->x(i_); }
  double y() const { return s_->y(i_); }
  int geoPrecision() const { return s_->geoPrecision(i_); }
  const EventShape* shape() const { return s_->shape(i_); }
  uint32_t categoryCode() const { return s_->categoryCode(i_); }
  std::string_view category() const { return s_->category(i_); }
  int64_t fatalitiesLow() const { return s_->fatalitiesLow(i_); }
  int64_t fatalitiesBest() const { return s_->fatalitiesBest(i_); }
  int64_t fatalitiesHigh() const { return s_->fatalitiesHigh(i_); }
  std::string_view fatalitiesBy() const { return s_->fatalitiesBy(i_); }
  std::string_view id() const { return s_->id(i_); }
  std::string_view title() const { return s_->title(i_); }
  std::string_view description() const { return s_->description(i_); }
  std::string_view place() const { return s_->place(i_); }
  std::string_view placeAlt() const { return s_->placeAlt(i_); }
  std::string_view displayDate() const { return s_->displayDate(i_); }
  std::vector<std::string_view> actors() const { return s_->actors(i_); }
  std::vector<std::string_view> countries() const { return s_->countries(i_); }
  std::vector<Source> sources() const { return s_->sources(i_); }
  std::string placeLabel(bool altFirst = false) const { return s_->placeLabel(i_, altFirst); }
  std::string dateLabel() const { return s_->dateLabel(i_); }
  Event get() const { return s_->get(i_); }

 private:
  const EventStore* s_;
  size_t i_;
};

inline EventRef EventStore::operator[](size_t i) const { return EventRef(*this, i); }

// --- Dataset -------------------------------------------------------------------------------------
struct Dataset {
  std::string name;  // title shown in the UI
  std::string path;  // where it was read from
  EventStore events;          // sorted by first() (after sortByTime)
  std::vector<Event> eras;    // sorted by first()
  bool hasDefaultView = false;
  BBox defaultView;  // WGS84
  std::vector<Problem> problems;
  std::string schema;               // recognised or forced schema ("acled", "ucdp-ged", ...)
  std::vector<std::string> notes;   // assumptions made while reading ("event_date: day-first ...")

  void sortByTime();
  BBox eventsBounds() const;  // WGS84 box of the events with a location
  // Time range covering every event and era [first, last]; false when empty.
  bool timeRange(Seconds& first, Seconds& last) const;
  int findEvent(const std::string& id) const;  // index in events, or -1
};

// --- inline ---------------------------------------------------------------------------------------
namespace detail {
inline uint64_t readVarint(const char*& p) {
  uint64_t v = 0;
  int shift = 0;
  for (;;) {
    const auto b = static_cast<unsigned char>(*p++);
    v |= uint64_t(b & 0x7F) << shift;
    if (!(b & 0x80)) return v;
    shift += 7;
  }
}
}  // namespace detail

template <class F>
void EventStore::forEachCode(size_t i, int which, F&& f) const {
  const char* p = listsOf(i);
  for (int w = 0; w <= which; ++w) {
    const uint64_t n = detail::readVarint(p);
    for (uint64_t k = 0; k < n; ++k) {
      const uint64_t code = detail::readVarint(p);
      if (w == which) f(uint32_t(code));
    }
  }
}

template <class F>
void EventStore::forEachDescription(F&& f) const {
  // Events grouped by block (a counting sort), each block unpacked once.
  const size_t nb = descs_.blockCount();
  if (nb == 0) return;
  std::vector<uint32_t> start(nb + 1, 0), order;
  for (uint64_t r : desc_)
    if (r != TextBlocks::kNone) ++start[size_t(r >> 32) + 1];
  for (size_t b = 0; b < nb; ++b) start[b + 1] += start[b];
  order.resize(start[nb]);
  {
    std::vector<uint32_t> at(start.begin(), start.end() - 1);
    for (size_t i = 0; i < desc_.size(); ++i)
      if (desc_[i] != TextBlocks::kNone) order[at[size_t(desc_[i] >> 32)]++] = uint32_t(i);
  }
  for (size_t b = 0; b < nb; ++b) {
    if (start[b] == start[b + 1]) continue;
    const std::string_view blk = descs_.block(b);
    for (uint32_t k = start[b]; k < start[b + 1]; ++k) {
      const size_t i = order[k];
      const char* p = blk.data() + uint32_t(desc_[i]);
      const uint64_t n = detail::readVarint(p);
      f(i, std::string_view(p, size_t(n)));
    }
  }
}

}  // namespace geo
