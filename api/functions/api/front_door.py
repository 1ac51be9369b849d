"""The HTTP API's rules, pure (no boto3): reading a request body, naming executions, and turning a record or a
finished execution into the status code and body the API answers with."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
import uuid
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from aichef.contracts import WorkflowRequest, parse_request
from aichef.errors import AiChefError, InvalidRequest

# ARCHITECTURE §2: a request over 16 KiB is rejected before it can grow a state towards the 256 KiB limit.
MAX_BODY_BYTES = 16 * 1024
MAX_WAIT_SECONDS = 20
MAX_IDEMPOTENCY_KEY_LENGTH = 255
# Execution names: 1-80 characters, no whitespace, brackets, wildcards or special characters
# (https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html). Ours use only these.
REQUEST_ID = re.compile(r"^[A-Za-z0-9_-]{1,80}$")
# The Fail states' names that are ours (aichef.errors plus the record-save failure of the state machine): a failed
# execution with one of them is the request's fault or a named outage (422); any other error is the platform's (502).
NAMED_ERRORS = frozenset({cls.__name__ for cls in AiChefError.__subclasses__()} | {"SaveFailed"})
TERMINAL = frozenset({"SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"})

Status = Literal["RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"]


class ApiError(BaseModel):
    """Every error the API answers with: a name and a cause a person can act on."""

    model_config = ConfigDict(extra="forbid")

    error: str
    cause: str


class RecipeAccepted(BaseModel):
    """POST /recipes: the request was started; GET the Location for its result."""

    request_id: str
    status: Status


class RecipeStatus(BaseModel):
    """GET /recipes/{request_id}: the request's status, with the output on success, the error and cause on failure."""

    request_id: str
    status: Status
    output: dict[str, Any] | None = None
    error: str | None = None
    cause: str | None = None


@dataclass(frozen=True)
class Answer:
    """A status code and a JSON body (and headers) the handler turns into an HTTP response."""

    status_code: int
    body: dict[str, Any]
    headers: dict[str, str] | None = None


class UnknownRequest(Exception):
    """No execution and no record has this request id."""


def error_answer(status_code: int, error: str, cause: str) -> Answer:
    return Answer(status_code, {"error": error, "cause": cause})


def decoded_body(body: str | None, is_base64: bool) -> bytes:
    """The request body's bytes (API Gateway base64-encodes bodies it does not consider text)."""
    if body is None:
        return b""
    if not is_base64:
        return body.encode("utf-8")
    try:
        return base64.b64decode(body, validate=True)
    except (binascii.Error, ValueError):
        raise InvalidRequest("request body: not valid base64 (isBase64Encoded is set)") from None


def read_request(raw: bytes) -> WorkflowRequest:
    """The workflow request in a body, or `InvalidRequest` naming what is wrong: size, JSON, then the contract."""
    if len(raw) > MAX_BODY_BYTES:
        raise InvalidRequest(f"request body: {len(raw)} bytes is over the limit of {MAX_BODY_BYTES} bytes (16 KiB)")
    if not raw.strip():
        raise InvalidRequest("request body: empty; send a workflow request as JSON")
    try:
        document = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise InvalidRequest("request body: not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise InvalidRequest(
            f"request body: not JSON ({error.msg} at line {error.lineno} column {error.colno})"
        ) from None
    return parse_request(document)


def execution_input(request: WorkflowRequest) -> str:
    """The execution's input: the validated request in one canonical form, so a retry sends byte-equal input."""
    return json.dumps(
        request.model_dump(mode="json", exclude_none=True), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )


def check_idempotency_key(key: str) -> str:
    """The Idempotency-Key header's value, or `InvalidRequest` when it is empty, too long or not printable ASCII."""
    if not 1 <= len(key) <= MAX_IDEMPOTENCY_KEY_LENGTH or not (key.isascii() and key.isprintable()):
        raise InvalidRequest(f"Idempotency-Key: must be 1-{MAX_IDEMPOTENCY_KEY_LENGTH} printable ASCII characters")
    return key


def request_id_for(idempotency_key: str | None, caller: str) -> str:
    """A new request id, or for an Idempotency-Key the same id every time the same caller sends that key."""
    if idempotency_key is None:
        return f"r-{uuid.uuid4().hex}"
    digest = hashlib.sha256(f"{caller}\n{idempotency_key}".encode()).hexdigest()
    return f"k-{digest[:40]}"


def is_request_id(text: str) -> bool:
    return REQUEST_ID.fullmatch(text) is not None


def accepted(request_id: str, status: str = "RUNNING") -> Answer:
    """202 with the Location the caller polls."""
    return Answer(202, {"request_id": request_id, "status": status}, {"Location": f"/recipes/{request_id}"})


def from_record(request_id: str, record: dict[str, Any]) -> Answer:
    """200 with what the workflow stored: the output when SUCCEEDED, the error and cause when FAILED."""
    status = str(record.get("status", ""))
    if status == "SUCCEEDED":
        return Answer(200, {"request_id": request_id, "status": status, "output": json.loads(record["output"])})
    return Answer(
        200, {"request_id": request_id, "status": status, "error": record.get("error"), "cause": record.get("cause")}
    )


def from_description(request_id: str, status: str, error: str | None, cause: str | None) -> Answer:
    """200 for an execution that has no record: RUNNING, or one that ended without writing it (timed out,
    aborted, or failed where no Catch applies, e.g. States.Runtime)."""
    body: dict[str, Any] = {"request_id": request_id, "status": status}
    if status != "RUNNING":
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


def documented_answers_only(schema: dict[str, Any]) -> dict[str, Any]:
    """The OpenAPI document without the 422 "Validation Error" Powertools adds to every route: this API answers a
    request that fails validation with 400 and an ApiError."""
    default = {"$ref": "#/components/schemas/HTTPValidationError"}
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.get("responses", {})
            if responses.get("422", {}).get("content", {}).get("application/json", {}).get("schema") == default:
                del responses["422"]
    for name in ("HTTPValidationError", "ValidationError", "ResponseValidationError"):
        schema.get("components", {}).get("schemas", {}).pop(name, None)
    return schema
