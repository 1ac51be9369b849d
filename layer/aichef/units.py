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
    "g": ("g", 1.0),
    "gram": ("g", 1.0),
    "grams": ("g", 1.0),
    "gr": ("g", 1.0),
    "그램": ("g", 1.0),
    "kg": ("g", 1000.0),
    "kilogram": ("g", 1000.0),
    "kilograms": ("g", 1000.0),
    "킬로": ("g", 1000.0),
    "ml": ("ml", 1.0),
    "millilitre": ("ml", 1.0),
    "milliliter": ("ml", 1.0),
    "millilitres": ("ml", 1.0),
    "milliliters": ("ml", 1.0),
    "cc": ("ml", 1.0),
    "l": ("ml", 1000.0),
    "litre": ("ml", 1000.0),
    "liter": ("ml", 1000.0),
    "litres": ("ml", 1000.0),
    "liters": ("ml", 1000.0),
    "리터": ("ml", 1000.0),
    "tbsp": ("ml", 15.0),
    "tablespoon": ("ml", 15.0),
    "tablespoons": ("ml", 15.0),
    "큰술": ("ml", 15.0),
    "tsp": ("ml", 5.0),
    "teaspoon": ("ml", 5.0),
    "teaspoons": ("ml", 5.0),
    "작은술": ("ml", 5.0),
    "cup": ("ml", 240.0),
    "cups": ("ml", 240.0),
    "컵": ("ml", 240.0),
    "ea": ("ea", 1.0),
    "piece": ("ea", 1.0),
    "pieces": ("ea", 1.0),
    "pc": ("ea", 1.0),
    "pcs": ("ea", 1.0),
    "clove": ("ea", 1.0),
    "cloves": ("ea", 1.0),
    "whole": ("ea", 1.0),
    "개": ("ea", 1.0),
    "알": ("ea", 1.0),
    "쪽": ("ea", 1.0),
    "모": ("ea", 1.0),
    "lb": ("g", 453.592),
    "lbs": ("g", 453.592),
    "pound": ("g", 453.592),
    "pounds": ("g", 453.592),
    "oz": ("g", 28.3495),
    "ounce": ("g", 28.3495),
    "ounces": ("g", 28.3495),
    # Kitchen measures without a legal size, at their usual value: a pinch is 1/16 tsp and a dash 1/8 tsp (as
    # US measuring-spoon sets mark them), a handful (한 줌) 30 g of leaves, a knob 15 g (of butter or ginger),
    # a can 400 g (the common 400 g / 14 oz tin), a bowl of rice (한 공기) 210 g of cooked rice.
    "pinch": ("ml", 0.3125),
    "pinches": ("ml", 0.3125),
    "꼬집": ("ml", 0.3125),
    "dash": ("ml", 0.625),
    "dashes": ("ml", 0.625),
    "handful": ("g", 30.0),
    "handfuls": ("g", 30.0),
    "줌": ("g", 30.0),
    "knob": ("g", 15.0),
    "knobs": ("g", 15.0),
    "can": ("g", 400.0),
    "cans": ("g", 400.0),
    "tin": ("g", 400.0),
    "tins": ("g", 400.0),
    "캔": ("g", 400.0),
    "공기": ("g", 210.0),
    # Counters of whole things: one piece of the ingredient, weighed through its piece weight.
    **dict.fromkeys(
        (
            "bunch",
            "bunches",
            "head",
            "heads",
            "stalk",
            "stalks",
            "sprig",
            "sprigs",
            "slice",
            "slices",
            "fillet",
            "fillets",
            "block",
            "blocks",
            "cube",
            "cubes",
            "pack",
            "packs",
            "package",
            "packages",
            "packet",
            "packets",
            "jar",
            "jars",
            "bottle",
            "bottles",
            "bag",
            "bags",
            "leaf",
            "leaves",
            "sheet",
            "sheets",
            "포기",
            "단",
            "통",
            "줄기",
            "장",
            "마리",
            "봉지",
            "팩",
            "덩이",
            "송이",
        ),
        ("ea", 1.0),
    ),
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
