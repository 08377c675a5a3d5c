#include "geo/event_store.hpp"

#include <algorithm>
#include <atomic>
#include <climits>
#include <cmath>
#include <cstring>
#include <memory>
#include <numeric>
#include <thread>

#include <zstd.h>

#include "geo/hash.hpp"

namespace geo {

// --- StringPool ------------------------------------------------------------------------------------
StringPool::StringPool() {
  strings_.emplace_back();
  index_.emplace(std::string_view(strings_.back()), 0u);
}

StringPool::StringPool(const StringPool& o) : StringPool() {
  for (size_t k = 1; k < o.strings_.size(); ++k) intern(o.strings_[k]);
}

StringPool& StringPool::operator=(const StringPool& o) {
  if (this != &o) {
    StringPool copy(o);
    *this = std::move(copy);
  }
  return *this;
}

uint32_t StringPool::intern(std::string_view s) {
  if (s.empty()) return 0;
  auto it = index_.find(s);
  if (it != index_.end()) return it->second;
  strings_.emplace_back(s);
  const auto code = uint32_t(strings_.size() - 1);
  index_.emplace(std::string_view(strings_.back()), code);
  return code;
}

int64_t StringPool::find(std::string_view s) const {
  auto it = index_.find(s);
  return it == index_.end() ? -1 : int64_t(it->second);
}

size_t StringPool::memoryBytes() const {
  size_t n = index_.size() * 48;
  for (const std::string& s : strings_) n += sizeof(std::string) + (s.size() > 15 ? s.capacity() : 0);
  return n;
}

// --- ByteArena -------------------------------------------------------------------------------------
namespace {
constexpr size_t kBlockBytes = size_t(8) << 20;
}

uint64_t ByteArena::append(const char* data, size_t n) {
  if (blocks_.empty() || blocks_.back().capacity - blocks_.back().used < n) {
    Block b;
    b.capacity = std::max(kBlockBytes, n);
    b.data.reset(new char[b.capacity]);
    blocks_.push_back(std::move(b));
  }
  Block& b = blocks_.back();
  const uint64_t ref = (uint64_t(blocks_.size() - 1) << 32) | uint64_t(b.used);
  if (n) std::memcpy(b.data.get() + b.used, data, n);
  b.used += n;
  return ref;
}

uint64_t ByteArena::take(ByteArena&& o) {
  const uint64_t shift = uint64_t(blocks_.size()) << 32;
  for (Block& b : o.blocks_) blocks_.push_back(std::move(b));
  o.blocks_.clear();
  return shift;
}

size_t ByteArena::memoryBytes() const {
  // The bytes written: the rest of a block is never touched, so it takes no memory (pages are
  // mapped on first write).
  size_t n = 0;
  for (const Block& b : blocks_) n += b.used;
  return n;
}

// --- EventStore: records ---------------------------------------------------------------------------
namespace {
void putVarint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out += char((v & 0x7F) | 0x80);
    v >>= 7;
  }
  out += char(v);
}

// Fits an offset into 32 bits, or says it does not.
bool fits32(Seconds v) { return v >= INT32_MIN + 1 && v <= INT32_MAX; }
int32_t clamp32(int64_t v) { return int32_t(std::clamp<int64_t>(v, -1, INT32_MAX)); }
// Degrees to 1e-7 degrees (anything not a position, which the loaders refuse, to 0).
int32_t toE7(double deg) { return std::isfinite(deg) && std::fabs(deg) <= 214.0 ? int32_t(std::llround(deg * 1e7)) : 0; }
int16_t tz16(int minutes) { return int16_t(std::clamp(minutes, -32768, 32767)); }
uint64_t idHash(std::string_view id) {
  Hasher h;
  h.bytes(id.data(), id.size());
  return h.h;
}
}  // namespace

// --- TextBlocks ------------------------------------------------------------------------------------
namespace {
constexpr size_t kTextBlockBytes = size_t(64) << 10;
constexpr int kTextLevel = 1;  // zstd's fastest level: about 1/5 the size for ACLED notes
std::atomic<uint64_t> gBlockSerial{1};

// The last few blocks this thread unpacked.
struct UnpackCache {
  struct Slot {
    uint64_t serial = 0;
    std::string text;
  };
  Slot slots[4];
  unsigned next = 0;
};
thread_local UnpackCache tUnpacked;

// zstd's contexts, one per thread that packs or unpacks, freed when the thread ends: the loader's
// worker threads are new for every load, and a context holds about 440 KB.
struct ZstdFree {
  void operator()(ZSTD_CCtx* c) const { ZSTD_freeCCtx(c); }
  void operator()(ZSTD_DCtx* d) const { ZSTD_freeDCtx(d); }
};
thread_local std::unique_ptr<ZSTD_CCtx, ZstdFree> tCCtx;
thread_local std::unique_ptr<ZSTD_DCtx, ZstdFree> tDCtx;
}  // namespace

uint64_t TextBlocks::append(std::string_view s) {
  if (s.empty()) return kNone;
  if (open_.capacity() < kTextBlockBytes + 64) open_.reserve(kTextBlockBytes + 64);
  const uint64_t ref = (uint64_t(blocks_.size()) << 32) | uint64_t(open_.size());
  putVarint(open_, s.size());
  open_.append(s.data(), s.size());
  raw_ += s.size();
  if (open_.size() >= kTextBlockBytes) seal();
  return ref;
}

void TextBlocks::seal() {
  if (open_.empty()) return;
  if (!tCCtx) tCCtx.reset(ZSTD_createCCtx());
  const size_t bound = ZSTD_compressBound(open_.size());
  thread_local std::string buf;
  if (buf.size() < bound) buf.resize(bound);
  const size_t n = ZSTD_compressCCtx(tCCtx.get(), buf.data(), bound, open_.data(), open_.size(), kTextLevel);
  Block b;
  b.size = uint32_t(open_.size());
  b.serial = gBlockSerial++;
  if (ZSTD_isError(n) || n >= open_.size()) {  // kept as it is (packed == 0)
    b.data.reset(new char[open_.size()]);
    std::memcpy(b.data.get(), open_.data(), open_.size());
  } else {
    b.data.reset(new char[n]);
    std::memcpy(b.data.get(), buf.data(), n);
    b.packed = uint32_t(n);
  }
  blocks_.push_back(std::move(b));
  open_.clear();
}

std::string_view TextBlocks::block(size_t bi) const {
  if (bi >= blocks_.size()) return open_;
  const Block& b = blocks_[bi];
  if (!b.packed) return {b.data.get(), b.size};
  UnpackCache& c = tUnpacked;
  for (const UnpackCache::Slot& s : c.slots)
    if (s.serial == b.serial) return s.text;
  UnpackCache::Slot& s = c.slots[c.next++ % 4];
  if (!tDCtx) tDCtx.reset(ZSTD_createDCtx());
  s.text.resize(b.size);
  const size_t n = ZSTD_decompressDCtx(tDCtx.get(), s.text.data(), b.size, b.data.get(), b.packed);
  if (ZSTD_isError(n) || n != b.size) s.text.assign(b.size, '?');  // cannot happen: our own bytes
  s.serial = b.serial;
  return s.text;
}

std::string_view TextBlocks::get(uint64_t ref) const {
  if (ref == kNone) return {};
  const std::string_view blk = block(size_t(ref >> 32));
  const char* p = blk.data() + uint32_t(ref);
  const uint64_t n = detail::readVarint(p);
  return {p, size_t(n)};
}

uint64_t TextBlocks::take(TextBlocks&& o) {
  seal();
  o.seal();
  const uint64_t shift = uint64_t(blocks_.size()) << 32;
  for (Block& b : o.blocks_) blocks_.push_back(std::move(b));
  raw_ += o.raw_;
  o.clear();
  return shift;
}

size_t TextBlocks::memoryBytes() const {
  size_t n = blocks_.capacity() * sizeof(Block) + open_.capacity();
  for (const Block& b : blocks_) n += b.packed ? b.packed : b.size;
  return n;
}

// --- EventStore: reading ---------------------------------------------------------------------------
std::string_view EventStore::description(size_t i) const { return descs_.get(desc_[i]); }

std::string_view EventStore::text(size_t i, int field) const {
  const char* p = arena_.at(record_[i]);
  for (int f = 0; f < field; ++f) {
    const uint64_t n = detail::readVarint(p);
    p += n;
  }
  const uint64_t n = detail::readVarint(p);
  return std::string_view(p, size_t(n));
}

const char* EventStore::listsOf(size_t i) const {
  const char* p = arena_.at(record_[i]);
  for (int f = 0; f < 6; ++f) {
    const uint64_t n = detail::readVarint(p);
    p += n;
  }
  return p;
}

std::vector<std::string_view> EventStore::list(size_t i, int which, const StringPool& pool) const {
  std::vector<std::string_view> out;
  forEachCode(i, which, [&](uint32_t c) { out.push_back(pool.get(c)); });
  return out;
}

std::vector<Source> EventStore::sources(size_t i) const {
  std::vector<Source> out;
  forEachCode(i, 2, [&](uint32_t c) {
    const std::string_view s = sources_.get(c);
    const size_t cut = s.find('\x1f');
    out.push_back({std::string(s.substr(0, cut)), cut == std::string_view::npos ? std::string() : std::string(s.substr(cut + 1))});
  });
  return out;
}

size_t EventStore::PatternHash::operator()(const Pattern& p) const {
  Hasher h;
  h.bytes(&p.startTD, sizeof p.startTD);
  h.bytes(&p.startLatD, sizeof p.startLatD);
  h.bytes(&p.endTD, sizeof p.endTD);
  h.bytes(&p.endEarlyD, sizeof p.endEarlyD);
  h.bytes(&p.startTz, sizeof p.startTz);
  h.bytes(&p.endTz, sizeof p.endTz);
  h.bytes(&p.endPrec, sizeof p.endPrec);
  return size_t(h.h);
}

uint16_t EventStore::internPattern(const Pattern& p) {
  auto it = patternIndex_.find(p);
  if (it != patternIndex_.end()) return it->second;
  if (patterns_.size() >= kWidePattern) return kWidePattern;
  const auto code = uint16_t(patterns_.size());
  patterns_.push_back(p);
  patternIndex_.emplace(p, code);
  return code;
}

TimeValue EventStore::start(size_t i) const {
  TimeValue v;
  v.earliest = first_[i];
  if (pattern_[i] == kWidePattern) {
    const WideTimes& w = wide_.at(uint32_t(i));
    v.t = w.w.startT;
    v.latest = w.w.startLatest;
    v.tzOffsetMin = w.startTz;
  } else {
    const Pattern& p = patterns_[pattern_[i]];
    v.t = first_[i] + p.startTD;
    v.latest = first_[i] + p.startLatD;
    v.tzOffsetMin = p.startTz;
  }
  v.precision = Precision(startPrec_[i]);
  v.hasTime = flags_[i] & kStartTime;
  return v;
}

TimeValue EventStore::end(size_t i) const {
  TimeValue v;
  if (!hasEnd(i)) return v;
  v.latest = last_[i];
  if (pattern_[i] == kWidePattern) {
    const WideTimes& w = wide_.at(uint32_t(i));
    v.t = w.w.endT;
    v.earliest = w.w.endEarliest;
    v.tzOffsetMin = w.endTz;
    v.precision = Precision(w.endPrec);
  } else {
    const Pattern& p = patterns_[pattern_[i]];
    v.t = last_[i] - p.endTD;
    v.earliest = last_[i] - p.endEarlyD;
    v.tzOffsetMin = p.endTz;
    v.precision = Precision(p.endPrec);
  }
  v.hasTime = flags_[i] & kEndTime;
  return v;
}

const EventShape* EventStore::shape(size_t i) const {
  if (!hasShape(i)) return nullptr;
  auto it = std::lower_bound(shapes_.begin(), shapes_.end(), uint32_t(i), [](const auto& a, uint32_t k) { return a.first < k; });
  return it != shapes_.end() && it->first == i ? it->second.get() : nullptr;
}

EventShape* EventStore::shape(size_t i) { return const_cast<EventShape*>(static_cast<const EventStore*>(this)->shape(i)); }

std::string EventStore::placeLabel(size_t i, bool altFirst) const {
  const std::string_view p = place(i), a = placeAlt(i);
  if (p.empty()) return std::string(a);
  if (a.empty()) return std::string(p);
  return altFirst ? std::string(a) + " / " + std::string(p) : std::string(p) + " / " + std::string(a);
}

std::string EventStore::dateLabel(size_t i) const {
  std::string s = formatHuman(start(i));
  if (hasEnd(i)) s += " \u2013 " + formatHuman(end(i));
  return s;
}

Event EventStore::get(size_t i) const {
  Event e;
  e.id = id(i);
  e.title = title(i);
  e.description = description(i);
  e.place = place(i);
  e.placeAlt = placeAlt(i);
  e.displayDate = displayDate(i);
  e.category = category(i);
  for (std::string_view a : actors(i)) e.actors.emplace_back(a);
  for (std::string_view c : countries(i)) e.countries.emplace_back(c);
  e.sources = sources(i);
  e.start = start(i);
  e.hasEnd = hasEnd(i);
  if (e.hasEnd) e.end = end(i);
  e.fatalitiesLow = fatLow_[i];
  e.fatalitiesBest = fatBest_[i];
  e.fatalitiesHigh = fatHigh_[i];
  e.fatalitiesBy = fatalitiesBy(i);
  e.hasLocation = hasLocation(i);
  e.lon = lon(i);
  e.lat = lat(i);
  e.x = x_[i];
  e.y = y_[i];
  e.geoPrecision = geoPrec_[i];
  if (hasShape(i)) {
    auto it = std::lower_bound(shapes_.begin(), shapes_.end(), uint32_t(i), [](const auto& a, uint32_t k) { return a.first < k; });
    if (it != shapes_.end() && it->first == i) e.shape = it->second;
  }
  return e;
}

std::vector<Event> EventStore::toVector() const {
  std::vector<Event> v;
  v.reserve(size());
  for (size_t i = 0; i < size(); ++i) v.push_back(get(i));
  return v;
}

// --- EventStore: building --------------------------------------------------------------------------
EventStore::EventStore(const EventStore& o) {
  reserve(o.size());
  for (size_t i = 0; i < o.size(); ++i) push(o.get(i));
  idIndex_ = o.idIndex_;
  idIndexValid_ = o.idIndexValid_;
}

EventStore& EventStore::operator=(const EventStore& o) {
  if (this != &o) {
    EventStore copy(o);
    *this = std::move(copy);
  }
  return *this;
}

uint64_t EventStore::nextRevision() {
  static std::atomic<uint64_t> counter{1};
  return counter++;
}

void EventStore::reserve(size_t n) {
  first_.reserve(n);
  last_.reserve(n);
  pattern_.reserve(n);
  startPrec_.reserve(n);
  flags_.reserve(n);
  geoPrec_.reserve(n);
  lon_.reserve(n);
  lat_.reserve(n);
  x_.reserve(n);
  y_.reserve(n);
  fatLow_.reserve(n);
  fatBest_.reserve(n);
  fatHigh_.reserve(n);
  category_.reserve(n);
  fatBy_.reserve(n);
  record_.reserve(n);
  desc_.reserve(n);
}

void EventStore::push(const Event& e) {
  const auto idx = uint32_t(first_.size());
  const Seconds f = e.first(), l = std::max(e.last(), e.first());
  first_.push_back(f);
  last_.push_back(l);
  uint8_t flags = 0;
  if (e.hasEnd) flags |= kHasEnd;
  if (e.hasLocation) flags |= kHasLocation;
  if (e.start.hasTime) flags |= kStartTime;
  if (e.hasEnd && e.end.hasTime) flags |= kEndTime;
  if (e.shape) flags |= kHasShape;
  const Seconds endT = e.hasEnd ? e.end.t : l, endEarliest = e.hasEnd ? e.end.earliest : l;
  const bool narrow = fits32(e.start.t - f) && fits32(e.start.latest - f) && fits32(l - endT) && fits32(l - endEarliest);
  Pattern pat;
  pat.startTz = tz16(e.start.tzOffsetMin);
  pat.endTz = tz16(e.hasEnd ? e.end.tzOffsetMin : 0);
  pat.endPrec = uint8_t(e.hasEnd ? e.end.precision : e.start.precision);
  uint16_t code = kWidePattern;
  if (narrow) {
    pat.startTD = int32_t(e.start.t - f);
    pat.startLatD = int32_t(e.start.latest - f);
    pat.endTD = int32_t(l - endT);
    pat.endEarlyD = int32_t(l - endEarliest);
    code = internPattern(pat);
  }
  if (code == kWidePattern) {
    flags |= kWide;
    wide_[idx] = WideTimes{Wide{e.start.t, e.start.latest, endT, endEarliest}, pat.startTz, pat.endTz, pat.endPrec};
  }
  pattern_.push_back(code);
  flags_.push_back(flags);
  startPrec_.push_back(uint8_t(e.start.precision));
  geoPrec_.push_back(uint8_t(std::clamp(e.geoPrecision, 0, 255)));
  lon_.push_back(toE7(e.lon));
  lat_.push_back(toE7(e.lat));
  x_.push_back(e.x);
  y_.push_back(e.y);
  fatLow_.push(idx, clamp32(e.fatalitiesLow));
  fatBest_.push_back(clamp32(e.fatalitiesBest));
  fatHigh_.push(idx, clamp32(e.fatalitiesHigh));
  category_.push_back(categories_.intern(e.category));
  fatBy_.push(idx, reporters_.intern(e.fatalitiesBy));

  // The record: six texts, then the actor, country and source codes.
  thread_local std::string rec;
  rec.clear();
  static const std::string kNoText;
  for (const std::string* s : {&e.id, &e.title, &kNoText, &e.place, &e.placeAlt, &e.displayDate}) {  // the description: in descs_
    putVarint(rec, s->size());
    rec += *s;
  }
  desc_.push_back(descs_.append(e.description));
  putVarint(rec, e.actors.size());
  for (const std::string& a : e.actors) putVarint(rec, actors_.intern(a));
  putVarint(rec, e.countries.size());
  for (const std::string& c : e.countries) putVarint(rec, countries_.intern(c));
  putVarint(rec, e.sources.size());
  thread_local std::string key;
  for (const Source& s : e.sources) {
    key.assign(s.url);
    if (!s.publisher.empty()) {
      key += '\x1f';
      key += s.publisher;
    }
    putVarint(rec, sources_.intern(key));
  }
  record_.push_back(arena_.append(rec.data(), rec.size()));
  if (e.shape) shapes_.push_back({idx, e.shape});  // in push order: sorted by index
  idIndexValid_ = false;
  sorted_ = false;
  touch();
}

void EventStore::append(EventStore&& o) {
  if (o.empty()) return;
  if (empty()) {
    *this = std::move(o);  // its order and id index come with it
    o.clear();
    touch();
    return;
  }
  const auto base = uint32_t(size());
  auto remap = [](StringPool& into, const StringPool& from) {
    std::vector<uint32_t> m(from.size());
    for (size_t k = 0; k < from.size(); ++k) m[k] = into.intern(from.get(uint32_t(k)));
    return m;
  };
  const std::vector<uint32_t> cat = remap(categories_, o.categories_), rep = remap(reporters_, o.reporters_);
  const std::vector<uint32_t> act = remap(actors_, o.actors_), ctry = remap(countries_, o.countries_),
                              src = remap(sources_, o.sources_);
  auto cat2 = [](auto& a, const auto& b) { a.insert(a.end(), b.begin(), b.end()); };
  cat2(first_, o.first_);
  cat2(last_, o.last_);
  {
    // o's patterns by code in these; one that no longer fits makes its events wide.
    std::vector<uint16_t> pm(o.patterns_.size());
    for (size_t k = 0; k < pm.size(); ++k) pm[k] = internPattern(o.patterns_[k]);
    for (size_t i = 0; i < o.size(); ++i) {
      uint16_t code = o.pattern_[i] == kWidePattern ? kWidePattern : pm[o.pattern_[i]];
      if (code == kWidePattern && o.pattern_[i] != kWidePattern) {
        const Pattern& p = o.patterns_[o.pattern_[i]];
        const Seconds f = o.first_[i], l = o.last_[i];
        wide_[base + uint32_t(i)] = WideTimes{Wide{f + p.startTD, f + p.startLatD, l - p.endTD, l - p.endEarlyD}, p.startTz, p.endTz, p.endPrec};
        o.flags_[i] |= kWide;
      }
      pattern_.push_back(code);
    }
  }
  cat2(startPrec_, o.startPrec_);
  cat2(flags_, o.flags_);
  cat2(geoPrec_, o.geoPrec_);
  cat2(lon_, o.lon_);
  cat2(lat_, o.lat_);
  cat2(x_, o.x_);
  cat2(y_, o.y_);
  const auto same = [](int32_t v) { return v; };
  fatLow_.append(base, o.fatLow_, o.size(), same);
  cat2(fatBest_, o.fatBest_);
  fatHigh_.append(base, o.fatHigh_, o.size(), same);
  {
    const uint64_t shift = descs_.take(std::move(o.descs_));
    for (uint64_t r : o.desc_) desc_.push_back(r == TextBlocks::kNone ? r : r + shift);
  }
  for (uint32_t c : o.category_) category_.push_back(cat[c]);
  fatBy_.append(base, o.fatBy_, o.size(), [&](uint32_t c) { return rep[c]; });
  for (auto& [k, w] : o.wide_) wide_[base + k] = w;
  for (auto& [k, sh] : o.shapes_) shapes_.push_back({base + k, std::move(sh)});
  // Records: the lists hold pool codes, which change; the texts are copied as they are.
  const bool samePools = [&] {
    for (const auto* m : {&act, &ctry, &src})
      for (size_t k = 0; k < m->size(); ++k)
        if ((*m)[k] != k) return false;
    return true;
  }();
  if (samePools) {
    const uint64_t shift = arena_.take(std::move(o.arena_));
    for (uint64_t r : o.record_) record_.push_back(r + shift);
  } else {
    std::string rec;
    for (size_t i = 0; i < o.size(); ++i) {
      rec.clear();
      const char* p0 = o.arena_.at(o.record_[i]);
      const char* p = o.listsOf(i);
      rec.append(p0, size_t(p - p0));
      for (const auto* m : {&act, &ctry, &src}) {
        const uint64_t n = detail::readVarint(p);
        putVarint(rec, n);
        for (uint64_t k = 0; k < n; ++k) putVarint(rec, (*m)[size_t(detail::readVarint(p))]);
      }
      record_.push_back(arena_.append(rec.data(), rec.size()));
    }
  }
  o.clear();
  idIndexValid_ = false;
  sorted_ = false;
  touch();
}

void EventStore::clear() { *this = EventStore(); }

void EventStore::setLocation(size_t i, double lon, double lat) {
  lon_[i] = toE7(lon);
  lat_[i] = toE7(lat);
  flags_[i] |= kHasLocation;
  touch();
}

void EventStore::clearLocation(size_t i) {
  flags_[i] = uint8_t(flags_[i] & ~kHasLocation);
  touch();
}

// --- EventStore: ordering --------------------------------------------------------------------------
void EventStore::sortByTime() {
  if (sorted_ && idIndexValid_) return;  // (a store moved in whole from a loader is sorted already)
  const size_t n = size();
  // A large store uses a second core: the ids' hashes while the order is found, then the id index
  // while the columns are permuted.
  const bool parallel = n >= 100000 && std::thread::hardware_concurrency() > 1;
  std::vector<uint32_t> hashes;
  std::thread helper;
  if (parallel)
    helper = std::thread([this, n, &hashes] {
      hashes.resize(n);
      for (size_t i = 0; i < n; ++i) hashes[i] = uint32_t(idHash(id(i)));
    });
  // The index from the hashes of the ids in their new order (order[k]: the event now at k).
  auto indexFromHashes = [this, n, &hashes](const std::vector<uint32_t>* order) {
    idIndex_.resize(n);
    for (size_t k = 0; k < n; ++k) idIndex_[k] = {hashes[order ? (*order)[k] : k], uint32_t(k)};
    std::sort(idIndex_.begin(), idIndex_.end());
    idIndex_.shrink_to_fit();
    idIndexValid_ = true;
  };
  bool sorted = true, descending = true;
  for (size_t i = 1; i < n && (sorted || descending); ++i) {
    if (first_[i - 1] > first_[i] || (first_[i - 1] == first_[i] && id(i) < id(i - 1))) sorted = false;
    if (first_[i - 1] < first_[i]) descending = false;
  }
  if (!sorted) {
    // By first (stable, so equal starts keep their order), then each run of equal starts by id.
    std::vector<uint32_t> order(n);
    if (descending) {
      // Newest first, as ACLED exports are: the runs of equal starts from the last, each in order.
      size_t k = 0;
      for (size_t b = n; b > 0;) {
        size_t a = b - 1;
        while (a > 0 && first_[a - 1] == first_[b - 1]) --a;
        for (size_t i = a; i < b; ++i) order[k++] = uint32_t(i);
        b = a;
      }
    } else {
      std::vector<std::pair<Seconds, uint32_t>> keys(n);
      for (size_t i = 0; i < n; ++i) keys[i] = {first_[i], uint32_t(i)};
      std::sort(keys.begin(), keys.end());
      for (size_t i = 0; i < n; ++i) order[i] = keys[i].second;
    }
    std::vector<std::pair<std::string_view, uint32_t>> run;
    for (size_t a = 0; a < n;) {
      size_t b = a + 1;
      while (b < n && first_[order[b]] == first_[order[a]]) ++b;
      if (b - a > 1) {
        run.clear();
        for (size_t k = a; k < b; ++k) run.push_back({id(order[k]), order[k]});
        std::stable_sort(run.begin(), run.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
        for (size_t k = a; k < b; ++k) order[k] = run[k - a].second;
      }
      a = b;
    }
    if (parallel) {
      helper.join();
      helper = std::thread([&] { indexFromHashes(&order); });
      permute(order);
      helper.join();
    } else {
      permute(order);
      buildIdIndex();
    }
    touch();
  } else {
    shrinkToFit();
    if (parallel) {
      helper.join();
      indexFromHashes(nullptr);
    } else {
      buildIdIndex();
    }
  }
  sorted_ = true;
}

void EventStore::permute(const std::vector<uint32_t>& order) {
  // Each column is gathered into a scratch buffer of its own type, which then takes the column's
  // old storage for the next column of that type: fresh memory (which the kernel must zero, page by
  // page) is taken once per type instead of once per column.
  std::vector<Seconds> sSec;
  std::vector<int32_t> sI32;
  std::vector<uint16_t> sU16;
  std::vector<uint8_t> sU8;
  std::vector<double> sF64;
  std::vector<uint32_t> sU32;
  std::vector<uint64_t> sU64;
  auto apply = [&](auto& col, auto& scratch) {
    scratch.resize(order.size());
    for (size_t k = 0; k < order.size(); ++k) scratch[k] = col[order[k]];
    col.swap(scratch);
  };
  for (auto* c : {&first_, &last_}) apply(*c, sSec);
  for (auto* c : {&fatBest_, &lon_, &lat_}) apply(*c, sI32);
  for (auto* c : {&fatLow_, &fatHigh_}) c->permute(order, sI32);
  apply(pattern_, sU16);
  for (auto* c : {&startPrec_, &flags_, &geoPrec_}) apply(*c, sU8);
  for (auto* c : {&x_, &y_}) apply(*c, sF64);
  apply(category_, sU32);
  fatBy_.permute(order, sU32);
  apply(record_, sU64);
  apply(desc_, sU64);
  if (!wide_.empty() || !shapes_.empty()) {
    std::vector<uint32_t> where(order.size());
    for (size_t k = 0; k < order.size(); ++k) where[order[k]] = uint32_t(k);
    std::unordered_map<uint32_t, WideTimes> w;
    for (auto& [k, v] : wide_) w[where[k]] = v;
    wide_.swap(w);
    for (auto& p : shapes_) p.first = where[p.first];
    std::sort(shapes_.begin(), shapes_.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  }
}

void EventStore::shrinkToFit() {
  for (auto* v : {&first_, &last_}) v->shrink_to_fit();
  for (auto* v : {&fatBest_, &lon_, &lat_}) v->shrink_to_fit();
  for (auto* v : {&fatLow_, &fatHigh_}) v->shrinkToFit();
  pattern_.shrink_to_fit();
  for (auto* v : {&startPrec_, &flags_, &geoPrec_}) v->shrink_to_fit();
  for (auto* v : {&x_, &y_}) v->shrink_to_fit();
  category_.shrink_to_fit();
  fatBy_.shrinkToFit();
  record_.shrink_to_fit();
  desc_.shrink_to_fit();
}

void EventStore::buildIdIndex() {
  idIndex_.resize(size());
  for (size_t i = 0; i < size(); ++i) idIndex_[i] = {uint32_t(idHash(id(i))), uint32_t(i)};
  std::sort(idIndex_.begin(), idIndex_.end());
  idIndex_.shrink_to_fit();
  idIndexValid_ = true;
}

int EventStore::find(std::string_view want) const {
  if (!idIndexValid_) {
    for (size_t i = 0; i < size(); ++i)
      if (id(i) == want) return int(i);
    return -1;
  }
  const auto h = uint32_t(idHash(want));
  auto it = std::lower_bound(idIndex_.begin(), idIndex_.end(), std::pair<uint32_t, uint32_t>{h, 0u});
  int best = -1;
  for (; it != idIndex_.end() && it->first == h; ++it)
    if (id(it->second) == want && (best < 0 || int(it->second) < best)) best = int(it->second);
  return best;
}

size_t EventStore::memoryBytes() const {
  auto v = [](const auto& c) { return c.capacity() * sizeof(c[0]); };
  size_t n = v(first_) + v(last_) + v(pattern_) + v(patterns_) + patternIndex_.size() * 48 +
             v(startPrec_) + v(flags_) + v(geoPrec_) + v(lon_) + v(lat_) + v(x_) + v(y_) + fatLow_.memoryBytes() +
             v(fatBest_) + fatHigh_.memoryBytes() + v(category_) + fatBy_.memoryBytes() + v(record_) + v(idIndex_) + v(desc_);
  n += descs_.memoryBytes() + arena_.memoryBytes() + categories_.memoryBytes() + reporters_.memoryBytes() + actors_.memoryBytes() +
       countries_.memoryBytes() + sources_.memoryBytes();
  n += wide_.size() * 64 + shapes_.capacity() * 24;
  return n;
}

}  // namespace geo
