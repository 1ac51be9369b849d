"""Combine: every recipe line costed in g / ml / ea, money rounded per currency, and the figures add up."""

from __future__ import annotations

from decimal import Decimal

import pytest

from aichef.combine import MONEY_STEP, CombineResult, combine, price_recipe, round_money
from aichef.contracts import Currency, PriceUnit, Quote, Recipe, RecipeLine, WorkflowRequest
from aichef.ingredients import IngredientBook

BOOK = IngredientBook.from_csv("""\
name,name_ko,aliases,contains,density_g_per_ml,grams_per_piece
egg,달걀,계란,egg,,50
pork belly,삼겹살,,meat,,
soy sauce,간장,,gluten,1.2,
sugar,설탕,,,0.85,
sesame oil,참기름,,,,
garlic,마늘,,,,5
lemon,레몬,,,,100
salt,소금,,,1.2,
""")


def recipe(*lines: tuple[str, float, str], servings: int = 2) -> Recipe:
    return Recipe(
        title="Test dish",
        cuisine="korean",
        servings=servings,
        total_minutes=20,
        diet=[],
        ingredients=[{"name": name, "quantity": quantity, "unit": unit} for name, quantity, unit in lines],
        steps=["Cook."],
    )


def quote(name: str, price: float, per: PriceUnit, currency: Currency = "KRW") -> Quote:
    return Quote(name=name, price=price, per=per, currency=currency, source="catalog", as_of="2025-06")


def test_price_recipe_costs_pieces_per_piece() -> None:
    pricing, pending = price_recipe(recipe(("egg", 4, "ea")), {"egg": quote("egg", 350, "ea")}, "KRW", BOOK)

    assert [line.model_dump() for line in pricing.lines] == [
        {
            "name": "egg",
            "quantity": 4.0,
            "unit": "ea",
            "unit_price": 350.0,
            "cost": 1400,
            "source": "catalog",
            "label": "egg",
        }
    ]
    assert (pricing.total, pricing.per_serving, pricing.unpriced, pending) == (1400, 700, [], [])


def test_price_recipe_costs_grams_against_a_price_per_kg() -> None:
    pricing, _ = price_recipe(
        recipe(("pork belly", 300, "g")), {"pork belly": quote("pork belly", 28000, "kg")}, "KRW", BOOK
    )

    line = pricing.lines[0]
    assert (line.quantity, line.unit, line.unit_price, line.cost) == (300.0, "g", 28.0, 8400)


def test_price_recipe_converts_spoons_to_ml_against_a_price_per_litre() -> None:
    pricing, _ = price_recipe(
        recipe(("soy sauce", 2, "tbsp")), {"soy sauce": quote("soy sauce", 7000, "l")}, "KRW", BOOK
    )

    line = pricing.lines[0]
    assert (line.quantity, line.unit, line.unit_price, line.cost) == (30.0, "ml", 7.0, 210)


def test_price_recipe_weighs_a_volume_through_the_density() -> None:
    # 1 tbsp = 15 ml; 15 ml x 0.85 g/ml = 12.75 g; 12.75 g at 2000 KRW/kg = 25.5 KRW, rounded half up to 26
    pricing, _ = price_recipe(recipe(("sugar", 1, "tbsp")), {"sugar": quote("sugar", 2000, "kg")}, "KRW", BOOK)

    line = pricing.lines[0]
    assert (line.quantity, line.unit, line.unit_price, line.cost) == (15.0, "ml", 1.7, 26)
    assert pricing.total == 26


def test_price_recipe_counts_pieces_by_weight_through_the_piece_weight() -> None:
    # 3 cloves x 5 g = 15 g at 12000 KRW/kg = 180 KRW
    pricing, _ = price_recipe(recipe(("garlic", 3, "ea")), {"garlic": quote("garlic", 12000, "kg")}, "KRW", BOOK)

    assert (pricing.lines[0].quantity, pricing.lines[0].unit, pricing.lines[0].cost) == (3.0, "ea", 180)


def test_price_recipe_reports_a_volume_priced_by_weight_without_density_as_unpriced() -> None:
    pricing, pending = price_recipe(
        recipe(("sesame oil", 1, "tbsp")), {"sesame oil": quote("sesame oil", 30000, "kg")}, "KRW", BOOK
    )

    assert pricing.lines == []
    assert [line.model_dump() for line in pricing.unpriced] == [
        {
            "name": "sesame oil",
            "quantity": 15.0,
            "unit": "ml",
            "reason": "priced per kg but the recipe uses ml and no density is known",
            "label": "sesame oil",
        }
    ]
    assert (pricing.total, pending) == (0, [])


def test_price_recipe_reports_a_weight_priced_per_piece_without_piece_weight_as_unpriced() -> None:
    pricing, _ = price_recipe(
        recipe(("pork belly", 300, "g")), {"pork belly": quote("pork belly", 9000, "ea")}, "KRW", BOOK
    )

    assert pricing.unpriced[0].reason == "priced per ea but the recipe uses g and no piece weight is known"


def test_price_recipe_names_the_missing_density_when_pieces_meet_a_price_per_litre() -> None:
    pricing, _ = price_recipe(recipe(("lemon", 1, "ea")), {"lemon": quote("lemon", 5000, "l")}, "KRW", BOOK)

    assert "density" in pricing.unpriced[0].reason


def test_price_recipe_reports_a_name_no_source_knows_as_unpriced_not_pending() -> None:
    pricing, pending = price_recipe(recipe(("salt", 1, "tsp")), {"salt": None}, "KRW", BOOK)

    assert [line.model_dump() for line in pricing.unpriced] == [
        {
            "name": "salt",
            "quantity": 5.0,
            "unit": "ml",
            "reason": "no price source knows this ingredient",
            "label": "salt",
        }
    ]
    assert pending == []


def test_price_recipe_lists_a_name_without_a_quote_as_pending_and_unpriced() -> None:
    pricing, pending = price_recipe(
        recipe(("egg", 2, "ea"), ("garlic", 2, "ea")), {"egg": quote("egg", 350, "ea")}, "KRW", BOOK
    )

    assert pending == ["garlic"]
    assert [(line.name, line.quantity, line.unit, line.reason) for line in pricing.unpriced] == [
        ("garlic", 2.0, "ea", "no quote was fetched")
    ]
    assert pricing.total == 700


def test_price_recipe_lists_pending_names_once_in_recipe_order_and_canonical() -> None:
    pricing, pending = price_recipe(
        recipe(("garlic", 2, "ea"), ("eggs", 2, "ea"), ("계란", 1, "ea"), ("garlic", 1, "ea"), ("salt", 1, "tsp")),
        {},
        "KRW",
        BOOK,
    )

    assert pending == ["garlic", "egg", "salt"]
    assert [line.name for line in pricing.unpriced] == ["garlic", "egg", "egg", "garlic", "salt"]


def test_price_recipe_prices_a_line_by_its_canonical_name() -> None:
    pricing, pending = price_recipe(recipe(("Eggs", 2, "ea")), {"egg": quote("egg", 350, "ea")}, "KRW", BOOK)

    assert [(line.name, line.cost) for line in pricing.lines] == [("egg", 700)]
    assert pending == []


def test_price_recipe_refuses_a_quote_in_another_currency() -> None:
    pricing, _ = price_recipe(recipe(("egg", 2, "ea")), {"egg": quote("egg", 0.25, "ea", "USD")}, "KRW", BOOK)

    assert pricing.lines == []
    assert pricing.unpriced[0].reason == "quote is in USD, not KRW"


def test_price_recipe_reports_an_unknown_unit_instead_of_guessing() -> None:
    odd = Recipe.model_construct(
        title="Salted egg",
        cuisine="korean",
        servings=1,
        total_minutes=5,
        diet=[],
        steps=["Salt."],
        ingredients=[
            RecipeLine.model_construct(name="salt", quantity=1, unit="smidgen"),
            RecipeLine(name="egg", quantity=1, unit="ea"),
        ],
    )

    pricing, pending = price_recipe(
        odd, {"salt": quote("salt", 2000, "kg"), "egg": quote("egg", 350, "ea")}, "KRW", BOOK
    )

    assert [line.model_dump() for line in pricing.unpriced] == [
        {"name": "salt", "quantity": 1.0, "unit": "smidgen", "reason": "unknown unit 'smidgen'", "label": "salt"}
    ]
    assert (pricing.total, pending) == (350, [])


def test_price_recipe_total_is_exactly_the_sum_of_the_line_costs_in_won() -> None:
    quotes = {
        "egg": quote("egg", 350, "ea"),
        "pork belly": quote("pork belly", 28000, "kg"),
        "soy sauce": quote("soy sauce", 7000, "l"),
        "sugar": quote("sugar", 2000, "kg"),
        "garlic": quote("garlic", 12000, "kg"),
    }
    pricing, _ = price_recipe(
        recipe(
            ("egg", 4, "ea"),
            ("pork belly", 300, "g"),
            ("soy sauce", 2, "tbsp"),
            ("sugar", 1, "tbsp"),
            ("garlic", 3, "ea"),
            servings=3,
        ),
        quotes,
        "KRW",
        BOOK,
    )

    assert [line.cost for line in pricing.lines] == [1400, 8400, 210, 26, 180]
    assert pricing.total == 10216 == sum(line.cost for line in pricing.lines)
    assert pricing.per_serving == 3405  # 10216 / 3 = 3405.33
    assert {type(pricing.total), type(pricing.per_serving)} | {type(line.cost) for line in pricing.lines} == {int}


def test_price_recipe_rounds_per_serving_half_up_in_won() -> None:
    pricing, _ = price_recipe(recipe(("egg", 3, "ea"), servings=2), {"egg": quote("egg", 467, "ea")}, "KRW", BOOK)

    assert (pricing.total, pricing.per_serving) == (1401, 701)  # 700.5 rounds up


def test_price_recipe_rounds_dollars_half_up_to_cents() -> None:
    pricing, _ = price_recipe(
        recipe(("egg", 1, "ea"), servings=2), {"egg": quote("egg", 0.125, "ea", "USD")}, "USD", BOOK
    )

    assert pricing.lines[0].cost == 0.13
    assert pricing.lines[0].unit_price == 0.125
    assert (pricing.total, pricing.per_serving) == (0.13, 0.07)  # 0.065 per serving rounds up
    assert isinstance(pricing.total, float)


def test_price_recipe_adds_dollar_costs_without_float_drift() -> None:
    pricing, _ = price_recipe(
        recipe(("egg", 1, "ea"), ("garlic", 1, "ea"), servings=1),
        {"egg": quote("egg", 0.1, "ea", "USD"), "garlic": quote("garlic", 0.2, "ea", "USD")},
        "USD",
        BOOK,
    )

    assert [line.cost for line in pricing.lines] == [0.1, 0.2]
    assert pricing.total == 0.3  # 0.1 + 0.2 in floats would be 0.30000000000000004
    assert Decimal(str(pricing.total)) == sum(Decimal(str(line.cost)) for line in pricing.lines)


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        ("0.125", "USD", "0.13"),
        ("0.124", "USD", "0.12"),
        ("2.005", "USD", "2.01"),
        ("25.5", "KRW", "26"),
        ("25.49", "KRW", "25"),
        ("700.5", "KRW", "701"),
    ],
)
def test_round_money_rounds_half_up_to_the_currency_step(amount: str, currency: Currency, expected: str) -> None:
    assert round_money(Decimal(amount), currency) == Decimal(expected)


def test_combine_wraps_the_pricing_and_pending_names_into_the_workflow_output() -> None:
    dish = recipe(("egg", 4, "ea"), ("garlic", 2, "ea"))

    request = WorkflowRequest(ingredients=["계란 2개", "xyzzy"])

    result = combine("req-1", request, dish, {"egg": quote("egg", 350, "ea")}, BOOK)

    assert isinstance(result, CombineResult)
    assert result.pending == ["garlic"]
    output = result.output.model_dump(mode="json")
    assert output["request_id"] == "req-1"
    assert output["unrecognized"] == ["xyzzy"]
    assert output["recipe"] == dish.model_dump(mode="json")
    assert output["pricing"] == {
        "currency": "KRW",
        "total": 1400,
        "per_serving": 700,
        "lines": [
            {
                "name": "egg",
                "quantity": 4.0,
                "unit": "ea",
                "unit_price": 350.0,
                "cost": 1400,
                "source": "catalog",
                "label": "달걀",  # one Korean item, one unknown word: a tie reads as Korean (aichef.language)
            }
        ],
        "unpriced": [
            {"name": "garlic", "quantity": 2.0, "unit": "ea", "reason": "가격을 아직 찾지 않았습니다", "label": "마늘"}
        ],
        "to_buy": [
            {
                **{"name": "egg", "quantity": 2.0, "unit": "ea", "unit_price": 350.0, "cost": 700},
                **{"source": "catalog", "label": "달걀", "pack": None},
            }
        ],
        "to_buy_total": 700,
        "optional": [],
    }


@pytest.mark.parametrize(
    ("first", "first_quote", "reason"),
    [
        (("salt", 1, "tsp"), None, "no price source knows this ingredient"),
        (("salt", 1, "tsp"), quote("salt", 1.5, "kg", "USD"), "quote is in USD, not KRW"),
        (
            ("sesame oil", 1, "tbsp"),
            quote("sesame oil", 30000, "kg"),
            "priced per kg but the recipe uses ml and no density is known",
        ),
    ],
)
def test_price_recipe_goes_on_pricing_the_lines_after_one_it_cannot_price(
    first: tuple[str, float, str], first_quote: Quote | None, reason: str
) -> None:
    """An unpriceable line skips only itself: the egg after it is still costed, and the garlic still pending."""
    quotes = {first[0]: first_quote, "egg": quote("egg", 350, "ea")}

    pricing, pending = price_recipe(recipe(first, ("egg", 2, "ea"), ("garlic", 3, "ea")), quotes, "KRW", BOOK)

    assert [(line.name, line.quantity, line.cost) for line in pricing.lines] == [("egg", 2.0, 700)]
    assert [(line.name, line.reason) for line in pricing.unpriced] == [
        (first[0], reason),
        ("garlic", "no quote was fetched"),
    ]
    assert (pricing.total, pricing.per_serving, pricing.to_buy_total, pending) == (700, 350, 700, ["garlic"])


def test_money_steps_are_whole_won_and_cents() -> None:
    assert {"KRW": Decimal("1"), "USD": Decimal("0.01")} == MONEY_STEP


def test_price_recipe_names_both_missing_data_when_neither_is_known() -> None:
    pricing, _ = price_recipe(
        recipe(("sesame oil", 1, "tbsp")), {"sesame oil": quote("sesame oil", 900, "ea")}, "KRW", BOOK
    )

    assert [line.reason for line in pricing.unpriced] == [
        "priced per ea but the recipe uses ml and no density or piece weight is known"
    ]


def test_price_recipe_shows_quantities_to_two_decimals_and_unit_prices_to_four() -> None:
    quotes = {"pork belly": quote("pork belly", 12.3456, "kg", "USD"), "salt": None}

    pricing, _ = price_recipe(recipe(("pork belly", 1234.5678, "g"), ("salt", 1.2345, "g")), quotes, "USD", BOOK)

    assert [line.model_dump() for line in pricing.lines] == [
        {
            "name": "pork belly",
            "quantity": 1234.57,
            "unit": "g",
            "unit_price": 0.0123,
            "cost": 15.24,
            "source": "catalog",
            "label": "pork belly",
        }
    ]
    assert [(line.quantity, line.unit) for line in pricing.unpriced] == [(1.23, "g")]


def test_price_recipe_buys_a_shortfall_to_two_decimals_and_costs_it_in_whole_won() -> None:
    on_hand = BOOK.parse_all(["58.766 g pork belly", "59.996 g sugar"])
    quotes = {"pork belly": quote("pork belly", 28000, "kg"), "sugar": quote("sugar", 2000, "kg")}

    pricing, _ = price_recipe(recipe(("pork belly", 100, "g"), ("sugar", 100, "g")), quotes, "KRW", BOOK, on_hand)

    assert [(line.name, line.quantity, line.cost) for line in pricing.to_buy] == [
        ("pork belly", 41.23, 1155),  # 41.234 g at 28 won/g: 1,154.55 won, half up to the whole won
        ("sugar", 40.0, 80),  # 40.004 g
    ]
    assert type(pricing.to_buy[0].cost) is int
    assert pricing.to_buy_total == 1235


@pytest.mark.parametrize(
    ("first", "first_quote", "reason"),
    [
        (("salt", 1, "tsp"), None, "가격을 아는 곳이 없습니다"),
        (("salt", 1, "tsp"), quote("salt", 1.5, "kg", "USD"), "가격이 KRW가 아닌 USD로만 있습니다"),
        (
            ("sesame oil", 1, "tbsp"),
            quote("sesame oil", 30000, "kg"),
            "가격은 kg 단위인데 레시피는 ml 단위이고, 밀도를 모릅니다",
        ),
    ],
)
def test_a_korean_answer_says_why_a_line_has_no_price_in_korean(
    first: tuple[str, float, str], first_quote: Quote | None, reason: str
) -> None:
    quotes = {first[0]: first_quote, "egg": quote("egg", 350, "ea")}

    pricing, _ = price_recipe(recipe(first, ("egg", 2, "ea"), ("garlic", 3, "ea")), quotes, "KRW", BOOK, language="ko")

    assert [(line.name, line.reason) for line in pricing.unpriced] == [
        (first[0], reason),
        ("garlic", "가격을 아직 찾지 않았습니다"),
    ]
