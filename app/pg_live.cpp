// Live windows of a PG: source (app/pg_live.hpp): a worker that runs the newest window query, a
// canceller that stops a superseded one from a second connection, and a small cache of windows.
//
// Locking: one mutex guards everything shared; the frame's calls (request, poll) hold it only to
// move a few values, never while the database works. The worker and the canceller release it
// around every call into geo::PgSource.
#include "app/pg_live.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>

namespace app {

using Clock = std::chrono::steady_clock;

namespace {
double msBetween(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

bool sameWindow(const geo::PgWindow& a, const geo::PgWindow& b) {
  return a.t0 == b.t0 && a.t1 == b.t1 && a.bbox.minX == b.bbox.minX && a.bbox.minY == b.bbox.minY &&
         a.bbox.maxX == b.bbox.maxX && a.bbox.maxY == b.bbox.maxY && a.budget == b.budget && a.cell == b.cell &&
         a.cellCrs == b.cellCrs && a.perCategory == b.perCategory;
}

bool boxContains(const geo::BBox& outer, const geo::BBox& inner) {
  return outer.minX <= inner.minX && outer.minY <= inner.minY && outer.maxX >= inner.maxX && outer.maxY >= inner.maxY;
}

geo::BBox clampWorld(geo::BBox b) {
  b.minX = std::clamp(b.minX, -180.0, 180.0);
  b.maxX = std::clamp(b.maxX, -180.0, 180.0);
  b.minY = std::clamp(b.minY, -90.0, 90.0);
  b.maxY = std::clamp(b.maxY, -90.0, 90.0);
  return b;
}

// How much two windows are alike: intersection over union of their time ranges and of their boxes
// (the smaller of the two), 0 when their budgets, cells or CRS differ.
double likeness(const geo::PgWindow& a, const geo::PgWindow& b) {
  if (a.budget != b.budget || a.perCategory != b.perCategory || a.cellCrs != b.cellCrs) return 0;
  if ((a.cell > 0) != (b.cell > 0) || (a.cell > 0 && (a.cell > 2 * b.cell || b.cell > 2 * a.cell))) return 0;
  const double ti = double(std::min(a.t1, b.t1)) - double(std::max(a.t0, b.t0));
  const double tu = double(std::max(a.t1, b.t1)) - double(std::min(a.t0, b.t0));
  const double time = tu <= 0 ? 1.0 : std::max(0.0, ti) / tu;
  const geo::BBox x = clampWorld(a.bbox), y = clampWorld(b.bbox);
  const double iw = std::min(x.maxX, y.maxX) - std::max(x.minX, y.minX), ih = std::min(x.maxY, y.maxY) - std::max(x.minY, y.minY);
  const double inter = std::max(0.0, iw) * std::max(0.0, ih);
  const double uni = x.width() * x.height() + y.width() * y.height() - inter;
  const double space = uni <= 0 ? 1.0 : inter / uni;
  return std::min(time, space);
}

// The events of a window, from a result for a window that holds it (not aggregated).
std::shared_ptr<const geo::PgWindowResult> eventsIn(const geo::PgWindowResult& all, const geo::PgWindow& w) {
  auto r = std::make_shared<geo::PgWindowResult>();
  r->ok = all.ok;
  r->error = all.error;
  r->ms = all.ms;
  r->queries = all.queries;
  r->cell = all.cell;
  const geo::BBox b = clampWorld(w.bbox);
  for (const geo::PgEvent& e : all.events)
    if (e.first <= w.t1 && e.last >= w.t0 && b.contains(e.lon, e.lat)) r->events.push_back(e);
  r->total = int64_t(r->events.size());
  return r;
}
}  // namespace

bool parsePgLiveMode(const std::string& text, int64_t& liveAbove, std::string* error) {
  if (text == "auto") liveAbove = kPgLoadWholeRows;
  else if (text == "always") liveAbove = kPgAlwaysLive;
  else if (text == "never") liveAbove = kPgNeverLive;
  else {
    char* end = nullptr;
    const long long n = std::strtoll(text.c_str(), &end, 10);
    if (text.empty() || !end || *end || n < 0) {
      if (error) *error = "--pg-live: '" + text + "' is not auto, always, never or a number of rows";
      return false;
    }
    liveAbove = n;
  }
  return true;
}

geo::PgWindow snapWindow(const geo::PgWindow& w) {
  geo::PgWindow s = w;
  const geo::BBox b = clampWorld(w.bbox);
  const double size = std::max(b.width(), b.height());
  if (!(size > 0)) return s;
  // A power of two in degrees, a quarter of the view or less: pans of less than that stay inside.
  const double step = std::exp2(std::floor(std::log2(size / 4)));
  s.bbox = clampWorld({std::floor(b.minX / step) * step, std::floor(b.minY / step) * step, std::ceil(b.maxX / step) * step,
                       std::ceil(b.maxY / step) * step});
  if (w.cell > 0) s.cell = std::exp2(std::round(std::log2(w.cell)));
  return s;
}

struct PgLive::Impl {
  struct Job {
    uint64_t id = 0;
    geo::PgWindow window, fetched;
    Clock::time_point asked;
  };
  struct Kept {
    geo::PgWindow fetched;
    std::shared_ptr<const geo::PgWindowResult> data;
  };
  struct HistJob {
    geo::Seconds t0, t1, bin;
    bool hasBox = false;
    geo::BBox box;
  };

  std::string connection;
  PgLiveOptions opt;

  mutable std::mutex mu;
  std::condition_variable work;    // the worker waits on it for a job (or stop)
  std::condition_variable cancel;  // the canceller waits on it for a query to cancel (or stop)
  bool stop = false;

  PgLiveState state = PgLiveState::connecting;
  std::string error;
  geo::PgTable table;
  std::vector<std::string> notes;

  uint64_t lastId = 0;
  bool haveLast = false;
  geo::PgWindow last;         // the last window asked for
  std::optional<Job> pending; // the newest request, not yet started
  bool running = false;       // the worker is in a query for runningId
  uint64_t runningId = 0;
  geo::PgWindow runningWindow;  // what it queries
  Clock::time_point runningSince;
  int64_t pid = 0;            // the worker's backend, for pg_cancel_backend
  uint64_t cancelTarget = 0;  // the running query to cancel once it has run opt.cancelAfterMs

  std::optional<PgLiveResult> ready;  // newest result not yet polled
  uint64_t deliveredId = 0;           // the request of the newest result made ready
  std::deque<Kept> cache;             // most recent first

  std::optional<HistJob> histPending;
  std::optional<geo::PgHistogram> histReady;
  bool histRunning = false;

  PgLiveStats stats;
  std::thread worker, canceller;

  // A kept window that answers w (caller holds mu).
  std::shared_ptr<const geo::PgWindowResult> lookup(const geo::PgWindow& w, const geo::PgWindow& fetched) {
    for (auto it = cache.begin(); it != cache.end(); ++it) {
      const geo::PgWindow& f = it->fetched;
      if (f.budget != w.budget || f.perCategory != w.perCategory || f.cellCrs != w.cellCrs) continue;
      if (!boxContains(f.bbox, clampWorld(w.bbox))) continue;
      std::shared_ptr<const geo::PgWindowResult> hit;
      if (!it->data->aggregated) {
        // Every event of the kept window is there: any window inside it is an exact filter of them.
        if (f.t0 <= w.t0 && f.t1 >= w.t1) hit = eventsIn(*it->data, w);
      } else if (f.t0 == w.t0 && f.t1 == w.t1 && f.cell == fetched.cell) {
        hit = it->data;
      }
      if (hit) {
        if (it != cache.begin()) std::rotate(cache.begin(), it, it + 1);
        return hit;
      }
    }
    return nullptr;
  }

  void keep(const geo::PgWindow& fetched, std::shared_ptr<const geo::PgWindowResult> data) {
    cache.push_front({fetched, std::move(data)});
    while (cache.size() > std::max<size_t>(1, opt.cacheWindows)) cache.pop_back();
  }

  void deliver(const Job& job, std::shared_ptr<const geo::PgWindowResult> data, bool fromCache, Clock::time_point now) {
    if (job.id <= deliveredId) return;  // never older than what was shown
    PgLiveResult r;
    r.request = job.id;
    r.window = job.window;
    r.fetched = job.fetched;
    r.data = std::move(data);
    r.latencyMs = msBetween(job.asked, now);
    r.fromCache = fromCache;
    ready = std::move(r);
    deliveredId = job.id;
  }

  void workerLoop() {
    std::string err;
    std::unique_ptr<geo::PgSource> src = geo::PgSource::open(connection, opt.open, &err);
    {
      std::unique_lock<std::mutex> lock(mu);
      if (!src) {
        state = PgLiveState::failed;
        error = err;
        pending.reset();
        histPending.reset();
        lock.unlock();
        if (opt.notify) opt.notify();
        return;
      }
      state = PgLiveState::ready;
      table = src->table();
      notes = src->notes();
      pid = src->backendPid();
    }
    cancel.notify_all();  // the canceller makes its connection now
    if (opt.notify) opt.notify();  // ready: the frame may ask for its window now
    std::unique_lock<std::mutex> lock(mu);
    while (true) {
      work.wait(lock, [&] { return stop || pending || histPending; });
      if (stop) break;
      if (pending) {
        Job job = *pending;
        pending.reset();
        running = true;
        runningId = job.id;
        runningWindow = job.fetched;
        runningSince = Clock::now();
        lock.unlock();
        if (opt.testDelayMs > 0) std::this_thread::sleep_for(std::chrono::milliseconds(opt.testDelayMs));
        geo::PgWindowResult res = src->query(job.fetched);
        // A cancel meant for an older query can land on this one (it started in between): run it
        // again unless it was superseded after all.
        for (int retry = 0; res.cancelled && retry < 2; ++retry) {
          lock.lock();
          const bool superseded = stop || pending.has_value() || deliveredId > job.id;
          lock.unlock();
          if (superseded) break;
          res = src->query(job.fetched);
        }
        lock.lock();
        running = false;
        cancel.notify_all();
        if (cancelTarget == job.id) cancelTarget = 0;
        ++stats.queries;
        const Clock::time_point now = Clock::now();
        if (res.ok) {
          auto all = std::make_shared<const geo::PgWindowResult>(std::move(res));
          keep(job.fetched, all);
          deliver(job, all->aggregated ? all : eventsIn(*all, job.window), false, now);
        } else if (res.cancelled) {
          ++stats.cancelled;
        } else {
          ++stats.failed;
          error = res.error;
          deliver(job, std::make_shared<const geo::PgWindowResult>(std::move(res)), false, now);
        }
        if (opt.notify && ready) {
          lock.unlock();
          opt.notify();
          lock.lock();
        }
      } else if (histPending) {
        const HistJob h = *histPending;
        histPending.reset();
        histRunning = true;
        lock.unlock();
        geo::PgHistogram out = src->histogram(h.t0, h.t1, h.bin, h.hasBox ? &h.box : nullptr);
        lock.lock();
        histRunning = false;
        histReady = std::move(out);
        if (opt.notify) {
          lock.unlock();
          opt.notify();
          lock.lock();
        }
      }
    }
    lock.unlock();
    src.reset();
  }

  void cancellerLoop() {
    // Its own connection, made before it is needed: a cancel should not wait for a connect.
    std::unique_ptr<geo::PgSource> db;
    geo::PgOpenOptions copt = opt.open;
    copt.statementTimeoutS = 10;
    std::unique_lock<std::mutex> lock(mu);
    while (true) {
      cancel.wait(lock, [&] { return stop || cancelTarget != 0 || (!db && state == PgLiveState::ready); });
      const bool stopping = stop;
      if (!db && state != PgLiveState::failed && !stopping) {
        lock.unlock();
        std::string err;
        db = geo::PgSource::connect(connection, copt, &err);
        lock.lock();
        if (!db && !stopping) {
          // Without it superseded queries run to their end (slower, still correct). Try again later.
          cancelTarget = 0;
          lock.unlock();
          std::this_thread::sleep_for(std::chrono::milliseconds(500));
          lock.lock();
          continue;
        }
      }
      if (stopping || stop) {
        // Until the worker is out of its query: a cancel that reaches the server just before the
        // query does is ignored there.
        while (running && db) {
          const int64_t p = pid;
          lock.unlock();
          db->cancelBackend(p);
          lock.lock();
          cancel.wait_for(lock, std::chrono::milliseconds(50), [&] { return !running; });
        }
        break;
      }
      if (cancelTarget == 0) continue;
      const uint64_t target = cancelTarget;
      const auto deadline = runningSince + std::chrono::microseconds(int64_t(std::max(0.0, opt.cancelAfterMs) * 1000));
      cancel.wait_until(lock, deadline, [&] { return stop || !running || runningId != target; });
      if (stop) continue;  // handled at the top
      if (running && runningId == target && db) {
        const int64_t p = pid;
        lock.unlock();
        db->cancelBackend(p);
        lock.lock();
      }
      if (cancelTarget == target) cancelTarget = 0;
    }
    lock.unlock();
    db.reset();
  }
};

PgLive::PgLive(std::string connection, PgLiveOptions opt) : impl_(std::make_unique<Impl>()) {
  impl_->connection = std::move(connection);
  impl_->opt = std::move(opt);
  Impl* m = impl_.get();
  m->worker = std::thread([m] {
    m->workerLoop();
    std::lock_guard<std::mutex> lock(m->mu);
    m->cancel.notify_all();  // ready (its connection can be made) or failed
  });
  m->canceller = std::thread([m] { m->cancellerLoop(); });
}

PgLive::~PgLive() {
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    impl_->stop = true;
  }
  impl_->work.notify_all();
  impl_->cancel.notify_all();
  // The canceller cancels a running query before it leaves; then the worker can finish.
  impl_->canceller.join();
  impl_->worker.join();
}

uint64_t PgLive::request(const geo::PgWindow& w) {
  Impl& m = *impl_;
  const Clock::time_point now = Clock::now();
  std::lock_guard<std::mutex> lock(m.mu);
  if (m.haveLast && sameWindow(w, m.last)) return m.lastId;
  m.haveLast = true;
  m.last = w;
  Impl::Job job{++m.lastId, w, m.opt.snap ? snapWindow(w) : w, now};
  if (m.state == PgLiveState::failed) return job.id;
  if (auto hit = m.lookup(w, job.fetched)) {
    ++m.stats.cacheHits;
    m.deliver(job, std::move(hit), true, Clock::now());
    if (m.pending) ++m.stats.superseded;
    m.pending.reset();
  } else {
    if (m.pending) ++m.stats.superseded;
    m.pending = job;
    m.work.notify_one();
  }
  // Whatever runs now answers an older request: stopped unless it is much the same window.
  if (m.running && m.runningId < job.id && likeness(m.runningWindow, job.fetched) < m.opt.keepIfOverlap) {
    m.cancelTarget = m.runningId;
    m.cancel.notify_one();
  }
  return job.id;
}

bool PgLive::poll(PgLiveResult& out) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  if (!impl_->ready) return false;
  out = std::move(*impl_->ready);
  impl_->ready.reset();
  return true;
}

void PgLive::requestHistogram(geo::Seconds t0, geo::Seconds t1, geo::Seconds bin, const geo::BBox* bbox) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  if (impl_->state == PgLiveState::failed) return;
  impl_->histPending = Impl::HistJob{t0, t1, bin, bbox != nullptr, bbox ? *bbox : geo::BBox{}};
  impl_->work.notify_one();
}

bool PgLive::pollHistogram(geo::PgHistogram& out) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  if (!impl_->histReady) return false;
  out = std::move(*impl_->histReady);
  impl_->histReady.reset();
  return true;
}

PgLiveState PgLive::state() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->state;
}
std::string PgLive::error() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->error;
}
geo::PgTable PgLive::table() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->table;
}
std::vector<std::string> PgLive::notes() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->notes;
}
PgLiveStats PgLive::stats() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->stats;
}
bool PgLive::busy() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  const Impl& m = *impl_;
  return m.state == PgLiveState::connecting || m.pending || m.running || m.histPending || m.histRunning;
}

bool PgLive::waitIdle(double timeoutS) const {
  const auto end = Clock::now() + std::chrono::microseconds(int64_t(timeoutS * 1e6));
  while (busy()) {
    if (Clock::now() > end) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

}  // namespace app
