#!/usr/bin/env bash
# Bandwidth of the Vulkan plugin's elementwise code on a GPU machine: its copy (y = x), the
# fused chain and sum-all kernels (vulkan_plugin_test "[.bench]", device time from timestamp
# queries) under each code-generation knob, then PyTorch's copy and chain for reference when
# torch is installed. Also checks that every knob setting gives the same chain output bits.
#
# usage (repo root, on the device; see bench/README.md for bundling):
#   bench/vulkan_bandwidth.sh BUNDLE_DIR [N ...]        N defaults to 1e8
set -u
bundle=${1:-.devbundle-accel}
shift || true
sizes=${*:-1e8}
test_bin=$bundle/tree/vulkan_plugin_test
export RUNMAT_PLUGIN_DIR=$bundle/tree/plugins
# "" = the defaults; the first alternative is the code before vectorization.
variants=(""
  "RUNMAT_VULKAN_VECTORIZE=0 RUNMAT_VULKAN_MAX_GROUPS=65535"
  "RUNMAT_VULKAN_VECTORIZE=0"
  "RUNMAT_VULKAN_MAX_GROUPS=65535"
  "RUNMAT_VULKAN_MAX_GROUPS=16384"
  "RUNMAT_VULKAN_MAX_GROUPS=4224")
for n in $sizes; do
  for v in "${variants[@]}"; do
    echo "== N=$n ${v:-defaults}"
    env $v RUNMAT_VK_BENCH_N="$n" RUNMAT_VK_BENCH_REPS=20 "$test_bin" "[.bench]" |
      grep '^\[bench\]'
  done
  if python3 -c "import torch" 2>/dev/null; then
    python3 "$(dirname "$0")/torch_chain.py" "$n" 20
  fi
done
