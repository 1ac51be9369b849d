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


def measure_book(load_runs: int = 15, parse_runs: int = 5, baseline: str = BASELINE) -> dict[str, Any]:
    """The book's load (median ms, difference and ratio) and parse speed (median lines/s and ratio), both trees."""
    with tempfile.TemporaryDirectory() as temp:
        trees = {"baseline": checkout(baseline, Path(temp) / "baseline"), "current": ROOT}
        lines = Path(temp) / "lines.json"
        texts = eval_lines()
        lines.write_text(json.dumps(texts, ensure_ascii=False), "utf-8")
        loads = _alternated("load", trees, lines, load_runs)
        parses = _alternated("parse", trees, lines, parse_runs)
    load_ms = {name: statistics.median(sample["load_ms"] for sample in items) for name, items in loads.items()}
    rate = {
        name: statistics.median(sample["lines"] / sample["parse_s"] for sample in items)
        for name, items in parses.items()
    }
    return {
        "baseline_commit": baseline,
        "ingredients": {name: items[0]["ingredients"] for name, items in loads.items()},
        "load": {
            "runs_each": load_runs,
            "baseline_ms": round(load_ms["baseline"], 1),
            "current_ms": round(load_ms["current"], 1),
            "difference_ms": round(load_ms["current"] - load_ms["baseline"], 1),
            "ratio": round(load_ms["current"] / load_ms["baseline"], 2),
            "budget_ms": LOAD_BUDGET_MS,
        },
        "parse": {
            "runs_each": parse_runs,
            "lines": len(texts),
            "baseline_lines_per_s": round(rate["baseline"]),
            "current_lines_per_s": round(rate["current"]),
            "ratio": round(rate["current"] / rate["baseline"], 2),
            "target_lines_per_s": PARSE_TARGET,
            "recognised": {name: items[0]["known"] for name, items in parses.items()},
        },
    }


def render_book(figures: dict[str, Any]) -> list[str]:
    """The ingredient book's figures as the bench table's lines."""
    load, parse = figures["load"], figures["parse"]
    old, new = figures["ingredients"]["baseline"], figures["ingredients"]["current"]
    commit = figures["baseline_commit"]
    load_verdict = "ok" if load["difference_ms"] <= load["budget_ms"] else "OVER"
    parse_verdict = "ok" if parse["current_lines_per_s"] >= parse["target_lines_per_s"] else "UNDER"
    return [
        f"Ingredient book ({new:,} ingredients; {commit}: {old:,}), fresh processes alternated with {commit}'s",
        f"  load (import + bundled_book), median of {load['runs_each']}: {commit} {load['baseline_ms']:.1f} ms   "
        f"this checkout {load['current_ms']:.1f} ms   {load['difference_ms']:+.1f} ms, ratio {load['ratio']:.2f}"
        f" (budget +{load['budget_ms']:.0f} ms) {load_verdict}",
        f"  parse, {parse['lines']:,} real lines once each, one core, median of {parse['runs_each']}: {commit} "
        f"{parse['baseline_lines_per_s']:,} lines/s   this checkout {parse['current_lines_per_s']:,} lines/s   "
        f"ratio {parse['ratio']:.2f} (target >= {parse['target_lines_per_s']:,.0f}) {parse_verdict}",
        "",
    ]
