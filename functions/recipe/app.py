"""ai-chef-recipe: generates a recipe for the request with the engine named by RECIPE_ENGINE
(`catalog`: the bundled collection; `bedrock`: a Bedrock model, behind the recipe cache)."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext

from aichef.contracts import Recipe, parse_request
from aichef.diet_words import unknown_names
from aichef.errors import RecipeGenerationFailed
from aichef.ingredients import bundled_book
from aichef.lambda_support import event_field, kept_for_life, named_errors
from aichef.recipes import bundled_catalog

if TYPE_CHECKING:
    from aichef.contracts import Recipe

logger = Logger()
metrics = Metrics()

ENGINE = os.environ.get("RECIPE_ENGINE", "catalog")
metrics.set_default_dimensions(engine=ENGINE)  # fixed for the function's lifetime, kept across flushes


def _bedrock() -> Any:
    """The Bedrock engine behind the cache table; botocore and the engine load only for this engine."""
    from botocore.session import get_session

    from aichef.aws_clients import RECIPE_CACHE
    from aichef.aws_clients import make_client as make_service_client
    from aichef.bedrock import BedrockRecipeEngine, ModelCall, make_client
    from aichef.ingredients import bundled_book
    from aichef.recipe_cache import RememberedEngine

    def record(call: ModelCall) -> None:
        metrics.add_metric(name="ModelInputTokens", unit=MetricUnit.Count, value=call.input_tokens)
        metrics.add_metric(name="ModelOutputTokens", unit=MetricUnit.Count, value=call.output_tokens)
        metrics.add_metric(name="ModelLatency", unit=MetricUnit.Milliseconds, value=call.latency_ms)
        logger.info(
            "model call",
            extra={
                "model_id": call.model_id,
                "stop_reason": call.stop_reason,
                "input_tokens": call.input_tokens,
                "output_tokens": call.output_tokens,
                "latency_ms": call.latency_ms,
            },
        )

    model_id = os.environ["BEDROCK_MODEL_ID"]
    session = get_session()
    # a setting, not a guess from the SDK: the runtime's botocore changes with its version and Region
    strict = os.environ.get("STRICT_TOOL_USE", "false") == "true"
    engine = BedrockRecipeEngine(
        make_client(session, os.environ.get("BEDROCK_REGION")), model_id, bundled_book(), record, strict=strict
    )
    return RememberedEngine(
        engine,
        bundled_book(),
        model_id,
        os.environ["RECIPE_CACHE_TABLE"],
        make_service_client(session, "dynamodb", RECIPE_CACHE),
        3600 * int(os.environ.get("RECIPE_CACHE_TTL_HOURS", "24")),
    )


def _build_engine() -> tuple[Any, str | None]:
    """The configured engine, or None and what is wrong with the configuration (reported on every call)."""
    builders: dict[str, Callable[[], Any]] = {"catalog": bundled_catalog, "bedrock": _bedrock}
    if ENGINE not in builders:
        return None, f"RECIPE_ENGINE={ENGINE!r} is not one of: {', '.join(builders)}"
    try:
        return builders[ENGINE](), None
    except KeyError as missing:
        return None, f"RECIPE_ENGINE={ENGINE} needs the environment variable {missing}"
    except ValueError as wrong:
        return None, str(wrong)


kept_for_life()  # the imports' objects, before the engine loads its data
engine, CONFIG_ERROR = _build_engine()
kept_for_life()


@logger.inject_lambda_context(correlation_id_path="request_id")
@metrics.log_metrics(capture_cold_start_metric=True)
@named_errors(RecipeGenerationFailed, logger)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    request = parse_request(event_field(event, "request"))
    if CONFIG_ERROR:
        raise RecipeGenerationFailed(CONFIG_ERROR)
    if ENGINE == "bedrock":
        # a direct invocation (no state machine) is its own step
        step = event_field(event, "step") or f"{context.aws_request_id}#{context.function_name}"
        recipe: Recipe
        recipe, fresh = engine.generate(request, step, context)
        metrics.add_metric(name="RecipeCacheHits", unit=MetricUnit.Count, value=0 if fresh else 1)
    else:
        recipe = engine.generate(request)
    metrics.add_metric(name="RecipesGenerated", unit=MetricUnit.Count, value=1)
    count_unknown_names(recipe)
    logger.info("recipe chosen", extra={"title": recipe.title, "source_id": recipe.source_id})
    return recipe.model_dump(mode="json")


def count_unknown_names(recipe: Recipe) -> None:
    """Log and count the recipe's ingredient names the book does not know (no diet is certified for them), so the
    book can grow: metric `UnknownIngredientNames`."""
    unknown = unknown_names((line.name for line in recipe.ingredients), bundled_book())
    metrics.add_metric(name="UnknownIngredientNames", unit=MetricUnit.Count, value=len(unknown))
    if unknown:
        logger.warning("unknown ingredient names", extra={"names": unknown, "title": recipe.title})
