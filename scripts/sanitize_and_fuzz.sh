#!/usr/bin/env bash
# The reliability stages of `scripts/setup.sh test`, run after the main test suite
# (what each covers: docs/RELIABILITY.md):
#   asan  the whole test suite built with AddressSanitizer + UndefinedBehaviorSanitizer (fatal),
#         build-asan/; every CTest test except the real-MNIST acceptance runs
#   tsan  the [concurrency] tests (thread pool, stop flag, background trainer, concurrent
#         writers) built with ThreadSanitizer, build-tsan/
#   fuzz  every libFuzzer target for 20 s from its seed corpus (clang-14), build-fuzz/
# Build directories are kept: a second run rebuilds only what changed.
# Usage: scripts/sanitize_and_fuzz.sh [asan] [tsan] [fuzz]     (default: all three)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
jobs=$(nproc)
stages=("$@")
[ ${#stages[@]} -gt 0 ] || stages=(asan tsan fuzz)
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# configure DIR FLAGS...: once; later runs reuse the build directory.
configure() {
  local dir=$1; shift
  [ -f "$dir/build.ninja" ] || cmake -S "$root" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g" -DNNFS_BUILD_BENCH=OFF -DNNFS_BUILD_STUDIO=OFF "$@" >/dev/null
}

for stage in "${stages[@]}"; do
  start=$SECONDS
  case "$stage" in
    asan)
      say "ASan+UBSan: building the test suite ($root/build-asan)"
      configure "$root/build-asan" -DNNFS_SANITIZE=address,undefined
      cmake --build "$root/build-asan" -j "$jobs"
      say "ASan+UBSan: running the test suite"
      ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1 \
      UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        ctest --test-dir "$root/build-asan" --output-on-failure -j "$jobs" -E '^acceptance\.'
      ;;
    tsan)
      say "TSan: building the concurrency tests ($root/build-tsan)"
      configure "$root/build-tsan" -DNNFS_SANITIZE=thread
      cmake --build "$root/build-tsan" -j "$jobs" --target nnfs_tests
      say "TSan: running the [concurrency] tests"
      TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
        "$root/build-tsan/tests/nnfs_tests" "[concurrency]"
      ;;
    fuzz)
      say "fuzzing: building the targets ($root/build-fuzz)"
      NNFS_FUZZ_BUILD="$root/build-fuzz" "$root/tests/fuzz/run.sh" --build
      say "fuzzing: each target for 20 s"
      ctest --test-dir "$root/build-fuzz" --output-on-failure -j "$jobs" -L fuzz
      ;;
    *) echo "sanitize_and_fuzz: unknown stage '$stage' (asan, tsan, fuzz)" >&2; exit 2 ;;
  esac
  say "$stage: done in $((SECONDS - start)) s"
done
