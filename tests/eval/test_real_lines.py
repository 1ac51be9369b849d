"""The ingredient book on the 3,120 real lines of tests/eval/lines/, judged by tests/eval/JUDGE-lines.md: per file
(source and split) and per language, how many lines are recognised, how many amounts are right, how many are
silently wrong. The figures asserted are the ones measured; a change moves them on purpose, with the reason in its
commit."""

from __future__ import annotations

from collections import Counter
from functools import cache

import pytest

from aichef.ingredients import bundled_book
from aichef.quantities import split_amount
from eval.line_judge import CLASSES, LineVerdict, Row, judge_line, rows

# (lines, recognised, amount right, silently wrong amounts), as measured
MEASURED: dict[str, tuple[int, int, int, int]] = {
    "en-allrecipes-dev": (372, 360, 371, 0),
    "en-allrecipes-holdout": (248, 223, 247, 0),
    "en-tastecooking-dev": (312, 305, 310, 0),
    "en-tastecooking-holdout": (208, 200, 202, 0),
    "en-strangerfoods-dev": (180, 178, 180, 0),
    "en-strangerfoods-holdout": (120, 116, 118, 0),
    "en-requests": (200, 195, 200, 0),
    "ko-epis-dev": (432, 423, 432, 0),
    "ko-epis-holdout": (288, 279, 288, 0),
    "ko-mfds-dev": (336, 334, 336, 0),
    "ko-mfds-holdout": (224, 218, 224, 0),
    "ko-requests": (200, 191, 200, 0),
    "en": (1640, 1577, 1628, 0),
    "ko": (1480, 1445, 1480, 0),
}
# Lines per class of issue 19 (a line may be in several) and their amounts right; none of them silently wrong.
MEASURED_CLASSES: dict[str, tuple[int, int]] = {
    "range": (20, 20),
    "plus": (35, 35),
    "parenthetical": (546, 539),
    "to taste": (106, 106),
    "juice or zest of": (6, 6),
    "size before unit": (210, 205),
    "korean unit": (858, 857),
    "korean mixed number": (20, 20),
    "emoji or symbol": (74, 71),
    "two items": (604, 596),
}


@cache
def verdicts() -> tuple[tuple[Row, LineVerdict], ...]:
    book = bundled_book()
    return tuple((row, judge_line(row, book.parse(row.text), split_amount)) for row in rows())


@cache
def tallies() -> dict[str, tuple[int, int, int, int]]:
    counts: dict[str, Counter[str]] = {}
    for row, verdict in verdicts():
        for key in (row.file, row.language):
            count = counts.setdefault(key, Counter())
            count.update(lines=1, recognised=verdict.recognised, right=verdict.amount_right)
            count.update(silent=verdict.silently_wrong)
    return {key: (c["lines"], c["recognised"], c["right"], c["silent"]) for key, c in counts.items()}


def test_the_set_holds_3120_lines_over_12_files() -> None:
    assert len(verdicts()) == 3120
    assert {row.file for row, _ in verdicts()} == set(MEASURED) - {"en", "ko"}


@pytest.mark.parametrize("key", list(MEASURED))
def test_recognised_amount_right_and_silently_wrong_as_measured(key: str) -> None:
    assert tallies()[key] == MEASURED[key]


@pytest.mark.parametrize("language", ["en", "ko"])
def test_the_issue_targets_hold_per_language(language: str) -> None:
    lines, recognised, right, silent = tallies()[language]
    assert recognised / lines >= 0.90
    assert right / lines >= 0.95
    assert silent == 0


@pytest.mark.parametrize("name", list(CLASSES))
def test_no_class_of_the_issue_has_a_silently_wrong_amount(name: str) -> None:
    found = [(row, verdict) for row, verdict in verdicts() if name in verdict.classes]
    wrong = [row.text for row, verdict in found if verdict.silently_wrong]
    assert wrong == []
    assert (len(found), sum(verdict.amount_right for _, verdict in found)) == MEASURED_CLASSES[name]
