"""The OpenAPI document of the API, exact for one deployment. The Event Handler documents the routes and their
parameters from the handler's signatures; this module adds what it cannot know, from the same pydantic models the
handler reads and answers with: the request body, every status each route answers with (the function's and API
Gateway's own), their bodies, headers and examples, the patterns the handler checks, and the security scheme."""

from __future__ import annotations

from typing import Any, Literal

from api_models import (
    REQUEST_ID_PATTERN,
    ApiError,
    GatewayError,
    RecipeAccepted,
    RecipeList,
    RecipeStatus,
    RecipeSucceeded,
)
from front_door import CURSOR_PATTERN, IDEMPOTENCY_KEY_PATTERN, RETRY_AFTER_SECONDS
from pydantic import TypeAdapter

from aichef.contracts import WorkflowRequest

REF = "#/components/schemas/{model}"
JSON = "application/json"
RECIPES, RECIPE = "/recipes", "/recipes/{request_id}"
# The shapes of the bodies, by component name; RecipeEnded comes with RecipeStatus.
_MODELS: dict[str, tuple[Any, Literal["validation", "serialization"]]] = {
    "WorkflowRequest": (WorkflowRequest, "validation"),
    "ApiError": (ApiError, "serialization"),
    "GatewayError": (GatewayError, "serialization"),
    "RecipeAccepted": (RecipeAccepted, "serialization"),
    "RecipeSucceeded": (RecipeSucceeded, "serialization"),
    "RecipeStatus": (RecipeStatus, "serialization"),
    "RecipeList": (RecipeList, "serialization"),
}
_EXAMPLE_ID = "r-3f2a9c0e5b7d4e1f8a6b2c9d0e1f2a3b"


def complete(document: dict[str, Any], workflow_type: str, auth: str, jwt_issuer: str, url: str) -> dict[str, Any]:
    """The Event Handler's `document`, completed for a deployment: `workflow_type` STANDARD or EXPRESS (only EXPRESS
    has sync=true), `auth` AWS_IAM, JWT or NONE (`aichef serve`, which authorises nothing), the API's base `url`."""
    express = workflow_type == "EXPRESS"
    document["components"] = {"schemas": _component_schemas()}
    if auth != "NONE":
        document["components"]["securitySchemes"] = _security_schemes(auth, jwt_issuer)
        document["security"] = [{"jwt" if auth == "JWT" else "sigv4": []}]
    document["servers"] = [{"url": url, "description": "this deployment"}]
    failures = _failures(authorised=auth != "NONE")
    paths = document["paths"]
    post, listing = paths[RECIPES]["post"], paths[RECIPES]["get"]
    get, cancel = paths[RECIPE]["get"], paths[RECIPE]["delete"]
    post["requestBody"] = {
        "required": True,
        "description": "A workflow request (ARCHITECTURE §3), at most 16 KiB of JSON.",
        "content": {JSON: {"schema": {"$ref": REF.format(model="WorkflowRequest")}}},
    }
    post["parameters"] = [p for p in post["parameters"] if express or p["name"] != "sync"]
    _constrain(post, "idempotency-key", pattern=IDEMPOTENCY_KEY_PATTERN, maxLength=255)
    # no pattern: a malformed Accept-Language is ignored (RFC 9110 §12.5.4), never refused
    _constrain(post, "accept-language", examples=["ko-KR,ko;q=0.9,en-US;q=0.8", "en"])
    _constrain(listing, "cursor", pattern=CURSOR_PATTERN)
    for operation in (get, cancel):
        _constrain(operation, "request_id", pattern=REQUEST_ID_PATTERN)
    post["responses"] = {**failures, **_start_responses(express)}
    listing["responses"] = {
        "200": _answer("The caller's requests, newest first.", "RecipeList"),
        "400": _error("A bad parameter: limit is 1-100; a cursor is a next_cursor this API gave.", "InvalidRequest"),
        **failures,
    }
    get["responses"] = {
        "200": _answer(
            "SUCCEEDED with the output, FAILED / TIMED_OUT / ABORTED with error and cause, or RUNNING "
            "(then Retry-After says when to ask again).",
            "RecipeStatus",
            headers={"Retry-After": _retry_after()},
            examples=_status_examples(),
        ),
        "400": _error("A bad parameter (wait is 0-20)."),
        "404": _error("No such request, or another caller's (the same answer).", "NotFound"),
        **failures,
    }
    cancel["responses"] = {
        "200": _answer(
            "Where the request ended: ABORTED when this call stopped it, else the end it had reached.",
            "RecipeStatus",
            examples=_status_examples(),
        ),
        "404": _error("No such request, or another caller's (the same answer).", "NotFound"),
        **({"409": _error("A running EXPRESS execution cannot be stopped.", "NotCancellable")} if express else {}),
        **failures,
    }
    return document


def _component_schemas() -> dict[str, Any]:
    schemas: dict[str, Any] = {}
    for name, (model, mode) in _MODELS.items():
        schema = TypeAdapter(model).json_schema(ref_template=REF, mode=mode)
        schemas.update(schema.pop("$defs", {}))
        schemas[name] = schema
    return schemas


def _security_schemes(auth: str, jwt_issuer: str) -> dict[str, Any]:
    if auth == "JWT":
        return {
            "jwt": {
                "type": "openIdConnect",
                "openIdConnectUrl": f"{jwt_issuer.rstrip('/')}/.well-known/openid-configuration",
                "description": "A JWT from this issuer, as `Authorization: Bearer <token>`; its `sub` owns requests.",
            }
        }
    return {
        "sigv4": {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "AWS Signature Version 4 (service execute-api) by an IAM principal allowed "
            "execute-api:Invoke; the principal (or Cognito identity) owns requests.",
            "x-amazon-apigateway-authtype": "awsSigv4",
        }
    }


def _constrain(operation: dict[str, Any], name: str, **constraints: Any) -> None:
    """Add the handler's own checks of a parameter to its schema (the handler checks them, not Powertools, so that a
    bad id is a 404 and a bad key names the rule)."""
    for parameter in operation.get("parameters", []):
        if parameter["name"] == name:
            schema = parameter["schema"]
            branches = [b for b in schema.pop("anyOf", []) if b != {"type": "null"}]
            schema.update(branches[0] if branches else {}, **constraints)


def _start_responses(express: bool) -> dict[str, Any]:
    by_id = {"request_id": "$response.body#/request_id"}
    responses: dict[str, Any] = {
        "202": {
            **_answer(
                "Started, or the earlier request of this Idempotency-Key (with where it stands now): GET the "
                "Location for the result.",
                "RecipeAccepted",
                headers={
                    "Location": {
                        "description": "The absolute URL of the request (GET it, or DELETE it to cancel).",
                        "required": True,
                        "schema": {"type": "string", "format": "uri"},
                    },
                    "Retry-After": _retry_after(),
                },
                examples={"started": {"value": {"request_id": _EXAMPLE_ID, "status": "RUNNING"}}},
            ),
            "links": {
                "GetRecipe": {"operationId": "getRecipe", "parameters": by_id},
                "CancelRecipe": {"operationId": "cancelRecipe", "parameters": by_id},
            },
        },
        "400": _error(
            "The body breaks the contract (the cause names the field), is not JSON or UTF-8, or a parameter "
            "(Idempotency-Key, sync) is bad.",
            "InvalidRequest",
        ),
        "413": _either("The body is over 16 KiB (PayloadTooLarge, the function) or 10 MB (API Gateway)."),
        "415": _error("The body is not application/json (in UTF-8).", "UnsupportedMediaType"),
        "422": _error("The Idempotency-Key was first used with another request.", "IdempotencyKeyReused"),
    }
    if express:
        vary = {"Vary": _vary()}
        responses["200"] = _answer("sync=true: the request succeeded.", "RecipeSucceeded", headers=vary)
        responses["422"] = _one_of(
            "The Idempotency-Key was first used with another request (ApiError), or with sync=true the request "
            "failed with one of the workflow's named errors (RecipeEnded).",
            ["ApiError", "RecipeEnded"],
            headers=vary,
        )
        responses["502"] = _one_of(
            "An AWS call failed (ApiError), or with sync=true the workflow failed for another reason (RecipeEnded).",
            ["ApiError", "RecipeEnded"],
            headers=vary,
        )
    return responses


def _failures(authorised: bool) -> dict[str, Any]:
    """What every route may answer when it is not the request's fault, or before the function is reached (401 and
    403 only where an authorizer runs)."""
    refusals = {
        "401": _either(
            "No caller identity: the JWT is missing or invalid (API Gateway), or the route has no "
            "authorizer (Unauthenticated, the function)."
        ),
        "403": _gateway("The IAM signature is missing or not allowed execute-api:Invoke (API Gateway)."),
    }
    return {
        **(refusals if authorised else {}),
        "429": _gateway("Throttled by the route's or the stage's rate limit (API Gateway); retry with backoff."),
        "500": _either("A defect of the function (InternalError), or the integration failed (API Gateway)."),
        "502": _error("An AWS call of the function failed (DependencyFailed); retry later.", "DependencyFailed"),
        "503": _gateway("API Gateway could not reach the function."),
        "504": _gateway("The function did not answer within the integration's 29 s."),
    }


def _retry_after() -> dict[str, Any]:
    return {
        "description": "Seconds to wait before asking again; sent while the request is RUNNING.",
        "schema": {"type": "integer", "minimum": 0, "examples": [RETRY_AFTER_SECONDS]},
    }


def _vary() -> dict[str, Any]:
    return {
        "description": "Accept-Language, on a sync=true outcome of a body without `language`: the header chose "
        "the language of this answer (RFC 9110 §12.5.5).",
        "schema": {"type": "string", "enum": ["Accept-Language"]},
    }


def _answer(
    description: str, model: str, headers: dict[str, Any] | None = None, examples: dict[str, Any] | None = None
) -> dict[str, Any]:
    content: dict[str, Any] = {"schema": {"$ref": REF.format(model=model)}}
    if examples:
        content["examples"] = examples
    return {"description": description, "content": {JSON: content}, **({"headers": headers} if headers else {})}


def _error(description: str, name: str = "") -> dict[str, Any]:
    examples = {name: {"value": {"error": name, "cause": "…"}}} if name else None
    return _answer(description, "ApiError", examples=examples)


def _gateway(description: str) -> dict[str, Any]:
    return _answer(description, "GatewayError")


def _either(description: str) -> dict[str, Any]:
    """A status both the function and API Gateway answer with, each in its own shape."""
    return _one_of(description, ["ApiError", "GatewayError"])


def _one_of(description: str, models: list[str], headers: dict[str, Any] | None = None) -> dict[str, Any]:
    schema = {"oneOf": [{"$ref": REF.format(model=model)} for model in models]}
    return {
        "description": description,
        "content": {JSON: {"schema": schema}},
        **({"headers": headers} if headers else {}),
    }


def _status_examples() -> dict[str, Any]:
    return {
        "running": {"value": {"request_id": _EXAMPLE_ID, "status": "RUNNING"}},
        "failed": {
            "value": {
                "request_id": _EXAMPLE_ID,
                "status": "FAILED",
                "error": "RecipeGenerationFailed",
                "cause": "none of these were understood: blorptangle",
            }
        },
    }
