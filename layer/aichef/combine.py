"""Combine: joins a recipe with price quotes into a priced recipe. Pure: no I/O, no AWS.

Each recipe line is normalised to g / ml / ea, converted to the quote's unit through the ingredient's density or
piece weight when needed, and costed; money is rounded per currency (KRW whole won, USD cents) and the total is the
sum of the rounded line costs, so the figures a user sees always add up. `to_buy` repeats the lines that must be
bought (all of a line nothing on hand covers, the shortfall of one whose amount on hand was given) and
`to_buy_total` is the sum of their rounded costs; a line the recipe marks optional (a garnish) is listed apart, in
`optional`, never in `to_buy`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from aichef import messages
from aichef.contracts import (
    BuyLine,
    Correction,
    Currency,
    Pack,
    PricedLine,
    Pricing,
    Quote,
    Recipe,
    UnpricedLine,
    WorkflowOutput,
    WorkflowRequest,
)
from aichef.ingredients import IngredientBook, ParsedIngredient
from aichef.labels import label
from aichef.language import answer_language
from aichef.pantry import Pantry, pantry_names
from aichef.shopping import purchase
from aichef.units import PRICE_UNITS, BaseUnit, Conversion, UnknownUnit, to_base

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
    *,
    pantry: Sequence[str] = (),
    language: str = "en",
) -> tuple[Pricing, list[str]]:
    """Price every line of `recipe` with `quotes`, and what must be bought given `on_hand` and the `pantry`
    staples (never bought, nor is water); returns the pricing and the names still without a quote."""
    lines: list[PricedLine] = []
    to_buy: list[BuyLine] = []
    optional: list[BuyLine] = []
    unpriced: list[UnpricedLine] = []
    pending: list[str] = []
    total = to_buy_total = Decimal(0)
    stock = Pantry(on_hand, book, pantry)
    for line in recipe.ingredients:
        name = book.canonical(line.name)
        shown_name = label(name, language, book)
        try:
            quantity, unit = to_base(line.quantity, line.unit)
        except UnknownUnit as error:
            unpriced.append(
                UnpricedLine(name=name, quantity=line.quantity, unit=line.unit, reason=str(error), label=shown_name)
            )
            continue
        shown = round(quantity, 2)
        quote = quotes.get(name)
        reason = _no_price(name, quotes, currency, language)
        in_quote_unit = None
        if reason is None and quote is not None:
            in_quote_unit = book.price_amount(name, quantity, unit, PRICE_UNITS[quote.per][0])
            if in_quote_unit is None:
                reason = _unconvertible(book.conversion(name), unit, PRICE_UNITS[quote.per][0], quote.per, language)
        if reason is not None or quote is None or in_quote_unit is None:
            if name not in quotes:
                pending.append(name)
            unpriced.append(UnpricedLine(name=name, quantity=shown, unit=unit, reason=reason or "", label=shown_name))
            continue
        exact_cost = Decimal(str(in_quote_unit)) / Decimal(str(PRICE_UNITS[quote.per][1])) * Decimal(str(quote.price))
        cost = round_money(exact_cost, currency)
        total += cost
        unit_price = exact_cost / Decimal(str(quantity))
        priced = PricedLine(
            name=name,
            quantity=shown,
            unit=unit,
            unit_price=float(round(unit_price, 4)),
            cost=money_json(cost, currency),
            source=quote.source,
            label=shown_name,
        )
        lines.append(priced)
        need = stock.shortfall(name, quantity, unit)
        if unit == "ea":  # pieces are bought in halves, as recipes scale them: never 0.08 of a chicken
            need = min(quantity, math.ceil(need * 2 - 1e-9) / 2)
        if round(need, 2) > 0:
            bought = _buy(priced, need, unit, unit_price, currency, book, language)
            if line.optional:
                optional.append(bought)
            else:
                to_buy_total += Decimal(str(bought.cost))
                to_buy.append(bought)
    per_serving = round_money(total / recipe.servings, currency)
    pricing = Pricing(
        currency=currency,
        total=money_json(total, currency),
        per_serving=money_json(per_serving, currency),
        lines=lines,
        unpriced=unpriced,
        to_buy=to_buy,
        to_buy_total=money_json(to_buy_total, currency),
        optional=optional,
    )
    return pricing, list(dict.fromkeys(pending))


def _no_price(name: str, quotes: dict[str, Quote | None], currency: Currency, language: str) -> str | None:
    """Why a line cannot be priced from `quotes` (in the answer's language), or None when it can."""
    if name not in quotes:
        return messages.no_quote(language)
    quote = quotes[name]
    if quote is None:
        return messages.unknown_price(language)
    if quote.currency != currency:
        return messages.other_currency(quote.currency, currency, language)
    return None


def _buy(
    priced: PricedLine,
    need: float,
    unit: BaseUnit,
    unit_price: Decimal,
    currency: Currency,
    book: IngredientBook,
    language: str,
) -> BuyLine:
    """The line to buy for `need`: whole packs when the shop sells the ingredient so, else the exact amount."""
    ingredient = book.get(priced.name)
    sold_as = ingredient.sold_as if ingredient is not None and ingredient.name == priced.name else None
    bought = purchase(need, unit, sold_as, book.conversion(priced.name))
    paid = bought.quantity if bought is not None else need
    cost = round_money(Decimal(str(paid)) * unit_price, currency)
    pack = None
    if bought is not None and sold_as is not None:
        name = (sold_as.korean if language == "ko" else sold_as.english) or label(priced.name, language, book)
        pack = Pack(
            packs=bought.packs, name=name, quantity=bought.pack_total, unit=bought.unit, leftover=bought.leftover
        )
    return BuyLine(
        **priced.model_dump(exclude={"quantity", "cost"}),
        quantity=round(need, 2),
        cost=money_json(cost, currency),
        pack=pack,
    )


def _unconvertible(conversion: Conversion, unit: str, quote_unit: str, per: str, language: str) -> str:
    """Why `unit` cannot be priced per `per`: which physical data the ingredient lacks."""
    needs = []
    if "ml" in (unit, quote_unit) and conversion.density_g_per_ml is None:
        needs.append("density")
    if "ea" in (unit, quote_unit) and conversion.grams_per_piece is None:
        needs.append("piece weight")
    return messages.unconvertible(per, unit, needs, language)


def combine(
    request_id: str, request: WorkflowRequest, recipe: Recipe, quotes: dict[str, Quote | None], book: IngredientBook
) -> CombineResult:
    """The workflow output for one execution, plus the names the PriceGaps pass should still look up."""
    foods = book.foods(request.ingredients)
    pricing, pending = price_recipe(
        recipe,
        quotes,
        request.currency,
        book,
        foods,
        pantry=pantry_names(request, book),
        language=answer_language(request),
    )
    output = WorkflowOutput(
        request_id=request_id,
        unrecognized=list(dict.fromkeys(food.text for food in foods if not food.known)),
        corrected=[Correction(text=food.text, name=food.name) for food in foods if food.known and food.corrected],
        recipe=recipe,
        pricing=pricing,
    )
    return CombineResult(output, pending)
