"""ai-chef-api: the HTTP API in front of the recipe workflow (POST/GET /recipes, GET/DELETE /recipes/{request_id},
GET /openapi.json), a Powertools Event Handler over the workflow's state machine, records and requests tables."""

from __future__ import annotations

import json
import os
from typing import Annotated, Any

from accept_language import with_accept_language
from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response, content_types
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError
from aws_lambda_powertools.event_handler.openapi.params import Header, Path, Query
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext
from botocore.exceptions import BotoCoreError, ClientError
from botocore.session import get_session
from callers import base_url, owner_of
from front_door import (
    DEFAULT_PAGE,
    MAX_PAGE,
    MAX_WAIT_SECONDS,
    Answer,
    Refused,
    check_content_type,
    check_idempotency_key,
    decode_cursor,
    decoded_body,
    error_answer,
    is_request_id,
    negotiated,
    not_found,
    read_request,
)
from openapi_document import complete
from recipe_requests import RecipeRequests
from request_ledger import RequestLedger
from workflow_gateway import API_CALLS, SYNC_START, WorkflowGateway, start_budget

from aichef.aws_clients import make_client
from aichef.errors import InvalidRequest

logger = Logger()
app = APIGatewayHttpResolver(enable_validation=True)
session = get_session()
WORKFLOW_TYPE = os.environ.get("WORKFLOW_TYPE", "STANDARD")
AUTH, JWT_ISSUER = os.environ.get("AUTH", "AWS_IAM"), os.environ.get("JWT_ISSUER", "")
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "")
dynamodb = make_client(session, "dynamodb", API_CALLS)
requests = RecipeRequests(
    WorkflowGateway(
        make_client(session, "stepfunctions", start_budget(WORKFLOW_TYPE)),
        # only Express answers synchronously (STANDARD refuses sync=true first): no client to build at cold start
        make_client(session, "stepfunctions", SYNC_START) if WORKFLOW_TYPE == "EXPRESS" else None,
        dynamodb,
        os.environ["STATE_MACHINE_ARN"],
        os.environ["RECIPES_TABLE"],
    ),
    RequestLedger(dynamodb, os.environ["REQUESTS_TABLE"]),
    WORKFLOW_TYPE,
    poll_seconds=float(os.environ.get("POLL_SECONDS", "1")),
)
RequestId = Annotated[str, Path(description="The request_id POST /recipes answered with.")]


def respond(answer: Answer) -> Response[Any]:
    return Response(answer.status_code, content_types.APPLICATION_JSON, answer.body, headers=answer.headers)


def caller() -> str:
    """The owner of what this request starts, reads or cancels (see callers.owner_of)."""
    owner = owner_of(app.current_event.raw_event.get("requestContext") or {})
    if owner is None:
        raise Refused(401, "Unauthenticated", "no caller identity: every route needs IAM (SigV4) or a JWT")
    return owner


@app.post("/recipes", operation_id="startRecipe", summary="Start a recipe request")
def start_recipe(
    sync: Annotated[bool, Query(description="EXPRESS workflows only: answer with the finished result.")] = False,
    idempotency_key: Annotated[
        str | None,
        Header(alias="idempotency-key", description="A retry with the same key (and body) starts nothing new."),
    ] = None,
    accept_language: Annotated[
        str | None,
        Header(
            alias="accept-language",
            description="The answer's language when the body has no `language`: the supported one (ko, en) of the "
            "highest quality (RFC 9110 §12.5.4; ko-KR counts for ko); malformed elements are ignored. Without either, "
            "the answer is Korean when most ingredient texts are in Hangul.",
        ),
    ] = None,
) -> Response[Any]:
    # The body is read here, not by the Event Handler: the contract's parser is the authority for what is accepted
    # (size first, then UTF-8, JSON and the fields, each refusal named), and nothing in between can fail with a 500.
    event = app.current_event
    check_content_type(event.headers.get("content-type"))
    body = read_request(decoded_body(event.body, bool(event.is_base64_encoded)))
    request = with_accept_language(body, accept_language)
    key = None if idempotency_key is None else check_idempotency_key(idempotency_key)
    url = base_url(event.raw_event, "/recipes", PUBLIC_BASE_URL)
    answer = requests.submit(request, key, caller(), sync, url)
    return respond(negotiated(answer) if sync and body.language is None else answer)


@app.get("/recipes", operation_id="listRecipes", summary="The caller's recipe requests, newest first")
def list_recipes(
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description="Requests per page.")] = DEFAULT_PAGE,
    cursor: Annotated[str | None, Query(description="next_cursor of the previous page.")] = None,
) -> Response[Any]:
    after = None if cursor is None else decode_cursor(cursor)
    return respond(requests.list(caller(), limit, after))


@app.get("/recipes/<request_id>", operation_id="getRecipe", summary="The status and result of a recipe request")
def get_recipe(
    request_id: RequestId,
    wait: Annotated[
        int,
        Query(ge=0, le=MAX_WAIT_SECONDS, description="Hold the answer up to this many seconds until the request ends."),
    ] = 0,
) -> Response[Any]:
    if not is_request_id(request_id):
        return respond(not_found(request_id))
    return respond(requests.status(request_id, caller(), wait))


@app.route("/recipes/<request_id>", method="HEAD", include_in_schema=False)
def head_recipe(request_id: RequestId) -> Response[Any]:
    """GET's status and headers without the body (RFC 9110 §9.3.2)."""
    answer = get_recipe(request_id)
    return Response(answer.status_code, answer.content_type, "", headers=answer.headers)


@app.delete("/recipes/<request_id>", operation_id="cancelRecipe", summary="Cancel a running recipe request")
def cancel_recipe(request_id: RequestId) -> Response[Any]:
    if not is_request_id(request_id):
        return respond(not_found(request_id))
    return respond(requests.cancel(request_id, caller()))


@app.get("/openapi.json", include_in_schema=False)
def openapi() -> Response[Any]:
    schema = app.get_openapi_json_schema(
        title="AI Chef API",
        version="1.1.0",
        description="Start recipe requests, read, list and cancel your own. Every request belongs to its caller.",
    )
    url = base_url(app.current_event.raw_event, "/openapi.json", PUBLIC_BASE_URL)
    return Response(
        200, content_types.APPLICATION_JSON, complete(json.loads(schema), WORKFLOW_TYPE, AUTH, JWT_ISSUER, url)
    )


def allowed_methods(path: str) -> list[str]:
    """The methods routed for `path` (Powertools keeps its routes in two private lists; tests pin them)."""
    routes = app._static_routes + app._dynamic_routes
    methods = {route.method for route in routes if route.rule.match(path)}
    return sorted(methods | {"OPTIONS"}) if methods else []


@app.not_found
def not_routed(_: Exception) -> Response[Any]:
    """No route for this method: 204 with Allow for OPTIONS, 405 with Allow for a known path, else 404."""
    event = app.current_event
    allowed = allowed_methods(event.path)
    if not allowed:
        return respond(error_answer(404, "NotFound", f"no route {event.http_method} {event.path[:100]}"))
    allow = {"Allow": ", ".join(allowed)}
    if event.http_method == "OPTIONS":
        return Response(204, None, "", headers=allow)
    answer = error_answer(405, "MethodNotAllowed", f"{event.http_method[:20]} is not one of {allow['Allow']}")
    return respond(Answer(answer.status_code, answer.body, allow))


@app.exception_handler(InvalidRequest)  # type: ignore[untyped-decorator]
def invalid_request(error: InvalidRequest) -> Response[Any]:
    return respond(error_answer(400, error.name, error.message))


@app.exception_handler(Refused)  # type: ignore[untyped-decorator]
def refused(error: Refused) -> Response[Any]:
    return respond(error.answer)


@app.exception_handler(RequestValidationError)  # type: ignore[untyped-decorator]
def invalid_parameter(error: RequestValidationError) -> Response[Any]:
    """A query, path or header parameter Powertools could not read: named, with pydantic's reason."""
    cause = "; ".join(f"{problem['loc'][-1]}: {problem.get('msg', 'is invalid')}" for problem in error.errors())
    return respond(error_answer(400, "InvalidRequest", cause))


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
