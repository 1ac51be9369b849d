"""`make bench`'s ingredient book figures: the lines it parses, what one fresh process reports, the table it prints."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from aichef.ingredients import bundled_book
from aichef_local.bench_book import BASELINE, eval_lines, render_book, run_child
from aichef_local.bench_startup import ROOT, checkout


def test_the_parse_figure_reads_every_distinct_labelled_line_once() -> None:
    lines = eval_lines()

    assert len(lines) == len(set(lines)) == 3113  # 3,120 labelled rows, 7 texts labelled twice
    assert lines[0] == "1 (9 ounce) can tuna, drained and flaked"  # en-allrecipes-dev.tsv first, files in name order
    assert lines[-1] == "맛살 2개"  # ko-requests.tsv last


def test_a_parse_child_loads_the_trees_book_and_parses_each_line_once(tmp_path: Path) -> None:
    lines = tmp_path / "lines.json"
    lines.write_text(json.dumps(["2 cups rice", "blorptangle", "다진파 1큰술"], ensure_ascii=False), "utf-8")

    figures = run_child("parse", ROOT, lines, Path(sys.executable))

    assert figures["ingredients"] == len(bundled_book())
    assert (figures["lines"], figures["known"]) == (3, 2)
    assert figures["load_ms"] > 0 and figures["parse_s"] > 0


def test_the_baseline_book_is_the_one_before_issue_19(tmp_path: Path) -> None:
    tree = checkout(BASELINE, tmp_path / "baseline")

    figures = run_child("load", tree, tmp_path / "unused.json", Path(sys.executable))

    assert figures["ingredients"] == 758


def test_the_book_lines_show_both_trees_in_cpu_and_wall_time_the_difference_and_the_verdicts() -> None:
    figures = {
        "baseline_commit": "e61257a",
        "ingredients": {"baseline": 758, "current": 1392},
        "load_ms": {
            "runs_each": 15,
            "cpu": {"baseline": 80.0, "current": 95.5, "difference": 15.5, "ratio": 1.19},
            "wall": {"baseline": 300.0, "current": 390.0, "difference": 90.0, "ratio": 1.3},
            "budget_ms": 30.0,
        },
        "parse_lines_per_s": {
            "runs_each": 7,
            "lines": 3113,
            "cpu": {"baseline": 24000, "current": 9000, "difference": -15000, "ratio": 0.38},
            "wall": {"baseline": 6000, "current": 2500, "difference": -3500, "ratio": 0.42},
            "target": 10000.0,
            "recognised": {"baseline": 1364, "current": 2948},
        },
    }

    assert render_book(figures) == [
        "Ingredient book (1,392 ingredients; e61257a: 758): fresh processes alternated with e61257a's; CPU time "
        "(one core's work), wall time in brackets",
        "  load ms (import + bundled_book), median of 15: e61257a 80.0 (300.0)   this checkout 95.5 (390.0)   "
        "difference +15.5 (+90.0), ratio 1.19 (1.30)   budget +30 ms ok",
        "  parse lines/s (3,113 real lines once each), median of 7: e61257a 24,000 (6,000)   this checkout 9,000 "
        "(2,500)   ratio 0.38 (0.42)   target >= 10,000 UNDER",
        "",
    ]
