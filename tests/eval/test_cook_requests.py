"""The evaluation set: realistic requests (English, Korean, mixed), each with the ingredient the dish should be built
around; the catalog engine must choose a recipe that uses it (a family such as chicken counts any member) for at
least PASS_RATE of them (the rate measured now, so any regression fails). Measured: 65 of 92 on main's engine
and data before issue 10 (71 with the new data), 92 of 92 after it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from aichef.contracts import parse_request
from aichef.errors import RecipeGenerationFailed
from aichef.ingredients import IngredientBook, bundled_book
from aichef.recipes import bundled_catalog

CASES = [
    json.loads(line) for line in (Path(__file__).parent / "cases.jsonl").read_text("utf-8").splitlines() if line.strip()
]
PASS_RATE = 1.0  # 92 of 92 today; lower it only with a reason in the commit


def outcome(request: dict[str, Any]) -> dict[str, Any]:
    """What the catalog engine answers: the recipe's id and ingredient names, or the failure's message."""
    try:
        recipe = bundled_catalog().generate(parse_request(request))
    except RecipeGenerationFailed as error:
        return {"error": error.message}
    return {"source_id": recipe.source_id, "ingredients": [line.name for line in recipe.ingredients]}


def passes(case: dict[str, Any], answer: dict[str, Any], book: IngredientBook) -> bool:
    """A case passes when the expected failure is named, or the chosen recipe uses the case's main ingredient."""
    if "fails_with" in case:
        return case["fails_with"] in answer.get("error", "")
    main = book.canonical(case["main"])
    return any(book.covers(main, name) for name in answer.get("ingredients", []))


def test_the_evaluation_set_is_large_and_mixed() -> None:
    korean = [
        case for case in CASES if any("가" <= char <= "힣" for text in case["request"]["ingredients"] for char in text)
    ]

    assert len(CASES) >= 80
    assert 30 <= len(korean) <= len(CASES) - 30


def test_every_main_ingredient_of_the_set_is_in_the_book() -> None:
    book = bundled_book()

    assert [
        case["main"]
        for case in CASES
        if "main" in case
        and book.canonical(case["main"]) == case["main"]
        and book.get(case["main"]) is None
        and book.get_family(case["main"]) is None
    ] == []


def test_the_catalog_chooses_a_dish_a_cook_would_accept_for_the_evaluation_set() -> None:
    book = bundled_book()
    failed = [
        (
            case["request"]["ingredients"],
            outcome(case["request"]).get("source_id") or outcome(case["request"]).get("error"),
        )
        for case in CASES
        if not passes(case, outcome(case["request"]), book)
    ]

    rate = 1 - len(failed) / len(CASES)
    assert rate >= PASS_RATE, f"{len(CASES) - len(failed)}/{len(CASES)} passed; failed: {failed}"
