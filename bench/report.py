#!/usr/bin/python3
"""Turns a bench/run_suite.py results file into speedup curves and a Markdown table.

    bench/report.py RESULTS [--out DIR]

For every case: time per repetition against N for each implementation, and the speedup over
the suite's baseline (baseline time / implementation time, so > 1 is faster), as
DIR/CASE.png and DIR/CASE.svg. The area under each speedup curve is taken over log10(N) and
divided by the log10 span of the sizes, so it reads as the average speedup across the sweep
(a flat 2x curve has area 2.0). DIR/report.md holds the tables (also printed), ready for
bench/README.md: per case, best warm time and speedup at each size, the area, and parity; then runmat's
first (cold cache) against later (warm) process wall times, and each implementation's peak
resident memory.
"""
import argparse
import math
import os
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "scripts"))
import runmat_proto  # noqa: E402

from google.protobuf import json_format  # noqa: E402


def load(path):
    results = runmat_proto.load("bench").BenchResults()
    data = open(path, "rb").read()
    if data.lstrip()[:1] == b"{":
        json_format.Parse(data, results, ignore_unknown_fields=True)
    else:
        results.ParseFromString(data)
    return results


def per_rep_time(sample):
    """Best in-process time per repetition over the warm process runs (all if only one): on a
    shared machine other work only ever adds time, so the minimum is the steadiest estimate."""
    times = list(sample.inproc_s)
    return min(times[1:] if len(times) > 1 else times)


def area_under(points):
    """Trapezoid area of (N, speedup) over log10 N, divided by the log10 span."""
    pts = sorted(points)
    if len(pts) == 1:
        return pts[0][1]
    xs = [math.log10(n) for n, _ in pts]
    area = sum((xs[i + 1] - xs[i]) * (pts[i][1] + pts[i + 1][1]) / 2 for i in range(len(pts) - 1))
    return area / (xs[-1] - xs[0])


def fmt_time(s):
    if s >= 1:
        return f"{s:.2f} s"
    if s >= 1e-3:
        return f"{s * 1e3:.2f} ms"
    return f"{s * 1e6:.1f} us"


def fmt_speedup(x):
    return f"{x:.0f}x" if x >= 10 else f"{x:.2f}x" if x >= 1 else f"{x:.2g}x"


def fmt_size(n):
    e = int(round(math.log10(n))) if n > 0 else 0
    return f"1e{e}" if 10 ** e == n else f"{n:g}"


def fmt_bytes(n):
    return f"{n / 2**30:.2f} GiB" if n >= 2**30 else f"{n / 2**20:.0f} MiB"


def analyse(results):
    """{case: {"sizes": [...], "shapes": {size: "B=8 ..."}, "impls": {impl: {size: sample}}}}
    in suite order."""
    cases = {}
    for s in results.samples:
        c = cases.setdefault(s.case_name, {"sizes": [], "shapes": {}, "impls": {}})
        if s.size not in c["sizes"]:
            c["sizes"].append(s.size)
        if s.shape:
            c["shapes"][s.size] = s.shape
        c["impls"].setdefault(s.impl, {})[s.size] = s
    return cases


def size_header(case, n):
    shape = case["shapes"].get(n)
    return f"N={fmt_size(n)}" + (f" ({shape})" if shape else "")


def speedups(case, impl, baseline):
    out = []
    for n, s in case["impls"][impl].items():
        b = case["impls"].get(baseline, {}).get(n)
        if s.status == "ok" and b is not None and b.status == "ok":
            out.append((n, per_rep_time(b) / per_rep_time(s)))
    return sorted(out)


def plot(name, case, baseline, out_dir):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, (ax_t, ax_s) = plt.subplots(1, 2, figsize=(11, 4.2))
    for impl, by_size in case["impls"].items():
        pts = sorted((n, per_rep_time(s)) for n, s in by_size.items() if s.status == "ok")
        if not pts:
            continue
        ax_t.plot([p[0] for p in pts], [p[1] for p in pts], marker="o", label=impl)
        sp = speedups(case, impl, baseline)
        if sp and impl != baseline:
            ax_s.plot([p[0] for p in sp], [p[1] for p in sp], marker="o",
                      label=f"{impl} (area {area_under(sp):.2f})")
    ax_s.axhline(1.0, color="gray", linestyle="--", linewidth=1, label=f"{baseline} = 1")
    for ax, title in ((ax_t, "time per repetition (s)"), (ax_s, f"speedup over {baseline}")):
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("N")
        ax.set_title(f"{name}: {title}")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=8)
    ax_s.set_xlim(ax_t.get_xlim())  # same N axis, even where some speedups are missing
    fig.tight_layout()
    paths = [os.path.join(out_dir, f"{name}.{ext}") for ext in ("png", "svg")]
    for p in paths:
        fig.savefig(p)
    plt.close(fig)
    return paths


def markdown(results, cases, baseline):
    h = results.host
    lines = [f"Suite `{results.suite}`, {results.started_at}, commit {results.git_commit[:10]}; "
             f"host {h.hostname}: {h.cpu}, {h.cores} cores, {h.memory_bytes / 2**30:.0f} GiB.",
             ""]
    if h.devices:
        lines += ["Devices: " + "; ".join(h.devices) + ".", ""]
    if h.versions:
        lines += ["Versions: " + ", ".join(f"{k} {v}" for k, v in sorted(h.versions.items())) +
                  ".", ""]
    lines += [f"Time per repetition (best of the warm process runs) and, in parentheses, "
              f"speedup over {baseline}. Area: average speedup across the sweep (area under the "
              "speedup curve over log10 N, divided by the span).", ""]
    for name, case in cases.items():
        sizes = sorted(case["sizes"])
        lines.append(f"**{name}**")
        lines.append("")
        lines.append("| implementation | " + " | ".join(size_header(case, n) for n in sizes) +
                     " | area | parity |")
        lines.append("|---|" + "---:|" * len(sizes) + "---:|---|")
        not_run = []
        for impl, by_size in case["impls"].items():
            cells, off = [], []
            skipped = ""
            for n in sizes:
                s = by_size.get(n)
                if s is None or s.status != "ok":
                    cells.append("-" if s is None or s.status == "skipped" else "failed")
                    if s is not None and s.status == "skipped":
                        skipped = s.detail
                    continue
                if not s.parity_ok:
                    off.append(fmt_size(n))
                sp = dict(speedups(case, impl, baseline)).get(n)
                cells.append(fmt_time(per_rep_time(s)) +
                             (f" ({fmt_speedup(sp)})" if sp is not None and impl != baseline else ""))
            if all(c == "-" for c in cells):
                not_run.append(f"{impl} ({skipped})")
                continue
            sp = speedups(case, impl, baseline)
            area = f"{area_under(sp):.2f}" if sp and impl != baseline else ""
            ran = any(s.status == "ok" for s in by_size.values())
            parity = ("OFF at N=" + ",".join(off) if off else "ok" if ran else
                      "failed: " + next(s.detail for s in by_size.values() if s.detail))
            lines.append(f"| {impl} | " + " | ".join(cells) + f" | {area} | {parity} |")
        if not_run:
            lines += ["", "Not run: " + "; ".join(not_run) + "."]
        lines.append("")
    cold = [(s.case_name, s.size, s.impl, s.wall_s[0], statistics.median(s.wall_s[1:]))
            for s in results.samples if s.status == "ok" and s.impl.startswith("runmat") and
            len(s.wall_s) > 1]
    if cold:
        lines += ["runmat process wall time, first run (empty cache directory) against the "
                  "median of the later runs (warm caches):", "",
                  "| case | N | implementation | first run | warm run |", "|---|---:|---|---:|---:|"]
        for case_name, n, impl, first, warm in cold:
            lines.append(f"| {case_name} | {fmt_size(n)} | {impl} | {fmt_time(first)} | "
                         f"{fmt_time(warm)} |")
        lines.append("")
    lines += peak_memory(cases)
    return "\n".join(lines)


def peak_memory(cases):
    """Rows of peak resident set (the largest of a sample's process runs) per case and size, one
    column per implementation; nothing for results written before runs recorded it."""
    impls = []
    for case in cases.values():
        impls += [i for i, by in case["impls"].items() if i not in impls and
                  any(s.peak_rss_bytes for s in by.values())]
    if not impls:
        return []
    lines = ["Peak resident memory of a process (largest over its runs; includes the "
             "interpreter or runtime itself):", "",
             "| case | size | " + " | ".join(impls) + " |", "|---|---|" + "---:|" * len(impls)]
    for name, case in cases.items():
        for n in sorted(case["sizes"]):
            cells = []
            for impl in impls:
                s = case["impls"].get(impl, {}).get(n)
                cells.append(fmt_bytes(max(s.peak_rss_bytes)) if s and s.peak_rss_bytes else "-")
            lines.append(f"| {name} | {size_header(case, n)} | " + " | ".join(cells) + " |")
    return lines + [""]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("results")
    ap.add_argument("--out", default="bench-report", help="folder for plots and report.md")
    ap.add_argument("--no-plots", action="store_true")
    args = ap.parse_args()
    results = load(args.results)
    baseline = results.baseline or "numpy"
    cases = analyse(results)
    os.makedirs(args.out, exist_ok=True)
    if not args.no_plots:
        try:
            import matplotlib  # noqa: F401
        except ImportError:
            print("report: matplotlib is not installed (apt-get install python3-matplotlib); "
                  "tables only", file=sys.stderr)
            args.no_plots = True
    if not args.no_plots:
        for name, case in cases.items():
            plot(name, case, baseline, args.out)
    text = markdown(results, cases, baseline)
    with open(os.path.join(args.out, "report.md"), "w") as f:
        f.write(text + "\n")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
