#!/usr/bin/python3
"""PyTorch peer of `nnfs bench --only mlp` and `--only cnn`: the same network (--model mlp: MLP
784-128-ReLU-10; --model cnn: the cnn preset, conv 1->8 3x3 pad 1, ReLU, maxpool 2, conv 8->16
3x3 pad 1, ReLU, maxpool 2, flatten 784, linear 10; --model cnn-large: the cnn-large preset's twin,
[conv 3x3 pad 1, batch norm, ReLU] x2 with 32 filters, maxpool 2, the same with 64, maxpool 2,
flatten 3136, linear 128, batch norm, ReLU, dropout 0.3, linear 10), softmax cross-entropy, Adam (lr 1e-3, betas
0.9/0.999, eps 1e-7 as ours), the same batch, on MNIST preloaded as float tensors and reshuffled
every epoch. Prints one JSON line with every epoch's seconds.

Threads are pinned before torch is imported: OMP_NUM_THREADS and MKL_NUM_THREADS = --threads,
OPENBLAS_NUM_THREADS = --blas-threads (default the same; see peer_args.py), then
torch.set_num_threads(--threads) and one inter-op thread. bench/run.sh runs it with 1, 2 and
1 + 2 (one OpenMP thread, two OpenBLAS threads) and keeps the fastest setting (PyTorch's best,
not its worst).

    /usr/bin/python3 bench/peers/torch_train.py --model cnn --data DIR --batch 128 --threads 2 --epochs 3
"""
import json
import os
import sys
import time


def main():
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from peer_args import parse_and_pin
    args = parse_and_pin(lambda ap: ap.add_argument("--model", choices=("mlp", "cnn", "cnn-large"), default="mlp"))
    import torch  # after the environment is set
    from mnist_idx import load_train, steady_median

    torch.set_num_threads(args.threads)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:
        pass
    torch.manual_seed(args.seed)

    x_np, y_np = load_train(args.data)
    x = torch.from_numpy(x_np)
    y = torch.from_numpy(y_np)
    n = x.shape[0]

    nn = torch.nn
    if args.model == "cnn-large":
        x = x.reshape(n, 1, 28, 28)

        def block(c_in, c_out):  # batch norm as ours: momentum 0.1, eps 1e-5 (PyTorch's defaults)
            return [nn.Conv2d(c_in, c_out, 3, padding=1), nn.BatchNorm2d(c_out), nn.ReLU()]
        model = nn.Sequential(*block(1, 32), *block(32, 32), nn.MaxPool2d(2), *block(32, 64), *block(64, 64),
                              nn.MaxPool2d(2), nn.Flatten(), nn.Linear(3136, 128), nn.BatchNorm1d(128), nn.ReLU(),
                              nn.Dropout(0.3), nn.Linear(128, 10))
    elif args.model == "cnn":
        x = x.reshape(n, 1, 28, 28)  # NCHW, as ours reads the 784 values
        model = nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                              nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                              nn.Flatten(), nn.Linear(784, 10))
    else:
        model = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-7)
    loss_fn = torch.nn.CrossEntropyLoss()  # log-softmax + NLL, fused

    seconds = []
    for _ in range(args.epochs):
        start = time.perf_counter()
        perm = torch.randperm(n)
        for begin in range(0, n, args.batch):
            idx = perm[begin:begin + args.batch]
            xb, yb = x[idx], y[idx]
            loss = loss_fn(model(xb), yb)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
        seconds.append(time.perf_counter() - start)

    model.eval()
    with torch.no_grad():  # sanity check, not timed: it did learn (in chunks: cnn-large's activations are big)
        logits = torch.cat([model(x[i:i + 500]) for i in range(0, 10000, 500)])
        acc = (logits.argmax(1) == y[:10000]).float().mean().item()
        final_loss = loss_fn(logits, y[:10000]).item()
    print(json.dumps({"bench": args.model, "impl": "torch", "version": torch.__version__, "batch": args.batch,
                      "threads": torch.get_num_threads(), "blas_threads": args.blas_threads, "samples": n,
                      "epochs_s": seconds,
                      "median_s": steady_median(seconds), "train_loss": final_loss, "train_acc": acc}))


if __name__ == "__main__":
    main()
