"""The checked-in data derived from other data (`aichef_local.derived_data`) is what its sources give today, and is
read only while it is."""

from __future__ import annotations

import marshal
import shutil
from importlib import resources
from pathlib import Path

import pytest

from aichef import ingredients, patterns
from aichef.ingredients import BOOK_PARTS, BOOK_SOURCES, IngredientBook, bundled_book, load_book
from aichef_local.derived_data import book_parts, layer_patterns

DATA = Path(str(resources.files("aichef").joinpath("data")))


def csv_book() -> IngredientBook:
    return IngredientBook.from_csv(*((DATA / name).read_text("utf-8") for name in BOOK_SOURCES))


def test_the_book_parts_are_derived_from_the_csv_files_as_they_are() -> None:
    """Fails after an edit of a file of BOOK_SOURCES, or of how the book reads them, until
    `python -m aichef_local.derived_data` writes the parts again."""
    assert marshal.loads((DATA / BOOK_PARTS).read_bytes()) == marshal.loads(book_parts()), (
        f"{BOOK_PARTS} is stale: run python -m aichef_local.derived_data"
    )


def test_the_patterns_code_is_what_this_python_compiles_for_the_patterns_as_they_are() -> None:
    """Fails after an edit of a pattern compiled by aichef.patterns (or of the unit list in one), or under another
    Python, until `python -m aichef_local.derived_data` writes the code again."""
    assert (DATA / patterns.PATTERNS_FILE).read_bytes() == layer_patterns(), (
        f"{patterns.PATTERNS_FILE} is stale: run python -m aichef_local.derived_data"
    )


def test_the_book_from_its_parts_is_the_book_from_the_csv_files() -> None:
    from_parts, from_csv = IngredientBook.from_parts(csv_book().to_parts()), csv_book()
    for attribute in ("_by_name", "_index", "_families", "_family_index", "_members", "_blends"):
        built, read = getattr(from_parts, attribute), getattr(from_csv, attribute)
        assert built == read and list(built) == list(read), attribute  # the same entries, in the same order
    for built_row, read_row in zip(from_parts, from_csv, strict=True):
        assert [type(value) for value in built_row] == [type(value) for value in read_row]
    assert from_parts.to_parts() == from_csv.to_parts()
    assert from_parts.parse("2 cloves garlic, minced") == from_csv.parse("2 cloves garlic, minced")


def test_the_bundled_book_is_read_from_its_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_csv(*_: object) -> IngredientBook:
        raise AssertionError("read from the CSV files")

    monkeypatch.setattr(IngredientBook, "from_csv", no_csv)
    assert load_book(DATA).to_parts() == bundled_book().to_parts()


def test_stale_parts_are_not_read(tmp_path: Path) -> None:
    for name in (*BOOK_SOURCES, BOOK_PARTS):
        shutil.copy(DATA / name, tmp_path / name)
    with (tmp_path / "ingredients.csv").open("a", encoding="utf-8") as csv_file:
        csv_file.write("moonberry,달별열매,moon berry,,,5,,,produce,yes,,,\n")
    book = load_book(tmp_path)
    assert book.get("moon berries") is not None and len(book) == len(bundled_book()) + 1
    (tmp_path / BOOK_PARTS).unlink()
    assert load_book(tmp_path).to_parts() == book.to_parts()


def test_parts_of_another_layout_are_not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    read: list[str] = []
    book = csv_book()

    def from_csv(*texts: str) -> IngredientBook:
        read.append("csv")
        return book

    monkeypatch.setattr(ingredients, "_PARTS_FORMAT", ingredients._PARTS_FORMAT + 1)
    monkeypatch.setattr(IngredientBook, "from_csv", from_csv)
    load_book(DATA)
    assert read == ["csv"]
