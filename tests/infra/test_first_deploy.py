"""What moto and the linters accept but AWS does differently on a first real deploy: the state machine's name per
workflow type, tables that outlive the stack on the free AWS owned key, no Marketplace rights for the functions, and
the workflow log group's documented limit (each test cites the AWS page it follows)."""

from __future__ import annotations

from typing import Any

import pytest

from aichef_local.stack import load_stack

from .support import REPO, TEMPLATE
from .test_template import transformed  # noqa: F401 - the template after the SAM transform

KEPT_TABLES = ("RecipesTable", "PricesTable", "RequestsTable")


@pytest.mark.parametrize(
    ("overrides", "name"),
    [
        ({}, "ai-chef-recipe-workflow"),
        ({"WorkflowType": "STANDARD", "NamePrefix": "prod-"}, "prod-ai-chef-recipe-workflow"),
        ({"WorkflowType": "EXPRESS"}, "ai-chef-recipe-workflow-express"),
        ({"WorkflowType": "EXPRESS", "NamePrefix": "dev-"}, "dev-ai-chef-recipe-workflow-express"),
    ],
)
def test_the_state_machine_name_carries_its_type(overrides: dict[str, str], name: str) -> None:
    """StateMachineType is set only on creation, and CloudFormation cannot replace a custom-named resource, so a
    switch of WorkflowType must come with a new name (the Standard one stays the seed's).
    https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-stepfunctions-statemachine.html"""
    machine = load_stack(TEMPLATE, overrides).state_machine

    assert machine is not None
    assert (machine.name, machine.type) == (name, overrides.get("WorkflowType", "STANDARD"))


def test_the_docs_say_what_a_workflow_type_switch_does() -> None:
    express = (REPO / "docs" / "stack.md").read_text("utf-8").split("\n## Express\n", 1)[1].split("\n## ", 1)[0]
    text = " ".join(express.split())

    assert "`ai-chef-recipe-workflow-express`" in text
    assert "creates a new state machine" in text and "deletes the old one" in text
    assert "CloudFormation refuses to change an export another stack imports" in text
    # the one stack that imports it, and how it lets go
    assert "(`cd api && sam delete --config-env dev`)" in text and "with the same `WorkflowType`" in text


@pytest.mark.parametrize("logical_id", KEPT_TABLES)
def test_recipes_and_prices_outlive_the_stack_except_after_their_own_failed_create(
    resources: dict[str, Any], logical_id: str
) -> None:
    """Retain on delete and on replacement; RetainExceptOnCreate deletes a table only when the create that made it
    rolls back, so the deploy script's ROLLBACK_COMPLETE path finds no leftover table of the same name.
    https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-deletionpolicy.html"""
    table = resources[logical_id]

    assert (table["DeletionPolicy"], table["UpdateReplacePolicy"]) == ("RetainExceptOnCreate", "Retain")
    assert "DeletionProtectionEnabled" not in table["Properties"], (
        "it would turn a create's rollback into ROLLBACK_FAILED"
    )


def test_the_recipe_cache_stays_disposable(resources: dict[str, Any]) -> None:
    cache = resources["RecipeCacheTable"]

    assert "DeletionPolicy" not in cache and "UpdateReplacePolicy" not in cache


def test_every_table_uses_the_free_aws_owned_key(resources: dict[str, Any]) -> None:
    """SSEEnabled: true moves a table to the aws/dynamodb KMS key (KMS charges per request); absent = AWS owned key.
    https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-dynamodb-table-ssespecification.html"""
    tables = {name: r for name, r in resources.items() if r["Type"] == "AWS::DynamoDB::Table"}
    skips = {
        name: {skip["id"]: skip["comment"] for skip in r["Metadata"]["checkov"]["skip"]} for name, r in tables.items()
    }

    assert sorted(tables) == ["PricesTable", "RecipeCacheTable", "RecipesTable", "RequestsTable"]
    assert {name: r["Properties"].get("SSESpecification") for name, r in tables.items()} == dict.fromkeys(tables)
    assert all(skip["CKV_AWS_119"].startswith("Encrypted at rest with the AWS owned key") for skip in skips.values())


def test_no_function_role_may_subscribe_to_marketplace_offers(transformed: dict[str, Any]) -> None:  # noqa: F811
    """The one-time Marketplace subscription behind Bedrock's first use is the operator's (docs/bedrock.md "First use of
    a model in an account"); the functions only invoke. https://docs.aws.amazon.com/bedrock/latest/userguide/model-access.html"""
    actions = {
        name: sorted(
            action
            for policy in r["Properties"].get("Policies", [])
            for statement in as_list(policy["PolicyDocument"]["Statement"])
            for action in as_list(statement["Action"])
            if action.startswith("aws-marketplace:")
        )
        for name, r in transformed["Resources"].items()
        if r["Type"] == "AWS::IAM::Role"
    }

    assert actions == {name: [] for name in actions}
    assert "RecipeFunctionRole" in actions


def test_the_workflow_log_group_keeps_the_seed_name_and_the_docs_name_the_policy_limit(
    resources: dict[str, Any],
) -> None:
    """Step Functions adds a /aws/stepfunctions/ log group to the account's CloudWatch Logs resource policy (at most
    5,120 characters); the troubleshooting of docs/deploying.md says so, the symptom, and the way out.
    https://docs.aws.amazon.com/step-functions/latest/dg/bp-cwl.html"""
    page = (REPO / "docs" / "deploying.md").read_text("utf-8").split("\n## Troubleshooting\n", 1)[1]
    readme = " ".join(page.split())

    assert resources["WorkflowLogGroup"]["Properties"]["LogGroupName"] == {
        "Fn::Sub": "/aws/stepfunctions/${NamePrefix}ai-chef-workflow"
    }
    assert "5,120 characters" in readme and "/aws/vendedlogs/" in readme
    assert "The CloudWatch Logs Resource Policy size was exceeded" in readme


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]
