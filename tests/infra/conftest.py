"""Shared fixtures of the infrastructure tests: the repository's template, state machine definition and samconfig."""

from __future__ import annotations

import json
import re
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
    """The definition file as written, its string placeholders (`"${RecipeFunctionArn}"`) kept; the numeric ones
    (the model retries, unquoted, so the file alone is not JSON) take STANDARD's values, as the defaults deploy."""
    return asl_for("STANDARD", keep_string_placeholders=True)


def asl_for(workflow_type: str, keep_string_placeholders: bool = False) -> dict[str, Any]:
    """The definition as CloudFormation deploys it for `workflow_type`: the file with its DefinitionSubstitutions
    applied (all of them, or only the unquoted numeric ones)."""
    from aichef_local.stack import load_stack

    machine = load_stack(TEMPLATE, {"WorkflowType": workflow_type}).state_machine
    assert machine is not None
    if not keep_string_placeholders:
        parsed: dict[str, Any] = json.loads(machine.definition())
        return parsed
    text = machine.definition_file.read_text("utf-8")
    numeric = re.sub(r'(?<!")\$\{(\w+)\}', lambda m: machine.substitutions[m.group(1)], text)
    kept: dict[str, Any] = json.loads(numeric)
    return kept


@pytest.fixture(scope="session")
def samconfig() -> dict[str, Any]:
    with SAMCONFIG.open("rb") as handle:
        return tomllib.load(handle)


def transform_with(template: dict[str, Any], parameters: dict[str, str]) -> dict[str, Any]:
    """The template after the SAM transform with these parameter values (local URIs replaced by S3 ones)."""
    import copy

    import boto3
    from samtranslator.parser.parser import Parser
    from samtranslator.translator.translator import Translator

    document = copy.deepcopy(template)
    for resource in document["Resources"].values():
        for key in ("CodeUri", "ContentUri", "DefinitionUri"):
            if key in resource.get("Properties", {}):
                resource["Properties"][key] = "s3://artifacts/key"
    translator = Translator(None, Parser(), boto_session=boto3.session.Session(region_name="us-east-1"))
    translated: dict[str, Any] = translator.translate(
        document, parameter_values=parameters, get_managed_policy_map=lambda: {}
    )
    return translated
