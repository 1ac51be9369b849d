"""The bodies the HTTP API answers with, as pydantic models: the handler builds its answers from them and the OpenAPI
document (openapi_document.py) is generated from them, so the two cannot drift."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from aichef.contracts import WorkflowOutput, omit_nulls

Status = Literal["RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"]
Ended = Literal["FAILED", "TIMED_OUT", "ABORTED"]

REQUEST_ID_PATTERN = r"^[A-Za-z0-9_-]{1,80}$"
REQUEST_ID = Field(
    description="The request's id, which is also its execution's name.",
    pattern=REQUEST_ID_PATTERN,
    examples=["r-3f2a9c0e5b7d4e1f8a6b2c9d0e1f2a3b"],
)


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ApiError(_Body):
    """Every error the function answers with: a name and a cause a person can act on."""

    error: Annotated[str, Field(examples=["InvalidRequest"])]
    cause: Annotated[str, Field(examples=["servings: Input should be less than or equal to 12"])]


class GatewayError(_Body):
    """An error API Gateway answers with before (or instead of) the function: throttling, authorization, a payload
    over its own limit, or an integration that failed or timed out.
    https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-troubleshooting-lambda.html"""

    message: Annotated[str, Field(examples=["Too Many Requests"])]


class RecipeAccepted(_Body):
    """POST /recipes: started (or, for a repeated Idempotency-Key, the earlier request and where it stands now)."""

    request_id: Annotated[str, REQUEST_ID]
    status: Status


class RecipeRunning(_Body):
    """The request has not ended yet: GET its Location again after Retry-After seconds (or with ?wait)."""

    request_id: Annotated[str, REQUEST_ID]
    status: Literal["RUNNING"]


class RecipeSucceeded(_Body):
    """The request ended with a priced recipe."""

    request_id: Annotated[str, REQUEST_ID]
    status: Literal["SUCCEEDED"]
    output: WorkflowOutput


class RecipeEnded(_Body):
    """The request ended without a recipe: one of the workflow's named errors (InvalidRequest, RecipeGenerationFailed,
    PricingFailed, SaveFailed, WorkflowFailed), or TIMED_OUT / ABORTED (cancelled) with what is known."""

    request_id: Annotated[str, REQUEST_ID]
    status: Ended
    error: Annotated[str, Field(examples=["RecipeGenerationFailed"])]
    cause: Annotated[str, Field(examples=["none of these were understood: blorptangle"])]


RecipeStatus = Annotated[RecipeRunning | RecipeSucceeded | RecipeEnded, Field(discriminator="status")]
"""GET /recipes/{request_id}: RUNNING, SUCCEEDED with the output, or an end with error and cause."""


class RecipeSummary(_Body):
    """One of the caller's requests in a list."""

    request_id: Annotated[str, REQUEST_ID]
    status: Status
    created_at: Annotated[
        str, Field(description="When the API accepted it (UTC, ISO 8601).", examples=["2026-12-06T20:10:00.123Z"])
    ]


class RecipeList(_Body):
    """GET /recipes: the caller's requests, newest first; `next_cursor` (absent on the last page) fetches the next."""

    model_config = ConfigDict(json_schema_extra=omit_nulls)

    requests: list[RecipeSummary]
    next_cursor: Annotated[str, Field(description="Pass as ?cursor= for the next page.")] | None = None
