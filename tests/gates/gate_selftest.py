#!/usr/bin/python3
"""The counter gate must be able to fail: records with worse counters than the expected file are
rejected with a readable table, equal or better ones pass. Runs without runmat (records are built
here with the protobuf classes), so it also runs where no binary is built.

    /usr/bin/python3 tests/gates/gate_selftest.py
"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gate  # noqa: E402
import runmat_proto  # noqa: E402  (gate put scripts/ on the path)

telemetry = runmat_proto.load("telemetry")


def records_from_counters(c):
    """A cold and a warm RunRecord whose gate counters are `c` (the inverse of gate.counters)."""
    cold = telemetry.RunRecord(schema_version=1, exit_code=c.get("exit_code", 0))
    n, launches = c.get("distinct_kernels", 0), c.get("kernel_launches", 0)
    for i in range(n):
        cold.kernels.add(signature=f"{i:016x}", plugin="cpu",
                         launches=launches - (n - 1) if i == 0 else 1)
    cold.fusion.groups = c.get("fusion_groups", 0)
    cold.fusion.ops_fused = c.get("ops_fused", 0)
    cold.fusion.materializations = c.get("materializations", 0)
    cold.fusion.plan_cache_hits = c.get("plan_cache_hits", 0)
    cold.fusion.plan_cache_misses = c.get("plan_cache_misses", 0)
    for field in ("upload_count", "upload_bytes", "download_count", "download_bytes"):
        setattr(cold.transfers, field, c.get(field, 0))
    for key, count in c.items():
        if key.startswith("events."):
            cold.events.add(name=key[len("events."):], detail="", count=count)
    cold.events.add(name="offload-decision", detail="cpu:some device (why)", count=3)
    cold_caches = {}
    for key, value in c.items():
        name = key.split(".", 1)[0]
        if name in gate.PROCESS_CACHES:
            if name not in cold_caches:
                cold_caches[name] = cold.caches.add(name=name)
            setattr(cold_caches[name], key.rsplit(".", 1)[1], value)
    warm = telemetry.RunRecord(schema_version=1)
    caches = {}
    for key, value in c.items():
        if key.startswith("warm."):
            name, field = key[len("warm."):].rsplit(".", 1)
            if name not in caches:
                caches[name] = warm.caches.add(name=name)
            setattr(caches[name], field, value)
    return cold, warm


BASELINE = {
    "exit_code": 0, "kernel_launches": 3, "distinct_kernels": 2, "fusion_groups": 2,
    "ops_fused": 9, "materializations": 2, "plan_cache_hits": 1, "plan_cache_misses": 2,
    "upload_count": 1, "upload_bytes": 800, "download_count": 2, "download_bytes": 16,
    "host_fallbacks": 0, "warm.vk-pipeline.hits": 2, "warm.vk-pipeline.misses": 0,
    "warm.vk-pipeline.corrupt": 0,
}


class GateTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="runmat-gate-selftest-")
        self.expected = os.path.join(self.tmp.name, "expected.json")

    def tearDown(self):
        self.tmp.cleanup()

    def compare(self, counters, expected_path=None, accel="vulkan", script="s.m"):
        """Runs `gate.py compare` on records built from `counters`; returns (exit code, text)."""
        cold, warm = records_from_counters(counters)
        paths = []
        for name, rec in (("cold.pb", cold), ("warm.pb", warm)):
            paths.append(os.path.join(self.tmp.name, name))
            with open(paths[-1], "wb") as f:
                f.write(rec.SerializeToString())
        proc = subprocess.run([sys.executable, os.path.join(HERE, "gate.py"), "--expected",
                               expected_path or self.expected, "compare", "--accel", accel,
                               "--script", script] + paths, capture_output=True, text=True)
        return proc.returncode, proc.stdout + proc.stderr

    def write_expected(self, counters):
        gate.save_expected(self.expected, "vulkan", {"s.m": counters})

    def test_records_round_trip_to_counters(self):
        cold, warm = records_from_counters(BASELINE)
        self.assertEqual(gate.counters(cold, warm), BASELINE)

    def test_equal_counters_pass(self):
        self.write_expected(BASELINE)
        code, text = self.compare(BASELINE)
        self.assertEqual(code, 0, text)
        self.assertIn("1 script(s) pass", text)

    def test_worse_counters_fail_with_a_table(self):
        self.write_expected(BASELINE)
        worse = dict(BASELINE, kernel_launches=4, distinct_kernels=3, upload_bytes=1600,
                     **{"warm.vk-pipeline.hits": 1, "warm.vk-pipeline.misses": 1,
                        "events.host-fallback": 1, "host_fallbacks": 1})
        code, text = self.compare(worse)
        self.assertEqual(code, 1, text)
        self.assertIn("FAILED, 7 counter(s) got worse", text)
        for counter in ("kernel_launches", "distinct_kernels", "upload_bytes",
                        "warm.vk-pipeline.hits", "warm.vk-pipeline.misses",
                        "events.host-fallback", "host_fallbacks"):
            self.assertRegex(text, rf"s\.m\s+{counter.replace('.', '[.]')}\s+\d+\s+\d+\s+\w+ is better")
        self.assertRegex(text, r"kernel_launches\s+3\s+4\s+lower is better")
        self.assertRegex(text, r"warm.vk-pipeline.hits\s+2\s+1\s+higher is better")
        self.assertIn("scripts/update-gates.sh", text)

    def test_a_failed_run_is_worse_whatever_else(self):
        self.write_expected(BASELINE)
        code, text = self.compare(dict(BASELINE, exit_code=1))
        self.assertEqual(code, 1, text)
        self.assertRegex(text, r"exit_code\s+0\s+1\s+must not change")

    def test_better_counters_pass_and_say_so(self):
        self.write_expected(BASELINE)
        better = dict(BASELINE, kernel_launches=2, distinct_kernels=1, plan_cache_hits=2)
        code, text = self.compare(better)
        self.assertEqual(code, 0, text)
        self.assertIn("3 counter(s) improved", text)

    def test_unknown_script_fails(self):
        self.write_expected(BASELINE)
        code, text = self.compare(BASELINE, script="other.m")
        self.assertEqual(code, 1, text)
        self.assertIn("no expected counters for other.m", text)

    def test_update_keeps_the_other_accelerator(self):
        gate.save_expected(self.expected, "cpu", {"a.m": {"kernel_launches": 1}})
        gate.save_expected(self.expected, "vulkan", {"a.m": {"kernel_launches": 2}})
        with open(self.expected) as f:
            data = json.load(f)
        self.assertEqual(data["cpu"]["a.m"]["kernel_launches"], 1)
        self.assertEqual(data["vulkan"]["a.m"]["kernel_launches"], 2)

    def test_the_checked_in_file_rejects_one_more_launch(self):
        # The real expected counters: a record matching them passes, one launch more fails.
        with open(gate.EXPECTED) as f:
            data = json.load(f)
        for accel in ("cpu", "vulkan"):
            for script, counters in sorted(data.get(accel, {}).items()):
                with self.subTest(accel=accel, script=script):
                    code, text = self.compare(counters, gate.EXPECTED, accel, script)
                    self.assertEqual(code, 0, text)
                    worse = dict(counters, kernel_launches=counters["kernel_launches"] + 1,
                                 distinct_kernels=max(1, counters["distinct_kernels"]))
                    code, text = self.compare(worse, gate.EXPECTED, accel, script)
                    self.assertEqual(code, 1, text)
                    self.assertIn("kernel_launches", text)
        self.assertIn("chain.m", data["cpu"])


class ParityTest(unittest.TestCase):
    def test_numbers_within_tolerance_match(self):
        self.assertIsNone(gate.same_output("s=1.000000000001e+00 n=3\n", "s=1.0e+00 n=3\n",
                                           1e-9, 0))
        self.assertIsNone(gate.same_output("NaN -Inf\n", "NaN -Inf\n", 1e-12, 0))

    def test_numbers_outside_tolerance_or_other_text_differ(self):
        self.assertIn("1.1 vs 1.2", gate.same_output("x 1.1\n", "x 1.2\n", 1e-3, 0))
        self.assertEqual(gate.same_output("x 1\n", "y 1\n", 1e-3, 0), "the text differs")
        self.assertEqual(gate.same_output("1 2\n", "1\n", 1e-3, 0), "the text differs")


if __name__ == "__main__":
    unittest.main(verbosity=2)
