"""The requests of `aichef run` / `aichef cost`: read from a JSON or JSON Lines file, or built from flags, and every
problem with them reported as a usage error naming the file, line and column."""

from __future__ import annotations

import argparse
import codecs
import json
import sys
from pathlib import Path
from typing import Any

MAX_INPUT_BYTES = 256 * 1024
"""StartExecution refuses an input over 256 KiB (UTF-8), so a local run refuses it before any execution starts."""

REQUEST_FLAGS = ("servings", "cuisine", "diet", "max_minutes", "currency", "course", "pantry", "language")
"""The flags that build a request with --ingredients; with --input they would be ignored, so they are refused."""

STDIN = "-"
"""The file name that means standard input (`--input -`, `--event -`), as most command-line tools read it."""


class UsageError(Exception):
    """Bad arguments or input files: exit code 2 with a one-line message."""


def source_name(path: Path) -> str:
    """How messages name where text came from: the path, or `standard input` for `-`."""
    return "standard input" if str(path) == STDIN else str(path)


def read_text(path: Path) -> str:
    """The file (standard input for `-`) as UTF-8 text, a leading byte order mark dropped (editors on Windows write
    one); unreadable, binary or non-UTF-8 input is a usage error naming where it came from."""
    where = source_name(path)
    try:
        data = sys.stdin.buffer.read() if str(path) == STDIN else path.read_bytes()
    except OSError as error:
        raise UsageError(f"{where}: {error.strerror or error}") from None
    if b"\0" in data:
        kind = "binary data" if str(path) == STDIN else "a binary file"
        raise UsageError(f"{where}: {kind} (it contains NUL bytes), not text")
    start = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        return data[start:].decode("utf-8")
    except UnicodeDecodeError as error:
        at = start + error.start  # the byte's offset in the file, BOM included
        raise UsageError(f"{where}: not UTF-8 text (byte {at} is {data[at]:#04x})") from None


def read_json(path: Path) -> Any:
    """One JSON document from `path`; a syntax error is reported at its line and column."""
    where = source_name(path)
    try:
        return load_json(read_text(path), where)
    except json.JSONDecodeError as error:
        raise UsageError(f"{where}:{error.lineno}:{error.colno}: not JSON ({error.msg})") from None


def load_json(text: str, where: str) -> Any:
    """`json.loads`, with a document nested deeper than the parser can recurse named as a usage error (a 256 KiB
    request can nest 100,000 levels); a syntax error is left to the caller, which knows the line."""
    try:
        return json.loads(text)
    except RecursionError:
        raise UsageError(
            f"{where}: arrays and objects nested {nesting_depth(text):,} levels deep, too deep to read; "
            "a request is one object of strings, numbers and lists of strings"
        ) from None


def nesting_depth(text: str) -> int:
    """The deepest nesting of `[` and `{` in JSON text, brackets inside strings not counted."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            escaped, in_string = (False, True) if escaped else (char == "\\", char != '"')
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def _within_input_limit(request: Any, where: str) -> Any:
    size = len(json.dumps(request).encode("utf-8"))  # the execution input exactly as the runner sends it
    if size > MAX_INPUT_BYTES:
        raise UsageError(
            f"{where}: the request is {size} bytes of JSON, over Step Functions' 256 KiB input limit "
            f"({MAX_INPUT_BYTES} bytes)"
        )
    return request


def parse_requests(text: str, where: str) -> list[tuple[str, Any]]:
    """One JSON document (possibly pretty-printed), or JSON Lines with one request per line; each request with
    where it came from (`file` or `file:line`)."""
    try:
        return [(where, _within_input_limit(load_json(text, where), where))]
    except json.JSONDecodeError as document_error:
        lines = [(number, line) for number, line in enumerate(text.splitlines(), start=1) if line.strip()]
        if not lines:
            raise UsageError(f"{where}: no request in the file") from None
        # not JSON Lines when the first line is not JSON: a document spread over lines, so its own error is the one
        if not _is_json(lines[0][1], f"{where}:{lines[0][0]}"):
            error = document_error
            raise UsageError(f"{where}:{error.lineno}:{error.colno}: not JSON ({error.msg})") from None
    requests = []
    for number, line in lines:
        try:
            request = load_json(line, f"{where}:{number}")
            requests.append((f"{where}:{number}", _within_input_limit(request, f"{where}:{number}")))
        except json.JSONDecodeError as error:
            raise UsageError(f"{where}:{number}:{error.colno}: not JSON ({error.msg})") from None
    return requests


def _is_json(text: str, where: str) -> bool:
    try:
        load_json(text, where)
    except json.JSONDecodeError:
        return False
    return True


def read_requests(args: argparse.Namespace) -> list[Any]:
    """The requests of a run: from --input (JSON or JSON Lines) or built from --ingredients and friends."""
    return [request for _, request in read_sourced_requests(args)]


def read_sourced_requests(args: argparse.Namespace) -> list[tuple[str, Any]]:
    """`read_requests`, each request with where it came from (`file:line`, or `--ingredients`)."""
    if args.input is not None:
        given = [f"--{flag.replace('_', '-')}" for flag in REQUEST_FLAGS if getattr(args, flag, None) is not None]
        if given:
            raise UsageError(f"{', '.join(given)} only go with --ingredients; with --input the file holds the request")
        return parse_requests(read_text(args.input), source_name(args.input))
    if args.ingredients is None:
        raise UsageError('give --input FILE or --ingredients "a, b, c"')
    request: dict[str, Any] = {"ingredients": [item.strip() for item in args.ingredients.split(",") if item.strip()]}
    optional = {
        "servings": args.servings,
        "cuisine": args.cuisine,
        "max_minutes": args.max_minutes,
        "currency": args.currency,
        "course": getattr(args, "course", None),
        "language": getattr(args, "language", None),
    }
    request.update({key: value for key, value in optional.items() if value is not None})
    if args.diet:
        request["diet"] = [item.strip() for item in args.diet.split(",") if item.strip()]
    if getattr(args, "pantry", None) is not None:  # "--pantry ''" is an empty pantry: "I have nothing"
        request["pantry"] = [item.strip() for item in args.pantry.split(",") if item.strip()]
    _check_flags_request(request)
    return [("--ingredients", request)]


def _check_flags_request(request: dict[str, Any]) -> None:
    """A request built from flags is the user's typing, so the contract's refusal is a usage error, before moto."""
    from aichef.contracts import parse_request
    from aichef.errors import AiChefError

    try:
        parse_request(request)
    except AiChefError as error:
        raise UsageError(error.message) from None
