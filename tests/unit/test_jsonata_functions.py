"""Every JSONata function the state machine uses, evaluated the way the local runner evaluates it (moto's composed
expression, jsonata-python, moto's declarations of Step Functions' own functions), against the documented values.

Sources: the JSONata 2.0.6 function library (docs.jsonata.org/string-functions, /array-functions, /object-functions,
/boolean-functions, /higher-order-functions), which Step Functions implements, and Step Functions' own functions
(https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from aichef_local.moto_patches import _UNDEFINED, JsonataEvaluationError, evaluate_expression

DEFINITION = Path(__file__).resolve().parents[2] / "statemachine" / "recipe_workflow.asl.json"


def deployed_definition() -> str:
    """The definition with its DefinitionSubstitutions applied, as deployed (the file alone is not JSON)."""
    from aichef_local.stack import load_stack

    machine = load_stack(DEFINITION.parents[1] / "template.yaml").state_machine
    assert machine is not None
    return machine.definition()


def evaluate(expression: str, **variables: Any) -> Any:
    """Evaluate as a state of the local run does (Step Functions' functions declared, the variables bound)."""
    result = evaluate_expression(expression, variables)
    assert result is not _UNDEFINED, f"{expression} returned nothing"
    return result


# (expression, variables, documented value): one or more cases per function the definition calls.
CASES: dict[str, list[tuple[str, dict[str, Any], Any]]] = {
    "count": [("$count([1, 2, 3, 1])", {}, 4), ("$count(4)", {}, 1), ("$count([])", {}, 0)],
    "filter": [
        ("$filter([1, 5, 9, 2], function($v) { $v > 3 })", {}, [5, 9]),
        ("$join($filter(['a', '', 'b'], function($v) { $v != '' }), ': ')", {}, "a: b"),
    ],
    "join": [
        ("$join(['a', 'b', 'c'])", {}, "abc"),
        ("$join(['a', 'b', 'c'], ', ')", {}, "a, b, c"),
        ("$join([$missing, 'b'], ', ')", {}, "b"),
    ],
    "length": [("$length('Hello World')", {}, 11), ("$length($string({'a': 'b'}))", {}, 9)],
    "merge": [("$merge([{'a': 1}, {'b': 2}, {'a': 3}])", {}, {"a": 3, "b": 2})],
    "not": [("$not(true)", {}, False), ("$not(false)", {}, True)],
    "parse": [
        (
            "$parse($text).errorMessage",
            {"text": '{"errorMessage": "servings: must be 1-12", "stackTrace": []}'},
            "servings: must be 1-12",
        ),
        ("$parse('[1, {\"a\": null}]')", {}, [1, {"a": None}]),
    ],
    "string": [
        ("$string(5)", {}, "5"),
        ("$string(7350.5)", {}, "7350.5"),
        ("$string('text')", {}, "text"),
        ("$string({'r': [1, 'two']})", {}, '{"r":[1,"two"]}'),
    ],
    "substring": [
        ("$substring('Hello World', 3)", {}, "lo World"),
        ("$substring('Hello World', 3, 5)", {}, "lo Wo"),
        ("$substring('Hello World', -4)", {}, "orld"),
    ],
}


def test_every_function_the_definition_calls_has_documented_cases() -> None:
    called = set(re.findall(r"\$([a-z][A-Za-z]*)\(", DEFINITION.read_text("utf-8")))

    assert called == set(CASES) | {"error"}


@pytest.mark.parametrize(
    ("expression", "variables", "expected"),
    [case for cases in CASES.values() for case in cases],
    ids=lambda value: str(value)[:40],
)
def test_function_gives_the_documented_value(expression: str, variables: dict[str, Any], expected: Any) -> None:
    assert evaluate(expression, **variables) == expected


# Step Functions' own functions the definition does not call, with the values of the AWS page above: the local
# evaluator gives them too, so a later definition may use them. `$uuid` and `$hash` are stubs in moto.
UNUSED_OWN = [
    ("$partition([1, 2, 3, 4, 5, 6, 7, 8, 9], 3)", [[1, 2, 3], [4, 5, 6], [7, 8, 9]]),
    ("$range(0, 10, 2)", [0, 2, 4, 6, 8, 10]),
]


@pytest.mark.parametrize(("expression", "expected"), UNUSED_OWN)
def test_step_functions_own_functions_give_the_documented_values(expression: str, expected: Any) -> None:
    assert evaluate(expression) == expected


def test_the_definition_calls_no_function_moto_only_stubs() -> None:
    """moto declares `$uuid()` and `$hash()` as functions returning a fixed "not supported" text."""
    assert evaluate("$uuid()") == "Function $uuid is currently not supported"
    assert not {"uuid", "hash"} & set(re.findall(r"\$([a-z][A-Za-z]*)\(", DEFINITION.read_text("utf-8")))


def test_nothing_is_told_apart_from_null() -> None:
    """An expression that returns nothing fails its state in AWS (States.QueryEvaluationError); null is a value."""
    assert evaluate_expression("$request.missing", {"request": {}}) is _UNDEFINED
    assert evaluate_expression("$request.cuisine", {"request": {"cuisine": None}}) is None
    assert evaluate_expression("$request", {"request": None}) is None


def test_error_fails_the_evaluation_with_its_message() -> None:
    with pytest.raises(JsonataEvaluationError, match="request: over 16 KiB of JSON"):
        evaluate("$error('request: over 16 KiB of JSON')")


def test_a_string_variable_with_quotes_and_backslashes_reaches_the_expression_intact() -> None:
    """moto writes a string variable into the expression as `"` + value + `"`, so a JSON text in a variable would
    break it; the local run binds variables as values instead."""
    text = json.dumps({"say": 'he said "hi" \\ bye'})

    assert evaluate("$text", text=text) == text
    assert evaluate("$parse($text).say", text=text) == 'he said "hi" \\ bye'


def test_the_records_request_text_is_the_json_of_any_value() -> None:
    """RecordFailure stores `$string()` of the request, and `$string()` returns a string unchanged, so the value is
    wrapped in an object whose wrapper is cut off again: a string request is stored as JSON too."""
    expression = (
        json.loads(deployed_definition())["States"]["RecordFailure"]["Arguments"]["Item"]["request"]["S"]
        .removeprefix("{%")
        .removesuffix("%}")
    )
    big = {"ingredients": ["eggs"], "note": "x" * 20_000}

    assert evaluate(expression, request="eggs") == '"eggs"'
    assert evaluate(expression, request=["eggs", "rice"]) == '["eggs","rice"]'
    assert json.loads(evaluate(expression, request={"ingredients": ["계란"]})) == {"ingredients": ["계란"]}
    cut = evaluate(expression, request=big)
    assert cut == json.dumps(big, separators=(",", ":"))[:4096] + " [cut: 20034 characters of JSON]"
