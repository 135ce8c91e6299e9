#!/usr/bin/python3
"""Counter gates: deterministic counters (never timings) of reference scripts, checked in CI.

Timing on a shared 2-core CI machine is noise; what the runtime *did* is not. For every script in
tests/gates/scripts/ this tool runs `runmat run SCRIPT --telemetry` twice with a fresh cache
directory (a cold run, then a warm one), extracts counters from the RunRecords (kernel launches,
transfers, fusion, fallbacks, events; cache hits/misses of the warm run) and compares them with
tests/gates/expected.json. A counter that got worse fails the gate with a table of what changed;
one that got better is reported so the file can be tightened.

    gate.py check  --runmat BIN --accel cpu|vulkan [--update]  run the scripts and compare
    gate.py parity --runmat BIN                                CPU vs Vulkan printed output
    gate.py compare --accel A --script S.m COLD.pb [WARM.pb]   compare given records

--update (or RUNMAT_UPDATE_GATES=1) rewrites that accelerator's section of the expected file
instead of comparing: do it in the same commit as the change that moved the counters
(scripts/update-gates.sh does both accelerators).

Exit codes: 0 pass, 1 counters worse / script failed / parity mismatch, 2 usage, 77 no Vulkan
device (CTest reports a skip; with CI=true it is a failure instead, like the other Vulkan tests).
"""
import argparse
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "scripts"))
import runmat_proto  # noqa: E402  (needs the path above)

ROOT = os.path.dirname(os.path.dirname(HERE))
SCRIPTS = os.path.join(HERE, "scripts")
EXPECTED = os.path.join(HERE, "expected.json")
SKIP = 77
# Counters where a larger value is the better one; everything else should shrink or stay
# (ops_fused too: the same results from fewer kernel instructions is less work, and work that
# leaves the kernels shows up as more launches or host fallbacks instead).
HIGHER_IS_BETTER = ("hits",)
PROCESS_CACHES = ("moments",)
EXACT = ("exit_code",)
# Events that say where a kernel ran, not that something went wrong; their details name the
# machine's device, so they are not portable counters either.
INFORMATIONAL_EVENTS = ("offload-decision",)
RUN_TIMEOUT_S = 300


def counters(cold, warm=None):
    """Flat {name: int} of the deterministic counters of a cold run (and its warm re-run)."""
    c = {
        "exit_code": cold.exit_code,
        "kernel_launches": sum(k.launches for k in cold.kernels),
        "distinct_kernels": len(cold.kernels),
        "fusion_groups": cold.fusion.groups,
        "ops_fused": cold.fusion.ops_fused,
        "materializations": cold.fusion.materializations,
        "plan_cache_hits": cold.fusion.plan_cache_hits,
        "plan_cache_misses": cold.fusion.plan_cache_misses,
        "upload_count": cold.transfers.upload_count,
        "upload_bytes": cold.transfers.upload_bytes,
        "download_count": cold.transfers.download_count,
        "download_bytes": cold.transfers.download_bytes,
        "host_fallbacks": sum(e.count for e in cold.events
                              if e.name in ("host-fallback", "cpu-fallback")),
    }
    for e in cold.events:
        if e.name not in INFORMATIONAL_EVENTS:
            key = f"events.{e.name}"
            c[key] = c.get(key, 0) + e.count
    # Caches that live for one process (the moments cache) are counted in the cold run; the
    # warm run's counters are for the persistent ones (a second run must hit the pipelines).
    for cache in cold.caches:
        if cache.name in PROCESS_CACHES:
            c[f"{cache.name}.hits"] = cache.hits
            c[f"{cache.name}.misses"] = cache.misses
    if warm is not None:
        for cache in warm.caches:
            if cache.name in PROCESS_CACHES:
                continue
            c[f"warm.{cache.name}.hits"] = cache.hits
            c[f"warm.{cache.name}.misses"] = cache.misses
            c[f"warm.{cache.name}.corrupt"] = cache.corrupt
    return c


def direction(name):
    if name in EXACT:
        return "exact"
    return "higher" if name.endswith(HIGHER_IS_BETTER) else "lower"


def compare(expected, actual):
    """(worse, better) lists of (counter, expected, actual); absent counters count as 0."""
    worse, better = [], []
    for name in sorted(set(expected) | set(actual)):
        e, a = expected.get(name, 0), actual.get(name, 0)
        if e == a:
            continue
        way = direction(name)
        got_worse = way == "exact" or (a > e if way == "lower" else a < e)
        (worse if got_worse else better).append((name, e, a))
    return worse, better


def table(rows):
    """rows: (script, counter, expected, actual, note) -> aligned text."""
    head = ("script", "counter", "expected", "actual", "")
    widths = [max(len(str(r[i])) for r in [head] + rows) for i in range(5)]
    lines = []
    for r in [head] + rows:
        cells = [str(r[0]).ljust(widths[0]), str(r[1]).ljust(widths[1]),
                 str(r[2]).rjust(widths[2]), str(r[3]).rjust(widths[3]), str(r[4])]
        lines.append("  " + "  ".join(cells).rstrip())
    return "\n".join(lines)


def note(name):
    way = direction(name)
    return "must not change" if way == "exact" else f"{way} is better"


def report(accel, expected_path, results, expected_section):
    """Prints the verdict for {script: counters}; returns the exit code."""
    worse_rows, better_rows, missing = [], [], []
    for script, actual in sorted(results.items()):
        if script not in expected_section:
            missing.append(script)
            continue
        worse, better = compare(expected_section[script], actual)
        worse_rows += [(script, n, e, a, note(n)) for n, e, a in worse]
        better_rows += [(script, n, e, a, note(n)) for n, e, a in better]
    rel = shown(expected_path)
    if better_rows:
        print(f"counter gate ({accel}): {len(better_rows)} counter(s) improved on {rel}; "
              "run scripts/update-gates.sh to lock them in:")
        print(table(better_rows))
    if missing:
        print(f"counter gate ({accel}): no expected counters for {', '.join(missing)} in {rel}; "
              "run scripts/update-gates.sh and commit the file")
    if worse_rows:
        print(f"counter gate ({accel}): FAILED, {len(worse_rows)} counter(s) got worse than {rel}:")
        print(table(worse_rows))
        print("If the change is deliberate, run scripts/update-gates.sh and commit "
              f"{rel} in the same commit.")
    if worse_rows or missing:
        return 1
    print(f"counter gate ({accel}): {len(results)} script(s) pass")
    return 0


def shown(path):
    """`path` as the report prints it: relative to the repository when inside it."""
    rel = os.path.relpath(os.path.abspath(path), ROOT)
    return path if rel.startswith("..") else rel


def load_expected(path):
    if not os.path.exists(path):
        return {}
    with open(path) as f:
        return json.load(f)


def save_expected(path, accel, results):
    data = load_expected(path)
    data["comment"] = ("Counters of tests/gates/scripts/*.m per accelerator, checked by "
                       "tests/gates/gate.py; rewrite with scripts/update-gates.sh.")
    data[accel] = results
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(data, f, indent=1, sort_keys=True)
        f.write("\n")
    os.replace(tmp, path)
    print(f"counter gate ({accel}): wrote {len(results)} script(s) to {shown(path)}")


def scripts():
    return sorted(f for f in os.listdir(SCRIPTS) if f.endswith(".m"))


def run_script(runmat, script, accel, cache_dir, record_path):
    """Runs one script; returns (stdout, RunRecord). Raises RuntimeError if it fails."""
    env = dict(os.environ, RUNMAT_ACCEL=accel, RUNMAT_CACHE_DIR=cache_dir)
    # Knobs that would change the counters are the gate's to set, not the caller's.
    for knob in ("RUNMAT_ACCEL_LOG", "RUNMAT_LAZY_THRESHOLD", "RUNMAT_VULKAN_DISABLE_FLOAT64"):
        env.pop(knob, None)
    proc = subprocess.run([runmat, "run", os.path.join(SCRIPTS, script), "--telemetry",
                           record_path], env=env, capture_output=True, text=True,
                          timeout=RUN_TIMEOUT_S)
    if proc.returncode != 0:
        raise RuntimeError(f"{script} failed under RUNMAT_ACCEL={accel} (exit {proc.returncode}):"
                           f"\n{proc.stdout}{proc.stderr}")
    return proc.stdout, runmat_proto.read_run_record(record_path)


def has_vulkan_device(record):
    return any(d.plugin == "vulkan" for d in record.devices)


def no_vulkan(what):
    """Skips (77) without a Vulkan device, or fails under CI=true, as the Vulkan tests do."""
    if os.environ.get("CI") == "true":
        print(f"{what}: no Vulkan device, and CI=true requires one")
        return 1
    print(f"{what}: SKIPPED, no Vulkan device (lavapipe: apt-get install mesa-vulkan-drivers)")
    return SKIP


def cmd_check(args):
    results = {}
    with tempfile.TemporaryDirectory(prefix="runmat-gates-") as tmp:
        for i, script in enumerate(scripts()):
            cache = os.path.join(tmp, f"cache-{i}")  # fresh: the cold run must compile
            _, cold = run_script(args.runmat, script, args.accel, cache,
                                 os.path.join(tmp, f"{i}-cold.pb"))
            if args.accel == "vulkan" and not has_vulkan_device(cold):
                return no_vulkan(f"counter gate ({args.accel})")
            _, warm = run_script(args.runmat, script, args.accel, cache,
                                 os.path.join(tmp, f"{i}-warm.pb"))
            results[script] = counters(cold, warm)
    if args.update or os.environ.get("RUNMAT_UPDATE_GATES") == "1":
        save_expected(args.expected, args.accel, results)
        return 0
    return report(args.accel, args.expected, results, load_expected(args.expected).get(args.accel, {}))


def cmd_compare(args):
    cold = runmat_proto.read_run_record(args.cold)
    warm = runmat_proto.read_run_record(args.warm) if args.warm else None
    section = load_expected(args.expected).get(args.accel, {})
    expected = section.get(args.script)
    if expected is None:
        print(f"no expected counters for {args.script} ({args.accel}) in {args.expected}")
        return 1
    actual = counters(cold, warm)
    if warm is None:  # compare only what a single record can tell
        expected = {k: v for k, v in expected.items() if not k.startswith("warm.")}
    return report(args.accel, args.expected, {args.script: actual}, {args.script: expected})


NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[-+]?(?:Inf|NaN)")


def tolerance(script):
    """`% parity: rtol=1e-9 atol=0` in the script sets how closely CPU and Vulkan must agree."""
    rtol, atol = 1e-12, 0.0
    with open(os.path.join(SCRIPTS, script)) as f:
        for line in f:
            m = re.match(r"\s*%\s*parity:(.*)", line)
            if m:
                for key, value in re.findall(r"(rtol|atol)=(\S+)", m.group(1)):
                    if key == "rtol":
                        rtol = float(value)
                    else:
                        atol = float(value)
    return rtol, atol


def same_output(a, b, rtol, atol):
    """Text must match exactly outside numbers; numbers within rtol/atol. Returns a reason or None."""
    if NUMBER.sub("#", a) != NUMBER.sub("#", b):
        return "the text differs"
    for x, y in zip(NUMBER.findall(a), NUMBER.findall(b)):
        fx, fy = float(x), float(y)
        if math.isnan(fx) and math.isnan(fy):
            continue
        if not math.isclose(fx, fy, rel_tol=rtol, abs_tol=atol):
            return f"{x} vs {y} (rtol={rtol:g}, atol={atol:g})"
    return None


def cmd_parity(args):
    failures = 0
    with tempfile.TemporaryDirectory(prefix="runmat-parity-") as tmp:
        for i, script in enumerate(scripts()):
            out = {}
            for accel in ("cpu", "vulkan"):
                out[accel], record = run_script(args.runmat, script, accel,
                                                os.path.join(tmp, f"cache-{accel}"),
                                                os.path.join(tmp, f"{i}-{accel}.pb"))
                if accel == "vulkan" and not has_vulkan_device(record):
                    return no_vulkan("CPU-vs-Vulkan parity")
            why = same_output(out["cpu"], out["vulkan"], *tolerance(script))
            if why:
                failures += 1
                print(f"parity: {script}: CPU and Vulkan disagree: {why}\n"
                      f"--- cpu\n{out['cpu']}--- vulkan\n{out['vulkan']}")
            else:
                print(f"parity: {script}: ok")
    return 1 if failures else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--expected", default=EXPECTED, help="expected-counters file")
    sub = ap.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="run the scripts and compare their counters")
    check.add_argument("--runmat", required=True)
    check.add_argument("--accel", choices=("cpu", "vulkan"), required=True)
    check.add_argument("--update", action="store_true", help="rewrite the expected counters")
    parity = sub.add_parser("parity", help="CPU vs Vulkan printed output of every script")
    parity.add_argument("--runmat", required=True)
    comp = sub.add_parser("compare", help="compare given telemetry records")
    comp.add_argument("--accel", choices=("cpu", "vulkan"), required=True)
    comp.add_argument("--script", required=True, help="which expected entry, e.g. chain.m")
    comp.add_argument("cold", help="RunRecord of a run with a fresh cache")
    comp.add_argument("warm", nargs="?", help="RunRecord of the same script's second run")
    args = ap.parse_args()
    try:
        return {"check": cmd_check, "parity": cmd_parity, "compare": cmd_compare}[args.command](args)
    except (RuntimeError, ValueError, subprocess.TimeoutExpired) as e:
        print(f"gate: {e}")
        return 1


if __name__ == "__main__":
    sys.exit(main())
