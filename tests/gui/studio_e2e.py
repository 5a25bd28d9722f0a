#!/usr/bin/env python3
"""End-to-end test of nnfs-studio: the real app under Xvfb, driven by real X11 input (xdotool).

    studio_e2e.py --studio BIN --nnfs BIN --model FILE [--data DIR] --out DIR

Checks (issue 6, acceptance 1-4):
  * a vertical stroke gives a `prediction` event with label 1, and predictions arrive while the
    stroke is being drawn (live); a closed loop gives 0; Delete (Clear) gives the empty state
    (label null); Ctrl+Z / Ctrl+Y undo and redo a stroke;
  * Export Canvas writes a PNG whose `nnfs predict` label equals the canvas prediction, with the
    same probabilities (within 1e-4);
  * opening a corrupt model, importing a non-image and saving into a read-only folder each give an
    `error` event while the previous model stays open, and the app still predicts afterwards;
  * Save As writes a model that `nnfs info` reads, asks before replacing a file, Ctrl+S saves;
    the idle app uses (almost) no CPU;
  * New Model makes unsaved changes, and Quit then asks (Cancel stays, Don't Save quits);
  * a drawing given as a file argument (what a dropped file does) lands on the canvas;
  * screenshots at 1280x800 (several states, dark and light theme, the empty state) and
    1920x1080 land in --out.
It prints what a live prediction costs on the UI thread (median and max of the `ms` field).

Exit codes: 0 pass, 1 fail, 77 skipped (no xvfb-run or xdotool). Standard library only.
"""
import argparse
import contextlib
import csv
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

SCREEN = "-screen 0 1600x1000x24"


def fail(msg):
    print("FAIL: " + msg, flush=True)
    raise SystemExit(1)


def note(msg):
    print(msg, flush=True)


class Events:
    """Follows the app's --events file."""

    def __init__(self, path):
        self.path = path
        self.pos = 0
        self.all = []

    def poll(self):
        try:
            with open(self.path, "r", encoding="utf-8") as f:
                f.seek(self.pos)
                data = f.read()
        except FileNotFoundError:
            return []
        end = data.rfind("\n")
        if end < 0:
            return []
        self.pos += len(data[: end + 1].encode("utf-8"))
        new = [json.loads(line) for line in data[: end + 1].splitlines() if line.strip()]
        self.all.extend(new)
        return new

    def wait(self, predicate, timeout=15.0, what="event", since=None):
        """The first event matching `predicate` after index `since` (default: from now on)."""
        deadline = time.time() + timeout
        start = len(self.all) if since is None else since
        while time.time() < deadline:
            self.poll()
            for e in self.all[start:]:
                if predicate(e):
                    return e
            time.sleep(0.02)
        fail("timed out waiting for " + what)

    def mark(self):
        self.poll()
        return len(self.all)

    def since(self, mark, name=None):
        self.poll()
        return [e for e in self.all[mark:] if name is None or e["event"] == name]

    def settle(self, quiet=0.4, timeout=10.0):
        """Waits until no prediction/layout event arrived for `quiet` seconds."""
        deadline = time.time() + timeout
        last = time.time()
        while time.time() < deadline:
            if any(e["event"] != "frames" for e in self.poll()):
                last = time.time()
            if time.time() - last >= quiet:
                return
            time.sleep(0.03)


def xdo(*args, check=True):
    subprocess.run(["xdotool", *map(str, args)], check=check, timeout=10)


class Studio:
    def __init__(self, args, events_path, extra):
        env = dict(os.environ)
        self.proc = subprocess.Popen([args.studio, "--events", events_path, "--screenshot-dir", args.out] + extra,
                                     env=env)
        self.events = Events(events_path)
        self.out = args.out
        self.events.wait(lambda e: e["event"] == "layout", 20, "the first layout event")
        self.events.settle(0.5)
        self.wid = subprocess.run(["xdotool", "search", "--sync", "--name", "nnfs-studio"], capture_output=True,
                                  text=True, timeout=10).stdout.split()[0]
        self.canvas = [e for e in self.events.all if e["event"] == "layout"][-1]["canvas"]

    def refresh_canvas(self):
        layouts = [e for e in self.events.all if e["event"] == "layout"]
        self.canvas = layouts[-1]["canvas"]

    def at(self, fx, fy):
        x, y, w, h = self.canvas
        return int(x + fx * w), int(y + fy * h)

    def stroke(self, points, button=1):
        """Presses at the first point, moves through the rest in small steps, releases."""
        self.refresh_canvas()
        px = [self.at(*p) for p in points]
        xdo("mousemove", "--window", self.wid, *px[0])
        time.sleep(0.05)
        xdo("mousedown", button)
        time.sleep(0.05)
        for (x0, y0), (x1, y1) in zip(px, px[1:]):
            steps = max(1, int(max(abs(x1 - x0), abs(y1 - y0)) / 6))
            for i in range(1, steps + 1):
                xdo("mousemove", "--window", self.wid, x0 + (x1 - x0) * i // steps, y0 + (y1 - y0) * i // steps)
                time.sleep(0.008)
        time.sleep(0.05)
        xdo("mouseup", button)
        self.events.settle()

    def key(self, combo, quits=False):
        """A key press held like a person holds it (ImGui 1.86 samples key state per frame).
        `quits`: the app may exit on the key down; the X server then resets (its last client
        left) and the key up may fail to connect, which is fine."""
        xdo("keydown", combo)
        time.sleep(0.08)
        xdo("keyup", combo, check=not quits)
        time.sleep(0.05)

    def type_path(self, path):
        time.sleep(0.2)
        xdo("type", "--delay", 12, path)
        time.sleep(0.1)
        self.key("Return")

    def screenshot(self, name):
        m = self.events.mark()
        self.key("F12")
        e = self.events.wait(lambda e: e["event"] == "screenshot", 15, "a screenshot", since=m)
        target = os.path.join(self.out, name)
        os.replace(e["path"], target)
        note("  screenshot " + target)
        return m

    def last_prediction(self):
        preds = [e for e in self.events.all if e["event"] == "prediction"]
        return preds[-1] if preds else None

    def cpu_seconds(self):
        with open("/proc/%d/stat" % self.proc.pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def quit(self):
        self.key("ctrl+q", quits=True)
        try:
            return self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            fail("Ctrl+Q did not quit the app")

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def vertical():
    return [(0.5, 0.18), (0.5, 0.82)]


def loop():
    import math
    return [(0.5 + 0.22 * math.sin(2 * math.pi * i / 40), 0.5 - 0.32 * math.cos(2 * math.pi * i / 40))
            for i in range(42)]


def expect_label(app, want, what):
    p = app.last_prediction()
    if p is None or p["label"] != want:
        fail("%s: expected label %r, got %r" % (what, want, p and p["label"]))
    if want is not None:
        conf = max(p["probs"])
        note("  %s -> label %d (p=%.3f, %.2f ms)" % (what, want, conf, p["ms"]))
    else:
        note("  %s -> empty (label null)" % what)
    return p


def expect_error(app, mark, contains, model):
    e = app.events.wait(lambda e: e["event"] == "error", 15, "an error event (%s)" % contains, since=mark)
    if contains not in e["message"]:
        fail("error message %r does not mention %r" % (e["message"], contains))
    if e.get("model") != model:
        fail("after the error the open model is %r, expected the previous one %r" % (e.get("model"), model))
    if app.events.since(mark, "model_loaded"):
        fail("a model was loaded although opening failed")
    note("  error: " + e["message"])


def session(args, tmp):
    events_path = os.path.join(tmp, "events.jsonl")
    extra = ["--size", "1280x800", "--model", args.model]
    if args.data:
        extra += ["--data", args.data]
    app = Studio(args, events_path, extra)
    model_path = [e for e in app.events.all if e["event"] == "model_loaded"][-1]["path"]
    try:
        if args.data:
            app.events.wait(lambda e: e["event"] in ("dataset_loaded", "error"), 30, "the dataset", since=0)
            app.events.settle()
        app.screenshot("01-start-1280x800.png")
        expect_label(app, None, "start")

        note("acceptance 1: drawing with the mouse")
        m = app.events.mark()
        app.stroke(vertical())
        live = [e for e in app.events.since(m, "prediction") if e["label"] is not None]
        if len(live) < 3:
            fail("expected live predictions while drawing, got %d" % len(live))
        note("  %d predictions arrived during the stroke" % len(live))
        one = expect_label(app, 1, "vertical stroke")
        app.screenshot("02-one-1280x800.png")

        note("acceptance 2: Export Canvas vs nnfs predict")
        png = os.path.join(args.out, "drawing-one.png")
        if os.path.exists(png):
            os.remove(png)
        m = app.events.mark()
        app.key("ctrl+e")
        app.type_path(png)
        app.events.wait(lambda e: e["event"] in ("canvas_exported", "error"), 15, "the export", since=m)
        if not app.events.since(m, "canvas_exported"):
            fail("Export Canvas failed: %r" % app.events.since(m, "error"))
        check_cli_prediction(args, png, one)

        m = app.events.mark()
        app.key("Delete")
        app.events.settle()
        expect_label(app, None, "Clear (Delete)")
        app.screenshot("03-cleared-1280x800.png")

        app.stroke(loop())
        expect_label(app, 0, "closed loop")
        app.screenshot("04-zero-1280x800.png")
        app.key("ctrl+z")
        app.events.settle()
        expect_label(app, None, "Ctrl+Z")
        app.key("ctrl+y")
        app.events.settle()
        expect_label(app, 0, "Ctrl+Y")
        zero_png = os.path.join(args.out, "drawing-zero.png")
        if os.path.exists(zero_png):  # a file left by an earlier run would bring up the replace question
            os.remove(zero_png)
        m = app.events.mark()
        app.key("ctrl+e")
        app.type_path(zero_png)
        app.events.wait(lambda e: e["event"] in ("canvas_exported", "error"), 15, "the export", since=m)

        note("acceptance 3: errors keep the previous model")
        corrupt = os.path.join(tmp, "corrupt.safetensors")
        with open(corrupt, "wb") as f:
            f.write((40).to_bytes(8, "little") + b'{"__metadata__": {"nnfs.format": "1"  ' + b"\x00" * 64)
        m = app.events.mark()
        app.key("ctrl+o")
        app.type_path(corrupt)
        expect_error(app, m, "corrupt.safetensors", model_path)
        app.screenshot("05-error-corrupt-model-1280x800.png")
        app.key("Return")

        not_image = os.path.join(tmp, "notes.png")
        with open(not_image, "w") as f:
            f.write("this is text, not a picture\n")
        m = app.events.mark()
        app.key("ctrl+i")
        app.type_path(not_image)
        expect_error(app, m, "notes.png", model_path)
        app.key("Return")

        if os.geteuid() == 0:
            # root writes anywhere a mode allows nothing; sysfs refuses new files even to root.
            readonly_target = "/sys/nnfs-studio-test.safetensors"
        else:
            ro = os.path.join(tmp, "readonly")
            os.mkdir(ro)
            os.chmod(ro, 0o555)
            readonly_target = os.path.join(ro, "model.safetensors")
        m = app.events.mark()
        app.key("ctrl+shift+s")
        app.type_path(readonly_target)
        expect_error(app, m, os.path.basename(readonly_target), model_path)
        if app.events.since(m, "model_saved"):
            fail("a save into a read-only folder reported success")
        app.screenshot("06-error-readonly-save-1280x800.png")
        app.key("Return")

        app.key("Delete")
        app.stroke(vertical())
        expect_label(app, 1, "after the errors, the previous model still predicts")

        saved = os.path.join(tmp, "saved.safetensors")
        m = app.events.mark()
        app.key("ctrl+shift+s")
        app.type_path(saved)
        app.events.wait(lambda e: e["event"] in ("model_saved", "error"), 15, "Save As", since=m)
        if not app.events.since(m, "model_saved"):
            fail("Save As failed: %r" % app.events.since(m, "error"))
        info = subprocess.run([args.nnfs, "info", "--model", saved], capture_output=True, text=True)
        if info.returncode != 0:
            fail("nnfs info cannot read the saved model: " + info.stderr)
        note("  Save As wrote %s (%d bytes), nnfs info reads it" % (saved, os.path.getsize(saved)))
        # Saving over an existing file asks first; Enter replaces it.
        m = app.events.mark()
        app.key("ctrl+shift+s")
        app.type_path(saved)
        time.sleep(0.5)
        if app.events.since(m, "model_saved"):
            fail("Save As replaced an existing file without asking")
        app.screenshot("07-replace-question-1280x800.png")
        app.key("Return")
        app.events.wait(lambda e: e["event"] == "model_saved", 15, "the replacing save", since=m)
        m = app.events.mark()
        app.key("ctrl+s")
        app.events.wait(lambda e: e["event"] == "model_saved", 15, "Ctrl+S", since=m)
        note("  Save As over an existing file asked first; Ctrl+S saved to the same file")

        note("acceptance 4: idle CPU and prediction cost")
        app.events.settle(1.0)
        c0, t0 = app.cpu_seconds(), time.time()
        m = app.events.mark()
        time.sleep(3.0)
        c1, t1 = app.cpu_seconds(), time.time()
        idle_frames = sum(e["count"] for e in app.events.since(m, "frames"))
        share = (c1 - c0) / (t1 - t0)
        note("  idle: %.1f%% of a core over %.1f s, %d frames drawn" % (100 * share, t1 - t0, idle_frames))
        if share > 0.05:
            fail("the idle app uses %.1f%% of a core" % (100 * share))

        preds = [e for e in app.events.all if e["event"] == "prediction" and e["label"] is not None]
        wall = [e["ms"] for e in preds]
        cpu = [e["cpu_ms"] for e in preds]
        frames = [e["max_ms"] for e in app.events.all if e["event"] == "frames"]
        note("  live prediction on the UI thread (preprocessing + forward), %d predictions:" % len(preds))
        note("    wall clock: median %.3f ms, 95th percentile %.3f ms, max %.3f ms" %
             (statistics.median(wall), sorted(wall)[int(0.95 * (len(wall) - 1))], max(wall)))
        note("    thread CPU: median %.3f ms, 95th percentile %.3f ms, max %.3f ms" %
             (statistics.median(cpu), sorted(cpu)[int(0.95 * (len(cpu) - 1))], max(cpu)))
        with open("/proc/loadavg") as f:
            note("    (load average while measuring: %s)" % " ".join(f.read().split()[:3]))
        note("  longest frame per second (includes screenshot frames): median %.1f ms" % statistics.median(frames))

        note("unsaved changes: New Model, then Quit asks first")
        m = app.events.mark()
        app.key("ctrl+n")
        time.sleep(0.3)
        app.key("Return")
        app.events.wait(lambda e: e["event"] == "model_new", 15, "a new model", since=m)
        app.events.settle()
        app.key("ctrl+q")
        time.sleep(0.5)
        app.screenshot("09-unsaved-question-1280x800.png")
        if app.proc.poll() is not None:
            fail("Ctrl+Q quit without asking about the unsaved new model")
        app.key("Escape")  # Cancel: the app stays
        time.sleep(0.5)
        if app.proc.poll() is not None:
            fail("Cancel in the unsaved-changes question quit the app")
        app.key("ctrl+q")
        time.sleep(0.3)
        app.key("ctrl+d", quits=True)  # Don't Save
        try:
            code = app.proc.wait(10)
        except subprocess.TimeoutExpired:
            fail("Don't Save did not quit the app")
        if code != 0:
            fail("the app exited with code %d" % code)
        note("  asked before quitting; Cancel kept the app, Don't Save quit it (exit 0)")
        return zero_png
    finally:
        app.kill()


def check_cli_prediction(args, png, canvas_prediction):
    """`nnfs predict` on the exported PNG must give the canvas's label and probabilities (within
    1e-4: both run the engine's classify_digit_image on the same pixels)."""
    r = subprocess.run([args.nnfs, "predict", "--model", args.model, "--input", png], capture_output=True, text=True)
    if r.returncode != 0:
        fail("nnfs predict cannot read the exported canvas (exit %d): %s" % (r.returncode, r.stderr.strip()))
    if not canvas_prediction.get("probs"):
        fail("the app's prediction for the exported canvas has no probabilities: %r" % canvas_prediction)
    rows = list(csv.reader(r.stdout.splitlines()))
    classes = len(canvas_prediction["probs"])
    header = ["file", "label"] + ["p%d" % j for j in range(classes)]
    if len(rows) != 2 or rows[0] != header or len(rows[1]) != len(header):
        fail("nnfs predict printed %r; expected the header %s and one row" % (r.stdout, ",".join(header)))
    if rows[1][1] == "empty":
        fail("nnfs predict says the exported canvas is empty, the app said %d" % canvas_prediction["label"])
    label = int(rows[1][1])
    if label != canvas_prediction["label"]:
        fail("nnfs predict says %d for the exported canvas, the app said %d" % (label, canvas_prediction["label"]))
    probs = [float(v) for v in rows[1][2:]]
    diff = max(abs(a - b) for a, b in zip(probs, canvas_prediction["probs"]))
    top = abs(probs[label] - canvas_prediction["probs"][label])
    note("  nnfs predict: label %d (same as the canvas), top probability %.6g (app %.6g), max difference %.2g"
         % (label, probs[label], canvas_prediction["probs"][label], diff))
    if top > 1e-4 or diff > 1e-4:
        fail("nnfs predict's probabilities differ from the app's by %.3g (top class: %.3g)" % (diff, top))


def screenshots(args, tmp, image):
    """Static screenshots: 1920x1080 (its own larger Xvfb screen), the light theme at 1280x800 with
    the drawing passed as a file argument (the path a dropped file takes), and the empty state."""
    empty_assets = os.path.join(tmp, "no-assets")
    os.makedirs(empty_assets, exist_ok=True)
    runs = [("10-1920x1080.png", "1920x1080", ["--theme", "dark", "--model", args.model, "--image", image], {},
             "-screen 0 1920x1080x24"),
            ("11-light-dropped-image-1280x800.png", "1280x800", ["--theme", "light", "--model", args.model, image], {},
             SCREEN),
            ("12-empty-state-1280x800.png", "1280x800", ["--theme", "dark"], {"NNFS_STUDIO_ASSETS": empty_assets},
             SCREEN)]
    for name, size, extra, env, screen in runs:
        target = os.path.join(args.out, name)
        events = os.path.join(tmp, name + ".jsonl")
        cmd = [args.studio, "--size", size, "--screenshot", target, "--frames", "5", "--events", events] + extra
        if args.data and "empty" not in name:
            cmd += ["--data", args.data]
        r = subprocess.run(["xvfb-run", "-a", "-s", screen] + cmd, timeout=120, env=dict(os.environ, **env))
        if r.returncode != 0 or not os.path.exists(target):
            fail("screenshot run %s exited with %d" % (name, r.returncode))
        ev = Events(events)
        ev.poll()
        if "empty" in name:
            if [e for e in ev.all if e["event"] == "model_loaded"]:
                fail("without bundled models the app still opened one")
        else:
            imported = [e for e in ev.all if e["event"] == "image_imported"]
            preds = [e for e in ev.all if e["event"] == "prediction" and e["label"] is not None]
            if not imported or not preds or preds[-1]["label"] != 0:
                fail("%s: the drawing of a 0 given at launch was not imported and read as 0" % name)
        note("  screenshot " + target)


def begin(args, needed_path=None, needed_what=""):
    """The start every e2e script shares. Outside Xvfb: runs this script again inside xvfb-run
    (screen SCREEN) and returns its exit status, 77 (CTest's "skipped") when the X tools or
    needed_path are missing. Inside: makes args.out absolute, creates it and returns None."""
    args.out = os.path.abspath(args.out)
    if os.environ.get("NNFS_GUI_INNER") == "1":
        os.makedirs(args.out, exist_ok=True)
        return None
    missing = [t for t in ("xvfb-run", "xdotool", "Xvfb") if shutil.which(t) is None]
    if missing:
        print("SKIP: missing " + ", ".join(missing) + " (apt-get install xvfb xauth xdotool)")
        return 77
    if needed_path is not None and not os.path.exists(needed_path):
        print("SKIP: no %s at %s" % (needed_what, needed_path))
        return 77
    env = dict(os.environ, NNFS_GUI_INNER="1")
    return subprocess.run(["xvfb-run", "-a", "-s", SCREEN, sys.executable, *sys.argv], env=env).returncode


@contextlib.contextmanager
def private_home(prefix):
    """A temporary directory that is the studio's XDG config and data home while the test runs
    (its settings, run library and digit store, never the user's); removed at the end."""
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        os.environ["XDG_CONFIG_HOME"] = os.path.join(tmp, "config")
        os.environ["XDG_DATA_HOME"] = os.path.join(tmp, "data")
        yield tmp


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--studio", required=True)
    ap.add_argument("--nnfs", required=True)
    ap.add_argument("--model", required=True)
    ap.add_argument("--data", default="")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    if args.data and not os.path.isdir(args.data):
        args.data = ""
    outer = begin(args, args.model, "bundled model")
    if outer is not None:
        return outer
    with private_home("nnfs-studio-e2e-") as tmp:
        zero = session(args, tmp)
        note("screenshots at other sizes and the light theme")
        screenshots(args, tmp, zero)
    note("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
