"""How often a slow start is sent: the API function's StartExecution client as the handler builds it, pointed at a
loopback endpoint that answers after the client's read timeout. An asynchronous Express execution is at-least-once
with no de-duplication by name (https://docs.aws.amazon.com/step-functions/latest/dg/express-at-least-once-execution.html),
so on EXPRESS a retried start would be a second execution; on STANDARD the same name and input is the same one.
"""

from __future__ import annotations

import inspect
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import boto3
import pytest
from botocore.exceptions import ReadTimeoutError
from workflow_gateway import WorkflowGateway

from aichef_local.http_api import Handler
from aichef_local.stack import FunctionSpec

ARN = "arn:aws:states:us-east-1:123456789012:stateMachine:ai-chef-recipe-workflow-express"


class SlowStepFunctions(ThreadingHTTPServer):
    """Counts the requests it gets and answers each one after `delay` seconds (too late for the client)."""

    def __init__(self, delay: float) -> None:
        self.delay, self.requests, self.done = delay, 0, threading.Event()
        server = self

        class Answer(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                server.requests += 1
                self.rfile.read(int(self.headers.get("content-length", 0)))
                server.done.wait(server.delay)
                body = b'{"executionArn": "arn:aws:states:us-east-1:123456789012:execution:x:y", "startDate": 1}'
                try:
                    self.send_response(200)
                    self.send_header("content-type", "application/x-amz-json-1.0")
                    self.send_header("content-length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:  # the client gave up and closed the connection
                    pass

            def log_message(self, *args: Any) -> None:
                pass

        super().__init__(("127.0.0.1", 0), Answer)


@pytest.fixture
def slow_endpoint() -> Iterator[SlowStepFunctions]:
    server = SlowStepFunctions(delay=3.0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.done.set()
    server.shutdown()
    server.server_close()


def start_client_of(api: tuple[Handler, FunctionSpec]) -> Any:
    """The handler's own StartExecution client (its config: timeouts and retries)."""
    handler, _ = api
    return inspect.unwrap(handler).__globals__["requests"].gateway.sfn


def test_an_express_start_that_times_out_is_sent_once(
    api: tuple[Handler, FunctionSpec], slow_endpoint: SlowStepFunctions
) -> None:
    _, spec = api
    config = start_client_of(api).meta.config
    sfn = boto3.client(
        "stepfunctions",
        region_name="us-east-1",
        endpoint_url=f"http://127.0.0.1:{slow_endpoint.server_address[1]}",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=config,
    )
    gateway = WorkflowGateway(sfn, None, None, ARN, "ai-chef-recipes")

    if spec.environment["WORKFLOW_TYPE"] == "STANDARD":
        # same name and input is the same Standard execution: retries stay (3 attempts), no slow run needed
        assert config.retries == {"mode": "standard", "total_max_attempts": 3}
        return
    with pytest.raises(ReadTimeoutError):
        gateway.start("k-1", "{}")

    assert config.retries == {"mode": "standard", "total_max_attempts": 1}
    assert (config.read_timeout, slow_endpoint.requests) == (2, 1)
