#!/usr/bin/env bash
# Issue 17, acceptance 3: one epoch of the bundled mnist-cnn on PyTorch's DistributedDataParallel,
# two processes on this machine's CPUs (torchrun, gloo), back through ONNX: `nnfs evaluate` of the
# imported model gives the test accuracy PyTorch printed, within 0.01 points. About 25 s here.
#   onnx_ddp.sh NNFS MNIST_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/common.sh" "$1" "$2"
command -v torchrun >/dev/null && /usr/bin/python3 -c 'import torch, onnx' 2>/dev/null ||
  { echo "torchrun, python3-torch or python3-onnx missing: skipped"; exit 77; }

# --redirects 1 --tee 1: Debian's torch 1.13 on Python 3.11 fails on torchrun's default "0"
# (Std.from_str finds no flag for it); teeing stdout keeps rank 0's lines on the console.
torchrun --redirects 1 --tee 1 --log_dir "$work/logs" --nproc_per_node 2 "$here/../../tools/pytorch/train_ddp.py" \
  --model "$here/../../assets/models/mnist-cnn.safetensors" --data "$data" --epochs 1 --out "$work/ddp.onnx" |
  tee "$work/torch.log"
torch_acc=$(sed -n 's/.*test accuracy: \([0-9.]*\)%.*/\1/p' "$work/torch.log")
"$nnfs" import "$work/ddp.onnx" --out "$work/ddp.safetensors"
nnfs_acc=$("$nnfs" evaluate --model "$work/ddp.safetensors" --data "$data" | awk '/^accuracy/ { sub("%", "", $2); print $2 }')
echo "PyTorch (DDP, 2 processes): $torch_acc%, nnfs evaluate after ONNX import: $nnfs_acc%"
awk -v a="$torch_acc" -v b="$nnfs_acc" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(a != "" && b != "" && d <= 0.01) }'
