"""`make bench`'s ingredient book figures, this checkout against the book before issue 19 grew it, measured side by
side in one run with fresh processes alternated (so machine load hits both alike): the book's load at cold start
(import + `bundled_book()`) and parse speed, in lines per second on one core, over the labelled real lines of
tests/eval/lines (each distinct line parsed once by a fresh book: nothing is served from its memo)."""

from __future__ import annotations

import importlib.util
import json
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from aichef_local.bench_cold import LAMBDA_PYTHON
from aichef_local.bench_startup import ROOT, checkout

BASELINE = "e61257a"
"""The last commit before issue 19's ingredient book (758 ingredients, the parser without its grammar)."""
LOAD_BUDGET_MS = 30.0
PARSE_TARGET = 10_000.0
CHILD = Path(__file__).with_name("bench_book_child.py")


def eval_lines() -> list[str]:
    """The distinct texts of tests/eval/lines, in file order, read by the evaluation's own loader."""
    spec = importlib.util.spec_from_file_location("line_judge", ROOT / "tests" / "eval" / "line_judge.py")
    assert spec is not None and spec.loader is not None
    module = sys.modules[spec.name] = importlib.util.module_from_spec(spec)  # its dataclasses look themselves up
    spec.loader.exec_module(module)
    return list(dict.fromkeys(row.text for row in module.rows()))


def run_child(mode: str, tree: Path, lines: Path, python: Path = LAMBDA_PYTHON) -> dict[str, Any]:
    """One fresh process of `python` on `tree`'s book: `load` or `parse` (bench_book_child.py)."""
    command = [str(python), str(CHILD), mode, str(tree / "layer"), str(lines)]
    completed = subprocess.run(command, cwd=tree, capture_output=True, text=True, timeout=300, check=False)
    if completed.returncode != 0:
        raise RuntimeError(f"bench_book_child {mode} {tree} failed:\n{completed.stderr[-2000:]}")
    return json.loads(completed.stdout)  # type: ignore[no-any-return]


def _alternated(mode: str, trees: dict[str, Path], lines: Path, runs: int) -> dict[str, list[dict[str, Any]]]:
    """`runs` samples per tree, in ABBA order; one unmeasured round first writes each tree's bytecode caches."""
    samples: dict[str, list[dict[str, Any]]] = {name: [] for name in trees}
    for round_number in range(runs + 1):
        order = list(trees) if round_number % 2 else list(reversed(trees))
        for name in order:
            sample = run_child(mode, trees[name], lines)
            if round_number:
                samples[name].append(sample)
    return samples


def _compare(samples: dict[str, list[dict[str, Any]]], value: Callable[[dict[str, Any]], float]) -> dict[str, float]:
    """Medians of both trees, and the median of the round-by-round difference and ratio (current against baseline
    in the same round, so a burst of machine load cancels out)."""
    old = [value(sample) for sample in samples["baseline"]]
    new = [value(sample) for sample in samples["current"]]
    return {
        "baseline": statistics.median(old),
        "current": statistics.median(new),
        "difference": statistics.median(b - a for a, b in zip(old, new, strict=True)),
        "ratio": statistics.median(b / a for a, b in zip(old, new, strict=True)),
    }


def measure_book(load_runs: int = 15, parse_runs: int = 7, baseline: str = BASELINE) -> dict[str, Any]:
    """The book's load (ms) and parse speed (lines/s) of both trees in CPU time (one core's work) and wall time."""
    with tempfile.TemporaryDirectory() as temp:
        trees = {"baseline": checkout(baseline, Path(temp) / "baseline"), "current": ROOT}
        lines = Path(temp) / "lines.json"
        texts = eval_lines()
        lines.write_text(json.dumps(texts, ensure_ascii=False), "utf-8")
        loads = _alternated("load", trees, lines, load_runs)
        parses = _alternated("parse", trees, lines, parse_runs)
    load = {
        clock: {key: round(figure, 2 if key == "ratio" else 1) for key, figure in _compare(loads, value).items()}
        for clock, value in (("cpu", lambda s: s["load_cpu_ms"]), ("wall", lambda s: s["load_ms"]))
    }
    rate = {
        clock: {
            key: round(figure, 2) if key == "ratio" else round(figure)
            for key, figure in _compare(parses, value).items()
        }
        for clock, value in (
            ("cpu", lambda s: s["lines"] / s["parse_cpu_s"]),
            ("wall", lambda s: s["lines"] / s["parse_s"]),
        )
    }
    return {
        "baseline_commit": baseline,
        "ingredients": {name: items[0]["ingredients"] for name, items in loads.items()},
        "load_ms": {"runs_each": load_runs, **load, "budget_ms": LOAD_BUDGET_MS},
        "parse_lines_per_s": {
            "runs_each": parse_runs,
            "lines": len(texts),
            **rate,
            "target": PARSE_TARGET,
            "recognised": {name: items[0]["known"] for name, items in parses.items()},
        },
    }


def render_book(figures: dict[str, Any]) -> list[str]:
    """The ingredient book's figures as the bench table's lines: CPU time, then wall time in brackets."""
    load, parse = figures["load_ms"], figures["parse_lines_per_s"]
    old, new = figures["ingredients"]["baseline"], figures["ingredients"]["current"]
    commit = figures["baseline_commit"]
    load_verdict = "ok" if load["cpu"]["difference"] <= load["budget_ms"] else "OVER"
    parse_verdict = "ok" if parse["cpu"]["current"] >= parse["target"] else "UNDER"
    return [
        f"Ingredient book ({new:,} ingredients; {commit}: {old:,}): fresh processes alternated with {commit}'s;"
        " CPU time (one core's work), wall time in brackets",
        f"  load ms (import + bundled_book), median of {load['runs_each']}: {commit} {_both(load, 'baseline', '.1f')}"
        f"   this checkout {_both(load, 'current', '.1f')}   difference {_both(load, 'difference', '+.1f')},"
        f" ratio {_both(load, 'ratio', '.2f')}   budget +{load['budget_ms']:.0f} ms {load_verdict}",
        f"  parse lines/s ({parse['lines']:,} real lines once each), median of {parse['runs_each']}: {commit} "
        f"{_both(parse, 'baseline', ',')}   this checkout {_both(parse, 'current', ',')}   "
        f"ratio {_both(parse, 'ratio', '.2f')}   target >= {parse['target']:,.0f} {parse_verdict}",
        "",
    ]


def _both(figure: dict[str, Any], key: str, spec: str) -> str:
    """One figure as CPU time (wall time)."""
    return f"{figure['cpu'][key]:{spec}} ({figure['wall'][key]:{spec}})"
