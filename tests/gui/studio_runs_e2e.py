#!/usr/bin/env python3
"""End-to-end test of the studio's run library (issue 14, acceptance 3): the real app under Xvfb,
driven by real X11 input.

    studio_runs_e2e.py --studio BIN --nnfs BIN [--data DIR] --out DIR

Checks:
  * three `nnfs train` runs (adam, sgd with momentum, rmsprop; a 3000-digit CSV, 3 epochs) in a
    temporary NNFS_RUNS_DIR, and a damaged run folder, are listed by the Runs tab (runs_listed:
    3 finished, 1 damaged);
  * ticking the three (clicks on their tick boxes) follows their histories (a run_curves event with
    3 epochs each) and the Plots tab overlays them (screenshots at 1280x800, x = epoch and time);
  * an `nnfs train` started from a terminal while the app is open appears in the tab, and once
    ticked its curves grow while it runs (run_curves events with more and more batches);
  * a terminal run killed with SIGKILL lists as interrupted; its right-click menu's "Resume
    training" continues it in the app into the same run directory, which ends finished;
  * in a second session at 1920x1080, a run started in the app (--train, paused at step 100) gets a
    learning-rate change typed into the Training tab's steering row: the run_change event says it
    applied before batch 101, the Plots tab shows its marker (screenshot); the run stopped in the
    app is in the library as stopped, `nnfs train --resume` continues it with the changed rate, and
    `nnfs runs show` lists the change in the run's history.
Screenshots land in --out. Exit codes: 0 pass, 1 fail, 77 skipped (no xvfb-run, xdotool or MNIST).
Standard library only.
"""
import argparse
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from studio_e2e import Studio, begin, fail, note, private_home, xdo  # noqa: E402
from studio_train_e2e import click, latest_layout, state_event, write_mnist_csv  # noqa: E402

OPTIMIZERS = [("adam", []), ("sgd-momentum", ["--optimizer", "sgd", "--momentum", "0.9", "--lr", "0.05"]),
              ("rmsprop", ["--optimizer", "rmsprop"])]


def nnfs(args, *argv, check=True):
    out = subprocess.run([args.nnfs, *argv], capture_output=True, text=True, timeout=600)
    if check and out.returncode != 0:
        fail("nnfs %s failed (%d): %s" % (" ".join(argv), out.returncode, out.stderr))
    return out


def cli_runs(args, csv):
    for name, flags in OPTIMIZERS:
        nnfs(args, "train", "--train", csv, "--validation-split", "0.1", "--epochs", "3", "--batch", "64",
             "--threads", "1", "--name", name, *flags)
    listed = json.loads(nnfs(args, "runs", "list", "--json").stdout)
    note("  nnfs runs list --json: " + ", ".join("%s %s %.2f%%" % (r["name"], r["state"], 100 * r["best_test_acc"])
                                                  for r in listed))
    return {r["name"]: r["id"] for r in listed}


def curves_event(app, run_id, predicate, what, timeout=30, since=0):
    try:
        return app.events.wait(lambda e: e["event"] == "run_curves" and e["id"] == run_id and predicate(e), timeout,
                               what, since=since)
    except SystemExit:
        note("  run_curves events of %s: %s" % (run_id, [e for e in app.events.all if e["event"] == "run_curves"
                                                          and e["id"] == run_id]))
        raise


def tick(app, name):
    m = app.events.mark()
    click(app, "buttons", "tick " + name)
    app.events.wait(lambda e: e["event"] == "runs_ticked", 10, "runs_ticked after ticking " + name, since=m)


def compare_session(args, tmp, ids):
    note("Runs tab: the CLI's runs, three overlaid, a terminal run followed live")
    app = Studio(args, os.path.join(tmp, "events-compare.jsonl"), ["--size", "1280x800", "--model", args.model])
    try:
        listed = app.events.wait(lambda e: e["event"] == "runs_listed" and e["count"] == 4, 30,
                                 "runs_listed with 4 runs", since=0)
        if listed["states"] != {"finished": 3, "damaged": 1}:
            fail("expected 3 finished runs and a damaged one: %r" % listed)
        click(app, "tabs", "Runs")
        time.sleep(0.4)
        app.screenshot("runs-list-1280x800.png")
        for name, _ in OPTIMIZERS:
            tick(app, name)
        for name, _ in OPTIMIZERS:
            e = curves_event(app, ids[name], lambda e: e["epochs"] == 3, "the curves of " + name)
            note("  %s followed: %d batches, %d epochs" % (name, e["batches"], e["epochs"]))
        time.sleep(0.5)
        app.screenshot("runs-compare-1280x800.png")
        click(app, "buttons", "x time (s)")
        time.sleep(0.4)
        app.screenshot("runs-compare-time-1280x800.png")
        click(app, "buttons", "x epoch")

        # A run started from a terminal now: listed, and followed live once ticked.
        m = app.events.mark()
        live = subprocess.Popen([args.nnfs, "train", "--data", args.data, "--model", "cnn", "--epochs", "1", "--batch", "64",
                                 "--threads", "1", "--name", "terminal"], stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, text=True)
        try:
            app.events.wait(lambda e: e["event"] == "runs_listed" and e["count"] == 5, 30,
                            "the terminal run in the list", since=m)
            tick(app, "terminal")
            ids["terminal"] = [e for e in app.events.all if e["event"] == "runs_ticked"][-1]["ids"][-1]
            first = curves_event(app, ids["terminal"], lambda e: e["batches"] > 0 and e["state"] == "running",
                                 "the terminal run's first curves", since=m)
            later = curves_event(app, ids["terminal"],
                                 lambda e: e["batches"] > first["batches"] and e["state"] == "running",
                                 "the terminal run's curves growing", since=m)
            note("  terminal run followed while it trains: %d batches, then %d" % (first["batches"], later["batches"]))
            app.screenshot("runs-live-1280x800.png")
            if live.wait(600) != 0:
                fail("the terminal nnfs train failed: " + live.stderr.read())
        finally:
            if live.poll() is None:
                live.kill()
        done = curves_event(app, ids["terminal"], lambda e: e["state"] == "finished" and e["epochs"] == 1,
                            "the terminal run finished in the tab", since=m)
        note("  terminal run finished: %d batches, %d epochs" % (done["batches"], done["epochs"]))
        app.screenshot("runs-live-finished-1280x800.png")
        resume_killed_run(args, app)
        app.key("ctrl+q")
        app.key("ctrl+d", quits=True)  # Don't Save: the run library has the model
        app.proc.wait(15)
    finally:
        app.kill()


def resume_killed_run(args, app):
    """kill -9 of a terminal run: listed as interrupted; Resume training (the run's right-click
    menu) continues it in the studio into the same run, which ends finished."""
    m = app.events.mark()
    killed = subprocess.Popen([args.nnfs, "train", "--data", args.data, "--model", "cnn", "--epochs", "3", "--batch", "16",
                               "--threads", "1", "--name", "killed"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    app.events.wait(lambda e: e["event"] == "runs_listed" and e["count"] == 6, 30, "the run to kill listed", since=m)
    time.sleep(2)
    if killed.poll() is not None:
        fail("the run to kill ended by itself (exit %s) before it was killed" % killed.returncode)
    killed.kill()  # SIGKILL: no chance to write anything
    killed.wait()
    app.events.wait(lambda e: e["event"] == "runs_listed" and e["states"].get("interrupted") == 1, 30,
                    "the killed run listed as interrupted", since=m)
    click(app, "buttons", "run killed", timeout=10)  # a left click selects; the menu is the right button's
    x, y, w, h = latest_layout(app)["buttons"]["run killed"]
    xdo("mousemove", "--window", app.wid, int(x + w / 2), int(y + h / 2))
    xdo("click", 3)
    time.sleep(0.3)
    m2 = app.events.mark()
    click(app, "buttons", "menu Resume training")
    app.events.wait(lambda e: e["event"] == "run_resuming", 30, "run_resuming", since=m2)
    state_event(app, "running", 60, since=m2)
    app.screenshot("runs-resumed-1280x800.png")
    state_event(app, "finished", 600, since=m2)
    listed = {r["name"]: r for r in json.loads(nnfs(args, "runs", "list", "--json").stdout)}
    if listed["killed"]["state"] != "finished" or listed["killed"]["epochs"] != 3:
        fail("the resumed run is not finished in the library: %r" % listed["killed"])
    note("  killed run resumed in the studio: %s, best %.2f%%" % (listed["killed"]["state"],
                                                                   100 * listed["killed"]["best_test_acc"]))


def steer_session(args, tmp):
    note("Steering: a learning-rate change during a studio run, marked and recorded")
    app = Studio(args, os.path.join(tmp, "events-steer.jsonl"),
                 ["--size", "1920x1080", "--train", "mlp", "--epochs", "2", "--batch", "64", "--data", args.data,
                  "--pause-at", "100"])
    try:
        state_event(app, "paused", 120, since=0)
        click(app, "buttons", "Steer lr")
        time.sleep(0.2)
        app.key("ctrl+a")
        xdo("type", "--delay", 30, "0.0002")
        time.sleep(0.2)
        m = app.events.mark()
        click(app, "buttons", "Apply change")
        sent = app.events.wait(lambda e: e["event"] in ("run_change_sent", "error"), 10, "the change sent", since=m)
        if sent["event"] != "run_change_sent" or abs(sent["change"].get("lr", 0) - 2e-4) > 1e-9:
            fail("the change was not sent as lr 0.0002: %r" % sent)
        click(app, "buttons", "Resume")
        applied = app.events.wait(lambda e: e["event"] == "run_change", 30, "run_change", since=m)
        note("  applied: %s at epoch %d before batch %d (%d batches done)"
             % (applied["text"], applied["epoch"], applied["step"] + 1, applied["batches"]))
        if applied["batches"] != 100:
            fail("the change applied after %d batches, expected 100 (the paused step)" % applied["batches"])
        app.events.wait(lambda e: e["event"] == "epoch", 300, "the first epoch after the change", since=m)
        click(app, "buttons", "Stop")
        stopped = state_event(app, "stopped", 60, since=m)
        note("  stopped in the app at epoch %d, step %d" % (stopped["epoch"], stopped["global_step"]))
        click(app, "tabs", "Plots")
        time.sleep(0.5)
        app.screenshot("runs-steer-marker-1920x1080.png")
        click(app, "tabs", "Runs")
        time.sleep(0.5)
        app.screenshot("runs-list-1920x1080.png")
        app.key("ctrl+q")
        app.key("ctrl+d", quits=True)  # Don't Save: the run library has the model
        app.proc.wait(15)
    finally:
        app.kill()
    listed = json.loads(nnfs(args, "runs", "list", "--json").stdout)
    studio = [r for r in listed if r["name"] not in ("adam", "sgd-momentum", "rmsprop", "terminal", "killed", "broken-run")]
    if len(studio) != 1 or studio[0]["state"] != "stopped":
        fail("the studio's run is not in the library as stopped: %r" % listed)
    # `nnfs train --resume` continues the studio's run with the changed learning rate.
    run_id = studio[0]["id"]
    nnfs(args, "train", "--resume", run_id, "--threads", "1")
    with open(os.path.join(studio[0]["dir"], "history.jsonl")) as f:
        lines = [json.loads(line) for line in f]
    resumed = max(i for i, line in enumerate(lines) if line["kind"] == "state" and line.get("resumed"))
    rates = {line["lr"] for line in lines[resumed:] if line["kind"] == "batch"}
    if not rates or any(abs(r - 2e-4) > 1e-9 for r in rates):
        fail("the resumed run's batches used learning rates %s, expected the changed 0.0002" % sorted(rates))
    finished = json.loads(nnfs(args, "runs", "show", run_id, "--json").stdout)
    note("  nnfs train --resume %s: %d batches at lr %s, run %s" % (
        run_id, sum(1 for line in lines[resumed:] if line["kind"] == "batch"), sorted(rates),
        finished["summary"]["state"]))
    show = nnfs(args, "runs", "show", run_id).stdout
    change_lines = [line for line in show.splitlines() if "change" in line.lower() or "0.0002" in line]
    if not any("0.0002" in line for line in change_lines):
        fail("nnfs runs show does not list the lr change:\n" + show)
    note("  nnfs runs show %s:\n    %s" % (studio[0]["id"], "\n    ".join(change_lines)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--studio", required=True)
    ap.add_argument("--nnfs", required=True)
    ap.add_argument("--model", required=True)
    ap.add_argument("--data", default="data/mnist")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    args.data = os.path.abspath(args.data)
    outer = begin(args, args.data, "MNIST")
    if outer is not None:
        return outer
    with private_home("nnfs-studio-runs-e2e-") as tmp:
        os.environ["NNFS_RUNS_DIR"] = os.path.join(tmp, "runs")
        csv = os.path.join(tmp, "digits.csv")
        write_mnist_csv(args.data, csv, 3000)
        ids = cli_runs(args, csv)
        # A damaged run beside them: listed with its reason, never a crash.
        os.makedirs(os.path.join(tmp, "runs", "broken-run"))
        with open(os.path.join(tmp, "runs", "broken-run", "summary.json"), "w") as f:
            f.write('{"format": 1, "id": "broken-run", "na')
        compare_session(args, tmp, ids)
        steer_session(args, tmp)
    note("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
