"""`aichef serve`: the HTTP API on a local port, the real API handler in-process over the local workflow (moto).

Each concurrent request gets its own copy of the handler module, as each concurrent Lambda invocation gets its own
execution environment; copies are reused, so only the first requests pay the import. The Event Handler keeps the
current request on class attributes (`BaseRouter.current_event`, one per process, like one Lambda environment), so
the copies take turns; a handler that waits (GET ?wait, a local sync execution) gives up its turn while it sleeps.
"""

from __future__ import annotations

import json
import queue
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, TextIO

from aichef_local.cors import Cors
from aichef_local.http_api import Handler, gateway_headers, http_event, invoke, load_api
from aichef_local.runner import LocalWorkflow
from aichef_local.stack import ApiSettings, FunctionSpec, Stack

# API Gateway's own payload limit is 10 MB; the API rejects anything over 16 KiB itself, so reading more is waste.
MAX_READ_BYTES = 1024 * 1024
JSON_HEADERS = {"Content-Type": "application/json"}


class ServeError(Exception):
    """The server cannot start as asked (the address is taken or not this machine's)."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # a burst of clients must queue, not be refused


class Turns:
    """One handler call at a time in the process; `sleep` lets the others run and then restores the caller's request
    on the Event Handler's class attributes."""

    def __init__(self) -> None:
        self.lock = threading.Lock()

    def sleep(self, seconds: float) -> None:
        from aws_lambda_powertools.event_handler.api_gateway import BaseRouter

        saved = (BaseRouter.current_event, BaseRouter.lambda_context)
        self.lock.release()
        try:
            time.sleep(seconds)
        finally:
            self.lock.acquire()
            BaseRouter.current_event, BaseRouter.lambda_context = saved


class HandlerPool:
    """Loaded copies of the API handler, one per request in flight, reused after the request ends."""

    def __init__(self, load: Callable[[], tuple[Handler, FunctionSpec]]) -> None:
        self._load = load
        self._free: queue.SimpleQueue[tuple[Handler, FunctionSpec]] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self.loaded = 0

    @contextmanager
    def environment(self) -> Iterator[tuple[Handler, FunctionSpec]]:
        try:
            loaded = self._free.get_nowait()
        except queue.Empty:
            with self._lock:
                loaded = self._load()
                self.loaded += 1
        try:
            yield loaded
        finally:
            self._free.put(loaded)


def request_handler(pool: HandlerPool, turns: Turns, cors: Cors, out: TextIO) -> type[BaseHTTPRequestHandler]:
    """An HTTP request handler class that does what API Gateway does before and after the function (CORS, a body's
    length), forwards every other request to the API handler, and logs one line for each."""

    log_lock = threading.Lock()  # one whole line at a time from the request threads

    class ApiRequestHandler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "aichef-serve"

        def do_GET(self) -> None:
            self._forward()

        # every method reaches the function, which answers 405 with Allow for those it has no route for
        do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = do_TRACE = do_QUERY = do_GET

        def _forward(self) -> None:
            started = time.perf_counter()
            request_headers = gateway_headers(self.headers.items())
            preflight = cors.preflight(self.command, request_headers)
            length, refusal = _content_length(self.headers.get("Content-Length"))
            if refusal is not None:
                # the rest of the stream cannot be framed: answer and hang up, as a front end does
                self.close_connection = True
                status, headers, body = 400, JSON_HEADERS, json.dumps(refusal).encode()
            elif preflight is not None:
                self.rfile.read(length)
                status, headers, body = 204, preflight, b""
            elif length > MAX_READ_BYTES:
                self.close_connection = True
                status, headers, body = (
                    413,
                    JSON_HEADERS,
                    json.dumps(
                        {"error": "PayloadTooLarge", "cause": f"request body: over {MAX_READ_BYTES} bytes"}
                    ).encode(),
                )
            else:
                data = self.rfile.read(length) if length else b""
                event = http_event(self.command, self.path, request_headers, data, self.client_address[0])
                with pool.environment() as (handler, spec), turns.lock:
                    status, headers, body = invoke(handler, spec, event)
                headers = cors.answer_headers(request_headers, headers)
            # the line is written before the answer is sent, so a client that has its answer finds its line
            elapsed_ms = (time.perf_counter() - started) * 1000
            line = f"{self.client_address[0]} {self.command} {self.path} {status} {elapsed_ms:.1f} ms\n"
            with log_lock:
                out.write(line)
                out.flush()
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return ApiRequestHandler


def _content_length(value: str | None) -> tuple[int, dict[str, str] | None]:
    """A request's Content-Length (0 when absent), or the refusal of one that is not a count of bytes."""
    if value is None:
        return 0, None
    text = value.strip()
    if not text.isdigit() or not text.isascii():
        return 0, {"error": "InvalidRequest", "cause": f"Content-Length: {value[:40]!r} is not a number of bytes"}
    return int(text), None


def serve(
    stack: Stack,
    api_template: Path,
    settings: ApiSettings,
    host: str,
    port: int,
    engine: str,
    out: TextIO,
    ready: Callable[[str], None] | None = None,
) -> int:
    """Deploy the workflow into moto, serve the API until Ctrl-C (or SIGTERM), and return the exit code (0)."""
    try:
        server = _Server((host, port), BaseHTTPRequestHandler)
    except OSError as error:
        raise ServeError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
    with server, LocalWorkflow(stack, engine=engine, keep_history=False) as workflow:
        turns = Turns()
        pool = HandlerPool(lambda: load_api(api_template, workflow, turns.sleep, settings.public_base_url))
        with pool.environment():
            pass  # load one copy now, so a broken handler fails before the URL is printed
        server.RequestHandlerClass = request_handler(pool, turns, Cors(settings.cors), out)
        url = f"http://{host}:{server.server_address[1]}"
        machine = stack.state_machine.type if stack.state_machine else "?"
        print(
            f"aichef: serving the AI Chef API on {url} (POST {url}/recipes, GET {url}/openapi.json); "
            f"workflow {machine}, engine {engine}; Ctrl-C stops",
            file=out,
            flush=True,
        )
        if ready is not None:
            ready(url)
        # SIGINT explicitly too: a shell starts background jobs with SIGINT ignored
        previous = {sig: signal.signal(sig, _interrupt) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            server.serve_forever(poll_interval=0.2)
        except KeyboardInterrupt:
            print("aichef: stopped", file=out, flush=True)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
    return 0


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt
