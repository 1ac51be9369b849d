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


def test_the_book_lines_show_both_trees_the_difference_and_the_verdicts() -> None:
    figures = {
        "baseline_commit": "e61257a",
        "ingredients": {"baseline": 758, "current": 1392},
        "load": {"runs_each": 15, "baseline_ms": 250.0, "current_ms": 265.5, "difference_ms": 15.5, "ratio": 1.06,
                 "budget_ms": 30.0},
        "parse": {"runs_each": 5, "lines": 3113, "baseline_lines_per_s": 5264, "current_lines_per_s": 9000,
                  "ratio": 1.71, "target_lines_per_s": 10000.0, "recognised": {"baseline": 1364, "current": 2948}},
    }  # fmt: skip

    assert render_book(figures) == [
        "Ingredient book (1,392 ingredients; e61257a: 758), fresh processes alternated with e61257a's",
        "  load (import + bundled_book), median of 15: e61257a 250.0 ms   this checkout 265.5 ms   +15.5 ms, "
        "ratio 1.06 (budget +30 ms) ok",
        "  parse, 3,113 real lines once each, one core, median of 5: e61257a 5,264 lines/s   this checkout 9,000 "
        "lines/s   ratio 1.71 (target >= 10,000) UNDER",
        "",
    ]
