"""Every change the local runner makes to moto, in one place (ARCHITECTURE §4): each is a private moto API, so
moto's version is pinned in pyproject.toml and each patch is a context manager with a test.

- `jsonata_evaluation`: moto's interpreter parses JSONata but has no evaluator (moto #10105); `jsonata-python`
  supplies it, with `$states` and the variables bound as values, and evaluation errors and undefined results
  become `States.QueryEvaluationError` as in AWS.
- `in_process_invocations`: Lambda invocations run the real handler in this process instead of in Docker.
- `scaled_retry_waits`, `reused_interpreter_clients`, `parse_each_definition_once`, `one_data_loader`: speed,
  never semantics.
- `dynamodb_task_timeouts_as_states_timeout`: a moto bug that would hide `States.Timeout` from the definition.
- `stopped_executions_keep_error_and_cause`: StopExecution's error and cause, which moto drops and AWS reports.
- `finished_executions_released`: for `aichef serve`, memory that stays flat however many executions it runs.
- `execution_ends_signalled`: the runner waits for an execution to end instead of polling DescribeExecution.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any
from unittest import mock

import jsonata

from aichef_local import parse_cache

if TYPE_CHECKING:
    from aichef_local.inprocess_lambda import InProcessLambdas


class JsonataEvaluationError(Exception):
    """A JSONata expression failed to evaluate (a `$error()` call, a type error)."""


_UNDEFINED = object()
"""What `evaluate_defined` returns for an expression that evaluates to nothing (JSONata's undefined, not null)."""


class _Programs:
    """Parsed expressions, reused: parsing is most of jsonata-python's cost. A program is used by one thread at a
    time, so each expression keeps a pool of them."""

    def __init__(self) -> None:
        self._free: dict[str, list[jsonata.Jsonata]] = {}
        self._lock = threading.Lock()

    def evaluate(self, expression: str, bindings: dict[str, Any] | None) -> Any:
        with self._lock:
            pool = self._free.setdefault(expression, [])
            program = pool.pop() if pool else None
        if program is None:
            program = jsonata.Jsonata(expression)
            program.set_output_convert_nulls(False)
        try:
            return program.evaluate(None, bindings)
        finally:
            with self._lock:
                self._free[expression].append(program)


_PROGRAMS = _Programs()


def evaluate_defined(expression: str, bindings: dict[str, Any] | None = None) -> Any:
    """Evaluate an expression with `jsonata-python`, with variables bound to values (`{"name": value}` for `$name`);
    JSON null comes back as None, nothing at all as `_UNDEFINED`."""
    null = jsonata.utils.Utils.NULL_VALUE
    values = {name: null if value is None else value for name, value in (bindings or {}).items()}
    try:
        result = _PROGRAMS.evaluate(expression, values or None)
    except jsonata.JException as error:
        raise JsonataEvaluationError(str(error)) from None
    return _UNDEFINED if result is None else jsonata.utils.Utils.convert_nulls(result)


def evaluate_expression(expression: str, bindings: dict[str, Any]) -> Any:
    """An expression of a definition as a state evaluates it: Step Functions' own functions (`$parse`, `$partition`,
    ...) declared in front as moto declares them, `$states` and the variables bound."""
    from moto.stepfunctions.parser.asl.component.intrinsic.jsonata import get_intrinsic_functions_declarations
    from moto.stepfunctions.parser.asl.jsonata.jsonata import extract_jsonata_variable_references

    references = extract_jsonata_variable_references(expression)  # refuses `$` and `$$`, as Step Functions does
    functions = get_intrinsic_functions_declarations(variable_references=references)
    return evaluate_defined(f"({functions}{expression})", bindings)


def evaluate_jsonata(expression: str) -> Any:
    """moto's evaluator hook: the value, with None for both null and undefined (moto's own callers tell them apart)."""
    result = evaluate_defined(expression)
    return None if result is _UNDEFINED else result


@contextmanager
def jsonata_evaluation() -> Iterator[None]:
    """Let moto's interpreter evaluate JSONata, each expression once: an evaluation error or an undefined result fails
    the state with States.QueryEvaluationError, which a Catch on States.ALL catches
    (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html). moto evaluated each
    expression up to three times (value, `$exists`, `$type`) to find out what one evaluation here tells."""
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
    from moto.stepfunctions.parser.asl.eval.event.event_detail import EventDetails
    from moto.stepfunctions.parser.asl.jsonata import jsonata as moto_jsonata
    from moto.stepfunctions.parser.asl.utils.encoding import to_json_str

    def fail(env: Any, cause: str) -> None:
        name = StatesErrorName(typ=StatesErrorNameType.StatesQueryEvaluationError)
        details = EvaluationFailedEventDetails(error=name.error_name, cause=cause)
        event_details = EventDetails(evaluationFailedEventDetails=details)  # type: ignore[typeddict-item]
        env.event_manager.add_event(
            context=env.event_history_context, event_type=HistoryEventType.EvaluationFailed, event_details=event_details
        )
        raise FailureEventException(
            FailureEvent(
                env=env, error_name=name, event_type=HistoryEventType.EvaluationFailed, event_details=event_details
            )
        )

    def eval_body(self: Any, env: Any) -> None:
        """moto's StringJSONata._eval_body, evaluating once, with `$states` and the variables bound as values
        instead of written into the expression's text (which made every expression a new one to parse)."""
        references = moto_jsonata.extract_jsonata_variable_references(self.expression)
        data = env.states._states_data
        wanted = [
            key
            for key in ("input", "context", "result", "errorOutput")
            if "$states" in references or any(ref.startswith(f"$states.{key}") for ref in references)
        ]
        store = env.variable_store
        states = {key: data.get(key) for key in wanted}
        # copies (as JSON, which also turns the context's datetimes into text): a result never aliases the store
        bindings = json.loads(to_json_str({**store._outer_scope, **store._inner_scope, "states": states}))
        try:
            result = evaluate_expression(self.expression, bindings)
        except JsonataEvaluationError as error:
            fail(env, f"The JSONata expression '{self.expression}' failed: {error}")
        if result is _UNDEFINED:
            fail(env, f"The JSONata expression '{self.expression}' returned nothing (undefined).")
        env.stack.append(result)

    with ExitStack() as patches:
        patches.enter_context(mock.patch.object(moto_jsonata, "_eval_jsonata", evaluate_jsonata))
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
def one_data_loader() -> Iterator[None]:
    """Let every botocore session in this process share one data loader (and its cache of loaded models).

    A local run hosts seven sessions in one process (boto3's default, one per handler, moto's per-backend and
    per-response ones); each new loader listed botocore's data directories and decoded the same service JSON again:
    59 loads, 156 ms of repeats for 60 ms of first loads in one request. In Lambda each function is its own process
    with one session, so this changes nothing there. The loaded models are read-only to botocore and moto.
    """
    import botocore.loaders
    import botocore.session
    import moto.core.utils

    create = botocore.loaders.create_loader
    loaders: dict[str | None, Any] = {}
    lock = threading.Lock()

    def shared(search_path_string: str | None = None) -> Any:
        with lock:
            if search_path_string not in loaders:
                loaders[search_path_string] = create(search_path_string)
            return loaders[search_path_string]

    with ExitStack() as patches:
        for module in (botocore.session, moto.core.utils):
            patches.enter_context(mock.patch.object(module, "create_loader", shared))
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
def parse_each_definition_once(cache_dir: Path | None = None) -> Iterator[None]:
    """Parse each definition once: moto parses it at CreateStateMachine (to validate it) and again for every
    execution (ANTLR parsing took about half of a local execution's time); both now share one parse. The components
    keep per-execution state in the execution's Environment, which is how the interpreter already runs one branch
    program in many Map iterations at once; the fault-injection tests check that retries stay per execution under
    concurrency. A definition that does not parse raises every time, as before. With `cache_dir` the parsed program
    is also kept on disk for the next process (aichef_local.parse_cache); moto's callers on this path use only the
    program, not the ANTLR tree, which a program read from disk comes without (None)."""
    from moto.stepfunctions.parser.asl.parse.asl_parser import AmazonStateLanguageParser

    parse = AmazonStateLanguageParser.parse
    parsed: dict[str, Any] = {}
    lock = threading.Lock()

    def cached(definition: str) -> Any:
        with lock:
            if definition not in parsed:
                stored = parse_cache.load(cache_dir, definition) if cache_dir is not None else None
                parsed[definition] = (stored, None) if stored is not None else parse(definition)
                if stored is None and cache_dir is not None:
                    parse_cache.store(cache_dir, definition, parsed[definition][0])
            return parsed[definition]

    with mock.patch.object(AmazonStateLanguageParser, "parse", staticmethod(cached)):
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


def batch_without_ec2() -> None:
    """Let the interpreter import `moto.batch.utils` (its Batch task needs only `JobStatus`) without running
    `moto.batch/__init__`, which imports moto's whole EC2 model (about 0.5 s of every local run's start). The
    package stays whole: any other name is looked up in `moto.batch.models` on first use."""
    if "moto.batch" in sys.modules:
        return
    spec = importlib.util.find_spec("moto.batch")
    assert spec is not None and spec.loader is not None
    package = importlib.util.module_from_spec(spec)

    def lazy(name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(importlib.import_module("moto.batch.models"), name)

    package.__getattr__ = lazy  # type: ignore[method-assign]  # PEP 562 module __getattr__
    sys.modules["moto.batch"] = package


@contextmanager
def stopped_executions_keep_error_and_cause() -> Iterator[None]:
    """StopExecution's `error` and `cause` are what DescribeExecution reports for the aborted execution in AWS
    (https://docs.aws.amazon.com/step-functions/latest/apireference/API_StopExecution.html); moto's response
    handler drops both. An execution that had already ended keeps its own.

    And a running execution that is stopped ends ABORTED, as in AWS. moto differs when the stop reaches a Parallel
    state: a branch whose task returns after the stop fails inside moto, and either its error is rebuilt as a custom
    error name "States.Runtime" (which moto's own check refuses: the execution ends FAILED) or the branch's thread dies
    without telling the Parallel, which then waits forever (the execution stays RUNNING). Here a branch that fails once
    its execution is stopped counts as ended, and a stopped execution ends ABORTED with the stop's error and cause."""
    from moto.stepfunctions.parser.api import ExecutionStatus
    from moto.stepfunctions.parser.asl.component.state.exec.state_parallel.branch_worker import BranchWorker
    from moto.stepfunctions.parser.backend.execution import BaseExecutionWorkerCommunication
    from moto.stepfunctions.responses import StepFunctionResponse

    stop = StepFunctionResponse.stop_execution
    reflect = BaseExecutionWorkerCommunication._reflect_execution_status
    routine = BranchWorker._thread_routine

    def stop_keeping_why(self: Any) -> Any:
        arn = self._get_param("executionArn")
        execution = self.stepfunction_backend.describe_execution(arn)
        running = execution.status == "RUNNING"
        why = (self._get_param("error"), self._get_param("cause"))
        if running:
            execution.aichef_stopped = why  # read when the worker ends, which may be before or after stop returns
        result = stop(self)
        if running:
            execution.error, execution.cause = why
        return result

    def branch_ends_with_the_stop(self: Any) -> None:
        try:
            routine(self)
        except Exception:
            if self.env.is_running():
                raise
            self._branch_worker_comm.on_terminated(env=self.env)  # else the Parallel waits for it forever

    def aborted_when_stopped(self: Any) -> None:
        reflect(self)  # type: ignore[no-untyped-call]  # moto's method has no annotations
        why = getattr(self.execution, "aichef_stopped", None)
        if why is not None:
            self.execution.exec_status = ExecutionStatus.ABORTED
            self.execution.error, self.execution.cause = why

    with (
        mock.patch.object(StepFunctionResponse, "stop_execution", stop_keeping_why),
        mock.patch.object(BaseExecutionWorkerCommunication, "_reflect_execution_status", aborted_when_stopped),
        mock.patch.object(BranchWorker, "_thread_routine", branch_ends_with_the_stop),
    ):
        yield


_RELEASED_WORKER = SimpleNamespace(env=None, stop=lambda **_: None)
"""What a released execution keeps as its worker: GetExecutionHistory of it answers no events, and StopExecution of
it changes nothing (it has ended)."""


@contextmanager
def finished_executions_released() -> Iterator[None]:
    """When an execution ends, keep what DescribeExecution, ListExecutions and StartExecution's name check read (its
    status, input, output, error, cause and dates) and let go of the rest, which moto keeps for every execution:
    its history and interpreter environment, its copy of the state machine, its finished thread in moto's list.
    `aichef serve` grew by ~0.33 MB per request without this; AWS keeps a Standard execution's history 90 days,
    a local server has no use for it."""
    from moto.stepfunctions.parser import utils
    from moto.stepfunctions.parser.backend.execution import BaseExecutionWorkerCommunication

    terminated = BaseExecutionWorkerCommunication.terminated

    def release(self: Any) -> None:
        terminated(self)
        execution = self.execution
        machine = execution.state_machine
        execution.exec_worker = _RELEASED_WORKER
        execution.state_machine = SimpleNamespace(arn=machine.arn, name=machine.name, sm_type=machine.sm_type)
        utils.TMP_THREADS[:] = [thread for thread in list(utils.TMP_THREADS) if thread.is_alive()]

    with mock.patch.object(BaseExecutionWorkerCommunication, "terminated", release):
        yield


class ExecutionEnds:
    """A count of the executions that have ended in this process, and a wait for the next one."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self.count = 0

    def note(self) -> None:
        with self._changed:
            self.count += 1
            self._changed.notify_all()

    def wait_after(self, seen: int, timeout: float) -> bool:
        """Wait until an execution has ended since the count was `seen` (True) or `timeout` seconds pass (False)."""
        with self._changed:
            return self._changed.wait_for(lambda: self.count != seen, timeout)


EXECUTION_ENDS = ExecutionEnds()


@contextmanager
def execution_ends_signalled() -> Iterator[None]:
    """Count each execution's end (moto's worker reports its final status) in EXECUTION_ENDS, so the runner sleeps
    until one ends: polling DescribeExecution every 2 ms competed with the interpreter's thread for the GIL (one
    request's CPU time 2.45 s polling, 2.0 s waiting, at load 5 on 2 cores)."""
    from moto.stepfunctions.parser.backend.execution import BaseExecutionWorkerCommunication

    terminated = BaseExecutionWorkerCommunication.terminated

    def terminated_and_counted(self: Any) -> None:
        try:
            terminated(self)
        finally:
            EXECUTION_ENDS.note()

    with mock.patch.object(BaseExecutionWorkerCommunication, "terminated", terminated_and_counted):
        yield


@contextmanager
def interpreter_patches(time_scale: float, parse_cache_dir: Path | None = None) -> Iterator[None]:
    """Every interpreter patch a local run needs (the Lambda one comes later, with the handlers); entered before
    moto starts, so that the loader patch reaches every session moto creates."""
    batch_without_ec2()
    with ExitStack() as patches:
        patches.enter_context(one_data_loader())
        patches.enter_context(jsonata_evaluation())
        patches.enter_context(scaled_retry_waits(time_scale))
        patches.enter_context(reused_interpreter_clients())
        patches.enter_context(parse_each_definition_once(parse_cache_dir))
        patches.enter_context(dynamodb_task_timeouts_as_states_timeout())
        patches.enter_context(stopped_executions_keep_error_and_cause())
        patches.enter_context(execution_ends_signalled())
        yield
