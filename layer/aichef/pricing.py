"""Price sources and the lookup the price function performs.

A source answers "what does this canonical ingredient cost, per kg / l / piece, in this currency?". Sources are
asked in order and the first that knows a name wins; a name no source knows is reported as null, never guessed.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources
from typing import Any, Protocol

from aichef.contracts import Currency, PriceReport, PriceUnit, Quote
from aichef.errors import PriceSourceUnavailable
from aichef.ingredients import IngredientBook

PRICE_COLUMNS = ("name", "name_ko", "unit", "price_krw", "price_usd", "source", "as_of")


_PRICE_UNITS: dict[str, PriceUnit] = {"kg": "kg", "l": "l", "ea": "ea"}


def _price_unit(text: str) -> PriceUnit:
    """`text` as a price unit (kg, l or ea); anything else is a ValueError naming it."""
    if text not in _PRICE_UNITS:
        raise ValueError(f"unit must be kg, l or ea, not {text!r}")
    return _PRICE_UNITS[text]


@dataclass(frozen=True)
class PriceRow:
    """One row of a price list (the CSV format of `data/prices.csv` and of `aichef prices load`)."""

    name: str
    name_ko: str
    unit: PriceUnit
    price_krw: Decimal
    price_usd: Decimal
    source: str
    as_of: str

    @classmethod
    def from_mapping(cls, row: dict[str, Any]) -> PriceRow:
        missing = [column for column in PRICE_COLUMNS if not str(row.get(column) or "").strip()]
        if missing:
            raise ValueError(f"missing {', '.join(missing)}")
        unit = _price_unit(str(row["unit"]).strip())
        try:
            prices = (Decimal(str(row["price_krw"]).strip()), Decimal(str(row["price_usd"]).strip()))
        except InvalidOperation:
            raise ValueError("price_krw and price_usd must be numbers") from None
        if not all(price.is_finite() and price > 0 for price in prices):
            raise ValueError("prices must be positive finite numbers")
        return cls(
            str(row["name"]).strip(),
            str(row["name_ko"]).strip(),
            unit,
            *prices,
            str(row["source"]).strip(),
            str(row["as_of"]).strip(),
        )

    def quote(self, currency: Currency, source: str) -> Quote:
        price = self.price_krw if currency == "KRW" else self.price_usd
        return Quote(
            name=self.name,
            price=float(price),
            per=self.unit,
            currency=currency,
            source=source,
            as_of=self.as_of,
        )

    def to_item(self) -> dict[str, dict[str, str]]:
        """The DynamoDB item (low-level attribute values) for this row."""
        return {
            "name": {"S": self.name},
            "name_ko": {"S": self.name_ko},
            "unit": {"S": self.unit},
            "price_krw": {"N": str(self.price_krw)},
            "price_usd": {"N": str(self.price_usd)},
            "source": {"S": self.source},
            "as_of": {"S": self.as_of},
        }

    @classmethod
    def from_item(cls, item: dict[str, dict[str, str]]) -> PriceRow:
        return cls.from_mapping({key: next(iter(value.values())) for key, value in item.items()})


def read_price_csv(text: str) -> list[PriceRow]:
    """Parse a price list; a bad row raises ValueError naming its line."""
    reader = csv.DictReader(text.splitlines())
    absent = [column for column in PRICE_COLUMNS if column not in (reader.fieldnames or [])]
    if absent:
        raise ValueError(f"the header lacks: {', '.join(absent)}")
    rows = []
    for row in reader:
        try:
            rows.append(PriceRow.from_mapping(row))
        except (ValueError, ArithmeticError) as error:
            raise ValueError(f"line {reader.line_num}: {error}") from None
    return rows


class PriceSource(Protocol):
    name: str

    def lookup(self, names: list[str], currency: Currency) -> dict[str, Quote]:
        """Quotes for the names this source knows (canonical names in, canonical names out)."""
        ...


class CatalogPriceSource:
    """The bundled price list."""

    name = "catalog"

    def __init__(self, rows: Iterable[PriceRow]) -> None:
        self._rows = {row.name: row for row in rows}

    def __len__(self) -> int:
        return len(self._rows)

    def lookup(self, names: list[str], currency: Currency) -> dict[str, Quote]:
        return {name: self._rows[name].quote(currency, self.name) for name in names if name in self._rows}


class DynamoDBPriceSource:
    """The prices table, read with BatchGetItem (100 keys a call, unprocessed keys retried with backoff)."""

    name = "dynamodb"
    BATCH = 100

    def __init__(self, table_name: str, client: Any, max_attempts: int = 5) -> None:
        self.table_name = table_name
        self.client = client
        self.max_attempts = max_attempts

    def lookup(self, names: list[str], currency: Currency) -> dict[str, Quote]:
        found: dict[str, Quote] = {}
        unique = list(dict.fromkeys(names))
        for start in range(0, len(unique), self.BATCH):
            for item in self._batch_get(unique[start : start + self.BATCH]):
                row = PriceRow.from_item(item)
                found[row.name] = row.quote(currency, self.name)
        return found

    def _batch_get(self, names: list[str]) -> list[dict[str, Any]]:
        request = {self.table_name: {"Keys": [{"name": {"S": name}} for name in names]}}
        items: list[dict[str, Any]] = []
        for attempt in range(self.max_attempts):
            if attempt:
                time.sleep(min(0.05 * 2 ** (attempt - 1), 1.0))
            response = self.client.batch_get_item(RequestItems=request)
            items += response.get("Responses", {}).get(self.table_name, [])
            request = response.get("UnprocessedKeys") or {}
            if not request:
                return items
        # throttled: retryable, the state machine backs off and tries the whole lookup again
        raise PriceSourceUnavailable(
            f"the prices table left {len(request[self.table_name]['Keys'])} keys unprocessed "
            f"after {self.max_attempts} attempts"
        )


def price_names(
    names: Iterable[str], currency: Currency, sources: list[PriceSource], book: IngredientBook
) -> PriceReport:
    """A quote or null for every name asked, keyed by canonical name, asking the sources in order. A variant is
    quoted at its parent's price (raspberry jam at jam's: `IngredientBook.priced_as`), the quote naming the parent."""
    wanted = list(dict.fromkeys(book.canonical(name) for name in names))
    priced_as = {name: book.priced_as(name) for name in wanted}
    quotes: dict[str, Quote | None] = dict.fromkeys(priced_as.values())
    for source in sources:
        missing = [name for name, quote in quotes.items() if quote is None]
        if not missing:
            break
        quotes.update(source.lookup(missing, currency))
    return PriceReport(currency=currency, quotes={name: quotes[priced_as[name]] for name in wanted})


@cache
def bundled_prices() -> CatalogPriceSource:
    """The price list shipped in the layer (loaded once per process)."""
    return CatalogPriceSource(read_price_csv(resources.files("aichef").joinpath("data/prices.csv").read_text("utf-8")))
