"""Every catalog recipe is complete in both languages and scales: the checks of recipe_checks.py over every file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from recipe_checks import bare_numbers, korean_course_problem, optional_problem, recipe_problems

from aichef.ingredients import bundled_book
from aichef.language import hangul_share

FILES = sorted((Path(__file__).resolve().parents[2] / "layer" / "aichef" / "data" / "recipes").glob("*.json"))


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_every_recipe_of_the_file_has_both_languages_scalable_steps_and_priced_lines(path: Path) -> None:
    book = bundled_book()
    problems = [
        f"{item['id']}: {problem}"
        for item in json.loads(path.read_text("utf-8"))
        for problem in recipe_problems(item, book)
    ]

    assert problems == []


@pytest.mark.parametrize(
    ("step", "bare"),
    [
        ("Heat {vegetable oil*1/2} in a pan for 3-4 minutes at 180°C", []),
        ("Cut into 2-inch pieces and bake at 200 °C for 1 hour", []),
        ("Add 2 eggs and half the rice", ["2", "half the"]),
        ("Divide between two bowls", ["two"]),
        ("{servings}그릇에 나눠 담고 3분 끓인다", []),
        ("두 그릇에 나눠 담는다", ["두 그릇"]),
        ("반으로 자르고 절반을 넣는다", ["절반"]),
        ("중불에서 3~4분 볶는다", []),
    ],
)
def test_a_step_may_name_a_time_temperature_or_size_but_no_bare_amount(step: str, bare: list[str]) -> None:
    assert bare_numbers(step) == bare


def test_hangul_share_leaves_placeholders_out() -> None:
    assert hangul_share("{soy sauce}{을} 넣고 중불에서 3분 볶는다") == 1.0
    assert hangul_share("Add the 간장") == pytest.approx(2 / 8)
    assert hangul_share("{servings} 3") == 0.0


@pytest.mark.parametrize(
    ("name", "step", "problem"),
    [
        ("green onion", "Serve topped with {green onion}, sliced.", None),
        ("lemon", "Serve with {lemon}, cut into wedges.", None),
        ("sesame seed", "Stir-fry the beef. Sprinkle with {sesame seed*1/2}.", None),
        ("green onion", "Fry {green onion} in the oil, then serve.", "cooks it in"),
        ("lemon", "Serve with the juice of {lemon}.", "juice or zest"),
        ("lime", "Serve with {lime}.", "cooks it in"),
        ("peanut", "Add {peanut} and serve with rice.", "cooks it in"),
        ("chicken thigh", "Serve with {chicken thigh}.", "not a garnish"),
    ],
)
def test_only_a_garnish_that_finishes_the_dish_may_be_optional(name: str, step: str, problem: str | None) -> None:
    item = {"main": "beef", "steps": [step], "ingredients": [{"name": name, "optional": True}]}

    found = optional_problem(item, item["ingredients"][0])

    assert found is None if problem is None else problem in str(found)


def test_the_catalog_marks_its_garnishes_optional() -> None:
    lines = [line for path in FILES for item in json.loads(path.read_text("utf-8")) for line in item["ingredients"]]

    assert sum(line.get("optional", False) for line in lines) == 257


@pytest.mark.parametrize(
    ("title_ko", "course", "also", "problem"),
    [
        ("김치찌개", "main", [], "stew"),
        ("김치찌개", "main", ["soup"], None),
        ("갈비탕", "soup", [], None),
        ("고구마 맛탕", "dessert", ["snack"], None),
        ("부추전", "side", [], "pancake"),
        ("해물파전 (Seafood Pancake)", "snack", ["side"], None),
    ],
)
def test_a_korean_stew_serves_as_a_soup_and_a_pancake_as_a_side_and_a_snack(
    title_ko: str, course: str, also: list[str], problem: str | None
) -> None:
    found = korean_course_problem({"cuisine": "korean", "title_ko": title_ko, "course": course, "also": also})

    assert found is None if problem is None else problem in str(found)


def test_an_alternative_is_a_priced_food_of_the_lines_role_and_another_cuisine_is_one_of_the_catalog() -> None:
    book = bundled_book()
    item = {
        "id": "t", "title": "T", "title_ko": "김치", "cuisine": "korean", "course": "main",
        "also_cuisines": ["korean", "martian"], "servings": 2, "steps": ["Cook {beef chuck}."],
        "steps_ko": ["{beef chuck}{을} 익힌다."],
        "ingredients": [{"name": "beef chuck", "quantity": 300, "unit": "g",
                         "alternatives": ["pork shoulder", "onion", "beef chuck", "blorp", "pork shoulder"]}],
    }  # fmt: skip

    assert sorted(recipe_problems(item, book)) == sorted([
        "'beef chuck': an alternative is named twice",
        "'beef chuck': alternative 'onion' is a produce, not a protein",
        "'beef chuck': alternative 'beef chuck' is a line of the recipe",
        "'beef chuck': alternative 'blorp' is not a canonical name of the ingredient book",
        "also_cuisines ['korean', 'martian'] must name other cuisines, each once",
        "'martian' is no cuisine of the catalog (aichef.labels.CATALOG_CUISINES)",
    ])  # fmt: skip


def test_the_catalog_names_alternatives_and_other_cuisines_where_home_cooks_do() -> None:
    recipes = [item for path in FILES for item in json.loads(path.read_text("utf-8"))]
    lines = [line for item in recipes for line in item["ingredients"]]

    assert sum("alternatives" in line for line in lines) == 144
    assert sum("also_cuisines" in item for item in recipes) == 74
