"""ai-chef-api: the HTTP API in front of the recipe workflow (POST /recipes, GET /recipes/{request_id},
GET /openapi.json), a Powertools Event Handler over the workflow's state machine and records table."""

from __future__ import annotations

import json
import os
from typing import Annotated, Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response, content_types
from aws_lambda_powertools.event_handler.openapi.exceptions import ValidationException
from aws_lambda_powertools.event_handler.openapi.params import Body, Header, Path, Query
from aws_lambda_powertools.event_handler.openapi.types import OpenAPIResponse
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext
from botocore.exceptions import BotoCoreError, ClientError
from botocore.session import get_session
from front_door import (
    MAX_WAIT_SECONDS,
    Answer,
    ApiError,
    RecipeAccepted,
    RecipeStatus,
    check_idempotency_key,
    decoded_body,
    documented_answers_only,
    error_answer,
    is_request_id,
    read_request,
)
from recipe_requests import RecipeRequests
from workflow_gateway import API_CALLS, SYNC_START, WorkflowGateway, start_budget

from aichef.aws_clients import make_client
from aichef.contracts import WorkflowRequest
from aichef.errors import InvalidRequest

logger = Logger()
app = APIGatewayHttpResolver(enable_validation=True)
session = get_session()
WORKFLOW_TYPE = os.environ.get("WORKFLOW_TYPE", "STANDARD")
requests = RecipeRequests(
    WorkflowGateway(
        make_client(session, "stepfunctions", start_budget(WORKFLOW_TYPE)),
        # only Express answers synchronously (STANDARD refuses sync=true first): no client to build at cold start
        make_client(session, "stepfunctions", SYNC_START) if WORKFLOW_TYPE == "EXPRESS" else None,
        make_client(session, "dynamodb", API_CALLS),
        os.environ["STATE_MACHINE_ARN"],
        os.environ["RECIPES_TABLE"],
    ),
    WORKFLOW_TYPE,
    poll_seconds=float(os.environ.get("POLL_SECONDS", "1")),
)

_ERRORS: dict[int, OpenAPIResponse] = {
    400: {
        "description": "Invalid request: the cause names the field",
        "content": {"application/json": {"model": ApiError}},
    },
}


def respond(answer: Answer) -> Response[Any]:
    return Response(answer.status_code, content_types.APPLICATION_JSON, answer.body, headers=answer.headers)


def caller(event: dict[str, Any]) -> str:
    """Who is calling (the IAM principal or the JWT subject), so one caller's Idempotency-Key never meets another's."""
    authorizer = (event.get("requestContext") or {}).get("authorizer") or {}
    iam = authorizer.get("iam") or {}
    claims = (authorizer.get("jwt") or {}).get("claims") or {}
    return str(iam.get("userArn") or claims.get("sub") or "anonymous")


@app.post(
    "/recipes",
    summary="Start a recipe request",
    description="Starts the workflow; the request id is the execution's name. GET the Location for the result.",
    responses={
        202: {
            "description": "Started (or the earlier request of this Idempotency-Key)",
            "content": {"application/json": {"model": RecipeAccepted}},
        },
        200: {
            "description": "sync=true: the request succeeded",
            "content": {"application/json": {"model": RecipeStatus}},
        },
        **_ERRORS,
        422: {
            "description": "sync=true: the request failed with a named error, or the Idempotency-Key was used "
            "with another request",
            "content": {"application/json": {"model": RecipeStatus}},
        },
        502: {
            "description": "sync=true: the workflow failed for another reason",
            "content": {"application/json": {"model": RecipeStatus}},
        },
    },
)
def start_recipe(
    request: Annotated[WorkflowRequest, Body(description="A workflow request, at most 16 KiB.")],
    sync: Annotated[bool, Query(description="EXPRESS workflows only: answer with the finished result.")] = False,
    idempotency_key: Annotated[
        str | None, Header(alias="idempotency-key", description="A retry with the same key starts nothing new.")
    ] = None,
) -> Response[Any]:
    # Powertools checked the body's shape against the model (and documents it); the contract's own parser is the
    # authority for what is accepted: the 16 KiB limit, no nulls, the field-naming cause.
    event = app.current_event
    checked = read_request(decoded_body(event.body, bool(event.is_base64_encoded)))
    key = None if idempotency_key is None else check_idempotency_key(idempotency_key)
    return respond(requests.submit(checked, key, caller(event.raw_event), sync))


@app.get(
    "/recipes/<request_id>",
    summary="The status and result of a recipe request",
    responses={
        200: {
            "description": "SUCCEEDED with the output, FAILED with error and cause, or RUNNING",
            "content": {"application/json": {"model": RecipeStatus}},
        },
        **_ERRORS,
        404: {"description": "No such request", "content": {"application/json": {"model": ApiError}}},
    },
)
def get_recipe(
    request_id: Annotated[str, Path(description="The request_id POST /recipes answered with.")],
    wait: Annotated[
        int,
        Query(ge=0, le=MAX_WAIT_SECONDS, description="Hold the answer up to this many seconds until the request ends."),
    ] = 0,
) -> Response[Any]:
    if not is_request_id(request_id):
        return respond(error_answer(404, "NotFound", f"no recipe request {request_id!r}"))
    return respond(requests.status(request_id, wait))


@app.get("/openapi.json", include_in_schema=False)
def openapi() -> Response[Any]:
    schema = app.get_openapi_json_schema(
        title="AI Chef API",
        version="1.0.0",
        description="Start recipe requests and read their results. Auth: IAM (SigV4) or a JWT, per deployment.",
    )
    return Response(200, content_types.APPLICATION_JSON, documented_answers_only(json.loads(schema)))


@app.exception_handler(InvalidRequest)  # type: ignore[untyped-decorator]
def invalid_request(error: InvalidRequest) -> Response[Any]:
    return respond(error_answer(400, error.name, error.message))


@app.exception_handler(ValidationException)  # type: ignore[untyped-decorator]
def invalid_shape(error: ValidationException) -> Response[Any]:
    """Powertools' validation failed: the body is explained by the contract's parser, a parameter by its name."""
    problems = list(error.errors())
    if any(problem.get("loc", ("",))[0] == "body" for problem in problems):
        event = app.current_event
        try:
            read_request(decoded_body(event.body, bool(event.is_base64_encoded)))
        except InvalidRequest as contract_error:
            return respond(error_answer(400, contract_error.name, contract_error.message))
        content_type = event.headers.get("content-type", "")
        return respond(error_answer(400, "InvalidRequest", f"content-type: {content_type!r} is not application/json"))
    cause = "; ".join(f"{problem['loc'][-1]}: {problem.get('msg', 'is invalid')}" for problem in problems)
    return respond(error_answer(400, "InvalidRequest", cause))


@app.not_found
def not_found(_: Exception) -> Response[Any]:
    event = app.current_event
    return respond(error_answer(404, "NotFound", f"no route {event.http_method} {event.path}"))


@app.exception_handler([ClientError, BotoCoreError])  # type: ignore[untyped-decorator]
def dependency_failed(error: Exception) -> Response[Any]:
    logger.exception("AWS call failed")
    return respond(error_answer(502, "DependencyFailed", f"an AWS call failed ({type(error).__name__}); retry later"))


@app.exception_handler(Exception)  # type: ignore[untyped-decorator]
def internal_error(error: Exception) -> Response[Any]:
    logger.exception("unexpected error")
    return respond(error_answer(500, "InternalError", f"internal error ({type(error).__name__}); see the function log"))


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
