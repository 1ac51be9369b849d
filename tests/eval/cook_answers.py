"""The answers the evaluation judges: the catalog engine's recipe priced by Combine with the bundled prices (what a
SUCCEEDED execution outputs, without the state machine around it), or the failure's cause."""

from __future__ import annotations

from typing import Any

from aichef.combine import combine
from aichef.contracts import WorkflowRequest
from aichef.errors import RecipeGenerationFailed
from aichef.ingredients import bundled_book
from aichef.pricing import bundled_prices, price_names
from aichef.recipes import bundled_catalog


def answer(request: WorkflowRequest) -> tuple[dict[str, Any] | None, str | None]:
    """(the workflow output, None) for a dish, or (None, the cause) for `RecipeGenerationFailed`."""
    book = bundled_book()
    try:
        recipe = bundled_catalog().generate(request)
    except RecipeGenerationFailed as error:
        return None, error.message
    names = [line.name for line in recipe.ingredients]
    quotes = price_names(names, request.currency, [bundled_prices()], book).quotes
    result = combine("eval", request, recipe, quotes, book)
    return result.output.model_dump(mode="json"), None
