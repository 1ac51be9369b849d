"""What moto cannot show: StartSyncExecution's answers (botocore Stubber), executions that end without a record,
and how long GET ?wait holds (a fake clock)."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
import yaml
from botocore.exceptions import ReadTimeoutError
from botocore.stub import Stubber
from front_door import NAMED_ERRORS, execution_input, from_sync_result, read_request, request_id_for
from recipe_requests import RecipeRequests
from workflow_gateway import Execution, Started, WorkflowGateway

from aichef.contracts import parse_request

MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:ai-chef-recipe-workflow"
REQUEST = parse_request({"ingredients": ["egg"]})


def client(service: str) -> Any:
    return boto3.client(service, region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")


class FakeClock:
    """time.monotonic and time.sleep for RecipeRequests: sleeping advances the clock."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


class ScriptedGateway(WorkflowGateway):
    """A gateway whose record appears after `record_after` looks, and whose execution reports `status`."""

    def __init__(self, status: str | None, record_after: int | None = None, error: str | None = None) -> None:
        super().__init__(None, None, None, MACHINE, "ai-chef-recipes")
        self.status, self.record_after, self.error = status, record_after, error
        self.looks = 0

    def record(self, request_id: str) -> dict[str, Any] | None:
        self.looks += 1
        if self.record_after is not None and self.looks > self.record_after:
            return {"request_id": request_id, "status": "SUCCEEDED", "output": json.dumps({"request_id": request_id})}
        return None

    def describe(self, request_id: str) -> Execution | None:
        if self.status is None:
            return None
        return Execution(self.status, "{}", self.error, None if self.error is None else "States.Runtime in Combine")


def requests_over(gateway: WorkflowGateway, workflow_type: str, clock: FakeClock) -> RecipeRequests:
    return RecipeRequests(gateway, workflow_type, poll_seconds=1.0, sleep=clock.sleep, clock=lambda: clock.now)


def sync_gateway() -> tuple[WorkflowGateway, Stubber]:
    sfn_sync = client("stepfunctions")
    return WorkflowGateway(client("stepfunctions"), sfn_sync, client("dynamodb"), MACHINE, "t"), Stubber(sfn_sync)


@pytest.mark.parametrize(
    ("status", "error", "code"),
    [
        ("SUCCEEDED", None, 200),
        ("FAILED", "RecipeGenerationFailed", 422),
        ("FAILED", "InvalidRequest", 422),
        ("FAILED", "PricingFailed", 422),
        ("FAILED", "SaveFailed", 422),
        ("FAILED", "States.Runtime", 502),
        ("FAILED", "Lambda.ServiceException", 502),
        ("TIMED_OUT", None, 502),
    ],
)
def test_sync_answers_200_only_for_success_422_for_our_named_errors_502_for_the_rest(
    status: str, error: str | None, code: int
) -> None:
    gateway, stubber = sync_gateway()
    response = {
        "executionArn": f"{MACHINE}:x",
        "startDate": "2026-01-01T00:00:00Z",
        "stopDate": "2026-01-01T00:00:01Z",
        "status": status,
    }
    if status == "SUCCEEDED":
        response["output"] = '{"request_id": "r-1"}'
    if error is not None:
        response.update(error=error, cause="why")
    stubber.add_response(
        "start_sync_execution", response, {"stateMachineArn": MACHINE, "name": "k-1", "input": execution_input(REQUEST)}
    )
    with stubber:
        result = gateway.start_sync("k-1", execution_input(REQUEST))
    answer = from_sync_result("k-1", result.status, result.output, result.error, result.cause)

    assert answer.status_code == code
    assert answer.body["status"] == status
    if code != 200:
        assert answer.body["error"] == (error or status)


def test_sync_that_outlasts_the_call_becomes_202_with_location() -> None:
    gateway, _ = sync_gateway()

    def too_slow(**_: Any) -> Any:
        raise ReadTimeoutError(endpoint_url="https://states")

    gateway.sfn_sync.start_sync_execution = too_slow  # type: ignore[method-assign]
    gateway.record = lambda request_id: None  # type: ignore[method-assign]
    answer = RecipeRequests(gateway, "EXPRESS").submit(REQUEST, None, "me", sync=True)

    assert answer.status_code == 202
    assert answer.headers == {"Location": f"/recipes/{answer.body['request_id']}"}
    assert answer.body["status"] == "RUNNING"


def test_named_errors_are_the_contracts_and_the_record_save_failure() -> None:
    assert {
        "InvalidRequest",
        "RecipeGenerationFailed",
        "PricingFailed",
        "PriceSourceUnavailable",
        "ModelThrottled",
        "ModelUnavailable",
        "SaveFailed",
    } == NAMED_ERRORS


def test_an_execution_that_ended_without_a_record_reports_its_status_error_and_cause() -> None:
    clock = FakeClock()

    answer = requests_over(ScriptedGateway("FAILED", error="States.Runtime"), "STANDARD", clock).status("r-1", 0)

    assert (answer.status_code, answer.body) == (
        200,
        {"request_id": "r-1", "status": "FAILED", "error": "States.Runtime", "cause": "States.Runtime in Combine"},
    )


def test_wait_polls_every_second_until_the_record_appears() -> None:
    clock = FakeClock()
    gateway = ScriptedGateway("RUNNING", record_after=4)

    answer = requests_over(gateway, "STANDARD", clock).status("r-1", 20)

    assert answer.body["status"] == "SUCCEEDED"
    assert clock.sleeps == [1.0, 1.0, 1.0, 1.0]  # looks 1-4 find no record and a RUNNING execution
    assert gateway.looks == 5


def test_wait_gives_up_after_n_seconds_with_running() -> None:
    clock = FakeClock()

    answer = requests_over(ScriptedGateway("RUNNING"), "STANDARD", clock).status("r-1", 5)

    assert (answer.status_code, answer.body) == (200, {"request_id": "r-1", "status": "RUNNING"})
    assert clock.now == 5.0


def test_an_unknown_standard_request_is_404_at_once_even_with_wait() -> None:
    clock = FakeClock()

    answer = requests_over(ScriptedGateway(None), "STANDARD", clock).status("r-1", 20)

    assert answer.status_code == 404
    assert clock.sleeps == []


def test_an_express_request_without_a_record_is_404_after_waiting_since_running_cannot_be_told_apart() -> None:
    clock = FakeClock()

    answer = requests_over(ScriptedGateway(None), "EXPRESS", clock).status("r-1", 3)

    assert answer.status_code == 404
    assert answer.body["cause"] == "no recipe request 'r-1' yet (an EXPRESS execution is known only by its record)"
    assert clock.now == 3.0


@pytest.mark.parametrize("workflow_type", ["EXPRESS", "STANDARD"])
def test_a_key_whose_record_exists_is_answered_from_it_without_starting(workflow_type: str) -> None:
    gateway = ScriptedGateway(None, record_after=0)
    gateway.record = lambda request_id: {
        "request_id": request_id,
        "status": "SUCCEEDED",  # type: ignore[method-assign]
        "request": execution_input(REQUEST),
        "output": "{}",
    }

    def never(*_: Any) -> Any:
        raise AssertionError("started an execution for a key that has a record")

    gateway.start = gateway.start_sync = never  # type: ignore[method-assign]
    requests = RecipeRequests(gateway, workflow_type)

    assert requests.submit(REQUEST, "k", "me", sync=False).body["status"] == "SUCCEEDED"
    if workflow_type == "EXPRESS":
        assert requests.submit(REQUEST, "k", "me", sync=True).status_code == 200
    assert requests.submit(parse_request({"ingredients": ["tofu"]}), "k", "me", sync=False).status_code == 422


def test_request_ids_are_valid_execution_names_and_keys_map_to_one_per_caller() -> None:
    fresh = {request_id_for(None, "me") for _ in range(100)}

    assert len(fresh) == 100
    assert request_id_for("order-1", "alice") == request_id_for("order-1", "alice")
    assert request_id_for("order-1", "alice") != request_id_for("order-1", "bob")
    assert all(len(rid) <= 80 and rid.replace("-", "").isalnum() for rid in fresh | {request_id_for("k", "me")})


def test_a_sync_start_gives_up_before_the_function_and_the_integration_do() -> None:
    from workflow_gateway import API_CALLS, SYNC_START

    from .conftest import API_TEMPLATE

    class Template(yaml.SafeLoader):
        """Plain values only; the tags (!Ref, !Sub, ...) are not needed here."""

    Template.add_multi_constructor("!", lambda loader, suffix, node: None)
    resources = yaml.load(API_TEMPLATE.read_text("utf-8"), Loader=Template)["Resources"]
    function_timeout = resources["ApiFunction"]["Properties"]["Timeout"]
    integration_timeout = resources["ApiIntegration"]["Properties"]["TimeoutInMillis"] / 1000

    assert (SYNC_START.attempts, SYNC_START.worst_case_seconds()) == (1, 26.0)  # never retried: no second execution
    assert SYNC_START.worst_case_seconds() < function_timeout < integration_timeout <= 30
    assert API_CALLS.worst_case_seconds() == 12.0  # 3 x (1 + 2) s + 1 + 2 s of backoff


def test_a_repeated_standard_post_answers_from_the_record_that_lands_before_the_execution_ends() -> None:
    """SaveRecipe writes the record, then the execution ends: in between, DescribeExecution still says RUNNING.
    A retried POST whose record lands between its own look-up and StartExecution says what GET says then."""
    gateway = ScriptedGateway("RUNNING", record_after=1)
    gateway.start = lambda request_id, sent: Started(gateway.execution_arn(request_id), True)  # type: ignore[method-assign]
    gateway.describe = lambda request_id: Execution("RUNNING", execution_input(REQUEST), None, None)  # type: ignore[method-assign]

    answer = RecipeRequests(gateway, "STANDARD").submit(REQUEST, "k", "me", sync=False)

    assert (answer.status_code, answer.body["status"]) == (202, "SUCCEEDED")
    assert answer.headers["Location"] == f"/recipes/{answer.body['request_id']}"


def test_a_lower_case_currency_starts_the_execution_with_the_canonical_one() -> None:
    """The API reads a body with the same contract: `usd` is accepted and the execution's input says USD."""
    body = execution_input(read_request(b'{"ingredients": ["egg"], "currency": "usd"}'))

    assert json.loads(body) == {"ingredients": ["egg"], "currency": "USD", "course": "main", "diet": [], "servings": 2}
