"""Writes a price list into the prices table (BatchWriteItem, 25 items a call, unprocessed items retried)."""

from __future__ import annotations

import time
from typing import Any

from aichef.pricing import PriceRow

BATCH = 25


class LoadFailed(RuntimeError):
    pass


def load_prices(client: Any, table: str, rows: list[PriceRow], max_attempts: int = 6) -> int:
    """Put every row into `table` (a later row for the same name wins); returns the number of items written."""
    unique = list({row.name: row for row in rows}.values())
    for start in range(0, len(unique), BATCH):
        request = {table: [{"PutRequest": {"Item": row.to_item()}} for row in unique[start : start + BATCH]]}
        for attempt in range(max_attempts):
            request = client.batch_write_item(RequestItems=request).get("UnprocessedItems") or {}
            if not request:
                break
            time.sleep(min(0.1 * 2**attempt, 2.0))
        else:
            raise LoadFailed(f"{len(request[table])} items stayed unprocessed after {max_attempts} attempts")
    return len(unique)
