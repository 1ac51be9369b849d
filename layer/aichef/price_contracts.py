"""The contracts of the price and combine states: quotes, the priced recipe and the workflow's output.

Part of `aichef.contracts` (import them from there): kept in a module of their own so that the recipe function, which
validates with none of them, does not create their nine model classes at every cold start (about 6 ms).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import ConfigDict, Field

from aichef.contracts import Currency, PriceUnit, Recipe, _Strict


class Quote(_Strict):
    """The price of one ingredient from one source, per kg, l or piece."""

    model_config = ConfigDict(extra="forbid", strict=False, frozen=True)

    name: str
    price: Annotated[float, Field(gt=0)]
    per: PriceUnit
    currency: Currency
    source: str
    as_of: str


class PriceReport(_Strict):
    """What the price function returns: a quote, or null when no source knows the name, for every name asked."""

    model_config = ConfigDict(extra="forbid", strict=False, frozen=True)

    currency: Currency
    quotes: dict[str, Quote | None]


class PricedLine(_Strict):
    name: str
    quantity: float
    unit: Literal["g", "ml", "ea"]
    unit_price: float
    cost: float | int
    source: str
    label: str = ""
    """The name in the answer's language (`name` stays the canonical key)."""


class Pack(_Strict):
    """How a line to buy is bought when a shop sells it whole: packs, what they hold and what is left over."""

    model_config = ConfigDict(extra="forbid", strict=False, frozen=True)

    packs: int
    name: str
    """What one pack is called in the answer's language ("head", "통", "bunch of 8")."""
    quantity: float
    """What the packs hold in all, in `unit` (the pack's own: a bag of gochugaru in g)."""
    unit: Literal["g", "ml", "ea"]
    leftover: float
    """What is left after the dish, in `unit`."""


class BuyLine(PricedLine):
    """A line to buy: `quantity` is the exact amount needed; `cost` is what the shopper pays (whole packs when the
    ingredient is sold whole, see `pack`)."""

    pack: Pack | None = None


class UnpricedLine(_Strict):
    name: str
    quantity: float
    unit: str
    reason: str
    label: str = ""


class Pricing(_Strict):
    currency: Currency
    total: float | int
    per_serving: float | int
    lines: list[PricedLine]
    unpriced: list[UnpricedLine]
    to_buy: list[BuyLine]
    """What must be bought, in the shape of `lines`: lines nothing on hand or in the pantry covers, shortfalls of
    covered ones; whole packs where a shop sells them so."""
    to_buy_total: float | int
    optional: list[BuyLine] = []
    """The recipe's optional lines (garnishes, things to serve with) nothing on hand covers, priced as `to_buy`
    would buy them, and in neither `to_buy` nor `to_buy_total`: the dish is made without them."""


class Correction(_Strict):
    """A request item read through a spelling correction: `garlick` as garlic."""

    model_config = ConfigDict(extra="forbid", strict=False, frozen=True)

    text: str
    name: str


class WorkflowOutput(_Strict):
    """The successful result of one execution (ARCHITECTURE §3)."""

    model_config = ConfigDict(extra="forbid", strict=False, frozen=True)

    request_id: str
    unrecognized: list[str]
    """The request's ingredient strings, verbatim, that the ingredient book could not map."""
    corrected: list[Correction] = []
    """The request's items read through a spelling correction (`unrecognized` keeps what is truly unknown)."""
    recipe: Recipe
    pricing: Pricing
