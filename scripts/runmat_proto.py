"""Python classes for RunMat's protobuf schemas (schemas/*.proto), compiled on first use.

Tools outside the runtime (bench/, tests/gates/) import this rather than checked-in generated
code, so a field added to a .proto is visible at once. Needs protoc (protobuf-compiler) and
Debian's python3-protobuf.

    import runmat_proto
    telemetry = runmat_proto.load("telemetry")     # the telemetry_pb2 module
    record = runmat_proto.read_run_record("out.pb")  # binary or JSON RunRecord
"""
import atexit
import importlib
import os
import shutil
import subprocess
import sys
import tempfile

SCHEMAS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "schemas")
_out_dir = None


def load(name):
    """The generated module for schemas/NAME.proto (e.g. load("bench").BenchResults).
    $RUNMAT_PROTO_PY names a folder of modules generated beforehand, for machines without
    protoc (the GPU machine of bench/README.md)."""
    global _out_dir
    pregenerated = os.environ.get("RUNMAT_PROTO_PY")
    if pregenerated:
        if pregenerated not in sys.path:
            sys.path.insert(0, pregenerated)
        return importlib.import_module(f"{name}_pb2")
    if _out_dir is None:
        _out_dir = tempfile.mkdtemp(prefix="runmat-proto-")
        atexit.register(shutil.rmtree, _out_dir, True)
        sys.path.insert(0, _out_dir)
        # All at once: schemas import each other (bench.proto embeds a RunRecord).
        protos = sorted(f for f in os.listdir(SCHEMAS) if f.endswith(".proto"))
        subprocess.run(["protoc", f"--proto_path={SCHEMAS}", f"--python_out={_out_dir}"] + protos,
                       check=True)
    return importlib.import_module(f"{name}_pb2")


def read_run_record(path):
    """A RunRecord from a telemetry file, binary or JSON (the same detection the runtime uses:
    JSON when the first non-blank byte is '{'). Raises ValueError for anything else."""
    from google.protobuf import json_format
    telemetry = load("telemetry")
    data = open(path, "rb").read()
    record = telemetry.RunRecord()
    if data.lstrip()[:1] == b"{":
        json_format.Parse(data, record, ignore_unknown_fields=True)
    else:
        record.ParseFromString(data)
    if record.schema_version == 0:
        raise ValueError(f"{path}: not a RunRecord (no schema_version)")
    return record
