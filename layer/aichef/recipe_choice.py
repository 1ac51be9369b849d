"""How the catalog engine weighs a recipe against what the cook has: which things on hand it uses (and by which
swap), what is left to buy, and how well it fits. Pure: no I/O.

What on hand counts, by role (tests/eval/RUBRIC.md): a protein most, then perishable produce, starches and the
rest; pantry staples not at all (they never steer the choice). A recipe's **fit** is the weight of what it uses
over that plus the weight of what it would buy; below `MIN_FIT`, or using less than `MIN_USED`, it is not a dish
this cook can make today.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from aichef.ingredients import DIET_EXCLUDES, IngredientBook
from aichef.pantry import NEVER_BOUGHT

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

    @property
    def fresh_produce(self) -> bool:
        """Perishable produce: what a cook uses before it spoils (leafy greens, herbs, most vegetables, fruit)."""
        return self.role == "produce" and self.perishable


@dataclass(frozen=True)
class Fit:
    """One recipe against what is on hand."""

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

    @property
    def fit(self) -> float:
        total = self.used_weight + self.buy_weight
        return self.used_weight / total if total else 0.0

    @property
    def score(self) -> float:
        return self.used_weight - BUY_PENALTY * len(self.to_buy) - LIKE_BOUGHT_PENALTY * self.like_bought

    @property
    def makes_a_dish(self) -> bool:
        """Whether a cook would make it today: it uses something that matters and fits well enough."""
        return self.used_weight >= MIN_USED and self.fit >= MIN_FIT

    def makes(self, course: str) -> bool:
        """Whether it makes a dish of `course`: a meal or a side also needs a protein, produce or starch on hand."""
        return self.makes_a_dish and (self.uses_core or course in TREATS)


def on_hand(names: Iterable[str], diets: Iterable[str], book: IngredientBook, pantry: Iterable[str]) -> list[OnHand]:
    """The request's foods as the engine weighs them (staples and the pantry weigh nothing)."""
    excluded = frozenset().union(*(DIET_EXCLUDES[diet] for diet in diets))
    staples = frozenset(pantry)
    found = []
    for name in dict.fromkeys(names):
        role = book.role(name)
        weight = 0.0 if name in staples else ROLE_WEIGHT[role] + (PERISHABLE_BONUS if book.perishable(name) else 0.0)
        flags = book.flags(name) or frozenset()
        found.append(OnHand(name, role, weight, not flags & excluded, book.perishable(name)))
    return found


def weigh(lines: Iterable[str], have: list[OnHand], pantry: Iterable[str], book: IngredientBook) -> Fit:
    """How a recipe of `lines` (canonical names) uses `have` and what it leaves to buy."""
    usable = [item for item in have if item.allowed]
    staples = list(pantry)
    names = list(lines)
    used: dict[str, OnHand] = {}
    covered = 0
    open_lines: list[str] = []
    for line in names:
        covering = next((item for item in usable if book.covers(item.name, line)), None)
        if covering is not None:
            used.setdefault(covering.name, covering)
            covered += 1
        elif line not in NEVER_BOUGHT and not any(book.covers(staple, line) for staple in staples):
            open_lines.append(line)
    swaps: list[tuple[str, str]] = []
    to_buy: list[str] = []
    for line in open_lines:  # swaps only after every direct use, and never to a food the recipe already has
        swap = _swap(line, [item for item in usable if item.name not in names], used, book)
        if swap is not None:
            used[swap.name] = swap
            swaps.append((line, swap.name))
            covered += 1
        else:
            to_buy.append(line)
    unused_roles = {item.role for item in usable if item.name not in used and item.weight > 0}
    like_bought = sum(book.role(line) in ("protein", "starch") and book.role(line) in unused_roles for line in to_buy)
    return Fit(
        used=frozenset(used),
        swaps=tuple(swaps),
        to_buy=tuple(to_buy),
        used_weight=sum(item.weight for item in used.values()),
        buy_weight=sum(_line_weight(line, book) for line in to_buy),
        like_bought=like_bought,
        uses_protein=any(item.role == "protein" for item in used.values()),
        uses_fresh_produce=any(item.fresh_produce for item in used.values()),
        covered=covered,
        uses_core=any(item.role in CORE_ROLES for item in used.values()),
    )


def _swap(line: str, usable: list[OnHand], used: dict[str, OnHand], book: IngredientBook) -> OnHand | None:
    """An unused ingredient on hand a cook swaps for `line` (same cut family or species group)."""
    group = book.swap_group(line)
    if group is None:
        return None
    return next(
        (
            item
            for item in usable
            if item.name not in used and item.name != line and book.swap_group(item.name) == group
        ),
        None,
    )


def _line_weight(name: str, book: IngredientBook) -> float:
    return ROLE_WEIGHT[book.role(name)] + (PERISHABLE_BONUS if book.perishable(name) else 0.0)
