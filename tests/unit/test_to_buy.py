"""What must be bought: lines nothing on hand covers, the shortfall of covered lines whose amount was given."""

from __future__ import annotations

import pytest

from aichef.combine import combine, price_recipe
from aichef.contracts import Currency, Quote, Recipe, WorkflowRequest
from aichef.ingredients import IngredientBook

BOOK = IngredientBook.from_csv(
    """\
name,name_ko,aliases,contains,density_g_per_ml,grams_per_piece,family,main
kimchi,김치,,fish,0.65,,,
egg,달걀,계란,egg,,50,egg,yes
rice,쌀,,,0.85,,rice,
chicken thigh,닭다리살,,poultry,,,chicken,yes
chicken wing,닭날개,,poultry,,40,chicken,yes
soy sauce,간장,,gluten,1.2,,,
onion,양파,,,,200,,
cooked rice,밥,,,,,rice,
""",
    """\
name,name_ko,aliases,parent
chicken,닭고기,닭,
rice,,,
egg,,,
""",
)
PRICES = {
    "kimchi": (12000, 10.0, "kg"),
    "egg": (350, 0.3, "ea"),
    "chicken thigh": (11000, 9.0, "kg"),
    "chicken wing": (9000, 7.5, "kg"),
    "soy sauce": (6000, 5.0, "l"),
    "onion": (3000, 2.5, "kg"),
    "cooked rice": (4000, 3.33, "kg"),
}


def quotes(currency: Currency) -> dict[str, Quote | None]:
    index = 0 if currency == "KRW" else 1
    return {
        name: Quote(
            name=name,
            price=row[index],
            per=row[2],
            currency=currency,
            source="catalog",  # type: ignore[arg-type]
            as_of="2026-11-01",
        )
        for name, row in PRICES.items()
    }


def dish(*lines: tuple[str, float, str]) -> Recipe:
    return Recipe(
        title="Dish",
        cuisine="korean",
        servings=2,
        total_minutes=20,
        diet=[],
        steps=["Cook."],
        ingredients=[{"name": name, "quantity": quantity, "unit": unit} for name, quantity, unit in lines],
    )


def buy(
    on_hand: list[str], *lines: tuple[str, float, str], currency: Currency = "KRW"
) -> list[tuple[str, float, float]]:
    pricing, _ = price_recipe(dish(*lines), quotes(currency), currency, BOOK, BOOK.parse_all(on_hand))
    return [(line.name, line.quantity, line.cost) for line in pricing.to_buy]


def test_a_shortfall_is_bought_when_the_amount_on_hand_is_given() -> None:
    assert buy(["김치 200g"], ("kimchi", 450, "g")) == [("kimchi", 250.0, 3000)]


@pytest.mark.parametrize("on_hand", [["kimchi 600g"], ["kimchi"], ["some kimchi"], ["김치 약간"], ["김치 한 포기"]])
def test_nothing_is_bought_when_enough_or_an_unknown_amount_is_on_hand(on_hand: list[str]) -> None:
    assert buy(on_hand, ("kimchi", 450, "g")) == []  # a 포기 of kimchi has no piece weight: amount unknown


def test_a_line_nothing_covers_is_bought_whole() -> None:
    assert buy(["egg"], ("egg", 2, "ea"), ("onion", 1, "ea"), ("soy sauce", 2, "tbsp")) == [
        ("onion", 1.0, 600),
        ("soy sauce", 30.0, 180),
    ]


def test_an_amount_on_hand_meets_the_line_through_density_and_piece_weight() -> None:
    assert buy(["1 cup kimchi"], ("kimchi", 450, "g")) == [("kimchi", 294.0, 3528)]  # 240 ml * 0.65 = 156 g
    assert buy(["계란 두 개"], ("egg", 100, "g")) == []  # 2 * 50 g
    assert buy(["계란 한 개"], ("egg", 3, "ea")) == [("egg", 2.0, 700)]


def test_a_family_amount_on_hand_is_drawn_down_across_its_members() -> None:
    bought = buy(["닭고기 500g"], ("chicken thigh", 400, "g"), ("chicken wing", 6, "ea"))

    assert bought == [("chicken wing", 3.5, 1260)]  # 100 g left is 2.5 of the 6 wings (40 g each)


def test_an_amount_of_another_ingredient_that_covers_the_line_counts_as_unknown() -> None:
    assert buy(["2 cups rice"], ("cooked rice", 400, "g")) == []  # raw rice is not weighed as cooked rice


def test_a_shortfall_of_pieces_is_bought_in_halves() -> None:
    assert buy(["닭고기 225g"], ("chicken wing", 6, "ea")) == []  # 0.375 wings short: 94 % is close enough
    assert buy(["닭고기 225g"], ("chicken wing", 8, "ea")) == []  # 2.375 short: 70 % on hand is still close enough
    assert buy(["닭고기 225g"], ("chicken wing", 10, "ea")) == [("chicken wing", 4.5, 1620)]  # 4.375 short (56 %)
    assert buy(["계란 1개"], ("egg", 1.5, "ea")) == []  # two thirds of the line
    assert buy(["계란 1개"], ("egg", 2.5, "ea")) == [("egg", 1.5, 525)]


def test_the_same_ingredient_twice_uses_the_amount_on_hand_once() -> None:
    assert buy(["kimchi 300g"], ("kimchi", 200, "g"), ("kimchi", 200, "g")) == [("kimchi", 100.0, 1200)]


def test_to_buy_total_is_the_sum_of_the_rounded_costs_in_each_currency() -> None:
    lines = (("kimchi", 450, "g"), ("egg", 3, "ea"), ("onion", 1, "ea"), ("soy sauce", 1, "tbsp"))
    krw, _ = price_recipe(dish(*lines), quotes("KRW"), "KRW", BOOK, BOOK.parse_all(["kimchi 200g", "egg"]))
    usd, _ = price_recipe(dish(*lines), quotes("USD"), "USD", BOOK, BOOK.parse_all(["kimchi 200g", "egg"]))

    assert [line.cost for line in krw.to_buy] == [3000, 600, 90]
    assert krw.to_buy_total == 3690
    assert (krw.total, type(krw.to_buy_total)) == (7140, int)
    assert [line.cost for line in usd.to_buy] == [2.5, 0.5, 0.08]  # 0.075 rounds half up
    assert usd.to_buy_total == 3.08


def test_combine_lists_unrecognized_strings_verbatim_and_empty_when_all_are_understood() -> None:
    recipe = dish(("kimchi", 450, "g"))
    mixed = WorkflowRequest(ingredients=["김치 200g", "Blorptangle 2개", "xyzzy"])
    clean = WorkflowRequest(ingredients=["김치 200g", "eggs"])

    assert combine("r", mixed, recipe, quotes("KRW"), BOOK).output.unrecognized == ["Blorptangle 2개", "xyzzy"]
    assert combine("r", clean, recipe, quotes("KRW"), BOOK).output.unrecognized == []
    assert combine("r", mixed, recipe, quotes("KRW"), BOOK).output.pricing.to_buy_total == 3000
