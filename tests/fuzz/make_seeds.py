#!/usr/bin/env python3
"""Writes the small seed corpora in tests/fuzz/corpus/<target>/ (deterministic; rerun to refresh).

Each seed is a valid (or nearly valid) file, so the fuzzer starts deep inside each parser instead
of having to discover magic numbers and JSON keys first.
"""
import gzip
import json
import os
import random
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(8)


def put(target, name, data):
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def gz(data):
    return gzip.compress(data, compresslevel=6, mtime=0)


def idx(dims, payload):
    return bytes([0, 0, 8, len(dims)]) + b"".join(struct.pack(">I", d) for d in dims) + payload


def images(n, h, w):
    return idx([n, h, w], bytes(rng.randrange(256) for _ in range(n * h * w)))


def labels(n):
    return idx([n], bytes(rng.randrange(10) for _ in range(n)))


# --- idx: mode byte, then the file (odd mode: the last mode/2 bytes are a labels file) ------------
put("idx", "images-2x3x3", b"\x00" + images(2, 3, 3))
put("idx", "images-1x28x28", b"\x00" + images(1, 28, 28))
put("idx", "labels-5", b"\x00" + labels(5))
lab = labels(3)
put("idx", "labelled-3x2x2", bytes([2 * len(lab) + 1]) + images(3, 2, 2) + lab)
put("idx", "claims-2^31-images", b"\x00" + idx([1 << 31, 28, 28], b""))
put("idx", "rank-4", b"\x00" + idx([1, 2, 2, 1], b"\x01\x02\x03\x04"))

# --- idx_gzip: mode byte; even: harness compresses the rest; odd: the rest is the file as is ------
put("idx_gzip", "plain-images", b"\x00" + images(2, 4, 4))
put("idx_gzip", "gz-images", b"\x01" + gz(images(2, 4, 4)))
put("idx_gzip", "gz-labels", b"\x01" + gz(labels(7)))
put("idx_gzip", "gz-two-members", b"\x01" + gz(images(1, 2, 2)[:6]) + gz(images(1, 2, 2)[6:]))
put("idx_gzip", "gz-csv", b"\x01" + gz(b"5," + b",".join(b"0" for _ in range(784)) + b"\n"))


# --- csv ---------------------------------------------------------------------------------------
def csv_row(label):
    px = [str(rng.choice([0, 0, 0, 0, 12, 255, rng.randrange(256)])) for _ in range(784)]
    return ",".join(([str(label)] if label is not None else []) + px)


header = "label," + ",".join(f"{r}x{c}" for r in range(1, 29) for c in range(1, 29))
put("csv", "labelled-header", (header + "\n" + csv_row(3) + "\n" + csv_row(7) + "\n").encode())
put("csv", "labelled-crlf-bom", ("\ufeff" + csv_row(1) + "\r\n" + csv_row(0) + "\r\n").encode())
put("csv", "unlabelled", (csv_row(None) + "\n" + csv_row(None)).encode())
put("csv", "zeros", ("0," * 784 + "0\n").encode())

# --- safetensors -------------------------------------------------------------------------------


def safetensors(tensors, metadata=None):
    header = {}
    if metadata:
        header["__metadata__"] = metadata
    blob = b""
    for name, shape, values in tensors:
        data = struct.pack("<%df" % len(values), *values)
        header[name] = {"dtype": "F32", "shape": shape, "data_offsets": [len(blob), len(blob) + len(data)]}
        blob += data
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    return struct.pack("<Q", len(text)) + text + blob


put("safetensors", "two-tensors", safetensors([("w", [2, 3], [0.5] * 6), ("b", [3], [1, 2, 3])],
                                               {"note": "hello"}))
put("safetensors", "empty-tensor", safetensors([("e", [0, 4], [])]))
put("safetensors", "only-metadata", safetensors([], {"a": "b", "c": "d"}))
put("safetensors", "rank-3", safetensors([("t", [1, 2, 2], [1, -1, 0, 2])]))


# --- model: safetensors with nnfs metadata -------------------------------------------------------
def model(input_shape, arch, classes, loss="categorical_crossentropy"):
    tensors = []
    d = 1
    for s in input_shape:
        d *= s
    for i, layer in enumerate(arch):
        if layer["type"] == "dense":
            k = layer["units"]
            tensors.append((f"layers.{i}.weight", [d, k], [round(rng.uniform(-1, 1), 3) for _ in range(d * k)]))
            tensors.append((f"layers.{i}.bias", [k], [0.0] * k))
            d = k
    meta = {
        "nnfs.format": "1",
        "nnfs.architecture": json.dumps(arch),
        "nnfs.input_shape": json.dumps(input_shape),
        "nnfs.loss": loss,
        "nnfs.class_names": json.dumps([str(c) for c in range(classes)]),
        "nnfs.preprocessing": json.dumps({"pixel_scale": 1 / 255, "pixel_offset": 0.0}),
        "nnfs.training": json.dumps({"dataset": "seed", "history": []}),
    }
    return safetensors(tensors, meta)


put("model", "mlp-2x2", model([2, 2], [{"type": "dense", "units": 3, "init": "he"}, {"type": "relu"},
                                       {"type": "dense", "units": 2}, {"type": "softmax"}], 2))
put("model", "dropout-leaky", model([3], [{"type": "dense", "units": 2}, {"type": "leaky_relu", "alpha": 0.2},
                                          {"type": "dropout", "rate": 0.1}, {"type": "dense", "units": 3},
                                          {"type": "softmax"}], 3))
put("model", "regression", model([2], [{"type": "dense", "units": 2, "l2": 0.001}, {"type": "tanh"},
                                       {"type": "dense", "units": 1}, {"type": "sigmoid"}], 1,
                                  loss="binary_crossentropy"))

# --- architecture strings ------------------------------------------------------------------------
for i, text in enumerate([
    "dense:128,relu,dropout:0.1,dense:128,relu,dense:10,softmax",
    "dense:64:l2=5e-4:bias_l2=5e-4,relu,dense:1,sigmoid",
    "dense:64:init=xavier,leaky_relu:alpha=0.2,dense:1",
    "mlp",
    "nnfs",
    "dense:3:init=nnfs:l1=0.5,tanh,linear,leaky_relu,dense:2",
]):
    put("architecture", f"arch-{i}", text.encode())

# --- settings (the studio's settings.json) -------------------------------------------------------
put("settings", "full.json", json.dumps({
    "theme": "light", "ui_scale": 1.25, "last_dir": "/home/me/digits", "brush_width": 18.0,
    "window_width": 1600, "window_height": 1000,
    "panels": {"canvas": True, "model": False, "dataset": True, "status_bar": True},
    "recent": [{"path": "models/mnist.safetensors", "kind": "model"}, {"path": "data/mnist", "kind": "dataset"},
               {"path": "digit.png", "kind": "image"}]}, indent=2).encode() + b"\n")
put("settings", "empty-object.json", b"{}\n")
put("settings", "wrong-types.json", b'{"theme": 3, "ui_scale": "big", "recent": [1, {"path": 2}], "panels": []}\n')

# --- image: stb_image_write seeds come from make_image_seeds.cpp; these claim absurd sizes ---------
import zlib


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)


def png_claim(width, height):
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", zlib.compress(b"\x00" * 8)) +
            png_chunk(b"IEND", b""))


put("image", "claims-100000x100000.png", png_claim(100000, 100000))
put("image", "claims-4x1000000.png", png_claim(4, 1000000))
put("image", "claims-huge.pgm", b"P5\n100000 100000\n255\n" + b"\x00" * 16)

# --- run_dir: summary.json, settings.json and history.jsonl of a run, joined by 0xFF bytes ---------
run_summary = {"format": 1, "id": "20261205-011209-adam-k3f", "name": "k", "state": "finished",
               "started": "2026-12-05T01:12:09Z", "updated": "2026-12-05T01:12:40Z", "epochs_done": 2,
               "epochs_total": 2, "best_test_acc": 0.97, "last_test_acc": 0.96, "duration": 31.5,
               "data": "data/mnist", "network": "mlp", "optimizer": "adam lr 0.001", "message": "",
               "history_bytes": 0}
run_settings = {"format": 1, "id": "20261205-011209-adam-k3f", "config": {
    "epochs": 2, "batch": 128, "seed": 1, "threads": 1, "validation_split": 0,
    "optimizer": {"type": "adam", "lr": 0.001, "decay": 0, "epsilon": 1e-7, "beta1": 0.9, "beta2": 0.999},
    "lr_schedule": {"schedule": "cosine", "warmup": 0}}, "data": "data/mnist", "preset": "mlp",
    "network": "dense:128,relu,dense:10,softmax", "train_samples": 60000, "info": {}}
run_history = [
    {"kind": "state", "state": "running", "t": 0, "time": "2026-12-05T01:12:09Z", "global_step": 0,
     "resumed": False, "message": ""},
    {"kind": "batch", "epoch": 1, "step": 1, "global_step": 1, "loss": 2.3, "lr": 0.001, "t": 0.1},
    {"kind": "epoch", "epoch": 1, "global_step": 1, "loss": 2.3, "train_acc": 0.1, "test_loss": None,
     "test_acc": 0.5, "seconds": 0.1, "t": 0.2},
    {"kind": "change", "epoch": 2, "step": 0, "global_step": 1, "t": 0.3,
     "from": {"lr": 0.001, "epochs": 1}, "to": {"lr": 0.0005, "epochs": 2, "augment": True,
                                                "schedule": {"schedule": "onecycle", "warmup": 0.3}}},
    {"kind": "state", "state": "running", "t": 0.3, "time": "2026-12-05T01:12:30Z", "global_step": 1,
     "resumed": True, "message": ""},
    {"kind": "batch", "epoch": 2, "step": 1, "global_step": 2, "loss": 1.1, "lr": 0.0005, "t": 0.4},
    {"kind": "state", "state": "failed", "t": 0.5, "time": "2026-12-05T01:12:40Z", "global_step": 2,
     "resumed": False, "message": "training diverged"},
]
history_text = "".join(json.dumps(h) + "\n" for h in run_history).encode()
summary_text = json.dumps(run_summary, indent=2).encode()
settings_text = json.dumps(run_settings, indent=2).encode()
put("run_dir", "finished", summary_text + b"\xff" + settings_text + b"\xff" + history_text)
put("run_dir", "torn-last-line", summary_text + b"\xff" + settings_text + b"\xff" + history_text[:-20])
put("run_dir", "running", summary_text.replace(b'"finished"', b'"running"') + b"\xff" + settings_text +
    b"\xff" + history_text)
put("run_dir", "newer-format", summary_text.replace(b'"format": 1', b'"format": 2') + b"\xff" + settings_text)
