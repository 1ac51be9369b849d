"""The readable view: strictest diet labels, you have / to buy / not understood, what a total leaves out."""

from __future__ import annotations

from typing import Any

from aichef_local.render import render
from aichef_local.runner import ExecutionResult


def line(name: str, quantity: float, unit: str, cost: int) -> dict[str, Any]:
    return {
        "name": name,
        "quantity": quantity,
        "unit": unit,
        "unit_price": cost / quantity,
        "cost": cost,
        "source": "catalog",
    }


OUTPUT = {
    "request_id": "r-1",
    "unrecognized": ["blorptangle", "xyzzy 2개"],
    "recipe": {
        "title": "Kimchi Stew",
        "cuisine": "korean",
        "servings": 2,
        "total_minutes": 30,
        "diet": ["vegan", "vegetarian", "pescatarian", "dairy-free", "nut-free"],
        "engine": "catalog",
        "source_id": "stew",
        "matched": ["kimchi", "tofu"],
        "ingredients": [
            {"name": "kimchi", "quantity": 450, "unit": "g"},
            {"name": "tofu", "quantity": 1, "unit": "ea"},
            {"name": "onion", "quantity": 1, "unit": "ea"},
            {"name": "galangal", "quantity": 10, "unit": "g"},
        ],
        "steps": ["Simmer."],
    },
    "pricing": {
        "currency": "KRW",
        "total": 7800,
        "per_serving": 3900,
        "lines": [line("kimchi", 450, "g", 5400), line("tofu", 1, "ea", 1900), line("onion", 1, "ea", 500)],
        "unpriced": [
            {"name": "galangal", "quantity": 10, "unit": "g", "reason": "no price source knows this ingredient"}
        ],
        "to_buy": [line("kimchi", 250, "g", 3000), line("onion", 1, "ea", 500)],
        "to_buy_total": 3500,
    },
}


def view(output: dict[str, Any]) -> list[str]:
    return render(ExecutionResult(request_id="r-1", request={}, status="SUCCEEDED", output=output)).splitlines()


def test_the_view_shows_the_strictest_diets_only() -> None:
    assert view(OUTPUT)[1] == "serves 2 · 30 min · diet: vegan, nut-free · engine: catalog (stew)"


def test_the_view_says_what_you_have_what_to_buy_and_what_was_not_understood() -> None:
    lines = view(OUTPUT)
    start = lines.index("You have: kimchi, tofu")

    assert lines[start : start + 6] == [
        "You have: kimchi, tofu",
        "To buy: ₩3,500 (leaves out 1 item without a price)",
        "  kimchi    250 g      ₩3,000",
        "  onion      1 ea        ₩500",
        "  galangal   10 g  (no price)",
        "Not understood: blorptangle, xyzzy 2개",
    ]
    assert "  the total leaves out 1 item without a price" in lines


def test_the_view_says_when_nothing_is_left_to_buy() -> None:
    pricing = {**OUTPUT["pricing"], "unpriced": [], "to_buy": [], "to_buy_total": 0}
    lines = view({**OUTPUT, "unrecognized": [], "pricing": pricing})

    assert "To buy: ₩0 - nothing, you have it all" in lines
    assert not [text for text in lines if text.startswith("Not understood") or "leaves out" in text]
