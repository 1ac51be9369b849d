"""The pantry drawn down line by line: several items covering one line, another ingredient's amount, odd units."""

from __future__ import annotations

from aichef.ingredients import IngredientBook, ParsedIngredient
from aichef.pantry import Pantry

BOOK = IngredientBook.from_csv(
    """\
name,name_ko,aliases,contains,density_g_per_ml,grams_per_piece,family,main
kimchi,김치,,fish,0.65,,,
rice,쌀,,,0.85,,rice,
cooked rice,밥,,,,,rice,
salt,소금,,,1.2,,,
""",
    "name,name_ko,aliases,parent\nrice,,,\n",
)


def pantry(*texts: str) -> Pantry:
    return Pantry(BOOK.parse_all(texts), BOOK)


def test_a_line_is_drawn_from_every_item_that_covers_it_in_order() -> None:
    kimchi = pantry("200 g kimchi", "100 g kimchi")

    assert kimchi.shortfall("kimchi", 200.5, "g") == 0.0  # 200 g from the first, the last 0.5 g from the second
    assert kimchi.shortfall("kimchi", 100, "g") == 0.5  # 99.5 g were left


def test_a_line_the_first_item_covers_leaves_the_next_untouched() -> None:
    kimchi = pantry("200 g kimchi", "100 g kimchi")

    assert kimchi.shortfall("kimchi", 150, "g") == 0.0
    assert kimchi.shortfall("kimchi", 200, "g") == 50.0  # 50 g of the first and the whole 100 g of the second


def test_the_amount_of_another_ingredient_says_nothing_so_nothing_is_bought() -> None:
    """200 g of raw rice covers the recipe's cooked rice, but not by weight: the cook has rice, buy none."""
    assert pantry("200 g rice").shortfall("cooked rice", 300, "g") == 0.0


def test_an_item_in_a_unit_the_table_does_not_know_counts_as_an_unknown_amount() -> None:
    odd = ParsedIngredient(text="1 smidgen salt", name="salt", known=True, quantity=1.0, unit="smidgen")

    assert Pantry([odd], BOOK).shortfall("salt", 5, "ml") == 0.0
