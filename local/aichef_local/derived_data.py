"""The data files derived from others and checked in, so that a cold start reads them instead of deriving them:
`python -m aichef_local.derived_data` writes them again (tests/unit/test_derived_data.py fails while one is stale).

- `aichef/data/ingredient_book.marshal`: the bundled ingredient book's parts (`IngredientBook.to_parts`), from
  ingredients.csv and families.csv. A book whose parts are stale is read from the CSV files instead.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from aichef.ingredients import BOOK_PARTS, BOOK_SOURCES, IngredientBook, book_parts_file


def book_parts() -> bytes:
    """The content BOOK_PARTS should have for the CSV files as they are."""
    data = resources.files("aichef").joinpath("data")
    sources = [data.joinpath(name).read_bytes() for name in BOOK_SOURCES]
    book = IngredientBook.from_csv(*(source.decode("utf-8") for source in sources))
    return book_parts_file(book, sources)


def main() -> None:
    target = Path(str(resources.files("aichef").joinpath("data", BOOK_PARTS)))
    content = book_parts()
    if target.is_file() and target.read_bytes() == content:
        print(f"{target}: up to date")
        return
    target.write_bytes(content)
    print(f"{target}: written ({len(content):,} bytes)")


if __name__ == "__main__":
    main()
