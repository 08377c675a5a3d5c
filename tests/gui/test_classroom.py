#!/usr/bin/env python3
"""GUI test of the classroom features, run under Xvfb at 1600x900 with real input (xdotool):

1. The story editor (a copy of the bundled story in a temporary folder): the Story tab, + Add view
   (one more step), typing a title, dragging a step to another place, Delete step, removing a
   highlight chip, Save (the file on disk parses and has the changes), then one more edit and Ctrl+Q:
   "Save changes?" appears (--state-out "prompt") and the program keeps running; Discard quits (0)
   and the file on disk keeps what was saved.
2. Moving the view and the playhead alone is no unsaved change: Ctrl+Q quits at once.
3. Ctrl+E: the export dialog, a 1280x720 PNG (checked with `identify`).
4. Projects: Ctrl+Shift+S, a typed path, quit, start again with the project: the view, time, mode and
   filters are those saved. Opening a project (File > Open recent) with unsaved story edits asks
   first; Cancel keeps everything, Discard opens it. Starting without the project opens on the
   defaults.
Screenshots (tests/gui/classroom-*.png in the build tree): the editor, the prompt, the export dialog."""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

from chronomap_driver import Checks, Chronomap

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
STORY = os.path.join(ROOT, "assets", "stories", "csto-karabakh.json")
EVENTS = os.path.join(ROOT, "assets", "events", "karabakh-csto.geojson")

checks = Checks()
failures = checks.failures
check = checks.check


def centre(st, name):
    w = st.get("widgets", {}).get(name)
    assert w, "widget %s not drawn (have: %s)" % (name, sorted(st.get("widgets", {}))[:40])
    return w[0] + w[2] / 2, w[1] + w[3] / 2


def wait_for(app, pred, timeout=6.0):
    deadline = time.time() + timeout
    st = app.state()
    while not pred(st) and time.time() < deadline:
        time.sleep(0.15)
        st = app.state()
    return st


def settled(app, timeout=6.0):
    return wait_for(app, lambda st: not st["animating"] and (st["story"] is None or st["story"].get("step") is not None),
                    timeout)


def click_widget(app, name, st=None):
    st = st or app.state()
    x, y = centre(st, name)
    app.click(x, y)
    return app.state()


def type_text(app, text):
    subprocess.run(["xdotool", "windowfocus", "--sync", app.window], check=False, capture_output=True)
    subprocess.run(["xdotool", "type", "--delay", "20", text], check=True)
    time.sleep(0.25)


def press(app, keys):
    """A key held for a moment, as a hand presses it: ImGui 1.86 widgets read key state once a frame,
    so a press and its release in one batch (xdotool key) would pass them by. Application shortcuts
    (Ctrl+Q, Ctrl+E, ...) are recorded as events and work either way (app.key)."""
    subprocess.run(["xdotool", "windowfocus", "--sync", app.window], check=False, capture_output=True)
    subprocess.run(["xdotool", "keydown", keys], check=True)
    time.sleep(0.12)
    subprocess.run(["xdotool", "keyup", keys], check=True)
    time.sleep(0.2)


def replace_text(app, field, text):
    """Clicks a text field, selects what it holds and types text over it."""
    click_widget(app, field)
    press(app, "ctrl+a")
    type_text(app, text)


def open_story_tab(app):
    st = settled(app)
    if "story.add" not in st["widgets"]:
        st = click_widget(app, "tab.story", st)
    st = wait_for(app, lambda s: "story.add" in s["widgets"])
    return st


def part_editor(a, tmp, story_path, story):
    titles0 = [s["title"] for s in story["steps"]]
    app = Chronomap(a.exe, a.out, "classroom-editor", ["--story", story_path])
    try:
        app.wait_ready()
        st = open_story_tab(app)
        check(st["story"]["steps"] == len(titles0) and st["story"]["dirty"] is False,
              "the copy of the story opens with %d steps, nothing unsaved" % len(titles0))
        app.screenshot("tab")
        # + Add view: a step after the current one (step 1), open in the editor.
        st = click_widget(app, "story.add", st)
        check(st["story"]["steps"] == len(titles0) + 1, "+ Add view: %d steps" % st["story"]["steps"])
        check(st["story"]["editing"] == 2 and st["story"]["dirty"] is True,
              "the new step is step 2, open in the editor, unsaved (%s)" % {k: st["story"][k] for k in ("editing", "dirty")})
        # Its title, typed.
        replace_text(app, "story.title", "Added by the test")
        st = app.state()
        check(st["story"]["step_titles"][1] == "Added by the test", "typed title: %s" % st["story"]["step_titles"][1])
        app.screenshot("editor")
        # Its highlight came from the current view (step 1's); the first chip's click removes it.
        hl_before = len([k for k in st["widgets"] if k.startswith("story.highlight.")])
        check(hl_before >= 1, "the new step has highlight chips (%d)" % hl_before)
        if hl_before:
            st = click_widget(app, "story.highlight.1", st)
            hl_after = len([k for k in st["widgets"] if k.startswith("story.highlight.")])
            check(hl_after == hl_before - 1, "clicking a chip removes it (%d -> %d)" % (hl_before, hl_after))
        # Drag step 2 (the new one) onto row 4: it becomes step 4.
        x0, y0 = centre(st, "story.row.2")
        x1, y1 = centre(st, "story.row.4")
        app.drag(x0, y0, x1, y1, steps=16)
        st = app.state()
        t = st["story"]["step_titles"]
        check(t[3] == "Added by the test" and t[1] == titles0[1] and t[2] == titles0[2],
              "drag to reorder: the new step is now step 4 (%s)" % [x[:20] for x in t[:5]])
        # Delete step 2 (the 44-day war): click its row, then Delete step.
        st = click_widget(app, "story.row.2", st)
        st = settled(app)
        check(st["story"]["editing"] == 2, "clicking row 2 opens step 2")
        st = click_widget(app, "story.delete", st)
        t = st["story"]["step_titles"]
        check(len(t) == len(titles0) and titles0[1] not in t and t[2] == "Added by the test",
              "Delete step: %d steps, '%s' gone" % (len(t), titles0[1][:20]))
        # Mode of the new step (now step 3): window, 14d.
        st = click_widget(app, "story.row.3", st)
        st = settled(app)
        st = click_widget(app, "story.mode", st)
        st = wait_for(app, lambda s: "story.mode.window" in s["widgets"])
        st = click_widget(app, "story.mode.window", st)
        if check("story.window" in st["widgets"], "mode window shows the window field"):
            replace_text(app, "story.window", "14d")
        # Save (the button): the file on disk has it all and parses.
        st = click_widget(app, "story.save")
        check(st["story"]["dirty"] is False, "Save: nothing unsaved")
        with open(story_path) as f:
            saved = json.load(f)
        stitles = [s["title"] for s in saved["steps"]]
        check(stitles == t, "the saved file has the new order (%s)" % [x[:16] for x in stitles[:4]])
        new = saved["steps"][2]
        check(new.get("mode") == "window" and new.get("window") == "14d", "the saved step: mode window, 14d (%s %s)" %
              (new.get("mode"), new.get("window")))
        check(len(new.get("highlight", [])) == hl_before - 1, "the saved step's highlight lost the removed chip")
        check(saved.get("format") == "chronomap-story" and saved["steps"][0] == story["steps"][0],
              "the rest of the story is kept as it was")
        # One more edit, then Ctrl+Q: the prompt, and the program keeps running.
        click_widget(app, "story.title")
        press(app, "End")
        type_text(app, " (edited)")
        st = app.state()
        check(st["story"]["dirty"] is True, "an edit makes the story unsaved")
        app.key("ctrl+q")
        st = wait_for(app, lambda s: s["prompt"] == "save-changes")
        check(st["prompt"] == "save-changes", "Ctrl+Q with unsaved edits: 'Save changes?' (%s)" % st["prompt"])
        time.sleep(0.5)
        check(app.proc.poll() is None, "the program waits for the answer")
        app.screenshot("prompt")
        app.click(*centre(st, "prompt.discard"))
        rc = app.wait_exit()
        check(rc == 0, "Discard quits with status 0 (%s)" % rc)
        with open(story_path) as f:
            again = json.load(f)
        check([s["title"] for s in again["steps"]] == stitles, "discarded edits are not in the file")
    finally:
        app.close()


def part_view_only(a, story_path):
    app = Chronomap(a.exe, a.out, "classroom-viewonly", ["--story", story_path])
    try:
        st = app.wait_ready()
        st = settled(app)
        m = st["panels"]["map"]
        bbox0, time0 = st["view"]["bbox"], st["time"]
        app.wheel(m[0] + m[2] / 2, m[1] + m[3] / 2, 2)
        app.drag(m[0] + m[2] / 2, m[1] + m[3] / 2, m[0] + m[2] / 2 + 120, m[1] + m[3] / 2 + 40)
        tl = st["panels"]["timeline"]
        app.move(tl[0] + tl[2] / 2, tl[1] + tl[3] / 2)
        app.key("Right")
        st = app.state()
        check(st["view"]["bbox"] != bbox0 and st["time"] != time0, "the view and the playhead moved")
        check(st["story"]["dirty"] is False and st["prompt"] is None, "moving is no unsaved change")
        app.key("ctrl+q")
        rc = app.wait_exit(timeout=8)
        check(rc == 0, "Ctrl+Q after moving only: quits without a prompt (%s)" % rc)
    finally:
        app.close()


def part_export_and_project(a, tmp, story_path):
    png = os.path.join(tmp, "export.png")
    proj = os.path.join(tmp, "lesson.chronomap")
    app = Chronomap(a.exe, a.out, "classroom-export", ["--story", story_path])
    saved_state = None
    try:
        app.wait_ready()
        st = settled(app)
        app.key("ctrl+e")
        st = wait_for(app, lambda s: s["prompt"] == "export")
        check(st["prompt"] == "export", "Ctrl+E opens the export dialog (%s)" % st["prompt"])
        replace_text(app, "export.path", png)
        st = click_widget(app, "export.size.1280x720")
        app.screenshot("export-dialog")
        st = click_widget(app, "export.export", st)
        deadline = time.time() + 20
        while not os.path.exists(png) and time.time() < deadline:
            time.sleep(0.2)
        if check(os.path.exists(png), "the export wrote %s" % png):
            size = subprocess.run(["identify", "-format", "%wx%h", png], capture_output=True, text=True).stdout.strip()
            check(size == "1280x720", "the PNG is 1280x720 (%s)" % size)
        st = wait_for(app, lambda s: s["prompt"] is None)
        check(st["prompt"] is None, "the dialog closed after exporting")
        # A view worth restoring: step 7 (window mode, 14 days), a search, the map moved.
        st = open_story_tab(app)
        st = click_widget(app, "story.row.7", st)
        st = settled(app)
        check(st["mode"] == "window", "step 7 is in window mode")
        sx, sy = centre({"widgets": {"s": st["panels"]["search"]}}, "s")
        app.click(sx, sy)
        type_text(app, "war")
        m = st["panels"]["map"]
        app.drag(m[0] + m[2] / 2, m[1] + m[3] / 2, m[0] + m[2] / 2 - 80, m[1] + m[3] / 2 + 30)
        st = settled(app)
        check(st["filters"]["text"] == "war", "the search filters the events (%s)" % st["filters"]["text"])
        app.key("ctrl+shift+s")
        st = wait_for(app, lambda s: s["prompt"] == "save-as")
        check(st["prompt"] == "save-as", "Ctrl+Shift+S opens Save As (%s)" % st["prompt"])
        press(app, "ctrl+a")
        type_text(app, proj)
        press(app, "Return")
        st = wait_for(app, lambda s: s["project"] is not None)
        check(st["project"] == proj and os.path.exists(proj), "the project was saved to %s (%s)" % (proj, st["project"]))
        with open(proj) as f:
            check(json.load(f).get("format") == "chronomap-project", "the project file parses")
        saved_state = st
        app.key("ctrl+q")
        rc = app.wait_exit(timeout=8)
        check(rc == 0, "Ctrl+Q after saving: quits at once (%s)" % rc)
    finally:
        app.close()
    return proj, saved_state


def close_enough(a, b, tol):
    return all(abs(x - y) <= tol for x, y in zip(a, b))


def part_reopen(a, proj, saved):
    app = Chronomap(a.exe, a.out, "classroom-reopen", [proj])
    try:
        app.wait_ready()
        st = settled(app)
        b0, b1 = saved["view"]["bbox"], st["view"]["bbox"]
        tol = 0.01 * max(b0[2] - b0[0], b0[3] - b0[1])
        check(close_enough(b0, b1, tol), "reopened: the same view (%s vs %s)" % (b1, b0))
        check(st["time"] == saved["time"], "reopened: the same time (%s vs %s)" % (st["time"], saved["time"]))
        check(st["mode"] == saved["mode"] and st["window_s"] == saved["window_s"],
              "reopened: the same mode (%s %s)" % (st["mode"], st["window_s"]))
        check(st["filters"] == saved["filters"], "reopened: the same filters (%s)" % st["filters"])
        check(st["story"] is not None and st["story"]["step"] == saved["story"]["step"],
              "reopened: the story on its step (%s)" % (st["story"] or {}).get("step"))
        # An unsaved edit, then File > Open recent > this project: asked first; Cancel keeps it all.
        st = open_story_tab(app)
        click_widget(app, "story.title", st)
        press(app, "End")
        type_text(app, " x")
        st = app.state()
        check(st["story"]["dirty"] is True, "an unsaved edit")

        def open_recent():
            s2 = click_widget(app, "menu.file")
            s2 = wait_for(app, lambda s: "menu.open_recent" in s["widgets"])
            x, y = centre(s2, "menu.open_recent")
            app.move(x, y)
            app.move(x + 10, y)
            s2 = wait_for(app, lambda s: "menu.recent.1" in s["widgets"])
            x1, y1 = centre(s2, "menu.recent.1")
            app.move(x1 - 40, y)  # along the parent row into the submenu, then down
            app.click(x1, y1)
            return wait_for(app, lambda s: s["prompt"] == "save-changes")

        st = open_recent()
        check(st["prompt"] == "save-changes", "opening a project with unsaved edits asks first (%s)" % st["prompt"])
        st = click_widget(app, "prompt.cancel", st)
        st = wait_for(app, lambda s: s["prompt"] is None)
        check(st["prompt"] is None and st["story"]["dirty"] is True and any(t.endswith(" x") for t in st["story"]["step_titles"]),
              "Cancel: nothing opened, the edit is kept")
        st = open_recent()
        st = click_widget(app, "prompt.discard", st)
        st = wait_for(app, lambda s: s["story"] is not None and s["story"]["dirty"] is False and s["prompt"] is None, 15)
        check(st["story"]["dirty"] is False and not any(t.endswith(" x") for t in st["story"]["step_titles"]),
              "Discard: the project opens again as saved")
        app.key("ctrl+q")
        check(app.wait_exit(timeout=8) == 0, "quit")
    finally:
        app.close()
    # Without the project: the defaults.
    app = Chronomap(a.exe, a.out, "classroom-defaults", [])
    try:
        app.wait_ready()
        st = settled(app)
        check(st["project"] is None and st["story"] is None, "no project, no story")
        check(st["mode"] == "cumulative" and st["filters"]["text"] == "" and not st["filters"]["categories"],
              "defaults: cumulative, no filters (%s, %s)" % (st["mode"], st["filters"]))
        check(not close_enough(saved["view"]["bbox"], st["view"]["bbox"], 0.01), "defaults: not the project's view")
        app.key("ctrl+q")
        check(app.wait_exit(timeout=8) == 0, "quit")
    finally:
        app.close()


def story_menu(app, item):
    click_widget(app, "menu.story")
    st = wait_for(app, lambda s: item in s["widgets"])
    return click_widget(app, item, st)


def part_close_story(a, story_path):
    """Story > Close story and New story with unsaved edits ask first; Cancel keeps them."""
    with open(story_path) as f:
        on_disk = f.read()
    app = Chronomap(a.exe, a.out, "classroom-close", ["--story", story_path])
    try:
        app.wait_ready()
        st = open_story_tab(app)
        steps = st["story"]["steps"]
        st = click_widget(app, "story.add", st)
        check(st["story"]["dirty"] is True and st["story"]["steps"] == steps + 1, "+ Add view: an unsaved step")
        story_menu(app, "menu.story.close")
        st = wait_for(app, lambda s: s["prompt"] == "save-changes")
        check(st["prompt"] == "save-changes", "Close story with unsaved edits: 'Save changes?' (%s)" % st["prompt"])
        app.screenshot("close-prompt")
        st = click_widget(app, "prompt.cancel", st)
        st = wait_for(app, lambda s: s["prompt"] is None)
        check(st["story"] is not None and st["story"]["dirty"] is True and st["story"]["steps"] == steps + 1,
              "Cancel keeps the story and its unsaved step")
        story_menu(app, "menu.story.new")
        st = wait_for(app, lambda s: s["prompt"] == "save-changes")
        check(st["prompt"] == "save-changes", "New story with unsaved edits asks too (%s)" % st["prompt"])
        st = click_widget(app, "prompt.cancel", st)
        st = wait_for(app, lambda s: s["prompt"] is None)
        story_menu(app, "menu.story.close")
        st = wait_for(app, lambda s: s["prompt"] == "save-changes")
        st = click_widget(app, "prompt.discard", st)
        st = wait_for(app, lambda s: s["story"] is None and s["prompt"] is None)
        check(st["story"] is None and st["prompt"] is None, "Discard closes the story")
        check(app.proc.poll() is None, "and the program goes on")
        with open(story_path) as f:
            check(f.read() == on_disk, "the story file is as it was")
        # With nothing unsaved, New story asks nothing.
        story_menu(app, "menu.story.new")
        st = wait_for(app, lambda s: s["story"] is not None)
        check(st["prompt"] is None and st["story"] is not None and st["story"]["steps"] == 1,
              "New story without unsaved edits: one step, no prompt (%s)" % st["prompt"])
    finally:
        app.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--exe", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="chronomap-classroom-")
    os.environ["CHRONOMAP_CONFIG_DIR"] = os.path.join(tmp, "config")  # recent files of this test only
    t0 = time.time()
    try:
        # The copy names its events by absolute path (the bundled story's is relative to assets/).
        with open(STORY) as f:
            text = f.read()
        text = text.replace('"events": "../events/karabakh-csto.geojson"', '"events": ' + json.dumps(EVENTS), 1)
        story_path = os.path.join(tmp, "story.json")
        with open(story_path, "w") as f:
            f.write(text)
        story = json.loads(text)
        part_editor(a, tmp, story_path, story)
        part_view_only(a, story_path)
        part_close_story(a, story_path)
        proj, saved = part_export_and_project(a, tmp, story_path)
        if saved:
            part_reopen(a, proj, saved)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("     %.1f s" % (time.time() - t0))
    checks.finish()


if __name__ == "__main__":
    main()
