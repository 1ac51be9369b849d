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
        caller_arn: str = "arn:aws:iam::123456789012:user/tester",
    ) -> Reply:
        data = body if isinstance(body, bytes) else (b"" if body is None else json.dumps(body).encode("utf-8"))
        event = http_event(
            method, target, {"content-type": "application/json", **(headers or {})}, data, caller_arn=caller_arn
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
