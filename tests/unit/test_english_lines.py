"""Our parser on 213 English ingredient lines (the sample ingredient-parser-nlp was compared on; see docs/data.md,
"Measured on lines nobody here wrote"): name, quantity and unit accuracy, each measured as a figure."""

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
        wanted = to_base(1, row["unit"] or "ea")[1] if expected is not None else None
        units += (parsed.base[1] if parsed.base else None) == wanted  # the base unit: g, ml or ea

    # quantity miss: "1 inch ginger" reads 1 inch (a length); the set says no amount. Base-unit misses, both better
    # than the set: "1 can coconut milk" is a can of 400 ml and "1 bunch parsley" a bunch of 50 g (their sold_as)
    assert (names, quantities, units) == (213, 212, 211)
