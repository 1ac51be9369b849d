"""What the request has on hand, drawn down line by line as a recipe uses it, to say what is left to buy. Pure.

A line nothing on hand covers is bought whole; a line covered by something whose amount is unknown ("kimchi",
"some kimchi") is not bought at all; a covered line whose amount was given is bought only for the shortfall
(have 200 g kimchi, the recipe needs 450 g: buy 250 g), unless what is on hand covers at least `CLOSE_ENOUGH` of
the line (`close_enough`: half for a vegetable or fruit): then the dish uses all of it and nothing is bought (no cook
buys 146 g of shrimp to top up a pound, nor a second carrot for a stir-fry that has one).
Amounts meet through the recipe ingredient's density and piece weight; an amount that cannot be converted, or that
is of another ingredient (raw rice covering cooked rice), counts as unknown, so nothing is bought twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from aichef.contracts import WorkflowRequest
from aichef.ingredients import IngredientBook, ParsedIngredient
from aichef.units import BaseUnit


@dataclass
class _Stock:
    name: str
    amount: float | None
    unit: BaseUnit | None


DEFAULT_PANTRY = ("salt", "black pepper", "water", "cooking oil", "sugar")
"""The staples assumed at home when a request names no `pantry`."""
NEVER_BOUGHT = frozenset({"water"})
CLOSE_ENOUGH = 2 / 3
"""The share of a line that, on hand, a cook makes do with rather than shop for the rest."""
CLOSE_ENOUGH_PRODUCE = 1 / 2
"""The same for produce: one carrot where the recipe scaled up asks for two makes the same dish, a little lighter."""


def close_enough(book: IngredientBook, name: str) -> float:
    """The share of the recipe's line `name` a cook makes do with: CLOSE_ENOUGH_PRODUCE for produce, else
    CLOSE_ENOUGH."""
    return CLOSE_ENOUGH_PRODUCE if book.role(name) == "produce" else CLOSE_ENOUGH


def pantry_names(request: WorkflowRequest, book: IngredientBook) -> list[str]:
    """The staples at home: the request's `pantry`, or salt, pepper, water, cooking oil and sugar."""
    texts = DEFAULT_PANTRY if request.pantry is None else request.pantry
    return [food.name for food in book.foods(texts) if food.known]


class Pantry:
    """The understood items of a request with the amounts still unused, and the staples at home (never bought)."""

    def __init__(self, on_hand: Iterable[ParsedIngredient], book: IngredientBook, staples: Iterable[str] = ()) -> None:
        self.book = book
        self._stock = [_stock(item) for item in on_hand if item.known]
        self._stock += [_Stock(name, None, None) for name in [*staples, *NEVER_BOUGHT]]
        self.made_do: dict[str, float] = {}
        """Lines covered only in part but close enough, with the share of the line on hand (0.75 to 1)."""
        self.made_do_with: dict[str, tuple[float, BaseUnit]] = {}
        """For those lines, what the cook has in the unit they gave it ("500 g" of chicken for half a chicken)."""

    def shortfall(self, name: str, quantity: float, unit: BaseUnit) -> float:
        """How much of `quantity` `unit` of the recipe's `name` must be bought; uses up what covers it."""
        left = quantity
        conversion = self.book.conversion(name)
        taken: list[tuple[float, BaseUnit]] = []
        for stock in self._stock:
            if left <= 0:
                break
            if not self.book.covers(stock.name, name):
                continue
            if stock.amount is None or stock.unit is None or self._other_ingredient(stock.name, name):
                return 0.0
            have = conversion.convert(stock.amount, stock.unit, unit)
            if have is None:
                return 0.0
            used = min(have, left)
            left -= used
            taken.append(
                (stock.amount if used == have else conversion.convert(used, unit, stock.unit) or 0.0, stock.unit)
            )
            back = conversion.convert(have - used, unit, stock.unit)
            stock.amount = back if back is not None else 0.0
        if 0 < left <= (1 - close_enough(self.book, name)) * quantity:
            self.made_do[name] = 1 - left / quantity
            if len({taken_unit for _, taken_unit in taken}) == 1:
                self.made_do_with[name] = (sum(amount for amount, _ in taken), taken[0][1])
            return 0.0
        return max(0.0, left)

    def _other_ingredient(self, have: str, need: str) -> bool:
        """Raw rice covering cooked rice: another ingredient, so its amount says nothing about the recipe's."""
        found = self.book.get(have)
        return have != need and found is not None and found.name == have


def _stock(item: ParsedIngredient) -> _Stock:
    if item.base is None:
        return _Stock(item.name, None, None)
    amount, unit = item.base
    return _Stock(item.name, amount, unit)  # type: ignore[arg-type]
