// A PostGIS table of events queried by window: the time range and the view's box go to the server as
// SQL (through GDAL's PostgreSQL driver, geo/io/pg_source.cpp), and a window holding more events than
// the caller can draw comes back as density cells counted in the database. For stores too large to
// load (tens of millions of rows), and for any PostgreSQL-compatible engine (Citus: docs/postgis.md).
//
// Time semantics are the loader's (geo/event.hpp): an event covers [first, last], seconds UTC, both
// inclusive; a `date` column stands for its whole day (first = 00:00:00, last = 23:59:59 UTC); a
// missing end is the start. An event is in the window [t0, t1] when first <= t1 and last >= t0, and in
// the box when its geometry's bounding box meets the box (for points: lon and lat inside, edges
// included).
//
// Not thread-safe: one PgSource (one connection) per thread. app/pg_live.hpp runs one on a worker.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "geo/time.hpp"
#include "geo/types.hpp"

namespace geo {

// True for "PG:..." (GDAL's PostgreSQL connection strings), whatever the case of "PG".
bool isPgConnection(const std::string& source);

// What to show for a PG: source (dataset name, messages, the splash, the status bar):
// "host/dbname/table" only, from the connection string's host (or hostaddr; "localhost" when
// absent), dbname and tables=... (or `table` when given: the table found at open). Never the
// password, the user or any other keyword. A port other than 5432 is kept ("db.example.org:6432").
std::string pgDisplayName(const std::string& connection, const std::string& table = "");
// pgDisplayName for PG: sources, the source itself for anything else (files are shown as named).
std::string sourceLabel(const std::string& source);

// The events table and the role of its columns, as found at open (the loader's column names: see
// geo/io/event_loader.cpp, section 4). Column names are as in the database; "" = absent.
struct PgTable {
  std::string schema, name;  // "public", "events"
  std::string layout;        // "generic", "acled" or "ucdp-ged" (chooses title and category)
  std::string geometry;      // geometry column
  int srid = 4326;           // its SRID (0 in the database is read as 4326, with a note)
  std::string geometryType;  // "POINT", "MULTIPOLYGON", "GEOMETRY"...
  std::string start, end;    // time columns (end "" when there is none)
  std::string timeType;      // of start: "date", "timestamp" or "timestamptz"
  std::string id, title, category, fatalities;  // columns read for them ("" = none)
  int64_t estimatedRows = 0;  // the planner's estimate (pg_class.reltuples; -1 before ANALYZE)
};

// The indexes window queries want, found or missing.
struct PgIndexes {
  bool geometry = false;  // GiST on the geometry
  bool start = false;     // B-tree on the start
  bool last = false;      // B-tree on coalesce(end, start) (true when there is no end column)
  // B-tree on coalesce(end, start) - start (true when there is no end column): the longest span,
  // read from it at each query, bounds the range of starts a window can hold, so that the start's
  // B-tree serves a window anywhere in time.
  bool span = false;
  // CREATE INDEX statements for the missing ones (and ANALYZE), to run as the table's owner.
  std::vector<std::string> statements;
  bool complete() const { return geometry && start && last && span; }
};

struct PgOpenOptions {
  std::string table;      // "name" or "schema.name"; "" = the connection string's tables=NAME,
                          // else the table that looks like events (preferring one called "events")
  int connectTimeoutS = 5;      // libpq connect_timeout unless the connection string sets one
  int statementTimeoutS = 120;  // the server stops any one query after this (0 = never)
  bool createIndexes = true;    // create the missing indexes (when the user may); else only report
};

// One query window. Box in WGS84 degrees; lat is clamped to [-90, 90] and lon to [-180, 180].
struct PgWindow {
  Seconds t0 = 0, t1 = 0;  // seconds UTC, inclusive
  BBox bbox;
  int64_t budget = 20000;  // at most this many events come back; more and cells come back instead
  // Density cells: size in degrees when cellCrs is "", else in the units of cellCrs ("EPSG:3857",
  // a PROJ string or WKT: the map's CRS, so cells are square on screen). 0 = the box's width / 128.
  // Cells are aligned on multiples of the size from the CRS origin, so that windows agree.
  double cell = 0;
  std::string cellCrs;
  bool perCategory = false;  // one cell per (place, category) rather than per place
};

struct PgEvent {
  std::string id, title, category;
  Seconds first = 0, last = 0;  // seconds UTC, inclusive
  double lon = 0, lat = 0;      // WGS84 degrees (a point on an area's surface)
  int64_t fatalities = -1;      // -1 = unknown
};

struct PgCell {
  double x = 0, y = 0;      // centre in the cell's CRS (degrees when cellCrs was "")
  double lon = 0, lat = 0;  // the same centre in WGS84 degrees
  int64_t count = 0;
  std::string category;     // with perCategory; else ""
};

struct PgWindowResult {
  bool ok = false;
  std::string error;       // when !ok: the server's or GDAL's message
  bool cancelled = false;  // the query was cancelled (pg_cancel_backend or the statement timeout)
  bool aggregated = false; // cells, not events (more than the budget)
  int64_t total = 0;       // events in the window: exact, also when aggregated (sum of the cells)
  std::vector<PgEvent> events;
  std::vector<PgCell> cells;
  double cell = 0;         // the cell size used (units of cellCrs, or degrees)
  double ms = 0;           // wall time of the round trips, milliseconds
  int queries = 0;         // statements sent (an estimate, the events, the cells)
};

// Events per time bin, counted at their first second: counts[i] holds those with
// t0 + i * bin <= first < t0 + (i + 1) * bin.
struct PgHistogram {
  bool ok = false;
  std::string error;
  Seconds t0 = 0, bin = 0;
  std::vector<int64_t> counts;
  double ms = 0;
};

class PgSource {
 public:
  // Connects (GDAL's PostgreSQL driver), finds the events table and its columns, checks its indexes
  // and creates the missing ones when allowed (else notes() gives the statements). Null with *error
  // when the server cannot be reached (within connectTimeoutS), or no table fits: the message says
  // which tables and columns were seen and what is needed.
  static std::unique_ptr<PgSource> open(const std::string& connection, const PgOpenOptions& opt, std::string* error);
  // Only connects (for cancelling another connection's query, or for statements).
  static std::unique_ptr<PgSource> connect(const std::string& connection, const PgOpenOptions& opt, std::string* error);
  ~PgSource();
  PgSource(const PgSource&) = delete;
  PgSource& operator=(const PgSource&) = delete;

  const PgTable& table() const;
  // What was assumed or done at open ("created index ...", "no GiST index: run ..."), for the UI.
  const std::vector<std::string>& notes() const;
  // The server's process id for this connection (pg_backend_pid()), for cancelBackend.
  int64_t backendPid() const;

  PgIndexes indexes();
  // Creates the missing indexes and runs ANALYZE. False with *error (the server's reason and the
  // statements to run as the table's owner) when that is not allowed.
  bool createIndexes(std::string* error);

  // The window's events, or its density cells when it holds more than w.budget.
  PgWindowResult query(const PgWindow& w);
  // The SQL query() sends for the events (aggregate = false) or the cells, for EXPLAIN and tools.
  std::string windowSql(const PgWindow& w, bool aggregate) const;
  // Counts per bin over [t0, t1] (t0 > t1: the table's whole time range), optionally only in a box.
  PgHistogram histogram(Seconds t0, Seconds t1, Seconds bin, const BBox* bbox = nullptr);
  // First and last second of any event; false on an empty table or an error.
  bool timeRange(Seconds& first, Seconds& last, std::string* error = nullptr);

  // Asks the server to cancel the query that backend `pid` is running (pg_cancel_backend). True when
  // the request was delivered; a backend running nothing ignores it.
  bool cancelBackend(int64_t pid, std::string* error = nullptr);
  // Runs statements that return no rows (SET, CREATE, INSERT...). For tests, benchmarks and setup.
  bool execute(const std::string& sql, std::string* error = nullptr);
  // Runs a query and returns its rows as text (NULL as ""). For tests and tools (EXPLAIN).
  bool rows(const std::string& sql, std::vector<std::vector<std::string>>& out, std::string* error = nullptr);

  struct Impl;  // opaque: the connection and the table's SQL (geo/io/pg_source.cpp)

 private:
  explicit PgSource(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Identifier and literal quoting for SQL text: "my ""table""" and 'it''s'.
std::string pgQuoteIdent(const std::string& name);
std::string pgQuoteLiteral(const std::string& text);

}  // namespace geo
