#!/usr/bin/env bash
# Configures (once) and builds RunMat with a CMake preset (default: release).
# usage: scripts/build.sh [preset] [extra cmake --build args...]
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-release}"
shift || true
if [ ! -f "build/$preset/build.ninja" ]; then
  cmake --preset "$preset"
fi
cmake --build --preset "$preset" "$@"
