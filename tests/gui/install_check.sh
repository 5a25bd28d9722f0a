#!/usr/bin/env bash
# `cmake --install` of the build into a fresh prefix puts nnfs, nnfs-studio, the bundled models,
# the icon and a valid desktop entry in the standard places, and the installed studio finds its
# assets there (checked under Xvfb when available).
#   install_check.sh BUILD_DIR PREFIX
set -euo pipefail
build=$1
prefix=$2
rm -rf "$prefix"
cmake --install "$build" --prefix "$prefix" >/dev/null

fail() { echo "FAIL: $*" >&2; exit 1; }
for f in bin/nnfs bin/nnfs-studio share/nnfs-studio/models/mnist-mlp.safetensors share/nnfs-studio/icon.png \
         share/icons/hicolor/256x256/apps/nnfs-studio.png share/applications/nnfs-studio.desktop; do
  [ -e "$prefix/$f" ] || fail "not installed: $f"
  echo "installed $f"
done
if command -v desktop-file-validate >/dev/null; then
  out=$(desktop-file-validate "$prefix/share/applications/nnfs-studio.desktop" 2>&1) || fail "$out"
  [ -z "$out" ] || fail "desktop-file-validate: $out"
  echo "desktop-file-validate: clean"
else
  echo "desktop-file-validate not installed: entry not validated"
fi

if ! command -v xvfb-run >/dev/null; then
  echo "SKIP: no xvfb-run to start the installed app"
  exit 77
fi
# Run the installed copy from elsewhere: it must open the installed bundled model.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && XDG_CONFIG_HOME="$tmp/config" xvfb-run -a -s "-screen 0 1600x1000x24" "$prefix/bin/nnfs-studio" \
   --events "$tmp/events.jsonl" --screenshot "$tmp/shot.png" --frames 2) || fail "the installed app did not run"
grep -q "\"model_loaded\".*\"path\":\"$prefix/share/nnfs-studio/models/" "$tmp/events.jsonl" ||
  grep -q "\"path\":\"$prefix/share/nnfs-studio/models/.*\"model_loaded\"" "$tmp/events.jsonl" ||
  fail "the installed app did not open its bundled model: $(cat "$tmp/events.jsonl")"
echo "the installed app opened $(grep -o "$prefix/share/nnfs-studio/models/[^\"]*" "$tmp/events.jsonl" | head -1)"
