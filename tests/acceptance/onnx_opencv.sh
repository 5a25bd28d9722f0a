#!/usr/bin/env bash
# Acceptance (ONNX issue, 1): every bundled model (and one with every layer type), exported with `nnfs export`, passes the onnx
# package's checker and runs in OpenCV's DNN module (an independent runtime) with the same
# probabilities as `nnfs predict` on the 10,000 MNIST test images (within 1e-4) and the same labels.
# Usage: onnx_opencv.sh NNFS_BINARY MNIST_DIR MODELS_DIR     (exit 77 = skipped: no MNIST here)
set -euo pipefail
source "$(dirname "$0")/common.sh" "$@"
models=$3

# Debian's python3 has python3-onnx and python3-opencv (scripts/setup.sh installs them).
python=/usr/bin/python3
# Every layer type with the options the bundled models leave out (a non-square strided kernel
# without bias, batch normalisation of the raw [28, 28] input, average pooling, overlapping max
# pooling, each activation, dropout), trained for one epoch.
"$nnfs" train --data "$data" --epochs 1 --threads 2 --seed 1 --out "$work/every-layer.safetensors" \
  --arch batchnorm,conv2d:4:kernel=3x5:stride=2:bias=false,leaky_relu:0.2,avgpool2d:2,conv2d:4:padding=1,tanh,maxpool2d:2:stride=1,flatten,dense:16,sigmoid,dropout:0.1,dense:10,linear,softmax \
  >"$work/train.log"
pairs=()
for m in "$models"/*.safetensors "$work/every-layer.safetensors"; do
  name=$(basename "$m" .safetensors)
  "$nnfs" export --model "$m" --onnx "$work/$name.onnx"
  "$nnfs" predict --model "$m" --data "$data" --probabilities --out "$work/$name.csv"
  pairs+=("$work/$name.onnx" "$work/$name.csv")
done
"$python" "$(dirname "$0")/onnx_opencv.py" "$data" "${pairs[@]}"
