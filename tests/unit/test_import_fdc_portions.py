"""scripts/import_fdc_portions.py: densities and piece weights from FoodData Central's household measures, read from
FDC's own CSV layout (SR Legacy's measure in `modifier`, Foundation's in `measure_unit`), and the book holding them."""

from __future__ import annotations

import csv
import runpy
from pathlib import Path
from typing import Any

import pytest
from test_bundled_data import csv_rows

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "import_fdc_portions.py"
FDC = runpy.run_path(str(SCRIPT))  # the script's functions, not run as __main__
Source = FDC["Source"]
PORTION_COLUMNS = "id,fdc_id,seq_num,amount,measure_unit_id,portion_description,modifier,gram_weight,data_points"


def write_fdc(folder: Path, portions: list[str]) -> Path:
    """A minimal SR Legacy release: two foods, their portions (9999 = undetermined unit) and a Foundation cup."""
    (folder / "food.csv").write_text(
        "fdc_id,data_type,description,food_category_id,publication_date\n"
        '170000,sr_legacy_food,"Onions, raw",11,2019-04-01\n'
        '169997,sr_legacy_food,"Coriander (cilantro) leaves, raw",2,2019-04-01\n',
        encoding="utf-8",
    )
    (folder / "measure_unit.csv").write_text("id,name\n1000,cup\n9999,undetermined\n", encoding="utf-8")
    (folder / "food_portion.csv").write_text("\n".join([PORTION_COLUMNS, *portions]) + "\n", encoding="utf-8")
    return folder


ONION_AND_CILANTRO = [
    '1,170000,1,1,9999,,"cup, chopped",160,',
    '2,170000,2,1,9999,,"medium (2-1/2"" dia)",110,',
    "3,169997,1,0.25,9999,,cup,4,",
    "4,169997,2,9,9999,,sprigs,20,",
]


def test_a_cup_measure_gives_grams_per_ml_and_a_count_gives_grams_per_piece(tmp_path: Path) -> None:
    mapping = {
        "onion": Source("Onions, raw", volume="cup, chopped", piece='medium (2-1/2" dia)'),
        "cilantro": Source("Coriander (cilantro) leaves, raw", volume="cup", piece="sprigs"),
    }

    figures = FDC["derive"](mapping, FDC["read_portions"](write_fdc(tmp_path, ONION_AND_CILANTRO)))

    assert [(f.name, f.column, FDC["book_value"](f), f.measure) for f in figures] == [
        ("onion", "density_g_per_ml", "0.68", "1 cup, chopped = 160 g"),  # 160 g / 236.59 ml
        ("onion", "grams_per_piece", "110", '1 medium (2-1/2" dia) = 110 g'),
        ("cilantro", "density_g_per_ml", "0.07", "0.25 cup = 4 g"),  # 4 g / 59.1 ml
        ("cilantro", "grams_per_piece", "2.2", "9 sprigs = 20 g"),
    ]
    assert figures[0].value == pytest.approx(160 / 236.5882365)


def test_a_foundation_measure_unit_names_the_measure_and_a_small_piece_keeps_two_decimals(tmp_path: Path) -> None:
    portions = ["5,170000,1,1,1000,,,150,", "6,169997,3,2,9999,,leaves,0.3,"]
    mapping = {
        "onion": Source("Onions, raw", volume="cup"),
        "cilantro": Source("Coriander (cilantro) leaves, raw", piece="leaves"),
    }

    figures = FDC["derive"](mapping, FDC["read_portions"](write_fdc(tmp_path, portions)))

    assert [FDC["book_value"](f) for f in figures] == ["0.63", "0.15"]


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (Source("Onions, raw", volume="cup, sliced"), "onion: 'Onions, raw' has no measure 'cup, sliced' (it has: cup"),
        (Source("Onions, raw", volume='medium (2-1/2" dia)'), "is not a cup, tablespoon or teaspoon measure"),
        (Source("Onion, raw", volume="cup"), "onion: no FDC food described 'Onion, raw'"),
    ],
)
def test_a_measure_or_food_fdc_lacks_is_named(tmp_path: Path, source: Any, message: str) -> None:
    portions = FDC["read_portions"](write_fdc(tmp_path, ONION_AND_CILANTRO))

    with pytest.raises(FDC["FdcDataError"]) as raised:
        FDC["derive"]({"onion": source}, portions)
    assert message in str(raised.value)


def test_the_command_exits_2_naming_missing_files_or_columns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert FDC["main"]([str(tmp_path)]) == 2
    assert "lacks food.csv, food_portion.csv, measure_unit.csv" in capsys.readouterr().err

    write_fdc(tmp_path, ONION_AND_CILANTRO)
    (tmp_path / "food.csv").write_text("id,name\n1,x\n", encoding="utf-8")
    assert FDC["main"]([str(tmp_path)]) == 2
    assert "food.csv has no column fdc_id, description: not an FDC CSV file" in capsys.readouterr().err


def test_every_mapped_figure_is_in_the_book_and_sources_md_counts_them() -> None:
    """The mapping is the record of where the book's FDC figures came from: each one must be there."""
    rows = {row["name"]: row for row in csv_rows("ingredients.csv")}
    mapped = [
        (name, column)
        for name, source in FDC["MAPPING"].items()
        for column, measure in (("density_g_per_ml", source.volume), ("grams_per_piece", source.piece))
        if measure is not None
    ]
    sources = (SCRIPT.parents[1] / "layer" / "aichef" / "data" / "SOURCES.md").read_text("utf-8")

    assert [(name, column) for name, column in mapped if not rows.get(name, {}).get(column)] == []
    assert len(mapped) == 99
    assert "The 99 figures" in sources
    listed = " ".join(sources.split())
    assert [
        name
        for name, source in FDC["MAPPING"].items()
        if f"{name}{' d' if source.volume else ''}{' p' if source.piece else ''}," not in listed.replace(".", ",")
    ] == []


def test_the_output_compares_each_figure_with_the_book(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "fdc"
    folder.mkdir()
    write_fdc(folder, ONION_AND_CILANTRO)
    book = tmp_path / "ingredients.csv"
    book.write_text("name,density_g_per_ml,grams_per_piece\nonion,0.68,200\n", encoding="utf-8")
    mapping = {"onion": Source("Onions, raw", volume="cup, chopped", piece='medium (2-1/2" dia)')}

    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(FDC["main"].__globals__, "MAPPING", mapping)
        assert FDC["main"]([str(folder), "--ingredients", str(book)]) == 0
    printed = list(csv.DictReader(capsys.readouterr().out.splitlines()))

    assert [(row["name"], row["column"], row["value"], row["book"]) for row in printed] == [
        ("onion", "density_g_per_ml", "0.68", "same"),
        ("onion", "grams_per_piece", "110", "book: 200"),
    ]
