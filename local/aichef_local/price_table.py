"""`aichef prices load`: a price CSV written into a prices table (BatchWriteItem, 25 items a call, unprocessed items
retried); the same file format is what `aichef run --prices` loads into the local run's table."""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from aichef.pricing import PRICE_COLUMNS, PriceRow, read_price_csv
from aichef_local.requests_input import UsageError, read_text, source_name

BATCH = 25
REGION_HINT = "pass --region or set AWS_REGION (e.g. us-east-1)"


class LoadFailed(RuntimeError):
    pass


def add_prices_command(commands: Any) -> None:
    """Register `aichef prices load` on the CLI's sub-commands."""
    prices = commands.add_parser("prices", help="manage the prices table")
    price_commands = prices.add_subparsers(required=True, metavar="ACTION")
    load = price_commands.add_parser("load", help="load a price CSV into a DynamoDB prices table")
    load.add_argument("file", type=Path, help=f"CSV with columns {','.join(PRICE_COLUMNS)}; - reads stdin")
    load.add_argument("--table", required=True, help="the prices table, e.g. ai-chef-prices")
    load.add_argument("--region", help="AWS region (default: AWS_REGION, else the standard AWS configuration chain)")
    load.set_defaults(command=run_prices_load)


def run_prices_load(args: argparse.Namespace) -> int:
    """Read and check the whole file, then the credentials, then write: nothing is written from a bad file."""
    from aichef_local.aws_access import MissingAwsAccess, aws_access

    rows = read_price_file(args.file)
    try:
        access = aws_access("prices load", args.region, REGION_HINT)
    except MissingAwsAccess as error:
        raise UsageError(str(error)) from None
    client = access.session.create_client("dynamodb", region_name=access.region)
    written = load_prices(client, args.table, rows)
    print(f"loaded {written} prices into {args.table}")
    return 0


def read_price_file(path: Path) -> list[PriceRow]:
    """The rows of a price CSV; a bad file is a usage error naming it and the line."""
    try:
        return read_price_csv(read_text(path))
    except ValueError as error:
        raise UsageError(f"{source_name(path)}: {error}") from None


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
