"""Never pay twice for a recipe: a model engine behind two records in one DynamoDB table (TTL on `expires_at`).

- The **request record** holds the recipe for a normalised request (same ingredient set, servings, diet, cuisine,
  max_minutes, engine and model) for the cache TTL: a repeat is answered without a model call.
- The **step record** holds what one execution step (`<execution id>#<state name>`) produced, for an hour: when the
  state machine invokes the same step again (its first response was lost), the recipe comes back even if the request
  record is gone. While the step's first invocation runs, the record says IN_PROGRESS (until that invocation's own
  deadline), so a concurrent re-invocation gets the retryable `ModelUnavailable` instead of paying again.

DynamoDB calls: a hit is one BatchGetItem; a miss is BatchGetItem + one conditional PutItem (the in-progress marker)
+ one BatchWriteItem (both records). Records past `expires_at` count as absent (TTL deletes them lazily).
"""

from __future__ import annotations

import hashlib
import json
import time
from typing import Any, Protocol

from aws_lambda_powertools import Logger
from botocore.exceptions import BotoCoreError, ClientError

from aichef.contracts import Recipe, WorkflowRequest
from aichef.errors import ModelUnavailable
from aichef.ingredients import IngredientBook

logger = Logger(child=True)

KEY = "cache_key"
EXPIRES_AT = "expires_at"  # the table's TTL attribute (template.yaml)
STEP_TTL_SECONDS = 3600  # a step's retries end within minutes (docs/workflow.md retry policy); an hour is ample
COMPLETED, IN_PROGRESS = "COMPLETED", "IN_PROGRESS"


class Engine(Protocol):
    engine: str
    version: str
    """A hash of what shapes its answers (prompt, tool schema, settings, validator, book): aichef.bedrock."""

    def generate(self, request: WorkflowRequest) -> Recipe: ...


def request_fingerprint(
    request: WorkflowRequest, book: IngredientBook, engine: str, model_id: str, version: str
) -> dict[str, Any]:
    """What makes two requests the same recipe: the set of canonical ingredient names (quantities and spelling
    ignored) and every constraint, plus the engine, its version hash and the model, so a changed prompt, schema,
    validator or book starts a fresh cache. Currency is not in it: it changes only the price."""
    return {
        "ingredients": sorted({book.parse(text).name for text in request.ingredients}),
        "servings": request.servings,
        "diet": sorted(request.diet),
        "cuisine": request.cuisine,
        "max_minutes": request.max_minutes,
        "engine": engine,
        "model": model_id,
        "version": version,
    }


def cache_key(kind: str, identity: Any) -> str:
    """`recipe-request#<sha256>` / `recipe-step#<sha256>` of the identity's canonical JSON."""
    digest = hashlib.sha256(json.dumps(identity, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    return f"recipe-{kind}#{digest}"


class RememberedEngine:
    """A model engine behind the step record and the request record. `client` is a DynamoDB client."""

    def __init__(
        self, engine: Engine, book: IngredientBook, model_id: str, table_name: str, client: Any, ttl_seconds: int
    ) -> None:
        self.engine = engine
        self.book = book
        self.model_id = model_id
        self.table = table_name
        self.client = client
        self.ttl_seconds = ttl_seconds

    def generate(self, request: WorkflowRequest, step: str, context: Any) -> tuple[Recipe, bool]:
        """The recipe for `request` at execution step `step`, and whether the engine was asked for it now
        (False: it came from the table)."""
        step_key = cache_key("step", step)
        request_key = cache_key(
            "request", request_fingerprint(request, self.book, self.engine.engine, self.model_id, self.engine.version)
        )
        now = int(time.time())
        found = self._read([step_key, request_key], now)
        if step_key in found:
            if found[step_key]["status"]["S"] == IN_PROGRESS:
                raise ModelUnavailable(f"step {step} is still running in another invocation; retry later")
            return _recipe(found[step_key]), False
        if request_key in found:
            return _recipe(found[request_key]), False
        deadline = now + max(1, context.get_remaining_time_in_millis() // 1000)
        self._mark_in_progress(step_key, step, now, deadline)
        try:
            recipe = self.engine.generate(request)
        except Exception:
            self._forget(step_key)  # let a retry of this step try again
            raise
        self._remember(recipe, [(step_key, now + STEP_TTL_SECONDS), (request_key, now + self.ttl_seconds)])
        return recipe, True

    def _read(self, keys: list[str], now: int) -> dict[str, dict[str, Any]]:
        try:
            answer = self.client.batch_get_item(
                RequestItems={self.table: {"Keys": [{KEY: {"S": key}} for key in keys], "ConsistentRead": True}}
            )
        except (BotoCoreError, ClientError) as error:
            raise ModelUnavailable(f"recipe cache table: {error}") from None
        if answer.get("UnprocessedKeys"):
            raise ModelUnavailable("recipe cache table is throttled; retry later")
        items = answer.get("Responses", {}).get(self.table, [])
        return {item[KEY]["S"]: item for item in items if int(item[EXPIRES_AT]["N"]) > now}

    def _mark_in_progress(self, step_key: str, step: str, now: int, deadline: int) -> None:
        try:
            self.client.put_item(
                TableName=self.table,
                Item={
                    KEY: {"S": step_key},
                    "status": {"S": IN_PROGRESS},
                    "step": {"S": step},
                    EXPIRES_AT: {"N": str(deadline)},
                },
                ConditionExpression="attribute_not_exists(#key) OR #expires < :now",
                ExpressionAttributeNames={"#key": KEY, "#expires": EXPIRES_AT},
                ExpressionAttributeValues={":now": {"N": str(now)}},
            )
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException":
                raise ModelUnavailable(f"step {step} started in another invocation just now; retry later") from None
            raise ModelUnavailable(f"recipe cache table: {error}") from None
        except BotoCoreError as error:
            raise ModelUnavailable(f"recipe cache table: {error}") from None

    def _remember(self, recipe: Recipe, records: list[tuple[str, int]]) -> None:
        """Store both records. The recipe is paid for: a failed write is logged, never a failed request."""
        body = recipe.model_dump_json()
        writes = [
            {
                "PutRequest": {
                    "Item": {
                        KEY: {"S": key},
                        "status": {"S": COMPLETED},
                        "recipe": {"S": body},
                        EXPIRES_AT: {"N": str(expires)},
                    }
                }
            }
            for key, expires in records
        ]
        try:
            answer = self.client.batch_write_item(RequestItems={self.table: writes})
            if answer.get("UnprocessedItems"):
                logger.warning("recipe cache write throttled; the next identical request pays again")
        except (BotoCoreError, ClientError) as error:
            logger.warning("recipe cache write failed", extra={"error": str(error)})

    def _forget(self, key: str) -> None:
        try:
            self.client.delete_item(TableName=self.table, Key={KEY: {"S": key}})
        except (BotoCoreError, ClientError) as error:  # the marker expires at the invocation's deadline anyway
            logger.warning("could not clear the in-progress marker", extra={"error": str(error)})


def _recipe(item: dict[str, Any]) -> Recipe:
    return Recipe.model_validate_json(item["recipe"]["S"])
