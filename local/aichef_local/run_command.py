"""`aichef run`: validate everything, then execute the requests, streaming each result as it is ready, with progress
on stderr and a clean stop on Ctrl-C (finished results and the summary kept, exit 130)."""

from __future__ import annotations

import argparse
import contextlib
import json
import signal
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, TextIO

from aichef_local.parse_cache import CACHE_DIR
from aichef_local.price_table import load_prices, read_price_file
from aichef_local.requests_input import UsageError, read_sourced_requests

if TYPE_CHECKING:
    from aichef_local.runner import ExecutionResult
    from aichef_local.stack import Stack

EXIT_OK, EXIT_FAILED, EXIT_INTERRUPTED = 0, 1, 130
DRAIN_SECONDS = 10.0
"""After Ctrl-C, how long running executions get to finish before they are left out."""
PLAIN_PROGRESS_SECONDS = 5.0
"""When stderr is not a terminal, a progress line this often."""


def run_command(args: argparse.Namespace, stack: Stack, engine: str) -> int:
    """Execute the run's requests; returns the exit code."""
    from aichef_local.inprocess_lambda import FaultSpecError, parse_fault_spec

    try:
        spec = parse_fault_spec(args.inject_faults) if args.inject_faults is not None else {}
        faults = {stack.function(key).name: p for key, p in spec.items()}
    except FaultSpecError as error:
        raise UsageError(f"--inject-faults: {error}") from None
    sourced = read_sourced_requests(args)
    requests = [request for _, request in sourced]
    prices = read_price_file(args.prices) if args.prices is not None else []
    sources = stack.function("price").environment.get("PRICE_SOURCES", "")
    if prices and "dynamodb" not in sources.split(","):
        raise UsageError(f"--prices goes into the prices table, which PriceSources={sources} leaves out; drop one")
    logs_path = logs_file(args.logs, args.default_logs)
    from aichef_local.runner import LocalRunError, LocalWorkflow  # moto loads only once the usage is known good

    try:
        workflow = LocalWorkflow(stack, time_scale=args.time_scale, engine=engine, parse_cache=CACHE_DIR)
    except LocalRunError as error:
        raise UsageError(str(error)) from None
    if workflow.fidelity_note:
        print(f"aichef: note: {workflow.fidelity_note}", file=sys.stderr)
    out, err = sys.stdout, sys.stderr
    stop = threading.Event()
    printer = _Printer(out, args.json, [where for where, _ in sourced])
    progress = _progress(err, len(requests))
    with _on_sigint(stop), handler_logs(logs_path) as logs, contextlib.redirect_stdout(logs), workflow:
        assert workflow.lambdas is not None
        if prices:
            load_prices(workflow.client("dynamodb"), workflow.prices_table, prices)
        workflow.lambdas.inject_faults(faults, seed=args.seed)
        started = time.perf_counter()
        for index, result in workflow.stream(requests, args.concurrency, stop.is_set, DRAIN_SECONDS):
            printer.add(index, result)
            progress.update(result.status == "SUCCEEDED")
        elapsed = time.perf_counter() - started
    progress.close()
    results = printer.flush_all()
    if len(requests) > 1 or faults or stop.is_set():
        print(f"aichef: {summary(requests, results, elapsed)}", file=err, flush=True)
    if stop.is_set():
        return EXIT_INTERRUPTED
    return EXIT_OK if all(result.status == "SUCCEEDED" for result in results) else EXIT_FAILED


class _Printer:
    """Prints results as they come: JSON Lines in input order (each as soon as it and all earlier ones are done),
    the readable view in completion order, each labelled with its input line in a batch."""

    def __init__(self, out: TextIO, as_json: bool, sources: list[str]) -> None:
        self.out, self.as_json, self.sources = out, as_json, sources
        self.waiting: dict[int, ExecutionResult] = {}
        self.printed: list[tuple[int, ExecutionResult]] = []
        self.next_index = 0

    def add(self, index: int, result: ExecutionResult) -> None:
        if not self.as_json:
            self._print(index, result)
            return
        self.waiting[index] = result
        while self.next_index in self.waiting:
            self._print(self.next_index, self.waiting.pop(self.next_index))
            self.next_index += 1

    def flush_all(self) -> list[ExecutionResult]:
        """After a stop: print the finished results still waiting on an unfinished earlier one; all, in input order."""
        for index in sorted(self.waiting):
            self._print(index, self.waiting.pop(index))
        return [result for _, result in sorted(self.printed, key=lambda pair: pair[0])]

    def _print(self, index: int, result: ExecutionResult) -> None:
        from aichef_local.render import render

        if self.as_json:
            text = json.dumps(result.to_json(), ensure_ascii=False)
        else:
            total = len(self.sources)
            heading = f"== request {index + 1} of {total} ({self.sources[index]}) ==\n" if total > 1 else ""
            text = ("\n" if self.printed else "") + heading + render(result)
        print(text, file=self.out, flush=True)
        self.printed.append((index, result))


class _Progress:
    """Progress on stderr: a tqdm bar on a terminal, else a plain line every few seconds; nothing for one request."""

    def __init__(self, err: TextIO, total: int) -> None:
        self.err, self.total = err, total
        self.succeeded = self.failed = 0
        self.started = self.last_line = time.monotonic()
        self.bar: Any = None
        if total > 1 and err.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, file=err, unit="req", dynamic_ncols=True, leave=False)

    def update(self, succeeded: bool) -> None:
        self.succeeded += succeeded
        self.failed += not succeeded
        if self.total <= 1:
            return
        if self.bar is not None:
            self.bar.set_postfix_str(f"{self.succeeded} succeeded, {self.failed} failed", refresh=False)
            self.bar.update(1)
        elif time.monotonic() - self.last_line >= PLAIN_PROGRESS_SECONDS:
            self.last_line = time.monotonic()
            print(f"aichef: {self.line()}", file=self.err, flush=True)

    def line(self) -> str:
        done = self.succeeded + self.failed
        elapsed = time.monotonic() - self.started
        rate = done / elapsed if elapsed > 0 else 0.0
        eta = f"{(self.total - done) / rate:.0f} s" if rate > 0 else "unknown"
        return (
            f"{done}/{self.total} done ({self.succeeded} succeeded, {self.failed} failed), "
            f"{rate:.1f} requests/s, ETA {eta}"
        )

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _progress(err: TextIO, total: int) -> _Progress:
    return _Progress(err, total)


@contextlib.contextmanager
def _on_sigint(stop: threading.Event) -> Iterator[None]:
    """The first Ctrl-C sets `stop` (no new executions; running ones finish); a second one interrupts at once."""

    def handle(signum: int, frame: FrameType | None) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()
        print("aichef: stopping: no new executions; the running ones finish (Ctrl-C again to quit)", file=sys.stderr)

    previous = signal.signal(signal.SIGINT, handle)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def summary(requests: list[Any], results: list[Any], elapsed: float) -> str:
    """One line a person can check a run by: outcomes, requests without a record, not run, throughput."""
    succeeded = sum(result.status == "SUCCEEDED" for result in results)
    recorded = sum(result.record is not None and result.record.get("status") == result.status for result in results)
    missing = len(results) - recorded
    not_run = len(requests) - len(results)
    rate = len(results) / elapsed if elapsed > 0 else 0.0
    noun = "request" if len(requests) == 1 else "requests"
    stopped = f", {not_run} not run (stopped)" if not_run else ""
    return (
        f"{len(requests)} {noun}: {succeeded} succeeded, {len(results) - succeeded} failed{stopped}, "
        f"{missing} without a matching record; {elapsed:.1f} s, {rate:.1f} executions/s"
    )


def logs_file(given: Path | None, default: Path) -> Path:
    """Where the handlers' logs go: a file the user named must be in a folder that exists (a typo must not create
    folders); the default's folder is created."""
    if given is None:
        try:
            default.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise UsageError(f"--logs {default}: {error.strerror}") from None
        return default
    if not given.parent.exists():
        raise UsageError(f"--logs {given}: no such directory: {given.parent} (create it, or name a file in one)")
    return given


@contextlib.contextmanager
def handler_logs(path: Path) -> Iterator[TextIO]:
    """The file the handlers' structured logs go to (their stdout, redirected)."""
    try:
        stream: TextIO = path.open("w", encoding="utf-8")
    except OSError as error:
        raise UsageError(f"--logs {path}: {error.strerror}") from None
    with stream:
        yield stream
