"""The real state machine file, executed end to end with the real handlers (moto's ASL interpreter)."""

from __future__ import annotations

import json
import time
from decimal import Decimal
from typing import Any

from aichef.contracts import WorkflowOutput
from aichef.recipes import bundled_catalog


def state_names(result: Any) -> list[str]:
    return [state.name for state in result.states]


def test_korean_request_succeeds_with_a_priced_recipe_that_adds_up(run_one, korean_request):
    result = run_one(korean_request)

    assert result.status == "SUCCEEDED", (result.error, result.cause)
    output = WorkflowOutput.model_validate(result.output)
    assert output.request_id == result.request_id
    assert output.recipe.cuisine == "korean"
    assert output.recipe.servings == 2
    assert output.recipe.total_minutes <= 40
    assert {"egg", "kimchi"} <= set(output.recipe.matched)
    pricing = output.pricing
    assert pricing.currency == "KRW"
    assert all(isinstance(line.cost, int) for line in pricing.lines)
    assert pricing.total == sum(line.cost for line in pricing.lines)
    assert pricing.per_serving == int((Decimal(pricing.total) / 2).quantize(Decimal(1), "ROUND_HALF_UP"))
    # the demo's answer with the bundled catalog and prices: pork belly kimchi fried rice, in Korean, of which the
    # cook buys three lines, each sold only as a pack (gochugaru, soy sauce, sesame oil)
    assert (output.recipe.source_id, pricing.total, pricing.per_serving, pricing.to_buy_total) == (
        "dwaeji-kimchi-bokkeumbap",
        8405,
        4203,
        33100,
    )
    assert output.recipe.language == "ko" and output.recipe.title == "돼지고기 김치볶음밥"
    priced = {line.name for line in pricing.lines} | {line.name for line in pricing.unpriced}
    assert priced == {line.name for line in output.recipe.ingredients}
    assert not [line for line in pricing.unpriced if line.reason == "no quote was fetched"]


def test_success_is_stored_as_exactly_the_returned_output(run_one, korean_request):
    result = run_one(korean_request)

    record = result.record
    assert record["request_id"] == result.request_id
    assert record["status"] == "SUCCEEDED"
    assert json.loads(record["output"]) == result.output
    assert json.loads(record["request"]) == korean_request
    assert record["total"] == result.output["pricing"]["total"]
    assert record["title"] == result.output["recipe"]["title"]


def test_price_gaps_run_once_for_what_the_recipe_adds(run_one, korean_request):
    result = run_one(korean_request)

    names = state_names(result)
    assert names.count("PriceGaps") == 1
    assert names.count("CombineResults") == 2
    assert names.index("GetPricing") < names.index("PriceGaps") < names.index("SaveRecipe")
    assert names[-1] == "SaveRecipe"


def test_no_second_pass_when_the_prefetch_covered_every_line(run_one):
    recipe = next(recipe for recipe in bundled_catalog().recipes if recipe.id == "kimchi-fried-rice")
    request = {"ingredients": sorted(recipe.names), "servings": recipe.servings, "cuisine": "korean"}

    result = run_one(request)

    assert result.status == "SUCCEEDED", result.cause
    assert result.output["recipe"]["source_id"] == "kimchi-fried-rice"
    names = state_names(result)
    assert "PriceGaps" not in names
    assert names.count("CombineResults") == 1
    assert result.output["pricing"]["unpriced"] == []
    assert len(result.output["pricing"]["lines"]) == len(recipe.ingredients)


def test_ingredients_no_source_knows_are_listed_not_guessed(run_one, monkeypatch):
    """The bundled list prices every recipe ingredient, so the test hides one row from it (as a price list that
    does not know ginseng would)."""
    from aichef.pricing import CatalogPriceSource

    lookup = CatalogPriceSource.lookup
    monkeypatch.setattr(
        CatalogPriceSource,
        "lookup",
        lambda self, names, currency: lookup(self, [n for n in names if n != "ginseng"], currency),
    )
    result = run_one({"ingredients": ["chicken", "ginseng", "jujube"], "cuisine": "korean"})

    assert result.status == "SUCCEEDED", result.cause
    unpriced = {line["name"]: line["reason"] for line in result.output["pricing"]["unpriced"]}
    assert unpriced == {"ginseng": "no price source knows this ingredient"}
    assert "ginseng" not in {line["name"] for line in result.output["pricing"]["lines"]}


def test_usd_totals_are_rounded_to_cents_and_add_up(run_one):
    result = run_one({"ingredients": ["spaghetti", "garlic", "olive oil"], "servings": 3, "currency": "USD"})

    assert result.status == "SUCCEEDED", result.cause
    pricing = result.output["pricing"]
    assert pricing["currency"] == "USD"
    costs = [Decimal(str(line["cost"])) for line in pricing["lines"]]
    assert all(cost == cost.quantize(Decimal("0.01")) for cost in costs)
    assert Decimal(str(pricing["total"])) == sum(costs)
    assert Decimal(str(pricing["per_serving"])) == (sum(costs) / 3).quantize(Decimal("0.01"), "ROUND_HALF_UP")


def test_servings_scale_the_quantities(run_one):
    two = run_one({"ingredients": ["eggs", "kimchi", "cooked rice"], "servings": 2, "cuisine": "korean"})
    six = run_one({"ingredients": ["eggs", "kimchi", "cooked rice"], "servings": 6, "cuisine": "korean"})

    assert two.output["recipe"]["source_id"] == six.output["recipe"]["source_id"]
    grams_two = {line["name"]: line["quantity"] for line in two.output["recipe"]["ingredients"] if line["unit"] == "g"}
    grams_six = {line["name"]: line["quantity"] for line in six.output["recipe"]["ingredients"] if line["unit"] == "g"}
    assert grams_two and all(grams_six[name] == 3 * grams_two[name] for name in grams_two)
    assert six.output["pricing"]["total"] > 2.5 * two.output["pricing"]["total"]


def test_parallel_branches_overlap_in_time(workflow, korean_request, monkeypatch):
    delay = 0.3
    lambdas = workflow.lambdas
    for name in ("ai-chef-recipe", "ai-chef-price"):
        original = lambdas.handlers[name]

        def slow(event, context, original=original):
            time.sleep(delay)
            return original(event, context)

        monkeypatch.setitem(lambdas.handlers, name, slow)

    (result,) = workflow.run([korean_request])

    assert result.status == "SUCCEEDED", result.cause
    timings = {state.name: state for state in result.states}
    recipe, price = timings["GenerateRecipe"], timings["GetPricing"]
    assert recipe.duration_ms >= delay * 1000 and price.duration_ms >= delay * 1000
    overlap = min(recipe.started_ms + recipe.duration_ms, price.started_ms + price.duration_ms) - max(
        recipe.started_ms, price.started_ms
    )
    assert overlap > 0.8 * delay * 1000, f"branches overlapped {overlap:.0f} ms"
    # serial branches would take >= 600 ms
    assert timings["RecipeGeneration"].duration_ms < 2 * delay * 1000


def test_many_requests_keep_input_order_and_each_get_a_record(workflow, korean_request):
    requests = [korean_request, {"ingredients": ["tofu", "vegan kimchi"], "diet": ["vegan"]}, {"servings": 2}]

    results = workflow.run(requests, concurrency=3)

    assert [result.request for result in results] == requests
    assert [result.status for result in results] == ["SUCCEEDED", "SUCCEEDED", "FAILED"]
    assert all(result.record and result.record["status"] == result.status for result in results)
    assert len({result.request_id for result in results}) == 3


def test_the_local_state_machine_has_the_templates_workflow_type_and_says_what_differs(workflow):
    machine = workflow.sfn.describe_state_machine(stateMachineArn=workflow.state_machine_arn)
    chosen = workflow.stack.parameters["WorkflowType"]

    assert machine["type"] == chosen == workflow.stack.state_machine.type
    if chosen == "EXPRESS":
        assert workflow.stack.state_machine.logging_level == "ALL"
        assert "StartSyncExecution" in workflow.fidelity_note and "Standard semantics" in workflow.fidelity_note
    else:
        assert workflow.stack.state_machine.logging_level == "ERROR"
        assert workflow.fidelity_note is None
