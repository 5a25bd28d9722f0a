# Sourced by the acceptance scripts: `source common.sh NNFS_BINARY MNIST_DIR` sets $nnfs, $data
# and a scratch directory $work (removed on exit; the run library NNFS_RUNS_DIR inside it), or exits 77 (CTest's "skipped") without MNIST.
nnfs=$1
data=$2
if [ ! -e "$data/train-images-idx3-ubyte" ] && [ ! -e "$data/train-images-idx3-ubyte.gz" ]; then
  echo "MNIST not found in $data: skipped (scripts/setup.sh fetches it)"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The runs `nnfs train` records go to the scratch directory, never into the home directory.
export NNFS_RUNS_DIR="$work/runs"
