#!/usr/bin/env bash
# Command 1 of the README: set up, build, run the demo script.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh release --target runmat-cli runmat_plugin_cpu runmat_plugin_vulkan
build/release/bin/runmat run examples/demo.m
