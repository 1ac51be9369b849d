"""A diet word before a food (name_rules.FREE_FROM): never dropped before a food it contradicts, so a line never
names what it avoids; the book's own product when it has one, else not understood (issue 19)."""

from __future__ import annotations

import pytest

from aichef.ingredients import DIET_EXCLUDES, bundled_book
from aichef.name_rules import FREE_FROM

BOOK = bundled_book()


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("3 tablespoons vegetarian fish sauce", "vegan fish sauce"),  # was fish sauce: flagged fish
        ("vegan mayonnaise", "vegan mayonnaise"),  # was mayonnaise: flagged egg
        ("1 cup unsweetened non-dairy milk", "plant milk"),  # was milk
        ("dairy-free cheese", "vegan cheese"),  # was the cheese family
        ("비건 마요네즈", "vegan mayonnaise"),
        ("1 c Bob's Red Mill Gluten-Free All-Purpose Baking Flour", "gluten-free flour"),  # was all-purpose flour
        ("100 g vegetarian feta, crumbled", "feta"),  # no meat in feta: the word contradicts nothing
        ("16 fluid ounces non-dairy creamer", "coffee creamer"),  # the book's creamer holds no dairy
    ],
)
def test_a_diet_word_names_its_own_product_or_a_food_it_does_not_contradict(text: str, name: str) -> None:
    assert BOOK.parse(text).name == name


@pytest.mark.parametrize("text", ["vegan chicken broth", "vegan chocolate chips", "eggless custard"])
def test_without_a_product_of_its_own_the_line_is_not_understood_rather_than_what_it_avoids(text: str) -> None:
    parsed = BOOK.parse(text)

    assert (parsed.known, parsed.name) == (False, text)


def test_each_diet_word_promises_no_more_than_its_diet_rules_out() -> None:
    assert FREE_FROM["vegan"] == DIET_EXCLUDES["vegan"] == FREE_FROM["plant-based"] == FREE_FROM["비건"]
    assert FREE_FROM["vegetarian"] == DIET_EXCLUDES["vegetarian"] == FREE_FROM["meatless"]
    assert FREE_FROM["gluten-free"] == DIET_EXCLUDES["gluten-free"]
    assert FREE_FROM["dairy-free"] == FREE_FROM["non-dairy"] == DIET_EXCLUDES["dairy-free"]
    assert len(FREE_FROM) == 15


def test_a_free_from_product_carries_none_of_the_flags_its_word_rules_out() -> None:
    products = {"vegan mayonnaise": "vegan", "plant milk": "vegan", "vegan cheese": "vegan",
                "vegan fish sauce": "vegan", "vegetarian oyster sauce": "vegetarian",
                "vegetarian sausage": "vegetarian", "gluten-free pasta": "gluten-free",
                "gluten-free bread": "gluten-free"}  # fmt: skip
    assert {name: BOOK.flags(name) & DIET_EXCLUDES[diet] for name, diet in products.items()} == dict.fromkeys(
        products, frozenset()
    )
