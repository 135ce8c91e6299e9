#!/usr/bin/env bash
# Installs exactly the Debian 12 packages RunMat needs that are missing. Idempotent: when
# everything is present it does nothing (no apt-get update, no network).
set -euo pipefail

PACKAGES=(
  # toolchain
  build-essential cmake ninja-build ccache pkg-config git
  # libraries (design card)
  libvulkan-dev libshaderc-dev glslang-dev spirv-tools libspirv-cross-c-shared-dev
  libboost-dev libboost-filesystem-dev libabsl-dev libprotobuf-dev protobuf-compiler
  catch2 libeigen3-dev zlib1g-dev
  # beyond the design card: PCRE2 for regexp (MATLAB regex syntax)
  libpcre2-dev
  # Vulkan on the CPU (Mesa lavapipe) so GPU code runs and is tested without a GPU
  mesa-vulkan-drivers
  # tooling: telemetry consumer and benchmark harness
  python3 python3-protobuf python3-numpy
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#PACKAGES[@]} packages present"
  exit 0
fi

echo "setup: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
