"""Combine: joins a recipe with price quotes into a priced recipe. Pure: no I/O, no AWS.

Each recipe line is normalised to g / ml / ea, converted to the quote's unit through the ingredient's density or
piece weight when needed, and costed; money is rounded per currency (KRW whole won, USD cents) and the total is the
sum of the rounded line costs, so the figures a user sees always add up. `to_buy` repeats the lines that must be
bought (all of a line nothing on hand covers, the shortfall of one whose amount on hand was given) and
`to_buy_total` is the sum of their rounded costs.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from aichef.contracts import Currency, PricedLine, Pricing, Quote, Recipe, UnpricedLine, WorkflowOutput, WorkflowRequest
from aichef.ingredients import IngredientBook, ParsedIngredient
from aichef.pantry import Pantry
from aichef.units import PRICE_UNITS, Conversion, UnknownUnit, to_base

MONEY_STEP = {"KRW": Decimal("1"), "USD": Decimal("0.01")}


def round_money(amount: Decimal, currency: Currency) -> Decimal:
    return amount.quantize(MONEY_STEP[currency], rounding=ROUND_HALF_UP)


def money_json(amount: Decimal, currency: Currency) -> int | float:
    """KRW as an integer number of won, USD as a float with at most two decimals."""
    return int(amount) if currency == "KRW" else float(amount)


@dataclass(frozen=True)
class CombineResult:
    output: WorkflowOutput
    pending: list[str]
    """Canonical names with no quote yet (neither priced nor known to be unpriceable): the PriceGaps call asks these."""


def price_recipe(
    recipe: Recipe,
    quotes: dict[str, Quote | None],
    currency: Currency,
    book: IngredientBook,
    on_hand: Sequence[ParsedIngredient] = (),
) -> tuple[Pricing, list[str]]:
    """Price every line of `recipe` with `quotes`, and what must be bought given `on_hand`; returns the pricing
    and the names still without a quote."""
    lines: list[PricedLine] = []
    to_buy: list[PricedLine] = []
    unpriced: list[UnpricedLine] = []
    pending: list[str] = []
    total = to_buy_total = Decimal(0)
    pantry = Pantry(on_hand, book)
    for line in recipe.ingredients:
        name = book.canonical(line.name)
        try:
            quantity, unit = to_base(line.quantity, line.unit)
        except UnknownUnit as error:
            unpriced.append(UnpricedLine(name=name, quantity=line.quantity, unit=line.unit, reason=str(error)))
            continue
        shown = round(quantity, 2)
        if name not in quotes:
            pending.append(name)
            unpriced.append(UnpricedLine(name=name, quantity=shown, unit=unit, reason="no quote was fetched"))
            continue
        quote = quotes[name]
        if quote is None:
            unpriced.append(
                UnpricedLine(name=name, quantity=shown, unit=unit, reason="no price source knows this ingredient")
            )
            continue
        if quote.currency != currency:
            unpriced.append(
                UnpricedLine(
                    name=name, quantity=shown, unit=unit, reason=f"quote is in {quote.currency}, not {currency}"
                )
            )
            continue
        quote_unit, per_amount = PRICE_UNITS[quote.per]
        in_quote_unit = book.conversion(name).convert(quantity, unit, quote_unit)
        if in_quote_unit is None:
            unpriced.append(
                UnpricedLine(
                    name=name,
                    quantity=shown,
                    unit=unit,
                    reason=_unconvertible(book.conversion(name), unit, quote_unit, quote.per),
                )
            )
            continue
        exact_cost = Decimal(str(in_quote_unit)) / Decimal(str(per_amount)) * Decimal(str(quote.price))
        cost = round_money(exact_cost, currency)
        total += cost
        unit_price = exact_cost / Decimal(str(quantity))
        line_ = PricedLine(
            name=name,
            quantity=shown,
            unit=unit,
            unit_price=float(round(unit_price, 4)),
            cost=money_json(cost, currency),
            source=quote.source,
        )
        lines.append(line_)
        buy = pantry.shortfall(name, quantity, unit)
        if unit == "ea":  # pieces are bought in halves, as recipes scale them: never 0.08 of a chicken
            buy = min(quantity, math.ceil(buy * 2 - 1e-9) / 2)
        if round(buy, 2) > 0:
            buy_cost = round_money(Decimal(str(buy)) * unit_price, currency)
            to_buy_total += buy_cost
            to_buy.append(line_.model_copy(update={"quantity": round(buy, 2), "cost": money_json(buy_cost, currency)}))
    per_serving = round_money(total / recipe.servings, currency)
    pricing = Pricing(
        currency=currency,
        total=money_json(total, currency),
        per_serving=money_json(per_serving, currency),
        lines=lines,
        unpriced=unpriced,
        to_buy=to_buy,
        to_buy_total=money_json(to_buy_total, currency),
    )
    return pricing, list(dict.fromkeys(pending))


def _unconvertible(conversion: Conversion, unit: str, quote_unit: str, per: str) -> str:
    """Why `unit` cannot be priced per `per`: which physical data the ingredient lacks."""
    needs = []
    if "ml" in (unit, quote_unit) and conversion.density_g_per_ml is None:
        needs.append("density")
    if "ea" in (unit, quote_unit) and conversion.grams_per_piece is None:
        needs.append("piece weight")
    return f"priced per {per} but the recipe uses {unit} and no {' or '.join(needs)} is known"


def combine(
    request_id: str, request: WorkflowRequest, recipe: Recipe, quotes: dict[str, Quote | None], book: IngredientBook
) -> CombineResult:
    """The workflow output for one execution, plus the names the PriceGaps pass should still look up."""
    parsed = book.parse_all(request.ingredients)
    pricing, pending = price_recipe(recipe, quotes, request.currency, book, parsed)
    unrecognized = [item.text for item in parsed if not item.known]
    output = WorkflowOutput(request_id=request_id, unrecognized=unrecognized, recipe=recipe, pricing=pricing)
    return CombineResult(output, pending)
