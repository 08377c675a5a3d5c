// Saves killed half-way: a child process saves a project (or a story) again and again, alternating two
// versions, and is killed with SIGKILL at a random point; the file on disk must then be exactly the old
// or the new version, byte for byte, and read back. 500 kills for projects and 500 for stories.
//
// Why the kills are timed as they are. The test this replaces slept 30 to 280 ms of wall-clock time
// after fork() and then killed: on a loaded machine (load 11 on 2 cores) the child had not reached
// its first write by then (building 4 MB of JSON took longer than 280 ms), so no kill ever landed in
// the middle of a write and its check "killedMidWrite > 0" failed. Here (1) the child says when its
// save loop starts (a pipe), (2) half the kills come after a random delay drawn over two measured save
// cycles, and (3) the other half right after the temporary file appears (inotify) plus a random part of
// the write time, so that kills land inside the write however slow the machine is.
#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <cstring>
#include <fstream>
#include <poll.h>
#include <random>
#include <sstream>
#include <sys/inotify.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "app/project.hpp"
#include "app/story.hpp"
#include "tests/app/save_versions.hpp"

using namespace app;

namespace {
const std::string kOut = CHRONOMAP_TEST_OUT;
using Clock = std::chrono::steady_clock;

std::string readAll(const std::string& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}
bool exists(const std::string& p) { return ::access(p.c_str(), F_OK) == 0; }
std::string baseName(const std::string& p) { return p.substr(p.find_last_of('/') + 1); }

struct KillStats {
  int kills = 0, midWrite = 0, oldOrA = 0, newOrB = 0, triggered = 0;
};

// Waits (up to timeoutMs) for a file named `name` to be created in the folder watched by `fd`.
bool waitCreated(int fd, const std::string& name, int timeoutMs) {
  alignas(inotify_event) char buf[4096];
  const auto end = Clock::now() + std::chrono::milliseconds(timeoutMs);
  while (Clock::now() < end) {
    pollfd p{fd, POLLIN, 0};
    const int left = int(std::chrono::duration_cast<std::chrono::milliseconds>(end - Clock::now()).count());
    if (::poll(&p, 1, std::max(1, left)) <= 0) continue;
    const ssize_t n = ::read(fd, buf, sizeof buf);
    for (ssize_t off = 0; off < n;) {
      const auto* ev = reinterpret_cast<const inotify_event*>(buf + off);
      if (ev->len && name == ev->name) return true;
      off += ssize_t(sizeof(inotify_event) + ev->len);
    }
  }
  return false;
}

// `save(i)` saves version i % 2 (0 = A, 1 = B); textA/textB are those versions' exact bytes; `parses`
// reads the file with the program's reader. The file starts as version A.
template <class Save, class Parses>
KillStats killSaves(const std::string& path, int kills, Save save, const std::string& textA, const std::string& textB,
                    Parses parses, bool withBak) {
  KillStats st;
  // One save cycle, measured here (the child runs the same code on the same machine).
  const auto t0 = Clock::now();
  for (int i = 0; i < 4; ++i) save(i);
  save(0);  // A on disk (and in .bak)
  const double cycleUs = std::chrono::duration<double, std::micro>(Clock::now() - t0).count() / 5;
  std::mt19937 rng(20261203);
  const std::string dir = path.substr(0, path.find_last_of('/'));
  for (int k = 0; k < kills; ++k) {
    const bool onTemp = k % 2 == 1;  // every other kill: right after the temporary file appears
    const int ino = onTemp ? ::inotify_init1(IN_CLOEXEC) : -1;
    if (onTemp) REQUIRE(::inotify_add_watch(ino, dir.c_str(), IN_CREATE) >= 0);
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      ::close(fds[0]);
      const char go = 'g';
      if (::write(fds[1], &go, 1) != 1) ::_exit(1);
      for (int i = 1;; ++i) save(i);  // B, A, B, ... until killed
    }
    ::close(fds[1]);
    char go = 0;
    REQUIRE(::read(fds[0], &go, 1) == 1);
    ::close(fds[0]);
    if (onTemp) {
      if (waitCreated(ino, baseName(path) + ".tmp-" + std::to_string(pid), 20000)) ++st.triggered;
      std::this_thread::sleep_for(std::chrono::microseconds(rng() % std::max(1, int(cycleUs / 3))));
      ::close(ino);
    } else {
      std::this_thread::sleep_for(std::chrono::microseconds(rng() % std::max(1, int(2 * cycleUs))));
    }
    ::kill(pid, SIGKILL);
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    REQUIRE(WIFSIGNALED(status));
    REQUIRE(WTERMSIG(status) == SIGKILL);
    ++st.kills;
    // A temporary file left behind: the kill hit the middle of a write (or of its fsync).
    const std::string tmp = path + ".tmp-" + std::to_string(pid), tmpBak = path + ".bak.tmp-" + std::to_string(pid);
    if (exists(tmp) || exists(tmpBak)) ++st.midWrite;
    std::remove(tmp.c_str());
    std::remove(tmpBak.c_str());
    const std::string now = readAll(path);
    INFO("kill " << k << " (pid " << pid << "), " << now.size() << " bytes on disk");
    REQUIRE((now == textA || now == textB));
    (now == textA ? st.oldOrA : st.newOrB)++;
    REQUIRE(parses(path));
    if (withBak) {
      const std::string bak = readAll(path + ".bak");
      REQUIRE((bak == textA || bak == textB));
    }
  }
  return st;
}

void report(const char* what, const KillStats& st) {
  std::printf("%s: %d kills, %d in the middle of a write (%d timed on the temporary file), file then A %d, B %d\n",
              what, st.kills, st.midWrite, st.triggered, st.oldOrA, st.newOrB);
}
}  // namespace

TEST_CASE("Killing the program in the middle of a save leaves the previous project intact", "[project][kill]") {
  const std::string path = kOut + "/killed-" + std::to_string(::getpid()) + ".chronomap";
  const Project a = saveVersionProject("A", 800), b = saveVersionProject("B", 800);
  const std::string ta = projectToJson(a), tb = projectToJson(b);
  REQUIRE(ta != tb);
  const KillStats st = killSaves(
      path, 500, [&](int i) { saveProject(path, i % 2 ? b : a, nullptr); }, ta, tb,
      [](const std::string& p) {
        Project back;
        return loadProject(p, back, nullptr) && (back.selected == "A" || back.selected == "B");
      },
      /*withBak=*/true);
  report("project", st);
  CHECK(st.kills == 500);
  // Half the kills are timed on the temporary file: most of them must land inside a write.
  CHECK(st.triggered >= 200);
  CHECK(st.midWrite >= 100);
  CHECK(st.oldOrA > 0);
  CHECK(st.newOrB > 0);
  // A temporary file a killed save left behind goes at the next save; a running process's stays.
  const pid_t dead = ::fork();
  if (dead == 0) ::_exit(0);
  ::waitpid(dead, nullptr, 0);
  const std::string stale = path + ".tmp-" + std::to_string(dead), live = path + ".tmp-1";
  { std::ofstream(stale) << "{half a proj"; }
  { std::ofstream(live) << "{half a proj"; }
  REQUIRE(saveProject(path, a, nullptr));
  CHECK_FALSE(exists(stale));
  CHECK(exists(live));  // pid 1 runs
  std::remove(live.c_str());
  std::remove(path.c_str());
  std::remove((path + ".bak").c_str());
}

TEST_CASE("Killing the program in the middle of a story save leaves the old or the new story", "[story][kill]") {
  const std::string path = kOut + "/killed-" + std::to_string(::getpid()) + ".story.json";
  const Story a = saveVersionStory("A", 200), b = saveVersionStory("B", 200);
  const std::string ta = storyToJson(a), tb = storyToJson(b);
  const KillStats st = killSaves(
      path, 500, [&](int i) { saveStory(path, i % 2 ? b : a, nullptr); }, ta, tb,
      [](const std::string& p) {
        Story back;
        std::string err;
        return loadStory(p, back, &err, nullptr) && back.steps.size() == 200;
      },
      /*withBak=*/false);
  report("story", st);
  CHECK(st.kills == 500);
  CHECK(st.triggered >= 200);
  CHECK(st.midWrite >= 100);
  CHECK(st.oldOrA > 0);
  CHECK(st.newOrB > 0);
  std::remove(path.c_str());
}
