"""Helpers shared by the My digits GUI tests (studio_digits_e2e.py, studio_teach_e2e.py): clicking a
tab, drawing digits on the canvas and labelling each with its key, reading the store's index.
Standard library only."""
import os
import time

from studio_e2e import fail, loop, note, vertical, xdo


def click_tab(app, label):
    app.events.wait(lambda e: e["event"] == "layout" and label in e.get("tabs", {}), 10, "the tab " + label, since=0)
    x, y, w, h = [e for e in app.events.all if e["event"] == "layout"][-1]["tabs"][label]
    xdo("mousemove", "--window", app.wid, int(x + w / 2), int(y + h / 2))
    time.sleep(0.05)
    xdo("click", 1)
    time.sleep(0.4)


def seven():
    return [(0.3, 0.22), (0.7, 0.22), (0.45, 0.8)]


def label_digits(app, count=20, enter_at=19, screenshot=None):
    """Draws `count` digits (a 1, a 0 and a 7 in turn) and labels each with its key; drawing
    `enter_at` with Enter (the model's guess) instead. Checks every `digit_saved` event (label,
    counts, total) and that the canvas is cleared after each; `screenshot` is taken while the
    second drawing is on the canvas. Returns the counts per digit."""
    shapes = [vertical(), loop(), seven()]
    keys = ["1", "0", "7"]
    counts = [0] * 10
    for i in range(count):
        k = i % 3
        m = app.events.mark()
        app.stroke(shapes[k])
        if i == 1 and screenshot:
            app.screenshot(screenshot)
        if i == enter_at:
            want = app.last_prediction()["label"]
            app.key("Return")
        else:
            app.key(keys[k])
            want = int(keys[k])
        e = app.events.wait(lambda e: e["event"] in ("digit_saved", "error"), 15, "digit %d saved" % (i + 1), since=m)
        if e["event"] == "error":
            fail("saving drawing %d failed: %s" % (i + 1, e["message"]))
        counts[want] += 1
        if e["label"] != want or e["counts"] != counts or e["total"] != i + 1:
            fail("drawing %d: expected label %d and counts %r, got %r" % (i + 1, want, counts, e))
        app.events.settle(0.2)
        if app.last_prediction()["label"] is not None:
            fail("the canvas was not cleared after saving drawing %d" % (i + 1))
    note("  %d drawings labelled with keys, counts %r" % (count, counts))
    return counts


def store_labels(store):
    """{id: (file, label)} of the live samples in a My digits store's index.txt (docs/MY_DIGITS.md)."""
    live, removed = {}, {}
    with open(os.path.join(store, "index.txt"), encoding="utf-8") as f:
        lines = f.read().split("\n")[1:]
    for line in lines:
        fields = line.split(" ")
        if fields[0] == "add" and len(fields) == 8:
            live[int(fields[1])] = (fields[2], int(fields[3]))
        elif fields[0] == "relabel" and int(fields[1]) in live:
            live[int(fields[1])] = (live[int(fields[1])][0], int(fields[2]))
        elif fields[0] == "remove" and int(fields[1]) in live:
            removed[int(fields[1])] = live.pop(int(fields[1]))
        elif fields[0] == "restore" and int(fields[1]) in removed:
            live[int(fields[1])] = removed.pop(int(fields[1]))
    return live
