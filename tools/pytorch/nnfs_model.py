"""An nnfs model file as a PyTorch module: the same layers, the same weights.

    net, scaling = nnfs_model.load("assets/models/mnist-cnn.safetensors")
    probabilities = net(images_uint8_as_float * scaling[0] + scaling[1])

Layer by layer (nnfs.architecture):
    dense:K       nn.Linear (our weight [D, K] is PyTorch's [K, D] transposed; a Flatten is put
                  before it when its input is an image, as our dense flattens by itself)
    conv2d        nn.Conv2d (same [M, C, KH, KW] layout)     batchnorm  nn.BatchNorm1d / 2d
    maxpool2d, avgpool2d   nn.MaxPool2d, nn.AvgPool2d        flatten    nn.Flatten
    relu, leaky_relu, sigmoid, tanh, linear, dropout, softmax   the PyTorch module of that name
"""
import json

import numpy as np
import torch
from torch import nn

import safetensors_file


class InputScaling(nn.Module):
    """x = pixel·scale + offset: exported as a Mul and an Add on the image, which `nnfs import`
    reads back as the model's input scaling."""

    def __init__(self, scale, offset):
        super().__init__()
        self.scale, self.offset = float(scale), float(offset)

    def forward(self, x):
        return x * self.scale + self.offset


def _tensor(tensors, name):
    return torch.from_numpy(np.ascontiguousarray(tensors[name], dtype=np.float32))


def _layer(entry, shape, tensors, prefix):
    """(module, output shape) for one architecture entry on a per-sample input `shape`."""
    kind = entry["type"]
    if kind == "dense":
        d, k = int(np.prod(shape)), entry["units"]
        m = nn.Linear(d, k)
        m.weight.data = _tensor(tensors, prefix + ".weight").t().contiguous()
        m.bias.data = _tensor(tensors, prefix + ".bias")
        return (nn.Sequential(nn.Flatten(), m) if len(shape) > 1 else m), [k]
    if kind == "conv2d":
        c, h, w = shape if len(shape) == 3 else [1, *shape]
        kh, kw = entry.get("kernel", [3, 3])
        s, p = entry.get("stride", 1), entry.get("padding", 0)
        m = nn.Conv2d(c, entry["filters"], (kh, kw), stride=s, padding=p, bias=entry.get("bias", True))
        m.weight.data = _tensor(tensors, prefix + ".weight")
        if m.bias is not None:
            m.bias.data = _tensor(tensors, prefix + ".bias")
        return m, [entry["filters"], (h + 2 * p - kh) // s + 1, (w + 2 * p - kw) // s + 1]
    if kind in ("maxpool2d", "avgpool2d"):
        c, h, w = shape if len(shape) == 3 else [1, *shape]
        k = entry.get("size", 2)
        s = entry.get("stride", k)
        m = (nn.MaxPool2d if kind == "maxpool2d" else nn.AvgPool2d)(k, s)
        return m, [c, (h - k) // s + 1, (w - k) // s + 1]
    if kind == "batchnorm":
        image = len(shape) == 3
        channels = shape[0] if image else int(np.prod(shape))
        m = (nn.BatchNorm2d if image else nn.BatchNorm1d)(channels, eps=entry.get("epsilon", 1e-5),
                                                           momentum=entry.get("momentum", 0.1))
        for ours, theirs in (("weight", m.weight), ("bias", m.bias)):
            theirs.data = _tensor(tensors, f"{prefix}.{ours}")
        m.running_mean.data = _tensor(tensors, prefix + ".running_mean")
        m.running_var.data = _tensor(tensors, prefix + ".running_var")
        return (m if image or len(shape) == 1 else nn.Sequential(nn.Flatten(), m)), shape if image else [channels]
    simple = {"relu": nn.ReLU, "sigmoid": nn.Sigmoid, "tanh": nn.Tanh, "linear": nn.Identity,
              "flatten": nn.Flatten}
    if kind in simple:
        return simple[kind](), ([int(np.prod(shape))] if kind == "flatten" else shape)
    if kind == "leaky_relu":
        return nn.LeakyReLU(entry.get("alpha", 0.01)), shape
    if kind == "dropout":
        return nn.Dropout(entry.get("rate", 0.0)), shape
    if kind == "softmax":
        return nn.Softmax(dim=1), shape
    raise ValueError(f"layer {prefix}: type '{kind}' has no PyTorch equivalent here")


def load(path):
    """(nn.Sequential taking [N, 1, 28, 28] (or [N, D]) inputs, (scale, offset), metadata)."""
    tensors, metadata = safetensors_file.read(path)
    shape = json.loads(metadata["nnfs.input_shape"])
    architecture = json.loads(metadata["nnfs.architecture"])
    modules = []
    for i, entry in enumerate(architecture):
        module, shape = _layer(entry, shape, tensors, f"layers.{i}")
        modules.append(module)
    pre = json.loads(metadata["nnfs.preprocessing"])
    scaling = (pre["pixel_scale"], pre["pixel_offset"])
    return nn.Sequential(*modules), scaling, metadata
