// Benchmark: geo::loadEvents on one file, median of N runs, with the time per row.
// Usage: bench_loader FILE [runs=5]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include <malloc.h>
#include <sys/resource.h>

#include <fstream>
#include <string>

#include "geo/io.hpp"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench_loader FILE [runs]\n");
    return 2;
  }
  const int runs = argc > 2 ? std::atoi(argv[2]) : 5;
  geo::initGdal();
  // Resident memory (VmRSS, MB) as /proc says.
  auto rssMb = [] {
    std::ifstream f("/proc/self/status");
    std::string line;
    while (std::getline(f, line))
      if (line.rfind("VmRSS:", 0) == 0) return std::atof(line.c_str() + 6) / 1024.0;
    return 0.0;
  };
  std::vector<double> ms, cpu;
  geo::Dataset kept;  // the last run's dataset, to measure what it holds
  auto cpuMs = [] {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return (double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e3 + double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e3);
  };
  size_t events = 0, problems = 0;
  for (int i = 0; i < runs; ++i) {
    geo::Dataset d;
    std::string err;
    const auto t0 = std::chrono::steady_clock::now();
    const double c0 = cpuMs();
    if (!geo::loadEvents(argv[1], d, &err)) {
      std::fprintf(stderr, "%s\n", err.c_str());
      return 1;
    }
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    cpu.push_back(cpuMs() - c0);
    events = d.events.size();
    problems = d.problems.size();
    if (i + 1 == runs) kept = std::move(d);
  }
  size_t texts = 0;
  for (size_t i = 0; i < kept.events.size(); ++i)
    texts += kept.events.id(i).size() + kept.events.title(i).size() + kept.events.place(i).size() +
             kept.events.placeAlt(i).size() + kept.events.displayDate(i).size();
  const double n = kept.events.empty() ? 1.0 : double(kept.events.size());
  const double descText = double(kept.events.descriptionTextBytes()), descHeld = double(kept.events.descriptionMemoryBytes());
  std::printf("texts but descriptions: %.0f MB (%.0f bytes an event); descriptions: %.0f MB of text held in %.0f MB (%.0f bytes an event); "
              "the store beyond them: %.0f bytes an event\n",
              double(texts) / 1048576.0, double(texts) / n, descText / 1048576.0, descHeld / 1048576.0, descHeld / n,
              (double(kept.events.memoryBytes()) - double(texts) - descHeld) / n);
  const double rss = rssMb();
  malloc_trim(0);
  std::printf("resident memory with the dataset loaded: %.0f MB (%.0f MB after malloc_trim); the event store holds %.0f MB (%.0f bytes an event)\n",
              rss, rssMb(), double(kept.events.memoryBytes()) / 1048576.0,
              kept.events.empty() ? 0.0 : double(kept.events.memoryBytes()) / double(kept.events.size()));
  std::sort(ms.begin(), ms.end());
  std::sort(cpu.begin(), cpu.end());
  std::printf("%s: %zu events, %zu problems; loadEvents median %.0f ms (min %.0f, max %.0f) over %d runs; CPU time median %.0f ms\n",
              argv[1], events, problems, ms[ms.size() / 2], ms.front(), ms.back(), runs, cpu[cpu.size() / 2]);
  return 0;
}
