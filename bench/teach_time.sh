#!/usr/bin/env bash
# Issue 15: seconds to teach the bundled models 10 examples per digit of the test writer
# (tests/acceptance/handwriting_writer.py) with the default recipe, on 2 threads.
# Goal: under 30 s for mnist-mlp, under 60 s for mnist-cnn.
#   bench/teach_time.sh [NNFS_BINARY] [MNIST_DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
nnfs=${1:-$root/build/nnfs}
data=${2:-$root/data/mnist}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$root/tests/acceptance/handwriting_writer.py" "$work/teach" 10 1
for name in mnist-mlp mnist-cnn; do
  /usr/bin/time -f "$name: %e s wall, %U s user, %S s sys (load, train 1 epoch, save)" \
    "$nnfs" train --init "$root/assets/models/$name.safetensors" --data "$data" --extra "$work/teach" \
    --threads 2 --out "$work/$name.safetensors" >/dev/null
done
