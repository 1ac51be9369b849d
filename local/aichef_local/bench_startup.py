"""`make bench`'s start-up figure: one request's wall time through `aichef run`, this checkout with its own .venv
against a baseline commit with the environment its own `make demo` builds (as a user had it), measured side by side
in one run with the runs alternated (so machine load hits both alike)."""

from __future__ import annotations

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tarfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

from aichef_local.parse_cache import CACHE_DIR

ROOT = Path(__file__).resolve().parents[2]
BASELINE = "fd20d11"
"""The runner issue 13 measured; the target is at most half its wall time for one request."""
TARGET_RATIO = 0.5
REQUEST = ROOT / "events" / "workflow-request.json"
"""The demo request (`make demo`), the same file for both trees."""
BASELINES = ROOT / ".venv" / "bench-baseline"
"""Each baseline commit's tree and its own virtualenv, built once, by commit; `make clean` removes .venv."""
BUILD_TIMEOUT_S = 1800
VERSIONS_OF = ("moto", "boto3", "botocore", "pydantic", "aws-lambda-powertools")


class StartupBenchError(Exception):
    """The start-up figure cannot be measured (the baseline's environment does not build, a run fails)."""


def _git(*args: str) -> bytes:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, check=True).stdout


def checkout(commit: str, into: Path) -> Path:
    """The commit's tree (git archive), unpacked into `into`; the repository is not touched."""
    with tarfile.open(fileobj=BytesIO(_git("archive", commit))) as tar:
        tar.extractall(into, filter="data")
    return into


CHILD_DROPS = {"VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "MAKEFLAGS", "MFLAGS", "MAKELEVEL", "PYTHONDONTWRITEBYTECODE"}
"""What ties a child to this session rather than to a user's shell: this checkout's virtualenv, paths and make, and
PYTHONDONTWRITEBYTECODE (a user's Python caches each module's bytecode in __pycache__ on the first run, as the
unmeasured first run of each tree does; with it set, both trees compiled their own modules on every run)."""


def _clean_environment() -> dict[str, str]:
    """This process's environment without CHILD_DROPS and without this checkout's virtualenv on PATH."""
    ours = str(Path(sys.executable).parent)
    env = {key: value for key, value in os.environ.items() if key not in CHILD_DROPS}
    env["PATH"] = os.pathsep.join(part for part in env.get("PATH", "").split(os.pathsep) if part != ours)
    return env


def baseline_tree(commit: str = BASELINE, cache: Path = BASELINES, python: str | None = None) -> Path:
    """The baseline commit checked out under `cache` with the virtualenv its own Makefile builds: `make demo`, which
    installs the project as its README said (`pip install -e '.[dev]'` into .venv) and then runs the demo once (so
    its first import is not a measured run). Built once per commit; a half-built one is built again."""
    sha = _git("rev-parse", "--verify", f"{commit}^{{commit}}").decode().strip()
    tree = cache / sha
    if (tree / ".venv" / ".installed").is_file():
        return tree
    shutil.rmtree(tree, ignore_errors=True)
    checkout(sha, tree)
    print(f"bench: building {commit}'s own environment with its `make demo` (once, a few minutes)", file=sys.stderr)
    # the Python 3.13 this checkout's .venv was made from, so both trees run on one interpreter
    base_python = python or getattr(sys, "_base_executable", sys.executable)
    built = subprocess.run(
        ["make", "demo", f"PYTHON={base_python}"],
        cwd=tree,
        env=_clean_environment(),
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT_S,
        check=False,
    )
    if built.returncode != 0 or not (tree / ".venv" / ".installed").is_file():
        raise StartupBenchError(f"{commit}'s `make demo` failed: {(built.stdout + built.stderr)[-1500:]}")
    return tree


@dataclass(frozen=True)
class Timing:
    wall: float
    """Seconds from process start to exit: the figure the target is about."""
    cpu: float
    """User + system seconds of the process: less shaken by other processes on a shared machine than the wall."""


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def one_request(aichef: Path, cwd: Path, request: Path, logs: Path) -> Timing:
    """The wall and CPU time of `aichef run --input REQUEST --json`, run as a user runs it (the virtualenv's console
    script); a run that does not succeed is an error, never a figure."""
    command = [str(aichef), "run", "--input", str(request), "--json", "--logs", str(logs)]
    cpu_before, started = _children_cpu(), time.perf_counter()
    done = subprocess.run(
        command, cwd=cwd, env=_clean_environment(), capture_output=True, text=True, timeout=300, check=False
    )
    elapsed = Timing(time.perf_counter() - started, _children_cpu() - cpu_before)
    lines = done.stdout.splitlines()
    status = json.loads(lines[0]).get("status") if lines and lines[0].startswith("{") else None
    if done.returncode != 0 or status != "SUCCEEDED":
        raise StartupBenchError(f"{aichef} run: exit {done.returncode}, status {status}: {done.stderr[-800:]}")
    return elapsed


def alternate(runners: dict[str, Callable[[], Timing]], runs: int) -> dict[str, list[Timing]]:
    """Each runner once unmeasured (file caches, bytecode), then `runs` rounds, the order reversed every round so
    neither side always runs first after the other."""
    order = list(runners)
    for name in order:
        runners[name]()
    times: dict[str, list[Timing]] = {name: [] for name in order}
    for round_ in range(runs):
        for name in order if round_ % 2 == 0 else reversed(order):
            times[name].append(runners[name]())
    return times


def _parsing(run: Callable[[], Timing]) -> Timing:
    """`run` with this checkout's stored parse of the definition removed first: a first run, or the first after the
    definition changed, parses it (aichef_local.parse_cache); the run stores it again for the next."""
    shutil.rmtree(ROOT / CACHE_DIR, ignore_errors=True)
    return run()


def _versions(python: Path) -> dict[str, str]:
    """The versions of the packages that shape start-up, as installed in the virtualenv of `python`."""
    script = (
        "import importlib.metadata as m, json, sys\n"
        f"print(json.dumps({{n: m.version(n) for n in {VERSIONS_OF!r}}} | {{'python': sys.version.split()[0]}}))"
    )
    done = subprocess.run([str(python), "-c", script], capture_output=True, text=True, check=True)
    return dict(json.loads(done.stdout))


def measure_startup(runs: int = 7, baseline: str = BASELINE) -> dict[str, Any]:
    """Median wall ms of one request, the baseline in its own environment and this checkout in .venv, alternated;
    their ratio, the machine's load around the runs, and what each environment runs on."""
    try:
        old = baseline_tree(baseline)
    except (StartupBenchError, subprocess.SubprocessError, OSError) as error:
        return {"baseline_commit": baseline, "error": str(error)}
    new_aichef = Path(sys.executable).with_name("aichef")
    logs = BASELINES / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    runners = {
        "baseline": lambda: one_request(old / ".venv" / "bin" / "aichef", old, REQUEST, logs / "baseline.log"),
        "current": lambda: one_request(new_aichef, ROOT, REQUEST, logs / "current.log"),
        "current_parsing": lambda: _parsing(lambda: one_request(new_aichef, ROOT, REQUEST, logs / "parsing.log")),
    }
    load_before = os.getloadavg()
    try:
        times = alternate(runners, runs)
    except StartupBenchError as error:
        return {"baseline_commit": baseline, "error": str(error)}
    load_after = os.getloadavg()
    medians = {name: statistics.median(run.wall for run in values) * 1000 for name, values in times.items()}
    cpu = {name: statistics.median(run.cpu for run in values) * 1000 for name, values in times.items()}
    return {
        "baseline_commit": baseline,
        "request": REQUEST.relative_to(ROOT).as_posix(),
        "runs_each": runs,
        "baseline_ms": round(medians["baseline"]),
        "current_ms": round(medians["current"]),
        "ratio": round(medians["current"] / medians["baseline"], 2),
        "target_ratio": TARGET_RATIO,
        "cpu_ms": {name: round(value) for name, value in cpu.items()},
        "cpu_ratio": round(cpu["current"] / cpu["baseline"], 2),
        "parsing_ms": round(medians["current_parsing"]),
        "parsing_ratio": round(medians["current_parsing"] / medians["baseline"], 2),
        "runs_ms": {name: [round(run.wall * 1000) for run in values] for name, values in times.items()},
        "load_average_1m": [round(load_before[0], 2), round(load_after[0], 2)],
        "environments": {
            "baseline": {
                "venv": f"its own make demo: {old.relative_to(ROOT)}/.venv",
                **_versions(old / ".venv/bin/python"),
            },
            "current": {"venv": ".venv", **_versions(Path(sys.executable))},
        },
    }


def render_startup(figures: dict[str, Any]) -> list[str]:
    """The start-up figure as the bench table's lines."""
    if "error" in figures:
        return [f"Start-up against {figures['baseline_commit']}: not measured: {figures['error']}", ""]
    load, cpu = figures["load_average_1m"], figures["cpu_ms"]
    return [
        f"Start-up: one request ({figures['request']}) through aichef run, median of {figures['runs_each']} "
        "alternated runs each, each tree in its own virtualenv",
        f"  {figures['baseline_commit']}: {figures['baseline_ms']:,} ms   this checkout: {figures['current_ms']:,} ms"
        f"   ratio {figures['ratio']:.2f} (target <= {figures['target_ratio']})   load {load[0]:.1f} -> {load[1]:.1f}",
        f"  CPU time (user + system, median): {cpu['baseline']:,} ms and {cpu['current']:,} ms"
        f"   ratio {figures['cpu_ratio']:.2f}",
        f"  this checkout parsing the definition (a first run, or the first after it changed): "
        f"{figures['parsing_ms']:,} ms   ratio {figures['parsing_ratio']:.2f}",
        "",
    ]
