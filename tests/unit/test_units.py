"""Units: every quantity becomes g, ml or ea; mass, volume and pieces meet only through known physical data."""

from __future__ import annotations

import pytest

from aichef.units import PRICE_UNITS, Conversion, UnknownUnit, canonical_unit, is_counter, to_base, unit_words


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
        (1, "컵", (200.0, "ml")),  # the Korean measuring cup
        (1, "cup", (240.0, "ml")),
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


@pytest.mark.parametrize("unit", ["smidgen", "glug", "dozen", "bowlful", ""])
def test_to_base_reports_an_unknown_unit_instead_of_guessing(unit: str) -> None:
    with pytest.raises(UnknownUnit) as caught:
        to_base(1, unit)

    assert str(caught.value) == f"unknown unit {unit!r}"
    assert isinstance(caught.value, ValueError)


# The whole unit table, canonical unit by canonical unit: one of each in its base unit (mutmut does not mutate
# module-level tables, so the table is pinned here).
SIZES: dict[str, tuple[float, str]] = {
    "g": (1.0, "g"), "kg": (1000.0, "g"), "mg": (0.001, "g"), "lb": (453.592, "g"), "oz": (28.3495, "g"),
    "근": (600.0, "g"), "ml": (1.0, "ml"), "l": (1000.0, "ml"), "tsp": (5.0, "ml"), "tbsp": (15.0, "ml"),
    "cup": (240.0, "ml"), "fl oz": (29.5735, "ml"), "pint": (473.176, "ml"), "quart": (946.353, "ml"),
    "gallon": (3785.41, "ml"), "큰술": (15.0, "ml"), "작은술": (5.0, "ml"), "컵": (200.0, "ml"),
    "종이컵": (180.0, "ml"), "국자": (80.0, "ml"), "되": (1800.0, "ml"), "jigger": (44.36, "ml"),
    "pinch": (0.3125, "ml"), "꼬집": (0.3125, "ml"),
    "dash": (0.625, "ml"), "drop": (0.05, "ml"), "방울": (0.05, "ml"), "handful": (30.0, "g"), "줌": (30.0, "g"),
    "knob": (15.0, "g"), "can": (400.0, "g"), "캔": (400.0, "g"), "envelope": (7.0, "g"), "공기": (210.0, "g"),
    "손": (2.0, "ea"), "판": (30.0, "ea"), "ea": (1.0, "ea"),
    **dict.fromkeys(
        (
            *("piece", "clove", "slice", "stick", "bunch", "head", "stalk", "sprig", "fillet", "block", "cube"),
            *("pack", "package", "packet", "jar", "bottle", "bag", "leaf", "sheet", "ear", "rib", "stem", "pod"),
            *("container", "carton", "box", "loaf", "wedge", "strip", "scoop", "bulb", "tub", "link", "bar", "tube"),
            *("sleeve", "cob", "mug", "glass", "shot", "part"),
            *("개", "알", "쪽", "톨", "모", "포기", "단", "통", "줄기", "대", "뿌리", "줄", "장", "잎", "마리", "봉지"),
            *("봉", "팩", "병", "덩이", "덩어리", "송이", "조각", "토막", "인분", "그릇", "묶음", "자루", "망"),
            *("점", "구"),
        ),
        (1.0, "ea"),
    ),
}  # fmt: skip


def test_unit_words_are_the_canonical_units_their_spellings_and_two_lengths() -> None:
    canonical = {canonical_unit(word) for word in unit_words()}

    assert canonical == {*SIZES, "inch", "cm"}
    assert len(SIZES) == 109
    assert len(unit_words()) == 272


@pytest.mark.parametrize(("unit", "expected"), SIZES.items())
def test_every_canonical_unit_has_its_exact_size_and_base_unit(unit: str, expected: tuple[float, str]) -> None:
    assert to_base(1, unit) == expected
    assert to_base(2, unit) == (2 * expected[0], expected[1])
    assert canonical_unit(unit) == unit


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("Tablespoons.", "tbsp"), ("T", "tbsp"), ("Ts", "tbsp"), ("t", "tsp"), ("ts", "tsp"), ("C", "cup"),
        ("c", "cup"), ("Cups", "cup"), ("숟가락", "큰술"), ("밥숟가락", "큰술"), ("스푼", "큰술"), ("티스푼", "작은술"),
        ("fl. oz", "fl oz"), ("qt", "quart"), ("pkg", "pack"), ("leaves", "leaf"), ("cloves", "clove"),
        ("inches", "inch"), ("센티", "cm"), ("주먹", "handful"), ("tins", "can"), ("킬로그램", "kg"), ("grm", "g"),
        ("smidgen", None), ("dozen", None), ("whole", None), ("tt", None),
        ("T.", "tbsp"), ("TX", None), ("CX.", None),  # only trailing full stops are dropped, never a letter
    ],
)  # fmt: skip
def test_each_spelling_has_one_canonical_unit_and_case_matters_only_for_t_and_c(
    written: str, canonical: str | None
) -> None:
    assert canonical_unit(written) == canonical


@pytest.mark.parametrize("length", ["inch", "cm", "센티"])
def test_a_length_is_a_unit_the_parser_reads_but_no_price_list_weighs(length: str) -> None:
    with pytest.raises(UnknownUnit, match=f"{length!r} is a length, which no price list weighs"):
        to_base(1, length)


def test_counters_count_pieces() -> None:
    assert [unit for unit in ("clove", "포기", "ea", "g", "cup", "can") if is_counter(unit)] == ["clove", "포기", "ea"]


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
