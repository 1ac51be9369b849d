"""`aichef parse`: the ingredient book's reading of each line, as a person reads it or as JSON (one object per line,
in input order). The public face of the parser: what a request's items or a recipe's lines are understood as."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from aichef_local.requests_input import STDIN, UsageError, read_text


def add_parse_command(commands: Any) -> None:
    """Register `aichef parse` on the CLI's sub-commands."""
    parse = commands.add_parser(
        "parse", help="show what the ingredient book understands of ingredient lines (English or Korean)"
    )
    parse.add_argument(
        "lines", nargs="*", metavar="LINE", help='lines to read, e.g. "2 cups rice" "다진파 1큰술"; - reads stdin'
    )
    parse.add_argument("--file", type=Path, help="read the lines of a UTF-8 text file, one per line")
    parse.add_argument("--json", action="store_true", help="print one JSON object per line, in input order")
    parse.set_defaults(command=run_parse)


def run_parse(args: argparse.Namespace) -> int:
    from aichef.ingredients import bundled_book

    lines = _lines(args.lines, args.file)
    book = bundled_book()
    for line in lines:
        parsed = book.parse(line)
        print(json.dumps(parsed_json(parsed, book), ensure_ascii=False) if args.json else describe(parsed, book))
    return 0


def _lines(arguments: list[str], file: Path | None) -> list[str]:
    lines: list[str] = []
    for argument in arguments:
        if argument == STDIN:
            lines += _text_lines(read_text(Path(STDIN)))
        else:
            lines.append(argument)
    if file is not None:
        lines += _text_lines(read_text(file))
    if not arguments and file is None:
        raise UsageError('parse: give the lines to read ("2 cups rice"), - for standard input, or --file FILE')
    return lines


def _text_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def parsed_json(parsed: Any, book: Any) -> dict[str, Any]:
    """One line's reading as JSON: text, known, name, kind, quantity, unit, and when they apply base_quantity and
    base_unit (g / ml / ea), priced_as (a variant's parent, whose price it takes), items (several foods in one line),
    corrected (the misspelt words fixed), problem."""
    found: dict[str, Any] = {
        "text": parsed.text,
        "known": parsed.known,
        "name": parsed.name,
        "kind": parsed.kind,
        "quantity": parsed.quantity,
        "unit": parsed.unit,
    }
    if parsed.base is not None:
        found["base_quantity"], found["base_unit"] = round(parsed.base[0], 4), parsed.base[1]
    if parsed.known and book.priced_as(parsed.name) != parsed.name:
        found["priced_as"] = book.priced_as(parsed.name)
    if parsed.items:
        found["items"] = [parsed_json(item, book) for item in parsed.items]
    if parsed.corrected:
        found["corrected"] = parsed.corrected
    if parsed.problem:
        found["problem"] = parsed.problem
    return found


def describe(parsed: Any, book: Any) -> str:
    """One line's reading for a person: `2 cups rice  ->  rice (ingredient) · 2 cup = 480 ml`; a variant says whose
    price it takes: `raspberry jam (ingredient, priced as jam)`."""
    if parsed.problem:
        return f"{parsed.text}  ->  not read: {parsed.problem}"
    foods = "; ".join(_food(item, book) for item in parsed.foods())
    return f"{parsed.text}  ->  {foods}"


def _food(parsed: Any, book: Any) -> str:
    if not parsed.known:
        return f"not understood: {parsed.name!r}"
    priced_as = book.priced_as(parsed.name)
    text = f"{parsed.name} ({parsed.kind}{'' if priced_as == parsed.name else f', priced as {priced_as}'})"
    if parsed.corrected:
        text += f" [corrected: {parsed.corrected}]"
    if parsed.quantity is None:
        return f"{text} · amount unknown"
    amount = f"{parsed.quantity:g} {parsed.unit}"
    if parsed.base is not None and parsed.base[1] != parsed.unit:
        amount += f" = {parsed.base[0]:g} {parsed.base[1]}"
    return f"{text} · {amount}"
