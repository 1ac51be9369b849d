"""Ingredient knowledge: canonical names (English and Korean, aliases, plurals), families of them (`chicken`,
`버섯`), diet flags, physical data, and parsing of request strings such as "300g pork belly" or "양파 반개".

Backed by `data/ingredients.csv` (one row per canonical ingredient) and `data/families.csv` (the generic names).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

from aichef.quantities import Amount, split_amount
from aichef.units import Conversion

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


@dataclass(frozen=True)
class Ingredient:
    name: str
    name_ko: str
    aliases: tuple[str, ...]
    contains: frozenset[str]
    conversion: Conversion
    family: str | None = None
    main: bool = False
    """Whether it can be the centre of a dish (meat and poultry cuts, fish, seafood, tofu, egg, sausage...)."""

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


@dataclass(frozen=True)
class ParsedIngredient:
    """An ingredient string from a request: its canonical name and, when given, the quantity on hand.

    `kind` is "ingredient", "family" (a generic name such as chicken or 버섯) or None when the book does not know it;
    `quantity` None means the amount is unknown ("kimchi", "some kimchi", "김치 약간")."""

    text: str
    name: str
    known: bool
    quantity: float | None = None
    unit: str | None = None
    kind: str | None = None


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


# Words that describe the state or size of what is on hand, not which ingredient it is ("2 large eggs, beaten").
# A name is first looked up whole ("ground beef", "cooked rice"), and only then without them.
_DESCRIPTORS = frozenset(
    {
        "fresh",
        "large",
        "small",
        "medium",
        "big",
        "extra",
        "chopped",
        "diced",
        "minced",
        "sliced",
        "grated",
        "shredded",
        "crushed",
        "boneless",
        "skinless",
        "ripe",
        "frozen",
        "raw",
        "organic",
        "finely",
        "roughly",
        "thinly",
        "peeled",
        "leftover",
        "cold",
        "day-old",
        "canned",
        "tinned",
        "whole",
        "plain",
        "good",
        "quality",
        "free-range",
        "lean",
        "baby",
        "jumbo",
        "about",
        "approx",
        "approximately",
        "cubed",
        "halved",
        "trimmed",
        "washed",
        "beaten",
        "softened",
        "melted",
        "packed",
        "heaping",
        "level",
        "firmly",
        "lightly",
        "cut",
        "freshly",
        "ground",
        "toasted",
        # Korean: 국거리 (for soup), 다진 (minced), 채 썬 (julienned), 냉동 (frozen), 손질된 (cleaned),
        # and uses (불고기용)
        "국거리",
        "다진",
        "채",
        "썬",
        "냉동",
        "손질된",
        "불고기용",
        "찌개용",
        "구이용",
        "볶음용",
        "국용",
        "잡채용",
        "카레용",
    }
)


_CAN_WORDS = frozenset({"can", "cans", "tin", "tins", "캔"})


def _name_candidates(text: str) -> list[str]:
    """`text` and the same name without notes: "2 large eggs, beaten" -> "large eggs" -> "eggs"."""
    key = normalise_text(text)
    candidates = [key]
    for separator in (",", " (", " - ", " for ", " to "):
        head = key.split(separator, 1)[0].strip()
        if head and head not in candidates:
            candidates.append(normalise_text(head))
    words = candidates[-1].split(" ")
    if len(words) > 1 and words[-1] in _CAN_WORDS:  # "tuna can", "참치 캔"
        candidates.append(" ".join(["canned", *words[:-1]]))
    while len(words) > 1 and words[0] in _DESCRIPTORS:
        words = words[1:]
        candidates.append(" ".join(words))
    kept = [word for word in words if word not in _DESCRIPTORS]
    if kept and kept != words:
        candidates.append(" ".join(kept))
    return candidates


class IngredientBook:
    """Looks ingredients and families up by any of their names; the single place where names are normalised.

    A specific name always wins over a generic one: an ingredient's name or alias is looked up before a family's,
    so `tofu`, `rice`, `egg` and `sausage` are the ingredients of that name. The family of the same name adds only
    coverage: "tofu" on hand also covers a recipe's soft tofu, "rice" covers cooked rice (see `covers`).
    """

    def __init__(self, ingredients: Iterable[Ingredient], families: Iterable[Family] = ()) -> None:
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
        self._members = {name: self._collect_members(name) for name in self._families}

    @classmethod
    def from_csv(cls, text: str, families_text: str = "") -> IngredientBook:
        """The book from ingredients.csv text (and families.csv text, when there are families)."""
        rows = csv.DictReader(text.splitlines())
        ingredients = [
            Ingredient(
                name=row["name"],
                name_ko=row["name_ko"],
                aliases=_split(row["aliases"]),
                contains=frozenset(_split(row["contains"])),
                conversion=Conversion(
                    density_g_per_ml=float(row["density_g_per_ml"]) if row["density_g_per_ml"] else None,
                    grams_per_piece=float(row["grams_per_piece"]) if row["grams_per_piece"] else None,
                ),
                family=row.get("family") or None,
                main=(row.get("main") or "").strip().lower() == "yes",
            )
            for row in rows
        ]
        families = [
            Family(
                name=row["name"], name_ko=row["name_ko"], aliases=_split(row["aliases"]), parent=row["parent"] or None
            )
            for row in csv.DictReader(families_text.splitlines())
        ]
        return cls(ingredients, families)

    def __len__(self) -> int:
        return len(self._by_name)

    def __iter__(self) -> Iterator[Ingredient]:
        return iter(self._by_name.values())

    @property
    def families(self) -> list[Family]:
        return list(self._families.values())

    def get(self, name: str) -> Ingredient | None:
        """The ingredient called `name` in any known spelling, or None."""
        return _lookup(self._index, name)

    def get_family(self, name: str) -> Family | None:
        """The family called `name` in any known spelling (the family itself, even when an ingredient shares it)."""
        return _lookup(self._family_index, name)

    def members(self, family: str) -> frozenset[str]:
        """The ingredient names in `family` or any family below it: `members("poultry")` holds chicken thigh."""
        return self._members.get(family, frozenset())

    def covers(self, have: str, need: str) -> bool:
        """Whether `have` (a canonical ingredient or family name on hand) covers the recipe's ingredient `need`.

        Exact names cover; a family covers its members; an ingredient named like a family (tofu, rice) covers
        that family's members too. A member never covers another member (chicken breast is not chicken thigh)."""
        return have == need or need in self._members.get(have, frozenset())

    def is_main(self, name: str) -> bool:
        """Whether `name` (canonical) can be the centre of a dish: a main ingredient or a family holding one."""
        ingredient = self._by_name.get(name)
        if ingredient is not None:
            return ingredient.main
        return any(self._by_name[member].main for member in self._members.get(name, frozenset()))

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
        """The canonical ingredient or family name, or the normalised text itself for a name the book does not know."""
        found = self.get(name) or self.get_family(name)
        return found.name if found else normalise_text(name)

    def conversion(self, name: str) -> Conversion:
        found = self.get(name)
        return found.conversion if found else Conversion()

    def parse(self, text: str) -> ParsedIngredient:
        """Split a request string into quantity, unit and canonical name: "2 cups rice" -> 2, "cup", "rice".

        A string that is a known name as a whole ("7up", "오이") is never split."""
        whole = self._resolve(text)
        if whole is not None:
            return ParsedIngredient(text=text, name=whole[0], known=True, kind=whole[1])
        amount = split_amount(text)
        found = None
        if amount.unit in _CAN_WORDS:  # "1 can chickpeas" is the canned ingredient when the book has one
            found = self._resolve(f"canned {amount.name}")
        elif amount.unit is not None and text.lower().find(f"{amount.unit} {amount.name.lower()}") >= 0:
            found = self._resolve(f"{amount.unit} {amount.name}")  # "1 whole chicken" is whole chicken
            if found is not None:
                amount = Amount(amount.quantity, "ea", f"{amount.unit} {amount.name}")
        found = found or self._resolve(amount.name)
        if found is None:
            return ParsedIngredient(
                text=text, name=normalise_text(amount.name), known=False, quantity=amount.quantity, unit=amount.unit
            )
        return ParsedIngredient(
            text=text, name=found[0], known=True, quantity=amount.quantity, unit=amount.unit, kind=found[1]
        )

    def parse_all(self, texts: Iterable[str]) -> list[ParsedIngredient]:
        """`parse` of each request string, in order."""
        return [self.parse(text) for text in texts]

    def _resolve(self, text: str) -> tuple[str, str] | None:
        for candidate in _name_candidates(text):
            ingredient = self.get(candidate)
            if ingredient is not None:
                return ingredient.name, "ingredient"
            family = self.get_family(candidate)
            if family is not None:
                return family.name, "family"
        return None

    def _collect_members(self, family: str) -> frozenset[str]:
        below = {family} | {name for name in self._families if family in self._ancestors(name)}
        return frozenset(ingredient.name for ingredient in self._by_name.values() if ingredient.family in below)

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
    if found is not None:
        return found
    words = key.split(" ")
    for singular in _singular_forms(words[-1]):
        found = index.get(" ".join([*words[:-1], singular]))
        if found is not None:
            return found
    return None


def _split(cell: str) -> tuple[str, ...]:
    return tuple(item for item in (cell or "").split("|") if item)


@cache
def bundled_book() -> IngredientBook:
    """The ingredient book shipped in the layer (loaded once per process)."""
    data = resources.files("aichef").joinpath("data")
    return IngredientBook.from_csv(
        data.joinpath("ingredients.csv").read_text("utf-8"), data.joinpath("families.csv").read_text("utf-8")
    )
