"""Shared fixtures: the stack read from template.yaml and the workflow deployed into moto."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from aichef_local.runner import ExecutionResult, LocalWorkflow
from aichef_local.stack import Stack, load_stack

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def stack() -> Stack:
    return load_stack(ROOT / "template.yaml")


@pytest.fixture(scope="session", params=["STANDARD", "EXPRESS"])
def workflow(request: pytest.FixtureRequest) -> Iterator[LocalWorkflow]:
    """The real state machine file with the real handlers, deployed once into moto per WorkflowType (every workflow
    test runs against both variants); retry waits scaled to 0."""
    with LocalWorkflow(load_stack(ROOT / "template.yaml", {"WorkflowType": request.param}), time_scale=0.0) as deployed:
        yield deployed


@pytest.fixture
def standard_only(workflow: LocalWorkflow) -> None:
    """For the long runs (faults, fuzzing, load): locally an EXPRESS workflow runs with Standard semantics
    (LocalWorkflow.fidelity_note), so a second pass would only repeat the same executions."""
    if workflow.fidelity_note is not None:
        pytest.skip("EXPRESS runs locally with Standard semantics; this long run is done once, on STANDARD")


@pytest.fixture
def run_one(workflow: LocalWorkflow) -> Any:
    def run(request: Any) -> ExecutionResult:
        (result,) = workflow.run([request])
        return result

    return run


@pytest.fixture
def no_aws_credentials(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No credentials anywhere botocore's chain looks: keys, profile, files, instance metadata."""
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


@pytest.fixture(scope="session")
def korean_request() -> dict[str, Any]:
    return json.loads((ROOT / "events" / "workflow-request.json").read_text("utf-8"))
