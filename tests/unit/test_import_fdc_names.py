"""scripts/import_fdc_names.py: FoodData Central descriptions cut to the names a recipe writes, and the ones the
ingredient book cannot read listed as candidates, from the file layout the ingredient-parser-nlp wheel ships."""

from __future__ import annotations

import gzip
import runpy
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "import_fdc_names.py"
FDC = runpy.run_path(str(SCRIPT))  # the script's functions, not run as __main__
HEADER = "fdc_id,data_type,description,category"
ROWS = [
    '1,sr_legacy_food,"Spices, basil, dried",Spices and Herbs',
    '2,sr_legacy_food,"Cheese, blue",Dairy and Egg Products',
    '3,sr_legacy_food,"Fish, wolffish, Atlantic, raw",Finfish and Shellfish Products',
    '4,foundation_food,"Fish, wolffish, Atlantic, cooked",Finfish and Shellfish Products',
    '5,sr_legacy_food,"Salsify, (vegetable oyster), raw",Vegetables and Vegetable Products',
    '6,survey_fndds_food,"Wolffish stew, Alaska Native",Fish',
    '7,sr_legacy_food,"Babyfood, 2nd stage, pears",Baby Foods',
]


def write(folder: Path, rows: list[str], name: str = "fdc_ingredients.csv.gz") -> Path:
    path = folder / name
    path.write_bytes(gzip.compress("\n".join([HEADER, *rows]).encode("utf-8")))
    return path


@pytest.mark.parametrize(
    ("description", "name"),
    [
        ("Spices, basil, dried", "basil"),
        ("Cheese, blue", "blue cheese"),
        ("Onions, raw", "onions"),
        ("Beans, pinto, mature seeds, raw", "pinto beans"),
        ("Salsify, (vegetable oyster), raw", "salsify"),
        ("Babyfood, 2nd stage, pears", "babyfood"),
        ("Mollusks, 2% fat", None),
        ("Beverages, coconut water, ready-to-drink, unsweetened", "coconut water"),
        ("Alcoholic beverage, liqueur, coffee with cream, 34 proof", "liqueur"),
    ],
)
def test_a_description_is_cut_to_the_name_a_recipe_writes(description: str, name: str | None) -> None:
    assert FDC["common_name"](description) == name


def test_candidates_are_the_unknown_names_most_frequent_first_and_survey_dishes_are_skipped(tmp_path: Path) -> None:
    rows = FDC["read_rows"](write(tmp_path, ROWS))
    known = {"basil", "blue cheese"}

    assert FDC["candidates"](rows, known.__contains__) == [
        ("wolffish", "Finfish and Shellfish Products", 2),
        ("salsify", "Vegetables and Vegetable Products", 1),
        ("babyfood", "Baby Foods", 1),
    ]


def test_the_script_prints_what_the_bundled_book_cannot_read_with_a_suggested_role(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, ROWS[:4])  # basil and blue cheese are in the book, wolffish is not

    assert FDC["main"]([str(path)]) == 0
    assert capsys.readouterr().out == "wolffish\tFinfish and Shellfish Products\tprotein\t2\n"


def test_a_plain_csv_with_a_limit_prints_only_the_first_candidates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "names.csv"
    path.write_text("\n".join([HEADER, *ROWS]), encoding="utf-8")

    assert FDC["main"]([str(path), "--limit", "1"]) == 0
    assert capsys.readouterr().out == "wolffish\tFinfish and Shellfish Products\tprotein\t2\n"


@pytest.mark.parametrize(
    ("content", "problem"),
    [(None, "cannot read"), (b"\x1f\x8b not gzip", "cannot read"), (b"a,b\n1,2\n", "no data_type and description")],
)
def test_a_missing_or_wrong_file_exits_2_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes | None, problem: str
) -> None:
    path = tmp_path / ("names.csv.gz" if content and content.startswith(b"\x1f") else "names.csv")
    if content is not None:
        path.write_bytes(content)

    with pytest.raises(SystemExit) as stop:
        FDC["main"]([str(path)])
    err = capsys.readouterr().err
    assert stop.value.code == 2
    assert problem in err
    assert str(path) in err
