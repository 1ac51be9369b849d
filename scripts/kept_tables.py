"""The tables the AI Chef stack keeps when it is deleted (DeletionPolicy RetainExceptOnCreate: recipes, requests,
prices), and what the deploy script does when one of them is left over from an earlier stack: CloudFormation cannot
create a table whose name is taken, so the new stack either imports the tables (their data kept) or an operator backs
them up and deletes them. https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/import-resources.html
(CloudFormation's automatic import, ImportExistingResources, takes only static names; ours carry ${NamePrefix}.)
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# A change set's name is unique per stack (CreateChangeSet answers AlreadyExistsException for a name in use) and a
# FAILED import leaves its change set on the REVIEW_IN_PROGRESS stack, so every attempt names its own and deletes it
# when it fails. https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateChangeSet.html
IMPORT_CHANGE_SET_PREFIX = "samcli-deploy-import-kept-tables"  # within the deploy role's changeSet/samcli-deploy*/*
POLL_SECONDS = 5


class ImportFailed(Exception):
    """CloudFormation refused the import change set; the message carries its reason and what became of the set."""


def utc_now() -> dt.datetime:
    """The current UTC time (a seam for tests)."""
    return dt.datetime.now(dt.UTC)


def import_change_set_name(now: dt.datetime) -> str:
    """A name no earlier attempt used: the prefix and the UTC time to the microsecond (letters, digits, hyphens)."""
    return f"{IMPORT_CHANGE_SET_PREFIX}-{now.astimezone(dt.UTC):%Y%m%dT%H%M%S%fZ}"


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
        *backup_and_delete(tables, region),
    ]
    return "\n  ".join(lines)


def backup_and_delete(tables: Sequence[KeptTable], region: str) -> list[str]:
    """Per table: an on-demand backup, then the delete that frees its name."""
    lines = []
    for table in tables:
        where = f"--table-name {table.name} --region {region}"
        lines += [
            f"aws dynamodb create-backup {where} --backup-name {table.name}-kept",
            f"aws dynamodb delete-table {where}",
        ]
    return lines


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
    cfn: Any,
    stack_name: str,
    described: dict[KeptTable, dict[str, Any]],
    *,
    sleep: Callable[[float], None],
) -> None:
    """Create the stack from the existing tables (an IMPORT change set of its own name), executed; the caller waits
    for the stack. A change set CloudFormation refuses is deleted, so the next attempt starts clean."""
    name = import_change_set_name(utc_now())
    cfn.create_change_set(
        StackName=stack_name,
        ChangeSetName=name,
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
        change_set = cfn.describe_change_set(StackName=stack_name, ChangeSetName=name)
        if change_set["Status"] == "CREATE_COMPLETE":
            break
        if change_set["Status"] == "FAILED":
            reason = change_set.get("StatusReason", "no reason given")
            raise ImportFailed(f"{reason} ({_delete_failed(cfn, stack_name, name)})")
        sleep(POLL_SECONDS)
    cfn.execute_change_set(StackName=stack_name, ChangeSetName=name)


def _delete_failed(cfn: Any, stack_name: str, name: str) -> str:
    """Delete a FAILED change set; says what happened, with the command when the delete itself failed."""
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        cfn.delete_change_set(StackName=stack_name, ChangeSetName=name)
    except (ClientError, BotoCoreError) as error:
        return (
            f"its change set {name} could not be deleted ({error}); delete it with "
            f"aws cloudformation delete-change-set --stack-name {stack_name} --change-set-name {name}"
        )
    return f"change set {name} deleted"


def after_failed_import(tables: Sequence[KeptTable], config_env: str, region: str) -> str:
    """The ways out after a refused import. The stack stays REVIEW_IN_PROGRESS with nothing in it, which the next
    run creates from (deploy_stack.NOT_RUNNING), so no stack command is needed."""
    return "\n  ".join(
        [
            f"fix the cause above and run again: scripts/deploy.sh {config_env} --import-kept-tables",
            f"or start without the kept data: back the tables up, delete them, then run scripts/deploy.sh {config_env}",
            *backup_and_delete(tables, region),
        ]
    )
