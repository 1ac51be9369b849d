"""Rules of the line grammar (`aichef.line_reader`) found while judging names on the real lines (tests/eval)."""

from __future__ import annotations

import pytest

from aichef.ingredients import bundled_book


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("후추, 식용유 약간씩", ["black pepper", "vegetable oil"]),  # was black pepper alone: 식용유 약간씩 was no food
        ("소금, 후추 약간씩", ["salt", "black pepper"]),
        ("소금 약간씩", ["salt"]),
    ],
)
def test_a_vague_amount_for_each_keeps_every_food_of_the_line(text: str, names: list[str]) -> None:
    parsed = bundled_book().parse(text)
    assert [(food.name, food.known, food.quantity) for food in parsed.foods()] == [(n, True, None) for n in names]
