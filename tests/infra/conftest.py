"""Shared fixtures of the infrastructure tests: the repository's template, state machine definition and samconfig."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest

from .support import REPO, SAMCONFIG, TEMPLATE, load_cfn_yaml


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def template() -> dict[str, Any]:
    return load_cfn_yaml(TEMPLATE)


@pytest.fixture(scope="session")
def resources(template: dict[str, Any]) -> dict[str, Any]:
    return template["Resources"]


@pytest.fixture(scope="session")
def state_machine(resources: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """(logical id, Properties) of the one AWS::Serverless::StateMachine."""
    machines = [
        (name, resource["Properties"])
        for name, resource in resources.items()
        if resource["Type"] == "AWS::Serverless::StateMachine"
    ]
    assert len(machines) == 1, f"expected exactly one AWS::Serverless::StateMachine, found {[m[0] for m in machines]}"
    return machines[0]


@pytest.fixture(scope="session")
def asl_path(state_machine: tuple[str, dict[str, Any]]) -> Path:
    return REPO / state_machine[1]["DefinitionUri"]


@pytest.fixture(scope="session")
def asl(asl_path: Path) -> dict[str, Any]:
    return json.loads(asl_path.read_text("utf-8"))


@pytest.fixture(scope="session")
def samconfig() -> dict[str, Any]:
    with SAMCONFIG.open("rb") as handle:
        return tomllib.load(handle)
