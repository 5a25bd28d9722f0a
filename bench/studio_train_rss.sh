#!/usr/bin/env bash
# Peak RSS of nnfs-studio while it trains a preset for one epoch (training, the epoch's test
# evaluation and the report the studio builds from it), under Xvfb.
# Usage: bench/studio_train_rss.sh BUILD_DIR DATA_DIR [PRESET] [TIMEOUT_S]
#   prints: "studio --train PRESET: peak RSS N MiB (epoch 1 finished in S s)" or a timeout line.
# Memory is not timing: the number is the same on a busy machine, so it can run beside other work.
set -euo pipefail
build=${1:?build dir}; data=${2:?data dir}; preset=${3:-cnn-large}; limit=${4:-900}
studio="$build/app/studio/nnfs-studio"
work=$(mktemp -d)
# xvfb-run does not pass a signal on to the app: stop the app itself too.
trap 'p=$(app_pid); [ -n "$p" ] && kill "$p" 2>/dev/null; kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
export XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/share"
xvfb-run -a -s "-screen 0 1600x1000x24" "$studio" --size 1280x800 --data "$data" \
  --train "$preset" --epochs 1 --events "$work/events.jsonl" >"$work/out.log" 2>&1 &
pid=$!
start=$SECONDS
# The studio of this run (its events file is unique), not another nnfs-studio on the machine.
app_pid() { pgrep -f -n "^$studio .*--events $work/events.jsonl" || true; }
while [ $((SECONDS - start)) -lt "$limit" ]; do
  sleep 2
  p=$(app_pid)
  [ -n "$p" ] && hwm=$(awk '/VmHWM/ {print $2}' "/proc/$p/status" 2>/dev/null || echo "${hwm:-0}")
  if grep -q '"training_state".*"finished"' "$work/events.jsonl" 2>/dev/null; then
    sleep 3  # the epoch's report is built after the state change
    p=$(app_pid); [ -n "$p" ] && hwm=$(awk '/VmHWM/ {print $2}' "/proc/$p/status")
    echo "studio --train $preset: peak RSS $((hwm / 1024)) MiB (epoch 1 finished in $((SECONDS - start)) s)"
    exit 0
  fi
done
echo "studio --train $preset: no finished epoch within $limit s (peak RSS so far $((${hwm:-0} / 1024)) MiB)"
exit 1
