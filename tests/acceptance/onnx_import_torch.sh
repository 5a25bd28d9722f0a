#!/usr/bin/env bash
# Issue 17, acceptance 2: an MLP and two CNNs (one flattening with x.view(x.size(0), -1)) exported by
# torch.onnx.export import with
# `nnfs import` and give PyTorch's probabilities within 1e-4 (and the same labels) on the first
# 1,000 MNIST test images.
#   onnx_import_torch.sh NNFS ONNX_PROBABILITIES MNIST_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
probe=$2
source "$here/common.sh" "$1" "$3"
/usr/bin/python3 -c 'import torch, onnx' 2>/dev/null || { echo "python3-torch or python3-onnx missing: skipped"; exit 77; }

/usr/bin/python3 "$here/onnx_torch_models.py" "$work" "$data"
for name in mlp cnn cnn_view; do
  "$nnfs" import "$work/$name.onnx" --out "$work/$name.safetensors"
  "$probe" "$work/$name.safetensors" "$work/t1k.idx" "$work/$name.nnfs.f32"
  /usr/bin/python3 - "$work/$name.torch.f32" "$work/$name.nnfs.f32" "$name" <<'PY'
import sys
import numpy as np
torch_p = np.fromfile(sys.argv[1], dtype=np.float32).reshape(-1, 10)
nnfs_p = np.fromfile(sys.argv[2], dtype=np.float32).reshape(-1, 10)
diff = float(np.abs(torch_p - nnfs_p).max())
same = int((torch_p.argmax(1) == nnfs_p.argmax(1)).sum())
print(f"{sys.argv[3]}: {len(nnfs_p)} images, max |p_torch - p_nnfs| = {diff:.2e}, same label on {same}")
sys.exit(0 if len(nnfs_p) == 1000 and diff <= 1e-4 and same == len(nnfs_p) else 1)
PY
done
