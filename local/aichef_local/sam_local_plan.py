"""What `make sam-local` invokes and how it judges the answers: each function's events, the comparison of the
container's answer with the in-process one, and the table. Pure: no processes, no Docker."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aichef_local.requests_input import UsageError, read_json
from aichef_local.stack import FunctionSpec, Stack, TemplateError

IGNORED_KEYS = frozenset({"requestId", "stackTrace"})
"""Keys whose values differ between two runs of the same handler: an error answer's Lambda request id and its stack
trace (container paths; `aichef invoke` leaves the trace out). The event's own `request_id` is compared."""

MAX_DETAILS = 5


@dataclass(frozen=True)
class Invocation:
    """One `sam local invoke`: a function of the template with one event file."""

    function: FunctionSpec
    event: Path


@dataclass(frozen=True)
class Plan:
    invocations: list[Invocation]
    not_for_a_function: list[Path]
    """JSON files of the events folder whose name names no function (the workflow's request, the env-vars file)."""
    without_event: list[str]
    """Functions of the template that no event file is meant for: the run cannot prove them."""


def function_for_event(stack: Stack, event: Path) -> FunctionSpec | None:
    """The function `events/<short>.json` or `events/<short>-<case>.json` is meant for (`price-gaps.json`: the
    function named `…-price`); the longest `<short>` that names a function wins."""
    parts = event.stem.split("-")
    for end in range(len(parts), 0, -1):
        try:
            return stack.function("-".join(parts[:end]))
        except TemplateError:
            continue
    return None


def plan(stack: Stack, events_dir: Path, functions: list[str], events: list[Path]) -> Plan:
    """The invocations for the chosen functions (all when none) and events (all of `events_dir` when none).

    Every event file must be JSON and every named function must be in the template (UsageError, exit 2)."""
    chosen: list[FunctionSpec] = []
    for key in functions:
        try:
            chosen.append(stack.function(key))
        except TemplateError as error:
            raise UsageError(str(error)) from None
    files = events or sorted(events_dir.glob("*.json"))
    if not files:
        raise UsageError(f"{events_dir}: no event files (*.json)")
    invocations, unassigned = [], []
    for path in files:
        read_json(path)  # a file that is not JSON is a usage error naming it, line and column
        spec = function_for_event(stack, path)
        if spec is None:
            if events:
                choices = ", ".join(sorted(_short_name(s) for s in stack.functions.values()))
                raise UsageError(
                    f"{path}: names no function of the template (call it <function>[-<case>].json, "
                    f"<function> one of {choices})"
                )
            unassigned.append(path)
        elif not chosen or spec in chosen:
            invocations.append(Invocation(spec, path))
    covered = {invocation.function.logical_id for invocation in invocations}
    wanted = chosen or ([] if events else list(stack.functions.values()))
    without = [spec.logical_id for spec in wanted if spec.logical_id not in covered]
    return Plan(invocations, unassigned, without)


def _short_name(spec: FunctionSpec) -> str:
    return spec.name.rsplit("-", 1)[-1]


def differences(expected: Any, actual: Any, path: str = "$") -> list[str]:
    """Where two JSON values differ, as `path: expected …, got …`; IGNORED_KEYS are skipped at any depth.

    JSON has one number type, so 400 and 400.0 are the same number; true is not 1."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        found = []
        for key in sorted(set(expected) | set(actual), key=str):
            if key in IGNORED_KEYS:
                continue
            where = f"{path}.{key}"
            if key not in actual:
                found.append(f"{where}: missing from the container's answer")
            elif key not in expected:
                found.append(f"{where}: only in the container's answer ({_short(actual[key])})")
            else:
                found += differences(expected[key], actual[key], where)
        return found
    if isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            return [f"{path}: {len(expected)} items in-process, {len(actual)} in the container"]
        return [
            line
            for index, pair in enumerate(zip(expected, actual, strict=True))
            for line in differences(*pair, f"{path}[{index}]")
        ]
    if _same_scalar(expected, actual):
        return []
    return [f"{path}: in-process {_short(expected)}, container {_short(actual)}"]


def _same_scalar(left: Any, right: Any) -> bool:
    numbers = (int, float)
    if isinstance(left, bool) or isinstance(right, bool):
        return type(left) is type(right) and left == right
    if isinstance(left, numbers) and isinstance(right, numbers):
        return math.isclose(left, right, rel_tol=0.0, abs_tol=0.0)
    return type(left) is type(right) and bool(left == right)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def error_type(answer: Any) -> str | None:
    """The `errorType` of a Lambda error answer, None for a normal answer."""
    if isinstance(answer, dict) and isinstance(answer.get("errorType"), str):
        return str(answer["errorType"])
    return None


@dataclass(frozen=True)
class Outcome:
    """One row of the table: what the container answered compared with `aichef invoke`."""

    function: str
    event: str
    seconds: float
    verdict: str
    details: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.verdict == "same"


def judge(function: str, event: str, seconds: float, container: Any, inprocess: Any) -> Outcome:
    """`same` only when neither answer is an error and the two are the same JSON (IGNORED_KEYS aside)."""
    for side, answer in (("container", container), ("in-process", inprocess)):
        kind = error_type(answer)
        if kind is not None:
            message = str(answer.get("errorMessage", ""))
            return Outcome(function, event, seconds, f"errorType {kind} ({side})", [message[:200]])
    found = differences(inprocess, container)
    if found:
        more = [f"... {len(found) - MAX_DETAILS} more"] if len(found) > MAX_DETAILS else []
        return Outcome(function, event, seconds, "different", found[:MAX_DETAILS] + more)
    return Outcome(function, event, seconds, "same")


def render_table(outcomes: list[Outcome]) -> str:
    """function, event, seconds, same/different; each failure's details indented under its row."""
    header = ("function", "event", "seconds", "answer")
    rows = [(o.function, o.event, f"{o.seconds:.1f}", o.verdict) for o in outcomes]
    widths = [max(len(row[column]) for row in [header, *rows]) for column in range(3)]
    lines = []
    for row, outcome in zip([header, *rows], [None, *outcomes], strict=True):
        cells = [row[0].ljust(widths[0]), row[1].ljust(widths[1]), row[2].rjust(widths[2]), row[3]]
        lines.append("  ".join(cells))
        if outcome is not None:
            lines += [f"    {detail}" for detail in outcome.details]
    return "\n".join(lines)
