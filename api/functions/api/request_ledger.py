"""The API's edge to the requests table: who asked for which request, and when. The workflow never sees an owner (its
input contract stays the request alone); the API writes one item per request before it starts the execution, reads
it before it answers anything about the request, and lists an owner's requests through the table's index."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError

OWNER_INDEX = "owner-created_at"


@dataclass(frozen=True)
class Claim:
    """One request as the API accepted it."""

    request_id: str
    owner: str
    created_at: str


class RequestLedger:
    """Claims in the requests table (key request_id; index owner + created_at, keys only)."""

    def __init__(self, dynamodb: Any, table: str) -> None:
        self.dynamodb = dynamodb
        self.table = table

    def claim(self, request_id: str, owner: str, created_at: str) -> bool:
        """Record that `owner` asked for `request_id`; False when it was recorded before (a repeated Idempotency-Key,
        whose id is derived from the owner, so the earlier claim is the same owner's)."""
        try:
            self.dynamodb.put_item(
                TableName=self.table,
                Item={"request_id": {"S": request_id}, "owner": {"S": owner}, "created_at": {"S": created_at}},
                ConditionExpression="attribute_not_exists(request_id)",
            )
        except ClientError as error:
            if error.response["Error"]["Code"] != "ConditionalCheckFailedException":
                raise
            return False
        return True

    def release(self, request_id: str) -> None:
        """Forget a claim whose execution was refused (StartExecution answered an error: nothing runs)."""
        self.dynamodb.delete_item(TableName=self.table, Key={"request_id": {"S": request_id}})

    def find(self, request_id: str) -> Claim | None:
        """The claim of `request_id`, read consistently (it is written just before the 202 is answered)."""
        item = self.dynamodb.get_item(
            TableName=self.table, Key={"request_id": {"S": request_id}}, ConsistentRead=True
        ).get("Item")
        return None if item is None else _claim(item)

    def page(self, owner: str, limit: int, after: tuple[str, str] | None) -> tuple[list[Claim], tuple[str, str] | None]:
        """Up to `limit` of the owner's claims, newest first, after (created_at, request_id) of the previous page; and
        where the next page starts (None on the last page). The index is eventually consistent (seconds at most)."""
        query: dict[str, Any] = {
            "TableName": self.table,
            "IndexName": OWNER_INDEX,
            "KeyConditionExpression": "#owner = :owner",
            "ExpressionAttributeNames": {"#owner": "owner"},
            "ExpressionAttributeValues": {":owner": {"S": owner}},
            "ScanIndexForward": False,
            "Limit": limit,
        }
        if after is not None:
            created_at, request_id = after
            query["ExclusiveStartKey"] = {
                "owner": {"S": owner},
                "created_at": {"S": created_at},
                "request_id": {"S": request_id},
            }
        response = self.dynamodb.query(**query)
        claims = [_claim(item) for item in response.get("Items", [])]
        last = response.get("LastEvaluatedKey")
        return claims, None if last is None else (last["created_at"]["S"], last["request_id"]["S"])


def _claim(item: dict[str, Any]) -> Claim:
    return Claim(item["request_id"]["S"], item["owner"]["S"], item["created_at"]["S"])
