"""The Retry/Catch policy of the state machine, state by state, and the README table that documents it."""

from __future__ import annotations

import ast
import re
from typing import Any

import pytest

from .support import REPO
from .test_client_budgets import recipe_function_worst_case_seconds
from .test_template import walk_states

CONTRACT_ERRORS = {"InvalidRequest", "RecipeGenerationFailed", "PricingFailed"}
# Named by the state machine itself: the recipe could not be stored; a States.* error escaped the branches.
WORKFLOW_ERRORS = {"SaveFailed", "WorkflowFailed"}
LAMBDA_TASKS = {"GenerateRecipe": "RecipeGenerationFailed", "GetPricing": "PricingFailed",
                "CombineResults": "PricingFailed", "PriceGaps": "PricingFailed"}


def states_by_name(asl: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {name: state for name, state, _ in walk_states(asl)}


def own_retryable_errors() -> set[str]:
    """The named errors of layer/aichef/errors.py that are not the contract's three: the retryable ones."""
    tree = ast.parse((REPO / "layer" / "aichef" / "errors.py").read_text("utf-8"))
    names = {node.name for node in tree.body if isinstance(node, ast.ClassDef)}
    return names - CONTRACT_ERRORS - {"AiChefError"}


def reads_cause(value: Any) -> bool:
    """Whether a Parameters block reads a `Cause` from its input (a `.$` path or intrinsic mentioning Cause)."""
    if isinstance(value, dict):
        return any((key.endswith(".$") and "Cause" in str(item)) or reads_cause(item) for key, item in value.items())
    if isinstance(value, list):
        return any(reads_cause(item) for item in value)
    return False


@pytest.mark.parametrize("task", sorted(LAMBDA_TASKS))
def test_lambda_tasks_catch_timeout_task_failed_and_all_explicitly_in_that_order(asl, task):
    errors = [catcher["ErrorEquals"] for catcher in states_by_name(asl)[task]["Catch"]]

    assert errors[-3:] == [["States.Timeout"], ["States.TaskFailed"], ["States.ALL"]]
    assert set(errors[0]) == {"InvalidRequest", LAMBDA_TASKS[task]}


def test_what_follows_a_timeout_or_an_unknown_error_never_reads_the_absent_cause(asl):
    """States.Timeout has no Cause; a JSONPath read of one fails with States.Runtime, which nothing can catch."""
    states = states_by_name(asl)
    problems = []
    for name, state in states.items():
        if name == "RecordFailure":  # its catcher keeps $.error, described before (test_template.py checks it)
            continue
        for catcher in state.get("Catch", []):
            if {"States.Timeout", "States.ALL"} & set(catcher["ErrorEquals"]):
                target = states[catcher["Next"]]
                if target["Type"] != "Pass" or reads_cause(target.get("Parameters", {})):
                    problems.append((name, catcher["ErrorEquals"], catcher["Next"]))

    assert problems == []


def test_own_retryable_errors_are_retried_then_caught_and_read_without_the_stack_trace(asl):
    states = states_by_name(asl)
    retried = {error for state in states.values() for retrier in state.get("Retry", [])
               for error in retrier["ErrorEquals"]}
    for error in own_retryable_errors():
        assert error in retried, f"{error} is never retried"
        for name, state in states.items():
            if any(error in retrier["ErrorEquals"] for retrier in state.get("Retry", [])):
                (catcher,) = [c for c in state["Catch"] if error in c["ErrorEquals"]]
                reader = states[catcher["Next"]]
                assert "States.StringToJson" in str(reader["Parameters"]), (name, error)


def test_every_retrier_uses_full_jitter_and_a_delay_cap(asl):
    retriers = [(name, retrier) for name, state in states_by_name(asl).items() for retrier in state.get("Retry", [])]

    assert retriers
    assert [(name, r) for name, r in retriers if r.get("JitterStrategy") != "FULL" or "MaxDelaySeconds" not in r] == []


def test_a_redelivered_save_that_finds_its_record_succeeds_without_writing(asl):
    states = asl["States"]
    (catcher,) = [c for c in states["SaveRecipe"]["Catch"]
                  if c["ErrorEquals"] == ["DynamoDB.ConditionalCheckFailedException"]]
    target = states[catcher["Next"]]

    assert states["SaveRecipe"]["Catch"][0] is catcher
    assert target == {**target, "Type": "Pass", "OutputPath": states["SaveRecipe"]["OutputPath"], "End": True}
    assert "Parameters" not in target and "Result" not in target


def test_every_way_into_the_failure_record_carries_a_name_a_fail_state_may_raise(asl):
    """The execution ends in a Fail state that raises the recorded error. A States.* name there is itself an error
    (States.Runtime), so the execution's error would differ from its record's: each way in must set one of ours."""
    states = asl["States"]

    def ways_into(target: str) -> list[tuple[str, dict[str, Any] | None]]:
        """(state, catcher) pairs that lead to `target`; catcher None for a plain Next."""
        ways: list[tuple[str, dict[str, Any] | None]] = [(n, None) for n, s in states.items() if s.get("Next") == target]
        return ways + [(n, c) for n, s in states.items() for c in s.get("Catch", []) if c["Next"] == target]

    def catchers_behind(name: str) -> list[list[str]]:
        """The ErrorEquals of every catcher that reaches the Pass state `name` through Pass states only."""
        found = []
        for source, catcher in ways_into(name):
            if catcher is not None:
                found.append(catcher["ErrorEquals"])
            else:
                assert states[source]["Type"] == "Pass", source
                found += catchers_behind(source)
        return found

    ways = ways_into("RecordFailure")
    assert [(name, catcher["ErrorEquals"]) for name, catcher in ways if catcher] == []
    assert len(ways) >= 8
    for name, _ in ways:
        parameters = states[name]["Parameters"]
        if "Error" in parameters:
            assert parameters["Error"] in CONTRACT_ERRORS | WORKFLOW_ERRORS, name
        else:
            assert parameters["Error.$"] == "$.error.Error", name
            behind = catchers_behind(name)
            assert behind and all(set(errors) <= CONTRACT_ERRORS for errors in behind), (name, behind)
    assert states["Failed"] == {"Type": "Fail", "ErrorPath": "$.error.Error", "CausePath": "$.error.Cause"}


def worst_case_wait(retrier: dict[str, Any]) -> float:
    """The longest the retries of one retrier can wait in total: FULL jitter waits at most the capped interval."""
    interval, rate = retrier.get("IntervalSeconds", 1), retrier.get("BackoffRate", 2.0)
    cap = retrier.get("MaxDelaySeconds", float("inf"))
    return sum(min(interval * rate ** attempt, cap) for attempt in range(retrier.get("MaxAttempts", 3)))


def readme_policy_rows() -> dict[tuple[str, str], tuple[int, float]]:
    """{(state, first error): (attempts, worst-case seconds)} from the README's retry table."""
    text = (REPO / "README.md").read_text("utf-8")
    rows = {}
    for match in re.finditer(r"^\| `(\w+)` \| `([\w.]+)`[^|]*\| (\d+) \| ([\d.]+) s \|", text, re.MULTILINE):
        rows[(match[1], match[2])] = (int(match[3]), float(match[4]))
    return rows


def test_the_readme_retry_table_matches_the_definition(asl):
    rows = readme_policy_rows()
    expected = {(name, retrier["ErrorEquals"][0]): (1 + retrier.get("MaxAttempts", 3), worst_case_wait(retrier))
                for name, state in states_by_name(asl).items() for retrier in state.get("Retry", [])}

    assert rows, "no retry table in README.md"
    assert {key: rows.get(key) for key in expected} == expected


EXPRESS_CAP_SECONDS = 300  # an Express execution stops after 5 minutes, whatever its states do


def test_the_readme_says_how_a_slow_model_can_outlast_an_express_execution(asl):
    """A recipe step whose Bedrock calls all time out returns after the function's whole budget (the model calls and
    the recipe cache's), is retried by the state machine, and so can outlast Express's cap: such an execution stops
    with no record. The README says so, with this figure."""
    worst_case_seconds = recipe_function_worst_case_seconds

    retrier = next(r for r in states_by_name(asl)["GenerateRecipe"]["Retry"] if "ModelUnavailable" in r["ErrorEquals"])
    worst = (1 + retrier["MaxAttempts"]) * worst_case_seconds() + worst_case_wait(retrier)
    express = (REPO / "README.md").read_text("utf-8").split("### Express", 1)[1].split("\n### ", 1)[0]

    assert worst > EXPRESS_CAP_SECONDS
    assert (f"up to {worst:.0f} s ({1 + retrier['MaxAttempts']} × {worst_case_seconds():.0f} s + "
            f"{worst_case_wait(retrier):.0f} s of retry waits)") in " ".join(express.split())
