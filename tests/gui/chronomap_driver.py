"""Drives the real chronomap program in an X server with real input (xdotool) and reads back the
state it writes (--state-out, refreshed on SIGUSR1). Shared by the GUI tests."""
import json
import os
import shutil
import signal
import subprocess
import sys
import time


class Chronomap:
    def __init__(self, exe, out_dir, name, args=()):
        os.makedirs(out_dir, exist_ok=True)
        self.out_dir = out_dir
        self.name = name
        self.state_path = os.path.join(out_dir, name + "-state.json")
        self.log_path = os.path.join(out_dir, name + "-stderr.txt")
        if os.path.exists(self.state_path):
            os.remove(self.state_path)
        self.log = open(self.log_path, "w")
        # Autosave's recovery files (app/recovery.hpp) go to a folder of this run, emptied first, unless
        # the test names one (CHRONOMAP_STATE_DIR): a test's kill never leaves a "Recovered story
        # edits" dialog for the next test, nor touches the user's own state folder.
        env = dict(os.environ)
        if "CHRONOMAP_STATE_DIR" not in env:
            env["CHRONOMAP_STATE_DIR"] = os.path.join(out_dir, name + "-statedir")
            shutil.rmtree(env["CHRONOMAP_STATE_DIR"], ignore_errors=True)
        self.state_dir = env["CHRONOMAP_STATE_DIR"]
        self.proc = subprocess.Popen([exe, "--state-out", self.state_path, "--verbose", *args],
                                     stdout=subprocess.DEVNULL, stderr=self.log, env=env)
        self.window = None

    # --- state ---
    def state(self, timeout=10.0):
        """Asks for a fresh state (SIGUSR1) and returns it once written."""
        before = os.path.getmtime(self.state_path) if os.path.exists(self.state_path) else 0
        deadline = time.time() + timeout
        self.proc.send_signal(signal.SIGUSR1)
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError("chronomap exited with %s; stderr: %s" % (self.proc.returncode, self.stderr()))
            if os.path.exists(self.state_path) and os.path.getmtime(self.state_path) != before:
                time.sleep(0.05)
                with open(self.state_path) as f:
                    return json.load(f)
            time.sleep(0.05)
            if time.time() > deadline - timeout / 2:
                self.proc.send_signal(signal.SIGUSR1)
        raise AssertionError("no state written within %.0f s" % timeout)

    def wait_ready(self, timeout=30.0):
        deadline = time.time() + timeout
        while time.time() < deadline:
            # By process id: another test's Chronomap may share this X server.
            out = subprocess.run(["xdotool", "search", "--pid", str(self.proc.pid), "--name", "^Chronomap$"],
                                 capture_output=True, text=True)
            ids = out.stdout.split()
            if ids:
                self.window = ids[0]
                break
            if self.proc.poll() is not None:
                raise AssertionError("chronomap exited early with status %s: %s" % (self.proc.returncode, self.stderr()))
            time.sleep(0.1)
        assert self.window, "no Chronomap window appeared"
        return self.state(timeout=timeout)

    def stderr(self):
        self.log.flush()
        with open(self.log_path) as f:
            return f.read()

    # --- real X input, in window pixels ---
    def move(self, x, y):
        subprocess.run(["xdotool", "mousemove", "--window", self.window, str(int(round(x))), str(int(round(y)))], check=True)
        time.sleep(0.25)

    def click(self, x, y):
        self.move(x, y)
        subprocess.run(["xdotool", "click", "1"], check=True)
        time.sleep(0.25)

    def drag(self, x0, y0, x1, y1, steps=12):
        self.move(x0, y0)
        subprocess.run(["xdotool", "mousedown", "1"], check=True)
        time.sleep(0.1)
        for i in range(1, steps + 1):
            subprocess.run(["xdotool", "mousemove", "--window", self.window,
                            str(int(round(x0 + (x1 - x0) * i / steps))), str(int(round(y0 + (y1 - y0) * i / steps)))],
                           check=True)
            time.sleep(0.03)
        subprocess.run(["xdotool", "mouseup", "1"], check=True)
        time.sleep(0.25)

    def wheel(self, x, y, clicks):
        self.move(x, y)
        button = "4" if clicks > 0 else "5"
        for _ in range(abs(clicks)):
            subprocess.run(["xdotool", "click", button], check=True)
            time.sleep(0.05)
        time.sleep(0.25)

    def key(self, keys):
        # XTEST input (no --window: GLFW ignores synthetic XSendEvent keys); focus the window first.
        subprocess.run(["xdotool", "windowfocus", "--sync", self.window], check=False, capture_output=True)
        subprocess.run(["xdotool", "key", keys], check=True)
        time.sleep(0.2)

    def screenshot(self, label):
        path = os.path.join(self.out_dir, "%s-%s.png" % (self.name, label))
        subprocess.run(["import", "-window", "root", path], check=True, capture_output=True)
        return path

    def pixels(self, label):
        """A screenshot (kept as PNG) read back as RGB, addressed in window pixels: px(x, y) -> (r, g, b)."""
        png = self.screenshot(label)
        raw = png[:-4] + ".rgb"
        subprocess.run(["convert", png, "-depth", "8", "rgb:" + raw], check=True, capture_output=True)
        size = subprocess.run(["identify", "-format", "%w %h", png], check=True, capture_output=True, text=True).stdout.split()
        geo = subprocess.run(["xdotool", "getwindowgeometry", "--shell", self.window], check=True, capture_output=True,
                             text=True).stdout
        vals = dict(line.split("=", 1) for line in geo.split() if "=" in line)
        with open(raw, "rb") as f:
            data = f.read()
        os.remove(raw)
        return Screen(data, int(size[0]), int(size[1]), int(vals.get("X", 0)), int(vals.get("Y", 0)))

    def cpu_seconds(self):
        with open("/proc/%d/stat" % self.proc.pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        return (int(fields[11]) + int(fields[12])) / ticks  # utime + stime

    def wait_exit(self, timeout=15.0):
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise AssertionError("chronomap did not exit within %.0f s" % timeout)

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


class Screen:
    """RGB pixels of the X screen; x, y in window pixels."""

    def __init__(self, data, width, height, ox, oy):
        self.data, self.width, self.height, self.ox, self.oy = data, width, height, ox, oy

    def px(self, x, y):
        i = ((int(y) + self.oy) * self.width + int(x) + self.ox) * 3
        return tuple(self.data[i:i + 3])

    def differing(self, other, rect):
        """Pixels of rect (x, y, w, h, window px) that differ between two screens."""
        n = 0
        x0, y0, w, h = (int(round(v)) for v in rect)
        for y in range(y0, y0 + h):
            a = ((y + self.oy) * self.width + x0 + self.ox) * 3
            b = ((y + other.oy) * other.width + x0 + other.ox) * 3
            if self.data[a:a + 3 * w] != other.data[b:b + 3 * w]:
                n += sum(1 for k in range(w) if self.data[a + 3 * k:a + 3 * k + 3] != other.data[b + 3 * k:b + 3 * k + 3])
        return n


class Checks:
    """A GUI test's checks: each prints ok/FAIL as it goes; finish() exits non-zero on any failure."""

    def __init__(self):
        self.failures = []

    def check(self, cond, what):
        print(("ok   " if cond else "FAIL ") + what, flush=True)
        if not cond:
            self.failures.append(what)
        return cond

    def finish(self):
        if self.failures:
            print("%d checks failed" % len(self.failures))
            sys.exit(1)
        print("all checks passed")
