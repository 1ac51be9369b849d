"""samconfig.toml: three environments (default, dev, prod), each its own stack with its own resource-name prefix.

Parameter overrides are parsed with the SAM CLI's own parser, so what is checked is what `sam deploy` will send.
"""

from __future__ import annotations

from typing import Any

import pytest

ENVIRONMENTS = {
    "default": ("ai-chef-stepfunctions", ""),
    "dev": ("ai-chef-stepfunctions-dev", "dev-"),
    "prod": ("ai-chef-stepfunctions-prod", "prod-"),
}


def parameter_overrides(deploy: dict[str, Any]) -> dict[str, str]:
    from samcli.cli.types import CfnParameterOverridesType

    return CfnParameterOverridesType().convert(deploy.get("parameter_overrides", ""), None, None)


def capabilities(deploy: dict[str, Any]) -> list[str]:
    value = deploy["capabilities"]
    return value.split() if isinstance(value, str) else list(value)


def test_samconfig_declares_exactly_the_three_environments(samconfig: dict[str, Any]) -> None:
    assert samconfig["version"] == 0.1
    assert {name for name in samconfig if name != "version"} == set(ENVIRONMENTS)


@pytest.mark.parametrize(("environment", "expected"), sorted(ENVIRONMENTS.items()))
def test_environment_stack_region_and_deploy_settings(
    samconfig: dict[str, Any], environment: str, expected: tuple[str, str]
) -> None:
    stack_name, _ = expected
    settings = samconfig[environment]
    global_parameters = settings["global"]["parameters"]
    deploy = settings["deploy"]["parameters"]

    assert global_parameters["stack_name"] == stack_name
    assert global_parameters["region"] == "us-east-1"
    assert "CAPABILITY_IAM" in capabilities(deploy)
    assert deploy["resolve_s3"] is True
    assert deploy.get("s3_prefix", stack_name) == stack_name
    # `sam deploy` of an unchanged stack must not fail a re-run (CI, deploy script).
    assert deploy.get("fail_on_empty_changeset") is False


@pytest.mark.parametrize(("environment", "expected"), sorted(ENVIRONMENTS.items()))
def test_environment_name_prefix_and_overrides_are_accepted_by_the_template(
    samconfig: dict[str, Any], template: dict[str, Any], environment: str, expected: tuple[str, str]
) -> None:
    _, prefix = expected
    overrides = parameter_overrides(samconfig[environment]["deploy"]["parameters"])
    parameters = template["Parameters"]

    assert overrides.get("NamePrefix", parameters["NamePrefix"]["Default"]) == prefix
    assert prefix in parameters["NamePrefix"]["AllowedValues"]
    assert set(overrides) <= set(parameters), f"overrides of parameters the template lacks: {overrides}"
    rejected = {
        name: value
        for name, value in overrides.items()
        if "AllowedValues" in parameters[name]
        and value not in [str(allowed) for allowed in parameters[name]["AllowedValues"]]
    }
    assert rejected == {}


def test_dev_and_prod_overrides(samconfig: dict[str, Any]) -> None:
    assert parameter_overrides(samconfig["dev"]["deploy"]["parameters"]) == {"NamePrefix": "dev-", "LogLevel": "DEBUG"}
    assert parameter_overrides(samconfig["prod"]["deploy"]["parameters"]) == {
        "NamePrefix": "prod-",
        "LogRetentionDays": "30",
    }


def test_environments_never_share_a_stack_or_a_resource_name(
    samconfig: dict[str, Any], template: dict[str, Any]
) -> None:
    stacks = [samconfig[env]["global"]["parameters"]["stack_name"] for env in ENVIRONMENTS]
    prefixes = [
        parameter_overrides(samconfig[env]["deploy"]["parameters"]).get(
            "NamePrefix", template["Parameters"]["NamePrefix"]["Default"]
        )
        for env in ENVIRONMENTS
    ]

    assert len(set(stacks)) == len(stacks) == 3
    assert len(set(prefixes)) == len(prefixes) == 3


def test_default_environment_validates_with_lint(samconfig: dict[str, Any]) -> None:
    assert samconfig["default"]["validate"]["parameters"]["lint"] is True
