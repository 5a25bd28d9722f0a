"""Compares ONNX files run by OpenCV's DNN module with `nnfs predict --probabilities` CSVs.

Usage: onnx_opencv.py MNIST_DIR MODEL.onnx PREDICT.csv [MODEL.onnx PREDICT.csv ...]
Each ONNX file must pass the onnx package's checker, and on the 10,000 MNIST test images give
every probability within 1e-4 of the CSV's and the same labels. Exit 1 with one line on failure.
"""
import gzip
import os
import sys

import cv2
import numpy as np
import onnx

TOLERANCE = 1e-4


def test_images(mnist_dir):
    """The t10k images as float32 [N, 1, 28, 28], raw 0-255 (IDX, raw or gzipped)."""
    path = os.path.join(mnist_dir, "t10k-images-idx3-ubyte")
    data = open(path, "rb").read() if os.path.exists(path) else gzip.open(path + ".gz").read()
    count, rows, cols = (int.from_bytes(data[i:i + 4], "big") for i in (4, 8, 12))
    pixels = np.frombuffer(data, dtype=np.uint8, offset=16, count=count * rows * cols)
    return pixels.reshape(count, 1, rows, cols).astype(np.float32)


def read_predictions(path):
    """Labels [N] and probabilities [N, K] from `ImageId,Label,p0,...`."""
    table = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float64, ndmin=2)
    return table[:, 1].astype(np.int64), table[:, 2:]


def run_opencv(model_path, images, chunk=1000):
    net = cv2.dnn.readNetFromONNX(model_path)
    outputs = []
    for start in range(0, len(images), chunk):
        net.setInput(images[start:start + chunk], "image")
        outputs.append(net.forward("probabilities").copy())
    return np.concatenate(outputs)


def compare(model_path, csv_path, images):
    onnx.checker.check_model(onnx.load(model_path))
    labels, expected = read_predictions(csv_path)
    got = run_opencv(model_path, images)
    if got.shape != expected.shape:
        raise SystemExit(f"FAIL {model_path}: OpenCV gives {got.shape}, nnfs predict {expected.shape}")
    diff = np.abs(got - expected)
    worst = np.unravel_index(np.argmax(diff), diff.shape)
    mismatched = int(np.sum(np.argmax(got, axis=1) != labels))
    print(f"{os.path.basename(model_path)}: checker ok; {len(images)} images, max |p_opencv - p_nnfs| "
          f"= {diff[worst]:.2e} (image {worst[0] + 1}, class {worst[1]}), {mismatched} labels differ")
    if diff[worst] > TOLERANCE or mismatched:
        raise SystemExit(f"FAIL {model_path}: probabilities differ by {diff[worst]:.2e} (limit {TOLERANCE}) "
                         f"or {mismatched} labels differ")


def main():
    mnist_dir, pairs = sys.argv[1], sys.argv[2:]
    images = test_images(mnist_dir)
    for model_path, csv_path in zip(pairs[::2], pairs[1::2]):
        compare(model_path, csv_path, images)


if __name__ == "__main__":
    main()
