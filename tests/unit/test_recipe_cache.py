"""The recipe cache: what makes two requests the same recipe, and its two records in DynamoDB (moto), counted in
DynamoDB calls and model calls."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from aichef.contracts import Recipe, WorkflowRequest
from aichef.errors import ModelUnavailable, RecipeGenerationFailed
from aichef.ingredients import bundled_book
from aichef.recipe_cache import STEP_TTL_SECONDS, RememberedEngine, cache_key, request_fingerprint
from aichef.recipes import bundled_catalog

MODEL = "global.anthropic.claude-haiku-4-5-20251001-v1:0"
VERSION = "0123456789abcdef"


def fingerprint(**fields):
    request = WorkflowRequest.model_validate({"ingredients": ["300g pork belly", "kimchi", "계란 4개"], **fields})
    return request_fingerprint(request, bundled_book(), "bedrock", MODEL, VERSION)


def test_spelling_quantities_order_and_currency_do_not_change_the_fingerprint():
    assert fingerprint() == fingerprint(ingredients=["eggs", "Kimchi", "pork belly 1 kg", "삼겹살"], currency="USD")
    assert fingerprint() == {
        "ingredients": ["egg", "kimchi", "pork belly"],
        "servings": 2,
        "diet": [],
        "cuisine": None,
        "max_minutes": None,
        "engine": "bedrock",
        "model": MODEL,
        "version": VERSION,
    }


def test_a_generic_name_in_any_language_is_the_same_request():
    korean = fingerprint(ingredients=["닭고기 500g", "양파 반개", "버섯 한 줌"])

    assert korean == fingerprint(ingredients=["chicken", "an onion", "mushrooms"])
    assert korean == fingerprint(ingredients=["닭 300g", "onions", "some mushroom"])  # 닭 2마리 is two whole birds
    assert korean["ingredients"] == ["chicken", "mushroom", "onion"]
    assert fingerprint(ingredients=["chicken breast"]) != korean  # a specific name is another request


def test_every_constraint_and_the_model_change_the_fingerprint():
    base = fingerprint()
    variants = [
        fingerprint(servings=3),
        fingerprint(diet=["nut-free"]),
        fingerprint(cuisine="korean"),
        fingerprint(max_minutes=30),
        fingerprint(ingredients=["pork belly", "kimchi"]),
    ]
    other_model = request_fingerprint(
        WorkflowRequest(ingredients=["300g pork belly", "kimchi", "계란 4개"]),
        bundled_book(),
        "bedrock",
        "us.amazon.nova-lite-v1:0",
        VERSION,
    )

    other_version = request_fingerprint(
        WorkflowRequest(ingredients=["300g pork belly", "kimchi", "계란 4개"]), bundled_book(), "bedrock", MODEL, "f00d"
    )

    assert other_version != base
    assert all(variant != base for variant in variants)
    assert other_model != base
    assert fingerprint(diet=["vegan", "nut-free"]) == fingerprint(diet=["nut-free", "vegan"])


# --- the records in DynamoDB (moto) ---------------------------------------------------------------------------------

TABLE = "ai-chef-recipe-cache"
STEP = "arn:aws:states:us-east-1:123456789012:execution:wf:run-1#GenerateRecipe"


@dataclass
class CountingEngine:
    """Stands in for the model: answers with the catalog's recipe and counts what it was asked."""

    engine: str = "bedrock"
    version: str = VERSION
    asked: int = 0
    fail_with: Exception | None = None

    def generate(self, request: WorkflowRequest) -> Recipe:
        self.asked += 1
        if self.fail_with is not None:
            raise self.fail_with
        return bundled_catalog().generate(request)


@dataclass
class Context:
    remaining_ms: int = 110_000

    def get_remaining_time_in_millis(self) -> int:
        return self.remaining_ms


@dataclass
class Cache:
    client: Any
    model: CountingEngine
    remembered: RememberedEngine
    calls: list[str] = field(default_factory=list)


@pytest.fixture
def cache(monkeypatch: pytest.MonkeyPatch) -> Any:
    for name, value in {
        "AWS_ACCESS_KEY_ID": "t",
        "AWS_SECRET_ACCESS_KEY": "t",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        client = boto3.client("dynamodb", region_name="us-east-1")
        client.create_table(
            TableName=TABLE,
            KeySchema=[{"AttributeName": "cache_key", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "cache_key", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        model = CountingEngine()
        made = Cache(client, model, RememberedEngine(model, bundled_book(), MODEL, TABLE, client, 24 * 3600))
        client.meta.events.register("before-call.dynamodb", lambda model, **_: made.calls.append(model.name))
        yield made


KIMCHI = WorkflowRequest(ingredients=["kimchi", "2 cups rice", "eggs"], servings=2)


def test_a_miss_asks_the_model_once_and_stores_both_records_in_three_calls(cache: Cache) -> None:
    recipe, fresh = cache.remembered.generate(KIMCHI, STEP, Context())
    calls = list(cache.calls)

    items = {item["cache_key"]["S"].split("#")[0]: item for item in cache.client.scan(TableName=TABLE)["Items"]}
    now = time.time()
    assert (fresh, cache.model.asked) == (True, 1)
    assert calls == ["BatchGetItem", "PutItem", "BatchWriteItem"]
    assert sorted(items) == ["recipe-request", "recipe-step"]
    assert {item["status"]["S"] for item in items.values()} == {"COMPLETED"}
    assert Recipe.model_validate_json(items["recipe-request"]["recipe"]["S"]) == recipe
    assert abs(int(items["recipe-request"]["expires_at"]["N"]) - (now + 24 * 3600)) <= 2
    assert abs(int(items["recipe-step"]["expires_at"]["N"]) - (now + STEP_TTL_SECONDS)) <= 2


def test_a_repeat_in_another_execution_is_one_read_and_no_model_call(cache: Cache) -> None:
    first, _ = cache.remembered.generate(KIMCHI, STEP, Context())
    cache.calls.clear()

    again, fresh = cache.remembered.generate(
        KIMCHI.model_copy(update={"currency": "USD"}), STEP.replace("run-1", "run-2"), Context()
    )

    assert (fresh, cache.model.asked, again) == (False, 1, first)
    assert cache.calls == ["BatchGetItem"]


def test_a_step_that_is_still_running_makes_its_redelivery_wait_instead_of_paying(cache: Cache) -> None:
    now = int(time.time())
    cache.client.put_item(
        TableName=TABLE,
        Item={
            "cache_key": {"S": cache_key("step", STEP)},
            "status": {"S": "IN_PROGRESS"},
            "expires_at": {"N": str(now + 60)},
        },
    )

    with pytest.raises(ModelUnavailable, match="still running in another invocation"):
        cache.remembered.generate(KIMCHI, STEP, Context())

    assert cache.model.asked == 0


def test_an_expired_record_counts_as_absent(cache: Cache) -> None:
    """DynamoDB's TTL deletes lazily: a marker left by an invocation that was killed must not block for ever."""
    now = int(time.time())
    cache.client.put_item(
        TableName=TABLE,
        Item={
            "cache_key": {"S": cache_key("step", STEP)},
            "status": {"S": "IN_PROGRESS"},
            "expires_at": {"N": str(now - 1)},
        },
    )

    _, fresh = cache.remembered.generate(KIMCHI, STEP, Context())

    assert (fresh, cache.model.asked) == (True, 1)


def test_a_failed_generation_clears_its_marker_so_the_retry_can_ask_again(cache: Cache) -> None:
    cache.model.fail_with = RecipeGenerationFailed("the model gave up")

    with pytest.raises(RecipeGenerationFailed):
        cache.remembered.generate(KIMCHI, STEP, Context())
    cache.model.fail_with = None
    _, fresh = cache.remembered.generate(KIMCHI, STEP, Context())

    assert (fresh, cache.model.asked) == (True, 2)
    assert cache.calls[:4] == ["BatchGetItem", "PutItem", "DeleteItem", "BatchGetItem"]


def test_a_failed_cache_write_still_serves_the_recipe_it_paid_for(cache: Cache) -> None:
    def refuse(**_: Any) -> None:
        raise ClientError(
            {"Error": {"Code": "ProvisionedThroughputExceededException", "Message": "slow down"}}, "BatchWriteItem"
        )

    cache.client.meta.events.register("before-call.dynamodb.BatchWriteItem", refuse)

    recipe, fresh = cache.remembered.generate(KIMCHI, STEP, Context())

    assert fresh and recipe.title
    assert [item["status"]["S"] for item in cache.client.scan(TableName=TABLE)["Items"]] == ["IN_PROGRESS"]


def test_an_unreachable_cache_table_is_retryable_not_a_model_call(cache: Cache) -> None:
    cache.client.delete_table(TableName=TABLE)

    with pytest.raises(ModelUnavailable, match="recipe cache table"):
        cache.remembered.generate(KIMCHI, STEP, Context())

    assert cache.model.asked == 0
