"""Every change the local runner makes to moto, in one place (ARCHITECTURE §4): each is a private moto API, so
moto's version is pinned in pyproject.toml and each patch is a context manager with a test.

- `jsonata_evaluation`: moto's interpreter parses JSONata but has no evaluator (moto #10105); `jsonata-python`
  supplies it, errors become `States.QueryEvaluationError` as in AWS, and string variables are encoded as JSON.
- `in_process_invocations`: Lambda invocations run the real handler in this process instead of in Docker.
- `scaled_retry_waits`, `reused_interpreter_clients`, `parse_each_definition_once`: speed, never semantics.
- `dynamodb_task_timeouts_as_states_timeout`: a moto bug that would hide `States.Timeout` from the definition.
"""

from __future__ import annotations

import importlib
import json
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any
from unittest import mock

import jsonata

if TYPE_CHECKING:
    from aichef_local.inprocess_lambda import InProcessLambdas


class JsonataEvaluationError(Exception):
    """A JSONata expression failed to evaluate (a `$error()` call, a type error)."""


def evaluate_jsonata(expression: str) -> Any:
    """Evaluate one expression as moto composes it (its variable bindings prepended), with `jsonata-python`."""
    try:
        return jsonata.Jsonata(expression).evaluate(None)
    except jsonata.JException as error:
        raise JsonataEvaluationError(str(error)) from None


def encode_variable_declarations(bindings: dict[str, Any]) -> str:
    """`$name:=value;` per binding, every value as JSON. moto writes a string as `"` + value + `"`, so a variable
    holding a quote or a backslash (a JSON text, an error's cause) breaks every expression of the state."""
    from moto.stepfunctions.parser.asl.utils.encoding import to_json_str

    return "".join(f"{name}:={to_json_str(value, separators=(',', ':'))};" for name, value in bindings.items())


@contextmanager
def jsonata_evaluation() -> Iterator[None]:
    """Let moto's interpreter evaluate JSONata; an evaluation error fails the state with States.QueryEvaluationError,
    which a Catch on States.ALL catches (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html)."""
    from moto.stepfunctions.parser.api import EvaluationFailedEventDetails, HistoryEventType
    from moto.stepfunctions.parser.asl.component.common.error_name.failure_event import (
        FailureEvent,
        FailureEventException,
    )
    from moto.stepfunctions.parser.asl.component.common.error_name.states_error_name import StatesErrorName
    from moto.stepfunctions.parser.asl.component.common.error_name.states_error_name_type import (
        StatesErrorNameType,
    )
    from moto.stepfunctions.parser.asl.component.common.string import string_expression
    from moto.stepfunctions.parser.asl.eval import states, variable_store
    from moto.stepfunctions.parser.asl.eval.event.event_detail import EventDetails
    from moto.stepfunctions.parser.asl.jsonata import jsonata as moto_jsonata

    original = string_expression.StringJSONata._eval_body

    def eval_body(self: Any, env: Any) -> None:
        try:
            original(self, env)
        except JsonataEvaluationError as error:
            name = StatesErrorName(typ=StatesErrorNameType.StatesQueryEvaluationError)
            cause = f"The JSONata expression '{self.expression}' failed: {error}"
            details = EvaluationFailedEventDetails(error=name.error_name, cause=cause)
            raise FailureEventException(
                FailureEvent(
                    env=env,
                    error_name=name,
                    event_type=HistoryEventType.EvaluationFailed,
                    event_details=EventDetails(evaluationFailedEventDetails=details),  # type: ignore[typeddict-item]
                )
            )

    with ExitStack() as patches:
        patches.enter_context(mock.patch.object(moto_jsonata, "_eval_jsonata", evaluate_jsonata))
        for module in (moto_jsonata, states, variable_store):
            patches.enter_context(
                mock.patch.object(module, "encode_jsonata_variable_declarations", encode_variable_declarations)
            )
        patches.enter_context(mock.patch.object(string_expression.StringJSONata, "_eval_body", eval_body))
        yield


@contextmanager
def scaled_retry_waits(scale: float) -> Iterator[None]:
    """Scale the waits of the interpreter's `Retry` (moto sleeps in retrier_decl) without touching the definition."""
    from moto.stepfunctions.parser.asl.component.common.retry import retrier_decl

    with mock.patch.object(retrier_decl, "time", SimpleNamespace(sleep=lambda seconds: time.sleep(seconds * scale))):
        yield


# The interpreter's modules that call AWS for a state (Lambda invoke, the DynamoDB integration).
_CLIENT_USERS = (
    "moto.stepfunctions.parser.asl.component.state.exec.state_task.lambda_eval_utils",
    "moto.stepfunctions.parser.asl.component.state.exec.state_task.service.state_task_service_dynamodb",
)


@contextmanager
def reused_interpreter_clients() -> Iterator[None]:
    """Let moto's interpreter reuse one boto3 client per (Region, service) instead of building one per Task state.

    Building a client takes tens of ms, many times what a handler takes, and it is the interpreter's, not the
    workflow's, cost: it dominated every local Task state and throttled `--concurrency`. Clients are thread-safe,
    and moto's `boto_client_for` builds the same client whatever state credentials it is given (fixed fake keys).
    """
    from moto.stepfunctions.parser.asl.utils.boto_client import boto_client_for as original

    modules = [importlib.import_module(name) for name in _CLIENT_USERS]
    clients: dict[tuple[str, str], Any] = {}
    lock = threading.Lock()

    def reused(region: str, service: str, state_credentials: Any = None) -> Any:
        with lock:
            if (region, service) not in clients:
                clients[(region, service)] = original(region, service, state_credentials)
            return clients[(region, service)]

    with ExitStack() as patches:
        for module in modules:
            patches.enter_context(mock.patch.object(module, "boto_client_for", reused))
        yield


@contextmanager
def dynamodb_task_timeouts_as_states_timeout() -> Iterator[None]:
    """moto bug: its DynamoDB integration names every non-ClientError failure `DynamoDB.AmazonDynamoDBException`,
    a task timeout included, so a `SaveRecipe` or `RecordFailure` that outlives its TimeoutSeconds would escape the
    definition's `States.Timeout` retry and catcher. Step Functions reports `States.Timeout`, as moto's own Lambda
    task does; make the DynamoDB task do the same."""
    from moto.stepfunctions.parser.asl.component.state.exec.state_task.service.state_task_service_dynamodb import (
        StateTaskServiceDynamoDB,
    )

    original = StateTaskServiceDynamoDB._from_error

    def from_error(self: Any, env: Any, ex: Exception) -> Any:
        if isinstance(ex, TimeoutError):
            return self._get_timed_out_failure_event(env)
        return original(self, env, ex)

    with mock.patch.object(StateTaskServiceDynamoDB, "_from_error", from_error):
        yield


@contextmanager
def parse_each_definition_once() -> Iterator[None]:
    """Reuse the interpreter's program for a definition instead of parsing the ASL again for every execution
    (ANTLR parsing took about half of a local execution's time). The components keep per-execution state in the
    execution's Environment, which is how the interpreter already runs one branch program in many Map iterations
    at once; the fault-injection tests check that retries stay per execution under concurrency."""
    from moto.stepfunctions.parser.asl.parse.asl_parser import AmazonStateLanguageParser
    from moto.stepfunctions.parser.backend.execution_worker import ExecutionWorker

    programs: dict[str, Any] = {}
    lock = threading.Lock()

    def cached(worker: Any) -> Any:
        definition = worker._evaluation_details.state_machine_details.definition
        with lock:
            if definition not in programs:
                programs[definition] = AmazonStateLanguageParser.parse(definition)[0]
            return programs[definition]

    with mock.patch.object(ExecutionWorker, "_get_evaluation_entrypoint", cached):
        yield


_ACTIVE: list[InProcessLambdas] = []
"""Every InProcessLambdas inside an `in_process_invocations` block, innermost last."""
_ACTIVE_LOCK = threading.Lock()
_MOTO_METHOD: dict[str, Any] = {}
"""moto's own `_invoke_lambda`, while patched."""


@contextmanager
def in_process_invocations(lambdas: InProcessLambdas) -> Iterator[None]:
    """Route moto's Lambda invocations (`LambdaFunction._invoke_lambda`, which would start Docker) to `lambdas`.

    Blocks may overlap without nesting (pytest tears down fixtures of different scopes in any order): each
    invocation goes to the innermost active set that has the function, and moto's method is restored only when
    the last block ends.
    """
    from moto.awslambda.models import LambdaFunction

    def invoke_in_process(self: Any, event: str | None = None) -> tuple[str, bool, str]:
        body = json.loads(event) if isinstance(event, (str, bytes)) else (event or {})
        with _ACTIVE_LOCK:
            owner = next((active for active in reversed(_ACTIVE) if self.function_name in active.specs), None)
        if owner is None:
            raise KeyError(f"no in-process handler for {self.function_name}")
        return owner.invoke(self.function_name, body)

    with _ACTIVE_LOCK:
        if not _ACTIVE:
            _MOTO_METHOD["original"] = LambdaFunction._invoke_lambda
            LambdaFunction._invoke_lambda = invoke_in_process  # type: ignore[method-assign]
        _ACTIVE.append(lambdas)
    try:
        yield
    finally:
        with _ACTIVE_LOCK:
            _ACTIVE.remove(lambdas)
            if not _ACTIVE:
                LambdaFunction._invoke_lambda = _MOTO_METHOD.pop("original")  # type: ignore[method-assign]


@contextmanager
def interpreter_patches(time_scale: float) -> Iterator[None]:
    """Every interpreter patch a local run needs (the Lambda one comes later, with the handlers)."""
    with ExitStack() as patches:
        patches.enter_context(jsonata_evaluation())
        patches.enter_context(scaled_retry_waits(time_scale))
        patches.enter_context(reused_interpreter_clients())
        patches.enter_context(parse_each_definition_once())
        patches.enter_context(dynamodb_task_timeouts_as_states_timeout())
        yield
