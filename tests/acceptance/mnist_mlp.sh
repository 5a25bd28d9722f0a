#!/usr/bin/env bash
# Acceptance on the real MNIST (the foundation issue): trains the mlp preset from the IDX files
# and from the CSV files `nnfs convert` writes, checks the accuracy of both, that the same seed
# gives a byte-identical model file, and that predict writes one row per test image.
# Usage: mnist_mlp.sh NNFS_BINARY MNIST_DIR     (exit 77 = skipped: no MNIST here)
set -euo pipefail
source "$(dirname "$0")/common.sh" "$@"

# final test accuracy (percent) from `nnfs train` output
final_acc() { grep '^epoch 5/5' "$1" | sed -E 's/.*test loss [0-9.]+ acc ([0-9.]+)%.*/\1/'; }

"$nnfs" train --data "$data" --model mlp --epochs 5 --seed 1 --threads 2 --out "$work/a.safetensors" | tee "$work/idx.log"
idx_acc=$(final_acc "$work/idx.log")
echo "IDX: test accuracy $idx_acc%"
awk -v a="$idx_acc" 'BEGIN { exit !(a >= 97.5) }' || { echo "FAIL: $idx_acc% < 97.5%"; exit 1; }

"$nnfs" train --data "$data" --model mlp --epochs 5 --seed 1 --threads 2 --out "$work/b.safetensors" >/dev/null
cmp "$work/a.safetensors" "$work/b.safetensors" || { echo "FAIL: same seed gave different model files"; exit 1; }
echo "same seed and threads: byte-identical model files"

"$nnfs" convert --data "$data" --to-csv "$work/csv"
"$nnfs" train --train "$work/csv/mnist_train.csv" --test "$work/csv/mnist_test.csv" --model mlp --epochs 5 \
  --seed 1 --threads 2 --out "$work/c.safetensors" | tee "$work/csv.log"
csv_acc=$(final_acc "$work/csv.log")
echo "CSV: test accuracy $csv_acc%"
awk -v a="$idx_acc" -v b="$csv_acc" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= 0.3) }' ||
  { echo "FAIL: CSV accuracy $csv_acc% differs from IDX $idx_acc% by more than 0.3 points"; exit 1; }

cut -d, -f2- "$work/csv/mnist_test.csv" > "$work/unlabelled.csv"
"$nnfs" predict --model "$work/a.safetensors" --input "$work/unlabelled.csv" --out "$work/preds.csv"
rows=$(($(wc -l < "$work/preds.csv") - 1))
head -n 3 "$work/preds.csv"
[ "$rows" -eq 10000 ] || { echo "FAIL: $rows predictions, expected 10000"; exit 1; }
echo "predict: $rows predictions"
"$nnfs" evaluate --model "$work/a.safetensors" --data "$data" | head -n 4
