#!/usr/bin/env python3
"""Prints per-kernel device time and effective bandwidth from a runmat JSON telemetry file.
usage: report_kernels.py telemetry.json"""
import json
import sys

rec = json.load(open(sys.argv[1]))
for k in rec.get("kernels", []):
    launches = int(k.get("launches", 0)) or 1
    ns = int(k.get("device_ns", 0)) / launches
    moved = (int(k.get("bytes_read", 0)) + int(k.get("bytes_written", 0))) / launches
    bw = moved / ns if ns else 0.0  # bytes/ns == GB/s
    print(f"{k['plugin']:7s} {launches:3d} launches  {ns / 1e6:9.3f} ms/launch  "
          f"{moved / 1e6:9.1f} MB/launch  {bw:8.1f} GB/s  {k['label'][:80]}")
