#!/usr/bin/env bash
# Acceptance (speed issue): the fast kernels train to the same accuracy. Trains the mlp preset
# with the same seed on every GEMM path this CPU has (NNFS_ISA=scalar is the portable path; the
# vector paths sum in other orders, so their weights differ in the last bits) and checks that
# the test accuracies lie within 0.2 points of each other.
# Usage: isa_accuracy.sh NNFS_BINARY MNIST_DIR     (exit 77 = skipped: no MNIST here)
set -euo pipefail
source "$(dirname "$0")/common.sh" "$@"

accs=()
for isa in scalar avx2 avx512; do
  if ! NNFS_ISA=$isa "$nnfs" train --data "$data" --model mlp --epochs 5 --seed 1 --threads 2 \
      --out "$work/$isa.safetensors" >"$work/$isa.log" 2>"$work/$isa.err"; then
    cat "$work/$isa.err"
    exit 1
  fi
  if grep -q "not supported by this CPU" "$work/$isa.err"; then
    echo "$isa: not on this CPU"
    continue
  fi
  last=$(grep '^epoch 5/5' "$work/$isa.log")
  acc=$(sed -E 's/.*test loss [0-9.]+ acc ([0-9.]+)%.*/\1/' <<<"$last")
  speed=$(sed -E 's/.* ([0-9]+) samples\/s.*/\1/' <<<"$last")
  echo "$isa: test accuracy $acc% after 5 epochs ($speed samples/s in the last epoch)"
  accs+=("$acc")
done
printf '%s\n' "${accs[@]}" | awk '
  NR == 1 { lo = hi = $1 } { if ($1 < lo) lo = $1; if ($1 > hi) hi = $1 }
  END { printf "spread %.2f points over %d paths (limit 0.2)\n", hi - lo, NR; exit !(hi - lo <= 0.2) }' ||
  { echo "FAIL: the GEMM paths train to accuracies more than 0.2 points apart"; exit 1; }
