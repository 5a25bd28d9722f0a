#!/usr/bin/env bash
# Frame times of nnfs-studio with a run library of N runs (issue 14, acceptance 4): the studio
# starts, lists the library, shows the Runs tab and scrolls the table to the end and back (mouse
# wheel over it, real X11 input under Xvfb); the longest frame of each phase comes from the
# studio's own frame timer (its "frames" events: the slowest frame of every second).
# Usage: bench/studio_runs_frames.sh BUILD_DIR [RUNS]      (default 500 runs)
#   prints when the library was listed, the slowest frame of each phase (wall time, the UI
#   thread's CPU time, its poll/ui/render phases, frames drawn) and "target < 50 ms: met|missed"
# The library is one real `nnfs train` run (toy spiral data, a second) copied N times with new
# ids, names, start times and accuracies. A figure, not a test: run it on a quiet machine.
set -euo pipefail
build=${1:?build dir}; runs=${2:-500}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/share" NNFS_RUNS_DIR="$work/runs"

"$build/nnfs" train --data spiral --arch dense:32,relu,dense:3,softmax --epochs 3 --batch 30 --threads 1 \
  --name seed >/dev/null
python3 - "$NNFS_RUNS_DIR" "$runs" <<'PY'
import json, os, random, shutil, sys
lib, n = sys.argv[1], int(sys.argv[2])
seed = [d for d in os.listdir(lib)][0]
random.seed(1)
for i in range(1, n):
    run_id = "20260101-%04d-run-%05d" % (i // 60 * 100 + i % 60, i)
    dst = os.path.join(lib, run_id)
    shutil.copytree(os.path.join(lib, seed), dst)
    for name in ("summary.json", "settings.json"):
        path = os.path.join(dst, name)
        with open(path) as f:
            j = json.load(f)
        j["id"] = run_id
        if name == "summary.json":
            j["name"] = "run %d" % i
            j["started"] = j["updated"] = "2026-01-%02dT%02d:%02d:00Z" % (1 + i % 28, i // 60 % 24, i % 60)
            j["best_test_acc"] = j["last_test_acc"] = round(random.uniform(0.5, 0.99), 4)
        with open(path, "w") as f:
            json.dump(j, f)
PY

xvfb-run -a -s "-screen 0 1600x1000x24" python3 - "$build/app/studio/nnfs-studio" "$work" "$runs" "$here/../tests/gui" <<'PY'
import os, statistics, sys, time
studio, work, runs, gui = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
sys.path.insert(0, gui)
from studio_e2e import Studio, xdo
from studio_train_e2e import click, latest_layout

class Args: pass
args = Args(); args.studio = studio; args.out = work
events = os.path.join(work, "events.jsonl")
launched = time.time()
app = Studio(args, events, ["--size", "1280x800"])
try:
    listed = app.events.wait(lambda e: e["event"] == "runs_listed" and e["count"] == runs, 120, "the library listed", since=0)
    listed_at = time.time() - launched
    # The first "frames" event holds the start (window, fonts, the bundled model's first
    # frames); the pointer moving over the window keeps frames coming while the library lists.
    def wiggle(seconds):
        end = time.time() + seconds
        i = 0
        while time.time() < end:
            xdo("mousemove", "--window", app.wid, 300 + 10 * (i % 20), 300 + 5 * (i % 7))
            time.sleep(0.03)
            i += 1
    wiggle(1.5)
    app.events.wait(lambda e: e["event"] == "frames", 30, "the first frames event", since=0)
    m_listed = app.events.mark()
    wiggle(2.0)
    time.sleep(1.2)
    m_tab = app.events.mark()
    click(app, "tabs", "Runs")
    time.sleep(2.2)
    m_scroll = app.events.mark()
    x, y, w, h = latest_layout(app)["tabs"]["Runs"]
    xdo("mousemove", "--window", app.wid, int(x + 200), int(y + 120))
    for button in [5] * 60 + [4] * 60:  # wheel down through the table, then back up
        xdo("click", button)
        time.sleep(0.03)
    time.sleep(1.2)
    end = app.events.mark()
    def worst(a, b):
        """The slowest frame between two marks: its wall time, the UI thread's CPU time in it,
        and its phases; and the frames drawn."""
        frames = [e for e in app.events.all[a:b] if e["event"] == "frames"]
        if not frames:
            return "no frame drawn", 0.0
        e = max(frames, key=lambda e: e["max_ms"])
        phases = ", ".join("%s %.1f" % kv for kv in e["max_phases_ms"].items())
        return ("max %.1f ms (UI thread CPU %.1f ms; %s; %d frames)"
                % (e["max_ms"], e["max_cpu_ms"], phases, sum(f["count"] for f in frames))), e["max_ms"]
    phases = [("start", worst(0, m_listed)), ("listed, pointer moving", worst(m_listed, m_tab)),
              ("Runs tab shown", worst(m_tab, m_scroll)),
              ("scrolling the table", worst(m_scroll, end))]
    print("%d runs: listed %.1f s after launch" % (runs, listed_at))
    for name, (text, _) in phases:
        print("  %-20s %s" % (name, text))
    top = max(ms for _, (_, ms) in phases[1:])
    print("longest frame after the start %.1f ms; target < 50 ms: %s" % (top, "met" if top < 50 else "missed"))
finally:
    app.kill()
PY
