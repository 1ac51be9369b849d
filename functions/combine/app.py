"""ai-chef-combine: joins the recipe and the quotes into a priced recipe. Pure: no AWS client, no I/O."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import ValidationError

from aichef.combine import combine
from aichef.contracts import PriceReport, Recipe, describe_validation_error, parse_request
from aichef.errors import PricingFailed
from aichef.ingredients import bundled_book
from aichef.lambda_support import event_field, kept_for_life, named_errors

logger = Logger()
metrics = Metrics()
kept_for_life()  # the imports' objects, before the book loads
book = bundled_book()
kept_for_life()


@logger.inject_lambda_context(correlation_id_path="request_id")
@metrics.log_metrics(capture_cold_start_metric=True)
@named_errors(PricingFailed, logger)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    request = parse_request(event_field(event, "request"))
    request_id = event_field(event, "request_id")
    try:
        recipe = Recipe.model_validate(event_field(event, "recipe"))
        report = PriceReport.model_validate({"currency": request.currency, "quotes": event_field(event, "quotes")})
    except ValidationError as error:
        raise PricingFailed(f"combine input is off the contract: {describe_validation_error(error)}") from None
    if not isinstance(request_id, str) or not request_id:
        raise PricingFailed("combine input is off the contract: request_id: must be a non-empty string")
    result = combine(request_id, request, recipe, report.quotes, book)
    metrics.add_metric(name="LinesPriced", unit=MetricUnit.Count, value=len(result.output.pricing.lines))
    metrics.add_metric(
        name="LinesUnpriced", unit=MetricUnit.Count, value=len(result.output.pricing.unpriced) - len(result.pending)
    )
    return {"output": result.output.model_dump(mode="json"), "pending": result.pending}
