"""Price and diet coverage of the eval set's recipe lines standing in for a model's (tests/eval/coverage.py), today and
at e61257a, the main branch before the parser work of issue 19. The figures asserted are the ones measured."""

from __future__ import annotations

import subprocess
from functools import cache
from pathlib import Path

import pytest

from eval.coverage import COLUMNS, coverage, main, measure, measure_tree, recipe_lines

BEFORE = "e61257a"
ROOT = Path(__file__).resolve().parents[2]
# per language: lines, then the count of each of COLUMNS (price, price with its amount, diet flag; by canonical, the
# engine's reading of a model's line, then by parse)
AFTER: dict[str, tuple[int, ...]] = {
    "en": (1440, 1358, 1213, 1382, 1358, 1213, 1382),
    "ko": (1280, 1229, 1128, 1254, 1229, 1128, 1254),
}
MEASURED_BEFORE: dict[str, tuple[int, ...]] = {
    "en": (1440, 8, 0, 8, 503, 419, 512),
    "ko": (1280, 0, 0, 0, 625, 558, 643),
}


@cache
def lines() -> dict[str, list[str]]:
    return recipe_lines()


def test_the_recipe_lines_are_the_dev_and_holdout_files() -> None:
    assert {language: len(texts) for language, texts in lines().items()} == {"en": 1440, "ko": 1280}


@pytest.mark.parametrize("language", list(AFTER))
def test_coverage_today(language: str) -> None:
    figures = coverage(measure(lines()[language]))
    assert (len(lines()[language]), *(figures[column] for column in COLUMNS)) == AFTER[language]


@pytest.fixture(scope="module")
def before_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The layer of commit e61257a, from git history (skipped where the history is not there)."""
    tree = tmp_path_factory.mktemp("before")
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", BEFORE, "layer"], capture_output=True, check=False)
    if archive.returncode != 0:
        pytest.skip(f"commit {BEFORE} is not in this clone's history")
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive.stdout, check=True)
    return tree


@pytest.mark.parametrize("language", list(MEASURED_BEFORE))
def test_coverage_before_the_parser_work(before_tree: Path, language: str) -> None:
    figures = coverage(measure_tree(before_tree / "layer", lines()[language]))
    assert (len(lines()[language]), *(figures[column] for column in COLUMNS)) == MEASURED_BEFORE[language]


def test_the_module_prints_the_shares_per_language(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in printed] == ["en after", "ko after"]
    assert "price by canonical 1358/1440 (94.3%)" in printed[0]
    assert "diet flag by canonical 1254/1280 (98.0%)" in printed[1]


def test_a_folder_without_a_layer_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["--before", str(tmp_path)])
    assert stopped.value.code == 2
    assert f"{tmp_path} holds no layer/aichef" in capsys.readouterr().err
