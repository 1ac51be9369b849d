"""Every request ends as a stored record: bad input, impossible constraints and outages fail with a named error."""

from __future__ import annotations

import inspect
import json
from typing import Any

import pytest


@pytest.fixture
def outage(workflow):
    """Make a function fail with `Lambda.ServiceException` for its next `times` calls (all by default);
    returns a counter of the function's invocations from then on."""
    lambdas = workflow.lambdas

    def install(function: str, times: int | None = None) -> Any:
        start = len(lambdas.invocations)
        lambdas.inject_outage(function, times)
        return lambda: sum(call.function == function for call in lambdas.invocations[start:])

    yield install
    lambdas.clear_outages()


def assert_failure_recorded(result: Any, error: str, request: Any) -> None:
    assert result.status == "FAILED"
    assert result.error == error, result.cause
    assert result.record is not None, "a failed request must leave a record"
    assert result.record["status"] == "FAILED"
    assert result.record["error"] == error
    assert result.record["cause"] == result.cause
    assert json.loads(result.record["request"]) == request
    assert "Traceback" not in result.cause and 'File "' not in result.cause and "stackTrace" not in result.cause
    assert result.states[-1].name == "Failed"
    assert "RecordFailure" in [state.name for state in result.states]


@pytest.mark.parametrize(
    ("request_body", "field"),
    [
        ({"ingredients": ["eggs"], "servings": 0}, "servings"),
        ({"ingredients": ["eggs"], "servings": 13}, "servings"),
        ({"ingredients": ["eggs"], "servings": "2"}, "servings"),
        ({"ingredients": ["eggs"], "spicy": True}, "spicy"),
        ({"ingredients": []}, "ingredients"),
        ({"ingredients": ["  "]}, "ingredients"),
        ({"ingredients": ["x" * 101]}, "ingredients"),
        ({"ingredients": [f"item {n}" for n in range(31)]}, "ingredients"),
        ({"ingredients": ["eggs"], "diet": ["keto"]}, "diet[0]"),
        ({"ingredients": ["eggs"], "currency": "EUR"}, "currency"),
        ({"ingredients": ["eggs"], "language": "fr"}, "language"),
        ({"ingredients": ["eggs"], "language": "ko-KR"}, "language"),
        ({"ingredients": ["eggs"], "max_minutes": 0}, "max_minutes"),
        ({"ingredients": ["eggs"], "cuisine": None}, "cuisine"),
        ({"servings": 2}, "ingredients"),
        (["eggs", "rice"], "request"),
        ("eggs", "request"),
    ],
)
def test_bad_input_fails_as_invalid_request_naming_the_field(run_one, request_body, field):
    result = run_one(request_body)

    assert_failure_recorded(result, "InvalidRequest", request_body)
    assert result.cause.startswith(field) or f"; {field}" in result.cause, result.cause


def test_a_language_other_than_ko_or_en_names_the_field_and_the_values(run_one):
    result = run_one({"ingredients": ["계란", "김치"], "language": "ja"})

    assert (result.error, result.cause) == ("InvalidRequest", "language: Input should be 'ko' or 'en'")


def test_invalid_request_is_never_retried(workflow, run_one):
    before = len(workflow.lambdas.invocations)

    run_one({"ingredients": ["eggs"], "servings": 99})

    calls = [call.function for call in workflow.lambdas.invocations[before:]]
    # Both branches validate; whichever fails first stops the Parallel state, so the other branch may be
    # cancelled before its task starts. What must hold: each function ran at most once, and every run refused.
    assert calls and sorted(set(calls)) == sorted(calls), calls
    assert set(calls) <= {"ai-chef-price", "ai-chef-recipe"}
    assert all(call.error_type == "InvalidRequest" for call in workflow.lambdas.invocations[before:])


def test_constraints_nothing_satisfies_fail_with_a_clear_cause(run_one):
    request = {"ingredients": ["pork belly"], "diet": ["vegan"]}

    result = run_one(request)

    assert_failure_recorded(result, "RecipeGenerationFailed", request)
    assert "diet vegan" in result.cause


def test_ingredients_none_understood_fail_naming_them_not_a_missing_recipe(run_one):
    request = {"ingredients": ["unobtainium", "qwertyuiop"]}

    result = run_one(request)

    assert_failure_recorded(result, "RecipeGenerationFailed", request)
    assert "none of these were understood: unobtainium, qwertyuiop" in result.cause
    assert "uses any of" not in result.cause


def test_a_price_outage_fails_as_pricing_failed_after_retries(run_one, outage, korean_request):
    calls = outage("ai-chef-price")

    result = run_one(korean_request)

    assert_failure_recorded(result, "PricingFailed", korean_request)
    assert "GetPricing failed after 3 retries: Lambda.ServiceException" in result.cause
    assert calls() == 4  # the first attempt and MaxAttempts 3 retries


def test_a_recipe_outage_fails_as_recipe_generation_failed(run_one, outage, korean_request):
    calls = outage("ai-chef-recipe")

    result = run_one(korean_request)

    assert_failure_recorded(result, "RecipeGenerationFailed", korean_request)
    assert "GenerateRecipe failed after 3 retries: Lambda.ServiceException" in result.cause
    assert calls() == 4


def test_a_combine_outage_fails_as_pricing_failed(run_one, outage, korean_request):
    outage("ai-chef-combine")

    result = run_one(korean_request)

    assert_failure_recorded(result, "PricingFailed", korean_request)
    assert "CombineResults failed after 3 retries: Lambda.ServiceException" in result.cause


def test_a_transient_error_is_retried_and_the_request_succeeds(run_one, outage, korean_request):
    calls = outage("ai-chef-recipe", times=2)

    result = run_one(korean_request)

    assert result.status == "SUCCEEDED", result.cause
    assert calls() == 3
    assert result.record["status"] == "SUCCEEDED"


def test_a_handler_bug_surfaces_as_the_named_error_without_a_traceback(workflow, run_one, monkeypatch, korean_request):
    import aichef.combine

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise KeyError("oops")

    module = inspect.unwrap(workflow.lambdas.handlers["ai-chef-combine"]).__globals__
    monkeypatch.setitem(module, "combine", broken)
    assert aichef.combine.combine is not broken

    result = run_one(korean_request)

    assert_failure_recorded(result, "PricingFailed", korean_request)
    assert result.cause == "internal error (KeyError); see the function log"
