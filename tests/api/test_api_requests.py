"""What moto cannot show: StartSyncExecution's answers (botocore Stubber), executions that end without a record,
how long GET ?wait holds (a fake clock), a start that fails after the claim; and the pure rules of callers.py."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
import yaml
from botocore.exceptions import ClientError, EndpointConnectionError, ReadTimeoutError
from botocore.stub import Stubber
from callers import base_url, owner_of
from front_door import (
    NAMED_ERRORS,
    decode_cursor,
    encode_cursor,
    execution_input,
    from_sync_result,
    read_request,
    request_id_for,
)
from recipe_requests import RecipeRequests
from request_ledger import Claim, RequestLedger
from workflow_gateway import Execution, Started, WorkflowGateway

from aichef.contracts import parse_request

MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:ai-chef-recipe-workflow"
REQUEST = parse_request({"ingredients": ["egg"]})
BASE = "https://api.test"
STARTED_AT = "2026-12-06T20:00:00.000Z"
STARTED_EPOCH = 1796587200.0  # STARTED_AT in seconds


class MemoryLedger(RequestLedger):
    """The requests table as a dict; every id in `owned` is claimed by "me" at STARTED_AT."""

    def __init__(self, *owned: str) -> None:
        super().__init__(None, "ai-chef-requests")
        self.claims = {request_id: Claim(request_id, "me", STARTED_AT) for request_id in owned}
        self.released: list[str] = []

    def claim(self, request_id: str, owner: str, created_at: str) -> bool:
        if request_id in self.claims:
            return False
        self.claims[request_id] = Claim(request_id, owner, created_at)
        return True

    def release(self, request_id: str) -> None:
        self.released.append(request_id)
        del self.claims[request_id]

    def find(self, request_id: str) -> Claim | None:
        return self.claims.get(request_id)


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


def requests_over(
    gateway: WorkflowGateway, workflow_type: str, clock: FakeClock, now: float = STARTED_EPOCH + 10
) -> RecipeRequests:
    return RecipeRequests(
        gateway,
        MemoryLedger("r-1"),
        workflow_type,
        poll_seconds=1.0,
        sleep=clock.sleep,
        clock=lambda: clock.now,
        now=lambda: now + clock.now,
    )


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
    answer = RecipeRequests(gateway, MemoryLedger(), "EXPRESS").submit(REQUEST, None, "me", sync=True, base_url=BASE)

    assert answer.status_code == 202
    assert answer.headers == {"Location": f"{BASE}/recipes/{answer.body['request_id']}", "Retry-After": "2"}
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

    answer = requests_over(ScriptedGateway("FAILED", error="States.Runtime"), "STANDARD", clock).status("r-1", "me", 0)

    assert (answer.status_code, answer.body) == (
        200,
        {"request_id": "r-1", "status": "FAILED", "error": "States.Runtime", "cause": "States.Runtime in Combine"},
    )


def test_wait_polls_every_second_until_the_record_appears() -> None:
    clock = FakeClock()
    gateway = ScriptedGateway("RUNNING", record_after=4)

    answer = requests_over(gateway, "STANDARD", clock).status("r-1", "me", 20)

    assert answer.body["status"] == "SUCCEEDED"
    assert clock.sleeps == [1.0, 1.0, 1.0, 1.0]  # looks 1-4 find no record and a RUNNING execution
    assert gateway.looks == 5


def test_wait_gives_up_after_n_seconds_with_running() -> None:
    clock = FakeClock()

    answer = requests_over(ScriptedGateway("RUNNING"), "STANDARD", clock).status("r-1", "me", 5)

    assert (answer.status_code, answer.body) == (200, {"request_id": "r-1", "status": "RUNNING"})
    assert answer.headers == {"Retry-After": "2"}
    assert clock.now == 5.0


@pytest.mark.parametrize("workflow_type", ["STANDARD", "EXPRESS"])
def test_an_unknown_or_unowned_request_is_404_at_once_even_with_wait(workflow_type: str) -> None:
    clock = FakeClock()
    requests = requests_over(ScriptedGateway("RUNNING"), workflow_type, clock)

    unknown, unowned = requests.status("r-2", "me", 20), requests.status("r-1", "someone else", 20)

    assert (unknown.status_code, unknown.body["cause"]) == (404, "no recipe request 'r-2'")
    assert (unowned.status_code, unowned.body["cause"]) == (404, "no recipe request 'r-1'")
    assert clock.sleeps == []


def test_a_claimed_standard_request_with_no_execution_ended_without_a_record() -> None:
    """Its start failed after the claim and the claim could not be released, or its history is over 90 days old."""
    answer = requests_over(ScriptedGateway(None), "STANDARD", FakeClock()).status("r-1", "me", 20)

    assert (answer.status_code, answer.body) == (
        200,
        {
            "request_id": "r-1",
            "status": "FAILED",
            "error": "NoRecord",
            "cause": "no execution and no record: its start failed, or Step Functions no longer keeps it (90 days)",
        },
    )


def test_an_express_request_without_a_record_is_running_for_6_minutes_then_timed_out() -> None:
    """DescribeExecution does not serve Express: the claim says it exists, its age says whether it can still end."""
    clock = FakeClock()

    young = requests_over(ScriptedGateway(None), "EXPRESS", clock, now=STARTED_EPOCH + 30).status("r-1", "me", 3)
    old = requests_over(ScriptedGateway(None), "EXPRESS", FakeClock(), now=STARTED_EPOCH + 361).status("r-1", "me", 0)

    assert (young.status_code, young.body, clock.now) == (200, {"request_id": "r-1", "status": "RUNNING"}, 3.0)
    assert (old.status_code, old.body["status"], old.body["error"]) == (200, "TIMED_OUT", "NoRecord")
    assert old.body["cause"].startswith("no record 6 minutes after the start: an EXPRESS execution lasts at most 5")


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
    requests = RecipeRequests(gateway, MemoryLedger(), workflow_type)

    assert requests.submit(REQUEST, "k", "me", sync=False, base_url=BASE).body["status"] == "SUCCEEDED"
    if workflow_type == "EXPRESS":
        assert requests.submit(REQUEST, "k", "me", sync=True, base_url=BASE).status_code == 200
    tofu = parse_request({"ingredients": ["tofu"]})
    assert requests.submit(tofu, "k", "me", sync=False, base_url=BASE).status_code == 422


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

    answer = RecipeRequests(gateway, MemoryLedger(), "STANDARD").submit(REQUEST, "k", "me", sync=False, base_url=BASE)

    assert (answer.status_code, answer.body["status"]) == (202, "SUCCEEDED")
    assert answer.headers == {"Location": f"{BASE}/recipes/{answer.body['request_id']}"}


def test_a_sync_retry_of_a_key_whose_request_failed_answers_422_as_the_first_call_did() -> None:
    """Found by Schemathesis's stateful run on EXPRESS: the record's FAILED came back as a 200."""
    gateway = ScriptedGateway(None)
    record = {"status": "FAILED", "request": execution_input(REQUEST), "error": "RecipeGenerationFailed", "cause": "x"}
    gateway.record = lambda request_id: {"request_id": request_id, **record}  # type: ignore[method-assign]

    answer = RecipeRequests(gateway, MemoryLedger(), "EXPRESS").submit(REQUEST, "k", "me", sync=True, base_url=BASE)

    assert (answer.status_code, answer.body["status"], answer.body["error"]) == (
        422,
        "FAILED",
        "RecipeGenerationFailed",
    )


@pytest.mark.parametrize(
    ("failure", "released"),
    [
        (ClientError({"Error": {"Code": "ThrottlingException", "Message": "Rate exceeded"}}, "StartExecution"), True),
        (EndpointConnectionError(endpoint_url="https://states.us-east-1.amazonaws.com"), False),
    ],
    ids=["Step Functions refused: nothing runs", "no answer: it may run"],
)
def test_a_failed_start_releases_its_claim_only_when_step_functions_said_no(failure: Exception, released: bool) -> None:
    ledger = MemoryLedger()
    gateway = ScriptedGateway(None)

    def refuse(request_id: str, sent: str) -> Started:
        raise failure

    gateway.start = refuse  # type: ignore[method-assign]

    with pytest.raises(type(failure)):
        RecipeRequests(gateway, ledger, "STANDARD").submit(REQUEST, None, "me", sync=False, base_url=BASE)

    assert (len(ledger.released), len(ledger.claims)) == ((1, 0) if released else (0, 1))


@pytest.mark.parametrize(
    ("authorizer", "owner"),
    [
        ({"jwt": {"claims": {"sub": "abc"}}, "iam": {"userArn": "arn:aws:iam::1:user/x"}}, "jwt:abc"),
        (
            {"iam": {"userArn": "arn:aws:sts::1:assumed-role/Pool/Creds", "cognitoIdentity": {"identityId": "id-7"}}},
            "cognito:id-7",
        ),
        ({"iam": {"userArn": "arn:aws:iam::1:user/x", "cognitoIdentity": None}}, "iam:arn:aws:iam::1:user/x"),
        ({}, None),
    ],
    ids=["jwt", "cognito identity", "iam principal", "none"],
)
def test_the_owner_is_the_jwt_subject_else_the_cognito_identity_else_the_iam_principal(
    authorizer: dict[str, Any], owner: str | None
) -> None:
    assert owner_of({"authorizer": authorizer}) == owner


@pytest.mark.parametrize(
    ("event", "public", "url"),
    [
        (
            {"rawPath": "/recipes", "requestContext": {"domainName": "a1.execute-api.test"}},
            "",
            "https://a1.execute-api.test",
        ),
        (
            {"rawPath": "/prod/recipes", "requestContext": {"domainName": "a1.execute-api.test", "stage": "prod"}},
            "",
            "https://a1.execute-api.test/prod",
        ),
        (
            {"rawPath": "/recipes", "headers": {"x-forwarded-proto": "http", "host": "127.0.0.1:8080"}},
            "",
            "http://127.0.0.1:8080",
        ),
        (
            {"rawPath": "/recipes", "requestContext": {"domainName": "api.example.com"}},
            "https://api.example.com/v1/",
            "https://api.example.com/v1",
        ),
    ],
    ids=["$default stage", "named stage", "aichef serve", "PublicBaseUrl"],
)
def test_the_base_url_is_the_public_one_or_the_requests_host_and_stage(
    event: dict[str, Any], public: str, url: str
) -> None:
    assert base_url(event, "/recipes", public) == url


def test_a_cursor_round_trips_and_a_made_up_one_is_refused() -> None:
    from aichef.errors import InvalidRequest

    cursor = encode_cursor(STARTED_AT, "r-1")

    assert decode_cursor(cursor) == (STARTED_AT, "r-1")
    assert "me" not in cursor and "=" not in cursor
    for forged in ["", "!!", encode_cursor(STARTED_AT, "has space"), "W10"]:
        with pytest.raises(InvalidRequest):
            decode_cursor(forged)


def test_a_lower_case_currency_starts_the_execution_with_the_canonical_one() -> None:
    """The API reads a body with the same contract: `usd` is accepted and the execution's input says USD."""
    body = execution_input(read_request(b'{"ingredients": ["egg"], "currency": "usd"}'))

    assert json.loads(body) == {"ingredients": ["egg"], "currency": "USD", "course": "main", "diet": [], "servings": 2}
