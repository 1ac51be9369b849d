"""The answer's language through the API (both WorkflowType variants): a body's `language`, else the Accept-Language
header, else the script of the ingredients; the chosen language travels in the execution's input. `Vary` only where
the header chose the content of the answer (a sync=true outcome), never on a 202 or on GET of a stored result."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from aichef_local.runner import LocalWorkflow

from .conftest import Reply
from .test_api_routes import result_of

Call = Callable[..., Reply]
ENGLISH_WORDS = {"ingredients": ["eggs", "kimchi", "cooked rice"]}
KOREAN_BROWSER = "ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7"


def execution_input(workflow: LocalWorkflow, request_id: str) -> dict[str, Any]:
    arn = workflow.state_machine_arn.replace(":stateMachine:", ":execution:") + f":{request_id}"
    return dict(json.loads(workflow.sfn.describe_execution(executionArn=arn)["input"]))


def is_express(workflow: LocalWorkflow) -> bool:
    return workflow.stack.state_machine.type == "EXPRESS"  # type: ignore[union-attr]


def test_accept_language_chooses_korean_for_an_english_body_that_names_no_language(
    call: Call, workflow: LocalWorkflow
) -> None:
    reply = call("POST", "/recipes", ENGLISH_WORDS, {"Accept-Language": KOREAN_BROWSER})
    answer = result_of(call, reply)

    assert execution_input(workflow, reply.body["request_id"])["language"] == "ko"
    recipe = answer.body["output"]["recipe"]
    assert (recipe["language"], recipe["title"], recipe["source_id"]) == ("ko", "김치볶음밥", "kimchi-fried-rice")
    assert "Vary" not in reply.headers  # a 202 is an id and a status, whatever the header said


def test_accept_language_chooses_english_for_a_korean_body(
    call: Call, workflow: LocalWorkflow, korean_request: dict[str, Any]
) -> None:
    reply = call("POST", "/recipes", korean_request, {"Accept-Language": "en-US,en;q=0.9,ko;q=0.8"})
    recipe = result_of(call, reply).body["output"]["recipe"]

    assert execution_input(workflow, reply.body["request_id"])["language"] == "en"
    assert (recipe["language"], recipe["title"]) == ("en", "Pork Belly Kimchi Fried Rice")


def test_the_bodys_language_wins_over_the_header(call: Call, workflow: LocalWorkflow) -> None:
    reply = call("POST", "/recipes", {**ENGLISH_WORDS, "language": "en"}, {"Accept-Language": "ko"})

    assert execution_input(workflow, reply.body["request_id"])["language"] == "en"


@pytest.mark.parametrize("header", ["fr-FR, de;q=0.5", "*", "ko;q=7", "ko_KR"], ids=["other", "any", "q", "tag"])
def test_a_header_with_no_usable_preference_leaves_the_language_to_the_ingredients(
    call: Call, workflow: LocalWorkflow, korean_request: dict[str, Any], header: str
) -> None:
    reply = call("POST", "/recipes", korean_request, {"Accept-Language": header})
    recipe = result_of(call, reply).body["output"]["recipe"]

    assert "language" not in execution_input(workflow, reply.body["request_id"])
    assert (recipe["language"], recipe["title"]) == ("ko", "돼지고기 김치볶음밥")  # 3 of 5 texts are Hangul


def test_a_language_other_than_ko_or_en_is_400_naming_the_field_and_the_values(
    call: Call, executions: Callable[[], int]
) -> None:
    before = executions()

    reply = call("POST", "/recipes", {**ENGLISH_WORDS, "language": "fr"}, {"Accept-Language": "ko"})

    assert (reply.status, reply.body) == (
        400,
        {"error": "InvalidRequest", "cause": "language: Input should be 'ko' or 'en'"},
    )
    assert executions() == before


def test_get_of_a_result_is_the_same_whatever_its_accept_language_and_has_no_vary(call: Call) -> None:
    done = result_of(call, call("POST", "/recipes", ENGLISH_WORDS, {"Accept-Language": "ko"}))
    path = f"/recipes/{done.body['request_id']}"

    in_english = call("GET", path, headers={"Accept-Language": "en"})
    in_korean = call("GET", path, headers={"Accept-Language": "ko"})

    assert in_english.body == in_korean.body == done.body
    assert in_english.body["output"]["recipe"]["language"] == "ko"  # chosen when it was made
    assert "Vary" not in in_english.headers and "Vary" not in in_korean.headers


def test_the_same_idempotency_key_with_another_accept_language_is_another_request(call: Call) -> None:
    key = {"Idempotency-Key": "lang-1"}
    result_of(call, call("POST", "/recipes", ENGLISH_WORDS, {**key, "Accept-Language": "ko"}))

    same = call("POST", "/recipes", ENGLISH_WORDS, {**key, "Accept-Language": "ko-KR"})
    other = call("POST", "/recipes", ENGLISH_WORDS, {**key, "Accept-Language": "en"})

    assert same.status == 202
    assert (other.status, other.body["error"]) == (422, "IdempotencyKeyReused")


def test_a_sync_outcome_the_header_chose_says_vary_accept_language(call: Call, workflow: LocalWorkflow) -> None:
    if not is_express(workflow):
        pytest.skip("sync=true is for EXPRESS workflows")

    chosen = call("POST", "/recipes?sync=true", ENGLISH_WORDS, {"Accept-Language": "ko"})
    failed = call("POST", "/recipes?sync=true", {"ingredients": ["blorptangle"]}, {"Accept-Language": "ko"})
    named = call("POST", "/recipes?sync=true", {**ENGLISH_WORDS, "language": "en"}, {"Accept-Language": "ko"})

    assert (chosen.status, chosen.body["output"]["recipe"]["title"]) == (200, "김치볶음밥")
    assert chosen.headers["Vary"] == "Accept-Language"
    assert (failed.status, failed.body["cause"]) == (422, "알아들은 재료가 없습니다: blorptangle")
    assert failed.headers["Vary"] == "Accept-Language"
    assert (named.status, named.body["output"]["recipe"]["title"]) == (200, "Kimchi Fried Rice")
    assert "Vary" not in named.headers  # the body chose: the header could not have changed it
