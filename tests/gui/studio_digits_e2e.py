#!/usr/bin/env python3
"""End-to-end test of labelling drawings into My digits (issue 15, studio half): the real app under
Xvfb, drawn on and labelled with real X11 input (xdotool).

    studio_digits_e2e.py --studio BIN --model FILE --out DIR

Checks:
  * 20 drawings, each labelled with a digit key (and one with Enter, keeping the guess) while the
    canvas has the focus, give 20 `digit_saved` events whose counts grow by one in that class,
    and the canvas is cleared after each;
  * kill -9 right after the last one, relaunch: `my_digits_opened` reports all 20 with the same
    counts, and the store directory (under this test's XDG_DATA_HOME) holds 20 PNGs;
  * screenshots: labelling and the My digits tab at 1280x800, the label row at 1920x1080.

Exit codes: 0 pass, 1 fail, 77 skipped (no xvfb-run or xdotool). Standard library only.
"""
import argparse
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from studio_digits import click_tab, label_digits  # noqa: E402
from studio_e2e import Studio, begin, fail, note, private_home  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--studio", required=True)
    ap.add_argument("--model", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    outer = begin(args, args.model, "bundled model")
    if outer is not None:
        return outer
    with private_home("nnfs-studio-digits-") as tmp:
        store = os.path.join(tmp, "data", "nnfs-studio", "my-digits")
        extra = ["--size", "1280x800", "--model", args.model]
        app = Studio(args, os.path.join(tmp, "events1.jsonl"), extra)
        try:
            counts = label_digits(app, 20, enter_at=19, screenshot="digits-01-labelling-1280x800.png")
        finally:
            app.proc.kill()  # SIGKILL: no clean shutdown
            app.proc.wait()
        note("kill -9, relaunch")
        app = Studio(args, os.path.join(tmp, "events2.jsonl"), extra)
        try:
            opened = app.events.wait(lambda e: e["event"] == "my_digits_opened", 10, "my_digits_opened", since=0)
            if opened["total"] != 20 or opened["counts"] != counts or opened["note"]:
                fail("after kill -9 the store holds %r" % opened)
            pngs = [f for f in os.listdir(store) if f.endswith(".png")]
            if len(pngs) != 20:
                fail("expected 20 PNGs in %s, found %d" % (store, len(pngs)))
            note("  all 20 are back: counts %r, %d PNGs, no note" % (opened["counts"], len(pngs)))
            click_tab(app, "My digits")
            app.screenshot("digits-02-my-digits-tab-1280x800.png")
        finally:
            app.kill()
        target = os.path.join(args.out, "digits-03-label-row-1920x1080.png")
        app_events = os.path.join(tmp, "events3.jsonl")
        cmd = [args.studio, "--size", "1920x1080", "--screenshot", target, "--frames", "5", "--events", app_events,
               "--model", args.model, "--image", os.path.join(store, sorted(pngs)[1])]
        r = subprocess.run(["xvfb-run", "-a", "-s", "-screen 0 1920x1080x24"] + cmd, timeout=120)
        if r.returncode != 0 or not os.path.exists(target):
            fail("the 1920x1080 screenshot run exited with %d" % r.returncode)
        note("  screenshot " + target)
    note("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
