"""Fixtures of the API tests: the API handler of api/template.yaml loaded in-process against the local workflow."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from aichef_local.http_api import Handler, http_event, invoke, load_api
from aichef_local.runner import LocalWorkflow
from aichef_local.stack import FunctionSpec, load_stack

ROOT = Path(__file__).resolve().parents[2]
API_TEMPLATE = ROOT / "api" / "template.yaml"
API_CODE = ROOT / "api" / "functions" / "api"
if str(API_CODE) not in sys.path:
    sys.path.insert(0, str(API_CODE))  # front_door, recipe_requests, workflow_gateway: the function's own modules


@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict[str, str]
    body: Any


def iam_caller(user: str, identity_id: str | None = None) -> dict[str, Any]:
    """requestContext.authorizer of an IAM-authorised route: a user, or (identity_id) a Cognito identity pool's user
    through the pool's one role, whose userArn every user of the pool shares."""
    if identity_id is None:
        return {"iam": {"accountId": "123456789012", "userArn": f"arn:aws:iam::123456789012:user/{user}"}}
    role = "arn:aws:sts::123456789012:assumed-role/Cognito_AiChefAuth_Role/CognitoIdentityCredentials"
    return {"iam": {"accountId": "123456789012", "userArn": role, "cognitoIdentity": {"identityId": identity_id}}}


def jwt_caller(subject: str) -> dict[str, Any]:
    """requestContext.authorizer of a JWT-authorised route."""
    return {"jwt": {"claims": {"sub": subject, "iss": "https://issuer.test"}, "scopes": None}}


@pytest.fixture(scope="module", params=["STANDARD", "EXPRESS"])
def workflow(request: pytest.FixtureRequest) -> Iterator[LocalWorkflow]:
    """The workflow deployed into moto per WorkflowType, for one module: the session-wide fixture of tests/conftest.py
    would stay active through tests/infra, whose own moto mocks would then share (and leak) its state."""
    with LocalWorkflow(load_stack(ROOT / "template.yaml", {"WorkflowType": request.param}), time_scale=0.0) as deployed:
        yield deployed


@pytest.fixture(scope="module")
def api(workflow: LocalWorkflow) -> tuple[Handler, FunctionSpec]:
    """The real handler, imported once per workflow variant (STANDARD, EXPRESS)."""
    return load_api(API_TEMPLATE, workflow)


@pytest.fixture
def call(api: tuple[Handler, FunctionSpec]) -> Callable[..., Reply]:
    """Send one HTTP request through the handler as API Gateway would: call("POST", "/recipes", body, headers)."""
    handler, spec = api

    def send(
        method: str,
        target: str,
        body: Any = None,
        headers: dict[str, str] | None = None,
        caller: dict[str, Any] | None = None,
    ) -> Reply:
        data = body if isinstance(body, bytes) else (b"" if body is None else json.dumps(body).encode("utf-8"))
        event = http_event(
            method,
            target,
            {"content-type": "application/json", "host": "api.test", **(headers or {})},
            data,
            authorizer=iam_caller("tester") if caller is None else caller,
        )
        status, reply_headers, payload = invoke(handler, spec, event)
        return Reply(status, reply_headers, json.loads(payload) if payload else None)

    return send


@pytest.fixture
def executions(workflow: LocalWorkflow) -> Callable[[], int]:
    """How many executions the state machine has had so far."""

    def count() -> int:
        pages = workflow.sfn.get_paginator("list_executions").paginate(stateMachineArn=workflow.state_machine_arn)
        return sum(len(page["executions"]) for page in pages)

    return count
