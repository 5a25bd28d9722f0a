"""Raw MNIST IDX files read with NumPy, shared by the peer scripts (no torchvision, no download).

Images become float32 with the same standardisation as ours, (p/255 - 0.1307) / 0.3081, and
labels int64. Loading is done before any timing starts.
"""
import os

import numpy as np


def _read(path, offset):
    with open(path, "rb") as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


def load_train(data_dir):
    """(x [60000, 784] float32, y [60000] int64) from train-{images-idx3,labels-idx1}-ubyte."""
    images = _read(os.path.join(data_dir, "train-images-idx3-ubyte"), 16).reshape(-1, 784)
    labels = _read(os.path.join(data_dir, "train-labels-idx1-ubyte"), 8).astype(np.int64)
    x = (images.astype(np.float32) / 255.0 - 0.1307) / 0.3081
    return np.ascontiguousarray(x, dtype=np.float32), labels


def steady_median(epoch_seconds):
    """Median epoch time without the first (warm-up) epoch, as `nnfs bench` reports it."""
    steady = sorted(epoch_seconds[1:] if len(epoch_seconds) > 1 else epoch_seconds)
    h = len(steady) // 2
    return steady[h] if len(steady) % 2 else 0.5 * (steady[h - 1] + steady[h])
