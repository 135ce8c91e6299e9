#!/usr/bin/python3
"""Runs the benchmark suite (bench/suite.json): every case at every size of the chosen sweep for
every implementation that is available (runmat on the CPU and Vulkan plugins, NumPy, Octave when
installed, PyTorch when importable), checks each checksum against the baseline's, and writes one
results file: a runmat.bench.BenchResults message (schemas/bench.proto), binary, or JSON when the
name ends in .json. Each sample is `process_runs` fresh processes; a runmat sample starts with an
empty cache directory, so its first run is cold and the rest are warm.

    bench/run_suite.py [--sweep small|full] [--runmat BIN] [--out results.json]
                       [--cases chain,rms] [--impls runmat-cpu,numpy] [--runs N]

Then: bench/report.py results.json --out DIR  (speedup curves, area under them, Markdown table).
"""
import argparse
import datetime
import json
import math
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import runmat_proto  # noqa: E402

from google.protobuf import json_format  # noqa: E402

bench_pb = runmat_proto.load("bench")
PYTHON = sys.executable  # the NumPy/Torch twins run under the interpreter that runs this
OUTPUT = re.compile(r"checksum=(\S+)\s+inproc=(\S+)")
RUN_TIMEOUT_S = 600


class Progress:
    """One status line on stderr: rewritten in place on a terminal, one line per sample else."""

    def __init__(self, total):
        self.total, self.done, self.start = total, 0, time.monotonic()
        self.tty = sys.stderr.isatty()

    def show(self, case, size, impl, what):
        line = (f"[{self.done + 1}/{self.total}] {case} N={size:g} {impl}: {what}  "
                f"elapsed {time.monotonic() - self.start:.1f}s")
        if self.tty:
            sys.stderr.write("\r\033[K" + line)
            sys.stderr.flush()
        return line

    def finish(self, line):
        self.done += 1
        sys.stderr.write(("\r\033[K" if self.tty else "") + line + "\n")
        sys.stderr.flush()


def python_has(module):
    return subprocess.run([PYTHON, "-c", f"import {module}"], capture_output=True).returncode == 0


def python_version(module):
    proc = subprocess.run([PYTHON, "-c", f"import {module}; print({module}.__version__)"],
                          capture_output=True, text=True)
    return proc.stdout.strip()


def availability(impls, runmat):
    """{impl: reason it cannot run or None}; Vulkan is settled by the first run (telemetry)."""
    why = {}
    for name, impl in impls.items():
        need = impl.get("needs")
        if impl["kind"] == "runmat" and not os.access(runmat, os.X_OK):
            why[name] = f"no runmat binary at {runmat}"
        elif need in ("numpy", "torch") and not python_has(need):
            why[name] = f"{need} is not importable by {PYTHON}"
        elif need == "octave" and not shutil.which("octave-cli"):
            why[name] = "octave is not installed"
        else:
            why[name] = None
    return why


def size_points(case, sweep):
    """[(N, {env})] of a case's sweep. A size is a number N, or {"N": n, "env": {...}} for cases
    sized by several variables (image B, H, W): N is what the report plots, env what the
    workload reads."""
    return [(float(p["N"]), p.get("env", {})) if isinstance(p, dict) else (float(p), {})
            for p in case["sizes"][sweep]]


def shape_label(extra):
    """"B=8 H=1080 W=1920" from a size's env (RUNMAT_BENCH_ dropped), "" for plain N."""
    return " ".join(f"{k.removeprefix('RUNMAT_BENCH_')}={v}" for k, v in extra.items())


def command(impl, case, size, size_env, runmat, record):
    """(argv, extra env) of one process run: the case's env (e.g. the RNG), then the size's."""
    script = os.path.join(HERE, case["script"])
    env = {"RUNMAT_BENCH_N": f"{size:.0f}", "RUNMAT_BENCH_REPS": str(case["reps"])}
    env.update({k: str(v) for k, v in case.get("env", {}).items()})
    env.update({k: str(v) for k, v in size_env.items()})
    env.update(impl.get("env", {}))
    if impl["kind"] == "runmat":
        return [runmat, "run", script, "--telemetry", record], env
    if impl["kind"] == "python":
        # Several cases can share one twin (monte_carlo and monte_carlo_philox: the RNG is env).
        return [PYTHON, os.path.join(HERE, impl["script"]), case.get("twin", case["name"]),
                f"{size:.0f}", str(case["reps"])], env
    return ["octave-cli", "--quiet", "--no-init-file", "--path",
            os.path.join(HERE, "octave_shims"), script], env


def run_process(argv, env):
    """(exit code, stdout, stderr, peak RSS in bytes) of one process, or None on a timeout. The
    child is reaped with wait4, whose rusage is this child's own (RUSAGE_CHILDREN would be the
    maximum over every child so far); output goes through files so nothing blocks meanwhile."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(argv, env=env, stdout=out, stderr=err)
        timer = threading.Timer(RUN_TIMEOUT_S, proc.kill)
        timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        expired = not timer.is_alive()
        timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped: Popen must not wait again
        if expired:
            return None
        out.seek(0)
        err.seek(0)
        return (proc.returncode, out.read().decode(errors="replace"),
                err.read().decode(errors="replace"), usage.ru_maxrss * 1024)  # KiB on Linux


def run_sample(name, impl, case, size, size_env, runs, runmat, progress):
    s = bench_pb.Sample(case_name=case["name"], size=int(size), impl=name, status="ok",
                        reps_inside=case["reps"], shape=shape_label(size_env))
    with tempfile.TemporaryDirectory(prefix="runmat-bench-") as tmp:
        record = os.path.join(tmp, "telemetry.pb")
        for r in range(runs):
            progress.show(case["name"], size, name, f"run {r + 1}/{runs}")
            argv, extra = command(impl, case, size, size_env, runmat, record)
            env = dict(os.environ, RUNMAT_CACHE_DIR=os.path.join(tmp, "cache"), **extra)
            start = time.perf_counter()
            done = run_process(argv, env)
            if done is None:
                s.status, s.detail = "failed", f"timed out after {RUN_TIMEOUT_S} s"
                return s
            wall = time.perf_counter() - start
            code, stdout, stderr, peak_rss = done
            m = OUTPUT.search(stdout)
            if code != 0 or not m:
                # runmat's error is several lines (message, then "Error in f (line n)").
                lines = [l.strip() for l in (stderr or stdout).splitlines() if l.strip()]
                last = " / ".join(lines[-3:]) if lines else "no checksum printed"
                s.status, s.detail = "failed", f"exit {code}: {last}"
                return s
            s.wall_s.append(wall)
            s.peak_rss_bytes.append(peak_rss)
            s.inproc_s.append(float(m.group(2)))
            s.checksum = m.group(1)
        if impl["kind"] == "runmat":
            s.telemetry.CopyFrom(runmat_proto.read_run_record(record))
    return s


def lacks_vulkan(sample):
    """A run asked for Vulkan did work that needed a device and got none. (Scalar work opens no
    device at all, and still measures what it should.)"""
    t = sample.telemetry
    if sample.status != "ok" or any(d.plugin == "vulkan" for d in t.devices):
        return False
    return len(t.kernels) > 0 or any(e.name == "cpu-fallback" for e in t.events)


def check_parity(samples, baseline, rtol):
    base = next((s for s in samples if s.impl == baseline and s.status == "ok"), None)
    for s in samples:
        if s.status != "ok":
            continue
        if base is None:
            s.parity_ok, s.parity_detail = False, f"no {baseline} result to compare with"
            continue
        a, b = float(s.checksum), float(base.checksum)
        s.parity_ok = math.isclose(a, b, rel_tol=rtol, abs_tol=0.0)
        s.parity_detail = "" if s.parity_ok else (
            f"{s.checksum} vs {baseline} {base.checksum} (rtol {rtol:g})")


def host_info(results, runmat, why):
    h = results.host
    h.hostname = socket.gethostname()
    h.cores = os.cpu_count() or 0
    h.os = platform.platform()
    try:
        with open("/proc/cpuinfo") as f:
            h.cpu = next((l.split(":", 1)[1].strip() for l in f if l.startswith("model name")), "")
        with open("/proc/meminfo") as f:
            h.memory_bytes = int(f.readline().split()[1]) * 1024
    except OSError:
        pass
    def ran(impl):
        return impl in why and why[impl] is None

    if ran("runmat-cpu") or ran("runmat-vulkan"):
        out = subprocess.run([runmat, "--version"], capture_output=True, text=True).stdout
        h.versions["runmat"] = out.strip().removeprefix("runmat ")
    for module in ("numpy", "torch"):
        if ran(module):
            h.versions[module] = python_version(module)
    if ran("octave"):
        out = subprocess.run(["octave-cli", "--version"], capture_output=True, text=True).stdout
        h.versions["octave"] = out.splitlines()[0] if out else "?"
    seen = set()
    for s in results.samples:
        for d in s.telemetry.devices:
            label = f"{d.plugin}: {d.name} ({d.type}, driver {d.driver_version})"
            if label not in seen:
                seen.add(label)
                h.devices.append(label)


def write(results, path):
    tmp = path + ".tmp"
    if path.endswith(".json"):
        text = json_format.MessageToJson(results, preserving_proto_field_name=True, indent=1)
        with open(tmp, "w") as f:
            f.write(text + "\n")
    else:
        with open(tmp, "wb") as f:
            f.write(results.SerializeToString())
    os.replace(tmp, path)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--suite", default=os.path.join(HERE, "suite.json"))
    ap.add_argument("--sweep", default="small", help="which size list of each case")
    ap.add_argument("--runmat", default=os.path.join(ROOT, "build", "release", "bin", "runmat"))
    ap.add_argument("--out", default="bench-results.json", help=".json for JSON, else binary")
    ap.add_argument("--cases", help="comma-separated subset of the suite's cases")
    ap.add_argument("--impls", help="comma-separated subset of the suite's implementations")
    ap.add_argument("--runs", type=int, help="process runs per sample (suite: process_runs)")
    args = ap.parse_args()

    with open(args.suite) as f:
        suite = json.load(f)
    cases = [c for c in suite["cases"] if not args.cases or c["name"] in args.cases.split(",")]
    impls = {n: i for n, i in suite["implementations"].items()
             if not args.impls or n in args.impls.split(",")}
    runs = args.runs or suite.get("process_runs", 3)
    runmat = os.path.abspath(args.runmat)
    why = availability(impls, runmat)

    results = bench_pb.BenchResults(schema_version=2, suite=os.path.relpath(args.suite, ROOT),
                                    baseline=suite["baseline"])
    results.started_at = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    git = subprocess.run(["git", "-C", ROOT, "rev-parse", "HEAD"], capture_output=True, text=True)
    results.git_commit = git.stdout.strip()
    started = time.monotonic()
    todo = [(c, size, size_env, n) for c in cases for size, size_env in size_points(c, args.sweep)
            for n in impls]
    progress = Progress(len(todo))
    by_point = {}
    for case, size, size_env, name in todo:
        if why[name] is not None:
            s = bench_pb.Sample(case_name=case["name"], size=int(size), impl=name,
                                status="skipped", detail=why[name], shape=shape_label(size_env))
            progress.finish(progress.show(case["name"], size, name, f"skipped ({why[name]})"))
        else:
            s = run_sample(name, impls[name], case, size, size_env, runs, runmat, progress)
            if impls[name].get("needs") == "vulkan" and lacks_vulkan(s):
                why[name] = "no Vulkan device"
                s = bench_pb.Sample(case_name=case["name"], size=int(size), impl=name,
                                    status="skipped", detail=why[name])
            summary = (f"{s.status} ({s.detail})" if s.status != "ok" else
                       f"{min(s.inproc_s) * 1e3:.3f} ms/rep, checksum {s.checksum}")
            progress.finish(progress.show(case["name"], size, name, summary))
        results.samples.append(s)
        by_point.setdefault((case["name"], size), []).append(results.samples[-1])
        write(results, args.out)  # a sweep cut short still leaves what it measured
    for case in cases:
        for size, _ in size_points(case, args.sweep):
            check_parity(by_point.get((case["name"], size), []), suite["baseline"], case["rtol"])
    results.duration_s = time.monotonic() - started
    host_info(results, runmat, why)
    write(results, args.out)
    bad = [s for s in results.samples if s.status == "failed" or (s.status == "ok" and
                                                                   not s.parity_ok)]
    for s in bad:
        print(f"{s.case_name} N={s.size} {s.impl}: "
              f"{s.detail if s.status == 'failed' else 'parity: ' + s.parity_detail}",
              file=sys.stderr)
    print(f"wrote {args.out}: {len(results.samples)} samples, {len(bad)} failed or off parity, "
          f"{results.duration_s:.1f} s", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
