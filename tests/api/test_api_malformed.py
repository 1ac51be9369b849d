"""Never a 500 for a client's mistake: every malformed body, header, parameter and method is a 4xx naming the problem.
Each class goes through the real handler as API Gateway (HTTP API, payload 2.0) delivers it, base64-encoded bodies
included; tests/api/test_api_serve.py sends the same classes to `aichef serve` over HTTP."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from typing import Any

import pytest

from aichef_local.http_api import Handler, http_event, invoke
from aichef_local.stack import FunctionSpec

from .conftest import Reply, iam_caller

Call = Callable[..., Reply]
EGG = b'{"ingredients": ["egg"]}'


def send(api: tuple[Handler, FunctionSpec], event: dict[str, Any]) -> tuple[int, dict[str, str], Any]:
    handler, spec = api
    status, headers, payload = invoke(handler, spec, event)
    return status, headers, json.loads(payload) if payload else None


def post_event(data: bytes, content_type: str | None = "application/json", **changes: Any) -> dict[str, Any]:
    """A POST /recipes event with `data` as its body (`changes` replace event fields, e.g. body, isBase64Encoded)."""
    headers = {"host": "api.test"} if content_type is None else {"host": "api.test", "content-type": content_type}
    event = http_event("POST", "/recipes", headers, data, authorizer=iam_caller("tester"))
    event.update(changes)
    return event


@pytest.mark.parametrize(
    ("event", "status", "body"),
    [
        pytest.param(
            post_event(b"--x\r\n", "multipart/form-data"),
            415,
            {"error": "UnsupportedMediaType", "cause": "content-type: 'multipart/form-data' is not application/json"},
            id="multipart without a boundary",
        ),
        pytest.param(
            post_event(b"[" * 20_000 + b"]" * 20_000),
            413,
            {
                "error": "PayloadTooLarge",
                "cause": "request body: 40000 bytes is over the limit of 16384 bytes (16 KiB)",
            },
            id="nested 20,000 deep (40 KB)",
        ),
        pytest.param(
            post_event(b"[" * 8_192 + b"]" * 8_192),
            400,
            {"error": "InvalidRequest", "cause": "request: must be a JSON object, got an array"},
            id="nested 8,192 deep (the deepest 16 KiB holds)",
        ),
        pytest.param(
            post_event(b'{"ingredients": ' + b"[" * 8_000 + b"]" * 8_000 + b"}"),
            400,
            {"error": "InvalidRequest", "cause": "ingredients[0]: Input should be a valid string"},
            id="a field nested 8,000 deep",
        ),
        pytest.param(
            post_event(b'{"ingredients": ["\xff\xfeegg"]}'),
            400,
            {"error": "InvalidRequest", "cause": "request body: not UTF-8 text (byte 18 is 0xff)"},
            id="not UTF-8, base64-encoded as API Gateway does",
        ),
        pytest.param(
            post_event(EGG, body="not base64!", isBase64Encoded=True),
            400,
            {"error": "InvalidRequest", "cause": "request body: not valid base64 (isBase64Encoded is set)"},
            id="isBase64Encoded with a body that is not base64",
        ),
        pytest.param(
            post_event(b'{"ingredients": ["egg\\ud800"]}'),
            400,
            {
                "error": "InvalidRequest",
                "cause": "request body: an unpaired surrogate escape (\\ud800-\\udfff) is not text",
            },
            id="an unpaired surrogate escape",
        ),
        pytest.param(
            post_event(b'{"ingredients": ["egg"], "servings": ' + b"9" * 5000 + b"}"),
            400,
            {
                "error": "InvalidRequest",
                "cause": "request body: not a JSON value Python can read (Exceeds the limit (4300 digits) for integer "
                "string conversion: value has 5000 digits; use sys.set_int_max_str_digits() to increase the limit)",
            },
            id="an integer of 5,000 digits",
        ),
        pytest.param(
            post_event(EGG, "application/json; charset=latin-1"),
            415,
            {"error": "UnsupportedMediaType", "cause": "content-type: charset 'latin-1': JSON is UTF-8"},
            id="a charset other than UTF-8",
        ),
        pytest.param(
            post_event(b"ingredients=egg", "application/x-www-form-urlencoded"),
            415,
            {
                "error": "UnsupportedMediaType",
                "cause": "content-type: 'application/x-www-form-urlencoded' is not application/json",
            },
            id="a form (curl -d without a content type)",
        ),
    ],
)
def test_a_malformed_body_is_a_named_4xx_and_starts_nothing(
    api: tuple[Handler, FunctionSpec], executions: Callable[[], int], event: dict[str, Any], status: int, body: Any
) -> None:
    before = executions()

    assert send(api, event)[::2] == (status, body)
    assert executions() == before


@pytest.mark.parametrize(
    "event",
    [
        post_event(EGG, "APPLICATION/JSON"),
        post_event(EGG, "application/json; charset=UTF-8"),
        post_event(EGG, None),
        post_event(EGG, body=base64.b64encode(EGG).decode(), isBase64Encoded=True),
    ],
    ids=["upper case", "charset UTF-8", "no content type", "base64-encoded"],
)
def test_json_in_any_spelling_of_its_media_type_is_accepted(
    api: tuple[Handler, FunctionSpec], event: dict[str, Any]
) -> None:
    status, _, body = send(api, event)

    assert (status, body["status"]) == (202, "RUNNING")


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("PUT", "/recipes", "GET, OPTIONS, POST"),
        ("PATCH", "/recipes", "GET, OPTIONS, POST"),
        ("TRACE", "/recipes", "GET, OPTIONS, POST"),
        ("PUT", "/recipes/r-1", "DELETE, GET, HEAD, OPTIONS"),
        ("POST", "/recipes/r-1", "DELETE, GET, HEAD, OPTIONS"),
    ],
)
def test_a_method_a_path_does_not_have_is_405_with_allow(call: Call, method: str, path: str, allow: str) -> None:
    reply = call(method, path)

    assert (reply.status, reply.headers["Allow"], reply.body) == (
        405,
        allow,
        {"error": "MethodNotAllowed", "cause": f"{method} is not one of {allow}"},
    )


def test_options_answers_204_with_allow_and_no_body(call: Call) -> None:
    reply = call("OPTIONS", "/recipes/r-1")

    assert (reply.status, reply.headers["Allow"], reply.body) == (204, "DELETE, GET, HEAD, OPTIONS", None)


def test_head_answers_gets_status_and_headers_without_a_body(call: Call) -> None:
    started = call("POST", "/recipes", {"ingredients": ["egg"]})
    path = started.headers["Location"].removeprefix("http://api.test")

    get, head = call("GET", path), call("HEAD", path)
    unknown = call("HEAD", "/recipes/r-unknown")

    assert (head.status, head.body) == (get.status, None) == (200, None)
    assert head.headers["Content-Type"] == "application/json"
    assert (unknown.status, unknown.body) == (404, None)


def test_an_8000_character_id_is_404_and_echoed_only_to_80_characters(call: Call) -> None:
    reply = call("GET", "/recipes/" + "x" * 8000)

    assert reply.status == 404
    assert reply.body == {"error": "NotFound", "cause": f"no recipe request '{'x' * 80}…'"}


@pytest.mark.parametrize(
    ("target", "cause"),
    [
        ("/recipes?limit=0", "limit: Input should be greater than or equal to 1"),
        ("/recipes?limit=101", "limit: Input should be less than or equal to 100"),
        ("/recipes?cursor=%7B%7D", "cursor: not a cursor this API gave (pass next_cursor from the previous page)"),
        (
            "/recipes?cursor=bm90LWEtY3Vyc29y",
            "cursor: not a cursor this API gave (pass next_cursor from the previous page)",
        ),
        ("/recipes/r-1?wait=1.5", "wait: Input should be a valid integer, unable to parse string as an integer"),
    ],
)
def test_a_bad_query_parameter_is_400_naming_it(call: Call, target: str, cause: str) -> None:
    reply = call("GET", target)

    assert (reply.status, reply.body) == (400, {"error": "InvalidRequest", "cause": cause})


def test_a_request_without_a_caller_identity_is_401(call: Call, executions: Callable[[], int]) -> None:
    before = executions()

    reply = call("POST", "/recipes", {"ingredients": ["egg"]}, caller={})

    assert (reply.status, reply.body) == (
        401,
        {"error": "Unauthenticated", "cause": "no caller identity: every route needs IAM (SigV4) or a JWT"},
    )
    assert executions() == before
