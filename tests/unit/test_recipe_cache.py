"""What makes two requests the same recipe for the cache (the DynamoDB side is exercised in tests/workflow)."""

from __future__ import annotations

from aichef.contracts import WorkflowRequest
from aichef.ingredients import bundled_book
from aichef.recipe_cache import request_fingerprint

MODEL = "global.anthropic.claude-haiku-4-5-20251001-v1:0"


def fingerprint(**fields):
    request = WorkflowRequest.model_validate({"ingredients": ["300g pork belly", "kimchi", "계란 4개"], **fields})
    return request_fingerprint(request, bundled_book(), "bedrock", MODEL)


def test_spelling_quantities_order_and_currency_do_not_change_the_fingerprint():
    assert fingerprint() == fingerprint(ingredients=["eggs", "Kimchi", "pork belly 1 kg", "삼겹살"], currency="USD")
    assert fingerprint() == {"ingredients": ["egg", "kimchi", "pork belly"], "servings": 2, "diet": [],
                             "cuisine": None, "max_minutes": None, "engine": "bedrock", "model": MODEL}


def test_every_constraint_and_the_model_change_the_fingerprint():
    base = fingerprint()
    variants = [fingerprint(servings=3), fingerprint(diet=["nut-free"]), fingerprint(cuisine="korean"),
                fingerprint(max_minutes=30), fingerprint(ingredients=["pork belly", "kimchi"])]
    other_model = request_fingerprint(WorkflowRequest(ingredients=["300g pork belly", "kimchi", "계란 4개"]),
                                      bundled_book(), "bedrock", "us.amazon.nova-lite-v1:0")

    assert all(variant != base for variant in variants)
    assert other_model != base
    assert fingerprint(diet=["vegan", "nut-free"]) == fingerprint(diet=["nut-free", "vegan"])
