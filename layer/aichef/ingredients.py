"""Ingredient knowledge: canonical names (English and Korean, aliases, plurals), diet flags, physical data,
and parsing of request strings such as "300g pork belly" or "2 onions".

Backed by `data/ingredients.csv` (one row per canonical ingredient; see docs in the README's data section).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from importlib import resources
from typing import Iterable

from aichef.units import Conversion, unit_words

DIET_EXCLUDES: dict[str, frozenset[str]] = {
    "vegan": frozenset({"meat", "poultry", "fish", "shellfish", "egg", "dairy", "honey"}),
    "vegetarian": frozenset({"meat", "poultry", "fish", "shellfish"}),
    "pescatarian": frozenset({"meat", "poultry"}),
    "gluten-free": frozenset({"gluten"}),
    "dairy-free": frozenset({"dairy"}),
    "nut-free": frozenset({"nut"}),
}
FLAGS = frozenset().union(*DIET_EXCLUDES.values())


@dataclass(frozen=True)
class Ingredient:
    name: str
    name_ko: str
    aliases: tuple[str, ...]
    contains: frozenset[str]
    conversion: Conversion

    def allowed_by(self, diets: Iterable[str]) -> bool:
        """True when no diet in `diets` excludes anything this ingredient contains."""
        return not any(self.contains & DIET_EXCLUDES[diet] for diet in diets)


@dataclass(frozen=True)
class ParsedIngredient:
    """An ingredient string from a request: its canonical name and, when given, the quantity on hand."""

    text: str
    name: str
    known: bool
    quantity: float | None = None
    unit: str | None = None


def normalise_text(text: str) -> str:
    """Lower case, single spaces, no surrounding punctuation: `"  Green  Onions. "` -> `"green onions"`."""
    return " ".join(text.lower().replace("_", " ").split()).strip(" .,;:!?\"'()")


def _singular_forms(word: str) -> list[str]:
    forms = []
    if word.endswith("ies") and len(word) > 4:
        forms += [word[:-3] + "y", word[:-2]]  # berries -> berry, chilies -> chili
    if word.endswith("ves") and len(word) > 4:
        forms += [word[:-3] + "f", word[:-3] + "fe"]
    if word.endswith("oes") or word.endswith("shes") or word.endswith("ches") or word.endswith("ses"):
        forms.append(word[:-2])
    if word.endswith("s") and not word.endswith("ss") and len(word) > 2:
        forms.append(word[:-1])
    return forms


class IngredientBook:
    """Looks ingredients up by any of their names; the single place where names are normalised."""

    def __init__(self, ingredients: Iterable[Ingredient]) -> None:
        self._by_name: dict[str, Ingredient] = {}
        self._index: dict[str, Ingredient] = {}
        for ingredient in ingredients:
            self._by_name[ingredient.name] = ingredient
            for key in (ingredient.name, ingredient.name_ko, *ingredient.aliases):
                self._index[normalise_text(key)] = ingredient

    @classmethod
    def from_csv(cls, text: str) -> IngredientBook:
        rows = csv.DictReader(text.splitlines())
        return cls(
            Ingredient(
                name=row["name"],
                name_ko=row["name_ko"],
                aliases=tuple(alias for alias in row["aliases"].split("|") if alias),
                contains=frozenset(flag for flag in row["contains"].split("|") if flag),
                conversion=Conversion(
                    density_g_per_ml=float(row["density_g_per_ml"]) if row["density_g_per_ml"] else None,
                    grams_per_piece=float(row["grams_per_piece"]) if row["grams_per_piece"] else None,
                ),
            )
            for row in rows
        )

    def __len__(self) -> int:
        return len(self._by_name)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._by_name.values())

    def get(self, name: str) -> Ingredient | None:
        """The ingredient called `name` in any known spelling, or None."""
        key = normalise_text(name)
        found = self._index.get(key)
        if found is not None:
            return found
        words = key.split(" ")
        for singular in _singular_forms(words[-1]):
            found = self._index.get(" ".join([*words[:-1], singular]))
            if found is not None:
                return found
        return None

    def canonical(self, name: str) -> str:
        """The canonical name, or the normalised text itself for an ingredient the book does not know."""
        found = self.get(name)
        return found.name if found else normalise_text(name)

    def conversion(self, name: str) -> Conversion:
        found = self.get(name)
        return found.conversion if found else Conversion()

    def parse(self, text: str) -> ParsedIngredient:
        """Split a request string into quantity, unit and canonical name: "2 cups rice" -> 2, "cup", "rice"."""
        quantity, unit, rest = _split_quantity(text)
        found = self.get(rest)
        return ParsedIngredient(
            text=text, name=found.name if found else normalise_text(rest), known=found is not None,
            quantity=quantity, unit=unit,
        )


_FRACTIONS = {"½": "1/2", "¼": "1/4", "¾": "3/4", "⅓": "1/3", "⅔": "2/3"}
_NUMBER = r"(?:\d+\s+\d+/\d+|\d+/\d+|\d+(?:[.,]\d+)?)"
_UNIT = "|".join(sorted((re.escape(word) for word in unit_words()), key=len, reverse=True))
_LEADING = re.compile(
    rf"^(?P<qty>{_NUMBER})(?:\s*(?P<unit>{_UNIT})\b\.?\s*|\s+)(?:of\s+)?(?P<name>.+)$", re.IGNORECASE
)
_TRAILING = re.compile(rf"^(?P<name>.+?)\s+(?P<qty>{_NUMBER})\s*(?P<unit>{_UNIT})?\.?$", re.IGNORECASE)


def _split_quantity(text: str) -> tuple[float | None, str | None, str]:
    cleaned = text
    for glyph, fraction in _FRACTIONS.items():
        cleaned = cleaned.replace(glyph, f" {fraction}")
    cleaned = " ".join(cleaned.split())
    match = _LEADING.match(cleaned) or _TRAILING.match(cleaned)
    if not match or not match.group("name").strip():
        return None, None, text
    unit = (match.group("unit") or "ea").lower()
    return _number(match.group("qty")), unit, match.group("name")


def _number(text: str) -> float:
    total = Fraction(0)
    for part in text.replace(",", ".").split():
        total += Fraction(part)
    return float(total)


@cache
def bundled_book() -> IngredientBook:
    """The ingredient book shipped in the layer (loaded once per process)."""
    return IngredientBook.from_csv(resources.files("aichef").joinpath("data/ingredients.csv").read_text("utf-8"))
