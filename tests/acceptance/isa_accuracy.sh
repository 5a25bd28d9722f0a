#!/usr/bin/env bash
# Acceptance (speed issue): the fast kernels train to the same accuracy. Trains the mlp preset
# (5 epochs) and the cnn preset (3 epochs: its convolutions take the DirectConv and Winograd
# paths on AVX-512, im2col + GEMM elsewhere) with the same seed on every kernel path this CPU has
# (NNFS_ISA=scalar is the portable path; the vector paths sum in other orders, so their weights
# differ in the last bits) and checks that each preset's test accuracies lie within 0.2 points.
# Usage: isa_accuracy.sh NNFS_BINARY MNIST_DIR     (exit 77 = skipped: no MNIST here)
set -euo pipefail
source "$(dirname "$0")/common.sh" "$@"

# check_preset MODEL EPOCHS: trains MODEL on every path and checks the spread of the accuracies.
check_preset() {
  local model=$1 epochs=$2 accs=() isa last acc speed
  for isa in scalar avx2 avx512; do
    if ! NNFS_ISA=$isa "$nnfs" train --data "$data" --model "$model" --epochs "$epochs" --seed 1 --threads 2 \
        --out "$work/$model-$isa.safetensors" >"$work/$model-$isa.log" 2>"$work/$model-$isa.err"; then
      cat "$work/$model-$isa.err"
      exit 1
    fi
    if grep -q "not supported by this CPU" "$work/$model-$isa.err"; then
      echo "$model $isa: not on this CPU"
      continue
    fi
    last=$(grep "^epoch $epochs/$epochs" "$work/$model-$isa.log")
    acc=$(sed -E 's/.*test loss [0-9.]+ acc ([0-9.]+)%.*/\1/' <<<"$last")
    speed=$(sed -E 's/.* ([0-9]+) samples\/s.*/\1/' <<<"$last")
    echo "$model $isa: test accuracy $acc% after $epochs epochs ($speed samples/s in the last epoch)"
    accs+=("$acc")
  done
  printf '%s\n' "${accs[@]}" | awk -v model="$model" '
    NR == 1 { lo = hi = $1 } { if ($1 < lo) lo = $1; if ($1 > hi) hi = $1 }
    END { printf "%s: spread %.2f points over %d paths (limit 0.2)\n", model, hi - lo, NR; exit !(hi - lo <= 0.2) }' ||
    { echo "FAIL: the $model preset trains to accuracies more than 0.2 points apart on the kernel paths"; exit 1; }
}

check_preset mlp 5
check_preset cnn 3
