"""Price sources and the lookup: a quote or null per canonical name, sources in order, the table read in batches."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber
from moto import mock_aws

from aichef import pricing
from aichef.contracts import Currency, PriceReport, Quote
from aichef.errors import PriceSourceUnavailable
from aichef.ingredients import IngredientBook
from aichef.pricing import CatalogPriceSource, DynamoDBPriceSource, PriceRow, price_names, read_price_csv

BOOK = IngredientBook.from_csv("""\
name,name_ko,aliases,contains,density_g_per_ml,grams_per_piece
egg,달걀,계란,egg,,50
tomato,토마토,,,,150
pork belly,삼겹살,samgyeopsal,meat,,
tofu,두부,,,,300
""")

HEADER = "name,name_ko,unit,price_krw,price_usd,source,as_of\n"
PRICES_CSV = (
    HEADER
    + """\
egg,달걀,ea,350,0.25,mart,2025-06
pork belly,삼겹살,kg,28000,19.90,mart,2025-06
tofu,두부,ea,1500,1.10,mart,2025-05
"""
)
TABLE = "ai-chef-prices"


def row(name: str, krw: str = "1000", usd: str = "0.75", unit: str = "kg") -> PriceRow:
    return PriceRow(
        name=name,
        name_ko=f"{name}-ko",
        unit=unit,
        price_krw=Decimal(krw),
        price_usd=Decimal(usd),
        source="test",
        as_of="2025-06",
    )


def test_read_price_csv_reads_prices_as_exact_decimals() -> None:
    rows = read_price_csv(PRICES_CSV)

    assert [r.name for r in rows] == ["egg", "pork belly", "tofu"]
    assert rows[1] == PriceRow(
        name="pork belly",
        name_ko="삼겹살",
        unit="kg",
        price_krw=Decimal(28000),
        price_usd=Decimal("19.90"),
        source="mart",
        as_of="2025-06",
    )


def test_read_price_csv_trims_spaces_around_values() -> None:
    (egg,) = read_price_csv(HEADER + " egg , 달걀 , ea , 350 , 0.25 , mart , 2025-06\n")

    assert (egg.name, egg.name_ko, egg.unit, egg.price_krw, egg.source) == ("egg", "달걀", "ea", Decimal(350), "mart")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "egg,달걀,ea,350,0.25,mart,2025-06\ntomato,토마토,dozen,500,0.4,mart,2025-06\n",
            "line 3: unit must be kg, l or ea, not 'dozen'",
        ),
        ("egg,,ea,350,0.25,mart,2025-06\n", "line 2: missing name_ko"),
        ("egg,달걀,ea,350,,,2025-06\n", "line 2: missing price_usd, source"),
        ("egg,달걀,ea,0,0.25,mart,2025-06\n", "line 2: prices must be positive"),
        ("egg,달걀,ea,350,-0.25,mart,2025-06\n", "line 2: prices must be positive"),
        (
            "egg,달걀,ea,350,0.25,mart,2025-06\ntofu,두부,ea,a lot,1.1,mart,2025-06\n",
            "line 3: price_krw and price_usd must be numbers",
        ),
    ],
)
def test_read_price_csv_names_the_line_of_a_bad_row(body: str, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        read_price_csv(HEADER + body)

    assert str(caught.value).startswith(message)


def test_read_price_csv_names_the_columns_the_header_lacks() -> None:
    with pytest.raises(ValueError) as caught:
        read_price_csv("name,name_ko,unit,price_krw,source\negg,달걀,ea,350,mart\n")

    assert str(caught.value) == "the header lacks: price_usd, as_of"


def test_read_price_csv_counts_blank_lines_when_naming_a_bad_line() -> None:
    with pytest.raises(ValueError) as caught:
        read_price_csv(HEADER + "egg,달걀,ea,350,0.25,mart,2025-06\n\ntomato,토마토,dozen,500,0.4,mart,2025-06\n")

    assert str(caught.value).startswith("line 4:")


def test_read_price_csv_rejects_an_infinite_price() -> None:
    with pytest.raises(ValueError, match=r"^line 2: prices must be positive finite numbers$"):
        read_price_csv(HEADER + "egg,달걀,ea,Infinity,0.25,mart,2025-06\n")


def test_price_row_round_trips_through_a_dynamodb_item() -> None:
    original = row("pork belly", krw="28000", usd="19.90")

    item = original.to_item()

    assert item["price_krw"] == {"N": "28000"}
    assert item["price_usd"] == {"N": "19.90"}
    assert item["name"] == {"S": "pork belly"}
    assert PriceRow.from_item(item) == original


def test_catalog_source_quotes_in_the_requested_currency() -> None:
    catalog = CatalogPriceSource(read_price_csv(PRICES_CSV))

    krw = catalog.lookup(["egg", "pork belly"], "KRW")
    usd = catalog.lookup(["egg", "pork belly"], "USD")

    assert len(catalog) == 3
    assert krw["egg"] == Quote(name="egg", price=350.0, per="ea", currency="KRW", source="catalog", as_of="2025-06")
    assert (krw["pork belly"].price, krw["pork belly"].per) == (28000.0, "kg")
    assert usd["egg"] == Quote(name="egg", price=0.25, per="ea", currency="USD", source="catalog", as_of="2025-06")
    assert usd["pork belly"].price == 19.9


def test_catalog_source_leaves_out_names_it_does_not_know() -> None:
    assert list(CatalogPriceSource(read_price_csv(PRICES_CSV)).lookup(["egg", "durian"], "KRW")) == ["egg"]


class RecordingSource:
    """A price source that knows a fixed set of prices and records every list of names it is asked for."""

    def __init__(self, name: str, prices: dict[str, float]) -> None:
        self.name = name
        self.prices = prices
        self.calls: list[list[str]] = []

    def lookup(self, names: list[str], currency: Currency) -> dict[str, Quote]:
        self.calls.append(list(names))
        return {
            name: Quote(
                name=name, price=self.prices[name], per="ea", currency=currency, source=self.name, as_of="2025-06"
            )
            for name in names
            if name in self.prices
        }


def test_price_names_asks_with_canonical_names_once_each() -> None:
    source = RecordingSource("first", {"egg": 350})

    report = price_names(["eggs", "계란", "Egg", "Tomatoes", "samgyeopsal"], "KRW", [source], BOOK)

    assert source.calls == [["egg", "tomato", "pork belly"]]
    assert list(report.quotes) == ["egg", "tomato", "pork belly"]


def test_price_names_lets_the_first_source_win_and_asks_the_next_only_for_the_misses() -> None:
    first = RecordingSource("first", {"egg": 350, "tofu": 1500})
    second = RecordingSource("second", {"egg": 999, "tomato": 800})

    report = price_names(["egg", "tomato", "tofu", "durian"], "KRW", [first, second], BOOK)

    assert first.calls == [["egg", "tomato", "tofu", "durian"]]
    assert second.calls == [["tomato", "durian"]]
    assert isinstance(report, PriceReport)
    assert report.currency == "KRW"
    assert {name: (q.price, q.source) if q else None for name, q in report.quotes.items()} == {
        "egg": (350.0, "first"),
        "tomato": (800.0, "second"),
        "tofu": (1500.0, "first"),
        "durian": None,
    }


def test_price_names_does_not_ask_later_sources_once_everything_is_quoted() -> None:
    first = RecordingSource("first", {"egg": 350})
    second = RecordingSource("second", {"egg": 999})

    report = price_names(["eggs"], "USD", [first, second], BOOK)

    assert second.calls == []
    assert report.quotes["egg"] is not None and report.quotes["egg"].currency == "USD"


def test_price_names_reports_null_for_a_name_no_source_knows() -> None:
    report = price_names(["Dragon Fruit"], "KRW", [RecordingSource("first", {})], BOOK)

    assert report.quotes == {"dragon fruit": None}
    assert report.model_dump(mode="json") == {"currency": "KRW", "quotes": {"dragon fruit": None}}


@pytest.fixture
def aws_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(variable, value)


@pytest.fixture
def dynamodb(aws_env: None) -> Iterator[Any]:
    with mock_aws():
        client = boto3.client("dynamodb", region_name="us-east-1")
        client.create_table(
            TableName=TABLE,
            AttributeDefinitions=[{"AttributeName": "name", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "name", "KeyType": "HASH"}],
            BillingMode="PAY_PER_REQUEST",
        )
        yield client


def put_rows(client: Any, rows: list[PriceRow]) -> None:
    for start in range(0, len(rows), 25):
        client.batch_write_item(
            RequestItems={TABLE: [{"PutRequest": {"Item": r.to_item()}} for r in rows[start : start + 25]]}
        )


def test_dynamodb_source_quotes_stored_rows_in_the_requested_currency(dynamodb: Any) -> None:
    put_rows(dynamodb, [row("egg", krw="350", usd="0.25", unit="ea"), row("pork belly", krw="28000", usd="19.90")])
    source = DynamoDBPriceSource(TABLE, dynamodb)

    krw = source.lookup(["egg", "pork belly", "durian"], "KRW")
    usd = source.lookup(["egg"], "USD")

    assert set(krw) == {"egg", "pork belly"}
    assert krw["egg"] == Quote(name="egg", price=350.0, per="ea", currency="KRW", source="dynamodb", as_of="2025-06")
    assert (krw["pork belly"].price, krw["pork belly"].per) == (28000.0, "kg")
    assert usd["egg"].price == 0.25


def test_dynamodb_source_stores_and_reads_back_the_same_row(dynamodb: Any) -> None:
    original = row("tofu", krw="1500", usd="1.10", unit="ea")
    put_rows(dynamodb, [original])

    item = dynamodb.get_item(TableName=TABLE, Key={"name": {"S": "tofu"}})["Item"]

    assert PriceRow.from_item(item) == original


def test_dynamodb_source_reads_150_names_in_two_batches_of_at_most_100(dynamodb: Any) -> None:
    names = [f"ingredient {index:03d}" for index in range(150)]
    put_rows(dynamodb, [row(name, krw=str(1000 + index)) for index, name in enumerate(names)])
    batch_sizes: list[int] = []
    dynamodb.meta.events.register(
        "provide-client-params.dynamodb.BatchGetItem",
        lambda params, **_: batch_sizes.append(len(params["RequestItems"][TABLE]["Keys"])),
    )

    quotes = DynamoDBPriceSource(TABLE, dynamodb).lookup(names + names[:10], "KRW")

    assert batch_sizes == [100, 50]
    assert len(quotes) == 150
    assert quotes["ingredient 149"].price == 1149.0


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    recorded: list[float] = []
    monkeypatch.setattr(pricing.time, "sleep", recorded.append)
    return recorded


@pytest.fixture
def stubbed(aws_env: None) -> Iterator[tuple[Any, Stubber]]:
    client = boto3.client("dynamodb", region_name="us-east-1")
    with Stubber(client) as stubber:
        yield client, stubber
        stubber.assert_no_pending_responses()


def keys(*names: str) -> dict[str, Any]:
    return {TABLE: {"Keys": [{"name": {"S": name}} for name in names]}}


def test_dynamodb_source_retries_unprocessed_keys_until_they_are_read(
    stubbed: tuple[Any, Stubber], sleeps: list[float]
) -> None:
    client, stubber = stubbed
    stubber.add_response(
        "batch_get_item",
        {"Responses": {TABLE: [row("egg", unit="ea").to_item()]}, "UnprocessedKeys": keys("tofu")},
        {"RequestItems": keys("egg", "tofu")},
    )
    stubber.add_response(
        "batch_get_item",
        {"Responses": {TABLE: [row("tofu", krw="1500", unit="ea").to_item()]}, "UnprocessedKeys": {}},
        {"RequestItems": keys("tofu")},
    )

    quotes = DynamoDBPriceSource(TABLE, client).lookup(["egg", "tofu"], "KRW")

    assert sorted(quotes) == ["egg", "tofu"]
    assert quotes["tofu"].price == 1500.0
    assert sleeps == [0.05]


def test_dynamodb_source_fails_when_keys_stay_unprocessed_after_max_attempts(
    stubbed: tuple[Any, Stubber], sleeps: list[float]
) -> None:
    client, stubber = stubbed
    stubber.add_response(
        "batch_get_item",
        {"Responses": {TABLE: [row("egg", unit="ea").to_item()]}, "UnprocessedKeys": keys("tofu")},
        {"RequestItems": keys("egg", "tofu")},
    )
    for _ in range(2):
        stubber.add_response(
            "batch_get_item",
            {"Responses": {TABLE: []}, "UnprocessedKeys": keys("tofu")},
            {"RequestItems": keys("tofu")},
        )

    with pytest.raises(PriceSourceUnavailable) as caught:
        DynamoDBPriceSource(TABLE, client, max_attempts=3).lookup(["egg", "tofu"], "KRW")

    assert caught.value.message == "the prices table left 1 keys unprocessed after 3 attempts"
    assert sleeps == [0.05, 0.1]  # exponential backoff between attempts


@pytest.mark.parametrize("throttled", [{}, {"Responses": {}}, {"Responses": {TABLE: []}}])
def test_dynamodb_source_retries_a_response_with_no_items_for_the_table(
    stubbed: tuple[Any, Stubber], sleeps: list[float], throttled: dict[str, Any]
) -> None:
    """Every key throttled: DynamoDB may answer with UnprocessedKeys only, and that is a retry, not a TypeError."""
    client, stubber = stubbed
    stubber.add_response("batch_get_item", {**throttled, "UnprocessedKeys": keys("egg")}, {"RequestItems": keys("egg")})
    stubber.add_response(
        "batch_get_item", {"Responses": {TABLE: [row("egg", unit="ea").to_item()]}}, {"RequestItems": keys("egg")}
    )

    quotes = DynamoDBPriceSource(TABLE, client).lookup(["egg"], "KRW")

    assert [(name, quote.price, quote.per, quote.source) for name, quote in quotes.items()] == [
        ("egg", 1000.0, "ea", "dynamodb")
    ]
    assert sleeps == [0.05]


def test_dynamodb_source_backs_off_doubling_from_50_ms_up_to_1_s(
    stubbed: tuple[Any, Stubber], sleeps: list[float]
) -> None:
    client, stubber = stubbed
    for _ in range(7):
        stubber.add_response(
            "batch_get_item", {"Responses": {TABLE: []}, "UnprocessedKeys": keys("egg")}, {"RequestItems": keys("egg")}
        )

    with pytest.raises(PriceSourceUnavailable):
        DynamoDBPriceSource(TABLE, client, max_attempts=7).lookup(["egg"], "KRW")

    assert sleeps == [0.05, 0.1, 0.2, 0.4, 0.8, 1.0]


def test_dynamodb_source_tries_five_times_by_default(stubbed: tuple[Any, Stubber], sleeps: list[float]) -> None:
    client, stubber = stubbed
    for _ in range(5):
        stubber.add_response(
            "batch_get_item", {"Responses": {TABLE: []}, "UnprocessedKeys": keys("egg")}, {"RequestItems": keys("egg")}
        )

    with pytest.raises(PriceSourceUnavailable) as caught:
        DynamoDBPriceSource(TABLE, client).lookup(["egg"], "KRW")

    assert caught.value.message == "the prices table left 1 keys unprocessed after 5 attempts"
    assert sleeps == [0.05, 0.1, 0.2, 0.4]
