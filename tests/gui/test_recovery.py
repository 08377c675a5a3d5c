#!/usr/bin/env python3
"""GUI test of autosave and recovery (app/recovery.hpp), under Xvfb with real input (xdotool):

1. A copy of the bundled story: a step's title typed in the Story tab (unsaved). Within a few seconds
   the edits are in a recovery file in the state folder (--state-out "recovery.file"), written
   whole. The program is killed with SIGKILL: the story file is untouched.
2. Started again: "Recovered story edits" is offered (prompt "recover") naming the story; Restore
   puts the edits back in the editor, unsaved; Save writes them to the story file and the recovery
   file goes.
3. Another edit, killed again; at the next start Discard drops it: the recovery file goes, the story
   keeps what was saved, and Ctrl+Q quits at once.
4. An edit and SIGTERM (which quits without asking): the edits are kept for the next start too.
Screenshot: recovery-offer.png."""
import argparse
import json
import os
import shutil
import signal
import sys
import tempfile
import time

from chronomap_driver import Checks, Chronomap
from test_classroom import EVENTS, STORY, click_widget, open_story_tab, press, replace_text, settled, type_text, wait_for

checks = Checks()
check = checks.check


def edit_title(app, text):
    st = open_story_tab(app)
    st = click_widget(app, "story.row.2", st)
    st = settled(app)
    replace_text(app, "story.title", text)
    return app.state()


def wait_autosaved(app, text, timeout=8.0):
    """Until the recovery file holds `text` (it is written every 2 s while edits are unsaved)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        st = app.state()
        f = st["recovery"]["file"]
        if f and os.path.exists(f):
            with open(f) as fh:
                try:
                    rec = json.load(fh)
                except ValueError:
                    rec = {}
            if any(s.get("title") == text for s in rec.get("story", {}).get("steps", [])):
                return st, rec
        time.sleep(0.3)
    return app.state(), None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--exe", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="chronomap-recovery-")
    os.environ["CHRONOMAP_STATE_DIR"] = os.path.join(tmp, "state")
    os.environ["CHRONOMAP_CONFIG_DIR"] = os.path.join(tmp, "config")
    t0 = time.time()
    try:
        with open(STORY) as f:
            text = f.read()
        text = text.replace('"events": "../events/karabakh-csto.geojson"', '"events": ' + json.dumps(EVENTS), 1)
        story_path = os.path.join(tmp, "story.json")
        with open(story_path, "w") as f:
            f.write(text)
        original = text.encode()
        args = ["--story", story_path]

        # 1. An edit, autosaved, then SIGKILL.
        app = Chronomap(a.exe, a.out, "recovery-edit", args)
        try:
            app.wait_ready()
            st = edit_title(app, "Typed before the crash")
            check(st["story"]["dirty"] is True and st["story"]["step_titles"][1] == "Typed before the crash",
                  "step 2's title typed, unsaved")
            st, rec = wait_autosaved(app, "Typed before the crash")
            check(rec is not None, "within seconds the edits are in the recovery file (%s, %s writes)" %
                  (st["recovery"]["file"], st["recovery"]["writes"]))
            check(rec is not None and rec.get("format") == "chronomap-recovery" and
                  rec.get("story_path") == os.path.abspath(story_path), "the recovery file names the story")
            recovery_file = st["recovery"]["file"]
            app.proc.send_signal(signal.SIGKILL)
            app.proc.wait()
        finally:
            app.close()
        with open(story_path, "rb") as f:
            check(f.read() == original, "after SIGKILL the story file is untouched")
        check(recovery_file and os.path.exists(recovery_file), "the recovery file outlives the kill")

        # 2. Start again: offered; Restore; Save.
        app = Chronomap(a.exe, a.out, "recovery-restore", args)
        try:
            app.wait_ready()
            st = wait_for(app, lambda s: s["prompt"] == "recover", timeout=8)
            offered = st["recovery"]["offered"]
            check(st["prompt"] == "recover" and len(offered) == 1 and offered[0]["story"] == os.path.abspath(story_path),
                  "the next start offers the recovered edits (%s)" % offered)
            app.screenshot("offer")
            st = click_widget(app, "recover.restore", st)
            st = wait_for(app, lambda s: s["prompt"] is None)
            check(st["prompt"] is None and st["story"]["dirty"] is True and
                  st["story"]["step_titles"][1] == "Typed before the crash",
                  "Restore: the edits are back in the editor, unsaved (%s)" % st["story"]["step_titles"][1])
            st = open_story_tab(app)
            st = click_widget(app, "story.save", st)
            check(st["story"]["dirty"] is False, "Save: nothing unsaved")
            with open(story_path) as f:
                saved = json.load(f)
            check(saved["steps"][1]["title"] == "Typed before the crash", "the story file now has the restored edits")
            st = wait_for(app, lambda s: s["recovery"]["file"] is None, timeout=4)
            check(st["recovery"]["file"] is None and not os.path.exists(recovery_file), "saved: the recovery file is gone")
            # 3. Another edit, killed again.
            st = edit_title(app, "An edit to throw away")
            st, rec = wait_autosaved(app, "An edit to throw away")
            check(rec is not None, "the second edit is autosaved")
            app.proc.send_signal(signal.SIGKILL)
            app.proc.wait()
        finally:
            app.close()
        app = Chronomap(a.exe, a.out, "recovery-discard", args)
        try:
            app.wait_ready()
            st = wait_for(app, lambda s: s["prompt"] == "recover", timeout=8)
            check(st["prompt"] == "recover", "offered again after the second kill")
            st = click_widget(app, "recover.discard", st)
            st = wait_for(app, lambda s: s["prompt"] is None)
            check(st["story"]["dirty"] is False and st["story"]["step_titles"][1] == "Typed before the crash",
                  "Discard: the story is as saved (%s)" % st["story"]["step_titles"][1])
            check(not os.listdir(os.path.join(tmp, "state", "recovery")), "Discard: the recovery file is gone")
            app.key("ctrl+q")
            rc = app.wait_exit(timeout=8)
            check(rc == 0, "Ctrl+Q quits at once, nothing unsaved (%s)" % rc)
        finally:
            app.close()
        # 4. SIGTERM quits without asking: the edits stay for the next start.
        app = Chronomap(a.exe, a.out, "recovery-term", args)
        try:
            app.wait_ready()
            st = edit_title(app, "Typed before SIGTERM")
            app.proc.send_signal(signal.SIGTERM)
            rc = app.wait_exit(timeout=10)
            check(rc == 0, "SIGTERM quits (%s)" % rc)
        finally:
            app.close()
        app = Chronomap(a.exe, a.out, "recovery-after-term", args)
        try:
            app.wait_ready()
            st = wait_for(app, lambda s: s["prompt"] == "recover", timeout=8)
            check(st["prompt"] == "recover" and st["recovery"]["offered"][0]["steps"] == len(saved["steps"]),
                  "edits made just before SIGTERM are offered at the next start")
        finally:
            app.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("     %.1f s" % (time.time() - t0))
    checks.finish()


if __name__ == "__main__":
    main()
