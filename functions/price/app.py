"""ai-chef-price: quotes for the request's ingredients (prefetch) or for the names Combine still misses (gaps)."""

from __future__ import annotations

import os
from typing import Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext

from aichef.contracts import MAX_INGREDIENTS, MAX_NAME_LENGTH, parse_request
from aichef.errors import InvalidRequest, PriceSourceUnavailable, PricingFailed
from aichef.ingredients import bundled_book
from aichef.lambda_support import event_field, kept_for_life, named_errors
from aichef.pricing import DynamoDBPriceSource, PriceSource, bundled_prices, price_names

logger = Logger()
metrics = Metrics()
kept_for_life()  # the imports' objects, before the book loads
book = bundled_book()

SOURCE_NAMES = [name.strip() for name in os.environ.get("PRICE_SOURCES", "catalog").split(",") if name.strip()]


def _build_sources() -> tuple[list[PriceSource], tuple[type[Exception], ...]]:
    """The configured sources, and the exceptions of theirs that mean "try again later"."""
    sources: list[PriceSource] = []
    transient: tuple[type[Exception], ...] = ()
    for name in SOURCE_NAMES:
        if name == "catalog":
            sources.append(bundled_prices())
        elif name == "dynamodb":
            # only a function configured for the table pays for a client; a botocore client is what boto3.client
            # returns, without importing boto3's resource and transfer layers (a cold start cost, nothing used)
            from botocore.exceptions import BotoCoreError, ClientError
            from botocore.session import get_session

            from aichef.aws_clients import PRICE_TABLE_CALLS, PRICES_TABLE, make_client

            client = make_client(get_session(), "dynamodb", PRICES_TABLE)
            sources.append(DynamoDBPriceSource(os.environ["PRICES_TABLE"], client, max_attempts=PRICE_TABLE_CALLS))
            transient = (BotoCoreError, ClientError)
    return sources, transient


sources, TRANSIENT_ERRORS = _build_sources()
kept_for_life()
CONFIG_ERROR = not sources or any(name not in ("catalog", "dynamodb") for name in SOURCE_NAMES)


@logger.inject_lambda_context(correlation_id_path="request_id")
@metrics.log_metrics(capture_cold_start_metric=True)
@named_errors(PricingFailed, logger)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    request = parse_request(event_field(event, "request"))
    if CONFIG_ERROR:
        raise PricingFailed(f"PRICE_SOURCES must list catalog and/or dynamodb, got {SOURCE_NAMES}")
    names = event_field(event, "names")
    if names is None:
        # prefetch only what the book knows as an ingredient: a family (chicken) or an unknown word has no price
        names = [item.name for item in book.parse_all(request.ingredients) if item.kind == "ingredient"]
    elif not (
        isinstance(names, list)
        and len(names) <= 2 * MAX_INGREDIENTS + 40
        and all(isinstance(name, str) and 0 < len(name) <= MAX_NAME_LENGTH for name in names)
    ):
        raise InvalidRequest("names: must be a list of ingredient names")
    try:
        report = price_names(names, request.currency, sources, book)
    except TRANSIENT_ERRORS as error:  # the state machine retries these, then reports PricingFailed
        raise PriceSourceUnavailable(f"prices table: {error}") from None
    known = sum(quote is not None for quote in report.quotes.values())
    metrics.add_metric(name="QuotesFound", unit=MetricUnit.Count, value=known)
    metrics.add_metric(name="QuotesMissing", unit=MetricUnit.Count, value=len(report.quotes) - known)
    return report.model_dump(mode="json")
