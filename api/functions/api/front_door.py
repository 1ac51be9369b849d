"""The HTTP API's rules, pure (no boto3): reading a request body, naming executions, paging cursors, and turning a
record or a finished execution into the status code, body and headers the API answers with."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
import uuid
from dataclasses import dataclass
from typing import Any

from api_models import REQUEST_ID_PATTERN

from aichef.contracts import WorkflowRequest, parse_request
from aichef.errors import AiChefError, InvalidRequest

# ARCHITECTURE §2: a request over 16 KiB is rejected before it can grow a state towards the 256 KiB limit.
MAX_BODY_BYTES = 16 * 1024
MAX_WAIT_SECONDS = 20
# How long a poller should wait before asking again: about what one step of the workflow takes.
RETRY_AFTER_SECONDS = 2
DEFAULT_PAGE, MAX_PAGE = 20, 100
# 1-255 printable ASCII characters, neither first nor last a space (HTTP drops a header value's outer spaces).
IDEMPOTENCY_KEY_PATTERN = r"^[\x21-\x7e]([\x20-\x7e]{0,253}[\x21-\x7e])?$"
CURSOR_PATTERN = r"^[A-Za-z0-9_-]{1,400}$"
# Execution names: 1-80 characters, no whitespace, brackets, wildcards or special characters
# (https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html). Ours use only these.
_REQUEST_ID = re.compile(REQUEST_ID_PATTERN)
_IDEMPOTENCY_KEY = re.compile(IDEMPOTENCY_KEY_PATTERN)
_CURSOR = re.compile(CURSOR_PATTERN)
# The Fail states' names that are ours (aichef.errors plus the record-save failure of the state machine): a failed
# execution with one of them is the request's fault or a named outage (422); any other error is the platform's (502).
NAMED_ERRORS = frozenset({cls.__name__ for cls in AiChefError.__subclasses__()} | {"SaveFailed"})
TERMINAL = frozenset({"SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"})


@dataclass(frozen=True)
class Answer:
    """A status code and a JSON body (and headers) the handler turns into an HTTP response."""

    status_code: int
    body: dict[str, Any]
    headers: dict[str, str] | None = None


class Refused(Exception):
    """A request the API refuses with a 4xx other than 400 (InvalidRequest is the 400): the status, a name, a cause."""

    def __init__(self, status_code: int, error: str, cause: str) -> None:
        super().__init__(cause)
        self.answer = error_answer(status_code, error, cause)


def error_answer(status_code: int, error: str, cause: str) -> Answer:
    return Answer(status_code, {"error": error, "cause": cause})


def decoded_body(body: str | None, is_base64: bool) -> bytes:
    """The request body's bytes (API Gateway base64-encodes bodies it does not consider text)."""
    if body is None:
        return b""
    if not is_base64:
        return body.encode("utf-8", errors="surrogatepass")
    try:
        return base64.b64decode(body, validate=True)
    except (binascii.Error, ValueError):
        raise InvalidRequest("request body: not valid base64 (isBase64Encoded is set)") from None


def check_content_type(content_type: str | None) -> None:
    """A body must be JSON in UTF-8 (RFC 8259): no content type, or application/json in any case, charset UTF-8."""
    if not content_type or not content_type.strip():
        return
    media_type, *parameters = (part.strip() for part in content_type.split(";"))
    if media_type.lower() != "application/json":
        raise Refused(415, "UnsupportedMediaType", f"content-type: {content_type[:100]!r} is not application/json")
    for parameter in parameters:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset" and value.strip().strip('"').lower() not in ("utf-8", "utf8"):
            raise Refused(415, "UnsupportedMediaType", f"content-type: charset {value[:40]!r}: JSON is UTF-8")


def read_request(raw: bytes) -> WorkflowRequest:
    """The workflow request in a body, or a named refusal: size (413), then text, JSON and the contract (400)."""
    if len(raw) > MAX_BODY_BYTES:
        raise Refused(
            413,
            "PayloadTooLarge",
            f"request body: {len(raw)} bytes is over the limit of {MAX_BODY_BYTES} bytes (16 KiB)",
        )
    if not raw.strip():
        raise InvalidRequest("request body: empty; send a workflow request as JSON")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InvalidRequest(f"request body: not UTF-8 text (byte {error.start} is 0x{raw[error.start]:02x})") from None
    try:
        document = json.loads(text)
        # an unpaired surrogate escape ("\ud800") parses, but no UTF-8 text (an execution's input) can carry it
        json.dumps(document, ensure_ascii=False).encode("utf-8")
    except json.JSONDecodeError as error:
        raise InvalidRequest(
            f"request body: not JSON ({error.msg} at line {error.lineno} column {error.colno})"
        ) from None
    except UnicodeEncodeError:
        raise InvalidRequest("request body: an unpaired surrogate escape (\\ud800-\\udfff) is not text") from None
    except ValueError as error:  # an integer of more than 4,300 digits (Python's limit for str -> int)
        raise InvalidRequest(f"request body: not a JSON value Python can read ({error})") from None
    return parse_request(document)


def execution_input(request: WorkflowRequest) -> str:
    """The execution's input: the validated request in one canonical form, so a retry sends byte-equal input."""
    return json.dumps(
        request.model_dump(mode="json", exclude_none=True), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )


def check_idempotency_key(key: str) -> str:
    """The Idempotency-Key header's value, or `InvalidRequest` when it is not 1-255 printable ASCII characters."""
    if _IDEMPOTENCY_KEY.fullmatch(key) is None:
        raise InvalidRequest(
            "Idempotency-Key: must be 1-255 printable ASCII characters, not starting or ending in a space"
        )
    return key


def request_id_for(idempotency_key: str | None, owner: str) -> str:
    """A new request id, or for an Idempotency-Key the same id every time the same owner sends that key."""
    if idempotency_key is None:
        return f"r-{uuid.uuid4().hex}"
    digest = hashlib.sha256(f"{owner}\n{idempotency_key}".encode()).hexdigest()
    return f"k-{digest[:40]}"


def is_request_id(text: str) -> bool:
    return _REQUEST_ID.fullmatch(text) is not None


def not_found(request_id: str, note: str = "") -> Answer:
    """404 for an id that is unknown or another caller's (the same answer: an id tells nothing), echoing at most 80
    characters of it."""
    shown = request_id if len(request_id) <= 80 else request_id[:80] + "…"
    return error_answer(404, "NotFound", f"no recipe request {shown!r}{note}")


def encode_cursor(created_at: str, request_id: str) -> str:
    """An opaque cursor for the page after (created_at, request_id); the owner is never in it."""
    text = json.dumps([created_at, request_id], separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[str, str]:
    """(created_at, request_id) of a cursor this API gave, or `InvalidRequest`."""
    problem = InvalidRequest("cursor: not a cursor this API gave (pass next_cursor from the previous page)")
    if _CURSOR.fullmatch(cursor) is None:
        raise problem
    try:
        value = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError):
        raise problem from None
    if not (isinstance(value, list) and len(value) == 2 and all(isinstance(part, str) for part in value)):
        raise problem
    if not is_request_id(value[1]):
        raise problem
    return value[0], value[1]


def links(location: str, status: str) -> dict[str, str]:
    """Where to poll, and (while the request runs) when: Location always, Retry-After while RUNNING."""
    if status == "RUNNING":
        return {"Location": location, "Retry-After": str(RETRY_AFTER_SECONDS)}
    return {"Location": location}


def accepted(request_id: str, location: str, status: str = "RUNNING") -> Answer:
    """202 with the Location the caller polls."""
    return Answer(202, {"request_id": request_id, "status": status}, links(location, status))


def from_record(request_id: str, record: dict[str, Any]) -> Answer:
    """200 with what the workflow stored: the output when SUCCEEDED, the error and cause when FAILED."""
    status = str(record.get("status", ""))
    if status == "SUCCEEDED":
        return Answer(200, {"request_id": request_id, "status": status, "output": json.loads(record["output"])})
    return Answer(
        200,
        {
            "request_id": request_id,
            "status": status,
            "error": str(record.get("error") or status),
            "cause": str(record.get("cause") or f"the request ended {status}"),
        },
    )


def from_description(request_id: str, status: str, error: str | None, cause: str | None) -> Answer:
    """200 for an execution that has no record: RUNNING (with Retry-After), or one that ended without writing it
    (timed out, aborted, or failed where no Catch applies, e.g. States.Runtime)."""
    body: dict[str, Any] = {"request_id": request_id, "status": status}
    if status == "RUNNING":
        return Answer(200, body, {"Retry-After": str(RETRY_AFTER_SECONDS)})
    body.update(error=error or status, cause=cause or f"the execution ended {status} without a record")
    return Answer(200, body)


def from_sync_result(request_id: str, status: str, output: str | None, error: str | None, cause: str | None) -> Answer:
    """A finished StartSyncExecution: 200 only for SUCCEEDED, 422 for our named errors, 502 for anything else."""
    if status == "SUCCEEDED":
        return Answer(200, {"request_id": request_id, "status": status, "output": json.loads(output or "null")})
    body = {
        "request_id": request_id,
        "status": status,
        "error": error or status,
        "cause": cause or f"the execution ended {status}",
    }
    return Answer(422 if error in NAMED_ERRORS else 502, body)


def negotiated(answer: Answer) -> Answer:
    """A sync=true answer for a body without `language`, with `Vary: Accept-Language` when it carries the request's
    outcome: that content is in the language the header chose (proactive negotiation, RFC 9110 §12.1 and §12.5.5).
    A 202 (an id and a status) and GET's stored result are the same whatever the header says, so they carry no Vary."""
    if answer.body.get("status") not in TERMINAL or "request_id" not in answer.body:
        return answer
    return Answer(answer.status_code, answer.body, {**(answer.headers or {}), "Vary": "Accept-Language"})


def same_request(recorded_request: str | None, sent_input: str) -> bool:
    """Whether a record's `request` (the execution input the workflow stored) is the request sent now."""
    if recorded_request is None:
        return False
    try:
        return bool(json.loads(recorded_request) == json.loads(sent_input))
    except json.JSONDecodeError:
        return False


def key_reused(idempotency_key: str) -> Answer:
    """422 for an Idempotency-Key sent again with a different request (IETF draft httpapi-idempotency-key-header)."""
    return error_answer(
        422, "IdempotencyKeyReused", f"Idempotency-Key {idempotency_key!r} was first used with a different request"
    )
