"""Runs Lambda handlers in-process instead of in Docker, for moto's Lambda backend.

moto's `LambdaFunction._invoke_lambda(self, event)` would start a container; `moto_patches.in_process_invocations`
replaces it with `InProcessLambdas.invoke`, a call to the real handler module loaded from the function's `CodeUri`.
"""

from __future__ import annotations

import importlib.util
import json
import math
import os
import random
import threading
import time
import traceback
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from aichef_local.stack import FunctionSpec

# What the Lambda service sets in every function's environment besides the template's variables; the credentials
# are moto's fakes, and X-Ray tracing is off because no daemon runs locally.
LOCAL_RUNTIME_ENV = {
    "AWS_REGION": "us-east-1",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "POWERTOOLS_TRACE_DISABLED": "true",
}
_ENV_LOCK = threading.Lock()
SERVICE_EXCEPTION = "Lambda.ServiceException"
FAULT_TARGETS = ("recipe", "price", "combine")


@dataclass
class LambdaContext:
    """The fields of the Lambda context object the handlers and Powertools read."""

    function_name: str
    memory_limit_in_mb: int
    invoked_function_arn: str
    timeout_seconds: int
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    function_version: str = "$LATEST"
    log_group_name: str = ""
    log_stream_name: str = "local"
    _deadline: float = field(default=0.0, repr=False)

    def __post_init__(self) -> None:
        self._deadline = time.monotonic() + self.timeout_seconds
        self.log_group_name = f"/aws/lambda/{self.function_name}"

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.monotonic()) * 1000))


@dataclass(frozen=True)
class Invocation:
    """One handler call, as the local runner observed it."""

    function: str
    started: float
    duration_ms: float
    errored: bool
    error_type: str | None
    request_id: str | None = None
    """The event's `request_id` (the execution name), so a test can group attempts by execution."""
    injected: bool = False
    """The call failed by an injected outage or fault; the handler did not run."""


class FaultSpecError(ValueError):
    """An `--inject-faults` value that is not `name=P[,name=P...]` with known names and 0 <= P <= 1."""


def parse_fault_spec(text: str) -> dict[str, float]:
    """`recipe=0.3,price=1` -> {"recipe": 0.3, "price": 1.0}; strict, so a typo never silently injects nothing."""
    faults: dict[str, float] = {}
    for item in text.split(","):
        name, separator, value = (part.strip() for part in item.partition("="))
        if not separator or not name or not value:
            raise FaultSpecError(f"{item.strip()!r}: expected NAME=P, e.g. recipe=0.3")
        if name not in FAULT_TARGETS:
            raise FaultSpecError(f"{name!r} is not a function (choose from {', '.join(FAULT_TARGETS)})")
        if name in faults:
            raise FaultSpecError(f"{name!r} is given twice")
        try:
            probability = float(value)
        except ValueError:
            raise FaultSpecError(f"{name}={value}: P must be a number between 0 and 1") from None
        if not (math.isfinite(probability) and 0.0 <= probability <= 1.0):
            raise FaultSpecError(f"{name}={value}: P must be between 0 and 1")
        faults[name] = probability
    return faults


@contextmanager
def function_environment(spec: FunctionSpec, extra: dict[str, str] | None = None) -> Iterator[None]:
    """The process environment as the function sees it at import time (template variables + runtime variables)."""
    variables = {
        **LOCAL_RUNTIME_ENV,
        "AWS_LAMBDA_FUNCTION_NAME": spec.name,
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(spec.memory),
        "AWS_LAMBDA_FUNCTION_TIMEOUT": str(spec.timeout),
        "LAMBDA_TASK_ROOT": str(spec.code_dir),
        "_HANDLER": spec.handler,
        **spec.environment,
        **(extra or {}),
    }
    with _ENV_LOCK:
        saved = dict(os.environ)
        os.environ.update(variables)
        try:
            yield
        finally:
            os.environ.clear()
            os.environ.update(saved)


def load_handler(spec: FunctionSpec, extra_env: dict[str, str] | None = None) -> Callable[[Any, Any], Any]:
    """Import the function's handler module from its code directory under the function's environment.

    Each function gets its own module name, so three `app.py` files can live in one process.
    """
    module_path, _, attribute = spec.handler.rpartition(".")
    source = spec.code_dir.joinpath(*module_path.split(".")).with_suffix(".py")
    module_name = f"aichef_function_{spec.logical_id}"
    module_spec = importlib.util.spec_from_file_location(module_name, source)
    if module_spec is None or module_spec.loader is None:
        raise ImportError(f"cannot load {source}")
    module: ModuleType = importlib.util.module_from_spec(module_spec)
    with function_environment(spec, extra_env):
        module_spec.loader.exec_module(module)
    handler = getattr(module, attribute)
    if not callable(handler):
        raise ImportError(f"{spec.handler} is not callable")
    return handler  # type: ignore[no-any-return]


def error_payload(error: BaseException, request_id: str) -> dict[str, Any]:
    """The response body the Python Lambda runtime returns for an unhandled exception."""
    return {
        "errorMessage": str(error),
        "errorType": type(error).__name__,
        "requestId": request_id,
        "stackTrace": traceback.format_tb(error.__traceback__),
    }


class InProcessLambdas:
    """The handlers of a stack, callable by function name, with a record of every invocation."""

    def __init__(self, specs: list[FunctionSpec], extra_env: dict[str, dict[str, str]] | None = None) -> None:
        self.specs = {spec.name: spec for spec in specs}
        self.handlers = {spec.name: load_handler(spec, (extra_env or {}).get(spec.logical_id)) for spec in specs}
        self.invocations: list[Invocation] = []
        self._lock = threading.Lock()
        self._outages: dict[str, int | None] = {}
        self._faults: dict[str, tuple[float, random.Random]] = {}

    def inject_outage(self, function_name: str, calls: int | None = None) -> None:
        """Fail the next `calls` invocations (all, when None) of a function with `Lambda.ServiceException`, as the
        Lambda service does when it cannot run the function: the handler is not called, there is no stack trace."""
        if function_name not in self.specs:
            raise KeyError(f"no function {function_name!r}")
        self._outages[function_name] = calls

    def inject_faults(self, probabilities: dict[str, float], seed: int = 0) -> None:
        """Fail each invocation of a function with `Lambda.ServiceException` with its probability (1.0 = permanent
        outage), before the handler runs. Each function draws from its own generator seeded with `seed` and its
        name, so its sequence of outcomes is the same on every run with that seed."""
        for function_name, probability in probabilities.items():
            if function_name not in self.specs:
                raise KeyError(f"no function {function_name!r}")
            if not 0.0 <= probability <= 1.0:
                raise ValueError(f"{function_name}: probability {probability} is not between 0 and 1")
            self._faults[function_name] = (probability, random.Random(f"{seed}:{function_name}"))

    def clear_outages(self) -> None:
        """Remove every injected outage and fault."""
        self._outages.clear()
        self._faults.clear()

    def _outage(self, function_name: str) -> bool:
        with self._lock:
            if function_name in self._faults:
                probability, generator = self._faults[function_name]
                if generator.random() < probability:
                    return True
            if function_name not in self._outages:
                return False
            remaining = self._outages[function_name]
            if remaining is None:
                return True
            if remaining <= 0:
                del self._outages[function_name]
                return False
            self._outages[function_name] = remaining - 1
            return True

    def invoke(self, function_name: str, event: Any) -> tuple[str, bool, str]:
        """Call the handler; returns moto's `(payload_json, errored, logs)`."""
        spec = self.specs[function_name]
        context = LambdaContext(spec.name, spec.memory, spec.arn, spec.timeout)
        started = time.perf_counter()
        request_id = event.get("request_id") if isinstance(event, dict) else None
        request_id = request_id if isinstance(request_id, str) else None
        if self._outage(function_name):
            with self._lock:
                self.invocations.append(
                    Invocation(function_name, started, 0.0, True, SERVICE_EXCEPTION, request_id, injected=True)
                )
            return (
                json.dumps(
                    {
                        "errorType": SERVICE_EXCEPTION,
                        "errorMessage": f"Lambda could not run {function_name} (injected outage)",
                    }
                ),
                True,
                "",
            )
        try:
            payload, errored, error_type = self.handlers[function_name](event, context), False, None
        except Exception as error:  # what the Lambda runtime does with an unhandled exception
            payload, errored, error_type = error_payload(error, context.aws_request_id), True, type(error).__name__
        duration_ms = (time.perf_counter() - started) * 1000
        with self._lock:
            self.invocations.append(Invocation(function_name, started, duration_ms, errored, error_type, request_id))
        return json.dumps(payload), errored, ""
