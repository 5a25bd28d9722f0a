#!/usr/bin/env python3
"""End-to-end test of "Teach the model my digits" (issue 15, acceptance 2): the real app under Xvfb,
driven by real X11 input (xdotool).

    studio_teach_e2e.py --studio BIN --nnfs BIN --model FILE --data DIR --out DIR

Checks:
  * 21 drawings (seven each of 1, 0 and 7), each labelled with its key, are kept; after a kill -9
    and a relaunch `my_digits_opened` reports all 21 and the store holds 21 PNGs;
  * clicking "Teach the model my digits" in the My digits tab (on a small MNIST subset: 2000
    training and 500 test images) gives `teach_started` (the held-out digits by id, 1 epoch), a
    run that finishes and is recorded in the run library, and `teach_result` whose rows are what
    the panel shows;
  * "Save the taught model as…" writes the model; the before → after numbers equal what
    `nnfs evaluate --input HELDOUT` (the held-out digits exported from the store as a folder with
    labels.csv) and `nnfs evaluate --data SUBSET` report for the model before and the saved model,
    to the panel's two decimals, with the same counts;
  * Undo gives `teach_undone`, and the Undo button gives way to the note;
  * screenshots of labelling, the My digits tab and the result, at 1280x800 and at 1920x1080
    (a second teaching in a 1920x1080 window).

Exit codes: 0 pass, 1 fail, 77 skipped (no xvfb-run, xdotool or MNIST). Standard library only.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import studio_e2e  # noqa: E402
from studio_digits import click_tab, label_digits, store_labels  # noqa: E402
from studio_e2e import Studio, begin, fail, note, private_home, vertical  # noqa: E402
from studio_train_e2e import click, state_event, write_mnist_subset  # noqa: E402

DIGITS = 21


def evaluate(args, model, *data):
    """(accuracy in %, sample count) that `nnfs evaluate` prints for `model` on `data`."""
    out = subprocess.run([args.nnfs, "evaluate", "--model", model, *data], capture_output=True, text=True,
                         timeout=300)
    if out.returncode != 0:
        fail("nnfs evaluate %s failed: %s" % (" ".join(data), out.stderr))
    acc = re.search(r"^accuracy\s+([0-9.]+)%", out.stdout, re.M)
    count = re.search(r"^data\s+.*\((\d+) samples\)", out.stdout, re.M)
    if not acc or not count:
        fail("no accuracy or sample count in nnfs evaluate's output: " + out.stdout)
    return acc.group(1), int(count.group(1))


def export_held_out(store, ids, target):
    """The held-out digits as `nnfs evaluate --input` reads them: their PNGs and labels.csv."""
    live = store_labels(store)
    os.makedirs(target)
    lines = ["file,label"]
    for i in ids:
        name, label = live[i]
        shutil.copy(os.path.join(store, name), os.path.join(target, name))
        lines.append("%s,%d" % (name, label))
    with open(os.path.join(target, "labels.csv"), "w") as f:
        f.write("\n".join(lines) + "\n")


def check_cell(cell, accuracy, count, what):
    """A panel cell "97.40% (487/500)" against nnfs evaluate's accuracy and count."""
    m = re.fullmatch(r"([0-9.]+)% \((\d+)/(\d+)\)", cell)
    if not m or m.group(1) != accuracy or int(m.group(3)) != count:
        fail("%s: the panel shows %r, nnfs evaluate reports %s%% of %d" % (what, cell, accuracy, count))
    note("  %s: panel %s, nnfs evaluate %s%% of %d samples" % (what, cell, accuracy, count))


def teach(app, shot):
    """Clicks Teach in the My digits tab; returns (teach_started, teach_result)."""
    click_tab(app, "My digits")
    app.events.wait(lambda e: e["event"] == "dataset_loaded", 60, "the dataset", since=0)
    app.events.settle(0.3)
    m = app.events.mark()
    click(app, "buttons", "Teach")
    started = app.events.wait(lambda e: e["event"] in ("teach_started", "error"), 120, "teach_started", since=m)
    if started["event"] == "error":
        fail("teaching did not start: %s" % started["message"])
    state_event(app, "finished", 300, since=m)
    result = app.events.wait(lambda e: e["event"] == "teach_result", 120, "teach_result", since=m)
    app.events.settle(0.5)
    app.screenshot(shot)
    note("  held out %d digits (ids %r), taught %d; %s" % (started["held_out"], started["held_out_ids"],
                                                           started["taught"], result["rows"]))
    if result["state"] != "finished" or started["epochs"] != 1 or started["held_out"] != len(started["held_out_ids"]):
        fail("unexpected teaching events: %r %r" % (started, result))
    return started, result


def save_taught(app, path):
    m = app.events.mark()
    click(app, "buttons", "Save taught model")
    app.type_path(path)
    e = app.events.wait(lambda e: e["event"] in ("model_saved", "error"), 30, "the taught model saved", since=m)
    if e["event"] == "error" or not os.path.exists(path):
        fail("saving the taught model failed: %r" % e)


def check_numbers(args, tmp, store, model, saved, subset, started, result):
    heldout = os.path.join(tmp, "held-out")
    export_held_out(store, started["held_out_ids"], heldout)
    mine, mnist = result["rows"]
    for row, which, data in ((mine, "held-out digits", ["--input", heldout]), (mnist, "MNIST test", ["--data", subset])):
        check_cell(row["before"], *evaluate(args, model, *data), which + " before")
        check_cell(row["after"], *evaluate(args, saved, *data), which + " after")


def check_recorded(args, runs):
    out = subprocess.run([args.nnfs, "runs", "list", "--runs-dir", runs, "--json"], capture_output=True, text=True,
                         timeout=60)
    if out.returncode != 0 or '"finished"' not in out.stdout:
        fail("the teaching run is not a finished run of the library: %s %s" % (out.stdout, out.stderr))
    note("  recorded in the run library")


def undo(app):
    m = app.events.mark()
    click(app, "buttons", "Undo teach")
    app.events.wait(lambda e: e["event"] == "teach_undone", 15, "teach_undone", since=m)
    app.events.settle(0.5)
    note("  Undo: the model from before is open again")


def labelled_and_killed(args, tmp, extra, store):
    app = Studio(args, os.path.join(tmp, "events1.jsonl"), extra)
    try:
        counts = label_digits(app, DIGITS, enter_at=None, screenshot="teach-01-labelling-1280x800.png")
    finally:
        app.proc.kill()  # SIGKILL: no clean shutdown
        app.proc.wait()
    note("kill -9, relaunch")
    pngs = [f for f in os.listdir(store) if f.endswith(".png")]
    if len(pngs) != DIGITS:
        fail("expected %d PNGs in %s, found %d" % (DIGITS, store, len(pngs)))
    return counts


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--studio", required=True)
    ap.add_argument("--nnfs", required=True)
    ap.add_argument("--model", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    studio_e2e.SCREEN = "-screen 0 1920x1080x24"  # room for the 1920x1080 window
    outer = begin(args, os.path.join(args.data, "train-labels-idx1-ubyte"), "MNIST")
    if outer is not None:
        return outer
    with private_home("nnfs-studio-teach-") as tmp:
        runs = os.environ["NNFS_RUNS_DIR"] = os.path.join(tmp, "runs")
        store = os.path.join(tmp, "data", "nnfs-studio", "my-digits")
        subset = os.path.join(tmp, "mnist-small")
        write_mnist_subset(args.data, subset, 2000, 500)
        model = os.path.join(tmp, "model.safetensors")  # a copy: nothing may write over the bundled model
        shutil.copy(args.model, model)
        extra = ["--size", "1280x800", "--model", model, "--data", subset]
        counts = labelled_and_killed(args, tmp, extra, store)

        app = Studio(args, os.path.join(tmp, "events2.jsonl"), extra)
        try:
            opened = app.events.wait(lambda e: e["event"] == "my_digits_opened", 10, "my_digits_opened", since=0)
            if opened["total"] != DIGITS or opened["counts"] != counts or opened["note"]:
                fail("after kill -9 the store holds %r" % opened)
            note("  all %d are back: counts %r" % (DIGITS, opened["counts"]))
            click_tab(app, "My digits")
            app.screenshot("teach-02-my-digits-1280x800.png")
            note("teach")
            started, result = teach(app, "teach-03-result-1280x800.png")
            saved = os.path.join(tmp, "taught.safetensors")
            save_taught(app, saved)
            check_numbers(args, tmp, store, model, saved, subset, started, result)
            check_recorded(args, runs)
            undo(app)
            app.screenshot("teach-04-undone-1280x800.png")
        finally:
            app.kill()

        note("1920x1080")
        app = Studio(args, os.path.join(tmp, "events3.jsonl"), ["--size", "1920x1080", "--model", model, "--data", subset])
        try:
            app.stroke(vertical())
            app.screenshot("teach-05-labelling-1920x1080.png")
            app.key("Delete")
            click_tab(app, "My digits")
            app.screenshot("teach-06-my-digits-1920x1080.png")
            teach(app, "teach-07-result-1920x1080.png")
        finally:
            app.kill()
    note("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
