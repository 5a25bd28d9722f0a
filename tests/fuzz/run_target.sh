#!/usr/bin/env bash
# run_target.sh BINARY NAME SECONDS [LIBFUZZER FLAGS...]
# Fuzzes one target for SECONDS: seeds from tests/fuzz/corpus/NAME (read only), new inputs kept in
# <binary dir>/fuzz-work/NAME/corpus (so later runs continue from them), crashes written to
# <binary dir>/fuzz-work/NAME/artifacts. Exit status 0 means no crash, leak, timeout or OOM.
set -euo pipefail
bin=$1 name=$2 seconds=$3
shift 3
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
work=$(dirname "$bin")/fuzz-work/$name
mkdir -p "$work/corpus" "$work/artifacts"
flags=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
       -artifact_prefix="$work/artifacts/")
[ -f "$here/dict/$name.dict" ] && flags+=(-dict="$here/dict/$name.dict")
[ -f "$here/corpus/$name.options" ] && read -r -a extra < "$here/corpus/$name.options" && flags+=("${extra[@]}")
exec "$bin" "${flags[@]}" "$@" "$work/corpus" "$here/corpus/$name"
