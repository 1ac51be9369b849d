"""Fault injection on the real state machine: transient Lambda service errors, permanent outages, timeouts,
redelivered writes. Every request must end with exactly one record; none may be lost or written twice."""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError

from aichef_local.inprocess_lambda import Invocation
from aichef_local.runner import ExecutionResult, LocalWorkflow

RECIPE, PRICE, COMBINE = "ai-chef-recipe", "ai-chef-price", "ai-chef-combine"
# Which task invokes which function, to read each task's attempt budget from the definition.
TASKS_OF = {RECIPE: ["GenerateRecipe"], PRICE: ["GetPricing", "PriceGaps"], COMBINE: ["CombineResults"]}
VALID_REQUESTS = [
    {"ingredients": ["eggs", "2 cups rice", "kimchi"], "servings": 2, "cuisine": "korean", "currency": "KRW"},
    {"ingredients": ["tofu", "vegan kimchi", "rice"], "diet": ["vegan"], "servings": 3, "currency": "USD"},
    {"ingredients": ["spaghetti", "garlic", "olive oil"], "cuisine": "italian"},
    {"ingredients": ["300g pork belly", "달걀 3개", "green onion"], "servings": 4},
]


@pytest.fixture
def lambdas(workflow: LocalWorkflow) -> Any:
    assert workflow.lambdas is not None
    yield workflow.lambdas
    workflow.lambdas.clear_outages()


def asl_states(workflow: LocalWorkflow) -> dict[str, dict[str, Any]]:
    """Every state of the deployed definition by name, Parallel branches included."""
    assert workflow.stack.state_machine is not None
    found: dict[str, dict[str, Any]] = {}

    def walk(states: dict[str, Any]) -> None:
        for name, state in states.items():
            found[name] = state
            for branch in state.get("Branches", []):
                walk(branch["States"])

    walk(json.loads(workflow.stack.state_machine.definition())["States"])
    return found


def attempts_per_task(workflow: LocalWorkflow, function: str) -> int:
    """1 + MaxAttempts of the retrier that handles Lambda.ServiceException, the same for every task of `function`."""
    states = asl_states(workflow)
    budgets = {
        1 + next(r["MaxAttempts"] for r in states[task]["Retry"] if "Lambda.ServiceException" in r["ErrorEquals"])
        for task in TASKS_OF[function]
    }
    assert len(budgets) == 1, budgets
    return budgets.pop()


def exhausted_functions(calls: list[Invocation], budget: dict[str, int]) -> set[str]:
    """Functions for which some task saw every one of its attempts fail, read from the execution's call log:
    a task's attempts are consecutive calls of its function, ended by a call that ran the handler."""
    exhausted, streak = set(), defaultdict(int)
    for call in sorted(calls, key=lambda call: call.started):
        streak[call.function] = streak[call.function] + 1 if call.injected else 0
        if streak[call.function] >= budget[call.function]:
            exhausted.add(call.function)
            streak[call.function] = 0
    return exhausted


def calls_by_execution(invocations: list[Invocation]) -> dict[str, list[Invocation]]:
    grouped: dict[str, list[Invocation]] = defaultdict(list)
    for call in invocations:
        assert call.request_id is not None
        grouped[call.request_id].append(call)
    return grouped


def assert_one_matching_record(result: ExecutionResult) -> None:
    assert result.record is not None, f"{result.request_id} has no record"
    assert result.record["request_id"] == result.request_id
    assert result.record["status"] == result.status
    if result.status == "FAILED":
        assert (result.record["error"], result.record["cause"]) == (result.error, result.cause)
        assert "stackTrace" not in result.cause and "Traceback" not in result.cause


def test_200_executions_under_30_percent_faults_everywhere_lose_nothing(workflow, lambdas, standard_only):
    budget = {function: attempts_per_task(workflow, function) for function in TASKS_OF}
    requests = [VALID_REQUESTS[index % len(VALID_REQUESTS)] for index in range(200)]
    before = len(lambdas.invocations)
    lambdas.inject_faults({RECIPE: 0.3, PRICE: 0.3, COMBINE: 0.3}, seed=4)

    results = workflow.run(requests, concurrency=4)

    calls = calls_by_execution(lambdas.invocations[before:])
    assert len(results) == 200 and len({result.request_id for result in results}) == 200
    injected = sum(call.injected for group in calls.values() for call in group)
    assert 0.2 < injected / sum(len(group) for group in calls.values()) < 0.4  # P=0.3 of every invocation
    unexpected = []
    for result in results:
        assert_one_matching_record(result)
        exhausted = exhausted_functions(calls[result.request_id], budget)
        expected = "SUCCEEDED" if not exhausted else "FAILED"
        if result.status != expected:
            unexpected.append((result.request_id, result.status, result.cause, exhausted))
        elif exhausted == {RECIPE}:
            assert result.error == "RecipeGenerationFailed", result.cause
        elif exhausted and RECIPE not in exhausted:
            assert result.error == "PricingFailed", result.cause
        elif exhausted:  # both branches gave up: whichever the Parallel saw first
            assert result.error in ("RecipeGenerationFailed", "PricingFailed")
    assert unexpected == []
    failed = [result for result in results if result.status == "FAILED"]
    assert all("failed after 3 retries: Lambda.ServiceException" in result.cause for result in failed)
    print(
        f"\nfaults P=0.3: {len(results)} executions, {len(results) - len(failed)} succeeded, {len(failed)} failed, "
        f"0 missing; {injected} injected faults"
    )


@pytest.mark.parametrize(
    ("function", "error", "task"),
    [(PRICE, "PricingFailed", "GetPricing"), (RECIPE, "RecipeGenerationFailed", "GenerateRecipe")],
)
def test_a_permanent_outage_fails_every_request_with_its_named_error_and_a_record(
    workflow, lambdas, function, error, task
):
    requests = [VALID_REQUESTS[index % len(VALID_REQUESTS)] for index in range(12)]
    before = len(lambdas.invocations)
    lambdas.inject_faults({function: 1.0}, seed=0)

    results = workflow.run(requests, concurrency=4)

    assert [result.status for result in results] == ["FAILED"] * len(requests)
    for result in results:
        assert_one_matching_record(result)
        assert result.error == error
        assert result.cause.startswith(f"{task} failed after 3 retries: Lambda.ServiceException")
    per_execution = defaultdict(int)
    for call in lambdas.invocations[before:]:
        if call.function == function:
            assert call.injected
            per_execution[call.request_id] += 1
    assert set(per_execution.values()) == {attempts_per_task(workflow, function)}


def test_the_same_seed_injects_the_same_faults(workflow, lambdas):
    def outcomes(seed: int) -> list[bool]:
        before = len(lambdas.invocations)
        lambdas.inject_faults({RECIPE: 0.5}, seed=seed)
        workflow.run([VALID_REQUESTS[0]] * 3)
        lambdas.clear_outages()
        return [call.injected for call in lambdas.invocations[before:] if call.function == RECIPE]

    first, again, other = outcomes(11), outcomes(11), outcomes(12)

    assert first == again
    assert first != other


def test_invocations_without_faults_run_the_handler(workflow, lambdas):
    before = len(lambdas.invocations)
    lambdas.inject_faults({RECIPE: 0.0, PRICE: 0.0, COMBINE: 0.0}, seed=1)

    (result,) = workflow.run([VALID_REQUESTS[0]])

    assert result.status == "SUCCEEDED"
    assert not any(call.injected for call in lambdas.invocations[before:])


# --- timeouts, retried own errors, redelivery ------------------------------------------------------------------------


def deploy_copy(
    workflow: LocalWorkflow, timeout_seconds: int | None = None, timeouts: dict[str, int] | None = None
) -> str:
    """The definition deployed again beside the real one (same functions, same table), optionally with every
    Lambda task's TimeoutSeconds (or the named states') replaced, so a States.Timeout in a test does not take 70 s."""
    assert workflow.stack.state_machine is not None
    definition = json.loads(workflow.stack.state_machine.definition())

    def shorten(states: dict[str, Any]) -> None:
        for name, state in states.items():
            if state.get("Resource") == "arn:aws:states:::lambda:invoke" and timeout_seconds is not None:
                state["TimeoutSeconds"] = timeout_seconds
            if name in (timeouts or {}):
                state["TimeoutSeconds"] = timeouts[name]
            for branch in state.get("Branches", []):
                shorten(branch["States"])

    shorten(definition["States"])
    role = workflow.sfn.describe_state_machine(stateMachineArn=workflow.state_machine_arn)["roleArn"]
    return workflow.sfn.create_state_machine(
        name=f"copy-{time.monotonic_ns()}", definition=json.dumps(definition), roleArn=role
    )["stateMachineArn"]


@pytest.fixture
def short_timeouts(workflow: LocalWorkflow) -> str:
    """Nothing but the timeouts differs from the real definition (a test below checks that)."""
    return deploy_copy(workflow, timeout_seconds=1)


def records_for(workflow: LocalWorkflow, request_id: str) -> list[dict[str, Any]]:
    items = workflow.dynamodb.scan(TableName=workflow.recipes_table)["Items"]
    return [item for item in items if item["request_id"]["S"] == request_id]


def run_named(workflow: LocalWorkflow, machine_arn: str, name: str, request: Any) -> ExecutionResult:
    """Start one execution with a given name on a given state machine; its outcome and the record under its name."""
    arn = workflow.sfn.start_execution(stateMachineArn=machine_arn, name=name, input=json.dumps(request))[
        "executionArn"
    ]
    while (description := workflow.sfn.describe_execution(executionArn=arn))["status"] == "RUNNING":
        time.sleep(0.01)
    result = ExecutionResult(
        request_id=name,
        request=request,
        status=description["status"],
        output=json.loads(description.get("output") or "null"),
        error=description.get("error"),
        cause=description.get("cause"),
    )
    (record,) = records_for(workflow, name) or [None]
    result.record = None if record is None else {key: next(iter(value.values())) for key, value in record.items()}
    return result


@pytest.mark.parametrize(
    ("function", "task", "error"),
    [
        (RECIPE, "GenerateRecipe", "RecipeGenerationFailed"),
        (PRICE, "GetPricing", "PricingFailed"),
        (COMBINE, "CombineResults", "PricingFailed"),
    ],
)
def test_a_task_timeout_ends_in_the_named_error_and_a_record(
    workflow, lambdas, monkeypatch, short_timeouts, function, task, error
):
    """States.Timeout carries no Cause; reading one would fail the execution with States.Runtime and no record."""
    handler = lambdas.handlers[function]

    def slow(event: Any, context: Any) -> Any:
        time.sleep(1.5)
        return handler(event, context)

    monkeypatch.setitem(lambdas.handlers, function, slow)

    result = run_named(workflow, short_timeouts, f"timeout-{task}-{time.monotonic_ns()}", VALID_REQUESTS[0])

    assert result.status == "FAILED"
    assert result.error == error
    assert result.cause.startswith(f"{task} timed out (States.Timeout)")
    assert_one_matching_record(result)


def test_short_timeouts_definition_differs_only_in_timeouts(workflow, short_timeouts):
    deployed = json.loads(workflow.sfn.describe_state_machine(stateMachineArn=short_timeouts)["definition"])
    original = json.loads(workflow.stack.state_machine.definition())

    def without_timeouts(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: without_timeouts(item) for key, item in value.items() if key != "TimeoutSeconds"}
        if isinstance(value, list):
            return [without_timeouts(item) for item in value]
        return value

    assert without_timeouts(deployed) == without_timeouts(original)


def test_a_price_source_that_stays_throttled_fails_as_pricing_failed_without_a_stack_trace(
    workflow, lambdas, monkeypatch
):
    from aichef.errors import PriceSourceUnavailable

    def throttled(event: Any, context: Any) -> Any:
        raise PriceSourceUnavailable("prices table: ProvisionedThroughputExceededException")

    monkeypatch.setitem(lambdas.handlers, PRICE, throttled)
    before = len(lambdas.invocations)

    (result,) = workflow.run([VALID_REQUESTS[0]])

    assert result.status == "FAILED" and result.error == "PricingFailed"
    assert result.cause == (
        "GetPricing failed after 2 retries: PriceSourceUnavailable: prices table: "
        "ProvisionedThroughputExceededException"
    )
    assert_one_matching_record(result)
    retrier = next(
        r for r in asl_states(workflow)["GetPricing"]["Retry"] if r["ErrorEquals"] == ["PriceSourceUnavailable"]
    )
    assert sum(call.function == PRICE for call in lambdas.invocations[before:]) == 1 + retrier["MaxAttempts"]


def intercept_record_puts(
    monkeypatch: pytest.MonkeyPatch, intercept: Callable[[str, int, Callable[[], Any]], Any]
) -> list[str]:
    """Route every putItem of the state machine (SaveRecipe, RecordFailure) through
    `intercept(status, nth put of that status, write)`, where `write()` performs the real put.
    Returns the status of every put attempted, in order."""
    from moto.stepfunctions.parser.asl.component.state.exec.state_task.service import (
        state_task_service_dynamodb as service,
    )

    original = service.StateTaskServiceDynamoDB._eval_service_task
    puts: list[str] = []

    def put(self: Any, **arguments: Any) -> Any:
        puts.append(status := arguments["normalised_parameters"]["Item"]["status"]["S"])
        return intercept(status, puts.count(status), lambda: original(self, **arguments))

    monkeypatch.setattr(service.StateTaskServiceDynamoDB, "_eval_service_task", put)
    return puts


def dynamodb_error(code: str, message: str, http_status: int) -> ClientError:
    return ClientError(
        {
            "Error": {"Code": code, "Message": message},
            "ResponseMetadata": {"HTTPStatusCode": http_status, "RequestId": "x"},
        },
        "PutItem",
    )


# --- exactly one record per execution ---------------------------------------------------------------------------


def test_a_redelivered_save_keeps_the_first_record_and_the_execution_succeeds(workflow, monkeypatch):
    """The first putItem lands but its answer is lost (a 500); the retry finds the record and must not fail the
    execution, overwrite the record or write a second one."""

    def lose_first_answer(status: str, nth: int, write: Callable[[], Any]) -> Any:
        answer = write()
        if (status, nth) == ("SUCCEEDED", 1):
            raise dynamodb_error("InternalServerErrorException", "answer lost", 500)
        return answer

    puts = intercept_record_puts(monkeypatch, lose_first_answer)

    (result,) = workflow.run([VALID_REQUESTS[0]])

    assert puts == ["SUCCEEDED", "SUCCEEDED"]
    assert result.status == "SUCCEEDED", result.cause
    assert [state.name for state in result.states][-2:] == ["SaveRecipe", "AlreadyRecorded"]
    assert json.loads(result.record["output"]) == result.output
    assert len(records_for(workflow, result.request_id)) == 1


def test_a_rerun_with_the_same_execution_name_cannot_overwrite_or_duplicate_the_record(workflow):
    """Execution names are unique per state machine; a second machine on the same table (a redeployment) reusing
    the name is the remaining way to write the same key. The first record stays, whatever the second run does."""
    name = f"rerun-{time.monotonic_ns()}"
    first = run_named(workflow, workflow.state_machine_arn, name, VALID_REQUESTS[0])
    assert first.status == "SUCCEEDED"
    stored = records_for(workflow, name)

    with pytest.raises(ClientError, match="ExecutionAlreadyExists"):
        workflow.sfn.start_execution(
            stateMachineArn=workflow.state_machine_arn, name=name, input=json.dumps(VALID_REQUESTS[1])
        )
    succeeded_again = run_named(workflow, deploy_copy(workflow), name, VALID_REQUESTS[1])
    failed_again = run_named(workflow, deploy_copy(workflow), name, {"ingredients": []})

    assert succeeded_again.status == "SUCCEEDED"
    assert failed_again.status == "FAILED" and failed_again.error == "InvalidRequest"
    assert records_for(workflow, name) == stored
    assert json.loads(stored[0]["request"]["S"]) == VALID_REQUESTS[0]


def slow_record_writes(monkeypatch: pytest.MonkeyPatch, slow: dict[str, int], write_first: bool) -> list[str]:
    """Patch the state machine's DynamoDB putItem: the first `slow[status]` puts of a record with that status take
    1.5 s (longer than the 1 s timeout the test deploys), after writing (`write_first`) or without writing.
    Returns the status of every put attempted, in order."""

    def slowly(status: str, nth: int, write: Callable[[], Any]) -> Any:
        if nth > slow.get(status, 0):
            return write()
        if write_first:
            write()
        time.sleep(1.5)

    return intercept_record_puts(monkeypatch, slowly)


def test_a_save_that_timed_out_after_its_write_landed_is_retried_and_the_execution_succeeds(workflow, monkeypatch):
    """Without the States.Timeout retry the execution would fail while its SUCCEEDED record stays: they disagree."""
    machine = deploy_copy(workflow, timeouts={"SaveRecipe": 1, "RecordFailure": 1})
    puts = slow_record_writes(monkeypatch, {"SUCCEEDED": 1}, write_first=True)

    result = run_named(workflow, machine, f"slow-save-{time.monotonic_ns()}", VALID_REQUESTS[0])

    assert puts == ["SUCCEEDED", "SUCCEEDED"], result.cause  # the timed-out write landed; the retry found it
    assert result.status == "SUCCEEDED", result.cause
    assert_one_matching_record(result)
    assert json.loads(result.record["output"]) == result.output


def test_a_save_that_times_out_on_every_attempt_ends_in_a_failure_record(workflow, monkeypatch):
    machine = deploy_copy(workflow, timeouts={"SaveRecipe": 1, "RecordFailure": 1})
    retrier = next(r for r in asl_states(workflow)["SaveRecipe"]["Retry"] if r["ErrorEquals"] == ["States.Timeout"])
    attempts = 1 + retrier["MaxAttempts"]
    puts = slow_record_writes(monkeypatch, {"SUCCEEDED": attempts}, write_first=False)

    result = run_named(workflow, machine, f"stuck-save-{time.monotonic_ns()}", VALID_REQUESTS[0])

    assert puts == ["SUCCEEDED"] * attempts + ["FAILED"]
    assert (result.status, result.error) == ("FAILED", "SaveFailed"), result.cause
    assert result.cause == "SaveRecipe timed out (States.Timeout) on every attempt: the recipe may not be stored"
    assert_one_matching_record(result)


def test_a_failure_record_whose_write_timed_out_after_landing_is_kept_once(workflow, monkeypatch):
    machine = deploy_copy(workflow, timeouts={"SaveRecipe": 1, "RecordFailure": 1})
    puts = slow_record_writes(monkeypatch, {"FAILED": 1}, write_first=True)

    result = run_named(workflow, machine, f"slow-failure-{time.monotonic_ns()}", {"ingredients": []})

    assert puts == ["FAILED", "FAILED"]  # retried after the timeout; the conditional put found the first write
    assert (result.status, result.error) == ("FAILED", "InvalidRequest")
    assert_one_matching_record(result)


def test_a_save_that_stays_throttled_ends_in_a_failure_record_with_dynamodbs_error(workflow, monkeypatch):
    def throttled(status: str, nth: int, write: Callable[[], Any]) -> Any:
        if status == "SUCCEEDED":
            raise dynamodb_error("ProvisionedThroughputExceededException", "slow down", 400)
        return write()

    puts = intercept_record_puts(monkeypatch, throttled)
    retrier = next(
        r
        for r in asl_states(workflow)["SaveRecipe"]["Retry"]
        if "DynamoDB.ProvisionedThroughputExceededException" in r["ErrorEquals"]
    )

    (result,) = workflow.run([VALID_REQUESTS[0]])

    assert puts == ["SUCCEEDED"] * (1 + retrier["MaxAttempts"]) + ["FAILED"]
    assert (result.status, result.error) == ("FAILED", "SaveFailed"), result.cause
    assert result.cause.startswith(
        "SaveRecipe failed after 3 retries: DynamoDB.ProvisionedThroughputExceededException: slow down"
    )
    assert_one_matching_record(result)
