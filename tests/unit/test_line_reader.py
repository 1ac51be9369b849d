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


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("1/2 cup chopped dried Bing (sweet) cherries", "dried cherry"),  # was cherry: the tail "bing cherries" won
        ("1 1/2 cups instant white rice", "instant rice"),
        ("1 c cooked long-grain white rice", "cooked rice"),
        ("100 g canned black chickpeas", "canned chickpea"),
        ("2 lbs ground lean beef", "ground beef"),
        ("1 dried Calabrian chile", "dried red chili"),
        # a preparation or size word makes no other product: diced tomatoes are tomatoes, not canned diced tomato
        ("8 cups diced plum tomatoes", "tomato"),
        ("1 cup frozen sweet peas", "green pea"),  # frozen pea is a name of green pea itself
        ("3 medium ripe bananas", "banana"),
    ],
)
def test_a_state_word_before_the_head_names_the_product_the_book_has(text: str, name: str) -> None:
    parsed = bundled_book().parse(text)
    assert (parsed.name, parsed.known) == (name, True)
