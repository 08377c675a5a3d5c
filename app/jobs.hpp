// Background loading. GDAL opens and reads run on worker threads (one GDAL dataset per thread);
// finished results wait in a queue that the main thread drains once per frame. Progress is a few
// atomics the status bar reads.
#pragma once
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "geo/event_store.hpp"
#include "geo/io.hpp"
#include "geo/map_layer.hpp"
#include "geo/raster.hpp"

namespace app {

struct PgProbe;  // app/pg_view.hpp

struct LoadResult {
  std::string path;
  std::shared_ptr<PgProbe> pg;         // a PG: source to show live (nothing loaded: app/pg_view.hpp)
  bool opened = false;
  std::string error;                   // why it could not be opened at all
  geo::Dataset data;                   // events, projected into the map CRS
  std::vector<geo::MapLayer> layers;   // a source without dates but with geometry loads as map layers
  std::vector<geo::Problem> problems;  // of the map layers
  std::vector<geo::RasterImage> rasters;  // a raster job's image
  double ms = 0;
};

struct JobProgress {
  std::string name;    // file name
  double fraction;     // 0..1, or < 0 when unknown
};

class JobQueue {
 public:
  // notify is called from a worker when a job finishes (e.g. glfwPostEmptyEvent to wake the loop).
  explicit JobQueue(std::function<void()> notify = {});
  ~JobQueue();  // cancels and joins every job
  JobQueue(const JobQueue&) = delete;
  JobQueue& operator=(const JobQueue&) = delete;

  // Loads an event source, projected into crs (a new projection per job: OGR transforms are not
  // shared between threads).
  // places (lon/lat points, may be null) places events that name a place but have no coordinates.
  // A PG: table of more than pgLiveAbove rows (--pg-live) is not loaded: the result's pg says how to
  // show it live.
  void loadEvents(const std::string& path, const geo::LoadOptions& options, const std::string& crs,
                  std::shared_ptr<const geo::MapLayer> places = nullptr, int64_t pgLiveAbove = 200000);
  // Warps a raster into the map CRS (the relief after the first frame, a raster opened later).
  // featherPx > 0: the image fades out over that many px towards the edge of its data (a shade).
  void loadRaster(const std::string& path, const std::string& crs, int maxSide, const std::string& name, int featherPx = 0);
  bool busy() const;
  std::vector<JobProgress> progress() const;
  std::vector<LoadResult> takeFinished();
  void cancelAll();

 private:
  struct Job {
    std::string path;
    std::shared_ptr<geo::LoadProgress> progress;
    std::thread thread;
    bool finished = false;
  };
  std::function<void()> notify_;
  mutable std::mutex mutex_;
  std::list<Job> jobs_;
  std::vector<LoadResult> finished_;

  // Runs work(result, progress) on a new thread and queues its result.
  void start(const std::string& path, std::function<void(LoadResult&, geo::LoadProgress&)> work);
};

}  // namespace app
