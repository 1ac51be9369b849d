"""The Retry/Catch policy of the state machine, state by state, and the README table that documents it."""

from __future__ import annotations

import ast
import json
import re
from typing import Any

import pytest

from .support import REPO
from .test_client_budgets import recipe_function_worst_case_seconds
from .test_template import walk_states

CONTRACT_ERRORS = {"InvalidRequest", "RecipeGenerationFailed", "PricingFailed"}
# Named by the state machine itself: the recipe could not be stored; a States.* error escaped the branches.
WORKFLOW_ERRORS = {"SaveFailed", "WorkflowFailed"}
LAMBDA_TASKS = {
    "GenerateRecipe": "RecipeGenerationFailed",
    "GetPricing": "PricingFailed",
    "CombineResults": "PricingFailed",
    "PriceGaps": "PricingFailed",
}


def states_by_name(asl: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {name: state for name, state, _ in walk_states(asl)}


def own_retryable_errors() -> set[str]:
    """The named errors of layer/aichef/errors.py that are not the contract's three: the retryable ones."""
    tree = ast.parse((REPO / "layer" / "aichef" / "errors.py").read_text("utf-8"))
    names = {node.name for node in tree.body if isinstance(node, ast.ClassDef)}
    return names - CONTRACT_ERRORS - {"AiChefError"}


# The error names the DynamoDB integration raises for a throttled or failing write, as `DynamoDB.<error>`. The API
# reference's error codes (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutItem.html#API_PutItem_Errors,
# https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/CommonErrors.html) say `InternalServerError` and
# `RequestLimitExceeded`; the SDK exception classes, whose names Step Functions reports for its AWS SDK integrations
# (https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html), spell them
# `InternalServerErrorException` and `RequestLimitExceededException`: both spellings are retried.
DYNAMODB_RETRIED = [
    "DynamoDB.ProvisionedThroughputExceededException",
    "DynamoDB.ThrottlingException",
    "DynamoDB.RequestLimitExceeded",
    "DynamoDB.RequestLimitExceededException",
    "DynamoDB.InternalServerError",
    "DynamoDB.InternalServerErrorException",
]
PARSE = re.compile(r"\$e\.Error in \[([^\]]*)\] \? \$parse\(\$e\.Cause\)")


def expressions(value: Any) -> list[str]:
    """Every JSONata expression in a part of the definition."""
    if isinstance(value, dict):
        return [text for item in value.values() for text in expressions(item)]
    if isinstance(value, list):
        return [text for item in value for text in expressions(item)]
    return [value] if isinstance(value, str) and value.startswith("{%") else []


def quoted_names(expression: str) -> set[str]:
    return set(re.findall(r"'([A-Za-z.]+)'", expression))


def parsed_for(catcher: dict[str, Any]) -> set[str]:
    """The error names whose Cause a catcher parses as JSON."""
    return {name for text in expressions(catcher) for group in PARSE.findall(text) for name in quoted_names(group)}


@pytest.mark.parametrize("task", sorted(LAMBDA_TASKS))
def test_lambda_tasks_have_one_catcher_on_states_all(asl, task):
    """In AWS `States.TaskFailed` matches every error but `States.Timeout`, so catchers after it never run: one
    catcher sees every error and computes what it hands on."""
    assert [catcher["ErrorEquals"] for catcher in states_by_name(asl)[task]["Catch"]] == [["States.ALL"]]


def test_a_cause_is_parsed_only_for_our_named_errors(asl):
    """The Lambda integration writes a handler error's Cause as JSON; a States.* error's Cause may be absent or plain
    text, and `$parse` of it fails the catcher itself. Every `$parse` is guarded by the error name."""
    ours = own_retryable_errors() | CONTRACT_ERRORS
    definition = json.dumps(asl)

    assert definition.count("$parse(") == len(PARSE.findall(definition)) == 7
    assert {name for group in PARSE.findall(definition) for name in quoted_names(group)} <= ours


def test_own_retryable_errors_are_retried_then_caught_and_read_without_the_stack_trace(asl):
    states = states_by_name(asl)
    for error in own_retryable_errors():
        retrying = [
            name
            for name, state in states.items()
            if any(error in retrier["ErrorEquals"] for retrier in state.get("Retry", []))
        ]
        assert retrying, f"{error} is never retried"
        for name in retrying:
            (catcher,) = [c for c in states[name]["Catch"] if c["ErrorEquals"] == ["States.ALL"]]
            assert error in parsed_for(catcher), (name, error)


def test_the_saves_retry_exactly_the_documented_dynamodb_errors(asl):
    states = asl["States"]
    for name in ("SaveRecipe", "RecordFailure"):
        assert [retrier["ErrorEquals"] for retrier in states[name]["Retry"]] == [DYNAMODB_RETRIED, ["States.Timeout"]]


def test_every_retrier_uses_full_jitter_and_a_delay_cap(asl):
    retriers = [(name, retrier) for name, state in states_by_name(asl).items() for retrier in state.get("Retry", [])]

    assert retriers
    assert [(name, r) for name, r in retriers if r.get("JitterStrategy") != "FULL" or "MaxDelaySeconds" not in r] == []


def test_a_redelivered_save_that_finds_its_record_succeeds_without_writing(asl):
    states = asl["States"]
    save = states["SaveRecipe"]
    catcher = save["Catch"][0]

    assert catcher == {
        "ErrorEquals": ["DynamoDB.ConditionalCheckFailedException"],
        "Output": save["Output"],
        "Next": "AlreadyRecorded",
    }
    assert states["AlreadyRecorded"]["Type"] == "Succeed"


def test_every_way_into_the_failure_record_carries_a_name_a_fail_state_may_raise(asl):
    """The execution ends in a Fail state that raises the recorded error. A States.* name there is itself an error,
    so the execution's error would differ from its record's: every name handed on is one of ours."""
    states = states_by_name(asl)
    ours = CONTRACT_ERRORS | WORKFLOW_ERRORS
    into_record = [
        (name, catcher)
        for name, state in states.items()
        for catcher in state.get("Catch", [])
        if catcher["Next"] == "RecordFailure"
    ]
    into_branch_fails = [
        catcher
        for state in states.values()
        for catcher in state.get("Catch", [])
        if states[catcher["Next"]]["Type"] == "Fail" and catcher["Next"] != "Failed"
    ]

    assert sorted(name for name, _ in into_record) == ["CombineResults", "PriceGaps", "RecipeGeneration", "SaveRecipe"]
    for name, catcher in into_record:
        failure = catcher["Assign"]["failure"]
        error = failure["Error"] if isinstance(failure, dict) else failure
        assert quoted_names(error) - {"Error", "Cause", "States.Timeout"} - own_retryable_errors() <= ours, name
    assert len(into_branch_fails) == 2
    for catcher in into_branch_fails:
        assert quoted_names(catcher["Output"]["Error"]) <= ours
        assert states[catcher["Next"]] == {
            **states[catcher["Next"]],
            "Error": "{% $states.input.Error %}",
            "Cause": "{% $states.input.Cause %}",
        }
    assert states["Failed"] == {"Type": "Fail", "Error": "{% $failure.Error %}", "Cause": "{% $failure.Cause %}"}


def worst_case_wait(retrier: dict[str, Any]) -> float:
    """The longest the retries of one retrier can wait in total: FULL jitter waits at most the capped interval."""
    interval, rate = retrier.get("IntervalSeconds", 1), retrier.get("BackoffRate", 2.0)
    cap = retrier.get("MaxDelaySeconds", float("inf"))
    return sum(min(interval * rate**attempt, cap) for attempt in range(retrier.get("MaxAttempts", 3)))


def readme_policy_rows() -> dict[tuple[str, str], tuple[int, float]]:
    """{(state, first error): (attempts, worst-case seconds)} from the README's retry table."""
    text = (REPO / "README.md").read_text("utf-8")
    rows = {}
    for match in re.finditer(r"^\| `(\w+)` \| `([\w.]+)`[^|]*\| (\d+) \| ([\d.]+) s \|", text, re.MULTILINE):
        rows[(match[1], match[2])] = (int(match[3]), float(match[4]))
    return rows


def test_the_readme_retry_table_matches_the_definition(asl):
    rows = readme_policy_rows()
    expected = {
        (name, retrier["ErrorEquals"][0]): (1 + retrier.get("MaxAttempts", 3), worst_case_wait(retrier))
        for name, state in states_by_name(asl).items()
        for retrier in state.get("Retry", [])
    }

    assert rows, "no retry table in README.md"
    assert {key: rows.get(key) for key in expected} == expected


EXPRESS_CAP_SECONDS = 300  # an Express execution stops after 5 minutes, whatever its states do


def test_a_slow_model_cannot_outlast_an_express_execution_and_the_readme_says_so(asl):
    """A recipe step whose Bedrock calls all time out returns after the function's whole budget (the model calls and
    the recipe cache's) and is retried by the state machine; all of it ends inside Express's cap (it was 348 s, over
    it, before maxTokens and the read timeout were sized). The README says so, with this figure."""
    worst_case_seconds = recipe_function_worst_case_seconds

    retrier = next(r for r in states_by_name(asl)["GenerateRecipe"]["Retry"] if "ModelUnavailable" in r["ErrorEquals"])
    worst = (1 + retrier["MaxAttempts"]) * worst_case_seconds() + worst_case_wait(retrier)
    express = (REPO / "README.md").read_text("utf-8").split("### Express", 1)[1].split("\n### ", 1)[0]

    assert worst == 276 and worst < EXPRESS_CAP_SECONDS
    assert (
        f"up to {worst:.0f} s ({1 + retrier['MaxAttempts']} × {worst_case_seconds():.0f} s + "
        f"{worst_case_wait(retrier):.0f} s of retry waits)"
    ) in " ".join(express.split())
