"""The catalog engine's branch-and-bound search (`RecipeCatalog._best_dish`) answers exactly as weighing every
candidate would, on every request of both rubric sets, while weighing a fraction of the candidates."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from aichef import recipe_choice
from aichef.contracts import parse_request
from aichef.errors import AiChefError
from aichef.recipe_choice import Fit, Scales
from aichef.recipes import RecipeCatalog, bundled_catalog
from aichef_local.bench_cold import TWELVE_INGREDIENTS

HERE = Path(__file__).parent
SETS = ("cook-requests.jsonl", "cases.jsonl")


def _requests() -> list[dict[str, Any]]:
    return [
        json.loads(line)["request"]
        for name in SETS
        for line in (HERE / name).read_text("utf-8").splitlines()
        if line.strip()
    ]


def _answer(catalog: RecipeCatalog, request: dict[str, Any]) -> str:
    """The recipe as JSON, or the error's name and message."""
    try:
        return catalog.generate(parse_request(request)).model_dump_json()
    except AiChefError as error:
        return f"{type(error).__name__}: {error}"


@pytest.fixture
def weighed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts every recipe the engine weighs."""
    calls = [0]
    weigh = Scales.weigh

    def counted(scales: Scales, lines: Any, *args: Any) -> Fit:
        calls[0] += 1
        return weigh(scales, lines, *args)

    monkeypatch.setattr(recipe_choice.Scales, "weigh", counted)
    return calls


def test_the_bounded_search_answers_every_rubric_request_as_weighing_every_candidate_does(
    monkeypatch: pytest.MonkeyPatch, weighed: list[int]
) -> None:
    catalog = bundled_catalog()
    requests = _requests()
    bounded = [_answer(catalog, request) for request in requests]
    bounded_weighed = weighed[0]

    weighed[0] = 0
    unbounded = {recipe.id: math.inf for recipe in catalog.recipes}  # no bound: every candidate is weighed
    reach = RecipeCatalog.reach
    monkeypatch.setattr(RecipeCatalog, "reach", lambda self, have: (reach(self, have)[0], unbounded))
    exhaustive = [_answer(catalog, request) for request in requests]

    assert len(requests) == 330
    assert [index for index, (one, other) in enumerate(zip(bounded, exhaustive, strict=True)) if one != other] == []
    assert sum(answer.startswith("{") for answer in bounded) == 300
    # what the bound saves: 15.2 % of an exhaustive search's weighings (a request nothing fits weighs them all)
    assert (bounded_weighed, weighed[0]) == (6049, 39690)


def test_the_benchs_twelve_ingredient_request_weighs_one_recipe_of_its_candidates(weighed: list[int]) -> None:
    request = parse_request(TWELVE_INGREDIENTS)

    recipe = bundled_catalog().generate(request)

    assert (recipe.title, weighed[0]) == ("Kimchi Jjigae (Kimchi Stew)", 1)
