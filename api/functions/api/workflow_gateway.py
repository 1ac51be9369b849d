"""The API's edge to AWS: starting and describing executions of the one state machine, and reading its records."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from botocore.exceptions import ClientError, ReadTimeoutError

from aichef.aws_clients import ClientBudget

# Every call but StartSyncExecution answers in milliseconds: short timeouts, standard retries (throttling included).
API_CALLS = ClientBudget(connect_s=1, read_s=2, attempts=3)
# StartExecution of an EXPRESS workflow gets one attempt: botocore's standard mode retries a read timeout, and an
# asynchronous Express execution is at-least-once with no de-duplication by name, so a slow answer retried would
# start a second execution (a second model call, perhaps another recipe than the one GET returns). On STANDARD a
# repeated StartExecution with the same name and input is the same execution, so API_CALLS' retries stay.
# https://docs.aws.amazon.com/step-functions/latest/dg/express-at-least-once-execution.html
EXPRESS_START = ClientBudget(connect_s=1, read_s=2, attempts=1)
# BatchGetItem takes at most 100 keys (a page of the list is at most that many) and may leave some unprocessed.
MAX_KEYS_PER_BATCH = 100
BATCH_ROUNDS = 3
# StartSyncExecution waits for the whole execution and must not be retried (a retry would start a second one).
# API Gateway ends an HTTP API integration after 30 s (ours: 29 s, the function 28 s), so the call gives up first
# (1 + 25 s) and the answer becomes a 202 with the Location.
SYNC_START = ClientBudget(connect_s=1, read_s=25, attempts=1)


def start_budget(workflow_type: str) -> ClientBudget:
    """The budget of the client that starts executions (and, on STANDARD, describes them)."""
    return EXPRESS_START if workflow_type == "EXPRESS" else API_CALLS


@dataclass(frozen=True)
class Started:
    """The outcome of StartExecution: started now (or an identical open one), or the name was already taken."""

    execution_arn: str
    already_existed: bool


@dataclass(frozen=True)
class Execution:
    status: str
    input: str | None
    error: str | None
    cause: str | None


@dataclass(frozen=True)
class SyncResult:
    """A StartSyncExecution that finished, or (timed_out) one still running when the call gave up."""

    status: str
    output: str | None = None
    error: str | None = None
    cause: str | None = None
    timed_out: bool = False


class WorkflowGateway:
    """Starts and reads executions of the recipe workflow; `sfn_sync` is a client made with the SYNC_START budget."""

    def __init__(self, sfn: Any, sfn_sync: Any, dynamodb: Any, state_machine_arn: str, recipes_table: str) -> None:
        self.sfn = sfn
        self.sfn_sync = sfn_sync
        self.dynamodb = dynamodb
        self.state_machine_arn = state_machine_arn
        self.recipes_table = recipes_table

    def execution_arn(self, request_id: str) -> str:
        """A Standard execution's ARN: the state machine's, with `execution` for `stateMachine`, plus the name."""
        return self.state_machine_arn.replace(":stateMachine:", ":execution:", 1) + f":{request_id}"

    def start(self, request_id: str, execution_input: str) -> Started:
        """StartExecution named `request_id`. For Standard the same name and input while open is the same execution;
        any other reuse of the name raises ExecutionAlreadyExists, reported as `already_existed`."""
        try:
            response = self.sfn.start_execution(
                stateMachineArn=self.state_machine_arn, name=request_id, input=execution_input
            )
        except ClientError as error:
            if error.response["Error"]["Code"] != "ExecutionAlreadyExists":
                raise
            return Started(self.execution_arn(request_id), already_existed=True)
        return Started(response["executionArn"], already_existed=False)

    def start_sync(self, request_id: str, execution_input: str) -> SyncResult:
        """StartSyncExecution (Express only): the finished execution, or `timed_out` when it outlasts the call."""
        try:
            response = self.sfn_sync.start_sync_execution(
                stateMachineArn=self.state_machine_arn, name=request_id, input=execution_input
            )
        except ReadTimeoutError:
            return SyncResult(status="RUNNING", timed_out=True)
        return SyncResult(
            status=response["status"],
            output=response.get("output"),
            error=response.get("error"),
            cause=response.get("cause"),
        )

    def stop(self, request_id: str, error: str, cause: str) -> None:
        """StopExecution of a Standard execution (Express has none: StopExecution does not support EXPRESS state
        machines, https://docs.aws.amazon.com/step-functions/latest/apireference/API_StopExecution.html)."""
        self.sfn.stop_execution(executionArn=self.execution_arn(request_id), error=error, cause=cause)

    def describe(self, request_id: str) -> Execution | None:
        """DescribeExecution of a Standard execution, or None when there is none of that name."""
        try:
            response = self.sfn.describe_execution(executionArn=self.execution_arn(request_id))
        except ClientError as error:
            if error.response["Error"]["Code"] == "ExecutionDoesNotExist":
                return None
            raise
        return Execution(
            status=response["status"],
            input=response.get("input"),
            error=response.get("error"),
            cause=response.get("cause"),
        )

    def record(self, request_id: str) -> dict[str, Any] | None:
        """The workflow's record of the request (SUCCEEDED or FAILED), read consistently, or None."""
        item = self.dynamodb.get_item(
            TableName=self.recipes_table, Key={"request_id": {"S": request_id}}, ConsistentRead=True
        ).get("Item")
        if item is None:
            return None
        return {name: _attribute(value) for name, value in item.items()}

    def statuses(self, request_ids: list[str]) -> dict[str, str]:
        """The recorded status (SUCCEEDED or FAILED) of each request that has a record, in one BatchGetItem (eventually
        consistent: a record seconds old may read as absent, and the request as still running)."""
        if not request_ids:
            return {}
        assert len(request_ids) <= MAX_KEYS_PER_BATCH
        keys = {"Keys": [{"request_id": {"S": request_id}} for request_id in request_ids]}
        wanted = {
            self.recipes_table: {
                **keys,
                "ProjectionExpression": "request_id, #status",
                "ExpressionAttributeNames": {"#status": "status"},
            }
        }
        found: dict[str, str] = {}
        for _ in range(BATCH_ROUNDS):
            response = self.dynamodb.batch_get_item(RequestItems=wanted)
            for item in response.get("Responses", {}).get(self.recipes_table, []):
                found[item["request_id"]["S"]] = item["status"]["S"]
            wanted = response.get("UnprocessedKeys") or {}
            if not wanted:
                break
        return found


def _attribute(value: dict[str, Any]) -> Any:
    """A DynamoDB attribute value as plain JSON (the record holds only S and N attributes)."""
    ((kind, inner),) = value.items()
    if kind == "N":
        number = Decimal(inner)
        return int(number) if number == number.to_integral_value() else float(number)
    if kind in ("S", "BOOL"):
        return inner
    return json.loads(json.dumps(inner, default=str))
