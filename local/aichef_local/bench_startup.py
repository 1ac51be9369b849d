"""`make bench`'s start-up figure: one request's wall time through `aichef run`, this checkout against a baseline
commit's runner, measured side by side in one run with the runs alternated (so machine load hits both alike)."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
BASELINE = "fd20d11"
"""The runner the issue measured (~4.3 s for one request); the target is at most half its wall time."""
TARGET_RATIO = 0.5
REQUEST = "events/workflow-request.json"


def checkout(commit: str, into: Path) -> Path:
    """The commit's tree (git archive), unpacked into `into`."""
    archive = subprocess.run(["git", "archive", commit], cwd=ROOT, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def _one_request(tree: Path, logs: Path) -> float:
    """Seconds from process start to exit for `aichef run --input REQUEST --json` with `tree`'s code."""
    env = {**os.environ, "PYTHONPATH": f"{tree / 'layer'}{os.pathsep}{tree / 'local'}"}
    command = [sys.executable, "-m", "aichef_local.cli", "run", "--input", REQUEST, "--json", "--logs", str(logs)]
    started = time.perf_counter()
    subprocess.run(command, cwd=tree, env=env, capture_output=True, check=True, timeout=300)
    return time.perf_counter() - started


def measure_startup(runs: int = 5, baseline: str = BASELINE) -> dict[str, Any]:
    """Median wall ms of one request, baseline and current, alternated run by run; and their ratio."""
    with tempfile.TemporaryDirectory() as temp:
        old = checkout(baseline, Path(temp) / "baseline")
        new = ROOT  # the working tree, as `make bench` runs it
        times: dict[str, list[float]] = {"baseline": [], "current": []}
        for _ in range(runs):
            times["baseline"].append(_one_request(old, Path(temp) / "old.log"))
            times["current"].append(_one_request(new, Path(temp) / "new.log"))
    medians = {name: statistics.median(values) * 1000 for name, values in times.items()}
    return {
        "baseline_commit": baseline,
        "runs_each": runs,
        "baseline_ms": round(medians["baseline"]),
        "current_ms": round(medians["current"]),
        "ratio": round(medians["current"] / medians["baseline"], 2),
        "target_ratio": TARGET_RATIO,
    }


def render_startup(figures: dict[str, Any]) -> list[str]:
    """The start-up figure as the bench table's lines."""
    return [
        f"Start-up: one request through aichef run, median of {figures['runs_each']} alternated runs each",
        f"  {figures['baseline_commit']}: {figures['baseline_ms']:,} ms   this checkout: {figures['current_ms']:,} ms"
        f"   ratio {figures['ratio']:.2f} (target <= {figures['target_ratio']})",
        "",
    ]
