"""Units: every quantity is normalised to grams, millilitres or pieces ("ea") before it is priced.

Volume and mass meet only through a known density, pieces and mass only through a known piece weight;
anything else is reported as unconvertible, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

BaseUnit = Literal["g", "ml", "ea"]

# unit word -> (base unit, factor to the base unit). Metric cup = 240 ml (US legal cup), spoons as in metric cookery.
_UNITS: dict[str, tuple[BaseUnit, float]] = {
    "g": ("g", 1.0), "gram": ("g", 1.0), "grams": ("g", 1.0), "gr": ("g", 1.0), "그램": ("g", 1.0),
    "kg": ("g", 1000.0), "kilogram": ("g", 1000.0), "kilograms": ("g", 1000.0), "킬로": ("g", 1000.0),
    "ml": ("ml", 1.0), "millilitre": ("ml", 1.0), "milliliter": ("ml", 1.0), "millilitres": ("ml", 1.0),
    "milliliters": ("ml", 1.0), "cc": ("ml", 1.0),
    "l": ("ml", 1000.0), "litre": ("ml", 1000.0), "liter": ("ml", 1000.0), "litres": ("ml", 1000.0),
    "liters": ("ml", 1000.0), "리터": ("ml", 1000.0),
    "tbsp": ("ml", 15.0), "tablespoon": ("ml", 15.0), "tablespoons": ("ml", 15.0), "큰술": ("ml", 15.0),
    "tsp": ("ml", 5.0), "teaspoon": ("ml", 5.0), "teaspoons": ("ml", 5.0), "작은술": ("ml", 5.0),
    "cup": ("ml", 240.0), "cups": ("ml", 240.0), "컵": ("ml", 240.0),
    "ea": ("ea", 1.0), "piece": ("ea", 1.0), "pieces": ("ea", 1.0), "pc": ("ea", 1.0), "pcs": ("ea", 1.0),
    "clove": ("ea", 1.0), "cloves": ("ea", 1.0), "whole": ("ea", 1.0), "개": ("ea", 1.0), "알": ("ea", 1.0),
    "쪽": ("ea", 1.0), "모": ("ea", 1.0),
}
PRICE_UNITS: dict[str, tuple[BaseUnit, float]] = {"kg": ("g", 1000.0), "l": ("ml", 1000.0), "ea": ("ea", 1.0)}


class UnknownUnit(ValueError):
    """A unit word that is not in the table."""


def unit_words() -> frozenset[str]:
    """All unit words the parser recognises."""
    return frozenset(_UNITS)


def to_base(quantity: float, unit: str) -> tuple[float, BaseUnit]:
    """Express `quantity unit` in g, ml or ea: `to_base(2, "tbsp") == (30.0, "ml")`."""
    try:
        base, factor = _UNITS[unit.strip().lower()]
    except KeyError:
        raise UnknownUnit(f"unknown unit {unit!r}") from None
    return quantity * factor, base


@dataclass(frozen=True)
class Conversion:
    """What is known about one ingredient's physical form, for conversions between base units."""

    density_g_per_ml: float | None = None
    grams_per_piece: float | None = None

    def convert(self, quantity: float, source: BaseUnit, target: BaseUnit) -> float | None:
        """`quantity` in `source` expressed in `target`, or None when the ingredient data cannot bridge them."""
        if source == target:
            return quantity
        grams = self._to_grams(quantity, source)
        if grams is None:
            return None
        if target == "g":
            return grams
        if target == "ml":
            return grams / self.density_g_per_ml if self.density_g_per_ml else None
        return grams / self.grams_per_piece if self.grams_per_piece else None

    def _to_grams(self, quantity: float, unit: BaseUnit) -> float | None:
        if unit == "g":
            return quantity
        if unit == "ml":
            return quantity * self.density_g_per_ml if self.density_g_per_ml else None
        return quantity * self.grams_per_piece if self.grams_per_piece else None
