"""A scripted Bedrock Converse endpoint on localhost, for running `--engine bedrock` without an AWS account.

Point boto3 at it with `AWS_ENDPOINT_URL_BEDROCK_RUNTIME=<server.url>` (the standard endpoint override), so the real
client, its retries and its error parsing run unchanged. Answers are shaped like real Converse responses; the
server records every request body so tests can count model calls and read the prompts. Like Bedrock, it refuses with
a ValidationException a conversation that breaks Converse's rules (`conversation_errors`), and it can play each bad
answer a model gives (`two_tool_uses`, `stopped`).
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aichef.bedrock import TOOL_NAME

# Default usage: the tokens of the 5-ingredient Korean request and its answer as counted by hand on 2026-12-01
# (`aichef cost` estimates today's prompt; docs/bedrock.md "Cost per request").
PROMPT_TOKENS = 1281
ANSWER_TOKENS = 400


def tool_answer(
    recipe: dict[str, Any],
    input_tokens: int = PROMPT_TOKENS,
    output_tokens: int = ANSWER_TOKENS,
    latency_ms: int = 4100,
) -> dict[str, Any]:
    """A Converse answer that calls the recipe tool with `recipe` (stopReason tool_use)."""
    return _answer(
        [{"toolUse": {"toolUseId": f"tooluse_{uuid.uuid4().hex[:22]}", "name": TOOL_NAME, "input": recipe}}],
        "tool_use",
        input_tokens,
        output_tokens,
        latency_ms,
    )


def text_answer(
    text: str, stop_reason: str = "end_turn", input_tokens: int = PROMPT_TOKENS, output_tokens: int = 180
) -> dict[str, Any]:
    """A Converse answer in plain text (the model ignored the tool, or was cut off / filtered)."""
    return _answer([{"text": text}], stop_reason, input_tokens, output_tokens, 2300)


def two_tool_uses(recipe: dict[str, Any], second: dict[str, Any]) -> dict[str, Any]:
    """A Converse answer with two recipe toolUse blocks (each must get a toolResult in the next turn)."""
    answer = tool_answer(recipe)
    extra = tool_answer(second)["output"]["message"]["content"][0]
    answer["output"]["message"]["content"].append(extra)
    return answer


def stopped(stop_reason: str, content: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """An answer that ended with `stop_reason` (malformed_model_output, malformed_tool_use,
    model_context_window_exceeded, max_tokens...) and `content`, by default none at all."""
    return _answer(content or [], stop_reason, PROMPT_TOKENS, 0 if not content else ANSWER_TOKENS, 1900)


def conversation_errors(body: dict[str, Any]) -> list[str]:
    """Why Bedrock would refuse these `messages` (https://docs.aws.amazon.com/bedrock/latest/APIReference/
    API_runtime_Converse.html): start with user, alternate roles, no empty content or text, every toolUse answered by
    a toolResult in the next user turn before any text, no toolResult without its toolUse."""
    messages = body.get("messages") or []
    if not messages:
        return ["messages must not be empty"]
    problems = []
    if messages[0].get("role") != "user":
        problems.append("A conversation must start with a user message.")
    for index, message in enumerate(messages):
        content = message.get("content") or []
        if index and message.get("role") == messages[index - 1].get("role"):
            problems.append("A conversation must alternate between user and assistant roles.")
        if not content or any(not block or block.get("text") == "" for block in content):
            problems.append(f"The content field in the Message object at messages.{index} is blank.")
        asked = (
            [
                block["toolUse"]["toolUseId"]
                for block in (messages[index - 1].get("content") or [])
                if "toolUse" in block
            ]
            if index
            else []
        )
        answered = [block["toolResult"]["toolUseId"] for block in content if "toolResult" in block]
        leading = [block["toolResult"]["toolUseId"] for block in content[: len(asked)] if "toolResult" in block]
        if asked and sorted(leading) != sorted(asked):
            problems.append(f"Expected toolResult blocks at messages.{index}.content for the ids: {', '.join(asked)}")
        if set(answered) - set(asked):
            problems.append(f"messages.{index}: a toolResult has no toolUse in the previous assistant message")
    return problems


def _answer(
    content: list[dict[str, Any]], stop_reason: str, input_tokens: int, output_tokens: int, latency_ms: int
) -> dict[str, Any]:
    return {
        "output": {"message": {"role": "assistant", "content": content}},
        "stopReason": stop_reason,
        "usage": {
            "inputTokens": input_tokens,
            "outputTokens": output_tokens,
            "totalTokens": input_tokens + output_tokens,
        },
        "metrics": {"latencyMs": latency_ms},
    }


def error_body(code: str, message: str) -> tuple[int, dict[str, Any], dict[str, str]]:
    """An AWS JSON error response (status, body, headers) as Bedrock sends it, e.g. ThrottlingException."""
    status = {
        "ThrottlingException": 429,
        "ServiceUnavailableException": 503,
        "ModelNotReadyException": 429,
        "InternalServerException": 500,
        "ModelTimeoutException": 408,
        "AccessDeniedException": 403,
        "ValidationException": 400,
        "ResourceNotFoundException": 404,
    }.get(code, 400)
    return status, {"message": message}, {"x-amzn-ErrorType": f"{code}:http://internal.amazon.com/coral/"}


@dataclass
class FakeBedrock:
    """The server's script and what it saw. `script` is consumed in order; an empty script repeats `default`."""

    script: list[Any] = field(default_factory=list)
    default: Any = None
    requests: list[dict[str, Any]] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    url: str = ""
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def next_reply(self, path: str, body: dict[str, Any]) -> tuple[int, dict[str, Any], dict[str, str]]:
        with self._lock:
            self.paths.append(path)
            self.requests.append(body)
            problems = conversation_errors(body) if path.endswith("/converse") else []
            reply = None if problems else (self.script.pop(0) if self.script else self.default)
        if problems:
            return error_body("ValidationException", " ".join(problems))
        if reply is None:
            return error_body("ValidationException", "fake Bedrock has no scripted answer left")
        if isinstance(reply, tuple):
            return reply
        return 200, reply, {}

    @property
    def calls(self) -> int:
        return len(self.requests)


@contextmanager
def serve(fake: FakeBedrock) -> Iterator[FakeBedrock]:
    """Run the fake on a free localhost port for the `with` block; `fake.url` is its endpoint URL."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
            status, payload, headers = fake.next_reply(self.path, body)
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("x-amzn-RequestId", str(uuid.uuid4()))
            for key, value in headers.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
