#!/usr/bin/python3
"""Reads a runmat telemetry file (RunRecord, schemas/telemetry.proto) with the protobuf library,
outside the runtime: the pattern a team consuming our telemetry would follow.

usage: examples/telemetry_consumer.py out.pb     (binary; JSON files: add --json)
Needs Debian's python3-protobuf and protoc (protobuf-compiler); the .proto is compiled on the fly.
"""
import importlib
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMAS = os.path.join(HERE, "..", "schemas")


def load_schema():
    out = tempfile.mkdtemp(prefix="runmat-proto-")
    subprocess.run(["protoc", f"--proto_path={SCHEMAS}", f"--python_out={out}", "telemetry.proto"],
                   check=True)
    sys.path.insert(0, out)
    return importlib.import_module("telemetry_pb2")


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    pb = load_schema()
    rec = pb.RunRecord()
    data = open(sys.argv[1], "rb").read()
    if "--json" in sys.argv:
        from google.protobuf import json_format
        json_format.Parse(data, rec, ignore_unknown_fields=True)
    else:
        rec.ParseFromString(data)
    print(f"schema v{rec.schema_version}, runmat {rec.runmat_version}, {rec.script}: "
          f"{rec.wall_ns / 1e6:.1f} ms, exit {rec.exit_code}")
    for d in rec.devices:
        print(f"device: {d.plugin} {d.name} ({d.type})")
    for k in sorted(rec.kernels, key=lambda k: -k.device_ns):
        moved = k.bytes_read + k.bytes_written
        gbs = moved / k.device_ns if k.device_ns else 0.0
        print(f"kernel {k.signature} on {k.plugin}: {k.launches} launches, "
              f"{k.device_ns / 1e6:.3f} ms, {gbs:.1f} GB/s, {k.ops_fused} ops: {k.label[:60]}")
    for e in rec.events:
        print(f"event {e.name} x{e.count}: {e.detail}")


if __name__ == "__main__":
    main()
