#!/usr/bin/env bash
# Command 2 of the README (and .ci/run): set up, build everything, run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh release
ctest --preset release
