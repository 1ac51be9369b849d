"""How a shop sells what a recipe needs: whole packs, what they hold, what is left over; exact figures."""

from __future__ import annotations

import pytest

from aichef.shopping import Purchase, SoldAs, parse_sold_as, purchase
from aichef.units import Conversion


@pytest.mark.parametrize(
    ("cell", "sold_as"),
    [
        ("10 ea head|통", SoldAs(10.0, "ea", "head", "통")),
        ("500 g bag|봉지", SoldAs(500.0, "g", "bag", "봉지")),
        ("1 ea |마리", SoldAs(1.0, "ea", "", "마리")),
        ("0.5 ml drop|방울", SoldAs(0.5, "ml", "drop", "방울")),
        ("", None),
        ("  ", None),
    ],
)
def test_sold_as_reads_amount_unit_and_both_names(cell: str, sold_as: SoldAs | None) -> None:
    assert parse_sold_as(cell) == sold_as


@pytest.mark.parametrize("cell", ["10 head|통", "ten ea head|통", "10 ea head", "0 ea head|통", "10 lb bag|봉지"])
def test_a_sold_as_off_the_format_is_refused_naming_it(cell: str) -> None:
    with pytest.raises(ValueError, match="is not '<amount> <g|ml|ea> <english>|<korean>'"):
        parse_sold_as(cell)


def test_three_cloves_are_one_head_of_ten_with_seven_left() -> None:
    assert purchase(3, "ea", SoldAs(10, "ea", "head", "통"), Conversion(grams_per_piece=5)) == Purchase(
        packs=1, quantity=10.0, pack_total=10.0, leftover=7.0, unit="ea"
    )


def test_a_need_over_one_pack_buys_two_and_a_pack_in_grams_is_said_in_grams() -> None:
    gochugaru = Conversion(density_g_per_ml=0.45)

    assert purchase(5, "ml", SoldAs(500, "g", "bag", "봉지"), gochugaru) == Purchase(
        packs=1, quantity=1111.11, pack_total=500.0, leftover=497.75, unit="g"
    )
    assert purchase(12, "ea", SoldAs(10, "ea", "pack of 10", "10구"), Conversion(grams_per_piece=50)) == Purchase(
        packs=2, quantity=20.0, pack_total=20.0, leftover=8.0, unit="ea"
    )


def test_nothing_needed_loose_or_unconvertible_is_no_purchase() -> None:
    head = SoldAs(10, "ea", "head", "통")

    assert purchase(0, "ea", head, Conversion(grams_per_piece=5)) is None
    assert purchase(3, "ea", None, Conversion(grams_per_piece=5)) is None
    assert purchase(15, "ml", head, Conversion()) is None  # no density or piece weight bridges ml and ea
