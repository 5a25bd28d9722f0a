#!/usr/bin/env bash
# One command for every figure of docs/BENCHMARKS.md, measured in one run on this machine:
#
#   bench/run.sh [--quick] [--data DIR] [driver options...]
#
# 1. builds nnfs, nnfs-studio, nnfs_bench_gemm, nnfs_bench_layers and the dlib peer (Release) in
#    build-bench/;
# 2. finds MNIST (--data, $NNFS_DATA, data/mnist, /tmp/mn/package/data) and writes the CSV once;
# 3. bench/driver.py: GEMM vs OpenBLAS, MLP epochs vs PyTorch, NumPy and dlib, CNN epochs vs
#    PyTorch and dlib, cnn-large vs its PyTorch twin (alternating), the speedrun's seeds and time to
#    99%, per-layer GFLOP/s, CSV/IDX loading vs pandas, peak RSS → build-bench/bench-results.json;
# 4. bench/report.py → docs/BENCHMARKS.md.
# --quick (fewer repetitions, for trying the pipeline) writes build-bench/BENCHMARKS-quick.md
# instead. Peers run with Debian's /usr/bin/python3 (python3-torch, python3-numpy,
# python3-pandas); missing packages are installed with apt-get when running as root.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
command="bench/run.sh${*:+ $*}"  # as typed, for the report
build="$root/build-bench"
data=${NNFS_DATA:-}
quick=0
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --data) data=${2:?--data needs a directory}; shift ;;
    --quick) quick=1 ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) extra+=("$1") ;;
  esac
  shift
done
say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# --- peers and tools ---------------------------------------------------------------------------
missing=()
for p in python3-torch python3-numpy python3-pandas libopenblas-dev libdlib-dev time xvfb; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then echo "run.sh: please install: ${missing[*]}" >&2; exit 1; fi
  say "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# --- build ---------------------------------------------------------------------------------------
say "building (Release) in $build"
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
# The studio explicitly: the memory rows open it (a cache from an older checkout may have it off).
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DNNFS_BUILD_TESTS=OFF -DNNFS_BUILD_STUDIO=ON \
  "${launcher[@]}" >/dev/null
targets=(nnfs nnfs-studio nnfs_bench_gemm)
# The per-layer benchmark (bench/bench_layers.cpp) and the dlib peer, where this checkout has them.
# (The list is read whole first: `ninja ... | grep -q` under pipefail fails when grep exits early.)
known=$(ninja -C "$build" -t targets all)
for t in nnfs_bench_layers nnfs_peer_dlib; do
  grep -q "^$t:" <<<"$known" && targets+=("$t")
done
ninja -C "$build" "${targets[@]}" >/dev/null

# --- data ------------------------------------------------------------------------------------------
if [ -z "$data" ]; then
  for d in "$root/data/mnist" /tmp/mn/package/data; do
    [ -f "$d/train-images-idx3-ubyte" ] && { data=$d; break; }
  done
fi
if [ -z "$data" ] || [ ! -f "$data/train-images-idx3-ubyte" ]; then
  echo "run.sh: raw MNIST IDX files not found; run scripts/setup.sh or pass --data DIR" >&2
  exit 1
fi
csv="$build/csv/mnist_train.csv"
if [ ! -f "$csv" ]; then
  say "writing $csv"
  "$build/nnfs" convert --data "$data" --to-csv "$build/csv" >/dev/null
fi

# --- measure and report --------------------------------------------------------------------------
results="$build/bench-results.json"
out="$root/docs/BENCHMARKS.md"
if [ $quick -eq 1 ]; then
  extra=(--reps 1 --epochs 2 --cnn-reps 1 --cnn-epochs 2 --speedrun-seeds 1 --load-rounds 1 --load-reps 2 --gemm-rounds 3 --max-wait 0 "${extra[@]}")
  results="$build/bench-results-quick.json"
  out="$build/BENCHMARKS-quick.md"
fi
say "measuring (load average: $(cut -d' ' -f1 /proc/loadavg))"
/usr/bin/python3 "$root/bench/driver.py" --build "$build" --data "$data" --csv "$csv" --out "$results" \
  --command "$command" "${extra[@]}"
/usr/bin/python3 "$root/bench/report.py" "$results" "$out"
say "wrote $out"
