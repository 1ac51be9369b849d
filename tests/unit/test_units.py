"""Units: every quantity becomes g, ml or ea; mass, volume and pieces meet only through known physical data."""

from __future__ import annotations

import pytest

from aichef.units import PRICE_UNITS, Conversion, UnknownUnit, to_base, unit_words


@pytest.mark.parametrize(
    ("quantity", "unit", "expected"),
    [
        (300, "g", (300.0, "g")),
        (300, "grams", (300.0, "g")),
        (2, "kg", (2000.0, "g")),
        (1.5, "kilogram", (1500.0, "g")),
        (1, "킬로", (1000.0, "g")),
        (250, "ml", (250.0, "ml")),
        (20, "cc", (20.0, "ml")),
        (1.5, "l", (1500.0, "ml")),
        (2, "litres", (2000.0, "ml")),
        (1, "리터", (1000.0, "ml")),
        (2, "tbsp", (30.0, "ml")),
        (1, "tablespoon", (15.0, "ml")),
        (3, "큰술", (45.0, "ml")),
        (3, "tsp", (15.0, "ml")),
        (1, "작은술", (5.0, "ml")),
        (0.5, "cup", (120.0, "ml")),
        (2, "cups", (480.0, "ml")),
        (1, "컵", (240.0, "ml")),
        (4, "ea", (4.0, "ea")),
        (2, "piece", (2.0, "ea")),
        (3, "cloves", (3.0, "ea")),
        (3, "개", (3.0, "ea")),
        (1, "모", (1.0, "ea")),
    ],
)
def test_to_base_expresses_each_unit_in_g_ml_or_ea(quantity: float, unit: str, expected: tuple[float, str]) -> None:
    assert to_base(quantity, unit) == expected


def test_to_base_ignores_case_and_surrounding_spaces() -> None:
    assert to_base(2, " TBSP ") == (30.0, "ml")
    assert to_base(1, "Kg") == (1000.0, "g")


@pytest.mark.parametrize("unit", ["smidgen", "glug", "dozen", "shot", ""])
def test_to_base_reports_an_unknown_unit_instead_of_guessing(unit: str) -> None:
    with pytest.raises(UnknownUnit) as caught:
        to_base(1, unit)

    assert str(caught.value) == f"unknown unit {unit!r}"
    assert isinstance(caught.value, ValueError)


# The whole unit table, word by word: one unit of each, in its base unit (mutmut does not mutate module-level tables).
UNIT_TABLE: dict[str, tuple[float, str]] = {
    **dict.fromkeys(("g", "gram", "grams", "gr", "그램"), (1.0, "g")),
    **dict.fromkeys(("kg", "kilogram", "kilograms", "킬로"), (1000.0, "g")),
    **dict.fromkeys(("ml", "millilitre", "milliliter", "millilitres", "milliliters", "cc"), (1.0, "ml")),
    **dict.fromkeys(("l", "litre", "liter", "litres", "liters", "리터"), (1000.0, "ml")),
    **dict.fromkeys(("tbsp", "tablespoon", "tablespoons", "큰술"), (15.0, "ml")),
    **dict.fromkeys(("tsp", "teaspoon", "teaspoons", "작은술"), (5.0, "ml")),
    **dict.fromkeys(("cup", "cups", "컵"), (240.0, "ml")),
    **dict.fromkeys(
        ("ea", "piece", "pieces", "pc", "pcs", "clove", "cloves", "whole", "개", "알", "쪽", "모"), (1.0, "ea")
    ),
    **dict.fromkeys(("lb", "lbs", "pound", "pounds"), (453.592, "g")),
    **dict.fromkeys(("oz", "ounce", "ounces"), (28.3495, "g")),
    **dict.fromkeys(("pinch", "pinches", "꼬집"), (0.3125, "ml")),
    **dict.fromkeys(("dash", "dashes"), (0.625, "ml")),
    **dict.fromkeys(("handful", "handfuls", "줌"), (30.0, "g")),
    **dict.fromkeys(("knob", "knobs"), (15.0, "g")),
    **dict.fromkeys(("can", "cans", "tin", "tins", "캔"), (400.0, "g")),
    "공기": (210.0, "g"),
    **dict.fromkeys(
        (
            *("bunch", "bunches", "head", "heads", "stalk", "stalks", "sprig", "sprigs", "slice", "slices"),
            *("fillet", "fillets", "block", "blocks", "cube", "cubes", "pack", "packs", "package", "packages"),
            *("packet", "packets", "jar", "jars", "bottle", "bottles", "bag", "bags", "leaf", "leaves", "sheet"),
            *("sheets", "포기", "단", "통", "줄기", "장", "마리", "봉지", "팩", "덩이", "송이"),
        ),
        (1.0, "ea"),
    ),
}


def test_unit_words_are_exactly_the_table_words() -> None:
    assert unit_words() == frozenset(UNIT_TABLE)
    assert len(unit_words()) == 109


@pytest.mark.parametrize(("unit", "expected"), UNIT_TABLE.items())
def test_every_unit_word_has_its_exact_factor_and_base_unit(unit: str, expected: tuple[float, str]) -> None:
    assert to_base(1, unit) == expected
    assert to_base(2, unit) == (2 * expected[0], expected[1])


def test_price_units_are_kg_l_and_ea() -> None:
    assert PRICE_UNITS == {"kg": ("g", 1000.0), "l": ("ml", 1000.0), "ea": ("ea", 1.0)}


def test_convert_within_one_unit_needs_no_data() -> None:
    assert Conversion().convert(42.0, "ml", "ml") == 42.0
    assert Conversion().convert(3.0, "ea", "ea") == 3.0


def test_convert_ml_to_g_uses_the_density() -> None:
    sugar = Conversion(density_g_per_ml=0.85)

    assert sugar.convert(15.0, "ml", "g") == pytest.approx(12.75)


def test_convert_g_to_ml_divides_by_the_density() -> None:
    soy_sauce = Conversion(density_g_per_ml=1.2)

    assert soy_sauce.convert(60.0, "g", "ml") == pytest.approx(50.0)


def test_convert_g_to_ea_uses_the_piece_weight() -> None:
    egg = Conversion(grams_per_piece=50.0)

    assert egg.convert(150.0, "g", "ea") == pytest.approx(3.0)
    assert egg.convert(2.0, "ea", "g") == pytest.approx(100.0)


def test_convert_ea_to_ml_goes_through_piece_weight_and_density() -> None:
    lemon = Conversion(density_g_per_ml=1.2, grams_per_piece=60.0)

    assert lemon.convert(2.0, "ea", "ml") == pytest.approx(100.0)
    assert lemon.convert(100.0, "ml", "ea") == pytest.approx(2.0)


@pytest.mark.parametrize(
    ("conversion", "source", "target"),
    [
        (Conversion(), "ml", "g"),
        (Conversion(), "g", "ml"),
        (Conversion(grams_per_piece=50.0), "ml", "g"),
        (Conversion(density_g_per_ml=1.0), "g", "ea"),
        (Conversion(density_g_per_ml=1.0), "ea", "g"),
        (Conversion(grams_per_piece=60.0), "ea", "ml"),
        (Conversion(density_g_per_ml=1.2), "ea", "ml"),
        (Conversion(grams_per_piece=60.0), "ml", "ea"),
    ],
)
def test_convert_returns_none_when_the_data_cannot_bridge_the_units(
    conversion: Conversion, source: str, target: str
) -> None:
    assert conversion.convert(10.0, source, target) is None  # type: ignore[arg-type]
