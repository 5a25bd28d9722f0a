#!/usr/bin/env bash
# Issue 15, acceptance 1: teaching a model one writer's handwriting.
# A test writer (handwriting_writer.py: strong slant, crossed 7, flagged 1) whose digits the
# bundled models read at 75-90%; 10 examples per digit taught with
#   nnfs train --init MODEL --data MNIST --extra DIR        (the default fine-tuning recipe)
# must reach >= 97% on 50 other digits per class of the same writer (nnfs evaluate --input),
# while the MNIST test accuracy drops by at most 0.3 points. For mnist-mlp and mnist-cnn.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/common.sh" "$1" "$2"
models="$here/../../assets/models"

accuracy() { "$nnfs" evaluate --model "$1" "${@:2}" | awk '/^accuracy/ { sub("%", "", $2); print $2 }'; }
check() {  # check WHAT VALUE OP LIMIT
  if awk -v v="$2" -v l="$4" "BEGIN { exit !(v $3 l) }"; then echo "ok   $1: $2 $3 $4"
  else echo "FAIL $1: $2 is not $3 $4"; exit 1; fi
}

python3 "$here/handwriting_writer.py" "$work/teach" 10 1
python3 "$here/handwriting_writer.py" "$work/held" 50 2
for name in mnist-mlp mnist-cnn; do
  model="$models/$name.safetensors"
  writer_before=$(accuracy "$model" --input "$work/held")
  mnist_before=$(accuracy "$model" --data "$data")
  check "$name reads the writer" "$writer_before" ">=" 75
  check "$name reads the writer" "$writer_before" "<=" 90
  "$nnfs" train --init "$model" --data "$data" --extra "$work/teach" --out "$work/$name.safetensors" | grep '^epoch'
  writer_after=$(accuracy "$work/$name.safetensors" --input "$work/held")
  mnist_after=$(accuracy "$work/$name.safetensors" --data "$data")
  echo "$name: writer $writer_before% -> $writer_after%, MNIST test $mnist_before% -> $mnist_after%"
  check "$name taught, writer's held-out digits" "$writer_after" ">=" 97
  check "$name taught, MNIST test drop" "$(awk -v a="$mnist_before" -v b="$mnist_after" 'BEGIN { print a - b }')" "<=" 0.3
done
