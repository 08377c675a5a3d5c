#!/usr/bin/env python3
"""Runs the real chronomap on every input of the hostile corpus (issue 12; make_corpus.py, MANIFEST.csv).

Each input is loaded as the program loads it from the command line, drawn without a display
(--render, EGL surfaceless) and its state written (--state-out), under a watchdog (--timeout
seconds) and an address-space limit (--mem-mb, RLIMIT_AS). Checked per input: no signal (crash),
no hang, the exit status the manifest gives (README's), the events loaded (state counts), the
message fragments, and that the file is named in the messages.

--network additionally runs every input and the bundled data under strace (socket/connect calls)
and fails if any opens an AF_INET/AF_INET6 socket, except inputs whose mode is "url" (a remote
source named on the command line, which the user asked for). Without strace it falls back to
unshare -rn (no network reachable at all) plus polling /proc/PID/fd for sockets, and says so; with
neither it fails clearly.
"""
import argparse
import concurrent.futures
import csv
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REMOTE_URL = "http://example.invalid/events.geojson"


# --sanitized (the build-asan program, CMake passes it): AddressSanitizer reserves terabytes of address
# space for its shadow memory, so RLIMIT_AS would stop it before main. The same bound is kept through its
# allocator instead: an allocation above the limit fails as malloc fails at RLIMIT_AS (returns NULL, new
# throws), and a run whose RSS passes twice the limit (room for ASan's shadow, redzones and quarantine)
# is ended. Any sanitizer report fails the input.
SANITIZED = False
SANITIZER_REPORTS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:", "rss limit exhausted")


def limits(mem_mb):
    def apply():
        if not SANITIZED:
            resource.setrlimit(resource.RLIMIT_AS, (mem_mb << 20, mem_mb << 20))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        os.setsid()
    return apply


def run_env(mem_mb, net):
    env = dict(os.environ)
    env.pop("DISPLAY", None)  # the EGL path, as on a machine without a display
    if SANITIZED:
        opts = [o for o in env.get("ASAN_OPTIONS", "").split(":") if o]
        opts += ["allocator_may_return_null=1", "max_allocation_size_mb=%d" % mem_mb, "hard_rss_limit_mb=%d" % (2 * mem_mb)]
        if net == "strace":
            # LeakSanitizer cannot run under ptrace (its exit check dies with a fatal error); the same
            # inputs are leak-checked by hostile.corpus, which runs them without strace.
            opts.append("detect_leaks=0")
        env["ASAN_OPTIONS"] = ":".join(opts)
    return env


def sanitizer_report(err):
    for line in err.splitlines():
        if any(m in line for m in SANITIZER_REPORTS):
            return "sanitizer: " + line.strip()[:200]
    return None


def strace_cmd():
    st = shutil.which("strace")
    if not st:
        return None
    ok = subprocess.run([st, "--seccomp-bpf", "-f", "-o", "/dev/null", "true"], capture_output=True).returncode == 0
    return [st] + (["--seccomp-bpf"] if ok else []) + ["-f", "-qq", "-e", "trace=socket,connect"]


def unshare_ok():
    u = shutil.which("unshare")
    return bool(u) and subprocess.run([u, "-rn", "true"], capture_output=True).returncode == 0


class Result:
    def __init__(self, row):
        self.row = row
        self.fail = []
        self.rc = None
        self.loaded = None
        self.problems = None
        self.err = ""
        self.ms = 0
        self.sockets = []


def build_cmd(exe, row, corpus, out, name):
    f = row["file"]
    path = os.path.join(out, f) if f.startswith("gen/") else os.path.join(corpus, f)
    mode = row["mode"]
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", f)
    png = os.path.join(out, "png", safe + ".png")
    state = os.path.join(out, "state", safe + ".json")
    cmd = [exe]
    if mode in ("events", "remove", "truncate"):
        cmd.append(path)
    elif mode == "url":
        cmd.append(REMOTE_URL)
    elif mode == "map":
        cmd += ["--map", path]
    elif mode == "raster":
        cmd += ["--raster", path]
    elif mode == "story":
        cmd += ["--story", path]
    elif mode == "project":
        cmd += ["--project", path]
    if mode not in ("story", "project"):
        cmd.append("--no-basemap")
    cmd += ["--render", png, "--size", "320x200", "--state-out", state]
    if row.get("args"):
        cmd += row["args"].split()
    return cmd, path, state


NOBODY = 65534


def as_nobody_prefix(out):
    """As root every file is readable: a permission test then runs the program as nobody (setpriv),
    its picture and state in a folder nobody may write. None where that cannot be done here."""
    if os.geteuid() != 0 or not shutil.which("setpriv"):
        return None
    for sub in ("png", "state"):
        d = os.path.join(out, "nobody", sub)
        os.makedirs(d, exist_ok=True)
        os.chmod(d, 0o777)
    os.chmod(os.path.join(out, "nobody"), 0o755)
    return ["setpriv", "--reuid=%d" % NOBODY, "--regid=%d" % NOBODY, "--clear-groups", "--"]


def run_one(exe, row, corpus, out, timeout, mem_mb, net, prefix=None):
    r = Result(row)
    cmd, path, state = build_cmd(exe, row, corpus, out, row["file"])
    if prefix:
        # The picture and the state where nobody may write them.
        for i, arg in enumerate(cmd):
            if arg.startswith(os.path.join(out, "png") + os.sep) or arg.startswith(os.path.join(out, "state") + os.sep):
                cmd[i] = os.path.join(out, "nobody", os.path.relpath(arg, out))
        state = os.path.join(out, "nobody", os.path.relpath(state, out))
        cmd = prefix + cmd
    if os.path.exists(state):
        os.remove(state)
    trace = None
    if net == "strace":
        trace = os.path.join(out, "strace", re.sub(r"[^A-Za-z0-9_.-]", "_", row["file"]) + ".txt")
        cmd = strace_cmd() + ["-o", trace] + cmd
    elif net == "unshare":
        cmd = ["unshare", "-rn"] + cmd
    env = run_env(mem_mb, net)
    env.pop("CHRONOMAP_ALLOW_NETWORK", None)
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=limits(mem_mb), env=env)
    if row["mode"] in ("remove", "truncate"):
        time.sleep(0.15)
        try:
            if row["mode"] == "remove":
                os.remove(path)
            else:
                os.truncate(path, 0)
        except OSError as e:
            r.fail.append("could not %s the file while loading: %s" % (row["mode"], e))
    fd_sockets = set()
    try:
        if net == "unshare":
            deadline = t0 + timeout
            while p.poll() is None and time.monotonic() < deadline:
                for pid in [p.pid] + children(p.pid):
                    try:
                        for fd in os.listdir("/proc/%d/fd" % pid):
                            try:
                                if os.readlink("/proc/%d/fd/%s" % (pid, fd)).startswith("socket:"):
                                    fd_sockets.add(pid)
                            except OSError:
                                pass
                    except OSError:
                        pass
                time.sleep(0.01)
        so, se = p.communicate(timeout=max(1, timeout - (time.monotonic() - t0)))
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        so, se = p.communicate()
        r.fail.append("hang: killed after %d s" % timeout)
    r.ms = (time.monotonic() - t0) * 1000
    r.rc = p.returncode
    r.err = se.decode("utf-8", "replace")
    if r.rc is not None and r.rc < 0:
        r.fail.append("crash: signal %d (%s)" % (-r.rc, signal.Signals(-r.rc).name))
    elif r.rc == 127 + 9 or r.rc == 128 + 9:
        r.fail.append("killed (memory limit %d MB?)" % mem_mb)
    if "std::bad_alloc" in r.err or "terminate called" in r.err:
        r.fail.append("aborted: " + r.err.strip().splitlines()[-1][:200])
    if SANITIZED and sanitizer_report(r.err):
        r.fail.append(sanitizer_report(r.err))
    allowed = [int(x) for x in row["exit"].split("|")]
    if not r.fail and r.rc not in allowed:
        r.fail.append("exit %s, expected %s" % (r.rc, row["exit"]))
    if os.path.exists(state):
        try:
            with open(state) as f:
                st = json.load(f)
            r.loaded = st["counts"]["loaded"]
            r.problems = st["problems"]
            r.on_timeline = st["counts"]["on_timeline"]
        except (ValueError, KeyError) as e:
            r.fail.append("state unreadable: %s" % e)
    exp = row["loaded"]
    if exp != "-" and not r.fail:
        if r.loaded is None:
            r.fail.append("no state written, expected loaded %s" % exp)
        else:
            n = int(exp.lstrip(">="))
            if exp.startswith(">=") and r.loaded < n or exp.startswith("=") and r.loaded != n:
                r.fail.append("loaded %d, expected %s" % (r.loaded, exp))
    if row.get("on_timeline") and not r.fail:
        want = int(row["on_timeline"].lstrip("="))
        got = getattr(r, "on_timeline", None)
        if got != want:
            r.fail.append("on the timeline %s, expected %d (the timeline must draw them)" % (got, want))
    if row.get("max_ms") and r.ms > float(row["max_ms"]):
        r.fail.append("took %.0f ms, more than %s ms" % (r.ms, row["max_ms"]))
    low = r.err.lower()
    frags = [x for x in row["fragments"].split("|") if x]
    for fr in frags:
        if fr.startswith("!"):
            if fr[1:].lower() in low:
                r.fail.append("message holds %r" % fr[1:])
        elif fr.lower() not in low:
            r.fail.append("message lacks %r" % fr)
    # A message names the file (or, for a story or project, the file it is about).
    has_message = bool(r.err.strip()) and (r.rc != 0 or (r.problems or 0) > 0)
    if has_message and row["mode"] != "url":
        names = [os.path.basename(row["file"])] + [x for x in frags if not x.startswith("!") and "." in x]
        if not any(n.lower() in low for n in names):
            r.fail.append("no message names the file")
    if trace and os.path.exists(trace):
        with open(trace, errors="replace") as f:
            for line in f:
                if re.search(r"socket\(AF_INET6?\b", line) or re.search(r"connect\(.*AF_INET6?\b", line):
                    r.sockets.append(line.strip()[:160])
    if fd_sockets:
        r.sockets.append("socket file descriptors in /proc for pids %s" % sorted(fd_sockets))
    if r.sockets and row["mode"] != "url":
        r.fail.append("network: %s" % r.sockets[0])
    return r


def children(pid):
    try:
        with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
            return [int(x) for x in f.read().split()]
    except OSError:
        return []


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--exe", required=True)
    ap.add_argument("--corpus", default=os.path.join(HERE, "..", "data", "hostile"))
    ap.add_argument("--out", required=True, help="build folder for generated inputs, pictures and states")
    ap.add_argument("--timeout", type=int, default=90, help="watchdog per input, seconds")
    ap.add_argument("--mem-mb", type=int, default=3072, help="address-space limit per run (RLIMIT_AS), MB")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--only", help="regular expression on the manifest's file names")
    ap.add_argument("--network", action="store_true", help="also prove that no input opens a network socket")
    ap.add_argument("--sanitized", action="store_true",
                    help="the program is built with AddressSanitizer (build-asan): memory bounded by its allocator, not RLIMIT_AS")
    ap.add_argument("--record", action="store_true", help="print what happened to each input (to write expectations)")
    a = ap.parse_args()
    global SANITIZED
    SANITIZED = a.sanitized
    corpus = os.path.abspath(a.corpus)
    out = os.path.abspath(a.out)
    for d in ("png", "state", "strace"):
        os.makedirs(os.path.join(out, d), exist_ok=True)
    with open(os.path.join(corpus, "MANIFEST.csv"), newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    if a.only:
        rows = [r for r in rows if re.search(a.only, r["file"])]
    # Generated inputs: made afresh each run (the remove/truncate ones are consumed).
    subprocess.run([sys.executable, os.path.join(HERE, "make_corpus.py"), "--generated", out], check=True)
    net = None
    if a.network:
        if strace_cmd():
            net = "strace"
        elif unshare_ok():
            net = "unshare"
            print("run_corpus: strace missing: falling back to unshare -rn and /proc/PID/fd polling (short-lived sockets may be missed)")
        else:
            print("run_corpus: FAIL: --network needs strace, or unshare -rn (user namespaces); neither works here")
            return 1
        bundled = {"file": "(bundled data)", "mode": "bundled", "exit": "0", "loaded": ">=100", "fragments": "", "args": ""}
        rows = [bundled] + rows
    root_unreadable = os.geteuid() == 0
    results = []
    t0 = time.monotonic()

    def job(row):
        if row["mode"] == "bundled":
            rr = dict(row)
            res = run_bundled(a.exe, rr, out, a.timeout, a.mem_mb, net)
            return res
        if row["file"] == "gen/unreadable.csv" and root_unreadable:
            prefix = as_nobody_prefix(out)
            if prefix:
                return run_one(a.exe, row, corpus, out, a.timeout, a.mem_mb, net, prefix)
            row = dict(row, exit="0|3", fragments="", loaded="-")  # root reads everything: checked as far as it can be
        return run_one(a.exe, row, corpus, out, a.timeout, a.mem_mb, net)

    with concurrent.futures.ThreadPoolExecutor(max_workers=a.jobs) as ex:
        for res in ex.map(job, rows):
            results.append(res)
            tag = "FAIL" if res.fail else "ok  "
            line = "%s %-44s rc=%s loaded=%s problems=%s %5.0f ms" % (tag, res.row["file"], res.rc, res.loaded, res.problems, res.ms)
            if res.fail:
                line += "\n       " + "; ".join(res.fail)
            if a.record or res.fail:
                first = [l for l in res.err.splitlines() if l.strip()][:2]
                for l in first:
                    line += "\n       | " + l[:220]
            print(line, flush=True)
    if net == "strace":
        # The checker must see sockets where there are some: the URL named on the command line (the
        # one input the user asked the network for) has to show its attempt, or the check is blind.
        named = [r for r in results if r.row["mode"] == "url"]
        for r in named:
            if not r.sockets:
                r.fail.append("network check blind: no socket seen for the URL named on the command line")
                print("FAIL %s\n       %s" % (r.row["file"], r.fail[-1]))
    failed = [r for r in results if r.fail]
    slowest = max(results, key=lambda r: r.ms)
    print("run_corpus: %d inputs, %d failed, %.0f s in all, slowest %s %.1f s, memory limit %d MB, watchdog %d s%s"
          % (len(results), len(failed), time.monotonic() - t0, slowest.row["file"], slowest.ms / 1000, a.mem_mb, a.timeout,
             ", network checked with " + net if net else ""))
    return 1 if failed else 0


def run_bundled(exe, row, out, timeout, mem_mb, net):
    # The bundled data with the bundled basemap, as scripts/run opens it.
    row = dict(row)
    r = Result(row)
    trace = os.path.join(out, "strace", "bundled.txt")
    cmd = [exe, "--render", os.path.join(out, "png", "bundled.png"), "--size", "640x400", "--state-out", os.path.join(out, "state", "bundled.json")]
    if net == "strace":
        cmd = strace_cmd() + ["-o", trace] + cmd
    elif net == "unshare":
        cmd = ["unshare", "-rn"] + cmd
    env = run_env(mem_mb, net)
    t0 = time.monotonic()
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=timeout, preexec_fn=limits(mem_mb), env=env)
        r.rc = p.returncode
        r.err = p.stderr.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        r.fail.append("hang")
    r.ms = (time.monotonic() - t0) * 1000
    if r.rc != 0:
        r.fail.append("exit %s" % r.rc)
    if SANITIZED and sanitizer_report(r.err):
        r.fail.append(sanitizer_report(r.err))
    try:
        with open(os.path.join(out, "state", "bundled.json")) as f:
            r.loaded = json.load(f)["counts"]["loaded"]
    except (OSError, ValueError, KeyError):
        r.fail.append("no state")
    if net == "strace" and os.path.exists(trace):
        with open(trace, errors="replace") as f:
            r.sockets = [l.strip() for l in f if re.search(r"(socket|connect)\(.*AF_INET6?\b", l)]
    if r.sockets:
        r.fail.append("network: " + r.sockets[0])
    return r


if __name__ == "__main__":
    sys.exit(main())
