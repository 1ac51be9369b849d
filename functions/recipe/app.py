"""ai-chef-recipe: generates a recipe for the request with the engine named by RECIPE_ENGINE."""

from __future__ import annotations

import os
from typing import Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext

from aichef.contracts import parse_request
from aichef.errors import RecipeGenerationFailed
from aichef.lambda_support import event_field, named_errors
from aichef.recipes import bundled_catalog

logger = Logger()
metrics = Metrics()

ENGINE = os.environ.get("RECIPE_ENGINE", "catalog")
ENGINES = {"catalog": bundled_catalog}
engine = ENGINES[ENGINE]() if ENGINE in ENGINES else None


@logger.inject_lambda_context(correlation_id_path="request_id")
@metrics.log_metrics(capture_cold_start_metric=True)
@named_errors(RecipeGenerationFailed, logger)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    request = parse_request(event_field(event, "request"))
    if engine is None:
        raise RecipeGenerationFailed(f"RECIPE_ENGINE={ENGINE!r} is not one of: {', '.join(ENGINES)}")
    recipe = engine.generate(request)
    metrics.add_dimension(name="engine", value=ENGINE)
    metrics.add_metric(name="RecipesGenerated", unit=MetricUnit.Count, value=1)
    logger.info("recipe chosen", extra={"title": recipe.title, "source_id": recipe.source_id})
    return recipe.model_dump(mode="json")
