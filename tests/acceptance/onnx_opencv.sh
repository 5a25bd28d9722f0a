#!/usr/bin/env bash
# Acceptance (ONNX issue, 1): every bundled model, exported with `nnfs export`, passes the onnx
# package's checker and runs in OpenCV's DNN module (an independent runtime) with the same
# probabilities as `nnfs predict` on the 10,000 MNIST test images (within 1e-4) and the same labels.
# Usage: onnx_opencv.sh NNFS_BINARY MNIST_DIR MODELS_DIR     (exit 77 = skipped: no MNIST here)
set -euo pipefail
source "$(dirname "$0")/common.sh" "$@"
models=$3

# Debian's python3 has python3-onnx and python3-opencv (scripts/setup.sh installs them).
python=/usr/bin/python3
pairs=()
for m in "$models"/*.safetensors; do
  name=$(basename "$m" .safetensors)
  "$nnfs" export --model "$m" --onnx "$work/$name.onnx"
  "$nnfs" predict --model "$m" --data "$data" --probabilities --out "$work/$name.csv"
  pairs+=("$work/$name.onnx" "$work/$name.csv")
done
"$python" "$(dirname "$0")/onnx_opencv.py" "$data" "${pairs[@]}"
