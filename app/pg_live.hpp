// Live windows of a PG: source for the map: the frame asks for the window it shows and draws whatever
// came back last, and never waits on the database.
//
// A worker thread owns the connection (geo::PgSource) and runs the newest request only: a request
// made while another is pending replaces it, and one made while a query runs cancels that query once
// it has run cancelAfterMs, when the two windows differ (pg_cancel_backend from a second connection,
// on a second thread). The
// last few windows are kept, so that panning back, or panning a little inside the box fetched (the
// box asked for, grown outward to a grid), is answered at once from memory.
//
// Use from the frame (one PgLive per PG: source):
//   live.request(window);            // every frame the view changes; returns at once
//   PgLiveResult r;
//   if (live.poll(r)) shown = r;     // draw `shown` (events, or cells when over the budget)
//   if (live.busy()) keep redrawing (a result is on its way)
#pragma once
#include <climits>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "geo/pg_source.hpp"

namespace app {

// Which PG: sources are queried live rather than loaded whole (--pg-live; app/pg_view.hpp): those
// with more rows than this. Up to it a table loads like a file (every view works: lanes, filters,
// the events list, stories) in a few seconds; beyond it loading would take long and a lot of memory.
constexpr int64_t kPgLoadWholeRows = 200000;
constexpr int64_t kPgAlwaysLive = -1;         // --pg-live always
constexpr int64_t kPgNeverLive = INT64_MAX;   // --pg-live never
// --pg-live MODE: "auto" (live above kPgLoadWholeRows rows), "always", "never", or a row count.
bool parsePgLiveMode(const std::string& text, int64_t& liveAbove, std::string* error);

struct PgLiveOptions {
  geo::PgOpenOptions open;
  size_t cacheWindows = 8;     // results kept (the most recent)
  bool snap = true;            // fetch a larger box aligned on a grid (a quarter of the view's size, a
                               // power of two in degrees) and cell sizes rounded to powers of two
  double cancelAfterMs = 100;  // a superseded query still running after this long is cancelled (0 =
                               // at once); a shorter one may finish, and its result is shown meanwhile
  // ...unless its window is much like the new one: overlapping it by at least this much, as
  // intersection over union of the time ranges and of the boxes, with a cell within a factor of two.
  // While panning or scrubbing, each such result is still mostly right, and cancelling every query
  // slower than one frame would leave the map with none. 1 = cancel every superseded query.
  double keepIfOverlap = 0.5;
  // Called on the worker whenever a result or a histogram is ready (or the connection failed), with
  // no lock held: the window loop's wake-up (glfwPostEmptyEvent), so that an idle loop draws it.
  std::function<void()> notify;
  // Milliseconds the worker waits before each window query, as a slow server would (tests of the
  // frame loop's independence from the database; CHRONOMAP_PG_DELAY_MS). 0 = none.
  int testDelayMs = 0;
};

enum class PgLiveState { connecting, ready, failed };

struct PgLiveResult {
  uint64_t request = 0;   // the number request() returned for it
  geo::PgWindow window;   // as asked
  geo::PgWindow fetched;  // as queried: the box grown outward to the grid, the cell rounded
  // Events are those in `window` exactly (first <= t1, last >= t0, position inside the box); cells
  // and `total` with them are those of `fetched` (slightly larger than the view).
  std::shared_ptr<const geo::PgWindowResult> data;
  double latencyMs = 0;   // from request() to this result being ready
  bool fromCache = false; // answered from a window kept in memory
};

struct PgLiveStats {
  int64_t queries = 0;     // windows queried
  int64_t cancelled = 0;   // of them, cancelled when superseded
  int64_t superseded = 0;  // requests replaced before their query started
  int64_t cacheHits = 0;   // requests answered from memory
  int64_t failed = 0;      // queries that failed (not cancelled)
};

class PgLive {
 public:
  // Starts connecting at once (on the worker): state() is connecting until the table is found.
  explicit PgLive(std::string connection, PgLiveOptions opt = {});
  // Cancels what runs and joins the threads (waits at most for a connect in progress to time out).
  ~PgLive();
  PgLive(const PgLive&) = delete;
  PgLive& operator=(const PgLive&) = delete;

  // Asks for a window; never blocks on the database. The same window as the last request returns
  // that request's number and does nothing else.
  uint64_t request(const geo::PgWindow& w);
  // The newest result not yet returned, if one is ready (never older than one returned before).
  // Results of superseded requests may come first while the newest is on its way.
  bool poll(PgLiveResult& out);

  // Counts per time bin over [t0, t1] (t0 > t1: the whole table), for the timeline's density strip,
  // only in bbox (WGS84) when given; run when no window is waiting. A newer request replaces one
  // not yet started.
  void requestHistogram(geo::Seconds t0, geo::Seconds t1, geo::Seconds bin, const geo::BBox* bbox = nullptr);
  bool pollHistogram(geo::PgHistogram& out);

  PgLiveState state() const;
  std::string error() const;               // why it failed to open, or the last query's error
  geo::PgTable table() const;              // once ready
  std::vector<std::string> notes() const;  // the source's notes (indexes created or wanted...)
  PgLiveStats stats() const;
  bool busy() const;  // connecting, or a query running or waiting

  // Blocks until nothing runs or waits, at most timeoutS. For tests and tools, never for a frame.
  bool waitIdle(double timeoutS) const;

  struct Impl;  // opaque (app/pg_live.cpp)

 private:
  std::unique_ptr<Impl> impl_;
};

// The box and cell PgLive queries for a window when snapping (exposed for tests).
geo::PgWindow snapWindow(const geo::PgWindow& w);

}  // namespace app
