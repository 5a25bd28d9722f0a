#!/usr/bin/python3
"""Train an nnfs model on PyTorch's DistributedDataParallel, then export ONNX for `nnfs import`.

    torchrun --nproc_per_node 2 tools/pytorch/train_ddp.py --model assets/models/mnist-cnn.safetensors \\
        --data data/mnist --epochs 1 --out cnn-ddp.onnx
    nnfs import cnn-ddp.onnx --out cnn-ddp.safetensors

Every process builds the same network from the model file (nnfs_model.py), takes its share of
each epoch (DistributedSampler) and averages gradients with the others: gloo on CPUs, NCCL when
every process has a GPU; any number of machines with torchrun's --nnodes/--rdzv-endpoint.
Inputs are scaled as the model file says, so the weights keep their meaning. Rank 0 evaluates
on the test set, prints "test accuracy: A% (C of N)" and writes the ONNX file: the image
[N, 1, 28, 28] in raw pixels 0-255, the model's scaling as its first two nodes (Mul, Add),
the probabilities [N, K] out.
"""
import argparse
import os
import time

import numpy as np
import torch
import torch.distributed as dist
from torch import nn
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DataLoader, DistributedSampler, TensorDataset

import mnist
import nnfs_model


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--model", required=True, help="nnfs model file (.safetensors) to start from")
    p.add_argument("--data", required=True, help="directory with the four MNIST IDX files")
    p.add_argument("--out", required=True, help="ONNX file to write (rank 0)")
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--batch", type=int, default=64, help="per process")
    p.add_argument("--lr", type=float, default=1e-3, help="Adam's learning rate")
    p.add_argument("--limit", type=int, default=0, help="train on the first N training images only (0: all)")
    p.add_argument("--seed", type=int, default=0)
    return p.parse_args()


def scaled(images, scaling):
    return torch.from_numpy(images.astype(np.float32)).unsqueeze(1) * scaling[0] + scaling[1]


def train_body(net):
    """The network without its final softmax: cross-entropy is taken on the logits (stable)."""
    return net[:-1] if isinstance(net[-1], nn.Softmax) else net


def evaluate(net, x, y):
    net.eval()
    with torch.no_grad():
        correct = sum(int((net(x[i:i + 1000]).argmax(1) == y[i:i + 1000]).sum()) for i in range(0, len(x), 1000))
    return correct


def export(net, scaling, path, input_shape):
    model = nn.Sequential(nnfs_model.InputScaling(*scaling), net).eval()
    tmp = path + ".tmp"
    torch.onnx.export(model, torch.zeros(1, *input_shape), tmp, input_names=["image"],
                      output_names=["probabilities"], dynamic_axes={"image": {0: "N"}, "probabilities": {0: "N"}})
    os.replace(tmp, path)  # atomic: a reader never sees half a file


def main():
    args = parse_args()
    cuda = torch.cuda.is_available()
    dist.init_process_group("nccl" if cuda else "gloo")
    rank, world = dist.get_rank(), dist.get_world_size()
    device = torch.device("cuda", int(os.environ.get("LOCAL_RANK", 0))) if cuda else torch.device("cpu")
    torch.manual_seed(args.seed)
    net, scaling, _ = nnfs_model.load(args.model)
    net.to(device)
    train_x, train_y = mnist.load(args.data, "train")
    if args.limit:
        train_x, train_y = train_x[:args.limit], train_y[:args.limit]
    data = TensorDataset(scaled(train_x, scaling), torch.from_numpy(train_y))
    sampler = DistributedSampler(data, num_replicas=world, rank=rank, shuffle=True, seed=args.seed)
    loader = DataLoader(data, batch_size=args.batch, sampler=sampler)
    body = DistributedDataParallel(train_body(net), device_ids=[device.index] if cuda else None)
    opt = torch.optim.Adam(body.parameters(), lr=args.lr)
    loss_fn = nn.CrossEntropyLoss()
    for epoch in range(args.epochs):
        sampler.set_epoch(epoch)
        body.train()
        start, total, count = time.time(), 0.0, 0
        for x, y in loader:
            x, y = x.to(device), y.to(device)
            loss = loss_fn(body(x), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            total, count = total + float(loss) * len(y), count + len(y)
        if rank == 0:
            print(f"epoch {epoch + 1}: loss {total / max(count, 1):.4f} on {count} images per process "
                  f"x {world} processes, {time.time() - start:.1f} s", flush=True)
    if rank == 0:
        test_x, test_y = mnist.load(args.data, "t10k")
        correct = evaluate(net.cpu(), scaled(test_x, scaling), torch.from_numpy(test_y))
        print(f"test accuracy: {100.0 * correct / len(test_y):.2f}% ({correct} of {len(test_y)})", flush=True)
        export(net, scaling, args.out, (1, *test_x.shape[1:]))
        print(f"wrote {args.out}", flush=True)
    dist.barrier()
    dist.destroy_process_group()


if __name__ == "__main__":
    main()
