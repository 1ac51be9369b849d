"""Our parser on 213 English ingredient lines (the sample ingredient-parser-nlp was compared on; see the README's
"Engines and data"): name, quantity and unit accuracy, each measured as a figure."""

from __future__ import annotations

import csv
from pathlib import Path

from aichef.ingredients import bundled_book
from aichef.units import to_base

LINES = list(
    csv.DictReader(
        (Path(__file__).parents[1] / "fixtures" / "english_ingredient_lines.tsv").read_text("utf-8").splitlines(),
        delimiter="\t",
    )
)


def test_the_sample_has_at_least_200_lines() -> None:
    assert len(LINES) == 213


def test_names_quantities_and_units_are_read_right_for_nearly_every_line() -> None:
    book = bundled_book()
    names = quantities = units = 0
    for row in LINES:
        parsed = book.parse(row["line"])
        expected = float(row["quantity"]) if row["quantity"] else None
        names += parsed.name == row["name"]
        quantities += parsed.quantity == expected
        wanted = to_base(expected, row["unit"]) if expected is not None else None
        units += parsed.base == wanted

    # miss: "1 inch ginger" reads 1 inch (a length, which has no base unit); the set says no amount
    assert (names, quantities, units) == (213, 212, 213)
