#!/usr/bin/python3
"""Issue 17, acceptance 2, PyTorch's half: onnx_torch_models.py WORK MNIST_DIR

Builds an MLP, a CNN and a CNN that flattens with x.view(x.size(0), -1) made of layers nnfs has (fixed seeds), trains each for 100 Adam steps on
MNIST so the weights and BatchNorm statistics are not just their initial values, exports both
with torch.onnx.export (dynamic batch), and writes for the first 1,000 test images:
  WORK/t1k.idx              the images (uint8, what `nnfs predict` reads)
  WORK/{mlp,cnn,cnn_view}.onnx       the exported models
  WORK/{mlp,cnn,cnn_view}.torch.f32  PyTorch's probabilities, float32 [1000, 10]
The inputs are fed as torchvision's ToTensor does, pixel/255: nnfs import's default scaling.
"""
import os
import sys

import numpy as np
import torch
from torch import nn

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools", "pytorch"))
import mnist  # noqa: E402


def mlp():
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 64), nn.ReLU(), nn.Dropout(0.2), nn.Linear(64, 48),
                         nn.Sigmoid(), nn.Linear(48, 32), nn.LeakyReLU(0.1), nn.BatchNorm1d(32), nn.Tanh(),
                         nn.Linear(32, 10), nn.Softmax(dim=1))


def cnn():
    return nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(8, 16, 3), nn.BatchNorm2d(16), nn.ReLU(), nn.AvgPool2d(2), nn.Flatten(),
                         nn.Linear(16 * 6 * 6, 32), nn.BatchNorm1d(32), nn.Tanh(), nn.Dropout(0.1),
                         nn.Linear(32, 10), nn.LogSoftmax(dim=1))


class ViewCnn(nn.Module):
    """PyTorch's reshape idiom: with a dynamic batch, x.view(x.size(0), -1) exports as
    Shape → Gather → Unsqueeze → Concat → Reshape, which nnfs import folds into a flatten."""

    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2))
        self.head = nn.Sequential(nn.Linear(8 * 14 * 14, 10), nn.Softmax(dim=1))

    def forward(self, x):
        x = self.features(x)
        return self.head(x.view(x.size(0), -1))


def ends_in_log_softmax(model):
    return isinstance(list(model.modules())[-1], nn.LogSoftmax)


def train(model, images, labels, steps=100, batch=64):
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    gen = torch.Generator().manual_seed(1)
    model.train()
    for _ in range(steps):
        idx = torch.randint(0, len(images), (batch,), generator=gen)
        out = model(images[idx])
        # Softmax outputs take the log here; LogSoftmax outputs are already log-probabilities.
        logp = out if ends_in_log_softmax(model) else torch.log(out + 1e-12)
        loss = nn.functional.nll_loss(logp, labels[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()
    model.eval()


def main(work, data_dir):
    torch.manual_seed(0)
    train_x, train_y = mnist.load(data_dir, "train")
    test_x, _ = mnist.load(data_dir, "t10k")
    x = torch.from_numpy(train_x[:10000].astype(np.float32) / 255.0).unsqueeze(1)
    y = torch.from_numpy(train_y[:10000])
    test = torch.from_numpy(test_x[:1000].astype(np.float32) / 255.0).unsqueeze(1)
    mnist.write_images(os.path.join(work, "t1k.idx"), test_x[:1000])
    for name, make in (("mlp", mlp), ("cnn", cnn), ("cnn_view", ViewCnn)):
        model = make()
        train(model, x, y)
        path = os.path.join(work, name + ".onnx")
        torch.onnx.export(model, test[:1], path, input_names=["image"], output_names=["probabilities"],
                          dynamic_axes={"image": {0: "N"}, "probabilities": {0: "N"}})
        with torch.no_grad():
            out = model(test)
        probs = out.exp() if ends_in_log_softmax(model) else out
        probs.numpy().astype(np.float32).tofile(os.path.join(work, name + ".torch.f32"))
        print(f"{name}: exported {path}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
