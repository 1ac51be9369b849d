"""Time budgets: every AWS client a function makes has an explicit timeout and retry budget (aichef.aws_clients),
and the sum over a function's calls ends before its Lambda Timeout, which ends before the Task's TimeoutSeconds."""

from __future__ import annotations

import re
from typing import Any

import pytest

from .support import REPO
from .test_template import walk_states


def test_the_recipe_function_budget_fits_the_lambda_timeout_which_fits_the_task_timeout(
    asl: dict[str, Any], resources: dict[str, Any]
) -> None:
    """Every client the recipe function makes counts: 2 Bedrock calls x (2 attempts x (2 s connect + 17 s read) + 1 s
    backoff) = 78 s, and 3 recipe-cache calls x (2 x (0.5 s + 1 s) + 1 s) = 12 s, end before Lambda stops the
    function, and Lambda stops it before the Task gives up on it."""
    from aichef.aws_clients import BEDROCK, RECIPE_CACHE, RECIPE_CACHE_CALLS
    from aichef.bedrock import worst_case_seconds

    task = next(state for name, state, _ in walk_states(asl) if name == "GenerateRecipe")
    lambda_timeout = resources["RecipeFunction"]["Properties"]["Timeout"]

    assert (BEDROCK.connect_s, BEDROCK.read_s, BEDROCK.attempts) == (2, 17, 2)
    assert (BEDROCK.worst_case_seconds(), worst_case_seconds()) == (39, 78)
    assert (RECIPE_CACHE.worst_case_seconds(), RECIPE_CACHE_CALLS) == (4, 3)
    assert recipe_function_worst_case_seconds() == 90
    assert recipe_function_worst_case_seconds() + 5 <= lambda_timeout  # 5 s for parsing and logging
    assert lambda_timeout + 10 <= task["TimeoutSeconds"]


def test_the_bedrock_read_timeout_follows_from_max_tokens_at_the_stated_model_speed() -> None:
    """17 s = 2 s to the first token + 1,500 tokens at 100 tokens/s (Converse sends the whole answer at the end)."""
    from aichef.aws_clients import BEDROCK, MODEL_FIRST_TOKEN_S, MODEL_MAX_TOKENS, MODEL_OUTPUT_TOKENS_PER_S
    from aichef.bedrock import MAX_TOKENS

    assert (MODEL_FIRST_TOKEN_S, MODEL_MAX_TOKENS, MODEL_OUTPUT_TOKENS_PER_S, MAX_TOKENS) == (2, 1500, 100, 1500)
    assert BEDROCK.read_s == MODEL_FIRST_TOKEN_S + MODEL_MAX_TOKENS / MODEL_OUTPUT_TOKENS_PER_S


def test_the_recipe_step_with_the_state_machines_retries_fits_inside_express_five_minutes(asl: dict[str, Any]) -> None:
    """A recipe step whose Bedrock calls all time out raises ModelUnavailable after the function's whole budget and
    is retried: 3 attempts x 90 s + 2 s + 4 s of retry waits = 276 s < 300 s (it was 3 x 114 s + 6 s = 348 s).
    Lambda.* errors are retried too, but they come from the Lambda service, not after a function ran its budget."""
    task = next(state for name, state, _ in walk_states(asl) if name == "GenerateRecipe")
    model_retry = next(rule for rule in task["Retry"] if "ModelUnavailable" in rule["ErrorEquals"])
    waits = [
        min(model_retry["IntervalSeconds"] * model_retry["BackoffRate"] ** index, model_retry["MaxDelaySeconds"])
        for index in range(model_retry["MaxAttempts"])
    ]
    attempts = 1 + model_retry["MaxAttempts"]

    assert (attempts, waits) == (3, [2, 4])
    assert attempts * recipe_function_worst_case_seconds() + sum(waits) == 276
    assert attempts * recipe_function_worst_case_seconds() + sum(waits) < 300  # Express's cap


def test_the_price_function_budget_fits_its_lambda_timeout(asl: dict[str, Any], resources: dict[str, Any]) -> None:
    """2 BatchGetItem calls x (2 attempts x (0.5 s connect + 1 s read) + 1 s backoff) + 0.05 s between them = 8.05 s,
    within the 10 s Timeout (botocore's defaults, 60 s + 60 s and 10 legacy retries, would outlast it many times)."""
    from aichef.aws_clients import PRICE_TABLE_CALLS, PRICES_TABLE

    lambda_timeout = resources["PriceFunction"]["Properties"]["Timeout"]
    between_calls = sum(min(0.05 * 2 ** (attempt - 1), 1.0) for attempt in range(1, PRICE_TABLE_CALLS))
    worst = PRICE_TABLE_CALLS * PRICES_TABLE.worst_case_seconds() + between_calls

    assert (PRICES_TABLE.worst_case_seconds(), PRICE_TABLE_CALLS) == (4, 2)
    assert worst == pytest.approx(8.05)
    assert worst + 1 <= lambda_timeout
    for name in ("GetPricing", "PriceGaps"):
        task = next(state for state_name, state, _ in walk_states(asl) if state_name == name)
        assert lambda_timeout + 5 <= task["TimeoutSeconds"]


def test_every_client_the_functions_make_has_an_explicit_budget() -> None:
    """No client is built with botocore's defaults: every one goes through aichef.aws_clients.make_client."""
    sources = [*REPO.glob("functions/*/app.py"), *REPO.glob("layer/aichef/*.py")]
    direct = [
        path.relative_to(REPO).as_posix()
        for path in sources
        if path.name != "aws_clients.py" and re.search(r"create_client\(|boto3\.client\(", path.read_text())
    ]

    assert direct == []


def recipe_function_worst_case_seconds() -> float:
    from aichef.aws_clients import RECIPE_CACHE, RECIPE_CACHE_CALLS
    from aichef.bedrock import worst_case_seconds

    return worst_case_seconds() + RECIPE_CACHE_CALLS * RECIPE_CACHE.worst_case_seconds()


def test_the_docs_budget_table_shows_these_figures() -> None:
    from aichef.aws_clients import BEDROCK, PRICE_TABLE_CALLS, PRICES_TABLE, RECIPE_CACHE, RECIPE_CACHE_CALLS
    from aichef.bedrock import MODEL_CALLS

    readme = (REPO / "docs" / "bedrock.md").read_text("utf-8").split("\n## Time budget\n", 1)[1].split("\n## ", 1)[0]

    def row(budget: Any, calls: int) -> str:
        return f"| {budget.connect_s:g} s / {budget.read_s:g} s | {budget.worst_case_seconds():g} s | {calls} "

    assert row(BEDROCK, MODEL_CALLS) in readme
    assert row(RECIPE_CACHE, RECIPE_CACHE_CALLS) in readme and row(PRICES_TABLE, PRICE_TABLE_CALLS) in readme
    assert f"**{recipe_function_worst_case_seconds():g} s**" in readme
