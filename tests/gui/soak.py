#!/usr/bin/env python3
"""Soak test: the real program under scripted random input for a given time, in an X server (run it
under xvfb-run, as ctest does), with its resident memory sampled.

  xvfb-run -a -s "-screen 0 1600x900x24" python3 tests/gui/soak.py --exe build/chronomap \\
      --out build/tests/gui --minutes 60

Input, drawn at random (seeded, --seed): wheel zooms over the map and the timeline, drags on both,
clicks (selecting, clearing), keys (Right/Left step, Space play/pause, Home, +/-, Ctrl+=/-/0, F5 and
Esc for presenter mode, Ctrl+E then Esc), the menus (opened, then Esc), the side panel's tabs, and
files: File > Open (Ctrl+O) with a path typed, loading a generated CSV of events or a GeoJSON, and
File > Open of a project (which closes every loaded file and loads the project's sources). A
"Save changes?" or other dialog that comes up is answered (Discard, Cancel, Esc).

Checks, each a failure:
- crash: the program exits (any status) before the end;
- hang: it does not answer SIGUSR1 (--state-out) within --hang-s seconds (default 20);
- unbounded growth: resident memory after the last project reopen (every file closed, the same data
  as at the start) exceeds what it was after the first one by more than --growth-mb (default 80) plus
  25 %.
RSS (VmRSS) is sampled every --sample-s seconds (default 60) and at the end; the figures go to
OUT/soak-report.json and the last lines printed: peak and final RSS, baseline, actions done."""
import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
from chronomap_driver import Chronomap  # noqa: E402

EVENTS = os.path.join(ROOT, "assets", "events", "karabakh-csto.geojson")


def rss_kb(pid):
    vals = {}
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            k, _, v = line.partition(":")
            if k in ("VmRSS", "VmHWM"):
                vals[k] = int(v.split()[0])
    return vals.get("VmRSS", 0), vals.get("VmHWM", 0)


def make_inputs(tmp, rng):
    """A CSV of 3,000 events around the Caucasus and a project over the bundled events."""
    csv = os.path.join(tmp, "soak-events.csv")
    with open(csv, "w") as f:
        f.write("id,date,title,category,lat,lon\n")
        for i in range(3000):
            f.write("soak-%d,%04d-%02d-%02d,Soak event %d,war,%.4f,%.4f\n" % (
                i, rng.randint(1990, 2023), rng.randint(1, 12), rng.randint(1, 28), i,
                rng.uniform(38.5, 41.5), rng.uniform(43.5, 48.5)))
    proj = os.path.join(tmp, "soak.chronomap")
    with open(proj, "w") as f:
        json.dump({"format": "chronomap-project", "version": 1, "sources": [{"path": EVENTS}]}, f)
    return csv, proj


class Soak:
    def __init__(self, a):
        self.a = a
        self.rng = random.Random(a.seed)
        self.tmp = tempfile.mkdtemp(prefix="chronomap-soak-")
        os.environ["CHRONOMAP_CONFIG_DIR"] = os.path.join(self.tmp, "config")
        os.environ["CHRONOMAP_STATE_DIR"] = os.path.join(self.tmp, "state")
        self.csv, self.proj = make_inputs(self.tmp, self.rng)
        self.app = Chronomap(a.exe, a.out, "soak", [self.proj])
        self.counts = {}
        self.seconds = {}  # time spent on each kind of action, and on reading the state after them
        self.samples = []  # [seconds since start, rss MB, hwm MB, events loaded]
        self.t0 = time.time()
        self.st = None

    # --- state, with the hang check ---
    def state(self):
        if self.app.proc.poll() is not None:
            raise Failure("crash: the program exited with status %s; stderr tail: %s" % (
                self.app.proc.returncode, self.app.stderr()[-600:]))
        try:
            self.st = self.app.state(timeout=self.a.hang_s)
        except AssertionError as e:
            if self.app.proc.poll() is not None:
                raise Failure("crash: the program exited with status %s" % self.app.proc.returncode)
            raise Failure("hang: no answer to SIGUSR1 within %.0f s (%s)" % (self.a.hang_s, e))
        return self.st

    def sample(self, label=""):
        r, h = rss_kb(self.app.proc.pid)
        st = self.st or {}
        self.samples.append([round(time.time() - self.t0, 1), round(r / 1024, 1), round(h / 1024, 1),
                             st.get("counts", {}).get("loaded")])
        print("     %6.0f s  RSS %7.1f MB  peak %7.1f MB  events %s  %s" % (
            self.samples[-1][0], r / 1024, h / 1024, self.samples[-1][3], label), flush=True)
        return r / 1024

    # --- geometry ---
    def panel(self, name):
        p = self.st["panels"][name]
        return p

    def point_in(self, name, margin=10):
        x, y, w, h = self.panel(name)
        return (x + margin + self.rng.random() * max(1, w - 2 * margin), y + margin + self.rng.random() * max(1, h - 2 * margin))

    # --- dialogs that came up are answered ---
    def answer_dialogs(self):
        st = self.st
        for _ in range(4):
            if st["prompt"] is None and "open.path" not in st["widgets"]:
                return
            w = st["widgets"]
            for name in ("prompt.discard", "recover.later", "saveas.cancel", "export.close"):
                if name in w:
                    x, y, ww, hh = w[name]
                    self.app.click(x + ww / 2, y + hh / 2)
                    break
            else:
                self.app.key("Escape")
            st = self.state()

    # --- actions ---
    def act(self):
        kinds = [("wheel_map", 14), ("wheel_timeline", 8), ("drag_map", 10), ("drag_timeline", 5), ("click_map", 8),
                 ("keys", 14), ("scale", 2), ("present", 2), ("export_dialog", 1), ("menu", 5), ("tab", 4),
                 ("open_data", 3), ("open_project", 2)]
        total = sum(w for _, w in kinds)
        r = self.rng.random() * total
        for kind, w in kinds:
            r -= w
            if r < 0:
                break
        self.counts[kind] = self.counts.get(kind, 0) + 1
        t_act = time.time()
        app, rng = self.app, self.rng
        if kind == "wheel_map":
            app.wheel(*self.point_in("map"), rng.choice([-3, -2, -1, 1, 2, 3]))
        elif kind == "wheel_timeline":
            app.wheel(*self.point_in("timeline", 30), rng.choice([-2, -1, 1, 2]))
        elif kind == "drag_map":
            x0, y0 = self.point_in("map")
            x1, y1 = self.point_in("map")
            app.drag(x0, y0, x1, y1, steps=6)
        elif kind == "drag_timeline":
            x0, y0 = self.point_in("timeline", 40)
            tx, _, tw, _ = self.panel("timeline")
            x1 = min(max(x0 + rng.uniform(-300, 300), tx + 5), tx + tw - 5)  # xdotool takes no negative x
            app.drag(x0, y0, x1, y0, steps=6)
        elif kind == "click_map":
            app.click(*self.point_in("map"))
        elif kind == "keys":
            app.move(*self.point_in(rng.choice(["map", "timeline"])))
            for _ in range(rng.randint(1, 4)):
                app.key(rng.choice(["Right", "Left", "space", "Home", "plus", "minus", "period", "comma", "Escape"]))
        elif kind == "scale":
            app.key(rng.choice(["ctrl+equal", "ctrl+minus", "ctrl+0"]))
        elif kind == "present":
            app.key("F5")
            time.sleep(0.5)
            for _ in range(rng.randint(0, 3)):
                app.key(rng.choice(["Next", "Prior", "b"]))
            app.key("Escape")
        elif kind == "export_dialog":
            app.key("ctrl+e")
            time.sleep(0.3)
            app.key("Escape")
        elif kind == "menu":
            menus = [k for k in self.st["widgets"] if k in ("menu.file", "menu.story")]
            if menus:
                x, y, w, h = self.st["widgets"][rng.choice(menus)]
                app.click(x + w / 2, y + h / 2)
                time.sleep(0.3)
            app.key("Escape")
        elif kind == "tab":
            tabs = [k for k in self.st["widgets"] if k.startswith("tab.")]
            if tabs:
                x, y, w, h = self.st["widgets"][rng.choice(tabs)]
                app.click(x + w / 2, y + h / 2)
        elif kind in ("open_data", "open_project"):
            path = self.proj if kind == "open_project" else rng.choice([self.csv, EVENTS])
            self.open_file(path)
        t_state = time.time()
        self.state()
        self.answer_dialogs()
        self.seconds[kind] = round(self.seconds.get(kind, 0) + time.time() - t_act, 1)
        self.seconds["state"] = round(self.seconds.get("state", 0) + time.time() - t_state, 1)
        if os.environ.get("SOAK_DEBUG") and time.time() - t_state > 1:
            print("     slow state after %s: %.1f s (animating %s, playing %s)" % (kind, time.time() - t_state,
                  self.st.get("animating"), self.st.get("playing")), flush=True)

    def open_file(self, path):
        app = self.app
        app.key("ctrl+o")
        st = self.state()
        w = st["widgets"].get("open.path")
        if not w:
            return False
        app.click(w[0] + w[2] / 2, w[1] + w[3] / 2)
        # Held, as a hand presses it: ImGui 1.86 reads key state once a frame (a quick press is missed
        # and the path would be typed after the last one).
        subprocess.run(["xdotool", "keydown", "ctrl+a"], check=True)
        time.sleep(0.15)
        subprocess.run(["xdotool", "keyup", "ctrl+a"], check=True)
        time.sleep(0.2)
        subprocess.run(["xdotool", "type", "--delay", "5", path], check=True)
        time.sleep(0.2)
        subprocess.run(["xdotool", "keydown", "Return"], check=True)
        time.sleep(0.12)
        subprocess.run(["xdotool", "keyup", "Return"], check=True)
        # Loads run on a worker (a project reloads everything): wait until they are done.
        time.sleep(0.5)
        self.state()
        self.answer_dialogs()  # "Save changes?" before a project replaces what is loaded
        time.sleep(0.5)
        deadline = time.time() + 60
        st = self.state()
        while time.time() < deadline and not st["load"]["done"]:
            time.sleep(0.5)
            st = self.state()
        if "open.path" in self.st["widgets"]:
            app.key("Escape")
            self.state()
        return True

    def reset(self, label):
        """Every file closed: the project reopened (the state at the start: the bundled 138 events)."""
        for _ in range(3):
            self.open_file(self.proj)
            time.sleep(1.0)
            if self.state()["counts"]["loaded"] == self.start_events:
                return self.sample(label)
        raise Failure("File > Open of the project did not reopen it (%s events loaded, want %s)" % (
            self.st["counts"]["loaded"], self.start_events))

    def run(self):
        a = self.a
        self.app.wait_ready(timeout=60)
        self.start_events = self.state()["counts"]["loaded"]
        base = self.reset("baseline (project opened)")
        next_sample = time.time() + a.sample_s
        end = self.t0 + a.minutes * 60
        actions = 0
        while time.time() < end:
            self.act()
            actions += 1
            if time.time() >= next_sample:
                self.sample("%d actions" % actions)
                next_sample += a.sample_s
        final = self.reset("final (project reopened)")
        peak = max(max(s[1], s[2]) for s in self.samples)
        limit = base * 1.25 + a.growth_mb
        report = {"minutes": a.minutes, "seed": a.seed, "actions": actions, "counts": self.counts, "seconds": self.seconds,
                  "samples": [{"t_s": s[0], "rss_mb": s[1], "hwm_mb": s[2], "events": s[3]} for s in self.samples],
                  "baseline_rss_mb": round(base, 1), "final_rss_mb": round(final, 1), "peak_rss_mb": peak,
                  "limit_mb": round(limit, 1)}
        with open(os.path.join(a.out, "soak-report.json"), "w") as f:
            json.dump(report, f, indent=2)
        print("     actions %d: %s" % (actions, json.dumps(self.counts, sort_keys=True)))
        print("     seconds: %s" % json.dumps(self.seconds, sort_keys=True))
        print("     RSS baseline %.1f MB, final %.1f MB, peak %.1f MB (limit for final: %.1f MB)" % (base, final, peak, limit))
        if final > limit:
            raise Failure("unbounded growth: final RSS %.1f MB > %.1f MB (baseline %.1f MB)" % (final, limit, base))
        self.app.key("ctrl+q")
        try:
            rc = self.app.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:  # "Save changes?" (a story edited by a stray click): Discard
            try:
                self.state()
                self.answer_dialogs()
            except Failure:
                pass  # it quit meanwhile
            rc = self.app.wait_exit(timeout=20)
        if rc != 0:
            raise Failure("Ctrl+Q at the end: exit status %s" % rc)

    def close(self):
        self.app.close()
        shutil.rmtree(self.tmp, ignore_errors=True)


class Failure(Exception):
    pass


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--exe", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--minutes", type=float, default=5)
    ap.add_argument("--sample-s", type=float, default=60)
    ap.add_argument("--hang-s", type=float, default=20)
    ap.add_argument("--growth-mb", type=float, default=80)
    ap.add_argument("--seed", type=int, default=12)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    s = Soak(a)
    try:
        s.run()
    except Failure as e:
        print("FAIL %s" % e, flush=True)
        if s.samples:
            print("     samples: %s" % s.samples)
        s.close()
        sys.exit(1)
    except Exception:
        s.close()
        raise
    s.close()
    print("soak passed: %.1f minutes" % a.minutes)


if __name__ == "__main__":
    main()
