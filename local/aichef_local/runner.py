"""Executes the real state machine file locally: moto's ASL interpreter, moto's DynamoDB, the real handlers
in-process. Everything about the stack comes from `template.yaml`."""

from __future__ import annotations

import io
import json
import logging
import os
import time
import uuid
import warnings
import zipfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import boto3
from boto3.dynamodb.types import TypeDeserializer
from moto import mock_aws
from moto.core.config import DefaultConfig

from aichef_local.aws_access import MissingAwsAccess, aws_access
from aichef_local.history import StateTiming, read_timeline
from aichef_local.inprocess_lambda import InProcessLambdas
from aichef_local.moto_patches import (
    EXECUTION_ENDS,
    finished_executions_released,
    in_process_invocations,
    interpreter_patches,
)
from aichef_local.stack import REGION, Stack

_CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing", "aws_session_token": "testing"}
_TERMINAL = {"SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"}
WAKE_SECONDS = 0.2
"""How long the runner sleeps between looks at its running executions when none has ended: `stop()` is checked
and an execution whose end moto never reports is still seen this often."""


@dataclass
class ExecutionResult:
    """One request's outcome: what `aichef run --json` prints per request."""

    request_id: str
    request: Any
    status: str
    output: Any = None
    error: str | None = None
    cause: str | None = None
    record: dict[str, Any] | None = None
    states: list[StateTiming] = field(default_factory=list)
    transitions: int = 0
    """As Standard bills them and `aichef cost` counts them: states entered plus retries (aichef_local.history)."""
    attempts: int = 0
    """Task attempts, retries included."""
    retries: int = 0
    duration_ms: float = 0.0

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {"request_id": self.request_id, "status": self.status}
        if self.status == "SUCCEEDED":
            body["output"] = self.output
        else:
            body["error"], body["cause"] = self.error, self.cause
        body["record"] = self.record
        body["states"] = [
            {"name": state.name, "duration_ms": round(state.duration_ms, 1), "attempts": state.attempts}
            for state in self.states
        ]
        body["transitions"], body["attempts"], body["retries"] = self.transitions, self.attempts, self.retries
        body["duration_ms"] = round(self.duration_ms, 1)
        return body


def _empty_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("README", "code runs in-process; see aichef_local.inprocess_lambda")
    return buffer.getvalue()


@contextmanager
def patched_environ(variables: dict[str, str]) -> Iterator[None]:
    saved = {key: os.environ.get(key) for key in variables}
    os.environ.update(variables)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, set, tuple)):
        return [_plain(item) for item in value]
    return value


ENGINES = ("catalog", "bedrock")
# moto answers every AWS call in a local run except Bedrock's, which goes to the real (or configured) endpoint.
# mock_aws merges its config one level deep, so "core" is given whole (moto's defaults plus the passthrough).
_MOTO_CONFIG: DefaultConfig = {
    "stepfunctions": {"execute_state_machine": True},
    "core": {
        "mock_credentials": True,
        "passthrough": {"urls": [], "services": ["bedrockruntime"]},
        "reset_boto3_session": True,
        "service_whitelist": None,
    },
}


class LocalRunError(Exception):
    """The local run cannot start as asked (e.g. no AWS credentials for --engine bedrock)."""


def real_bedrock_environment() -> dict[str, str]:
    """The credentials and Region boto3's standard chain resolves on this machine (profiles, SSO, environment),
    for the one client of a local run that talks to AWS: Bedrock. The function's own Region stays moto's."""
    try:
        access = aws_access("--engine bedrock")
    except MissingAwsAccess as error:
        raise LocalRunError(str(error)) from None
    return {
        "AWS_ACCESS_KEY_ID": access.access_key,
        "AWS_SECRET_ACCESS_KEY": access.secret_key,
        "AWS_SESSION_TOKEN": access.token,
        "BEDROCK_REGION": access.region,
    }


class LocalWorkflow:
    """The stack, deployed into moto for the lifetime of the `with` block.

    `engine` picks the recipe engine for this run (the template's RECIPE_ENGINE is what deploys; locally the
    offline catalog is the default). With "bedrock", the recipe function gets this machine's real credentials.
    `keep_history=False` (a server) lets go of each execution's history when it ends: see moto_patches.
    `parse_cache` keeps the parsed definition on disk for the next process (aichef_local.parse_cache).
    """

    def __init__(
        self,
        stack: Stack,
        time_scale: float = 1.0,
        extra_env: dict[str, dict[str, str]] | None = None,
        engine: str = "catalog",
        keep_history: bool = True,
        parse_cache: Path | None = None,
    ) -> None:
        if engine not in ENGINES:
            raise LocalRunError(f"engine {engine!r} is not one of: {', '.join(ENGINES)}")
        self.stack = stack
        self.time_scale = time_scale
        self.extra_env = {key: dict(value) for key, value in (extra_env or {}).items()}
        engine_env = {"RECIPE_ENGINE": engine, **(real_bedrock_environment() if engine == "bedrock" else {})}
        for spec in stack.functions.values():
            if "RECIPE_ENGINE" in spec.environment:
                self.extra_env[spec.logical_id] = {**engine_env, **self.extra_env.get(spec.logical_id, {})}
        self.keep_history = keep_history
        self.parse_cache = parse_cache
        self._exit = ExitStack()
        self.lambdas: InProcessLambdas | None = None

    def __enter__(self) -> LocalWorkflow:
        machine = self.stack.state_machine
        if machine is None:
            raise LocalRunError("the template has no AWS::Serverless::StateMachine to run")
        logging.getLogger("moto").setLevel(logging.CRITICAL + 1)  # the interpreter logs every caught error
        # Powertools keeps one metric set per process; three functions sharing a process would mix their
        # metrics, so the local run does not emit EMF (the handlers' metric calls still run).
        self._exit.enter_context(patched_environ({"POWERTOOLS_METRICS_DISABLED": "true"}))
        self._exit.enter_context(warnings.catch_warnings())
        warnings.filterwarnings("ignore", message="No application metrics to publish")
        self._exit.enter_context(interpreter_patches(self.time_scale, self.parse_cache))
        if not self.keep_history:
            self._exit.enter_context(finished_executions_released())
        self._exit.enter_context(mock_aws(config=_MOTO_CONFIG))
        self.sfn = self.client("stepfunctions")
        self.dynamodb = self.client("dynamodb")
        for table in self.stack.tables.values():
            self.dynamodb.create_table(**table.create_arguments())
        self.lambdas = InProcessLambdas(list(self.stack.functions.values()), self.extra_env)
        self._exit.enter_context(in_process_invocations(self.lambdas))
        role = self.client("iam").create_role(
            RoleName=f"{machine.name}-local"[:64],
            AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": []}),
        )["Role"]["Arn"]
        lambda_client = self.client("lambda")
        code = _empty_zip()
        for spec in self.stack.functions.values():
            lambda_client.create_function(
                FunctionName=spec.name,
                Runtime=spec.runtime or "python3.13",
                Role=role,
                Handler=spec.handler,
                Code={"ZipFile": code},
                Timeout=spec.timeout,
                MemorySize=spec.memory,
                Environment={"Variables": spec.environment},
            )
            if spec.alias:
                # as a deploy does: a published version behind the alias the definition invokes; moto resolves the
                # alias ARN to that version, whose invocations the in-process patch routes to the handler by name
                version = lambda_client.publish_version(FunctionName=spec.name)["Version"]
                lambda_client.create_alias(FunctionName=spec.name, Name=spec.alias, FunctionVersion=version)
        self.state_machine_arn = self.sfn.create_state_machine(
            name=machine.name, definition=machine.definition(), roleArn=role, type=machine.type
        )["stateMachineArn"]
        return self

    @property
    def fidelity_note(self) -> str | None:
        """What this local run cannot reproduce of the deployed workflow type, said out loud (None: nothing)."""
        machine = self.stack.state_machine
        if machine is None or machine.type != "EXPRESS":
            return None
        return (
            "WorkflowType=EXPRESS runs locally with Standard semantics: moto has no StartSyncExecution, so each "
            "request is started with StartExecution, runs once and keeps an execution history. In AWS an Express "
            "execution is started with StartSyncExecution, has no GetExecutionHistory (its log group, level ALL, "
            "holds every step) and is at-least-once when started asynchronously."
        )

    def __exit__(self, *exc: object) -> None:
        self._exit.close()

    def client(self, service: str) -> Any:
        return boto3.client(service, region_name=REGION, **_CREDENTIALS)  # type: ignore[call-overload]

    @property
    def recipes_table(self) -> str:
        return next(table.name for table in self.stack.tables.values() if table.logical_id == "RecipesTable")

    @property
    def requests_table(self) -> str:
        """The table the API stack writes its owners to (it lives in this stack: see template.yaml)."""
        return next(table.name for table in self.stack.tables.values() if table.logical_id == "RequestsTable")

    @property
    def prices_table(self) -> str:
        return next(table.name for table in self.stack.tables.values() if table.logical_id == "PricesTable")

    def run(self, requests: list[Any], concurrency: int = 1) -> list[ExecutionResult]:
        """Execute every request (at most `concurrency` at a time) and return the results in input order."""
        results: list[ExecutionResult | None] = [None] * len(requests)
        for index, result in self.stream(requests, concurrency):
            results[index] = result
        return [result for result in results if result is not None]

    def stream(
        self,
        requests: list[Any],
        concurrency: int = 1,
        stop: Callable[[], bool] = lambda: False,
        drain_seconds: float = 10.0,
    ) -> Iterator[tuple[int, ExecutionResult]]:
        """Execute the requests, yielding (input index, result) as each finishes. Once `stop()` is true no new
        execution starts, and the running ones get `drain_seconds` to finish (those that do not are left out)."""
        pending = list(enumerate(requests))
        running: dict[str, tuple[int, str, Any, float]] = {}
        deadline: float | None = None
        while running or (pending and deadline is None):
            if deadline is None and stop():
                deadline = time.monotonic() + drain_seconds
            if deadline is not None and time.monotonic() > deadline:
                return
            while pending and deadline is None and len(running) < max(1, concurrency):
                index, request = pending.pop(0)
                request_id = f"local-{index + 1:04d}-{uuid.uuid4().hex[:8]}"
                arn = self.sfn.start_execution(
                    stateMachineArn=self.state_machine_arn, name=request_id, input=json.dumps(request)
                )["executionArn"]
                running[arn] = (index, request_id, request, time.perf_counter())
            ended = EXECUTION_ENDS.count  # read before describing: an end after this wakes the wait below
            for arn in list(running):
                description = self.sfn.describe_execution(executionArn=arn)
                if description["status"] in _TERMINAL:
                    index, request_id, request, started = running.pop(arn)
                    yield index, self._result(request_id, request, description, started)
            if running:
                EXECUTION_ENDS.wait_after(ended, WAKE_SECONDS)

    def history(self, request_id: str) -> list[dict[str, Any]]:
        """The execution history of the request's execution (named after the request id), every event."""
        arn = self.state_machine_arn.replace(":stateMachine:", ":execution:", 1) + f":{request_id}"
        paginator = self.sfn.get_paginator("get_execution_history")
        return [event for page in paginator.paginate(executionArn=arn) for event in page["events"]]

    def _result(self, request_id: str, request: Any, description: dict[str, Any], started: float) -> ExecutionResult:
        result = ExecutionResult(
            request_id=request_id,
            request=request,
            status=description["status"],
            duration_ms=(time.perf_counter() - started) * 1000,
        )
        if description["status"] == "SUCCEEDED":
            result.output = json.loads(description.get("output") or "null")
        else:
            result.error, result.cause = description.get("error"), description.get("cause")
        try:
            events = self.history(request_id)
        except TypeError:
            # moto bug: when one Parallel branch fails while the other is scheduling its task, the stopped branch
            # records a TaskScheduled event whose timeoutInSeconds is the state input, and moto cannot serialise
            # the history. The outcome and the record are unaffected; only the timeline is lost.
            events = []
        timeline = read_timeline(events)
        result.states, result.transitions = timeline.states, timeline.transitions
        result.attempts, result.retries = timeline.attempts, timeline.retries
        item = self.dynamodb.get_item(
            TableName=self.recipes_table, Key={"request_id": {"S": request_id}}, ConsistentRead=True
        ).get("Item")
        if item is not None:
            deserializer = TypeDeserializer()
            result.record = _plain({key: deserializer.deserialize(value) for key, value in item.items()})
        return result
