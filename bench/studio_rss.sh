#!/usr/bin/env bash
# Peak RSS of nnfs-studio under Xvfb, in one of two situations:
#   --train PRESET  it trains the preset for one epoch (training, the epoch's test evaluation and
#                   the report the studio builds from it);
#   --model FILE    it opens the data and a model file, which it evaluates on the test set and
#                   shows (the report, the mistakes, the confusion matrix), then sits idle.
# Usage: bench/studio_rss.sh BUILD_DIR DATA_DIR (--train PRESET | --model FILE) [TIMEOUT_S]
#   prints: "studio --train PRESET: peak RSS N MiB (...)" or a timeout line (exit 1).
# Memory is not timing: the number is the same on a busy machine, so it can run beside other work.
set -euo pipefail
build=${1:?build dir}; data=${2:?data dir}; mode=${3:?--train PRESET or --model FILE}; what=${4:?}
limit=${5:-900}
case "$mode" in
  --train) args=(--train "$what" --epochs 1); done_event='"training_state".*"finished"' ;;
  --model) args=(--model "$what"); done_event='"event": *"evaluated"' ;;
  *) echo "studio_rss.sh: expected --train PRESET or --model FILE, found '$mode'" >&2; exit 2 ;;
esac
studio="$build/app/studio/nnfs-studio"
work=$(mktemp -d)
# xvfb-run does not pass a signal on to the app: stop the app itself too.
trap 'p=$(app_pid); [ -n "$p" ] && kill "$p" 2>/dev/null; kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
export XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/share" NNFS_RUNS_DIR="$work/runs"
xvfb-run -a -s "-screen 0 1600x1000x24" "$studio" --size 1280x800 --data "$data" "${args[@]}" \
  --events "$work/events.jsonl" >"$work/out.log" 2>&1 &
pid=$!
start=$SECONDS
# The studio of this run (its events file is unique), not another nnfs-studio on the machine.
app_pid() { pgrep -f -n "^$studio .*--events $work/events.jsonl" || true; }
hwm_kb() { awk '/VmHWM/ {print $2}' "/proc/$1/status" 2>/dev/null || echo "${hwm:-0}"; }
while [ $((SECONDS - start)) -lt "$limit" ]; do
  sleep 2
  p=$(app_pid)
  [ -n "$p" ] && hwm=$(hwm_kb "$p")
  if grep -Eq "$done_event" "$work/events.jsonl" 2>/dev/null; then
    sleep 5  # what follows the event (the report, the views of it) is built in the next frames
    p=$(app_pid); [ -n "$p" ] && hwm=$(hwm_kb "$p")
    echo "studio $mode $what: peak RSS $((hwm / 1024)) MiB (done in $((SECONDS - start)) s)"
    exit 0
  fi
done
echo "studio $mode $what: not done within $limit s (peak RSS so far $((${hwm:-0} / 1024)) MiB)"
exit 1
