#!/usr/bin/env python3
"""End-to-end test of the Playground tab (issue 18): the real app under Xvfb, driven by real clicks.

    studio_playground_e2e.py --studio BIN --out DIR

Checks (acceptance 1 and 3):
  * `--playground spiral` opens the tab with the book's setting (3 x 100 points, 2-64-3, Adam lr
    0.05, decay 5e-7); each click on Step is exactly one optimizer step (a `playground` event,
    paused), Play trains, Pause pauses, Play goes on, and the training accuracy reaches 0.9;
  * screenshots of the decision boundary early (epoch 3), soon after Play, and late (accuracy
    >= 0.9) at 1280x800 and at 1920x1080, for a person to look at: three spiral arms take shape;
  * the longest frame while training and redrawing the 128x128 boundary is printed (the
    `frames` events from Play to the last Pause, screenshots excluded), as a figure, not a check;
  * XOR: removing the hidden layer with a click and training fails (accuracy < 0.75), adding one
    back with a click solves it (>= 0.95);
  * sine: `--playground sine`, one Step then Play train the regression; a screenshot shows the
    fitted curve over the samples, and the loss falls tenfold from the first epoch's.

Exit codes: 0 pass, 1 fail, 77 skipped (no xvfb-run or xdotool). Standard library only.
"""
import argparse
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import studio_e2e  # noqa: E402
from studio_e2e import Events, begin, fail, note, private_home, xdo  # noqa: E402



class App:
    def __init__(self, args, tmp, name, extra):
        self.events_path = os.path.join(tmp, name + ".jsonl")
        self.proc = subprocess.Popen([args.studio, "--events", self.events_path, "--screenshot-dir", tmp] + extra)
        self.events = Events(self.events_path)
        self.out = args.out
        self.events.wait(lambda e: e["event"] == "layout" and "Playground Reset" in e.get("buttons", {}), 30,
                         "the playground's buttons in a layout event", since=0)
        self.wid = subprocess.run(["xdotool", "search", "--sync", "--name", "nnfs-studio"], capture_output=True,
                                  text=True, timeout=10).stdout.split()[0]
        time.sleep(0.3)

    def click(self, name, timeout=10):
        """Clicks a button by its layout name (the latest rectangle the app reported)."""
        self.events.wait(lambda e: e["event"] == "layout" and name in e.get("buttons", {}), timeout,
                         "the button %r in a layout event" % name, since=0)
        layout = [e for e in self.events.all if e["event"] == "layout" and name in e.get("buttons", {})][-1]
        x, y, w, h = layout["buttons"][name]
        xdo("mousemove", "--window", self.wid, int(x + w / 2), int(y + h / 2))
        time.sleep(0.08)
        xdo("mousedown", 1)
        time.sleep(0.06)
        xdo("mouseup", 1)
        time.sleep(0.1)

    def playground(self, predicate, timeout, what):
        return self.events.wait(lambda e: e["event"] == "playground" and predicate(e), timeout, what)

    def pause(self):
        m = self.events.mark()
        self.click("Playground Pause")
        return self.events.wait(lambda e: e["event"] == "playground" and e["state"] == "paused", 20,
                                "a paused playground event after clicking Pause", since=m)

    def screenshot(self, name):
        m = self.events.mark()
        xdo("keydown", "F12")
        time.sleep(0.08)
        xdo("keyup", "F12")
        e = self.events.wait(lambda e: e["event"] == "screenshot", 15, "a screenshot", since=m)
        target = os.path.join(self.out, name)
        os.replace(e["path"], target)
        note("  screenshot " + target)

    def longest_frame(self, since):
        """The longest frame in the `frames` reports since `since`, its UI-thread CPU, the count."""
        frames = [e for e in self.events.all[since:] if e["event"] == "frames"]
        worst = max(frames, key=lambda e: e["max_ms"], default={"max_ms": 0.0, "max_cpu_ms": 0.0})
        return worst["max_ms"], worst["max_cpu_ms"], len(frames)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.quit()

    def quit(self):
        xdo("keydown", "ctrl+q")
        time.sleep(0.08)
        xdo("keyup", "ctrl+q", check=False)
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            fail("Ctrl+Q did not quit the app")


def spiral(args, tmp, size):
    note("spiral at %s: Step, Play, Pause, Play to 90%%" % size)
    with App(args, tmp, "spiral-" + size, ["--playground", "spiral", "--size", size]) as app:
        step = 0
        for k in range(1, 4):  # Step on a fresh network starts a run paused after its first batch
            m = app.events.mark()
            app.click("Playground Step")
            e = app.events.wait(lambda e: e["event"] == "playground" and e["step"] != step, 20,
                                "a playground event after clicking Step", since=m)
            if e["step"] != step + 1 or e["state"] != "paused" or e["epoch"] != k:
                fail("Step %d: expected step and epoch %d, paused; got step %d, epoch %d, %s"
                     % (k, k, e["step"], e["epoch"], e["state"]))
            step = e["step"]
        note("  three Steps: one optimizer step (a full-batch epoch) each")
        app.screenshot("playground-spiral-early-%s.png" % size)
        app.click("Playground Play")
        started = app.events.mark()
        app.playground(lambda e: e["state"] == "running", 30, "the spiral training")
        mid = app.pause()
        app.screenshot("playground-spiral-mid-%s.png" % size)
        note("  paused at epoch %d (accuracy %.3f)" % (mid["epoch"], mid["accuracy"]))
        app.click("Playground Play")
        app.playground(lambda e: e["state"] == "running", 30, "the spiral training again")
        # Frame times from the next one-second report on: the report that covers the screenshot's
        # frame (reading back and encoding a PNG) is left out.
        app.events.wait(lambda e: e["event"] == "frames", 10, "a frames report")
        m = app.events.mark()
        good = app.playground(lambda e: e["accuracy"] >= 0.9, 300, "training accuracy 0.9")
        note("  accuracy %.3f (test %.3f) at epoch %d" % (good["accuracy"], good["test_accuracy"], good["epoch"]))
        app.playground(lambda e: e["epoch"] >= good["epoch"] + 300, 120, "300 epochs more")
        longest, cpu, reports = app.longest_frame(m)
        note("  FIGURE: longest frame while training and redrawing the 128x128 boundary at %s: %.1f ms "
             "(UI thread CPU in it %.1f ms; %d one-second reports)" % (size, longest, cpu, reports))
        # Adam at lr 0.05 on the spiral has short dips in accuracy (the book's own plots show them):
        # a pause can land in one. The late screenshot is of a converged network, so a pause in a
        # dip plays on until the accuracy is back; a network that never comes back fails.
        last = app.pause()
        for _ in range(4):
            if last["accuracy"] >= 0.9:
                break
            note("  paused in a dip at epoch %d (accuracy %.3f): playing on" % (last["epoch"], last["accuracy"]))
            app.click("Playground Play")
            app.playground(lambda e: e["state"] == "running" and e["epoch"] > last["epoch"] + 50, 60,
                           "50 epochs more after the dip")
            app.playground(lambda e: e["accuracy"] >= 0.9, 120, "training accuracy back at 0.9")
            last = app.pause()
        app.screenshot("playground-spiral-late-%s.png" % size)
        note("  final: epoch %d, accuracy %.3f, test accuracy %.3f" % (last["epoch"], last["accuracy"], last["test_accuracy"]))
        if last["accuracy"] < 0.9:
            fail("the spiral's training accuracy is %.3f after reaching 0.9 and five pauses" % last["accuracy"])


def xor(args, tmp):
    note("xor: no hidden layer fails, one hidden layer solves it (clicks)")
    with App(args, tmp, "xor", ["--playground", "xor", "--size", "1280x800"]) as app:
        app.click("remove layer 1")
        app.playground(lambda e: e["hidden_layers"] == 0, 20, "the network without a hidden layer")
        app.click("Playground Play")
        linear = app.playground(lambda e: e["hidden_layers"] == 0 and e["epoch"] >= 400, 120, "400 epochs without a hidden layer")
        app.pause()
        app.screenshot("playground-xor-no-hidden-layer.png")
        app.click("add layer")
        app.playground(lambda e: e["hidden_layers"] == 1, 20, "the network with a hidden layer")
        app.click("Playground Play")
        app.playground(lambda e: e["hidden_layers"] == 1 and e["epoch"] >= 400, 120, "400 epochs with a hidden layer")
        # Reaching it is the claim, not being there at one sampled moment (Adam's dips, as above).
        solved = max((e for e in app.events.all if e["event"] == "playground" and e["hidden_layers"] == 1),
                     key=lambda e: e["accuracy"])
        app.pause()
        app.screenshot("playground-xor-one-hidden-layer.png")
        note("  accuracy without a hidden layer %.3f, with one %.3f" % (linear["accuracy"], solved["accuracy"]))
        if linear["accuracy"] >= 0.75:
            fail("XOR without a hidden layer reached %.3f: a linear boundary cannot" % linear["accuracy"])
        if solved["accuracy"] < 0.95:
            fail("XOR with a hidden layer reached only %.3f" % solved["accuracy"])


def sine(args, tmp):
    note("sine: the fitted curve over the samples")
    with App(args, tmp, "sine", ["--playground", "sine", "--size", "1280x800"]) as app:
        # One Step first: the loss after exactly one epoch (with Play alone the first event, half a
        # second in, may already be hundreds of epochs along on a fast machine).
        m = app.events.mark()
        app.click("Playground Step")
        first = app.events.wait(lambda e: e["event"] == "playground" and e["epoch"] == 1 and e["state"] == "paused", 20,
                                "the sine's first step", since=m)
        app.click("Playground Play")
        late = app.playground(lambda e: e["epoch"] >= 3000, 300, "3000 epochs of sine")
        app.pause()
        app.screenshot("playground-sine.png")
        note("  loss %.5f at epoch %d, %.5f at epoch %d" % (first["loss"], first["epoch"], late["loss"], late["epoch"]))
        if not late["loss"] < first["loss"] / 10:
            fail("the sine's loss did not fall tenfold (%.5f → %.5f)" % (first["loss"], late["loss"]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--studio", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    studio_e2e.SCREEN = "-screen 0 1920x1080x24"  # room for both window sizes
    outer = begin(args)
    if outer is not None:
        return outer
    with private_home("nnfs-studio-playground-") as tmp:
        spiral(args, tmp, "1280x800")
        spiral(args, tmp, "1920x1080")
        xor(args, tmp)
        sine(args, tmp)
    note("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
