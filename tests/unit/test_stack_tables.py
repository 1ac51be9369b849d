"""Every table of the template can be created locally from its declaration, indexes included (the runner and
`make bench` both create them this way; bench once left out the requests table's owner index and crashed)."""

from __future__ import annotations

from pathlib import Path

import boto3
from moto import mock_aws

from aichef_local.stack import load_stack

TEMPLATE = Path(__file__).resolve().parents[2] / "template.yaml"


@mock_aws
def test_every_table_is_created_from_its_declaration_with_its_indexes() -> None:
    client = boto3.client("dynamodb", region_name="us-east-1")
    tables = load_stack(TEMPLATE).tables

    for table in tables.values():
        client.create_table(**table.create_arguments())

    indexes = {
        name: [
            index["IndexName"]
            for index in client.describe_table(TableName=name)["Table"].get("GlobalSecondaryIndexes", [])
        ]
        for name in client.list_tables()["TableNames"]
    }
    assert indexes == {
        "ai-chef-prices": [],
        "ai-chef-recipe-cache": [],
        "ai-chef-recipes": [],
        "ai-chef-requests": ["owner-created_at"],
    }
