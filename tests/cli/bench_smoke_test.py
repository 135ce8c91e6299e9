#!/usr/bin/python3
"""The benchmark tools end to end at tiny sizes: bench/run_suite.py runs runmat (CPU plugin) and
NumPy on the suite's `smoke` sweep (a plain-N case, the scalar loop, and one sized by several
variables), the results file parses as a BenchResults with runmat's telemetry inside, checksums
agree, and bench/report.py turns it into a table with speedups.

usage: bench_smoke_test.py RUNMAT_BINARY
"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
try:
    import matplotlib  # noqa: F401
    HAVE_MATPLOTLIB = True
except ImportError:
    HAVE_MATPLOTLIB = False
RUNMAT = None


class BenchSmokeTest(unittest.TestCase):
    def test_suite_and_report(self):
        with tempfile.TemporaryDirectory(prefix="runmat-bench-smoke-") as tmp:
            out = os.path.join(tmp, "results.json")
            run = subprocess.run(
                ["/usr/bin/python3", os.path.join(ROOT, "bench", "run_suite.py"), "--runmat",
                 RUNMAT, "--sweep", "smoke", "--cases", "rms,scalar_loop,nlms", "--impls",
                 "runmat-cpu,numpy", "--runs", "2", "--out", out],
                capture_output=True, text=True, timeout=600)
            self.assertEqual(run.returncode, 0, run.stderr)
            # Progress: one line per sample with case, size, implementation and elapsed time.
            self.assertRegex(run.stderr, r"\[1/10\] rms N=1000 runmat-cpu: .* elapsed \d+\.\ds")
            with open(out) as f:
                results = json.load(f)
            samples = results["samples"]
            self.assertEqual(len(samples), 10)
            for s in samples:
                self.assertEqual(s["status"], "ok", s)
                self.assertTrue(s["parity_ok"], s)
                self.assertEqual(len(s["wall_s"]), 2)
                self.assertEqual(len(s["inproc_s"]), 2)
                # Peak RSS of each run, from wait4: at least the interpreter/runtime's own pages.
                self.assertEqual(len(s["peak_rss_bytes"]), 2)
                self.assertTrue(all(int(b) > 2**20 for b in s["peak_rss_bytes"]), s)
            rms = [s for s in samples if s["impl"] == "runmat-cpu" and s["case_name"] == "rms"]
            self.assertEqual(len(rms[0]["telemetry"]["kernels"]), 1)
            # nlms is sized by several variables: {N, env} in suite.json reaches the workloads
            # (runmat and the NumPy twin agree on the checksum above) and labels the sample.
            nlms = [s for s in samples if s["case_name"] == "nlms"]
            self.assertEqual([s["shape"] for s in nlms], ["P=16 T=20"] * 2)

            report = subprocess.run(
                ["/usr/bin/python3", os.path.join(ROOT, "bench", "report.py"), out, "--out",
                 os.path.join(tmp, "report")], capture_output=True, text=True, timeout=300)
            self.assertEqual(report.returncode, 0, report.stderr)
            self.assertIn("| implementation | N=1e3 | N=1e4 | area | parity |", report.stdout)
            self.assertIn("| implementation | N=256 (P=16 T=20) | area | parity |", report.stdout)
            # Speedups print as 12x, 1.50x or 0.057x (two significant digits below 1): the
            # digits depend on the measured times, so the pattern accepts every form.
            self.assertRegex(report.stdout, r"\| runmat-cpu \| \S+ \w+ \(\d+(?:\.\d+)?x\) \| .* \| "
                                            r"\d+\.\d\d \| ok \|")
            self.assertIn("first run", report.stdout)
            self.assertGreater(os.path.getsize(os.path.join(tmp, "report", "report.md")), 0)
            if HAVE_MATPLOTLIB:  # plots are optional: setup.sh does not install matplotlib
                for ext in ("png", "svg"):
                    self.assertGreater(os.path.getsize(os.path.join(tmp, "report", f"rms.{ext}")), 0)
            else:
                self.assertIn("matplotlib is not installed", report.stderr)


if __name__ == "__main__":
    RUNMAT = sys.argv.pop(1)
    unittest.main(verbosity=2)
