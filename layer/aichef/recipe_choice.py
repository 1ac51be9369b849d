"""How the catalog engine weighs a recipe against what the cook has: which things on hand it uses (and by which
swap), what is left to buy, and how well it fits. Pure: no I/O.

What on hand counts, by role (tests/eval/RUBRIC.md): a protein most, then perishable produce, starches and the
rest; pantry staples not at all (they never steer the choice). A recipe's **fit** is the weight of what it uses
over that plus the weight of what it would buy; below `MIN_FIT`, or using less than `MIN_USED`, it is not a dish
this cook can make today.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from aichef.ingredients import DIET_EXCLUDES, IngredientBook
from aichef.pantry import NEVER_BOUGHT, close_enough
from aichef.units import BaseUnit

# fmt: off
ROLE_WEIGHT = {"protein": 5.0, "produce": 2.0, "starch": 2.0, "dairy": 1.5, "condiment": 0.5, "other": 1.0,
               "staple": 0.0}
# fmt: on
PERISHABLE_BONUS = 1.0
MIN_FIT = 0.25
MAX_TO_BUY = 5
"""A few things to buy (tests/eval/RUBRIC.md): a dish with more ranks after every one within it."""
MIN_USED = 2.0
"""A dish must use at least this weight of what is on hand: a protein, or produce, a starch or cheese."""
BUY_PENALTY = 0.5
"""What each line to buy costs against the weight of what the dish uses (a trip to the shop is a trip, whatever the
line: what is used decides, the count of lines to buy breaks near-ties)."""
LIKE_BOUGHT_PENALTY = 4.0
"""Buying a protein or a starch while one of the same role waits on hand unused."""
PROTEIN_BOUGHT_PENALTY = 1.5
"""What each protein to buy costs beyond a line: a dish's centre bought is a bigger trip than a garnish."""
CORE_ROLES = frozenset({"protein", "produce", "starch"})
"""What a meal is built on: milk, cream, cheese or sauces alone make a dessert or a snack, not dinner."""
TREATS = frozenset({"dessert", "snack"})


@dataclass(frozen=True)
class OnHand:
    """One food the cook has, as the engine weighs it."""

    name: str
    role: str
    weight: float
    allowed: bool
    perishable: bool = False
    amount: tuple[float, BaseUnit] | None = None
    """How much the cook has, in g, ml or pieces, when they said."""

    @property
    def fresh_produce(self) -> bool:
        """Perishable produce: what a cook uses before it spoils (leafy greens, herbs, most vegetables, fruit)."""
        return self.role == "produce" and self.perishable


class Fit(NamedTuple):
    """One recipe against what is on hand (a tuple: every request builds one per candidate recipe)."""

    used: frozenset[str]
    """The on-hand names the dish uses (directly, through a family, or by a swap)."""
    swaps: tuple[tuple[str, str], ...]
    """(the recipe's line, the on-hand ingredient used instead)."""
    to_buy: tuple[str, ...]
    """The recipe's lines nothing on hand or in the pantry covers."""
    used_weight: float
    buy_weight: float
    like_bought: int
    uses_protein: bool
    uses_fresh_produce: bool
    covered: int
    """How many of the recipe's lines what is on hand covers (a family on hand may cover several)."""
    uses_core: bool = True
    """Whether it uses a protein, produce or a starch on hand (CORE_ROLES)."""
    proteins_bought: int = 0
    """How many of the lines to buy are proteins."""
    short: tuple[str, ...] = ()
    """Lines something on hand covers, but less than a cook makes do with (`aichef.pantry.close_enough`): the rest is
    bought too."""

    @property
    def shopping(self) -> int:
        """How many lines send the cook to the shop: those to buy and those on hand too short."""
        return len(self.to_buy) + len(self.short)

    @property
    def fit(self) -> float:
        total = self.used_weight + self.buy_weight
        return self.used_weight / total if total else 0.0

    @property
    def score(self) -> float:
        return (
            self.used_weight
            - BUY_PENALTY * self.shopping
            - LIKE_BOUGHT_PENALTY * self.like_bought
            - PROTEIN_BOUGHT_PENALTY * self.proteins_bought
        )

    @property
    def makes_a_dish(self) -> bool:
        """Whether a cook would make it today: it uses something that matters and fits well enough."""
        return self.used_weight >= MIN_USED and self.fit >= MIN_FIT

    def makes(self, course: str) -> bool:
        """Whether it makes a dish of `course`: a meal or a side also needs a protein, produce or starch on hand."""
        return self.makes_a_dish and (self.uses_core or course in TREATS)


_AT_HOME = OnHand("", "staple", 0.0, False)
"""What `Scales.state` says of a line the pantry covers (or one never bought): nothing on hand is used for it."""


def on_hand(
    names: Iterable[str],
    diets: Iterable[str],
    book: IngredientBook,
    pantry: Iterable[str],
    amounts: Mapping[str, tuple[float, BaseUnit]] | None = None,
) -> list[OnHand]:
    """The request's foods as the engine weighs them (staples and the pantry weigh nothing), with the `amounts` the
    cook gave (g, ml or pieces, by name)."""
    excluded = frozenset().union(*(DIET_EXCLUDES[diet] for diet in diets))
    staples = frozenset(pantry)
    given = amounts or {}
    found = []
    for name in dict.fromkeys(names):
        role = book.role(name)
        weight = 0.0 if name in staples else ROLE_WEIGHT[role] + (PERISHABLE_BONUS if book.perishable(name) else 0.0)
        flags = book.flags(name) or frozenset()
        found.append(OnHand(name, role, weight, not flags & excluded, book.perishable(name), given.get(name)))
    return found


def weigh(
    lines: Iterable[str],
    have: list[OnHand],
    pantry: Iterable[str],
    book: IngredientBook,
    needs: Mapping[str, tuple[float, BaseUnit]] | None = None,
) -> Fit:
    """How a recipe of `lines` (canonical names) uses `have` and what it leaves to buy (`Scales.weigh`)."""
    return Scales(have, pantry, book).weigh(lines, needs)


class Scales:
    """What is on hand and at home, set out once per request to weigh every candidate recipe against it: which food
    on hand covers a line (the first that does, directly or as its family), which lines the pantry covers, the
    foods on hand by swap group, and each line's role, weight and swap group (looked up once per name)."""

    def __init__(
        self,
        have: list[OnHand],
        pantry: Iterable[str],
        book: IngredientBook,
        lines: dict[str, tuple[str, float, str | None]] | None = None,
    ) -> None:
        self.book = book
        self.usable = [item for item in have if item.allowed]
        cover: dict[str, OnHand] = {}
        self.by_group: dict[str, list[OnHand]] = {}
        for item in self.usable:
            for name in (item.name, *book.covered(item.name)):
                cover.setdefault(name, item)
            group = book.swap_group(item.name)
            if group is not None:
                self.by_group.setdefault(group, []).append(item)
        at_home = {name for staple in pantry for name in (staple, *book.covered(staple))} | NEVER_BOUGHT
        self.state: dict[str, OnHand] = dict.fromkeys(at_home, _AT_HOME) | cover  # what covers a line wins
        self.fresh = frozenset(item.name for item in self.usable if item.fresh_produce)
        self._lines = {} if lines is None else lines  # the same for every request: a catalog passes its own

    def weigh(
        self,
        lines: Iterable[str],
        needs: Mapping[str, tuple[float, BaseUnit]] | None = None,
        optional: frozenset[str] = frozenset(),
        alternatives: Mapping[str, tuple[str, ...]] | None = None,
    ) -> Fit:
        """How a recipe of `lines` (canonical names) uses what is on hand and what it leaves to buy; with `needs`
        (each line's amount at the servings asked), which lines what is on hand covers too short. An `optional` line
        (a garnish) is used when something on hand covers it and otherwise left out, never bought. A line's
        `alternatives` (the recipe's "beef or pork") stand in for it before its swap group does."""
        names = list(lines)
        used, covered, open_lines, short = self._direct(names, needs, optional)
        swaps: list[tuple[str, str]] = []
        to_buy: list[str] = []
        weights: list[float] = []
        like: list[str] = []  # the roles of proteins and starches to buy
        proteins_bought = 0
        for line in open_lines:  # swaps only after every direct use, and never to a food the recipe already has
            role, weight, group = self._lines.get(line) or self.line(line)
            alike = self.by_group.get(group) if group is not None else None
            swap = self._alternative(alternatives.get(line, ()), names, used) if alternatives else None
            swap = swap or (_swap(alike, names, used) if alike else None)
            if swap is not None:
                used[swap.name] = swap
                swaps.append((line, swap.name))
                covered += 1
            elif line not in optional:  # a garnish nothing stands in for is left out
                to_buy.append(line)
                weights.append(weight)
                if role in ("protein", "starch"):
                    like.append(role)
                proteins_bought += role == "protein"
        for line in short:
            role = self._lines.get(line, self.line(line))[0]
            if role in ("protein", "starch"):
                like.append(role)
        roles = {item.role for item in used.values()}
        return Fit(
            used=frozenset(used),
            swaps=tuple(swaps),
            to_buy=tuple(to_buy),
            used_weight=sum([item.weight for item in used.values()]),
            buy_weight=sum(weights),
            like_bought=self._like_bought(like, used) if like else 0,
            uses_protein="protein" in roles,
            uses_fresh_produce=not self.fresh.isdisjoint(used),
            covered=covered,
            uses_core=not roles.isdisjoint(CORE_ROLES),
            proteins_bought=proteins_bought,
            short=tuple(short),
        )

    def _direct(
        self, names: list[str], needs: Mapping[str, tuple[float, BaseUnit]] | None, optional: frozenset[str]
    ) -> tuple[dict[str, OnHand], int, list[str], list[str]]:
        """The foods on hand that cover lines `names` as they are, how many lines they cover, the lines left open
        (nothing on hand or at home covers them), and the lines covered too short of their `needs`."""
        used: dict[str, OnHand] = {}
        covered = 0
        open_lines: list[str] = []
        short: list[str] = []
        needs = needs or {}
        for line in names:
            covering = self.state.get(line)
            if covering is None:
                open_lines.append(line)
            elif covering is not _AT_HOME:
                used.setdefault(covering.name, covering)
                covered += 1
                weighed = covering.amount is not None and line in needs and line not in optional
                if weighed and self._short(covering, line, needs):
                    short.append(line)
        return used, covered, open_lines, short

    def _alternative(self, options: Iterable[str], names: list[str], used: dict[str, OnHand]) -> OnHand | None:
        """The first food on hand that covers one of a line's `options`, by the rule of `_swap`."""
        return _swap([found for option in options if (found := self.state.get(option)) not in (None, _AT_HOME)],
                     names, used)  # fmt: skip

    def _short(self, covering: OnHand, line: str, needs: Mapping[str, tuple[float, BaseUnit]]) -> bool:
        """Whether `covering` holds less of `line` than a cook makes do with; an amount of another ingredient (raw
        rice for cooked rice) or one the book cannot convert says nothing, as in `aichef.pantry`."""
        assert covering.amount is not None
        found = self.book.get(covering.name)
        if covering.name != line and found is not None and found.name == covering.name:
            return False
        need, unit = needs[line]
        have = self.book.conversion(line).convert(covering.amount[0], covering.amount[1], unit)
        return have is not None and have < close_enough(self.book, line) * need

    def line(self, name: str) -> tuple[str, float, str | None]:
        """A line's role, what buying it weighs against a dish (its role's weight, more when it spoils) and its swap
        group, looked up once."""
        found = self._lines.get(name)
        if found is None:
            found = self._lines[name] = (
                self.book.role(name),
                _line_weight(name, self.book),
                self.book.swap_group(name),
            )
        return found

    def _like_bought(self, roles: list[str], used: dict[str, OnHand]) -> int:
        """How many of the `roles` to buy (proteins, starches) have one of the same role waiting on hand unused."""
        unused_roles = {item.role for item in self.usable if item.name not in used and item.weight > 0}
        return sum(role in unused_roles for role in roles)


def _swap(alike: list[OnHand], names: list[str], used: dict[str, OnHand]) -> OnHand | None:
    """The first food on hand of a line's swap group (`alike`: same cut family or species group) a cook swaps for
    it: one not used yet and not one of the recipe's own `names`."""
    return next((item for item in alike if item.name not in used and item.name not in names), None)


def _line_weight(name: str, book: IngredientBook) -> float:
    return ROLE_WEIGHT[book.role(name)] + (PERISHABLE_BONUS if book.perishable(name) else 0.0)
