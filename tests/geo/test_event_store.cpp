// The columnar event store: what goes in comes back out exactly, sorting keeps (first, id) order,
// merging stores keeps every text and code, and ids are found.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "geo/event_store.hpp"

using namespace geo;

namespace {
Event sampleEvent(int i) {
  Event e;
  e.id = "ev-" + std::to_string(i);
  e.title = "Shelling of Jermuk " + std::to_string(i);
  e.description = i % 3 ? "Artillery fire on the town; \"quoted\" text, commas, and \xd5\x80\xd5\xa1\xd5\xb5 letters." : "";
  e.place = i % 2 ? "Stepanakert" : "";
  e.placeAlt = i % 2 ? "Khankendi" : "";
  e.category = i % 4 == 0 ? "strikes" : "war";
  e.actors = {"Armed Forces of Azerbaijan", "Armed Forces of Armenia"};
  if (i % 5 == 0) e.actors.push_back("Actor " + std::to_string(i));
  e.countries = {"ARM"};
  e.sources = {{"https://example.org/" + std::to_string(i), "Example News"}, {"", "Local media"}};
  REQUIRE(parseIso8601("2022-09-13", e.start));
  e.start.t += i * 3600;
  e.start.earliest += i * 3600;
  e.start.latest += i * 3600;
  if (i % 2) {
    e.hasEnd = true;
    REQUIRE(parseIso8601("2022-09-14T05:30+04:00", e.end));
    e.end.t += i * 3600;
    e.end.earliest += i * 3600;
    e.end.latest += i * 3600;
  }
  e.fatalitiesBest = i % 7 == 0 ? -1 : i;
  e.fatalitiesLow = i % 7 == 0 ? -1 : i / 2;
  e.fatalitiesHigh = i % 7 == 0 ? -1 : i * 2;
  e.fatalitiesBy = i % 7 == 0 ? "" : "Armenian Ministry of Defence";
  e.hasLocation = i % 11 != 0;
  e.lon = double(453000000 + i * 10) / 1e7;  // 7 decimals: kept exactly (positions are kept to 1e-7 degree)
  e.lat = double(398000000 - i * 10) / 1e7;
  e.x = 1000.5 * i;
  e.y = -2000.25 * i;
  e.geoPrecision = i % 4;
  e.displayDate = i % 6 == 0 ? "mid-September 2022" : "";
  if (i % 13 == 0) {
    auto sh = std::make_shared<EventShape>();
    sh->lonlat = {{45, 39}, {46, 39}, {46, 40}};
    sh->ringStart = {0, 3};
    e.shape = sh;
  }
  return e;
}

void requireSame(const Event& a, const Event& b) {
  CHECK(a.id == b.id);
  CHECK(a.title == b.title);
  CHECK(a.description == b.description);
  CHECK(a.place == b.place);
  CHECK(a.placeAlt == b.placeAlt);
  CHECK(a.category == b.category);
  CHECK(a.actors == b.actors);
  CHECK(a.countries == b.countries);
  REQUIRE(a.sources.size() == b.sources.size());
  for (size_t k = 0; k < a.sources.size(); ++k) {
    CHECK(a.sources[k].url == b.sources[k].url);
    CHECK(a.sources[k].publisher == b.sources[k].publisher);
  }
  // (An end is only meaningful when the event has one.)
  std::vector<std::pair<const TimeValue*, const TimeValue*>> times{{&a.start, &b.start}};
  if (a.hasEnd && b.hasEnd) times.push_back({&a.end, &b.end});
  for (auto [x, y] : times) {
    CHECK(x->t == y->t);
    CHECK(x->earliest == y->earliest);
    CHECK(x->latest == y->latest);
    CHECK(x->precision == y->precision);
    CHECK(x->hasTime == y->hasTime);
    CHECK(x->tzOffsetMin == y->tzOffsetMin);
  }
  CHECK(a.hasEnd == b.hasEnd);
  CHECK(a.fatalitiesLow == b.fatalitiesLow);
  CHECK(a.fatalitiesBest == b.fatalitiesBest);
  CHECK(a.fatalitiesHigh == b.fatalitiesHigh);
  CHECK(a.fatalitiesBy == b.fatalitiesBy);
  CHECK(a.hasLocation == b.hasLocation);
  CHECK(a.lon == b.lon);
  CHECK(a.lat == b.lat);
  CHECK(a.x == b.x);
  CHECK(a.y == b.y);
  CHECK(a.geoPrecision == b.geoPrecision);
  CHECK(a.displayDate == b.displayDate);
  CHECK(bool(a.shape) == bool(b.shape));
  if (a.shape && b.shape) CHECK(a.shape->lonlat.size() == b.shape->lonlat.size());
}
}  // namespace

TEST_CASE("An event put into the store comes back exactly", "[store]") {
  EventStore st;
  for (int i = 0; i < 200; ++i) st.push(sampleEvent(i));
  REQUIRE(st.size() == 200);
  for (int i = 0; i < 200; ++i) {
    INFO("event " << i);
    requireSame(st.get(size_t(i)), sampleEvent(i));
    CHECK(st.first(size_t(i)) == sampleEvent(i).first());
    CHECK(st.last(size_t(i)) == sampleEvent(i).last());
  }
  // Repeated strings are stored once.
  CHECK(st.categories().size() == 3);  // "", "strikes", "war"
  CHECK(st.actorPool().size() == 1 + 2 + 40);
}

TEST_CASE("Times far from their bounds (deep time, long uncertainty) are kept whole", "[store]") {
  Event e = sampleEvent(1);
  // A start known only to within a few centuries, 13.6 billion years ago: offsets beyond 32 bits.
  e.start.earliest = -13648000000LL * 31556952LL;
  e.start.t = e.start.earliest + 5;
  e.start.latest = e.start.earliest + Seconds(300) * 31556952LL;
  e.start.precision = Precision::Year;
  e.hasEnd = true;
  e.end.earliest = -13000000000LL * 31556952LL;
  e.end.t = e.end.earliest;
  e.end.latest = e.end.earliest + Seconds(500) * 31556952LL;
  EventStore st;
  st.push(sampleEvent(2));
  st.push(e);
  st.push(sampleEvent(3));
  st.sortByTime();
  REQUIRE(st.size() == 3);
  CHECK(st.id(0) == "ev-1");  // the deep-time event sorts first
  requireSame(st.get(0), e);
  requireSame(st.get(2), sampleEvent(3));
}

TEST_CASE("Sorting orders by first, then id, and keeps every column with its event", "[store]") {
  std::mt19937 rng(7);
  std::vector<Event> in;
  for (int i = 0; i < 500; ++i) {
    Event e = sampleEvent(i);
    // Many equal starts, so that ids decide.
    const Seconds day = Seconds(rng() % 20) * 86400;
    e.start.t = e.start.earliest = makeTime(2020, 9, 27) + day;
    e.start.latest = e.start.earliest + 86399;
    e.hasEnd = false;
    in.push_back(e);
  }
  EventStore st;
  for (const Event& e : in) st.push(e);
  st.sortByTime();
  for (size_t i = 1; i < st.size(); ++i) {
    INFO(i);
    const bool ordered = st.first(i - 1) < st.first(i) || (st.first(i - 1) == st.first(i) && st.id(i - 1) <= st.id(i));
    CHECK(ordered);
  }
  for (const Event& e : in) {
    const int k = st.find(e.id);
    REQUIRE(k >= 0);
    requireSame(st.get(size_t(k)), e);
  }
  CHECK(st.find("no-such-id") == -1);
}

// A large store is sorted on two cores (the id index built beside the permutation), and one newest
// first (as ACLED exports are) without a sort: either way the order a stable sort by (first, id)
// gives, duplicate ids keeping the file's order, and every id found at its first place.
TEST_CASE("Sorting a large store, newest first or shuffled, gives the stable (first, id) order and finds every id", "[store]") {
  const size_t n = 150000;
  for (const bool newestFirst : {true, false}) {
    INFO((newestFirst ? "newest first" : "shuffled"));
    std::mt19937 rng(11);
    std::vector<Seconds> firsts(n);
    std::vector<std::string> ids(n);
    for (size_t i = 0; i < n; ++i) {
      firsts[i] = makeTime(2018, 1, 1) + Seconds(rng() % 2000) * 86400;
      ids[i] = "E" + std::to_string(rng() % 60000);  // duplicates, and equal starts for ids to decide
    }
    if (newestFirst) {
      std::vector<size_t> idx(n);
      for (size_t i = 0; i < n; ++i) idx[i] = i;
      std::stable_sort(idx.begin(), idx.end(), [&](size_t a, size_t b) { return firsts[a] > firsts[b]; });
      std::vector<Seconds> f2(n);
      std::vector<std::string> i2(n);
      for (size_t k = 0; k < n; ++k) f2[k] = firsts[idx[k]], i2[k] = ids[idx[k]];
      firsts.swap(f2);
      ids.swap(i2);
    }
    EventStore st;
    Event e;
    for (size_t i = 0; i < n; ++i) {
      e.reset();
      e.id = ids[i];
      e.title = "row " + std::to_string(i);
      e.start.t = e.start.earliest = firsts[i];
      e.start.latest = firsts[i] + 86399;
      e.start.precision = Precision::Day;
      st.push(e);
    }
    st.sortByTime();
    std::vector<size_t> want(n);
    for (size_t i = 0; i < n; ++i) want[i] = i;
    std::stable_sort(want.begin(), want.end(), [&](size_t a, size_t b) {
      return firsts[a] != firsts[b] ? firsts[a] < firsts[b] : ids[a] < ids[b];
    });
    REQUIRE(st.size() == n);
    size_t wrong = 0;
    for (size_t k = 0; k < n; ++k)
      if (st.title(k) != "row " + std::to_string(want[k]) || st.first(k) != firsts[want[k]]) ++wrong;
    CHECK(wrong == 0);
    size_t missed = 0;
    for (size_t k = 0; k < n; k += 7) {
      const int at = st.find(st.id(k));
      if (at < 0 || st.id(size_t(at)) != st.id(k) || size_t(at) > k) ++missed;
      if (at >= 0 && size_t(at) < k && st.id(size_t(at)) != st.id(k)) ++missed;
    }
    CHECK(missed == 0);
    CHECK(st.find("E60001") == -1);
  }
}

TEST_CASE("Appending a store merges its pools and keeps every text and code", "[store]") {
  EventStore a, b;
  for (int i = 0; i < 50; ++i) a.push(sampleEvent(i));
  for (int i = 50; i < 120; ++i) {
    Event e = sampleEvent(i);
    e.category = i % 2 ? "diplomacy" : "war";  // one pool entry new to a, one shared
    e.countries = {"AZE", "ARM"};
    b.push(e);
  }
  const uint64_t rev = a.revision();
  a.append(std::move(b));
  CHECK(a.revision() != rev);
  CHECK(b.empty());
  REQUIRE(a.size() == 120);
  for (int i = 50; i < 120; ++i) {
    Event want = sampleEvent(i);
    want.category = i % 2 ? "diplomacy" : "war";
    want.countries = {"AZE", "ARM"};
    requireSame(a.get(size_t(i)), want);
  }
  requireSame(a.get(3), sampleEvent(3));
  a.sortByTime();
  CHECK(a.find("ev-77") >= 0);
  CHECK(a.categories().find("diplomacy") >= 0);
}

TEST_CASE("A store costs about a hundred bytes an event beyond its texts", "[store]") {
  EventStore st;
  size_t texts = 0;
  for (int i = 0; i < 20000; ++i) {
    Event e = sampleEvent(i);
    e.shape.reset();
    // As in real exports: a few publishers, a link for some events only.
    e.sources = {{i % 10 ? std::string() : "https://example.org/" + std::to_string(i), "Local media"}};
    texts += e.id.size() + e.title.size() + e.description.size() + e.place.size() + e.placeAlt.size() + e.displayDate.size();
    st.push(e);
  }
  st.sortByTime();
  const double perEvent = double(st.memoryBytes() - texts) / double(st.size());
  INFO("bytes per event beyond texts: " << perEvent);
  CHECK(perEvent < 160);
}

TEST_CASE("An event reused for the next row starts from nothing", "[store]") {
  Event e = sampleEvent(13);
  e.era = true;
  e.reset();
  const Event fresh;
  requireSame(e, fresh);
  CHECK(e.era == fresh.era);
}

TEST_CASE("Descriptions are kept compressed and read back exactly, in any order, after appending and sorting", "[store]") {
  auto describe = [](int i) {
    if (i % 17 == 0) return std::string();
    std::string d = "On " + std::to_string(1 + i % 28) + " September 2022, Azerbaijani forces shelled positions near Jermuk (Vayots Dzor); event " +
                    std::to_string(i) + ". \xd5\x80\xd5\xa1\xd5\xb5";
    if (i == 1234) d += std::string(300000, 'x') + "end";  // longer than a block
    return d;
  };
  EventStore a, b;
  size_t raw = 0;
  for (int i = 0; i < 6000; ++i) {
    Event e = sampleEvent(i);
    e.description = describe(i);
    raw += e.description.size();
    e.start.t -= i * 7200;  // pushed newest first, as ACLED exports are
    e.start.earliest -= i * 7200;
    e.start.latest -= i * 7200;
    e.hasEnd = false;
    (i < 3500 ? a : b).push(e);
  }
  a.append(std::move(b));
  a.sortByTime();
  REQUIRE(a.size() == 6000);
  // Each event's description by its id, read in a scattered order (blocks unpacked again and again).
  std::mt19937 rng(7);
  std::vector<size_t> order(a.size());
  for (size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::shuffle(order.begin(), order.end(), rng);
  for (size_t i : order) {
    const int n = std::stoi(std::string(a.id(i).substr(3)));
    REQUIRE(a.description(i) == describe(n));
  }
  CHECK(a.get(size_t(a.find("ev-1234"))).description == describe(1234));
  // In bulk: every non-empty description once, exactly.
  std::vector<int> seen(a.size(), 0);
  a.forEachDescription([&](size_t i, std::string_view d) {
    ++seen[i];
    CHECK(d == describe(std::stoi(std::string(a.id(i).substr(3)))));
  });
  for (size_t i = 0; i < a.size(); ++i) CHECK(seen[i] == (a.description(i).empty() ? 0 : 1));
  // Held compressed: repetitive notes take far less than their text.
  const EventStore copy = a;  // a deep copy packs them again
  CHECK(copy.description(size_t(copy.find("ev-42"))) == describe(42));
  INFO("raw " << raw << " bytes, held in " << a.descriptionMemoryBytes());
  CHECK(a.descriptionTextBytes() == raw);
  CHECK(a.descriptionMemoryBytes() < raw / 2);
}

TEST_CASE("Times are kept as a few shared patterns, and exactly when every event's differs", "[store]") {
  // 70,000 events whose start is known only within a different number of seconds each: more
  // patterns than a code holds (65,535); those past it are kept whole. Appending a second such store
  // must keep every time too.
  auto make = [](int i) {
    Event e = sampleEvent(i % 50);
    e.id = "p" + std::to_string(i);
    e.start.latest = e.start.earliest + 60 + i;
    e.start.t = e.start.earliest + (60 + i) / 2;
    e.start.tzOffsetMin = (i % 3) * 60;
    return e;
  };
  EventStore a, b;
  for (int i = 0; i < 40000; ++i) a.push(make(i));
  for (int i = 40000; i < 70000; ++i) b.push(make(i));
  a.append(std::move(b));
  for (int i = 70000; i < 71000; ++i) a.push(make(i));
  a.sortByTime();
  REQUIRE(a.size() == 71000);
  for (size_t k = 0; k < a.size(); k += 7) {
    const int i = std::stoi(std::string(a.id(k).substr(1)));
    const Event want = make(i), got = a.get(k);
    REQUIRE(got.start.t == want.start.t);
    REQUIRE(got.start.latest == want.start.latest);
    REQUIRE(got.start.earliest == want.start.earliest);
    REQUIRE(got.start.tzOffsetMin == want.start.tzOffsetMin);
    REQUIRE(got.hasEnd == want.hasEnd);
    if (want.hasEnd) {
      REQUIRE(got.end.t == want.end.t);
      REQUIRE(got.end.earliest == want.end.earliest);
      REQUIRE(got.end.precision == want.end.precision);
      REQUIRE(got.end.tzOffsetMin == want.end.tzOffsetMin);
    }
  }
  // The common case costs two bytes an event: a day's events share one pattern.
  EventStore days;
  for (int i = 0; i < 20000; ++i) {
    Event e = sampleEvent(i % 50);
    REQUIRE(parseIso8601("2020-10-" + std::to_string(10 + i % 20), e.start));
    e.hasEnd = false;
    days.push(e);
  }
  const EventStore one = days;
  CHECK(one.start(5).latest - one.start(5).earliest == 86399);
}

TEST_CASE("Positions are kept to 1e-7 degree: written with up to 7 decimals they come back as the same double", "[store]") {
  EventStore st;
  const double lons[] = {46.7519, -179.9999999, 180.0, 0.0000001, 44.5152, 45.12345678};
  const double lats[] = {39.8177, -89.9999999, 90.0, -0.0000001, 40.1872, 39.98765432};
  for (int i = 0; i < 6; ++i) {
    Event e = sampleEvent(i);
    e.hasLocation = true;
    e.lon = lons[i];
    e.lat = lats[i];
    st.push(e);
  }
  for (int i = 0; i < 5; ++i) {
    CHECK(st.lon(size_t(i)) == lons[i]);
    CHECK(st.lat(size_t(i)) == lats[i]);
  }
  // More decimals than 7: rounded to the nearest 1e-7 degree (about a centimetre).
  CHECK(st.lon(5) == 45.1234568);
  CHECK(st.lat(5) == 39.9876543);
  st.setLocation(0, 44.7930123, 40.1779876);
  CHECK(st.lon(0) == 44.7930123);
  CHECK(st.lat(0) == 40.1779876);
}

TEST_CASE("Low and high estimates and their reporter cost nothing when a file has none, and fill out when one comes", "[store]") {
  auto plain = [](int i) {
    Event e = sampleEvent(i);
    e.fatalitiesLow = -1;
    e.fatalitiesHigh = -1;
    e.fatalitiesBy.clear();
    return e;
  };
  EventStore none, some;
  for (int i = 0; i < 1000; ++i) none.push(plain(i));
  for (int i = 0; i < 1000; ++i) some.push(i == 999 ? sampleEvent(i) : plain(i));
  // Three columns of 4 bytes an event that the plain store does not hold.
  CHECK(some.memoryBytes() >= none.memoryBytes() + 3 * 4 * 1000);
  for (int i = 0; i < 1000; ++i) {
    CHECK(none.fatalitiesLow(size_t(i)) == -1);
    CHECK(none.fatalitiesHigh(size_t(i)) == -1);
    CHECK(none.fatalitiesBy(size_t(i)).empty());
  }
  const Event last = sampleEvent(999);
  CHECK(some.fatalitiesLow(999) == last.fatalitiesLow);
  CHECK(some.fatalitiesHigh(999) == last.fatalitiesHigh);
  CHECK(some.fatalitiesBy(999) == last.fatalitiesBy);
  CHECK(some.fatalitiesLow(998) == -1);

  // Appending a store with estimates to one without (and the other way), then sorting: every event
  // keeps its own values.
  EventStore a, b, c;
  for (int i = 0; i < 300; ++i) a.push(plain(i));
  for (int i = 300; i < 600; ++i) b.push(sampleEvent(i));
  for (int i = 600; i < 900; ++i) c.push(plain(i));
  a.append(std::move(b));
  a.append(std::move(c));
  a.sortByTime();
  REQUIRE(a.size() == 900);
  for (size_t k = 0; k < a.size(); ++k) {
    const int i = std::stoi(std::string(a.id(k)).substr(std::string(a.id(k)).find_last_not_of("0123456789") + 1));
    const Event want = i >= 300 && i < 600 ? sampleEvent(i) : plain(i);
    CHECK(a.fatalitiesLow(k) == want.fatalitiesLow);
    CHECK(a.fatalitiesHigh(k) == want.fatalitiesHigh);
    CHECK(a.fatalitiesBy(k) == want.fatalitiesBy);
    CHECK(a.fatalitiesBest(k) == want.fatalitiesBest);
  }
}

