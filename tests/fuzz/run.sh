#!/usr/bin/env bash
# tests/fuzz/run.sh [SECONDS] [TARGET...]      fuzz every target (or those named) for SECONDS each
# tests/fuzz/run.sh --build                    configure and build only (then: ctest --test-dir
#                                              build-fuzz -L fuzz runs each for 20 s, as CI does)
# Builds the libFuzzer targets (clang-14, -fsanitize=fuzzer,address,undefined, in build-fuzz/ or
# $NNFS_FUZZ_BUILD) and fuzzes each for SECONDS (default 60), one after the other. Prints one line
# per target (executions, corpus size, result) and appends it to <build>/fuzz-stats.log.
# Exit status: 0 when no target crashed, leaked, hung or ran out of memory.
# Needs: apt-get install clang-14 libfuzzer-14-dev
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${NNFS_FUZZ_BUILD:-$root/build-fuzz}
build_only=0
if [ "${1:-}" = --build ]; then build_only=1; shift; fi
seconds=${1:-60}
[ $# -gt 0 ] && shift
targets=("$@")

for tool in clang-14 clang++-14; do
  command -v "$tool" >/dev/null || { echo "fuzz: $tool not found (apt-get install clang-14 libfuzzer-14-dev)" >&2; exit 1; }
done
if [ ! -f "$build/build.ninja" ]; then
  # -O1 -g with assertions on: fast enough to fuzz, and every check in the code stays active.
  CC=clang-14 CXX=clang++-14 cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" -DNNFS_BUILD_FUZZ=ON -DNNFS_SANITIZE=address,undefined \
    -DNNFS_BUILD_TESTS=OFF -DNNFS_BUILD_BENCH=OFF -DNNFS_BUILD_STUDIO=OFF >/dev/null
fi
cmake --build "$build" --target nnfs_fuzz
[ $build_only -eq 0 ] || exit 0

if [ ${#targets[@]} -eq 0 ]; then
  for bin in "$build"/tests/fuzz/fuzz_*; do [ -x "$bin" ] && targets+=("${bin##*/fuzz_}"); done
fi
failed=()
for name in "${targets[@]}"; do
  bin=$build/tests/fuzz/fuzz_$name
  [ -x "$bin" ] || { echo "fuzz: no target '$name' in $build/tests/fuzz" >&2; exit 2; }
  log=$build/tests/fuzz/fuzz-work/$name/last-run.log
  mkdir -p "$(dirname "$log")"
  status=ok
  "$here/run_target.sh" "$bin" "$name" "$seconds" >"$log" 2>&1 || status=FAILED
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  corpus=$(find "$build/tests/fuzz/fuzz-work/$name/corpus" -type f | wc -l)
  line=$(printf '%s  %-12s %6ss  %12s execs  corpus %5s  %s' "$(date -u +%FT%TZ)" "$name" "$seconds" "${execs:-?}" "$corpus" "$status")
  echo "$line" | tee -a "$build/fuzz-stats.log"
  if [ $status != ok ]; then
    failed+=("$name")
    grep -E 'ERROR|SUMMARY|Test unit written|fuzz property' "$log" | head -n 20 >&2 || true
    echo "  full log: $log" >&2
  fi
done
[ ${#failed[@]} -eq 0 ] || { echo "fuzz: failures in: ${failed[*]}" >&2; exit 1; }
