#!/usr/bin/env python3
"""Saves that cannot be done: a full disk and a read-only folder. The story and the project are saved
through the program's own code (chronomap_save_tool, which prints the message the Story tab or the
status bar shows). Each case checks: the save fails (exit 1), the message names the file and says
why and what to do, the file on disk is byte for byte the old version and still reads, and no
temporary file is left beside it.

The disk is a small tmpfs, mounted in a private mount namespace: `unshare -m` as root, else
`unshare -rm` (a user namespace). Where neither can mount, the test says so and exits 77, which ctest
reports as skipped (SKIP_RETURN_CODE), never as passed."""
import argparse
import glob
import os
import shutil
import subprocess
import sys
import tempfile

SKIP = 77


def in_namespace(argv):
    """Runs this script again inside a private mount namespace; returns its exit status."""
    env = dict(os.environ, CHRONOMAP_FAULTS_NS="1")
    tries = []
    if os.geteuid() == 0:
        tries.append(["unshare", "-m", "--propagation", "private"])
    tries.append(["unshare", "-rm", "--propagation", "private"])
    for pre in tries:
        r = subprocess.run(pre + [sys.executable] + argv, env=env)
        if r.returncode != 126:  # 126: this way could not mount; try the next
            return r.returncode
    print("SKIPPED: no small disk could be mounted (unshare -m / unshare -rm and mount -t tmpfs failed): "
          "the disk-full and read-only cases were NOT tested", flush=True)
    return SKIP


def mount_tmpfs(path, size):
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=%s,mode=0755" % size, "tmpfs", path],
                       capture_output=True, text=True)
    if r.returncode != 0:
        print("cannot mount a tmpfs here: %s" % r.stderr.strip(), flush=True)
        sys.exit(126)


def fill(path):
    """Fills the disk holding `path` until it is full; returns the filler's name."""
    filler = os.path.join(path, "filler")
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    try:
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError:
        pass
    os.close(fd)
    return filler


class Run:
    def __init__(self, tool):
        self.tool = tool
        self.failures = []

    def check(self, cond, what):
        print(("ok   " if cond else "FAIL ") + what, flush=True)
        if not cond:
            self.failures.append(what)

    def tool_run(self, *args):
        r = subprocess.run([self.tool, *args], capture_output=True, text=True)
        return r.returncode, (r.stdout + r.stderr).strip()

    def expect(self, kind, tag):
        return subprocess.run([self.tool, "expect", kind, tag], capture_output=True, check=True).stdout

    def failed_save(self, kind, path, tag_old, tag_new, why_words, label):
        rc, msg = self.tool_run("save", kind, path, tag_new)
        print("     message: %s" % msg)
        self.check(rc == 1, "%s: the save of the %s fails (exit %s)" % (label, kind, rc))
        self.check(os.path.basename(path) in msg and all(w in msg for w in why_words),
                   "%s: the message names the file and says %s" % (label, " / ".join(why_words)))
        self.check(msg.startswith("Not saved" if kind == "story" else "Project not saved"),
                   "%s: the message says it was not saved" % label)
        with open(path, "rb") as f:
            now = f.read()
        self.check(now == self.expect(kind, tag_old), "%s: the %s on disk is the old version, byte for byte" % (label, kind))
        rc, tag = self.tool_run("check", kind, path)
        self.check(rc == 0 and tag == tag_old, "%s: it still reads (%s)" % (label, tag))
        left = glob.glob(path + "*.tmp-*")
        self.check(not left, "%s: no temporary file left (%s)" % (label, left))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tool", required=True)
    a = ap.parse_args()
    if not os.environ.get("CHRONOMAP_FAULTS_NS"):
        return in_namespace(sys.argv)
    t = Run(a.tool)
    base = tempfile.mkdtemp(prefix="chronomap-faults-")
    # --- a full disk: 2 MiB; the story (about 400 KB) saved once, then the disk filled ---
    full = os.path.join(base, "full")
    os.makedirs(full)
    mount_tmpfs(full, "2m")
    story = os.path.join(full, "story.json")
    rc, msg = t.tool_run("save", "story", story, "A")
    t.check(rc == 0, "disk full: the first save fits (%s)" % msg)
    filler = fill(full)
    t.failed_save("story", story, "A", "B", ["No space left", "disk is full", "unchanged"], "disk full")
    # Room for a little, not for the whole file: the write stops half-way.
    with open(filler, "r+b") as f:
        f.truncate(max(0, os.path.getsize(filler) - 64 * 1024))
    t.failed_save("story", story, "A", "B", ["No space left", "disk is full"], "disk nearly full")
    # The project: its .bak is written first; neither it nor the project may end half written.
    os.remove(filler)
    os.remove(story)
    proj = os.path.join(full, "p.chronomap")
    rc, msg = t.tool_run("save", "project", proj, "A")
    t.check(rc == 0, "disk full: the project's first save fits (%s)" % msg)
    filler = fill(full)
    t.failed_save("project", proj, "A", "B", ["No space left", "disk is full"], "disk full")
    # Space again: the same save now works (nothing was left broken).
    os.remove(filler)
    rc, msg = t.tool_run("save", "project", proj, "B")
    t.check(rc == 0 and t.tool_run("check", "project", proj) == (0, "B"), "space freed: the project saves (%s)" % msg)
    with open(proj + ".bak", "rb") as f:
        t.check(f.read() == t.expect("project", "A"), "and its .bak is the previous version")
    # --- a read-only folder (a read-only mount: root ignores file modes) ---
    ro = os.path.join(base, "ro")
    os.makedirs(ro)
    mount_tmpfs(ro, "4m")
    story = os.path.join(ro, "story.json")
    proj = os.path.join(ro, "p.chronomap")
    t.tool_run("save", "story", story, "A")
    t.tool_run("save", "project", proj, "A")
    r = subprocess.run(["mount", "-o", "remount,bind,ro", ro], capture_output=True, text=True)
    t.check(r.returncode == 0, "the folder is made read-only (%s)" % r.stderr.strip())
    t.failed_save("story", story, "A", "B", ["Read-only", "save elsewhere", "unchanged"], "read-only folder")
    t.failed_save("project", proj, "A", "B", ["Read-only", "save elsewhere"], "read-only folder")
    # A file where a folder should be: a clear message too.
    rc, msg = t.tool_run("save", "story", os.path.join(story, "x.json"), "B")
    t.check(rc == 1 and "x.json" in msg and "Not a directory" in msg, "a path through a file: %s" % msg)
    subprocess.run(["umount", ro])
    subprocess.run(["umount", full])
    shutil.rmtree(base, ignore_errors=True)
    if t.failures:
        print("%d checks failed" % len(t.failures))
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
