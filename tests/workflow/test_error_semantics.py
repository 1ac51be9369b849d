"""AWS's error semantics on the real definition: States.* errors with no Cause or a plain-text one, the 16 KiB
request guard, and the DynamoDB error names the saves retry. Every case ends with exactly one matching record."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from test_faults import dynamodb_error, intercept_record_puts  # the record-put interceptor of the fault tests

from aichef_local.runner import LocalWorkflow

REQUEST = {"ingredients": ["eggs", "2 cups rice", "kimchi"], "servings": 2, "cuisine": "korean", "currency": "KRW"}
FALLBACK = {
    "GenerateRecipe": "RecipeGenerationFailed",
    "GetPricing": "PricingFailed",
    "CombineResults": "PricingFailed",
    "PriceGaps": "PricingFailed",
    "SaveRecipe": "SaveFailed",
}


@pytest.fixture
def fail_state(monkeypatch: pytest.MonkeyPatch) -> Callable[[str, str, str | None], None]:
    """Make the named state fail as Step Functions itself would (e.g. States.Permissions), with or without a Cause."""
    from moto.stepfunctions.parser.api import HistoryEventType, TaskFailedEventDetails
    from moto.stepfunctions.parser.asl.component.common.error_name.custom_error_name import CustomErrorName
    from moto.stepfunctions.parser.asl.component.common.error_name.failure_event import (
        FailureEvent,
        FailureEventException,
    )
    from moto.stepfunctions.parser.asl.component.state.exec.state_task.service.state_task_service_dynamodb import (
        StateTaskServiceDynamoDB,
    )
    from moto.stepfunctions.parser.asl.eval.event.event_detail import EventDetails

    def install(state: str, error: str, cause: str | None) -> None:
        def failing_instead_of(original: Callable[..., None]) -> Callable[..., None]:
            def failing(self: Any, env: Any) -> None:
                if self.name != state:
                    return original(self, env)
                details = TaskFailedEventDetails(error=error, **({"cause": cause} if cause is not None else {}))
                name = CustomErrorName.__new__(CustomErrorName)  # a States.* name, which CustomErrorName refuses
                name.error_name = error
                raise FailureEventException(
                    FailureEvent(
                        env=env,
                        error_name=name,
                        event_type=HistoryEventType.TaskFailed,
                        event_details=EventDetails(taskFailedEventDetails=details),
                    )
                )

            return failing

        for cls in _classes_evaluating_a_state():
            monkeypatch.setattr(cls, "_eval_execution", failing_instead_of(vars(cls)["_eval_execution"]))
        # the DynamoDB integration would rename any error it did not raise itself: let the injected one through
        dynamodb = StateTaskServiceDynamoDB._from_error
        monkeypatch.setattr(
            StateTaskServiceDynamoDB,
            "_from_error",
            lambda self, env, ex: (
                ex.failure_event if isinstance(ex, FailureEventException) else dynamodb(self, env, ex)
            ),
        )

    return install


def _classes_evaluating_a_state() -> list[type]:
    """ExecutionState and its subclasses (Task, Lambda, service integrations) that define `_eval_execution`."""
    from moto.stepfunctions.parser.asl.component.state.exec.execute_state import ExecutionState

    found, todo = [], [ExecutionState]
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        if "_eval_execution" in vars(cls) and not getattr(vars(cls)["_eval_execution"], "__isabstractmethod__", False):
            found.append(cls)
    return found


def assert_one_matching_failure_record(result: Any, error: str, cause: str) -> None:
    assert (result.status, result.error, result.cause) == ("FAILED", error, cause)
    assert result.record is not None, "a failed request must leave a record"
    assert (result.record["status"], result.record["error"], result.record["cause"]) == ("FAILED", error, cause)


@pytest.mark.parametrize("state", sorted(FALLBACK))
def test_a_states_error_without_a_cause_names_the_step_and_the_error(
    workflow: LocalWorkflow, fail_state: Any, state: str
) -> None:
    """No expression may read an absent Cause: it would fail the catcher, and the execution would end unrecorded."""
    fail_state(state, "States.Permissions", None)

    (result,) = workflow.run([REQUEST])

    assert_one_matching_failure_record(result, FALLBACK[state], f"{state} failed: States.Permissions")


@pytest.mark.parametrize("state", ["GetPricing", "CombineResults", "SaveRecipe"])
def test_a_plain_text_cause_is_quoted_not_parsed(workflow: LocalWorkflow, fail_state: Any, state: str) -> None:
    fail_state(state, "States.ResultPathMatchFailure", 'not JSON: {"half')

    (result,) = workflow.run([REQUEST])

    assert_one_matching_failure_record(
        result, FALLBACK[state], f'{state} failed: States.ResultPathMatchFailure: not JSON: {{"half'
    )


def test_a_request_over_16_kib_is_refused_before_the_model_and_recorded_cut_to_4_kib(workflow: LocalWorkflow) -> None:
    request = {"ingredients": ["eggs"], "note": "x" * 20_000}
    text = json.dumps(request, separators=(",", ":"))
    before = len(workflow.lambdas.invocations)

    (result,) = workflow.run([request])

    assert_one_matching_failure_record(
        result, "InvalidRequest", f"request: {len(text)} characters of JSON, over the 16 KiB limit"
    )
    assert result.record["request"] == text[:4096] + f" [cut: {len(text)} characters of JSON]"
    assert "ai-chef-recipe" not in [call.function for call in workflow.lambdas.invocations[before:]]


def test_a_request_of_exactly_16_kib_passes_the_guard_and_the_handlers_judge_it(workflow: LocalWorkflow) -> None:
    padding = 16_384 - len(json.dumps({"ingredients": ["eggs"], "note": ""}, separators=(",", ":")))
    request = {"ingredients": ["eggs"], "note": "x" * padding}

    (result,) = workflow.run([request])

    assert (result.status, result.error) == ("FAILED", "InvalidRequest")
    assert result.cause.startswith("note"), result.cause
    assert json.loads(result.record["request"]) == request


@pytest.mark.parametrize(
    "name",
    [
        "ProvisionedThroughputExceededException",
        "ThrottlingException",
        "RequestLimitExceeded",
        "RequestLimitExceededException",
        "InternalServerError",
        "InternalServerErrorException",
    ],
)
@pytest.mark.parametrize("status", ["SUCCEEDED", "FAILED"])
def test_each_documented_dynamodb_error_is_retried_by_both_saves(
    workflow: LocalWorkflow, monkeypatch: pytest.MonkeyPatch, name: str, status: str
) -> None:
    def fail_first_put(put_status: str, nth: int, write: Callable[[], Any]) -> Any:
        if (put_status, nth) == (status, 1):
            raise dynamodb_error(name, "try again", 400)
        return write()

    puts = intercept_record_puts(monkeypatch, fail_first_put)

    (result,) = workflow.run([REQUEST if status == "SUCCEEDED" else {"ingredients": []}])

    assert puts == [status, status]
    assert (result.status, result.record["status"]) == (status, status)
