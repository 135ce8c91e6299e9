#!/bin/sh
# Rewrites tests/gates/expected.json from the current build: run it after a change that moves
# the counters on purpose, review `git diff tests/gates/expected.json`, and commit the file with
# the change. usage: scripts/update-gates.sh [BUILD_DIR]   (default build/release)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build/release}
runmat=$build/bin/runmat
[ -x "$runmat" ] || { echo "update-gates: no runmat at $runmat (build first)" >&2; exit 2; }
gate=$root/tests/gates/gate.py
/usr/bin/python3 "$gate" check --runmat "$runmat" --accel cpu --update
# Without a Vulkan device the Vulkan section is left as it is (exit 77 = skipped).
/usr/bin/python3 "$gate" check --runmat "$runmat" --accel vulkan --update || {
  rc=$?
  [ "$rc" -eq 77 ] || exit "$rc"
  echo "update-gates: Vulkan section unchanged (no Vulkan device)"
}
git -C "$root" diff --stat -- tests/gates/expected.json
