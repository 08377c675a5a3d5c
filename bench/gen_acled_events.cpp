// Benchmark data: writes N synthetic ACLED-style events as CSV (the columns and value styles of real
// ACLED exports, plus an `end_date` column for spans), clustered in space and time the way real
// conflict data is: Gaussian blobs around real places of the South Caucasus and Central Asia, and most
// events in bursts around real episodes of 2018-2024 (the 2020 war, the January 2022 unrest, border
// clashes, protest waves) over a thinner background. A fifth of the rows are spans (an end date 3 to
// 180 days after the start). Deterministic: the same --rows and --seed give the same bytes.
// No dependencies beyond the C++ standard library; read with
//   chronomap FILE.csv --field end=end_date
// Usage: bench_gen_acled_events --rows N --out FILE.csv [--seed S] [--dates iso|export]
//                               [--order desc|asc|random] [--spans FRACTION]
//   --dates iso     event_date as 2020-09-27 (ACLED's API and current exports; default)
//   --dates export  event_date as 27 September 2020, every field quoted (ACLED's export tool)
//   --order desc    newest first, as ACLED exports are (default); asc oldest first; random unsorted
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

// --- deterministic random numbers (xoshiro256**, seeded by splitmix64): identical on every platform
// for the integers; the Gaussians go through libm's log/cos/sin, printed to 4 decimals.
uint64_t splitmix(uint64_t& x) {
  uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

struct Rng {
  uint64_t s[4];
  explicit Rng(uint64_t seed) {
    for (auto& v : s) v = splitmix(seed);
  }
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t next() {
    const uint64_t r = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return r;
  }
  double uniform() { return double(next() >> 11) * (1.0 / 9007199254740992.0); }  // [0, 1)
  int below(int n) { return int(uniform() * n); }
  double gauss() {
    const double u = 1.0 - uniform(), v = uniform();
    return std::sqrt(-2.0 * std::log(u)) * std::cos(6.283185307179586 * v);
  }
  template <class T>
  const T& pick(const std::vector<T>& v) { return v[size_t(below(int(v.size())))]; }
};

// --- days since 1970-01-01 <-> civil dates (proleptic Gregorian)
int64_t daysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void civilFromDays(int64_t z, int& y, int& m, int& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  d = int(doy - (153 * mp + 2) / 5 + 1);
  m = int(mp < 10 ? mp + 3 : mp - 9);
  y = int(yoe + era * 400 + (m <= 2));
}

const char* kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                         "July",    "August",   "September", "October", "November", "December"};

// --- the places: real towns and cities (WGS84 degrees), their province and the spread of the events
// around them (km, one standard deviation).
struct Country {
  const char* name;
  const char* a3;
  int iso;
  const char* army;   // ACLED-style actor names
  const char* police;
};
const Country kCountries[] = {
    {"Armenia", "ARM", 51, "Military Forces of Armenia (2018-)", "Police Forces of Armenia (2018-)"},
    {"Azerbaijan", "AZE", 31, "Military Forces of Azerbaijan (2003-)", "Police Forces of Azerbaijan (2003-)"},
    {"Georgia", "GEO", 268, "Military Forces of Georgia (2013-)", "Police Forces of Georgia (2013-)"},
    {"Kazakhstan", "KAZ", 398, "Military Forces of Kazakhstan (2019-)", "Police Forces of Kazakhstan (2019-)"},
    {"Kyrgyzstan", "KGZ", 417, "Military Forces of Kyrgyzstan (2020-)", "Police Forces of Kyrgyzstan (2020-)"},
    {"Tajikistan", "TJK", 762, "Military Forces of Tajikistan (1994-)", "Police Forces of Tajikistan (1994-)"},
    {"Uzbekistan", "UZB", 860, "Military Forces of Uzbekistan (2016-)", "Police Forces of Uzbekistan (2016-)"},
    {"Turkmenistan", "TKM", 795, "Military Forces of Turkmenistan (2007-)", "Police Forces of Turkmenistan (2007-)"},
};
enum { ARM, AZE, GEO, KAZ, KGZ, TJK, UZB, TKM };

struct Place {
  const char* name;
  int country;
  const char* admin1;
  double lat, lon;
  double sigmaKm;
  double weight;  // share of the background events
};
const std::vector<Place> kPlaces = {
    {"Yerevan", ARM, "Yerevan", 40.1792, 44.4991, 5, 10},       // 0
    {"Gyumri", ARM, "Shirak", 40.7894, 43.8475, 4, 2},          // 1
    {"Vanadzor", ARM, "Lori", 40.8128, 44.4883, 4, 1.5},        // 2
    {"Jermuk", ARM, "Vayots Dzor", 39.8414, 45.6700, 6, 0.5},   // 3
    {"Sotk", ARM, "Gegharkunik", 40.2060, 45.8850, 6, 0.5},     // 4
    {"Goris", ARM, "Syunik", 39.5111, 46.3381, 7, 1},           // 5
    {"Kapan", ARM, "Syunik", 39.2075, 46.4058, 7, 1},           // 6
    {"Ijevan", ARM, "Tavush", 40.8756, 45.1492, 6, 1},          // 7
    {"Berd", ARM, "Tavush", 40.8811, 45.3875, 5, 0.5},          // 8
    {"Baku", AZE, "Baku", 40.4093, 49.8671, 8, 8},              // 9
    {"Ganja", AZE, "Ganja-Dashkasan", 40.6828, 46.3606, 5, 2},  // 10
    {"Sumgait", AZE, "Absheron-Khizi", 40.5897, 49.6686, 4, 1}, // 11
    {"Barda", AZE, "Karabakh", 40.3744, 47.1266, 6, 0.8},       // 12
    {"Tartar", AZE, "Karabakh", 40.3439, 46.9322, 8, 0.8},      // 13
    {"Khankendi", AZE, "Karabakh", 39.8153, 46.7519, 6, 1.5},   // 14 (Stepanakert)
    {"Shusha", AZE, "Karabakh", 39.7583, 46.7484, 4, 0.8},      // 15
    {"Aghdam", AZE, "Karabakh", 39.9911, 46.9285, 8, 0.8},      // 16
    {"Fuzuli", AZE, "Karabakh", 39.6003, 47.1431, 10, 0.8},     // 17
    {"Jabrayil", AZE, "East Zangezur", 39.3992, 47.0245, 10, 0.5},  // 18
    {"Lachin", AZE, "East Zangezur", 39.6383, 46.5461, 6, 0.5},  // 19
    {"Khojavend", AZE, "Karabakh", 39.7950, 47.1100, 8, 0.5},   // 20
    {"Tovuz", AZE, "Gazakh-Tovuz", 40.9922, 45.6289, 6, 0.5},   // 21
    {"Nakhchivan", AZE, "Nakhchivan", 39.2089, 45.4122, 6, 0.8},  // 22
    {"Tbilisi", GEO, "Tbilisi", 41.7151, 44.8271, 5, 9},        // 23
    {"Batumi", GEO, "Adjara", 41.6168, 41.6367, 4, 2},          // 24
    {"Kutaisi", GEO, "Imereti", 42.2679, 42.6946, 4, 1.5},      // 25
    {"Gori", GEO, "Shida Kartli", 41.9842, 44.1158, 6, 1},      // 26
    {"Zugdidi", GEO, "Samegrelo-Zemo Svaneti", 42.5088, 41.8709, 5, 1},  // 27
    {"Almaty", KAZ, "Almaty", 43.2389, 76.8897, 8, 6},          // 28
    {"Astana", KAZ, "Astana", 51.1694, 71.4491, 6, 3},          // 29
    {"Shymkent", KAZ, "Shymkent", 42.3417, 69.5901, 6, 2},      // 30
    {"Aktau", KAZ, "Mangystau", 43.6410, 51.1980, 5, 1},        // 31
    {"Zhanaozen", KAZ, "Mangystau", 43.3412, 52.8619, 4, 0.8},  // 32
    {"Taraz", KAZ, "Jambyl", 42.9000, 71.3667, 5, 1},           // 33
    {"Karaganda", KAZ, "Karaganda", 49.8047, 73.1094, 6, 1.5},  // 34
    {"Bishkek", KGZ, "Bishkek", 42.8746, 74.5698, 6, 5},        // 35
    {"Osh", KGZ, "Osh", 40.5283, 72.7985, 5, 2},                // 36
    {"Batken", KGZ, "Batken", 40.0625, 70.8194, 10, 1},         // 37
    {"Jalal-Abad", KGZ, "Jalal-Abad", 40.9333, 73.0000, 5, 1},  // 38
    {"Dushanbe", TJK, "Dushanbe", 38.5598, 68.7870, 6, 3},      // 39
    {"Khujand", TJK, "Sughd", 40.2826, 69.6222, 5, 1.5},        // 40
    {"Isfara", TJK, "Sughd", 40.1250, 70.6250, 8, 0.8},         // 41
    {"Vorukh", TJK, "Sughd", 39.8570, 70.5750, 4, 0.3},         // 42
    {"Khorog", TJK, "Gorno-Badakhshan", 37.4897, 71.5530, 5, 0.5},  // 43
    {"Tashkent", UZB, "Tashkent", 41.2995, 69.2401, 8, 4},      // 44
    {"Samarkand", UZB, "Samarkand", 39.6270, 66.9750, 5, 1.5},  // 45
    {"Andijan", UZB, "Andijan", 40.7821, 72.3442, 5, 1.5},      // 46
    {"Nukus", UZB, "Karakalpakstan", 42.4531, 59.6103, 5, 0.8}, // 47
    {"Ashgabat", TKM, "Ashgabat", 37.9601, 58.3261, 6, 0.8},    // 48
};

// --- what happens: event types by the kind of episode
enum Kind { Conflict, Protest, Unrest, Strategic };
struct EventType {
  const char* disorder;
  const char* type;
  const char* sub;
  double weight;
};
const std::vector<std::vector<EventType>> kTypes = {
    {// Conflict
     {"Political violence", "Battles", "Armed clash", 38},
     {"Political violence", "Explosions/Remote violence", "Shelling/artillery/missile attack", 35},
     {"Political violence", "Explosions/Remote violence", "Air/drone strike", 12},
     {"Political violence", "Violence against civilians", "Attack", 5},
     {"Strategic developments", "Strategic developments", "Disrupted weapons use", 5},
     {"Strategic developments", "Strategic developments", "Non-violent transfer of territory", 5}},
    {// Protest
     {"Demonstrations", "Protests", "Peaceful protest", 68},
     {"Demonstrations", "Protests", "Protest with intervention", 14},
     {"Demonstrations", "Riots", "Violent demonstration", 9},
     {"Demonstrations", "Protests", "Excessive force against protesters", 2},
     {"Strategic developments", "Strategic developments", "Arrests", 7}},
    {// Unrest
     {"Demonstrations", "Riots", "Violent demonstration", 35},
     {"Demonstrations", "Protests", "Protest with intervention", 20},
     {"Demonstrations", "Riots", "Mob violence", 8},
     {"Political violence", "Violence against civilians", "Attack", 10},
     {"Political violence", "Battles", "Armed clash", 7},
     {"Strategic developments", "Strategic developments", "Arrests", 20}},
    {// Strategic
     {"Strategic developments", "Strategic developments", "Agreement", 25},
     {"Strategic developments", "Strategic developments", "Headquarters or base established", 15},
     {"Strategic developments", "Strategic developments", "Other", 30},
     {"Demonstrations", "Protests", "Peaceful protest", 20},
     {"Political violence", "Battles", "Armed clash", 10}},
};

// An episode: a burst of events at some places between two dates. `share` is its part of all the
// events; the background (events spread over the whole period at every place) takes the rest.
struct Episode {
  const char* what;
  int y0, m0, d0, y1, m1, d1;
  Kind kind;
  std::vector<int> places;
  double share;
  int rival;  // the other side's country for conflicts (-1: the same country)
};
const std::vector<Episode> kEpisodes = {
    {"protests against the government", 2018, 4, 13, 2018, 5, 8, Protest, {0, 0, 0, 1, 2}, 0.04, -1},
    {"post-election protests", 2019, 6, 9, 2019, 6, 20, Protest, {28, 29, 29}, 0.015, -1},
    {"clashes on the state border", 2020, 7, 12, 2020, 7, 20, Conflict, {21, 8, 7}, 0.02, ARM},
    {"the 44-day war", 2020, 9, 27, 2020, 11, 10, Conflict, {14, 15, 17, 18, 16, 13, 12, 10, 20, 19, 17, 18, 20}, 0.25, ARM},
    {"post-election unrest", 2020, 10, 5, 2020, 10, 15, Unrest, {35, 35, 36}, 0.02, -1},
    {"clashes on the state border", 2021, 4, 28, 2021, 5, 2, Conflict, {37, 41, 42}, 0.02, TJK},
    {"tensions on the state border", 2021, 5, 12, 2021, 8, 31, Strategic, {4, 5, 6, 22}, 0.03, AZE},
    {"nationwide unrest", 2022, 1, 2, 2022, 1, 12, Unrest, {32, 31, 28, 28, 30, 33, 29}, 0.07, -1},
    {"unrest in Gorno-Badakhshan", 2022, 5, 14, 2022, 5, 28, Unrest, {43}, 0.01, -1},
    {"unrest in Karakalpakstan", 2022, 7, 1, 2022, 7, 6, Unrest, {47}, 0.008, -1},
    {"clashes on the state border", 2022, 9, 12, 2022, 9, 16, Conflict, {3, 4, 5, 6}, 0.04, AZE},
    {"clashes on the state border", 2022, 9, 14, 2022, 9, 22, Conflict, {37, 41, 42}, 0.025, TJK},
    {"the Lachin corridor blockade", 2022, 12, 12, 2023, 9, 19, Strategic, {19, 14, 5}, 0.05, ARM},
    {"protests against the foreign agents bill", 2023, 3, 7, 2023, 3, 12, Protest, {23}, 0.015, -1},
    {"the September offensive in Karabakh", 2023, 9, 19, 2023, 9, 30, Conflict, {14, 15, 16, 20, 5}, 0.04, ARM},
    {"protests against the foreign agents law", 2024, 4, 15, 2024, 6, 1, Protest, {23, 23, 24, 25}, 0.03, -1},
    {"protests in Tavush and Yerevan", 2024, 5, 9, 2024, 6, 15, Protest, {0, 0, 7}, 0.02, -1},
    {"protests after the parliamentary election", 2024, 11, 28, 2024, 12, 31, Protest, {23, 23, 23, 24, 25}, 0.04, -1},
};

const std::vector<const char*> kSources = {
    "Armenpress", "APA", "Trend", "Turan", "Civil.ge", "Interpressnews", "Tengrinews", "Kloop", "Asia-Plus",
    "Radio Azattyk", "Radio Ozodi", "Kun.uz", "Eurasianet", "RFE/RL", "Ministry of Defence of Azerbaijan",
    "Ministry of Defence of Armenia", "OC Media", "JAMnews", "Vlast.kz", "24.kg"};
const std::vector<const char*> kScales = {"National", "Subnational", "International", "National-International",
                                          "New media", "Other-National"};
const std::vector<const char*> kCrowd = {"no report", "around 50", "around 100", "several hundred", "around 1000",
                                         "thousands", "more than 10000"};

// --- one event, drawn from its own generator (seeded by the row number) so it can be drawn again in
// the order the file wants without holding every row in memory.
struct Event {
  int64_t day = 0;      // days since 1970-01-01
  int64_t endDay = -1;  // -1: not a span
  int place = 0;
  int country = 0;
  const EventType* type = nullptr;
  int kind = 0;
  int rival = -1;
  double lat = 0, lon = 0;
  int timePrecision = 1, geoPrecision = 1;
  int settlement = 0;  // 0: the place itself, else a numbered settlement near it
  int fatalities = 0;  // -1: unknown (empty cell)
  int crowd = -1;
  int source1 = 0, source2 = -1, scale = 0;
  int64_t modified = 0;  // the `timestamp` column: Unix seconds of the last edit
  int episode = -1;
};

const int64_t kFirstDay = daysFromCivil(2018, 1, 1), kLastDay = daysFromCivil(2024, 12, 31);

const EventType& pickType(Rng& r, int kind) {
  const auto& v = kTypes[size_t(kind)];
  double total = 0;
  for (const auto& t : v) total += t.weight;
  double x = r.uniform() * total;
  for (const auto& t : v) {
    if (x < t.weight) return t;
    x -= t.weight;
  }
  return v.back();
}

struct Gen {
  uint64_t seed;
  double spanFraction;
  std::vector<double> placeCdf;
  std::vector<double> episodeCdf;  // cumulative shares; past the last: background
  std::vector<int64_t> incidentDays;  // local bursts of the background (days since 1970)

  Gen(uint64_t s, double spans) : seed(s), spanFraction(spans) {
    double t = 0;
    for (const auto& p : kPlaces) placeCdf.push_back(t += p.weight);
    for (auto& v : placeCdf) v /= t;
    t = 0;
    for (const auto& e : kEpisodes) episodeCdf.push_back(t += e.share);
    uint64_t b = seed ^ 0xb0b0b0b0ULL;
    for (int k = 0; k < 400; ++k) incidentDays.push_back(kFirstDay + int64_t(splitmix(b) % uint64_t(kLastDay - kFirstDay + 1)));
  }

  Event make(uint64_t row) const {
    uint64_t sm = seed * 0x9e3779b97f4a7c15ULL + row;
    Rng r(splitmix(sm));
    Event e;
    const double pickEp = r.uniform();
    e.episode = int(std::lower_bound(episodeCdf.begin(), episodeCdf.end(), pickEp) - episodeCdf.begin());
    if (e.episode >= int(kEpisodes.size())) e.episode = -1;
    if (e.episode >= 0) {
      const Episode& ep = kEpisodes[size_t(e.episode)];
      const int64_t a = daysFromCivil(ep.y0, ep.m0, ep.d0), b = daysFromCivil(ep.y1, ep.m1, ep.d1);
      // Front-loaded: most of an episode's events in its first days, a tail after; a few days'
      // jitter either side.
      const double u = std::pow(r.uniform(), 1.8);
      e.day = a + int64_t(std::floor(u * double(b - a + 1))) + (r.uniform() < 0.05 ? int64_t(r.gauss() * 3) : 0);
      e.place = ep.places[size_t(r.below(int(ep.places.size())))];
      e.kind = ep.kind;
      e.rival = ep.rival;
    } else {
      // Background: uniform over 2018-2024 with small local bursts (a third of them fall within a
      // week of one of 400 fixed "incident days").
      if (r.uniform() < 0.33) {
        e.day = incidentDays[size_t(r.below(int(incidentDays.size())))] + int64_t(std::llround(r.gauss() * 2.5));
      } else {
        e.day = kFirstDay + int64_t(r.uniform() * double(kLastDay - kFirstDay + 1));
      }
      e.place = int(std::lower_bound(placeCdf.begin(), placeCdf.end(), r.uniform()) - placeCdf.begin());
      if (e.place >= int(kPlaces.size())) e.place = int(kPlaces.size()) - 1;
      const double k = r.uniform();
      e.kind = k < 0.55 ? Protest : k < 0.8 ? Strategic : k < 0.9 ? Unrest : Conflict;
      e.rival = -1;
    }
    e.day = std::clamp(e.day, kFirstDay, kLastDay);
    const Place& p = kPlaces[size_t(e.place)];
    e.country = p.country;
    e.type = &pickType(r, e.kind);
    const double tp = r.uniform(), gp = r.uniform();
    e.timePrecision = tp < 0.85 ? 1 : tp < 0.95 ? 2 : 3;
    e.geoPrecision = gp < 0.7 ? 1 : gp < 0.92 ? 2 : 3;
    // Coordinates: the place itself for precision 3 (coded to the centroid), else a Gaussian blob.
    if (e.geoPrecision == 3) {
      e.lat = p.lat;
      e.lon = p.lon;
    } else {
      const double kmLat = 111.32, kmLon = 111.32 * std::cos(p.lat * 3.141592653589793 / 180);
      e.lat = p.lat + r.gauss() * p.sigmaKm / kmLat;
      e.lon = p.lon + r.gauss() * p.sigmaKm / kmLon;
      e.settlement = r.uniform() < 0.45 ? 1 + r.below(40) : 0;
    }
    if (r.uniform() < spanFraction) {
      // Spans: 3 days to 6 months, log-uniform (most a few weeks).
      const double len = std::exp(std::log(3.0) + r.uniform() * (std::log(180.0) - std::log(3.0)));
      e.endDay = e.day + int64_t(std::llround(len));
    }
    const bool violent = std::strcmp(e.type->disorder, "Political violence") == 0;
    if (violent) {
      const double f = r.uniform();
      e.fatalities = f < 0.55 ? 0 : f < 0.6 ? -1 : 1 + int(-std::log(1.0 - r.uniform()) * 4.0);
    } else {
      e.fatalities = r.uniform() < 0.98 ? 0 : 1 + r.below(3);
    }
    if (std::strcmp(e.type->type, "Protests") == 0 || std::strcmp(e.type->type, "Riots") == 0)
      e.crowd = r.below(int(kCrowd.size()));
    e.source1 = r.below(int(kSources.size()));
    e.source2 = r.uniform() < 0.3 ? r.below(int(kSources.size())) : -1;
    if (e.source2 == e.source1) e.source2 = -1;
    e.scale = r.below(int(kScales.size()));
    e.modified = (e.day + 7 + r.below(300)) * 86400 + r.below(86400);
    return e;
  }
};

// --- CSV output: one big buffer, flushed in blocks.
struct Out {
  FILE* f;
  bool quoteAll;
  std::string buf;
  bool first = true;
  void flushIfBig() {
    if (buf.size() > (1 << 20)) {
      std::fwrite(buf.data(), 1, buf.size(), f);
      buf.clear();
    }
  }
  void field(const std::string& s) {
    if (!first) buf += ',';
    first = false;
    const bool needs = quoteAll || s.find_first_of(",\"\n\r") != std::string::npos;
    if (!needs) {
      buf += s;
      return;
    }
    buf += '"';
    for (char c : s) {
      if (c == '"') buf += '"';
      buf += c;
    }
    buf += '"';
  }
  void field(long long v) { field(std::to_string(v)); }
  void end() {
    buf += '\n';
    first = true;
    flushIfBig();
  }
};

std::string dateText(int64_t day, bool exportStyle) {
  int y, m, d;
  civilFromDays(day, y, m, d);
  char b[40];
  if (exportStyle) std::snprintf(b, sizeof b, "%02d %s %d", d, kMonths[m - 1], y);
  else std::snprintf(b, sizeof b, "%04d-%02d-%02d", y, m, d);
  return b;
}

std::string fmt4(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.4f", v);
  return b;
}

int interCode(const std::string& actor) {
  if (actor.rfind("Military", 0) == 0 || actor.rfind("Police", 0) == 0) return 1;
  if (actor.rfind("Rioters", 0) == 0) return 5;
  if (actor.rfind("Protesters", 0) == 0) return 6;
  if (actor.rfind("Civilians", 0) == 0) return 7;
  return 3;
}

void writeRow(Out& o, const Event& e, long long idNumber, bool exportStyle) {
  const Place& p = kPlaces[size_t(e.place)];
  const Country& c = kCountries[e.country];
  const Country& other = kCountries[e.rival >= 0 ? e.rival : e.country];
  const std::string type = e.type->type, sub = e.type->sub;
  std::string actor1, actor2, assoc1;
  const std::string nation = std::string("(") + c.name + ")";
  if (type == "Battles" || type == "Explosions/Remote violence") {
    actor1 = (idNumber % 2 || e.rival < 0) ? c.army : other.army;
    actor2 = e.rival >= 0 ? ((idNumber % 2) ? other.army : c.army) : std::string("Unidentified Armed Group ") + nation;
  } else if (type == "Violence against civilians") {
    actor1 = e.kind == Unrest ? c.police : other.army;
    actor2 = "Civilians " + nation;
  } else if (type == "Protests") {
    actor1 = "Protesters " + nation;
    if (sub != "Peaceful protest") actor2 = c.police;
    if (idNumber % 5 == 0) assoc1 = std::string("Labour Group ") + nation;
  } else if (type == "Riots") {
    actor1 = "Rioters " + nation;
    if (idNumber % 2) actor2 = c.police;
  } else {
    actor1 = sub == "Arrests" ? c.police : std::string("Government of ") + c.name;
    if (e.rival >= 0 && sub == "Agreement") actor2 = std::string("Government of ") + other.name;
  }
  const int inter1 = interCode(actor1), inter2 = actor2.empty() ? 0 : interCode(actor2);
  const int interaction = inter2 ? std::min(inter1, inter2) * 10 + std::max(inter1, inter2) : inter1 * 10;

  std::string location = p.name;
  if (e.settlement) location = std::string(p.name) + " District Settlement " + std::to_string(e.settlement);
  const std::string date = dateText(e.day, exportStyle);
  int y, m, d;
  civilFromDays(e.day, y, m, d);
  // Notes as ACLED writes them: the date, who did what to whom where, then the size and fatalities.
  std::string notes = "On " + std::to_string(d) + " " + kMonths[m - 1] + " " + std::to_string(y) + ", ";
  if (type == "Protests" || type == "Riots")
    notes += actor1.substr(0, actor1.find(' ')) + " gathered in " + location + " (" + p.admin1 +
             ") during " + (e.episode >= 0 ? kEpisodes[size_t(e.episode)].what : "local demonstrations") +
             (actor2.empty() ? "." : ", and " + actor2 + " intervened.") + " [size=" +
             kCrowd[size_t(std::max(0, e.crowd))] + "]";
  else if (type == "Strategic developments")
    notes += actor1 + " reported a development (" + sub + ") in " + location + " (" + p.admin1 + ").";
  else
    notes += actor1 + " and " + (actor2.empty() ? "unknown actors" : actor2) + " were involved in an event (" +
             sub + ") near " + location + " (" + p.admin1 + ")" +
             (e.episode >= 0 ? std::string(" during ") + kEpisodes[size_t(e.episode)].what : std::string()) + ".";
  if (e.fatalities > 0)
    notes += " " + std::to_string(e.fatalities) + (e.fatalities == 1 ? " fatality was" : " fatalities were") + " reported.";
  std::string source = kSources[size_t(e.source1)];
  if (e.source2 >= 0) source += "; " + std::string(kSources[size_t(e.source2)]);

  o.field(std::string(c.a3) + std::to_string(idNumber));  // event_id_cnty
  o.field(date);
  o.field(y);
  o.field(e.timePrecision);
  o.field(e.type->disorder);
  o.field(type);
  o.field(sub);
  o.field(actor1);
  o.field(assoc1);
  o.field(inter1);
  o.field(actor2);
  o.field(std::string());  // assoc_actor_2
  o.field(inter2 ? std::to_string(inter2) : std::string("0"));
  o.field(interaction);
  o.field(type == "Violence against civilians" ? "Civilian targeting" : "");
  o.field(c.iso);
  o.field("Caucasus and Central Asia");
  o.field(c.name);
  o.field(p.admin1);
  o.field(std::string(p.name) + " District");  // admin2
  o.field(std::string());                      // admin3
  o.field(location);
  o.field(fmt4(e.lat));
  o.field(fmt4(e.lon));
  o.field(e.geoPrecision);
  o.field(source);
  o.field(kScales[size_t(e.scale)]);
  o.field(notes);
  o.field(e.fatalities < 0 ? std::string() : std::to_string(e.fatalities));
  o.field(e.crowd >= 0 ? std::string("crowd size=") + kCrowd[size_t(e.crowd)] : std::string());
  o.field(e.modified);
  o.field(e.endDay >= 0 ? dateText(e.endDay, exportStyle) : std::string());  // end_date (not ACLED's own)
  o.end();
}

int usage(const char* msg) {
  std::fprintf(stderr,
               "bench_gen_acled_events: %s\nusage: bench_gen_acled_events --rows N --out FILE.csv [--seed S] "
               "[--dates iso|export] [--order desc|asc|random] [--spans FRACTION]\n",
               msg);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  long long rows = -1;
  uint64_t seed = 1;
  std::string out, dates = "iso", order = "desc";
  double spans = 0.2;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (i + 1 >= argc) return usage(("missing the value of " + a).c_str());
    const char* v = argv[++i];
    char* end = nullptr;
    if (a == "--rows") rows = std::strtoll(v, &end, 10);
    else if (a == "--seed") seed = std::strtoull(v, &end, 10);
    else if (a == "--out") out = v;
    else if (a == "--dates") dates = v;
    else if (a == "--order") order = v;
    else if (a == "--spans") spans = std::strtod(v, &end);
    else return usage(("unknown option " + a).c_str());
    if (end && *end) return usage(("'" + std::string(v) + "' is not a number (" + a + ")").c_str());
  }
  if (rows < 0 || out.empty()) return usage("--rows and --out are required");
  if (dates != "iso" && dates != "export") return usage("--dates is iso or export");
  if (order != "desc" && order != "asc" && order != "random") return usage("--order is desc, asc or random");
  if (!(spans >= 0 && spans <= 1)) return usage("--spans is a fraction between 0 and 1");
  FILE* f = std::fopen(out.c_str(), "wb");
  if (!f) {
    std::perror(out.c_str());
    return 1;
  }
  const Gen gen(seed, spans);
  // The order of the rows: by date (stable by row number, so deterministic), or as generated.
  std::vector<uint32_t> rowOrder;
  if (order != "random") {
    std::vector<std::pair<int32_t, uint32_t>> keys(static_cast<size_t>(rows));
    for (long long i = 0; i < rows; ++i) keys[size_t(i)] = {int32_t(gen.make(uint64_t(i)).day), uint32_t(i)};
    if (order == "desc")
      std::stable_sort(keys.begin(), keys.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    else
      std::stable_sort(keys.begin(), keys.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    rowOrder.resize(size_t(rows));
    for (size_t i = 0; i < keys.size(); ++i) rowOrder[i] = keys[i].second;
  }
  Out o{f, dates == "export", {}};
  for (const char* h : {"event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
                        "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
                        "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
                        "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
                        "notes", "fatalities", "tags", "timestamp", "end_date"})
    o.field(h);
  o.end();
  // event_id_cnty numbers count up per country from the oldest event, as ACLED's do.
  std::vector<long long> perCountry(sizeof kCountries / sizeof kCountries[0], 0);
  std::vector<long long> ids;
  if (order == "desc") {
    // Newest first, but the numbers still grow with time: count each country's events first.
    for (uint32_t i : rowOrder) ++perCountry[size_t(kPlaces[size_t(gen.make(i).place)].country)];
  }
  long long spansWritten = 0;
  for (long long k = 0; k < rows; ++k) {
    const uint64_t i = order == "random" ? uint64_t(k) : rowOrder[size_t(k)];
    const Event e = gen.make(i);
    long long id;
    if (order == "desc") id = perCountry[size_t(e.country)]--;
    else id = ++perCountry[size_t(e.country)];
    spansWritten += e.endDay >= 0;
    writeRow(o, e, id, dates == "export");
  }
  std::fwrite(o.buf.data(), 1, o.buf.size(), f);
  if (std::fclose(f) != 0) {
    std::perror(out.c_str());
    return 1;
  }
  std::fprintf(stderr, "bench_gen_acled_events: %s: %lld rows (%lld spans), seed %llu, dates %s, order %s\n",
               out.c_str(), rows, spansWritten, (unsigned long long)seed, dates.c_str(), order.c_str());
  return 0;
}
