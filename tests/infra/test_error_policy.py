"""The Retry/Catch policy of the state machine, state by state, and the tables of docs/workflow.md that document it."""

from __future__ import annotations

import ast
import json
import re
from typing import Any

import pytest

from .conftest import asl_for
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
EXPRESS_CAP_SECONDS = 300  # an Express execution stops after 5 minutes, whatever its states do
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


def readme_policy_rows() -> dict[tuple[str, str, str], tuple[int, float]]:
    """{(workflow type, state, first error): (attempts, worst-case seconds)} from the retry tables of docs/workflow.md:
    the main table is STANDARD's, rows marked EXPRESS say where EXPRESS differs."""
    text = (REPO / "docs" / "workflow.md").read_text("utf-8")
    rows = {}
    pattern = r"^\| (EXPRESS )?`(\w+)` \| `([\w.]+)`[^|]*\| (\d+) \| ([\d.]+) s \|"
    for match in re.finditer(pattern, text, re.MULTILINE):
        rows[("EXPRESS" if match[1] else "STANDARD", match[2], match[3])] = (int(match[4]), float(match[5]))
    return rows


def policy(definition: dict[str, Any]) -> dict[tuple[str, str], tuple[int, float]]:
    return {
        (name, retrier["ErrorEquals"][0]): (1 + retrier.get("MaxAttempts", 3), worst_case_wait(retrier))
        for name, state in states_by_name(definition).items()
        for retrier in state.get("Retry", [])
    }


def test_the_docs_retry_tables_match_the_definition_of_each_workflow_type(asl):
    rows = readme_policy_rows()
    standard, express = policy(asl), policy(asl_for("EXPRESS"))
    expected = {("STANDARD", *key): value for key, value in standard.items()}
    expected |= {("EXPRESS", *key): value for key, value in express.items() if standard[key] != value}

    assert rows, "no retry table in docs/workflow.md"
    assert {key: rows.get(key) for key in expected} == expected
    assert {key for key in rows if key[0] == "EXPRESS"} == {key for key in expected if key[0] == "EXPRESS"}


def test_throttling_is_retried_past_a_minute_on_standard_and_inside_five_minutes_on_express(asl):
    """Bedrock's quotas are per minute: on STANDARD the ModelThrottled waits can reach past 60 s (their caps add up
    to more than a minute, and so does their mean under full jitter); on EXPRESS every attempt of the recipe step,
    whichever model error it ended in, fits the 5-minute cap with its waits."""

    def throttled(definition: dict[str, Any]) -> dict[str, Any]:
        retriers = states_by_name(definition)["GenerateRecipe"]["Retry"]
        return next(r for r in retriers if r["ErrorEquals"] == ["ModelThrottled"])

    standard, express = throttled(asl), throttled(asl_for("EXPRESS"))

    assert worst_case_wait(standard) == 165 and worst_case_wait(standard) / 2 > 60
    assert express_recipe_step_worst_case() == 282 < EXPRESS_CAP_SECONDS
    assert (standard["MaxAttempts"], express["MaxAttempts"]) == (4, 1)


def express_recipe_step_worst_case() -> float:
    """Every attempt of GenerateRecipe on EXPRESS at the function's worst case, plus every model retry's waits."""
    retriers = [
        r
        for r in states_by_name(asl_for("EXPRESS"))["GenerateRecipe"]["Retry"]
        if r["ErrorEquals"][0] in ("ModelThrottled", "ModelUnavailable")
    ]
    attempts = 1 + sum(r["MaxAttempts"] for r in retriers)
    return attempts * recipe_function_worst_case_seconds() + sum(worst_case_wait(r) for r in retriers)


def test_a_slow_model_cannot_outlast_an_express_execution_and_the_docs_say_so():
    """A recipe step whose Bedrock calls all time out (or are throttled) returns after the function's whole budget
    (the model calls and the recipe cache's) and is retried once per model error on EXPRESS; all of it ends inside
    Express's cap (it was 348 s, over it, before maxTokens and the read timeout were sized). docs/stack.md says so."""
    worst = express_recipe_step_worst_case()
    express = (REPO / "docs" / "stack.md").read_text("utf-8").split("\n## Express\n", 1)[1].split("\n## ", 1)[0]

    assert worst == 282 and worst < EXPRESS_CAP_SECONDS
    assert f"up to {worst:.0f} s (3 × {recipe_function_worst_case_seconds():.0f} s + 12 s of retry waits)" in " ".join(
        express.split()
    )
