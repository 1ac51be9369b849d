"""Fresh vegetables on hand served on the side: when the dish chosen uses none of the cook's fresh vegetables, the
ones it leaves in the fridge are served with it, done the simplest way a cook would (sliced and salted, or sautéed),
as `data/sides.csv` says for each. A meal of steak with green beans on hand is the steak with sautéed green beans,
not the steak while the beans spoil. Pure, apart from reading the bundled table once."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from functools import cache
from importlib import resources

from aichef.contracts import RecipeIngredient
from aichef.ingredients import IngredientBook, ParsedIngredient
from aichef.labels import amount_phrase
from aichef.step_text import particle

MAX_SIDES = 2
SIDE_COURSES = frozenset({"main", "soup"})
"""The meals a side is served with."""
PORTION_G = 80.0
"""Grams of a vegetable per serving when the cook gave no amount (a side's portion)."""


@cache
def side_methods() -> dict[str, str]:
    """How each vegetable is served on the side, by canonical name: `raw` (sliced, salted), `saute` or `boil` (corn on
    the cob)."""
    text = resources.files("aichef").joinpath("data", "sides.csv").read_text("utf-8")
    return {row["name"]: row["method"] for row in csv.DictReader(text.splitlines())}


def side_lines(foods: Iterable[ParsedIngredient], names: Iterable[str], servings: int) -> list[RecipeIngredient]:
    """The lines of the sides: the foods on hand of `names` (in the cook's order) that have a way to be served, at
    most MAX_SIDES, each in the amount the cook has (all of it), else a portion per serving."""
    wanted = frozenset(names)
    lines: list[RecipeIngredient] = []
    for food in foods:
        if food.name in wanted and food.name in side_methods() and food.name not in {line.name for line in lines}:
            amount, unit = food.base if food.base is not None else (PORTION_G * servings, "g")
            lines.append(RecipeIngredient(name=food.name, quantity=amount, unit=unit))  # type: ignore[arg-type]
    return lines[:MAX_SIDES]


def side_step(lines: list[RecipeIngredient], language: str, book: IngredientBook) -> str | None:
    """The one step that serves the sides, in the answer's language (None without sides)."""
    if not lines:
        return None
    done = [_done(line, side_methods()[line.name], language, book) for line in lines]
    if language == "ko":
        return f"곁들임: {', '.join(done)} 함께 낸다."
    return f"On the side: {'; '.join(done)}; serve alongside."


def _done(line: RecipeIngredient, method: str, language: str, book: IngredientBook) -> str:
    amount = amount_phrase(line.name, line.quantity, line.unit, language, book)
    if language == "ko":
        how = _HOW_KO[method]
        return f"{amount}{particle('을', amount)} {how}"
    return _HOW_EN[method].format(amount=amount)


_HOW_EN = {
    "raw": "slice the {amount} and season with a pinch of salt",
    "saute": "sauté the {amount} in a little oil with a pinch of salt for 5 minutes",
    "boil": "boil the {amount} in salted water for 8 minutes",
}
_HOW_KO = {
    "raw": "썰어 소금을 살짝 뿌리고",
    "saute": "기름을 살짝 두른 팬에 소금 한 꼬집과 5분 볶고",
    "boil": "소금물에 8분 삶고",
}
