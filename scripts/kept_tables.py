"""The tables the AI Chef stack keeps when it is deleted (DeletionPolicy RetainExceptOnCreate: recipes, requests,
prices), and what the deploy script does when one of them is left over from an earlier stack: CloudFormation cannot
create a table whose name is taken, so the new stack either imports the tables (their data kept) or an operator backs
them up and deletes them. https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/import-resources.html
(CloudFormation's automatic import, ImportExistingResources, takes only static names; ours carry ${NamePrefix}.)
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

IMPORT_CHANGE_SET = "samcli-deploy-import-kept-tables"  # within the deploy role's changeSet/samcli-deploy*/*
POLL_SECONDS = 5


class ImportFailed(Exception):
    """CloudFormation refused the import change set; the message carries its reason."""


@dataclass(frozen=True)
class KeptTable:
    """One table of the template that outlives its stack."""

    logical_id: str
    name: str


def kept_tables(template: Path, name_prefix: str) -> tuple[KeptTable, ...]:
    """Every table of the template whose DeletionPolicy keeps it, named for this NamePrefix."""
    import yaml

    class Loader(yaml.SafeLoader):
        """SafeLoader that reads CloudFormation's short-form tags as plain values."""

    Loader.add_multi_constructor(
        "!", lambda loader, suffix, node: loader.construct_scalar(node) if isinstance(node, yaml.ScalarNode) else None
    )
    resources = yaml.load(template.read_text("utf-8"), Loader=Loader)["Resources"]  # noqa: S506 - a SafeLoader
    return tuple(
        KeptTable(logical_id, str(resource["Properties"]["TableName"]).replace("${NamePrefix}", name_prefix))
        for logical_id, resource in resources.items()
        if resource["Type"] == "AWS::DynamoDB::Table"
        and str(resource.get("DeletionPolicy", "Delete")).startswith("Retain")
    )


def existing(dynamodb: Any, tables: Sequence[KeptTable]) -> dict[KeptTable, dict[str, Any]]:
    """The tables that exist, with DynamoDB's description of each."""
    from botocore.exceptions import ClientError

    found = {}
    for table in tables:
        try:
            found[table] = dynamodb.describe_table(TableName=table.name)["Table"]
        except ClientError as error:
            if error.response["Error"]["Code"] != "ResourceNotFoundException":
                raise
    return found


def resolve_commands(tables: Sequence[KeptTable], config_env: str, region: str) -> str:
    """The two ways out, as commands: import the tables into the new stack, or back them up and delete them."""
    lines = [
        f"scripts/deploy.sh {config_env} --import-kept-tables     # keeps the data: the new stack adopts them",
        "or:",
    ]
    for table in tables:
        where = f"--table-name {table.name} --region {region}"
        lines += [
            f"aws dynamodb create-backup {where} --backup-name {table.name}-kept",
            f"aws dynamodb delete-table {where}",
        ]
    return "\n  ".join(lines)


def import_template(described: dict[KeptTable, dict[str, Any]]) -> str:
    """A template of only the tables, as they are (keys and billing), for the IMPORT change set; every imported
    resource must carry a DeletionPolicy. `sam deploy` then brings them to the full template."""
    resources = {}
    for table, description in described.items():
        properties: dict[str, Any] = {
            "TableName": table.name,
            "KeySchema": description["KeySchema"],
            "AttributeDefinitions": description["AttributeDefinitions"],
        }
        if description.get("BillingModeSummary", {}).get("BillingMode") == "PAY_PER_REQUEST":
            properties["BillingMode"] = "PAY_PER_REQUEST"
        else:
            throughput = description["ProvisionedThroughput"]
            properties["ProvisionedThroughput"] = {
                "ReadCapacityUnits": throughput["ReadCapacityUnits"],
                "WriteCapacityUnits": throughput["WriteCapacityUnits"],
            }
        resources[table.logical_id] = {
            "Type": "AWS::DynamoDB::Table",
            "DeletionPolicy": "Retain",
            "UpdateReplacePolicy": "Retain",
            "Properties": properties,
        }
    return json.dumps({"AWSTemplateFormatVersion": "2010-09-09", "Resources": resources})


def import_into_new_stack(
    cfn: Any, stack_name: str, described: dict[KeptTable, dict[str, Any]], *, sleep: Callable[[float], None]
) -> None:
    """Create the stack from the existing tables (an IMPORT change set), executed; the caller waits for the stack."""
    cfn.create_change_set(
        StackName=stack_name,
        ChangeSetName=IMPORT_CHANGE_SET,
        ChangeSetType="IMPORT",
        TemplateBody=import_template(described),
        ResourcesToImport=[
            {
                "ResourceType": "AWS::DynamoDB::Table",
                "LogicalResourceId": table.logical_id,
                "ResourceIdentifier": {"TableName": table.name},
            }
            for table in described
        ],
    )
    while True:
        change_set = cfn.describe_change_set(StackName=stack_name, ChangeSetName=IMPORT_CHANGE_SET)
        if change_set["Status"] == "CREATE_COMPLETE":
            break
        if change_set["Status"] == "FAILED":
            raise ImportFailed(change_set.get("StatusReason", "no reason given"))
        sleep(POLL_SECONDS)
    cfn.execute_change_set(StackName=stack_name, ChangeSetName=IMPORT_CHANGE_SET)
