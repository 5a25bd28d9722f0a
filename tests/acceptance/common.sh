# Sourced by the acceptance scripts: `source common.sh NNFS_BINARY MNIST_DIR` sets $nnfs, $data
# and a scratch directory $work (removed on exit), or exits 77 (CTest's "skipped") without MNIST.
nnfs=$1
data=$2
if [ ! -e "$data/train-images-idx3-ubyte" ] && [ ! -e "$data/train-images-idx3-ubyte.gz" ]; then
  echo "MNIST not found in $data: skipped (scripts/setup.sh fetches it)"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
