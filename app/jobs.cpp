#include "app/jobs.hpp"

#include <chrono>

#include "app/pg_view.hpp"
#include "geo/gazetteer.hpp"

namespace app {

JobQueue::JobQueue(std::function<void()> notify) : notify_(std::move(notify)) {}

JobQueue::~JobQueue() {
  cancelAll();
  std::list<Job> jobs;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    jobs.swap(jobs_);
  }
  for (Job& j : jobs)
    if (j.thread.joinable()) j.thread.join();
}

void JobQueue::start(const std::string& path, std::function<void(LoadResult&, geo::LoadProgress&)> work) {
  std::lock_guard<std::mutex> lock(mutex_);
  jobs_.emplace_back();
  Job& job = jobs_.back();
  job.path = path;
  job.progress = std::make_shared<geo::LoadProgress>();
  auto progress = job.progress;
  job.thread = std::thread([this, path, work, progress] {
    const auto t0 = std::chrono::steady_clock::now();
    LoadResult r;
    r.path = path;
    work(r, *progress);
    r.ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    {
      std::lock_guard<std::mutex> lock2(mutex_);
      finished_.push_back(std::move(r));
      for (Job& j : jobs_)
        if (j.progress == progress) j.finished = true;
    }
    if (notify_) notify_();
  });
}

void JobQueue::loadEvents(const std::string& path, const geo::LoadOptions& options, const std::string& crs,
                          std::shared_ptr<const geo::MapLayer> places, int64_t pgLiveAbove) {
  static_assert(kPgLoadWholeRows == 200000, "jobs.hpp's default for pgLiveAbove");
  start(path, [options, crs, places, pgLiveAbove](LoadResult& r, geo::LoadProgress& progress) {
    std::string err;
    if (geo::isPgConnection(r.path) && pgLiveAbove != kPgNeverLive) {
      auto probe = std::make_shared<PgProbe>();
      if (!probePg(r.path, pgLiveAbove, *probe, &err)) {
        r.error = err;
        return;
      }
      if (probe->live) {
        r.opened = true;
        r.pg = std::move(probe);
        return;
      }
    }
    r.opened = geo::loadEvents(r.path, options, r.data, &err, &progress);
    if (!r.opened) r.error = err;
    auto proj = geo::Projection::create(crs, &err);
    if (!r.opened || !proj) return;
    if (places) geo::placeByName(r.data, *places);
    geo::projectEvents(r.data, *proj);
    // No events but geometry: the user opened a map layer (a GeoPackage of districts, a KML of roads).
    if (r.data.events.empty() && r.data.eras.empty()) {
      std::vector<geo::MapLayer> layers;
      if (geo::loadMapLayers(r.path, *proj, {}, layers, r.problems, &err)) {
        for (auto& l : layers)
          if (l.featureCount() > 0) r.layers.push_back(std::move(l));
        if (!r.layers.empty()) r.data.problems.clear();  // "no date column" is not a problem for a map layer
      }
    }
  });
}

void JobQueue::loadRaster(const std::string& path, const std::string& crs, int maxSide, const std::string& name, int featherPx) {
  start(path, [crs, maxSide, name, featherPx](LoadResult& r, geo::LoadProgress&) {
    std::string err;
    auto proj = geo::Projection::create(crs, &err);
    geo::RasterImage img;
    r.opened = proj && geo::loadRaster(r.path, *proj, maxSide, img, &err);
    if (!r.opened) {
      r.error = err;
      return;
    }
    if (!name.empty()) img.name = name;
    geo::featherAlpha(img, featherPx);
    r.rasters.push_back(std::move(img));
  });
}

bool JobQueue::busy() const {
  std::lock_guard<std::mutex> lock(mutex_);
  for (const Job& j : jobs_)
    if (!j.finished) return true;
  return false;
}

std::vector<JobProgress> JobQueue::progress() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<JobProgress> out;
  for (const Job& j : jobs_) {
    if (j.finished) continue;
    const size_t slash = j.path.find_last_of('/');
    const int64_t total = j.progress->total.load(), done = j.progress->done.load();
    out.push_back({geo::isPgConnection(j.path) ? geo::pgDisplayName(j.path) : slash == std::string::npos ? j.path : j.path.substr(slash + 1),
                   total > 0 ? double(done) / double(total) : -1.0});
  }
  return out;
}

std::vector<LoadResult> JobQueue::takeFinished() {
  std::vector<LoadResult> out;
  std::list<Job> done;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    out.swap(finished_);
    for (auto it = jobs_.begin(); it != jobs_.end();) {
      if (it->finished) {
        done.splice(done.end(), jobs_, it++);
      } else {
        ++it;
      }
    }
  }
  for (Job& j : done)
    if (j.thread.joinable()) j.thread.join();
  return out;
}

void JobQueue::cancelAll() {
  std::lock_guard<std::mutex> lock(mutex_);
  for (Job& j : jobs_) j.progress->cancel = true;
}

}  // namespace app
