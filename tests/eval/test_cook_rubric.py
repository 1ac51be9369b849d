"""What a home cook accepts (tests/eval/RUBRIC.md), measured on two sets: `cook-requests.jsonl`, requests written as
17 kinds of people would without looking at the catalog, and `cases.jsonl`, the older set of issue 10 (every case
there expects a dish). The pass rates asserted are the ones measured; a change moves them on purpose, with the reason
in its commit. The answers are the catalog engine's, priced by Combine with the bundled prices."""

from __future__ import annotations

import json
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from aichef.contracts import parse_request
from aichef.ingredients import bundled_book
from eval.cook_answers import answer
from eval.cook_judge import CHECKS, Verdict, judge

HERE = Path(__file__).parent
# (passed, cases) per set, and per check (passed, applied), as measured
MEASURED: dict[str, tuple[int, int]] = {"cook-requests.jsonl": (207, 238), "cases.jsonl": (79, 92)}
MEASURED_CHECKS: dict[str, dict[str, tuple[int, int]]] = {
    "cook-requests.jsonl": {
        "protein": (158, 163),
        "produce": (98, 103),
        "nothing_on_hand_bought": (204, 208),
        "course": (208, 208),
        "few_to_buy": (197, 208),
        "honest": (230, 238),
        "steps": (208, 208),
        "diet_said": (23, 23),
        "constraints": (208, 208),
    },
    "cases.jsonl": {
        "protein": (76, 76),
        "produce": (42, 45),
        "nothing_on_hand_bought": (89, 91),
        "course": (91, 91),
        "few_to_buy": (81, 91),
        "honest": (91, 92),
        "steps": (91, 91),
        "diet_said": (3, 3),
        "constraints": (91, 91),
    },
}


def cases(name: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (HERE / name).read_text("utf-8").splitlines() if line.strip()]


@cache
def verdicts(name: str) -> tuple[Verdict, ...]:
    book = bundled_book()
    found = []
    for case in cases(name):
        request = parse_request(case["request"])
        output, cause = answer(request)
        found.append(judge(request, case.get("expect", "dish"), output, cause, book))
    return tuple(found)


def test_the_people_set_is_large_varied_and_written_in_both_languages() -> None:
    people = cases("cook-requests.jsonl")
    korean = [case for case in people if sum("가" <= ch <= "힣" for t in case["request"]["ingredients"] for ch in t)]

    assert len(people) >= 200
    assert len({case["persona"] for case in people}) >= 12
    assert len(korean) >= 0.4 * len(people)
    assert Counter(case["expect"] for case in people)["none"] == 26


@pytest.mark.parametrize("name", sorted(MEASURED))
def test_the_pass_rate_of_each_set_is_the_measured_one(name: str) -> None:
    found = verdicts(name)

    assert (sum(verdict.passed for verdict in found), len(found)) == MEASURED[name]


@pytest.mark.parametrize("name", sorted(MEASURED))
def test_each_check_passes_as_measured(name: str) -> None:
    found = verdicts(name)
    figures = {
        check: (
            sum(verdict.checks.get(check) is True for verdict in found),
            sum(check in verdict.checks for verdict in found),
        )
        for check in CHECKS
    }

    assert figures == MEASURED_CHECKS[name]
