// Replays fuzz inputs through the fuzz targets without libFuzzer, in the normal (g++) build and in
// the sanitized one: chronomap_fuzz_replay TARGET DIR_OR_FILE... runs TARGET on every file found (a
// missing folder counts as empty). Each input has a watchdog: one that runs for more than
// CHRONOMAP_FUZZ_REPLAY_TIMEOUT seconds (default 20) is reported as a hang and fails the run. A
// crash fails it as well (the message names the input first). Fails when no input was found at all,
// so that a lost corpus does not pass.
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#define CHRONOMAP_FUZZ_ENTRY(name) extern "C" int chronomap_fuzz_##name(const uint8_t*, size_t);
CHRONOMAP_FUZZ_ENTRY(date_parse)
CHRONOMAP_FUZZ_ENTRY(date_detect)
CHRONOMAP_FUZZ_ENTRY(csv_reader)
CHRONOMAP_FUZZ_ENTRY(schema)
CHRONOMAP_FUZZ_ENTRY(timelinejs)
CHRONOMAP_FUZZ_ENTRY(story)
CHRONOMAP_FUZZ_ENTRY(project)
CHRONOMAP_FUZZ_ENTRY(markdown)

namespace {
using Entry = int (*)(const uint8_t*, size_t);
struct Target {
  const char* name;
  Entry entry;
};
const Target kTargets[] = {
    {"date_parse", chronomap_fuzz_date_parse}, {"date_detect", chronomap_fuzz_date_detect},
    {"csv_reader", chronomap_fuzz_csv_reader}, {"schema", chronomap_fuzz_schema},
    {"timelinejs", chronomap_fuzz_timelinejs}, {"story", chronomap_fuzz_story},
    {"project", chronomap_fuzz_project},       {"markdown", chronomap_fuzz_markdown},
};

char gCurrent[4096];  // the input being run, for the watchdog's message

void onAlarm(int) {
  const char msg[] = "chronomap_fuzz_replay: HANG (watchdog) on ";
  (void)!write(2, msg, sizeof msg - 1);
  (void)!write(2, gCurrent, strlen(gCurrent));
  (void)!write(2, "\n", 1);
  _exit(3);
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: chronomap_fuzz_replay TARGET DIR_OR_FILE...\n");
    return 2;
  }
  Entry entry = nullptr;
  for (const Target& t : kTargets)
    if (std::strcmp(t.name, argv[1]) == 0) entry = t.entry;
  if (!entry) {
    std::fprintf(stderr, "chronomap_fuzz_replay: no target '%s'\n", argv[1]);
    return 2;
  }
  const char* env = std::getenv("CHRONOMAP_FUZZ_REPLAY_TIMEOUT");
  const unsigned timeout = env && std::atoi(env) > 0 ? unsigned(std::atoi(env)) : 20u;
  std::vector<std::filesystem::path> files;
  for (int i = 2; i < argc; ++i) {
    std::error_code ec;
    const std::filesystem::path p(argv[i]);
    if (std::filesystem::is_regular_file(p, ec)) files.push_back(p);
    else if (std::filesystem::is_directory(p, ec))
      for (const auto& de : std::filesystem::recursive_directory_iterator(p, ec))
        if (de.is_regular_file()) files.push_back(de.path());
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) {
    std::fprintf(stderr, "chronomap_fuzz_replay: no inputs found for %s\n", argv[1]);
    return 1;
  }
  signal(SIGALRM, onAlarm);
  for (const auto& f : files) {
    std::snprintf(gCurrent, sizeof gCurrent, "%s", f.c_str());
    std::ifstream in(f, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::fprintf(stderr, "%s: %s (%zu bytes)\n", argv[1], f.c_str(), bytes.size());
    alarm(timeout);
    entry(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
    alarm(0);
  }
  std::printf("%s: %zu inputs replayed, no crash, no hang\n", argv[1], files.size());
  return 0;
}
