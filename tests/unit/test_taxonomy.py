"""Generic names (families) in the ingredient book, and how the catalog ranks recipes for what a cook has."""

from __future__ import annotations

import json
from typing import Any

import pytest

from aichef.contracts import RecipeIngredient, parse_request
from aichef.ingredients import IngredientBook, bundled_book, strictest_diets
from aichef.recipe_lines import cooking_notes
from aichef.recipes import RecipeCatalog

INGREDIENTS = """\
name,name_ko,aliases,contains,density_g_per_ml,grams_per_piece,family,main,role,perishable
chicken thigh,닭다리살,boneless chicken thigh,poultry,,,chicken,yes,protein,yes
chicken breast,닭가슴살,,poultry,,,chicken,yes,protein,yes
whole chicken,통닭,,poultry,,1200,chicken,yes,protein,yes
duck breast,오리가슴살,,poultry,,,duck,yes,protein,yes
pork belly,삼겹살,,meat,,,pork,yes,protein,yes
tofu,두부,bean curd,,,300,tofu,yes,protein,yes
soft tofu,순두부,silken tofu,,,350,tofu,yes,protein,yes
rice,쌀,white rice,,0.85,,rice,,starch,
cooked rice,밥,steamed rice,,,,rice,,starch,
potato,감자,,,,200,,,produce,
carrot,당근,,,,150,,,produce,
onion,양파,,,,200,,,produce,
gochujang,고추장,,gluten,1.3,,,,condiment,
chicken stock,닭육수,,poultry,1.0,,,,condiment,
button mushroom,양송이,,,,20,mushroom,,produce,yes
shiitake,표고버섯,,,,15,mushroom,,produce,yes
egg,달걀,계란,egg,,50,egg,yes,protein,yes
"""
FAMILIES = """\
name,name_ko,aliases,parent
meat,고기,,
pork,돼지고기,돼지,meat
poultry,가금류,,
chicken,닭고기,닭|chicken meat,poultry
duck,오리고기,오리,poultry
mushroom,버섯,mushrooms,
rice,,,
tofu,,,
egg,,,
"""
BOOK = IngredientBook.from_csv(INGREDIENTS, FAMILIES)


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        ("chicken", "chicken", "family"),
        ("닭고기", "chicken", "family"),
        ("닭", "chicken", "family"),
        ("Chicken Meat", "chicken", "family"),
        ("chicken breast", "chicken breast", "ingredient"),
        ("버섯", "mushroom", "family"),
        ("mushrooms", "mushroom", "family"),
        ("돼지고기", "pork", "family"),
        ("tofu", "tofu", "ingredient"),  # the ingredient wins over the family of the same name
        ("rice", "rice", "ingredient"),
        ("밥", "cooked rice", "ingredient"),
        ("2 large eggs, beaten", "egg", "ingredient"),
        ("500 g boneless chicken thighs", "chicken thigh", "ingredient"),
        ("fresh shiitake (sliced)", "shiitake", "ingredient"),
    ],
)
def test_parse_resolves_specific_names_before_generic_ones(text: str, name: str, kind: str) -> None:
    parsed = BOOK.parse(text)

    assert (parsed.name, parsed.kind, parsed.known) == (name, kind, True)


def test_members_of_a_family_include_the_families_below_it() -> None:
    assert BOOK.members("chicken") == frozenset({"chicken thigh", "chicken breast", "whole chicken"})
    assert BOOK.members("poultry") == frozenset({"chicken thigh", "chicken breast", "whole chicken", "duck breast"})
    assert BOOK.members("meat") == frozenset({"pork belly"})
    assert BOOK.members("tofu") == frozenset({"tofu", "soft tofu"})
    assert BOOK.members("xyzzy") == frozenset()


@pytest.mark.parametrize(
    ("have", "need", "covered"),
    [
        ("chicken", "chicken thigh", True),
        ("chicken", "whole chicken", True),
        ("poultry", "duck breast", True),
        ("chicken", "duck breast", False),
        ("chicken", "chicken stock", False),  # a stock is not in the family
        ("chicken breast", "chicken thigh", False),  # specific names never cover each other
        ("chicken thigh", "chicken thigh", True),
        ("mushroom", "shiitake", True),
        ("tofu", "soft tofu", True),  # the family of the same name adds coverage
        ("rice", "cooked rice", True),
        ("soft tofu", "tofu", False),
        ("pork", "chicken thigh", False),
    ],
)
def test_covers_follows_the_family_tree(have: str, need: str, covered: bool) -> None:
    assert BOOK.covers(have, need) is covered


@pytest.mark.parametrize(
    ("name", "main"),
    [
        ("chicken", True),
        ("chicken thigh", True),
        ("poultry", True),
        ("tofu", True),
        ("mushroom", False),
        ("potato", False),
        ("chicken stock", False),
        ("xyzzy", False),
    ],
)
def test_is_main_for_main_ingredients_and_families_that_hold_one(name: str, main: bool) -> None:
    assert BOOK.is_main(name) is main


@pytest.mark.parametrize(
    ("diets", "strictest"),
    [
        (
            ["vegan", "vegetarian", "pescatarian", "gluten-free", "dairy-free", "nut-free"],
            ["vegan", "gluten-free", "nut-free"],
        ),
        (["vegetarian", "pescatarian", "dairy-free"], ["vegetarian", "dairy-free"]),
        (["pescatarian", "nut-free"], ["pescatarian", "nut-free"]),
        ([], []),
    ],
)
def test_strictest_diets_drop_the_ones_a_stricter_diet_implies(diets: list[str], strictest: list[str]) -> None:
    assert strictest_diets(diets) == strictest


def recipe(id: str, cuisine: str, minutes: int, names: list[str], main: str | None = None) -> dict[str, Any]:
    return {
        "id": id,
        "title": id.title(),
        "title_ko": id,
        "cuisine": cuisine,
        "servings": 2,
        "total_minutes": minutes,
        "diet": [],
        "main": main,
        "ingredients": [{"name": name, "quantity": 100, "unit": "g"} for name in names],
        "steps": ["Cook.", "Serve."],
    }


CATALOG = RecipeCatalog.from_json(
    json.dumps(
        [
            recipe("dakgalbi", "korean", 40, ["chicken thigh", "gochujang", "potato", "onion"], "chicken thigh"),
            recipe("jeyuk", "korean", 30, ["pork belly", "gochujang", "potato", "carrot", "onion"], "pork belly"),
            recipe("minestrone", "italian", 45, ["potato", "carrot", "onion"]),
            recipe("dak-juk", "korean", 60, ["whole chicken", "rice"], "whole chicken"),
            recipe("sundubu", "korean", 25, ["soft tofu", "gochujang", "egg"], "soft tofu"),
            recipe("rice-bowl", "korean", 10, ["cooked rice", "egg"]),
        ]
    ),
    BOOK,
)


def choose(**request: Any) -> Any:
    return CATALOG.generate(parse_request(request))


def test_a_generic_korean_name_reaches_the_chicken_dish() -> None:
    chosen = choose(ingredients=["닭고기 500g", "감자 2개", "당근", "양파", "고추장"], cuisine="korean")

    assert chosen.source_id == "dakgalbi"  # jeyuk uses 4 of the 5, but not the chicken
    assert chosen.matched == ["chicken thigh", "gochujang", "onion", "potato"]


def test_the_main_ingredient_outranks_more_vegetables() -> None:
    chosen = choose(ingredients=["chicken thigh 500g", "potato", "carrot", "onion"])

    assert chosen.source_id == "dakgalbi"  # minestrone uses three on hand, dakgalbi the chicken and two


def test_without_a_main_ingredient_the_most_on_hand_wins() -> None:
    assert choose(ingredients=["potato", "carrot", "onion"]).source_id == "minestrone"


def test_a_main_ingredient_the_constraints_rule_out_does_not_block_the_rest() -> None:
    chosen = choose(ingredients=["chicken", "potato", "carrot", "onion"], cuisine="italian")

    assert chosen.source_id == "minestrone"


def test_tofu_on_hand_covers_soft_tofu() -> None:
    chosen = choose(ingredients=["두부 반 모", "계란 두 개"])

    assert chosen.source_id == "sundubu"
    assert chosen.matched == ["egg", "soft tofu"]


def test_raw_rice_covers_cooked_rice_and_the_cooking_is_noted() -> None:
    chosen = choose(ingredients=["rice"], max_minutes=20)

    assert chosen.source_id == "rice-bowl"
    assert chosen.matched == ["cooked rice"]
    assert chosen.steps[0] == "Cook the rice you have first: the dish needs 100 g cooked rice."


def test_cuisine_matches_whatever_the_case() -> None:
    assert choose(ingredients=["potato"], cuisine="ITALIAN").source_id == "minestrone"


def test_chickpeas_on_hand_cover_canned_chickpeas_and_say_how_if_they_are_dried() -> None:
    book = bundled_book()
    line = RecipeIngredient(name="canned chickpea", quantity=1, unit="ea")

    assert book.covers("chickpea", "canned chickpea") and not book.covers("canned chickpea", "chickpea")
    assert book.covers("black bean", "canned black bean") and not book.covers("chickpea", "canned black bean")
    assert cooking_notes([line], ["chickpea"], book) == [
        "If your chickpea is dried, soak it overnight and simmer it until tender first: the dish needs 1 can "
        "canned chickpea."
    ]
    assert cooking_notes([line], ["chickpea"], book, "ko") == [
        "가지고 있는 병아리콩이 마른 콩이면 하룻밤 불린 뒤 무르게 삶아 둔다: "
        "이 요리에는 병아리콩 통조림 1캔이 필요하다."
    ]
    assert cooking_notes([line], ["canned chickpea"], book) == []
