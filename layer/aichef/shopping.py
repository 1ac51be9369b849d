"""How a shop sells what a recipe needs: whole fish, heads of garlic, bunches, packs, bottles (`sold_as` in
ingredients.csv). Buying `needed` of an ingredient sold in packs means whole packs, with the leftover said. Pure."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

from aichef import patterns
from aichef.units import BaseUnit, Conversion

_SOLD_AS = patterns.compile(r"^(?P<quantity>\d+(?:\.\d+)?) (?P<unit>g|ml|ea) (?P<english>[^|]*)\|(?P<korean>.*)$")


@dataclass(frozen=True)
class SoldAs:
    """One pack as a shop sells it: its size in a base unit and what it is called (`10 ea head|통` for garlic)."""

    quantity: float
    unit: BaseUnit
    english: str
    korean: str


@dataclass(frozen=True)
class Purchase:
    """What to buy for a need: whole packs, what they hold in the need's unit (for the price), and the packs' total
    and the leftover in the pack's own unit (what the shopper reads: "1 bag of 500 g, 495 g left")."""

    packs: int
    quantity: float
    pack_total: float
    leftover: float
    unit: BaseUnit


@cache  # the book's 1,392 rows hold 234 distinct cells
def parse_sold_as(cell: str) -> SoldAs | None:
    """`"10 ea head|통"` -> SoldAs(10, "ea", "head", "통"); empty -> None; anything else is a ValueError."""
    if not cell.strip():
        return None
    match = _SOLD_AS.match(cell.strip())
    if match is None or float(match.group("quantity")) <= 0:
        raise ValueError(f"sold_as {cell!r} is not '<amount> <g|ml|ea> <english>|<korean>'")
    unit: BaseUnit = match.group("unit")  # type: ignore[assignment]
    return SoldAs(float(match.group("quantity")), unit, match.group("english"), match.group("korean"))


def purchase(needed: float, unit: BaseUnit, sold_as: SoldAs | None, conversion: Conversion) -> Purchase | None:
    """The whole packs that cover `needed` `unit`, or None when it is bought loose (or the pack cannot be expressed
    in `unit`, which the data tests rule out)."""
    if sold_as is None or needed <= 0:
        return None
    pack = conversion.convert(sold_as.quantity, sold_as.unit, unit)
    if not pack:
        return None
    packs = max(1, math.ceil(needed / pack - 1e-9))
    bought = packs * pack
    used = conversion.convert(needed, unit, sold_as.unit) or 0.0
    total = packs * sold_as.quantity
    return Purchase(
        packs=packs,
        quantity=round(bought, 2),
        pack_total=round(total, 2),
        leftover=round(max(0.0, total - used), 2),
        unit=sold_as.unit,
    )
