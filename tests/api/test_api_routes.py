"""The API's routes through the real handler, against the real workflow in moto (both WorkflowType variants):
status codes, bodies, headers, idempotency, and that a rejected request starts nothing."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from typing import Any

import pytest

from aichef_local.http_api import http_event, invoke
from aichef_local.runner import LocalWorkflow

from .conftest import Reply

Call = Callable[..., Reply]
UNKNOWN_ONLY = {"ingredients": ["blorptangle"]}
BASE = "http://api.test"  # the conftest's Host header over serve's plain HTTP


def path_of(location: str) -> str:
    assert location.startswith(f"{BASE}/recipes/"), location
    return location.removeprefix(BASE)


def result_of(call: Call, reply: Reply, caller: Any = None) -> Reply:
    """GET the Location of a 202 until the request ends (each GET waits up to 5 s)."""
    assert reply.status == 202, reply
    for _ in range(6):
        answer = call("GET", path_of(reply.headers["Location"]) + "?wait=5", caller=caller)
        if answer.body["status"] != "RUNNING":
            return answer
    raise AssertionError(f"{reply.body['request_id']} still RUNNING after 30 s")


def test_post_starts_an_execution_named_after_the_request_id_and_answers_202_with_location(
    call: Call, workflow: LocalWorkflow, korean_request: dict[str, Any]
) -> None:
    reply = call("POST", "/recipes", korean_request)

    request_id = reply.body["request_id"]
    assert (reply.status, reply.body) == (202, {"request_id": request_id, "status": "RUNNING"})
    assert reply.headers["Location"] == f"{BASE}/recipes/{request_id}"
    assert reply.headers["Retry-After"] == "2"
    assert reply.headers["Content-Type"] == "application/json"
    arn = workflow.state_machine_arn.replace(":stateMachine:", ":execution:") + f":{request_id}"
    described = workflow.sfn.describe_execution(executionArn=arn)
    # the validated request, canonical: every default written out except those left out when absent (pantry, language)
    assert json.loads(described["input"]) == {**korean_request, "diet": [], "course": "main"}


def test_get_answers_the_recorded_output_when_succeeded(
    call: Call, workflow: LocalWorkflow, korean_request: dict[str, Any]
) -> None:
    answer = result_of(call, call("POST", "/recipes", korean_request))

    request_id = answer.body["request_id"]
    record = workflow.dynamodb.get_item(TableName=workflow.recipes_table, Key={"request_id": {"S": request_id}})
    assert answer.status == 200
    assert set(answer.body) == {"request_id", "status", "output"}
    assert answer.body["status"] == "SUCCEEDED"
    assert answer.body["output"] == json.loads(record["Item"]["output"]["S"])
    assert (answer.body["output"]["recipe"]["title"], answer.body["output"]["pricing"]["total"]) == (
        "돼지고기 김치볶음밥",
        8405,
    )


def test_get_answers_error_and_cause_from_the_record_when_failed(call: Call) -> None:
    answer = result_of(call, call("POST", "/recipes", UNKNOWN_ONLY))

    assert answer.status == 200
    assert answer.body == {
        "request_id": answer.body["request_id"],
        "status": "FAILED",
        "error": "RecipeGenerationFailed",
        "cause": "none of these were understood: blorptangle",
    }


@pytest.mark.parametrize(
    ("body", "cause"),
    [
        ({"ingredients": ["egg"], "servings": 13}, "servings: Input should be less than or equal to 12"),
        ({"ingredients": []}, "ingredients: List should have at least 1 item after validation, not 0"),
        ({"ingredients": ["egg"], "colour": "red"}, "colour: is not a field of the request"),
        ({"ingredients": ["egg"], "cuisine": None}, "cuisine: must not be null (leave it out instead)"),
        (
            {"ingredients": ["egg"], "diet": ["carnivore"]},
            "diet[0]: Input should be 'vegetarian', 'vegan', 'pescatarian', 'gluten-free', 'dairy-free' or 'nut-free'",
        ),
        (["egg"], "request: must be a JSON object, got an array"),
        (b"{not json", "request body: not JSON (Expecting property name enclosed in double quotes at line 1 column 2)"),
        (b"", "request body: empty; send a workflow request as JSON"),
    ],
    ids=["servings", "no-ingredients", "unknown-field", "null", "diet", "array", "not-json", "empty"],
)
def test_an_invalid_body_is_400_naming_the_problem_and_starts_nothing(
    call: Call, executions: Callable[[], int], body: Any, cause: str
) -> None:
    before = executions()

    reply = call("POST", "/recipes", body)

    assert (reply.status, reply.body) == (400, {"error": "InvalidRequest", "cause": cause})
    assert executions() == before


def test_a_base64_encoded_body_is_decoded(api: Any, workflow: LocalWorkflow) -> None:
    handler, spec = api
    event = http_event("POST", "/recipes", {"content-type": "application/json"}, b"{}")
    event.update(body=base64.b64encode(b'{"ingredients": ["egg"], "servings": 0}').decode(), isBase64Encoded=True)

    status, _, body = invoke(handler, spec, event)

    assert (status, json.loads(body)) == (
        400,
        {"error": "InvalidRequest", "cause": "servings: Input should be greater than or equal to 1"},
    )


def test_the_same_idempotency_key_returns_the_same_request_id_and_starts_one_execution(
    call: Call, executions: Callable[[], int]
) -> None:
    before = executions()
    request = {"ingredients": ["egg", "kimchi"], "servings": 1}

    first = call("POST", "/recipes", request, {"Idempotency-Key": "order-7731"})
    again = call("POST", "/recipes", request, {"idempotency-key": "order-7731"})
    done = result_of(call, first)
    after_end = call("POST", "/recipes", request, {"Idempotency-Key": "order-7731"})

    assert first.status == again.status == after_end.status == 202
    assert first.body["request_id"] == again.body["request_id"] == after_end.body["request_id"]
    assert first.body["request_id"].startswith("k-")
    assert after_end.body["status"] == done.body["status"] == "SUCCEEDED"
    assert after_end.headers["Location"] == f"{BASE}/recipes/{first.body['request_id']}"
    assert "Retry-After" not in after_end.headers  # it has ended: nothing to wait for
    assert executions() == before + 1


def test_an_idempotency_key_reused_with_another_request_is_422_and_starts_nothing(
    call: Call, executions: Callable[[], int]
) -> None:
    result_of(call, call("POST", "/recipes", {"ingredients": ["egg"]}, {"Idempotency-Key": "cart-1"}))
    before = executions()

    reply = call("POST", "/recipes", {"ingredients": ["tofu"]}, {"Idempotency-Key": "cart-1"})

    assert (reply.status, reply.body) == (
        422,
        {"error": "IdempotencyKeyReused", "cause": "Idempotency-Key 'cart-1' was first used with a different request"},
    )
    assert executions() == before


@pytest.mark.parametrize(
    "key", ["", "x" * 256, "naïve", " lead", "tab\tkey"], ids=["empty", "256-chars", "non-ascii", "space", "tab"]
)
def test_a_bad_idempotency_key_is_400(call: Call, executions: Callable[[], int], key: str) -> None:
    before = executions()

    reply = call("POST", "/recipes", {"ingredients": ["egg"]}, {"Idempotency-Key": key})

    assert (reply.status, reply.body) == (
        400,
        {
            "error": "InvalidRequest",
            "cause": "Idempotency-Key: must be 1-255 printable ASCII characters, not starting or ending in a space",
        },
    )
    assert executions() == before


@pytest.mark.parametrize("request_id", ["r-0000000000000000000000000000dead", "has%20space", "x" * 81])
def test_an_unknown_request_id_is_404(call: Call, request_id: str) -> None:
    reply = call("GET", f"/recipes/{request_id}")

    assert reply.status == 404
    assert reply.body["error"] == "NotFound"
    assert reply.body["cause"].startswith("no recipe request ")


@pytest.mark.parametrize(
    ("query", "cause"),
    [
        ("wait=21", "wait: Input should be less than or equal to 20"),
        ("wait=-1", "wait: Input should be greater than or equal to 0"),
        ("wait=soon", ("wait: Input should be a valid integer, unable to parse string as an integer")),
    ],
)
def test_wait_above_20_or_not_a_number_is_400(call: Call, query: str, cause: str) -> None:
    reply = call("GET", f"/recipes/r-1?{query}")

    assert (reply.status, reply.body) == (400, {"error": "InvalidRequest", "cause": cause})


def test_an_unknown_path_is_404_in_the_api_error_shape(call: Call) -> None:
    reply = call("GET", "/recipes/r-1/steps")

    assert (reply.status, reply.body) == (404, {"error": "NotFound", "cause": "no route GET /recipes/r-1/steps"})


def test_sync_answers_the_finished_result_on_express_and_is_refused_on_standard(
    call: Call, workflow: LocalWorkflow, executions: Callable[[], int]
) -> None:
    before = executions()

    reply = call("POST", "/recipes?sync=true", {"ingredients": ["egg", "kimchi"]})

    if workflow.stack.state_machine.type == "EXPRESS":  # type: ignore[union-attr]
        assert reply.status == 200
        assert reply.body["status"] == "SUCCEEDED"
        assert reply.body["output"]["request_id"] == reply.body["request_id"]
        assert executions() == before + 1
    else:
        assert reply.status == 400
        assert reply.body["cause"].startswith("sync: only an EXPRESS workflow answers synchronously")
        assert executions() == before


def test_sync_maps_a_named_failure_to_422_on_express(call: Call, workflow: LocalWorkflow) -> None:
    if workflow.stack.state_machine.type != "EXPRESS":  # type: ignore[union-attr]
        pytest.skip("sync=true is for EXPRESS workflows (refused on STANDARD, see the test above)")

    reply = call("POST", "/recipes?sync=true", UNKNOWN_ONLY)

    assert reply.status == 422
    assert {key: reply.body[key] for key in ("status", "error")} == {
        "status": "FAILED",
        "error": "RecipeGenerationFailed",
    }
