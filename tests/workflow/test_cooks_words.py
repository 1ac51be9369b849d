"""A Korean request in generic names, end to end through the real state machine and `aichef run --json`: the family
reaches the chicken dish, the amounts on hand shrink what is bought, and the word nobody knows is named."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from aichef.contracts import WorkflowOutput
from aichef.ingredients import bundled_book

REQUEST = {
    "ingredients": ["닭고기 500g", "감자 2개", "양파 반개", "고추장", "김치 약간", "blorptangle"],
    "cuisine": "korean",
    "servings": 2,
}


def test_a_korean_request_in_generic_names_gets_a_chicken_dish_and_a_shopping_list(run_one: Any) -> None:
    result = run_one(REQUEST)

    assert result.status == "SUCCEEDED", (result.error, result.cause)
    output = WorkflowOutput.model_validate(result.output)
    book = bundled_book()
    chicken = [line for line in output.recipe.ingredients if book.covers("chicken", line.name)]
    assert chicken, [line.name for line in output.recipe.ingredients]
    assert output.unrecognized == ["blorptangle"]
    assert {"gochujang", chicken[0].name} <= set(output.recipe.matched)
    pricing = output.pricing
    bought = {line.name: line for line in pricing.to_buy}
    assert "gochujang" not in bought  # on hand, amount unknown: nothing to buy
    assert output.recipe.source_id == "dak-dori-tang"
    assert output.recipe.matched == ["gochujang", "onion", "potato", "whole chicken"]
    # 500 g of chicken on hand, the dish needs a whole chicken: half a chicken to buy (pieces are bought in halves)
    assert (bought["whole chicken"].quantity, bought["whole chicken"].cost) == (0.5, 3900)
    assert "potato" not in bought and "onion" not in bought  # 2 potatoes and half an onion are enough
    assert pricing.to_buy_total == 5325
    unmatched = {line.name for line in pricing.lines} - set(output.recipe.matched)
    assert unmatched <= set(bought)
    assert pricing.to_buy_total == sum(line.cost for line in pricing.to_buy)
    assert Decimal(pricing.to_buy_total) < Decimal(pricing.total)
    assert json.loads(result.record["output"]) == result.output  # the SUCCEEDED record stores Combine's output


def test_run_json_carries_unrecognized_and_to_buy(run_one: Any) -> None:
    result = run_one({"ingredients": ["김치 200g", "돼지고기", "두부 반 모", "xyzzy"]})

    output = json.loads(json.dumps(result.to_json(), ensure_ascii=False))["output"]  # what `aichef run --json` prints
    assert output["unrecognized"] == ["xyzzy"]
    kimchi_needed = sum(item["quantity"] for item in output["pricing"]["lines"] if item["name"] == "kimchi")
    kimchi_bought = [item["quantity"] for item in output["pricing"]["to_buy"] if item["name"] == "kimchi"]
    assert kimchi_needed > 0 and kimchi_bought == ([round(kimchi_needed - 200, 2)] if kimchi_needed > 200 else [])
    assert output["pricing"]["to_buy_total"] == sum(item["cost"] for item in output["pricing"]["to_buy"])
