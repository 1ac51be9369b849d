"""Every file in events/ runs through its handler in-process (what `sam local invoke` runs in Docker)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aichef.contracts import PriceReport, Recipe, WorkflowOutput, parse_request
from aichef_local.inprocess_lambda import InProcessLambdas

ROOT = Path(__file__).resolve().parents[2]
EVENTS = ROOT / "events"


@pytest.fixture(scope="module")
def offline_lambdas(stack):
    from moto import mock_aws

    env = json.loads((EVENTS / "env-offline.json").read_text())
    with mock_aws():
        yield InProcessLambdas(list(stack.functions.values()), env)


def invoke(lambdas: InProcessLambdas, function: str, event_file: str) -> dict:
    payload, errored, _ = lambdas.invoke(function, json.loads((EVENTS / event_file).read_text("utf-8")))
    assert not errored, payload
    return json.loads(payload)


def test_env_vars_file_names_the_template_functions_and_selects_offline_engines(stack):
    env = json.loads((EVENTS / "env-offline.json").read_text())
    assert set(env) == set(stack.functions)
    assert env["RecipeFunction"]["RECIPE_ENGINE"] == "catalog"
    assert env["PriceFunction"]["PRICE_SOURCES"] == "catalog"


def test_workflow_request_is_a_valid_korean_request():
    request = parse_request(json.loads((EVENTS / "workflow-request.json").read_text("utf-8")))
    assert request.cuisine == "korean"
    assert any("\uac00" <= char <= "\ud7a3" for text in request.ingredients for char in text)


def test_recipe_event(offline_lambdas):
    recipe = Recipe.model_validate(invoke(offline_lambdas, "ai-chef-recipe", "recipe.json"))
    assert recipe.source_id == "dwaeji-kimchi-bokkeumbap"
    assert recipe.servings == 2 and recipe.total_minutes <= 40


def test_price_event_prefetches_the_request_ingredients(offline_lambdas):
    report = PriceReport.model_validate(invoke(offline_lambdas, "ai-chef-price", "price.json"))
    assert list(report.quotes) == ["egg", "pork belly", "kimchi", "rice", "green onion"]
    assert all(quote is not None and quote.currency == "KRW" for quote in report.quotes.values())


def test_the_prefetch_skips_generic_names_and_words_the_book_does_not_know(offline_lambdas):
    event = {"request": {"ingredients": ["닭고기 500g", "kimchi", "xyzzy", "버섯"]}, "request_id": "event-prefetch"}
    payload, errored, _ = offline_lambdas.invoke("ai-chef-price", event)

    assert not errored, payload
    assert list(json.loads(payload)["quotes"]) == ["kimchi"]


def test_price_gaps_event_prices_the_named_lines(offline_lambdas):
    report = PriceReport.model_validate(invoke(offline_lambdas, "ai-chef-price", "price-gaps.json"))
    assert set(report.quotes) == {
        "cooked rice",
        "soy sauce",
        "gochugaru",
        "sugar",
        "vegetable oil",
        "sesame oil",
        "nori",
    }
    assert all(quote is not None for quote in report.quotes.values())


def test_combine_event_returns_the_priced_recipe_with_nothing_pending(offline_lambdas):
    body = invoke(offline_lambdas, "ai-chef-combine", "combine.json")
    output = WorkflowOutput.model_validate(body["output"])
    assert body["pending"] == []
    assert output.pricing.unpriced == []
    assert output.pricing.total == sum(line.cost for line in output.pricing.lines) == 8405
    assert output.pricing.per_serving == 4203
    assert output.unrecognized == ["blorptangle"]
    # 김치 100g on hand: half of the 200 g, which a cook makes do with for produce (aichef.pantry.close_enough), so
    # none is bought; egg, rice, green onion covered; sugar and oil are in the default pantry; what is sold only by
    # the pack is bought as one pack, its leftover in the pack's unit
    assert [
        (line.name, line.quantity, line.cost, line.pack and (line.pack.name, line.pack.quantity, line.pack.leftover))
        for line in output.pricing.to_buy
    ] == [
        ("gochugaru", 5.0, 20000, ("봉지", 500.0, 497.75)),
        ("soy sauce", 15.0, 3500, ("병", 500.0, 485.0)),
        ("sesame oil", 5.0, 9600, ("병", 320.0, 315.0)),
    ]
    assert output.pricing.to_buy_total == 20000 + 3500 + 9600
