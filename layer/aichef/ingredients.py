"""Ingredient knowledge: canonical names (English and Korean, aliases, plurals), families of them (`chicken`,
`버섯`), diet flags, physical data, and parsing of request strings such as "300g pork belly" or "양파 반개".

Backed by `data/ingredients.csv` (one row per canonical ingredient) and `data/families.csv` (the generic names).
"""

from __future__ import annotations

import csv
import hashlib
import marshal
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import zip_longest
from typing import TYPE_CHECKING, Any, NamedTuple

from aichef.line_reader import Found, ParsedIngredient, read_line
from aichef.name_rules import normalise_text, singular_forms
from aichef.shopping import SoldAs, parse_sold_as
from aichef.spelling import Speller
from aichef.units import BaseUnit, Conversion, canonical_unit

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = [
    "DIET_EXCLUDES",
    "FLAGS",
    "Family",
    "Ingredient",
    "IngredientBook",
    "ParsedIngredient",
    "fill_variants",
    "normalise_text",
]
# Distinct lines remembered per book; a request repeats its lines through every state, a recipe through pricing.
_PARSE_CACHE = 20_000
_UNSEEN = Found("", "")  # a key `exact` has not looked up yet (None is a looked-up miss)

DIET_EXCLUDES: dict[str, frozenset[str]] = {
    "vegan": frozenset({"meat", "poultry", "fish", "shellfish", "egg", "dairy", "honey"}),
    "vegetarian": frozenset({"meat", "poultry", "fish", "shellfish"}),
    "pescatarian": frozenset({"meat", "poultry"}),
    "gluten-free": frozenset({"gluten"}),
    "dairy-free": frozenset({"dairy"}),
    "nut-free": frozenset({"nut"}),
}
FLAGS = frozenset().union(*DIET_EXCLUDES.values())


def strictest_diets(diets: Iterable[str]) -> list[str]:
    """The diets not implied by a stricter one in `diets`: vegan implies vegetarian, pescatarian and dairy-free."""
    chosen = list(dict.fromkeys(diets))
    return [
        diet
        for diet in chosen
        if not any(other != diet and DIET_EXCLUDES[diet] < DIET_EXCLUDES[other] for other in chosen)
    ]


ROLES = ("protein", "produce", "starch", "dairy", "condiment", "staple", "other")


class Ingredient(NamedTuple):
    """One row of ingredients.csv (data/README.md). `role`: protein, produce, starch, dairy, condiment, staple or
    other (a protein can be the centre of a dish); `piece`: what one `ea` is called in English and Korean ("clove",
    "쪽"; empty: the name itself / 개); `swap`: the group of cuts or species a cook swaps for one another
    (chicken-cut, white-fish); `variant_of`: the generic row a variant is sold and used as (raspberry jam: jam), its
    price and what it covers in a recipe; the cells a variant's row leaves empty are its parent's.

    A NamedTuple rather than a frozen dataclass: every cold start builds 1,590 of them, five times faster so."""

    name: str
    name_ko: str
    aliases: tuple[str, ...]
    contains: frozenset[str]
    conversion: Conversion
    family: str | None = None
    role: str = "other"
    perishable: bool = False
    piece: tuple[str, str] = ("", "")
    sold_as: SoldAs | None = None
    swap: str | None = None
    variant_of: str | None = None

    @property
    def main(self) -> bool:
        """Whether it can be the centre of a dish (meat and poultry cuts, fish, seafood, tofu, egg, beans...)."""
        return self.role == "protein"

    def allowed_by(self, diets: Iterable[str]) -> bool:
        """True when no diet in `diets` excludes anything this ingredient contains."""
        return not any(self.contains & DIET_EXCLUDES[diet] for diet in diets)


@dataclass(frozen=True)
class Family:
    """A generic name a cook uses for several ingredients (`chicken` for thigh, breast, wing...), from families.csv."""

    name: str
    name_ko: str
    aliases: tuple[str, ...]
    parent: str | None


class IngredientBook:
    """Looks ingredients and families up by any of their names; the single place where names are normalised.

    A specific name always wins over a generic one: an ingredient's name or alias is looked up before a family's,
    so `tofu`, `rice`, `egg` and `sausage` are the ingredients of that name. The family of the same name adds only
    coverage: "tofu" on hand also covers a recipe's soft tofu, "rice" covers cooked rice (see `covers`). A spice
    blend covers the spices it is made of (`blends`: taco seasoning covers the recipe's cumin and chili powder).
    """

    def __init__(
        self,
        ingredients: Iterable[Ingredient],
        families: Iterable[Family] = (),
        blends: Iterable[tuple[str, tuple[str, ...]]] = (),
    ) -> None:
        self._by_name: dict[str, Ingredient] = {}
        self._index: dict[str, Ingredient] = {}
        for ingredient in ingredients:
            self._by_name[ingredient.name] = ingredient
            for key in (ingredient.name, ingredient.name_ko, *ingredient.aliases):
                if key:
                    self._index[normalise_text(key)] = ingredient
        self._families: dict[str, Family] = {family.name: family for family in families}
        self._family_index: dict[str, Family] = {}
        for family in self._families.values():
            for key in (family.name, family.name_ko, *family.aliases):
                if key:
                    self._family_index[normalise_text(key)] = family
        by_family: dict[str | None, list[str]] = {}
        for ingredient in self._by_name.values():
            by_family.setdefault(ingredient.family, []).append(ingredient.name)
        self._members = {name: self._collect_members(name, by_family) for name in self._families}
        self._blends = {blend: frozenset(spices) for blend, spices in blends}
        self._start_caches()

    def _start_caches(self) -> None:
        self._parsed: dict[str, ParsedIngredient] = {}
        self._exact: dict[str, Found | None] = {}
        self._speller: Speller | None = None

    @classmethod
    def from_csv(cls, text: str, families_text: str = "", blends_text: str = "") -> IngredientBook:
        """The book from ingredients.csv text (and families.csv and blends.csv text, when there are some)."""
        ingredients = [_ingredient(row) for row in fill_variants(_csv_rows(text))]
        families = [
            Family(
                name=row["name"], name_ko=row["name_ko"], aliases=_split(row["aliases"]), parent=row["parent"] or None
            )
            for row in _csv_rows(families_text)
        ]
        blends = [(row["name"], _split(row["covers"])) for row in _csv_rows(blends_text)]
        return cls(ingredients, families, blends)

    def to_parts(self) -> BookParts:
        """The book as plain data that `marshal` writes (`from_parts` reads it back): the rows, the families, and
        what `__init__` derives from them (the normalised name indexes and each family's members). Equal values are
        one object, so marshal writes them once; sets as sorted tuples, so the same book gives the same parts."""
        strings: dict[str, str] = {}
        conversions: dict[Conversion, int] = {}
        packs: dict[SoldAs | None, int] = {None: -1}
        contains: dict[frozenset[str], tuple[str, ...]] = {}

        def one(text: str) -> str:
            return strings.setdefault(text, text)

        rows = []
        for item in self._by_name.values():
            conversion = conversions.setdefault(item.conversion, len(conversions))
            pack = packs.setdefault(item.sold_as, len(packs) - 1)
            rows.append(
                (
                    one(item.name),
                    one(item.name_ko),
                    tuple(map(one, item.aliases)),
                    contains.setdefault(item.contains, tuple(sorted(item.contains))),
                    conversion,
                    item.family if item.family is None else one(item.family),
                    one(item.role),
                    item.perishable,
                    (one(item.piece[0]), one(item.piece[1])),
                    pack,
                    item.swap if item.swap is None else one(item.swap),
                    item.variant_of if item.variant_of is None else one(item.variant_of),
                )
            )
        row_of = {name: position for position, name in enumerate(self._by_name)}
        family_of = {name: position for position, name in enumerate(self._families)}
        return (
            tuple((conversion.density_g_per_ml, conversion.grams_per_piece) for conversion in conversions),
            tuple((pack.quantity, pack.unit, pack.english, pack.korean) for pack in packs if pack is not None),
            tuple(rows),
            tuple(
                (one(family.name), one(family.name_ko), tuple(map(one, family.aliases)), family.parent)
                for family in self._families.values()
            ),
            (tuple(map(one, self._index)), tuple(row_of[item.name] for item in self._index.values())),
            (
                tuple(map(one, self._family_index)),
                tuple(family_of[family.name] for family in self._family_index.values()),
            ),
            tuple((one(name), tuple(sorted(map(one, members)))) for name, members in self._members.items()),
            tuple((one(name), tuple(sorted(map(one, spices)))) for name, spices in self._blends.items()),
        )

    @classmethod
    def from_parts(cls, parts: BookParts) -> IngredientBook:
        """The book `to_parts` described, without reading CSV or normalising a name again."""
        conversion_values, pack_values, rows, family_rows, index, family_index, members, blends = parts
        conversions = [
            _NO_CONVERSION if density is None and grams is None else Conversion(density, grams)
            for density, grams in conversion_values
        ]
        packs = [SoldAs(*values) for values in pack_values]
        sets: dict[tuple[str, ...], frozenset[str]] = {}
        ingredients = [
            Ingredient(
                name,
                name_ko,
                aliases,
                sets[flags] if flags in sets else sets.setdefault(flags, frozenset(flags)),
                conversions[conversion],
                family,
                role,
                perishable,
                piece,
                packs[pack] if pack >= 0 else None,
                swap,
                variant_of,
            )
            for (
                name,
                name_ko,
                aliases,
                flags,
                conversion,
                family,
                role,
                perishable,
                piece,
                pack,
                swap,
                variant_of,
            ) in rows
        ]
        families = [Family(*row) for row in family_rows]
        book = cls.__new__(cls)
        book._by_name = {ingredient.name: ingredient for ingredient in ingredients}
        book._index = dict(zip(index[0], map(ingredients.__getitem__, index[1]), strict=True))
        book._families = {family.name: family for family in families}
        book._family_index = dict(zip(family_index[0], map(families.__getitem__, family_index[1]), strict=True))
        book._members = {name: frozenset(names) for name, names in members}
        book._blends = {name: frozenset(spices) for name, spices in blends}
        book._start_caches()
        return book

    def __len__(self) -> int:
        return len(self._by_name)

    def __iter__(self) -> Iterator[Ingredient]:
        return iter(self._by_name.values())

    @property
    def families(self) -> list[Family]:
        return list(self._families.values())

    def get(self, name: str) -> Ingredient | None:
        """The ingredient called `name` in any known spelling, or None."""
        found = self._by_name.get(name)  # a canonical name, as every recipe line and price row writes it
        return found if found is not None else _lookup(self._index, name)

    def get_family(self, name: str) -> Family | None:
        """The family called `name` in any known spelling (the family itself, even when an ingredient shares it)."""
        return _lookup(self._family_index, name)

    def members(self, family: str) -> frozenset[str]:
        """The ingredient names in `family` or any family below it: `members("poultry")` holds chicken thigh."""
        return self._members.get(family, frozenset())

    def covered(self, have: str) -> frozenset[str]:
        """The recipe ingredients `have` (a canonical ingredient or family name on hand) stands for besides itself: a
        family's members (an ingredient named like a family, tofu, rice, has that family's), a blend's spices (taco
        seasoning covers chili powder, cumin and oregano: blends.csv), a variant's parent and what that covers
        (vanilla ice cream is ice cream to a recipe)."""
        covered = self._members.get(have, frozenset()) | self._blends.get(have, frozenset())
        parent = self._parent(have)
        return covered if parent is None else covered | {parent} | self.covered(parent)

    def covers(self, have: str, need: str) -> bool:
        """Whether `have` (a canonical ingredient or family name on hand) covers the recipe's ingredient `need`:
        exact names, and what `covered` names. A member never covers another member (chicken breast is not chicken
        thigh), nor a parent its variant (jam is not raspberry jam)."""
        if have == need or need in self._members.get(have, ()) or need in self._blends.get(have, ()):
            return True
        parent = self._parent(have)
        return parent is not None and self.covers(parent, need)

    def priced_as(self, name: str) -> str:
        """The canonical name a price list quotes for `name`: a variant's parent (raspberry jam: jam), else `name`."""
        return self._parent(name) or name

    def price_amount(self, name: str, quantity: float, unit: BaseUnit, target: BaseUnit) -> float | None:
        """`quantity` `unit` of `name` in `target`, the base unit its price quotes (`priced_as`): a variant priced per
        piece counts its parent's pieces by weight (a 400 g 참외 is a third of a 1.2 kg melon), else as `conversion`
        converts; None when it cannot be converted."""
        conversion = self.conversion(name)
        parent = self._parent(name)
        if parent is not None and target == "ea":
            grams, per_piece = conversion.convert(quantity, unit, "g"), self.conversion(parent)
            if grams is not None and per_piece.grams_per_piece:
                return per_piece.convert(grams, "g", "ea")
        return conversion.convert(quantity, unit, target)

    def _parent(self, name: str) -> str | None:
        """The row a variant is of (`variant_of`), or None."""
        found = self._by_name.get(name)
        return found.variant_of if found is not None else None

    def is_main(self, name: str) -> bool:
        """Whether `name` (canonical) can be the centre of a dish: a main ingredient or a family holding one."""
        ingredient = self._by_name.get(name)
        if ingredient is not None:
            return ingredient.main
        return any(self._by_name[member].main for member in self._members.get(name, frozenset()))

    def role(self, name: str) -> str:
        """The role of an ingredient, or the role most members of a family share (chicken: protein); else other."""
        ingredient = self._by_name.get(name)
        if ingredient is not None:
            return ingredient.role
        members = [self._by_name[member].role for member in self._members.get(name, frozenset())]
        return max(ROLES, key=members.count) if members else "other"

    def perishable(self, name: str) -> bool:
        """Whether an ingredient spoils within about a week, or most members of a family do."""
        ingredient = self._by_name.get(name)
        if ingredient is not None:
            return ingredient.perishable
        members = [self._by_name[member].perishable for member in self._members.get(name, frozenset())]
        return bool(members) and members.count(True) > len(members) / 2

    def swap_group(self, name: str) -> str | None:
        """The group of cuts or species a cook swaps `name` within, or None."""
        ingredient = self._by_name.get(name)
        return ingredient.swap if ingredient is not None else None

    def flags(self, name: str) -> frozenset[str] | None:
        """What `name` may contain: an ingredient's flags, the union of its members' for a family (a generic name is
        only as safe for a diet as its least safe kind), or None when the book cannot tell."""
        ingredient = self.get(name)
        if ingredient is not None:
            return ingredient.contains
        family = self.get_family(name)
        members = self.members(family.name) if family is not None else frozenset()
        if not members:
            return None
        return frozenset().union(*(self._by_name[member].contains for member in members))

    def canonical(self, name: str) -> str:
        """The canonical name a line names (its first food), or the normalised text for a line the book cannot read:
        "extra-virgin olive oil" -> olive oil, "2 large cloves garlic, minced" -> garlic."""
        parsed = self.parse(name)
        return parsed.name if parsed.known or parsed.items else normalise_text(name)

    def conversion(self, name: str) -> Conversion:
        found = self.get(name)
        return found.conversion if found else Conversion()

    def parse(self, text: str) -> ParsedIngredient:
        """Read one line into its food(s), quantity and unit: "2 cups rice" -> rice, 2, "cup" (`aichef.line_reader`).

        A line that is a known name as a whole ("7up", "오이", "half and half") is never split."""
        found = self._parsed.get(text)
        if found is None:
            if len(self._parsed) >= _PARSE_CACHE:
                self._parsed.clear()
            found = self._parsed[text] = read_line(text, self)
        return found

    def parse_all(self, texts: Iterable[str]) -> list[ParsedIngredient]:
        """`parse` of each line, in order."""
        return [self.parse(text) for text in texts]

    def foods(self, texts: Iterable[str]) -> list[ParsedIngredient]:
        """Every food of the lines, in order: a line naming several ("salt and pepper") gives each of them."""
        return [food for text in texts for food in self.parse(text).foods()]

    # The vocabulary the grammar reads names with (aichef.line_reader.Vocabulary).
    def exact(self, key: str) -> Found | None:
        """The ingredient (first) or family called `key`; singular forms and hyphens as spaces are tried."""
        found = self._exact.get(key, _UNSEEN)
        if found is not _UNSEEN:
            return found
        found = self._found(key)
        if found is None and "-" in key:
            found = self._found(key.replace("-", " "))
        if len(self._exact) >= _PARSE_CACHE:
            self._exact.clear()
        self._exact[key] = found
        return found

    def _found(self, name: str) -> Found | None:
        """The ingredient called `name` or a singular of it, else the family so called (normalised once)."""
        ingredient = self._index.get(name)  # the index's keys are normalised: a key found as given needs no more
        if ingredient is not None:
            return Found(ingredient.name, "ingredient")
        key = normalise_text(name)
        if key != name:
            ingredient = self._index.get(key)
            if ingredient is not None:
                return Found(ingredient.name, "ingredient")
        singulars = _singular_keys(key) if key.endswith("s") else []  # every singular form drops a final s
        ingredient = _first(self._index, singulars) if singulars else None
        if ingredient is not None:
            return Found(ingredient.name, "ingredient")
        family = self._family_index.get(key)
        if family is None and singulars:
            family = _first(self._family_index, singulars)
        return Found(family.name, "family") if family is not None else None

    def within(self, name: str, family: str) -> bool:
        """Whether ingredient or family `name` is `family` or below it (chicken thigh is within poultry)."""
        return name == family or name in self.members(family) or family in self._ancestors(name)

    def pack(self, name: str, unit: str) -> tuple[float, str] | None:
        """What one `unit` holds when the shop sells `name` in it (sold_as "10 ea head|통": a 통 or head is 10 ea)."""
        ingredient = self._by_name.get(name)
        sold_as = ingredient.sold_as if ingredient is not None else None
        if sold_as is None or unit not in (canonical_unit(sold_as.english) or sold_as.english, sold_as.korean):
            return None
        if sold_as.quantity == 1 and sold_as.unit == "ea":
            return None  # sold one by one: a count of them is already a count of pieces
        return sold_as.quantity, sold_as.unit

    def correct(self, word: str) -> str | None:
        """A known word `word` is probably a misspelling of (`aichef.spelling`), or None."""
        if self._speller is None:
            self._speller = Speller(" ".join([*self._index, *self._family_index]).split(" "))
        return self._speller.correct(word)

    def _collect_members(self, family: str, by_family: dict[str | None, list[str]]) -> frozenset[str]:
        below = {family} | {name for name in self._families if family in self._ancestors(name)}
        return frozenset(name for kind in below for name in by_family.get(kind, ()))

    def _ancestors(self, family: str) -> list[str]:
        seen: list[str] = []
        parent = self._families[family].parent if family in self._families else None
        while parent is not None and parent not in seen:
            seen.append(parent)
            parent = self._families[parent].parent if parent in self._families else None
        return seen


def _lookup[T](index: dict[str, T], name: str) -> T | None:
    key = normalise_text(name)
    found = index.get(key)
    return found if found is not None else _first(index, _singular_keys(key))


def _singular_keys(key: str) -> list[str]:
    """`key` with its last word in each singular form it may have: "green onions" -> ["green onion"]."""
    head, _, last = key.rpartition(" ")
    return [f"{head} {singular}" if head else singular for singular in singular_forms(last)]


def _first[T](index: dict[str, T], keys: list[str]) -> T | None:
    return next((index[key] for key in keys if key in index), None)


def _csv_rows(text: str) -> list[dict[str | None, Any]]:
    """The rows of a CSV text as `csv.DictReader` reads them (blank lines skipped, missing cells None), without its
    per-row cost (a third of the book's load)."""
    reader = csv.reader(text.splitlines())
    header = next(reader, [])
    return [dict(zip_longest(header, row)) for row in reader if row]


_NO_CONVERSION = Conversion()


def _ingredient(row: dict[str | None, Any]) -> Ingredient:
    """One row of ingredients.csv; the columns after `family` may be absent (a small book in a test)."""
    role = row.get("role") or ("protein" if (row.get("main") or "").strip().lower() == "yes" else "other")
    english, _, korean = (row.get("piece") or "").partition("|")
    density, grams = row["density_g_per_ml"], row["grams_per_piece"]
    return Ingredient(
        row["name"],
        row["name_ko"],
        _split(row["aliases"]),
        frozenset(_split(row["contains"])),
        Conversion(float(density) if density else None, float(grams) if grams else None)
        if density or grams
        else _NO_CONVERSION,
        row.get("family") or None,
        role,
        (row.get("perishable") or "").strip().lower() == "yes",
        (english, korean),
        parse_sold_as(row.get("sold_as") or ""),
        row.get("swap") or None,
        row.get("variant_of") or None,
    )


# The columns a variant's row takes from its parent's when it leaves them empty (data/README.md).
_INHERITED = (
    "contains",
    "density_g_per_ml",
    "grams_per_piece",
    "family",
    "role",
    "perishable",
    "piece",
    "sold_as",
    "swap",
)


def fill_variants(rows: list[dict[str | None, Any]]) -> list[dict[str | None, Any]]:
    """The rows with each variant's empty cells filled from its parent's row (`perishable` `no` says it keeps where
    the parent spoils). A parent that is unknown or itself a variant is an error of the data."""
    by_name = {row["name"]: row for row in rows}
    filled = []
    for row in rows:
        parent_name = row.get("variant_of")
        if parent_name:
            parent = by_name.get(parent_name)
            if parent is None or parent.get("variant_of"):
                raise ValueError(f"{row['name']}: variant_of {parent_name!r} is not a row of its own")
            row = {**row, **{column: parent.get(column) for column in _INHERITED if not row.get(column)}}
        filled.append(row)
    return filled


def _split(cell: str | None) -> tuple[str, ...]:
    return tuple(filter(None, (cell or "").split("|")))


BookParts = tuple[
    tuple[tuple[float | None, float | None], ...],
    tuple[tuple[float, BaseUnit, str, str], ...],
    tuple[
        tuple[
            str,
            str,
            tuple[str, ...],
            tuple[str, ...],
            int,
            str | None,
            str,
            bool,
            tuple[str, str],
            int,
            str | None,
            str | None,
        ],
        ...,
    ],
    tuple[tuple[str, str, tuple[str, ...], str | None], ...],
    tuple[tuple[str, ...], tuple[int, ...]],
    tuple[tuple[str, ...], tuple[int, ...]],
    tuple[tuple[str, tuple[str, ...]], ...],
    tuple[tuple[str, tuple[str, ...]], ...],
]
"""`IngredientBook.to_parts`: conversions, packs, rows (naming a conversion and a pack by position, -1: none),
families, the name index and the family index (keys, and the row or family each names), each family's members, each
blend's spices."""

BOOK_SOURCES = ("ingredients.csv", "families.csv", "blends.csv")
BOOK_PARTS = "ingredient_book.marshal"
"""The bundled book's parts (`IngredientBook.to_parts`), written by `python -m aichef_local.derived_data` from
BOOK_SOURCES and checked in: reading them is a third of reading the CSV files (no CSV, no number or name parsing)."""
_PARTS_FORMAT = 3
"""Changes with the layout of `BookParts`, so that parts of another layout are never read."""


def book_digest(sources: Iterable[bytes]) -> str:
    """What the parts are derived from: the layout's version and the bytes of the source files."""
    digest = hashlib.sha256(f"{_PARTS_FORMAT} {marshal.version}".encode())
    for source in sources:
        digest.update(len(source).to_bytes(8, "big"))
        digest.update(source)
    return digest.hexdigest()


def book_parts_file(book: IngredientBook, sources: Iterable[bytes]) -> bytes:
    """The content of BOOK_PARTS for `book`, read from `sources`."""
    return marshal.dumps((book_digest(sources), book.to_parts()))


@cache
def bundled_book() -> IngredientBook:
    """The ingredient book shipped in the layer (loaded once per process)."""
    return load_book(resources.files("aichef").joinpath("data"))


def load_book(folder: Traversable) -> IngredientBook:
    """The book in `folder`: from its parts (BOOK_PARTS) when they were derived from its CSV files as they are, else
    from the CSV files (parts that are stale or absent are not read)."""
    sources = [folder.joinpath(name).read_bytes() for name in BOOK_SOURCES]
    parts = folder.joinpath(BOOK_PARTS)
    if parts.is_file():
        digest, content = marshal.loads(parts.read_bytes())
        if digest == book_digest(sources):
            return IngredientBook.from_parts(content)
    return IngredientBook.from_csv(*(source.decode("utf-8") for source in sources))
