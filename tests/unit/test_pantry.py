"""The pantry drawn down line by line: several items covering one line, another ingredient's amount, odd units."""

from __future__ import annotations

import pytest

from aichef.contracts import parse_request
from aichef.ingredients import IngredientBook, ParsedIngredient, bundled_book
from aichef.pantry import CLOSE_ENOUGH, CLOSE_ENOUGH_PRODUCE, Pantry, close_enough, pantry_names

BOOK = IngredientBook.from_csv(
    """\
name,name_ko,aliases,contains,density_g_per_ml,grams_per_piece,family,main
kimchi,김치,,fish,0.65,,,
rice,쌀,,,0.85,,rice,
cooked rice,밥,,,,,rice,
salt,소금,,,1.2,,,
whole chicken,통닭,,poultry,,1200,,yes
""",
    "name,name_ko,aliases,parent\nrice,,,\n",
)


def pantry(*texts: str) -> Pantry:
    return Pantry(BOOK.parse_all(texts), BOOK)


def test_a_line_is_drawn_from_every_item_that_covers_it_in_order() -> None:
    kimchi = pantry("200 g kimchi", "100 g kimchi")

    assert kimchi.shortfall("kimchi", 200.5, "g") == 0.0  # 200 g from the first, the last 0.5 g from the second
    assert kimchi.shortfall("kimchi", 400, "g") == 300.5  # 99.5 g were left


def test_a_line_the_first_item_covers_leaves_the_next_untouched() -> None:
    kimchi = pantry("200 g kimchi", "100 g kimchi")

    assert kimchi.shortfall("kimchi", 150, "g") == 0.0
    assert kimchi.shortfall("kimchi", 250, "g") == 100.0  # 50 g of the first and the whole 100 g of the second


def test_two_thirds_on_hand_is_close_enough_and_nothing_is_bought() -> None:
    """No cook buys 150 g of kimchi to top up 300 g: at CLOSE_ENOUGH of a line, the dish makes do."""
    kimchi = pantry("300 g kimchi")

    assert CLOSE_ENOUGH == 2 / 3
    assert kimchi.shortfall("kimchi", 450, "g") == 0.0  # 300 g of 450 g: two thirds
    assert kimchi.made_do == {"kimchi": pytest.approx(2 / 3)}
    assert pantry("300 g kimchi").shortfall("kimchi", 451, "g") == 151.0  # 66.5 %: buy the rest
    assert pantry("200 g kimchi").shortfall("kimchi", 200, "g") == 0.0 and pantry("200 g kimchi").made_do == {}


ROLES = IngredientBook.from_csv(
    """\
name,name_ko,aliases,contains,density_g_per_ml,grams_per_piece,family,main,role,perishable
carrot,당근,,,,120,,,produce,
shrimp,새우,,shellfish,,,,yes,protein,yes
""",
)


def test_half_a_vegetable_line_on_hand_is_close_enough_but_not_half_the_protein() -> None:
    """japchae for 8 from a recipe for 4 asks for 2 carrots: the cook's one carrot makes the same dish, a little
    lighter; half the shrimp of a shrimp dish is half the dish, so the rest is bought."""
    stock = Pantry(ROLES.parse_all(["1 carrot", "200 g shrimp"]), ROLES)

    assert (CLOSE_ENOUGH_PRODUCE, close_enough(ROLES, "carrot"), close_enough(ROLES, "shrimp")) == (0.5, 0.5, 2 / 3)
    assert stock.shortfall("carrot", 240, "g") == 0.0  # 120 g of 240 g: half
    assert stock.made_do == {"carrot": pytest.approx(0.5)}
    assert stock.shortfall("shrimp", 400, "g") == 200.0  # half: buy the rest
    assert Pantry(ROLES.parse_all(["1 carrot"]), ROLES).shortfall("carrot", 241, "g") == 121.0  # under half


def test_what_a_cook_makes_do_with_stays_in_the_unit_they_gave() -> None:
    """1 kg of chicken for a 1.2 kg bird is 5/6 of the line: close enough, and the note can say "1 kg" again."""
    chicken = pantry("1 kg whole chicken")

    assert chicken.shortfall("whole chicken", 1, "ea") == 0.0
    assert chicken.made_do == {"whole chicken": pytest.approx(1000 / 1200)}
    assert chicken.made_do_with == {"whole chicken": (1000.0, "g")}


def test_the_amount_of_another_ingredient_says_nothing_so_nothing_is_bought() -> None:
    """200 g of raw rice covers the recipe's cooked rice, but not by weight: the cook has rice, buy none."""
    assert pantry("200 g rice").shortfall("cooked rice", 300, "g") == 0.0


def test_an_item_in_a_unit_the_table_does_not_know_counts_as_an_unknown_amount() -> None:
    odd = ParsedIngredient(text="1 smidgen salt", name="salt", known=True, quantity=1.0, unit="smidgen")

    assert Pantry([odd], BOOK).shortfall("salt", 5, "ml") == 0.0


def test_the_answer_says_to_use_all_of_what_is_nearly_enough_in_the_cooks_language() -> None:
    from aichef.contracts import RecipeIngredient
    from aichef.ingredients import bundled_book
    from aichef.recipe_lines import making_do_notes

    book = bundled_book()
    lines = [
        RecipeIngredient(name="shrimp", quantity=600, unit="g"),
        RecipeIngredient(name="egg", quantity=4, unit="ea"),
    ]

    english = making_do_notes(lines, book.parse_all(["shrimp 1 lb", "2 eggs"]), book, [], "en")
    korean = making_do_notes(lines, book.parse_all(["새우 450g", "계란 3개"]), book, [], "ko")

    assert english == ["Use all of your 454 g shrimp: the dish asks for 600 g shrimp, and that is close enough."]
    assert korean == [
        "새우 450g을 모두 쓴다: 이 요리에는 새우 600g이 필요하지만 그만하면 충분하다.",
        "달걀 3개를 모두 쓴다: 이 요리에는 달걀 4개가 필요하지만 그만하면 충분하다.",
    ]


def test_the_default_pantrys_cooking_oil_is_any_oil_a_cook_fries_in_not_a_flavouring_oil() -> None:
    book = bundled_book()
    staples = pantry_names(parse_request({"ingredients": ["egg"]}), book)
    assert staples == ["salt", "black pepper", "water", "cooking oil", "sugar"]
    assert book.members("cooking oil") == {"vegetable oil", "olive oil"}
    at_home = Pantry([], book, staples)
    assert (at_home.shortfall("olive oil", 30.0, "ml"), at_home.shortfall("vegetable oil", 15.0, "ml")) == (0.0, 0.0)
    assert at_home.shortfall("sesame oil", 5.0, "ml") == 5.0  # a flavouring, bought
    # a pantry the request names is taken at its word: vegetable oil alone does not cover olive oil
    assert Pantry([], book, ["vegetable oil"]).shortfall("olive oil", 30.0, "ml") == 30.0
