"""MNIST IDX files (raw or .gz) read with NumPy: no torchvision, no download."""
import gzip
import os
import struct

import numpy as np


def _open(path):
    if not os.path.exists(path) and os.path.exists(path + ".gz"):
        path += ".gz"
    with open(path, "rb") as f:
        data = f.read()
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


def read_images(path):
    """uint8 [N, H, W] from an idx3 file."""
    data = _open(path)
    magic, n, h, w = struct.unpack(">IIII", data[:16])
    if magic != 0x803:
        raise ValueError(f"{path}: not an IDX image file (magic {magic:#x})")
    return np.frombuffer(data, dtype=np.uint8, count=n * h * w, offset=16).reshape(n, h, w)


def read_labels(path):
    """int64 [N] from an idx1 file."""
    data = _open(path)
    magic, n = struct.unpack(">II", data[:8])
    if magic != 0x801:
        raise ValueError(f"{path}: not an IDX label file (magic {magic:#x})")
    return np.frombuffer(data, dtype=np.uint8, count=n, offset=8).astype(np.int64)


def load(data_dir, split):
    """(images uint8 [N, 28, 28], labels int64 [N]) of split "train" or "t10k"."""
    return (read_images(os.path.join(data_dir, f"{split}-images-idx3-ubyte")),
            read_labels(os.path.join(data_dir, f"{split}-labels-idx1-ubyte")))


def write_images(path, images):
    """An idx3 file of uint8 images [N, H, W] (what `nnfs predict --input` reads)."""
    n, h, w = images.shape
    with open(path, "wb") as f:
        f.write(struct.pack(">IIII", 0x803, n, h, w) + np.ascontiguousarray(images, dtype=np.uint8).tobytes())
