"""Price and diet coverage of recipe lines (JUDGE-lines.md, "Price and diet coverage of recipe lines"): the eval set's
English and Korean recipe lines (dev and holdout, not the request files) stand in for a model's recipe lines.

Each line is read as the engine reads a model's line, `book.canonical(line)` (combine.price_recipe,
recipe_draft.draft_violations); it gets a price when `pricing.price_names` with the bundled price list quotes that
name in KRW and in USD, and a diet flag when `book.flags(name)` is known. A second reading, `book.parse(line).name`,
shows what the parser of the same tree could have given. Another tree's layer is measured in a subprocess with only
its own `layer` first on sys.path, so its `aichef` is never mixed with this one's.

    cd tests && python -m eval.coverage                       # this tree
    cd tests && python -m eval.coverage --before /tmp/before  # and a checkout of an older commit
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

READINGS = ("canonical", "parse")
MEASURES = ("price", "price with its amount", "diet flag")
COLUMNS = tuple(f"{measure} by {reading}" for reading in READINGS for measure in MEASURES)


def recipe_lines() -> dict[str, list[str]]:
    """The recipe lines of the eval set per language (the request files left out), in file order."""
    from eval.line_judge import rows  # here: the judge imports this tree's aichef, which a worker must not

    found: dict[str, list[str]] = {}
    for row in rows():
        if row.split != "requests":
            found.setdefault(row.language, []).append(row.text)
    return found


def measure(texts: Sequence[str]) -> list[list[bool]]:
    """Per line, whether each of `COLUMNS` holds, with the `aichef` first on sys.path."""
    from aichef.ingredients import bundled_book
    from aichef.pricing import bundled_prices, price_names
    from aichef.units import PRICE_UNITS, UnknownUnit, to_base

    book = bundled_book()
    parsed = [book.parse(text) for text in texts]

    def converts(index: int, name: str, per: str) -> bool:
        """The line's amount converts to the unit of its quote, as combine.price_recipe converts a model's line."""
        if parsed[index].quantity is None or parsed[index].unit is None:
            return False
        try:
            quantity, unit = to_base(parsed[index].quantity, parsed[index].unit)
        except UnknownUnit:
            return False
        return book.conversion(name).convert(quantity, unit, PRICE_UNITS[per][0]) is not None

    columns: list[list[bool]] = []
    for names in ([book.canonical(text) for text in texts], [item.name for item in parsed]):
        krw, usd = (price_names(names, currency, [bundled_prices()], book).quotes for currency in ("KRW", "USD"))
        quotes = [(krw.get(name), usd.get(name)) for name in names]
        columns.append([pair[0] is not None and pair[1] is not None for pair in quotes])
        columns.append(
            [bool(priced and pair[0] and converts(index, names[index], pair[0].per))
             for index, (priced, pair) in enumerate(zip(columns[-1], quotes, strict=True))]
        )  # fmt: skip
        columns.append([book.flags(name) is not None for name in names])
    return [list(line) for line in zip(*columns, strict=True)]


def coverage(per_line: Sequence[Sequence[bool]]) -> dict[str, int]:
    """How many lines hold each of `COLUMNS`."""
    return {column: sum(line[index] for line in per_line) for index, column in enumerate(COLUMNS)}


def measure_tree(layer: Path, texts: Sequence[str]) -> list[list[bool]]:
    """`measure` run by the `aichef` of another tree's `layer` folder, in a subprocess."""
    tests = Path(__file__).resolve().parents[1]
    code = (
        "import json, sys\n"
        f"sys.path[:0] = [{str(layer)!r}, {str(tests)!r}]\n"
        "import aichef\n"
        f"assert aichef.__file__.startswith({str(layer)!r}), aichef.__file__\n"
        "from eval.coverage import measure\n"
        "print(json.dumps(measure(json.load(sys.stdin))))\n"
    )
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    done = subprocess.run(
        [sys.executable, "-c", code], input=json.dumps(list(texts)), capture_output=True, text=True, env=env
    )
    if done.returncode != 0:
        raise RuntimeError(f"measuring {layer} failed: {done.stderr.strip().splitlines()[-1:]}")
    return [[bool(value) for value in line] for line in json.loads(done.stdout)]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.coverage", description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", type=Path, help="a checkout of an older commit (its layer/ is measured)")
    args = parser.parse_args(argv)
    if args.before is not None and not (args.before / "layer" / "aichef").is_dir():
        parser.error(f"{args.before} holds no layer/aichef")
    for language, texts in sorted(recipe_lines().items()):
        trees = [("before", measure_tree(args.before / "layer", texts))] if args.before is not None else []
        for tree, per_line in [*trees, ("after", measure(texts))]:
            figures = coverage(per_line)
            shares = ", ".join(f"{column} {_share(count, len(texts))}" for column, count in figures.items())
            print(f"{language} {tree}: {len(texts)} lines; {shares}")
    return 0


def _share(count: int, total: int) -> str:
    return f"{count}/{total} ({count / total:.1%})"


if __name__ == "__main__":
    raise SystemExit(main())
