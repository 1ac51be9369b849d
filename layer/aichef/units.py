"""Units: every quantity is normalised to grams, millilitres or pieces ("ea") before it is priced.

Each unit has one canonical spelling (`tablespoons`, `Tbsp.` and `T` are `tbsp`; `숟가락` and `스푼` are `큰술`) and a
size in its base unit. Volume and mass meet only through a known density, pieces and mass only through a known
piece weight; anything else is reported as unconvertible, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

BaseUnit = Literal["g", "ml", "ea"]

# canonical unit -> (base unit, size in the base unit). A US cup is 240 ml; a Korean 컵 is 200 ml (the measuring cup
# Korean recipes are written with); spoons as in metric cookery.
# Kitchen measures without a legal size, at their usual value: a pinch 1/16 tsp and a dash 1/8 tsp (as US
# measuring-spoon sets mark them), a handful (줌, 주먹, 움큼) 30 g, a knob 15 g, a can 400 g (the common 400 g / 14 oz
# tin), a bowl of rice (공기) 210 g, a paper cup (종이컵) 180 ml, a ladle (국자) 80 ml, a drop 0.05 ml, a 근 600 g (the
# meat 근; vegetables are sold by another), an envelope of gelatin 7 g, a 되 1.8 l (the traditional grain measure), a
# jigger 1.5 fl oz (44.36 ml, the bar measure).
_SIZES: dict[str, tuple[BaseUnit, float]] = {
    "g": ("g", 1.0),
    "kg": ("g", 1000.0),
    "mg": ("g", 0.001),
    "lb": ("g", 453.592),
    "oz": ("g", 28.3495),
    "근": ("g", 600.0),
    "ml": ("ml", 1.0),
    "l": ("ml", 1000.0),
    "tsp": ("ml", 5.0),
    "tbsp": ("ml", 15.0),
    "cup": ("ml", 240.0),
    "fl oz": ("ml", 29.5735),
    "pint": ("ml", 473.176),
    "quart": ("ml", 946.353),
    "gallon": ("ml", 3785.41),
    "큰술": ("ml", 15.0),
    "작은술": ("ml", 5.0),
    "컵": ("ml", 200.0),
    "종이컵": ("ml", 180.0),
    "국자": ("ml", 80.0),
    "되": ("ml", 1800.0),
    "jigger": ("ml", 44.36),
    "pinch": ("ml", 0.3125),
    "꼬집": ("ml", 0.3125),
    "dash": ("ml", 0.625),
    "drop": ("ml", 0.05),
    "방울": ("ml", 0.05),
    "handful": ("g", 30.0),
    "줌": ("g", 30.0),
    "knob": ("g", 15.0),
    "can": ("g", 400.0),
    "캔": ("g", 400.0),
    "envelope": ("g", 7.0),
    "공기": ("g", 210.0),
    "손": ("ea", 2.0),  # 고등어 한 손: two fish sold as a pair
    "판": ("ea", 30.0),  # 계란 한 판: a tray of 30 eggs
    "ea": ("ea", 1.0),
}
# Counters of whole things: one piece of the ingredient, weighed through its piece weight.
_COUNTERS = (
    *("piece", "clove", "slice", "stick", "bunch", "head", "stalk", "sprig", "fillet", "block", "cube", "pack"),
    *("package", "packet", "jar", "bottle", "bag", "leaf", "sheet", "ear", "rib", "stem", "pod", "container"),
    *("carton", "box", "loaf", "wedge", "strip", "scoop", "bulb", "tub", "link", "bar", "tube", "sleeve", "cob"),
    *("mug", "glass", "shot", "part"),
    *("개", "알", "쪽", "톨", "모", "포기", "단", "통", "줄기", "대", "뿌리", "줄", "장", "잎", "마리", "봉지", "봉"),
    *("팩", "병", "덩이", "덩어리", "송이", "조각", "토막", "인분", "그릇", "묶음", "자루", "망", "점", "구"),
)
_SIZES |= dict.fromkeys(_COUNTERS, ("ea", 1.0))

# Other spellings of the canonical units (lower case; plurals of the English counters are added below).
_SPELLINGS: dict[str, str] = {
    **dict.fromkeys(("gram", "grams", "gr", "grm", "그램"), "g"),
    **dict.fromkeys(("kilogram", "kilograms", "kilo", "kilos", "킬로", "킬로그램"), "kg"),
    **dict.fromkeys(("milligram", "milligrams"), "mg"),
    **dict.fromkeys(("lbs", "pound", "pounds"), "lb"),
    **dict.fromkeys(("ounce", "ounces", "onz"), "oz"),
    **dict.fromkeys(("millilitre", "milliliter", "millilitres", "milliliters", "cc", "밀리리터", "미리"), "ml"),
    **dict.fromkeys(("litre", "liter", "litres", "liters", "리터", "ltr"), "l"),
    **dict.fromkeys(("teaspoon", "teaspoons", "tsps", "tspn", "teasp"), "tsp"),
    **dict.fromkeys(("tablespoon", "tablespoons", "tbsps", "tbs", "tbl", "tbls", "tblsp", "tbspn"), "tbsp"),
    **dict.fromkeys(("cups", "c"), "cup"),
    **dict.fromkeys(("fluid ounce", "fluid ounces", "fl. oz", "fl.oz", "floz", "fl oz."), "fl oz"),
    **dict.fromkeys(("pints", "pt"), "pint"),
    **dict.fromkeys(("quarts", "qt"), "quart"),
    **dict.fromkeys(("gallons", "gal"), "gallon"),
    **dict.fromkeys(("숟가락", "숟갈", "스푼", "큰스푼", "밥숟가락", "밥숟갈", "밥스푼", "수저", "큰수저"), "큰술"),
    **dict.fromkeys(("티스푼", "작은스푼", "찻숟가락", "찻술", "작은수저"), "작은술"),
    **dict.fromkeys(("pinches",), "pinch"),
    **dict.fromkeys(("dashes", "splash", "splashes"), "dash"),
    **dict.fromkeys(("chunk", "chunks", "thumb-sized piece", "small piece"), "piece"),
    **dict.fromkeys(("drops",), "drop"),
    **dict.fromkeys(("jiggers",), "jigger"),
    **dict.fromkeys(("handfuls", "주먹", "움큼"), "handful"),
    **dict.fromkeys(("knobs",), "knob"),
    **dict.fromkeys(("cans", "tin", "tins"), "can"),
    **dict.fromkeys(("envelopes", "sachet", "sachets"), "envelope"),
    **dict.fromkeys(("pc", "pcs", "pieces", "each"), "piece"),
    **dict.fromkeys(("packs", "pkg", "pkgs", "pk"), "pack"),
    **dict.fromkeys(("leaves",), "leaf"),
    **dict.fromkeys(("loaves",), "loaf"),
    **dict.fromkeys(("boxes",), "box"),
    **dict.fromkeys(("bunches",), "bunch"),
    **dict.fromkeys(("pouch", "pouches"), "bag"),
}
_SPELLINGS |= {f"{counter}s": counter for counter in _COUNTERS if counter.isascii() and counter not in ("box",)}
# One-letter spellings whose case matters: T is a tablespoon and t a teaspoon (as Korean and American recipe cards
# write them); C is a cup.
_CASED = {"T": "tbsp", "Ts": "tbsp", "TS": "tbsp", "Tb": "tbsp", "t": "tsp", "ts": "tsp", "C": "cup"}

# Lengths ("1 inch ginger", "대파 10cm") are amounts a cook reads but no price list weighs: recognised, not converted.
_LENGTHS = frozenset({"inch", "cm"})
_SPELLINGS |= dict.fromkeys(("inches", "in."), "inch")
_SPELLINGS |= dict.fromkeys(
    ("센티", "센치", "센티미터", "centimeter", "centimeters", "centimetre", "centimetres"), "cm"
)

PRICE_UNITS: dict[str, tuple[BaseUnit, float]] = {"kg": ("g", 1000.0), "l": ("ml", 1000.0), "ea": ("ea", 1.0)}


class UnknownUnit(ValueError):
    """A unit word that is not in the table."""


@lru_cache(maxsize=4096)  # a handful of spellings, looked up for every amount
def canonical_unit(word: str) -> str | None:
    """The canonical spelling of a unit word (`Tablespoons.` -> tbsp, `T` -> tbsp, `스푼` -> 큰술), or None."""
    for form in dict.fromkeys((word.strip(), word.strip().rstrip("."))):
        if form in _CASED:
            return _CASED[form]
        lowered = form.lower()
        if lowered in _SIZES or lowered in _LENGTHS:
            return lowered
        if lowered in _SPELLINGS:
            return _SPELLINGS[lowered]
    return None


def unit_words() -> frozenset[str]:
    """Every spelling the parser recognises as a unit (lower case, plus the cased one-letter spellings)."""
    return frozenset(_SIZES) | frozenset(_SPELLINGS) | frozenset(_CASED) | _LENGTHS


def is_counter(unit: str) -> bool:
    """Whether a canonical unit counts whole pieces (`clove`, `포기`, `ea`)."""
    return unit in _COUNTERS or unit == "ea"


def to_base(quantity: float, unit: str) -> tuple[float, BaseUnit]:
    """Express `quantity unit` in g, ml or ea: `to_base(2, "tbsp") == (30.0, "ml")`."""
    canonical = canonical_unit(unit)
    if canonical is None:
        raise UnknownUnit(f"unknown unit {unit!r}")
    if canonical in _LENGTHS:
        raise UnknownUnit(f"{unit!r} is a length, which no price list weighs")
    base, size = _SIZES[canonical]
    return quantity * size, base


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
