#!/usr/bin/env python3
"""End-to-end test of training in nnfs-studio: the real app under Xvfb, driven by real X11 input.

    studio_train_e2e.py --studio BIN --nnfs BIN [--data DIR] --out DIR [--strict-timing]

Checks (issue 7, acceptance 1, 2 and 4):
  * `--train mlp --epochs N --data DIR` starts a run: `training_state` running, then `epoch`
    events with exactly the keys of `nnfs train --log-json`;
  * clicking Pause gives a `training_state` paused event within 100 ms (from sending the click
    to the event's own time stamp) and no optimizer step
    happens while paused (the `frames` events' training_step stays put); Resume continues;
  * Save As during training writes a model whose `nnfs evaluate` accuracy is the test accuracy
    the app reported for the epoch it was saved at;
  * screenshots of the Training, Plots, Mistakes and Confusion tabs during training (clicked
    via the tab rectangles of the `layout` event) land in --out;
  * strokes drawn on the canvas during training give `prediction` events;
  * quitting during the run asks "Stop training and save?": Enter stops, saves and quits;
  * the `frames` events show the longest frame under 50 ms throughout training (the numbers are
    printed; timing misses are reported at the end, after every other check has run, and fail
    the test only with --strict-timing: the suite runs on shared machines);
  * one run across two launches (issue 13, acceptance 2): `--train mlp --pause-at 40` pauses in
    the middle of epoch 2, Save As and quitting with "Stop & save" write a checkpoint; the app
    launched again on that file continues it with "Continue training" to the end, and the saved
    model is byte for byte the file `nnfs train` writes for the same run without a pause;
  * Fashion-MNIST (`--data fashion`, 2 epochs): the new model's classes are the clothing names,
    the run finishes; Start then asks before replacing the trained model (Escape keeps it);
    screenshots of its confusion matrix and mistakes.

Exit codes: 0 pass, 1 fail (also without Fashion-MNIST, which scripts/setup.sh installs), 77
skipped (no xvfb-run, xdotool or MNIST). Standard library only.
"""
import argparse
import gzip
import os
import re
import shutil
import struct
import subprocess
import sys
import time
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from studio_e2e import Studio, begin, fail, note, private_home, vertical, xdo  # noqa: E402

EPOCH_KEYS = ["epoch", "seconds", "test_acc", "test_loss", "train_acc", "train_loss"]
FASHION_DIR = "/usr/share/datasets/fashion-mnist"
# Timing requirements that were missed; reported at the end, so that every other check still runs
# (frame times and latencies depend on what else the machine is doing).
TIMING_MISSES = []


def timing_miss(msg):
    note("  TIMING: " + msg)
    TIMING_MISSES.append(msg)


def latest_layout(app):
    return [e for e in app.events.all if e["event"] == "layout"][-1]


def click_rect(app, rect):
    """Clicks the middle of `rect`; returns the time the click was sent."""
    x, y, w, h = rect
    xdo("mousemove", "--window", app.wid, int(x + w / 2), int(y + h / 2))
    time.sleep(0.05)
    sent = time.time()
    xdo("click", 1)
    return sent


def click(app, group, label, timeout=10):
    """Clicks a tab or button by its label, once the layout event has reported it."""
    app.events.wait(lambda e: e["event"] == "layout" and label in e.get(group, {}), timeout,
                    "the %s %r in a layout event" % (group[:-1], label), since=0)
    return click_rect(app, latest_layout(app)[group][label])


def tab_screenshot(app, tab, name):
    click(app, "tabs", tab)
    time.sleep(0.3)
    app.screenshot(name)


def quit_without_saving(app):
    app.key("ctrl+q")
    app.key("ctrl+d", quits=True)  # Don't Save
    app.proc.wait(15)


def state_event(app, state, timeout=60, since=None):
    return app.events.wait(lambda e: e["event"] == "training_state" and e["state"] == state, timeout,
                           "training_state %s" % state, since=since)


def check_epoch_keys(events):
    for e in events:
        keys = sorted(k for k in e if k != "event")
        if keys != EPOCH_KEYS:
            fail("epoch event keys %s, expected %s" % (keys, EPOCH_KEYS))


def evaluate_accuracy(args, model):
    out = subprocess.run([args.nnfs, "evaluate", "--model", model, "--data", args.data], capture_output=True,
                         text=True, timeout=300)
    if out.returncode != 0:
        fail("nnfs evaluate failed: " + out.stderr)
    m = re.search(r"accuracy\s+([0-9.]+)%", out.stdout)
    if not m:
        fail("no accuracy in nnfs evaluate's output: " + out.stdout)
    note("  nnfs evaluate: " + out.stdout.splitlines()[2])
    return float(m.group(1))


def png_pixels(path):
    """(width, height, decompressed scanlines) of an 8-bit RGB/RGBA PNG, read with zlib only."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail("%s is not a PNG file" % path)
    pos, width, height, idat = 8, 0, 0, b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height = struct.unpack(">II", body[:8])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    return width, height, zlib.decompress(idat)


def save_plots_png(app, path, out):
    """Plots tab › Save as PNG…: the file dialog, the plot_saved event, and a PNG of that size
    that is not blank (a drawn plot has many distinct byte values, a flat image a handful)."""
    m = app.events.mark()
    click(app, "buttons", "Save as PNG")
    app.type_path(path)
    saved = app.events.wait(lambda e: e["event"] in ("plot_saved", "error"), 15, "Save as PNG", since=m)
    if saved["event"] != "plot_saved" or not os.path.isfile(path):
        fail("Save as PNG: %r" % saved)
    width, height, pixels = png_pixels(path)
    if (width, height) != (saved["width"], saved["height"]) or width < 200 or height < 100:
        fail("plots PNG is %dx%d, the event says %sx%s" % (width, height, saved["width"], saved["height"]))
    distinct = len(set(pixels))
    if distinct < 40:
        fail("plots PNG looks blank: %d distinct byte values" % distinct)
    shutil.copy(path, os.path.join(out, "train-plots-saved.png"))
    note("  Save as PNG wrote %s: %dx%d, %d distinct byte values" % (path, width, height, distinct))


def mnist_session(args, tmp):
    note("MNIST: --train mlp, pause/resume, drawing, save and screenshots during training")
    events = os.path.join(tmp, "events.jsonl")
    app = Studio(args, events, ["--size", "1280x800", "--train", "mlp", "--epochs", str(args.epochs), "--batch", "64",
                                "--data", args.data])
    try:
        start = state_event(app, "running", 60, since=0)
        started = app.events.all.index(start)
        app.events.wait(lambda e: e["event"] == "epoch", 120, "the first epoch event", since=started)

        # Pause within 100 ms of the click, and no step while paused.
        m = app.events.mark()
        clicked = click(app, "buttons", "Pause")
        paused = state_event(app, "paused", 5, since=m)
        latency = (paused["time"] - clicked) * 1000  # the app's clock when it wrote the event
        note("  paused %.0f ms after the click (at step %d)" % (latency, paused["global_step"]))
        if latency > 100:
            timing_miss("pause took %.0f ms (> 100 ms)" % latency)
        m = app.events.mark()
        time.sleep(1.5)
        steps = {e["training_step"] for e in app.events.since(m, "frames") if "training_step" in e}
        if not steps:
            fail("no frames events while paused")
        if steps != {paused["global_step"]}:
            fail("training went on while paused: steps %s" % sorted(steps))

        # Save As while (paused) training; the file has the accuracy the app showed.
        saved = os.path.join(tmp, "during-training.safetensors")
        m = app.events.mark()
        app.key("ctrl+shift+s")
        app.type_path(saved)
        save = app.events.wait(lambda e: e["event"] in ("model_saved", "error"), 30, "Save As", since=m)
        if save["event"] != "model_saved":
            fail("Save As during training failed: %r" % save)
        epoch = save.get("epochs_done")
        shown = [e for e in app.events.all if e["event"] == "epoch" and e["epoch"] == epoch]
        if not shown:
            fail("the saved snapshot is of epoch %r, which the app never reported" % epoch)
        app_acc = 100.0 * shown[-1]["test_acc"]
        file_acc = evaluate_accuracy(args, saved)
        note("  saved at epoch %d: the app showed %.2f%%, nnfs evaluate gives %.2f%%" % (epoch, app_acc, file_acc))
        if abs(round(app_acc, 2) - file_acc) > 0.005:
            fail("saved model accuracy %.2f%% differs from the app's %.2f%%" % (file_acc, app_acc))

        m = app.events.mark()
        clicked = click(app, "buttons", "Resume")
        running = state_event(app, "running", 5, since=m)
        resumed = m
        latency = (running["time"] - clicked) * 1000
        note("  resumed %.0f ms after the click" % latency)
        if latency > 100:
            timing_miss("resume took %.0f ms (> 100 ms)" % latency)

        # Screenshots of the tabs while it trains.
        time.sleep(0.5)
        app.screenshot("train-01-training-tab-1280x800.png")
        for i, tab in enumerate(["Plots", "Mistakes", "Confusion"], start=2):
            tab_screenshot(app, tab, "train-%02d-%s-1280x800.png" % (i, tab.lower()))
            if tab == "Plots":
                save_plots_png(app, os.path.join(tmp, "plots.png"), args.out)

        # Drawing during training gives predictions.
        m = app.events.mark()
        app.stroke(vertical())
        preds = [e for e in app.events.since(m, "prediction") if e["label"] is not None]
        if not preds:
            fail("no prediction events for a stroke drawn during training")
        note("  %d prediction events for a stroke during training, last label %s" % (len(preds), preds[-1]["label"]))

        if any(e["event"] == "training_state" and e["state"] != "running" for e in app.events.since(resumed)):
            fail("training ended before the screenshots and the stroke were done (use more --epochs)")

        # Quitting during the run asks "Stop training and save?"; Enter: stop, save (to the file
        # saved above) and quit.
        m = app.events.mark()
        app.key("ctrl+q")
        time.sleep(0.3)
        app.key("Return", quits=True)
        end = state_event(app, "stopped", 10, since=m)
        save = app.events.wait(lambda e: e["event"] in ("model_saved", "error"), 15, "the save after Stop", since=m)
        if save["event"] != "model_saved" or save["path"] != saved:
            fail("Stop & save: %r" % save)
        try:
            app.proc.wait(15)
        except subprocess.TimeoutExpired:
            fail("the app did not quit after Stop & save")
        epochs = [e for e in app.events.all if e["event"] == "epoch"]
        check_epoch_keys(epochs)
        if [e["epoch"] for e in epochs] != list(range(1, len(epochs) + 1)) or len(epochs) < 2:
            fail("epoch events %s" % [e["epoch"] for e in epochs])
        note("  epochs: " + ", ".join("%d: test_acc %.4f (%.1f s)" % (e["epoch"], e["test_acc"], e["seconds"])
                                      for e in epochs))

        # The longest frame of every second of the run (from the second report on: the first one
        # also covers frames before the run started).
        # Reports covering a screenshot are left out: writing the PNG (F12, the test's own doing)
        # takes ~100 ms on the UI thread.
        ended = app.events.all.index(end)
        frames, shot = [], False
        for e in app.events.all[started:ended + 1]:
            if e["event"] == "screenshot":
                shot = True  # written during the second this frames report covers
            elif e["event"] == "frames":
                if not shot:
                    frames.append(e)
                shot = False
        frames = frames[1:]
        worst = max(e["max_ms"] for e in frames)
        note("  frames during training: %d reports, longest frame %.1f ms (UI thread CPU %.1f ms), median of the "
             "per-second maxima %.1f ms" % (len(frames), worst, max(frames, key=lambda e: e["max_ms"])["max_cpu_ms"],
                                            sorted(e["max_ms"] for e in frames)[len(frames) // 2]))
        slowest = max(frames, key=lambda e: e["max_ms"])
        note("  the longest frame's phases (ms): " + ", ".join("%s %.1f" % kv for kv in slowest["max_phases_ms"].items()))
        note("  per-second longest frames (ms): " + " ".join("%.0f/%.0f" % (e["max_ms"], e["max_cpu_ms"]) for e in frames))
        if worst >= 50:
            timing_miss("a frame took %.1f ms during training (>= 50 ms; load average %s)"
                        % (worst, open("/proc/loadavg").read().split()[0]))
        note("  Stop & save wrote %s at epoch %s" % (saved, end["epoch"]))
    finally:
        app.kill()
        shutil.copy(events, os.path.join(args.out, "train-events.jsonl"))


def write_mnist_subset(data_dir, out_dir, train_rows, test_rows):
    """The first rows of MNIST's train and test splits as an MNIST-style folder of raw IDX files."""
    os.makedirs(out_dir, exist_ok=True)

    def copy(name, header, row_size, rows):
        path = os.path.join(data_dir, name)
        with (open(path, "rb") if os.path.exists(path) else gzip.open(path + ".gz", "rb")) as f:
            head = bytearray(f.read(header))
            body = f.read(rows * row_size)
        head[4:8] = struct.pack(">I", rows)
        with open(os.path.join(out_dir, name), "wb") as f:
            f.write(bytes(head) + body)
    copy("train-images-idx3-ubyte", 16, 784, train_rows)
    copy("train-labels-idx1-ubyte", 8, 1, train_rows)
    copy("t10k-images-idx3-ubyte", 16, 784, test_rows)
    copy("t10k-labels-idx1-ubyte", 8, 1, test_rows)


def resume_session(args, tmp):
    note("One run across two launches: pause mid-epoch, Stop & save, relaunch, Continue training")
    data = os.path.join(tmp, "mnist-2000")
    write_mnist_subset(args.data, data, 2000, 500)  # batches of 64: 32 steps per epoch
    epochs, pause_at = 3, 40
    saved = os.path.join(tmp, "resumable.safetensors")
    events = os.path.join(tmp, "events-resume-1.jsonl")
    app = Studio(args, events, ["--size", "1280x800", "--train", "mlp", "--epochs", str(epochs), "--batch", "64",
                                "--data", data, "--pause-at", str(pause_at)])
    try:
        paused = state_event(app, "paused", 120, since=0)
        if paused["global_step"] != pause_at:
            fail("--pause-at %d paused at step %d" % (pause_at, paused["global_step"]))
        m = app.events.mark()
        app.key("ctrl+shift+s")
        app.type_path(saved)
        save = app.events.wait(lambda e: e["event"] in ("model_saved", "error"), 30, "Save As", since=m)
        if save["event"] != "model_saved" or not save.get("checkpoint"):
            fail("Save As while paused did not write a checkpoint: %r" % save)
        m = app.events.mark()
        app.key("ctrl+q")
        time.sleep(0.3)
        app.key("Return", quits=True)  # Stop & save
        end = state_event(app, "stopped", 10, since=m)
        save = app.events.wait(lambda e: e["event"] in ("model_saved", "error"), 15, "the save after Stop", since=m)
        if save["event"] != "model_saved" or save["path"] != saved or save.get("step") != pause_at % 32:
            fail("Stop & save: %r" % save)
        app.proc.wait(15)
        note("  stopped at step %d (epoch %d, batch %d); %s is a checkpoint"
             % (end["global_step"], save["epochs_done"] + 1, save["step"], saved))
    finally:
        app.kill()
        shutil.copy(events, os.path.join(args.out, "train-events-resume-1.jsonl"))

    events = os.path.join(tmp, "events-resume-2.jsonl")
    app = Studio(args, events, ["--size", "1280x800", "--model", saved, "--data", data])
    try:
        app.events.wait(lambda e: e["event"] == "model_loaded", 30, "the checkpoint opened", since=0)
        click(app, "tabs", "Training")
        time.sleep(0.3)
        m = app.events.mark()
        click(app, "buttons", "Continue")
        end = app.events.wait(lambda e: e["event"] == "training_state" and e["state"] in ("finished", "failed"),
                              300, "the end of the continued run", since=m)
        if end["state"] != "finished":
            fail("the continued run ended as %r" % end)
        done = [e["epoch"] for e in app.events.since(m, "epoch")]
        if done != list(range(2, epochs + 1)):
            fail("the continued run reported epochs %s, expected 2..%d" % (done, epochs))
        m = app.events.mark()
        app.key("ctrl+s")
        save = app.events.wait(lambda e: e["event"] in ("model_saved", "error"), 15, "Save", since=m)
        if save["event"] != "model_saved" or save["path"] != saved or save.get("checkpoint"):
            fail("saving the finished run: %r" % save)
        app.key("ctrl+q", quits=True)
        app.proc.wait(15)
    finally:
        app.kill()
        shutil.copy(events, os.path.join(args.out, "train-events-resume-2.jsonl"))

    # The same run without a pause, as `nnfs train` makes it (the studio trains on every core but
    # the UI's; the result does not depend on the thread count, but the run is the same anyway).
    cli = os.path.join(tmp, "cli.safetensors")
    threads = max(1, (os.cpu_count() or 2) - 1)
    out = subprocess.run([args.nnfs, "train", "--data", data, "--model", "mlp", "--epochs", str(epochs), "--batch",
                          "64", "--seed", "1", "--threads", str(threads), "--out", cli],
                         capture_output=True, text=True, timeout=600)
    if out.returncode != 0:
        fail("nnfs train failed: " + out.stderr)
    same = subprocess.run(["cmp", saved, cli], capture_output=True, text=True)
    if same.returncode != 0:
        fail("the studio's continued run differs from nnfs train's: " + same.stdout.strip())
    note("  cmp: the continued run's file equals nnfs train's (%d bytes)" % os.path.getsize(cli))


def fashion_session(args, tmp):
    note("Fashion-MNIST: clothing names, a run to its end")
    events = os.path.join(tmp, "events-fashion.jsonl")
    app = Studio(args, events, ["--size", "1280x800", "--train", "mlp", "--epochs", "2", "--data", "fashion"])
    try:
        new = app.events.wait(lambda e: e["event"] == "model_new", 60, "the new model", since=0)
        if "T-shirt/top" not in new.get("classes", []):
            fail("the Fashion-MNIST model's classes are %r" % new.get("classes"))
        note("  classes: " + ", ".join(new["classes"]))
        end = app.events.wait(lambda e: e["event"] == "training_state" and e["state"] in ("finished", "failed"),
                              300, "the end of the Fashion-MNIST run", since=0)
        if end["state"] != "finished":
            fail("the Fashion-MNIST run ended as %r" % end)
        epochs = [e for e in app.events.all if e["event"] == "epoch"]
        check_epoch_keys(epochs)
        if [e["epoch"] for e in epochs] != [1, 2]:
            fail("Fashion-MNIST epoch events %s" % [e["epoch"] for e in epochs])
        note("  finished: test_acc %.4f after 2 epochs" % epochs[-1]["test_acc"])
        # Start a new model while the trained one is unsaved: it asks first; Escape keeps the model.
        click(app, "tabs", "Training")
        time.sleep(0.3)
        m = app.events.mark()
        click(app, "buttons", "Start")
        q = app.events.wait(lambda e: e["event"] == "question", 5, "the replace-model question", since=m)
        note("  Start asked: " + q["text"])
        app.key("Escape")
        time.sleep(1.0)
        if app.events.since(m, "training_state") or app.events.since(m, "model_new"):
            fail("Start went ahead although the question was cancelled")
        app.stroke(vertical())
        tab_screenshot(app, "Confusion", "train-05-fashion-confusion-1280x800.png")
        tab_screenshot(app, "Mistakes", "train-06-fashion-mistakes-1280x800.png")
        quit_without_saving(app)
    finally:
        app.kill()
        shutil.copy(events, os.path.join(args.out, "train-events-fashion.jsonl"))


def write_mnist_csv(data_dir, path, rows):
    """The first `rows` MNIST training digits as a labelled CSV (header, label then 784 pixels)."""
    def idx(name, header, size):
        path = os.path.join(data_dir, name)
        with (open(path, "rb") if os.path.exists(path) else gzip.open(path + ".gz", "rb")) as f:
            f.read(header)
            return f.read(size)
    images = idx("train-images-idx3-ubyte", 16, rows * 784)
    labels = idx("train-labels-idx1-ubyte", 8, rows)
    with open(path, "w") as out:
        out.write("label," + ",".join("pixel%d" % i for i in range(784)) + "\n")
        for r in range(rows):
            out.write("%d,%s\n" % (labels[r], ",".join(map(str, images[r * 784:(r + 1) * 784]))))


def choose_csv_and_start(app, path):
    """Training tab: CSV file, Choose… (the file dialog), then Start new model, answering the
    replace-model question with Enter. Returns the event mark from before Start."""
    click(app, "tabs", "Training")
    time.sleep(0.3)
    click(app, "buttons", "CSV file")
    click(app, "buttons", "Choose CSV")
    app.type_path(path)
    time.sleep(0.3)
    m = app.events.mark()
    click(app, "buttons", "Start")
    q = app.events.wait(lambda e: e["event"] in ("question", "error", "model_new"), 10, "Start's answer", since=m)
    if q["event"] == "question":
        app.key("Return")
    return m


def csv_session(args, tmp):
    note("CSV data: a bad file is reported and changes nothing, a good one trains")
    good, bad = os.path.join(tmp, "digits.csv"), os.path.join(tmp, "broken.csv")
    write_mnist_csv(args.data, good, 2000)
    with open(good) as f, open(bad, "w") as out:
        lines = f.readlines()[:5]
        lines[3] = "7,0,0,0\n"  # line 4: 4 columns instead of 785
        out.writelines(lines)
    events = os.path.join(tmp, "events-csv.jsonl")
    app = Studio(args, events, ["--size", "1280x800"])
    try:
        opened = app.events.wait(lambda e: e["event"] == "model_loaded", 30, "the bundled model", since=0)
        m = choose_csv_and_start(app, bad)
        err = app.events.wait(lambda e: e["event"] == "error", 30, "the error for the broken CSV", since=m)
        if "broken.csv" not in err["message"] or "line 4" not in err["message"]:
            fail("the broken CSV's error does not name the file and line: %r" % err["message"])
        note("  error: " + err["message"])
        if app.events.since(m, "model_new") or app.events.since(m, "training_state"):
            fail("a broken CSV replaced the open model or started training")
        app.key("Escape")  # closes the error dialog
        time.sleep(0.3)
        m = choose_csv_and_start(app, good)
        new = app.events.wait(lambda e: e["event"] == "model_new", 60, "the new model", since=m)
        end = app.events.wait(lambda e: e["event"] == "training_state" and e["state"] in ("finished", "failed"),
                              120, "the end of the CSV run", since=m)
        if end["state"] != "finished":
            fail("the CSV run ended as %r" % end)
        epochs = [e for e in app.events.since(m, "epoch")]
        check_epoch_keys(epochs)
        if not epochs or epochs[-1]["train_acc"] < 0.8:
            fail("the CSV run did not learn: %r" % epochs[-1:])
        note("  %s replaced by a new model (classes %s); %d epochs on %s, last train_acc %.4f"
             % (opened.get("path", "the open model"), ",".join(new.get("classes", [])), len(epochs), good,
                epochs[-1]["train_acc"]))
        tab_screenshot(app, "Training", "train-07-csv-1280x800.png")
        quit_without_saving(app)
    finally:
        app.kill()
        shutil.copy(events, os.path.join(args.out, "train-events-csv.jsonl"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--studio", required=True)
    ap.add_argument("--nnfs", required=True)
    ap.add_argument("--data", default="data/mnist")
    ap.add_argument("--epochs", type=int, default=200)
    ap.add_argument("--out", required=True)
    # Frame times and latencies are measurements of a shared machine, not of our code alone
    # (GUIDE: performance targets are figures, never timed tests). The test suite prints them;
    # --strict-timing turns a miss into a failure, for a measurement run on a quiet machine.
    ap.add_argument("--strict-timing", action="store_true")
    args = ap.parse_args()
    args.data = os.path.abspath(args.data)
    outer = begin(args, args.data, "MNIST")
    if outer is not None:
        return outer
    with private_home("nnfs-studio-train-e2e-") as tmp:
        os.environ["NNFS_RUNS_DIR"] = os.path.join(tmp, "runs")  # nnfs train records its run there
        mnist_session(args, tmp)
        resume_session(args, tmp)
        csv_session(args, tmp)
        # The studio offers Fashion-MNIST and scripts/setup.sh installs it: missing is a failure.
        if not os.path.isdir(FASHION_DIR):
            fail("no Fashion-MNIST in %s: install the Debian package dataset-fashion-mnist "
                 "(scripts/setup.sh does)" % FASHION_DIR)
        fashion_session(args, tmp)
    if TIMING_MISSES:
        if args.strict_timing:
            fail("timing: " + "; ".join(TIMING_MISSES))
        note("timing targets missed on this run (reported, not enforced without --strict-timing): "
             + "; ".join(TIMING_MISSES))
    note("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
