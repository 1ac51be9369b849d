"""`aichef cost` on real local executions: retries are billed, the command prints both workflow types."""

from __future__ import annotations

import json

import pytest

from aichef_local.cli import main
from aichef_local.cost import measure_usage


def test_a_retried_task_costs_exactly_one_more_transition(workflow, korean_request):
    (clean,) = measure_usage(workflow, [korean_request])
    workflow.lambdas.inject_outage("ai-chef-price", calls=1)
    try:
        (retried,) = measure_usage(workflow, [korean_request])
    finally:
        workflow.lambdas.clear_outages()

    assert clean.retries == 0 and retried.retries == 1
    assert retried.transitions == clean.transitions + 1
    # the happy path: RecipeGeneration, 2 branch tasks, Combine, AllPriced, PriceGaps, Combine, AllPriced, SaveRecipe
    assert clean.transitions == 9
    assert [name for name, _ in clean.invocations].count("ai-chef-price") == 2


def test_cost_command_prices_standard_and_express(capsys, root, monkeypatch):
    monkeypatch.chdir(root)

    # its own resource names: the session's deployment of the stack is open in this process
    code = main(["cost", "--repeat", "1", "--time-scale", "0", "--json", "--parameter", "NamePrefix=prod-"])

    assert code == 0
    body = json.loads(capsys.readouterr().out)
    assert body["figures"]["transitions_per_execution"] == 9
    assert body["per_1000_executions_usd"]["Step Functions Standard: state transitions"] == pytest.approx(0.225)
    assert set(body["totals_usd"]) == {"Standard, catalog", "Express, catalog", "Standard, bedrock", "Express, bedrock"}
    assert body["totals_usd"]["Express, catalog"] < body["totals_usd"]["Standard, catalog"]


def test_a_request_the_prefetch_prices_whole_skips_the_gap_pass(workflow):
    """RecipeGeneration, its 2 branch tasks, Combine, AllPriced, SaveRecipe: 6 transitions, 3 invocations."""
    request = {
        "ingredients": ["spaghetti", "garlic", "olive oil", "chili flakes", "parsley", "salt"],
        "cuisine": "italian",
    }

    (usage,) = measure_usage(workflow, [request])

    assert usage.transitions == 6
    assert sorted(name for name, _ in usage.invocations) == ["ai-chef-combine", "ai-chef-price", "ai-chef-recipe"]
