"""`make bench`'s start-up line: the figures it prints, and a baseline tree it can run."""

from __future__ import annotations

from pathlib import Path

from aichef_local.bench_startup import BASELINE, checkout, render_startup


def test_the_start_up_line_shows_both_walls_and_the_ratio_against_the_target() -> None:
    figures = {
        "baseline_commit": "fd20d11",
        "runs_each": 5,
        "baseline_ms": 4300,
        "current_ms": 2150,
        "ratio": 0.5,
        "target_ratio": 0.5,
    }

    assert render_startup(figures) == [
        "Start-up: one request through aichef run, median of 5 alternated runs each",
        "  fd20d11: 4,300 ms   this checkout: 2,150 ms   ratio 0.50 (target <= 0.5)",
        "",
    ]


def test_the_baseline_runner_is_checked_out_whole(tmp_path: Path) -> None:
    tree = checkout(BASELINE, tmp_path / "baseline")

    assert (tree / "local/aichef_local/cli.py").is_file()
    assert (tree / "template.yaml").is_file() and (tree / "events/workflow-request.json").is_file()
