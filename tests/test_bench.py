"""The benchmark script runs and prints every figure it promises (no timing is asserted here)."""

from __future__ import annotations

import json
import subprocess
import sys

from .conftest import ROOT


def test_bench_prints_every_metric():
    run = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--runs", "1"],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    lines = [json.loads(line) for line in run.stdout.splitlines()]
    metrics = [line["metric"] for line in lines]
    assert {"machine", "full_build_seconds", "stage_seconds", "output_bytes", "shipped_js_css_bytes",
            "zip_floor_seconds", "peak_memory_mb", "cli_build_seconds",
            "process_floor_seconds", "machine_load_after"} <= set(metrics)
    assert metrics.count("output_bytes") == 19  # 18 packages and the web site
    # the build from an empty cache and from the cache an unchanged project left, each against the floor
    assert sorted(x["cache"] for x in lines if x["metric"] in ("full_build_seconds", "cli_build_seconds")) == [
        "cold", "cold", "warm", "warm"]
    floor = next(x for x in lines if x["metric"] == "zip_floor_seconds")
    assert floor["build_over_floor_cold"] > 0 and floor["build_over_floor_warm"] > 0
