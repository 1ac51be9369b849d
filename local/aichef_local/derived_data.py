"""The data files derived from others and checked in, so that a cold start reads them instead of deriving them:
`python -m aichef_local.derived_data` writes them again (tests/unit/test_derived_data.py fails while one is stale).

- `aichef/data/ingredient_book.marshal`: the bundled ingredient book's parts (`IngredientBook.to_parts`), from
  BOOK_SOURCES (ingredients.csv, families.csv, blends.csv). A book whose parts are stale is read from the CSV files
  instead.
- `aichef/data/patterns.marshal`: the engine code of the layer's regular expressions (`aichef.patterns`), for the
  Python that runs this. A pattern not in it is compiled at start-up instead.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from aichef import patterns
from aichef.ingredients import BOOK_PARTS, BOOK_SOURCES, IngredientBook, book_parts_file

PATTERN_MODULES = (
    "aichef.quantities",
    "aichef.name_rules",
    "aichef.line_reader",
    "aichef.language",
    "aichef.step_text",
    "aichef.recipe_lines",
    "aichef.shopping",
)
"""The modules whose patterns `aichef.patterns` compiles ahead (importing them asks for every one)."""


def book_parts() -> bytes:
    """The content BOOK_PARTS should have for the CSV files as they are."""
    data = resources.files("aichef").joinpath("data")
    sources = [data.joinpath(name).read_bytes() for name in BOOK_SOURCES]
    book = IngredientBook.from_csv(*(source.decode("utf-8") for source in sources))
    return book_parts_file(book, sources)


def layer_patterns() -> bytes:
    """The content PATTERNS_FILE should have for the patterns of PATTERN_MODULES as they are."""
    for module in PATTERN_MODULES:
        __import__(module)
    return patterns.patterns_file(sorted(set(patterns.asked())))


def main() -> None:
    for name, content in ((BOOK_PARTS, book_parts()), (patterns.PATTERNS_FILE, layer_patterns())):
        target = Path(str(resources.files("aichef").joinpath("data", name)))
        if target.is_file() and target.read_bytes() == content:
            print(f"{target}: up to date")
            continue
        target.write_bytes(content)
        print(f"{target}: written ({len(content):,} bytes)")


if __name__ == "__main__":
    main()
