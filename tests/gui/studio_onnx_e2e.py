#!/usr/bin/env python3
"""End-to-end test of opening ONNX graphs in nnfs-studio (issue 17): the real app under Xvfb,
driven with real X11 input (xdotool).

    studio_onnx_e2e.py --studio BIN --nnfs BIN --model FILE --out DIR

Checks:
  * `nnfs export --onnx` of --model, opened with `--model FILE.onnx`, loads (model_loaded) and a
    stroke on the canvas predicts; File › Open (Ctrl+O) of the .safetensors then predicts the same
    class with the same probabilities (within 1e-5) for the same drawing;
  * Ctrl+O of a bad .onnx gives one error event naming it, and the open model stays;
  * screenshots: the imported model predicting, and the error dialog (1280x800).

Exit codes: 0 pass, 1 fail, 77 skipped (no xvfb-run or xdotool). Standard library only.
"""
import argparse
import os
import subprocess
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from studio_e2e import Studio, begin, expect_error, fail, note, private_home, vertical  # noqa: E402


def loaded(app, mark, path):
    e = app.events.wait(lambda e: e["event"] in ("model_loaded", "error"), 30, "the model " + path, since=mark)
    if e["event"] == "error":
        fail("opening %s failed: %s" % (path, e["message"]))
    if e["path"] != os.path.abspath(path):
        fail("model_loaded names %r, expected %r" % (e["path"], path))
    app.events.settle()


def prediction(app, what):
    p = app.last_prediction()
    if p is None or p["label"] is None:
        fail(what + ": no prediction")
    note("  %s -> label %d (p=%.4f)" % (what, p["label"], max(p["probs"])))
    return p


def session(args, tmp):
    onnx = os.path.join(tmp, "model.onnx")
    subprocess.run([args.nnfs, "export", "--model", args.model, "--onnx", onnx], check=True, timeout=120)
    app = Studio(args, os.path.join(tmp, "events.jsonl"), ["--size", "1280x800", "--model", onnx])
    try:
        loaded(app, 0, onnx)
        app.stroke(vertical())
        imported = prediction(app, "the imported .onnx")
        app.screenshot("onnx-01-imported-1280x800.png")

        m = app.events.mark()
        app.key("ctrl+o")
        app.key("ctrl+d")  # "Don't Save" in the unsaved-changes question: an import is a new document
        app.type_path(os.path.abspath(args.model))
        loaded(app, m, args.model)
        ours = prediction(app, "the .safetensors, same drawing")
        diff = max(abs(a - b) for a, b in zip(imported["probs"], ours["probs"]))
        if ours["label"] != imported["label"] or diff > 1e-5:
            fail("the .onnx predicted %d, the .safetensors %d (max probability difference %.2e)"
                 % (imported["label"], ours["label"], diff))
        note("  same class, probabilities within %.1e" % diff)

        bad = os.path.join(tmp, "bad.onnx")
        with open(bad, "wb") as f:
            f.write(b"\x08\x07this is not an ONNX graph")
        m = app.events.mark()
        app.key("ctrl+o")
        app.type_path(bad)
        expect_error(app, m, "bad.onnx", os.path.abspath(args.model))
        app.screenshot("onnx-02-bad-onnx-1280x800.png")
        app.key("Return")
        if app.quit() != 0:
            fail("the studio did not exit 0")
    finally:
        app.kill()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--studio", required=True)
    ap.add_argument("--nnfs", required=True)
    ap.add_argument("--model", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    outer = begin(args, args.model, "bundled model")
    if outer is not None:
        return outer
    with private_home("nnfs-studio-onnx-") as tmp:
        session(args, tmp)
    note("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
