"""The data shipped in the layer: ingredient book, price list and recipe collection agree with each other."""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from aichef.combine import price_recipe
from aichef.contracts import Recipe, parse_request
from aichef.ingredients import IngredientBook, bundled_book, fill_variants, normalise_text
from aichef.labels import _COUNTRY_REGION, CATALOG_CUISINES
from aichef.pricing import PriceRow, bundled_prices, price_names, read_price_csv
from aichef.recipes import RecipeCatalog, bundled_catalog, recipe_files, satisfied_diets, scale_to_servings


def data_text(name: str) -> str:
    return resources.files("aichef").joinpath(f"data/{name}").read_text("utf-8")


def csv_rows(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(data_text(name).splitlines()))


def book_rows() -> list[dict[str, str]]:
    """The rows of ingredients.csv as the book reads them: a variant's empty cells are its parent's."""
    return fill_variants(csv_rows("ingredients.csv"))  # type: ignore[arg-type]


def row_keys(row: dict[str, str]) -> list[str]:
    """Every spelling a row of ingredients.csv or families.csv answers to, normalised as the book looks it up."""
    return [normalise_text(key) for key in (row["name"], row["name_ko"], *row["aliases"].split("|")) if key]


# Families deliberately named like one ingredient (families.csv gives them no Korean name or alias).
FAMILIES_NAMED_LIKE_AN_INGREDIENT = frozenset(
    {"rice", "tofu", "egg", "sausage", "chickpea", "black bean", "kidney bean", "cannellini bean"}
)


@pytest.fixture(scope="module")
def ingredient_rows() -> list[dict[str, str]]:
    return book_rows()


@pytest.fixture(scope="module")
def family_rows() -> list[dict[str, str]]:
    return csv_rows("families.csv")


@pytest.fixture(scope="module")
def book() -> IngredientBook:
    return bundled_book()


@pytest.fixture(scope="module")
def price_rows() -> list[PriceRow]:
    return read_price_csv(data_text("prices.csv"))


@pytest.fixture(scope="module")
def recipe_items() -> list[dict[str, Any]]:
    return [item for text in recipe_files() for item in json.loads(text)]


@pytest.fixture(scope="module")
def catalog() -> RecipeCatalog:
    return bundled_catalog()


def test_price_list_prices_every_ingredient_of_the_book_in_krw_and_usd(
    book: IngredientBook, price_rows: list[PriceRow]
) -> None:
    names = [row.name for row in price_rows]
    variants = {ingredient.name for ingredient in book if ingredient.variant_of}
    everything = price_names([ingredient.name for ingredient in book], "USD", [bundled_prices()], book)

    assert len(price_rows) >= 600
    assert sorted({ingredient.name for ingredient in book} - set(names) - variants) == []
    assert sorted(variants & set(names)) == []  # a variant is priced as its parent, never on a row of its own
    assert [name for name, quote in everything.quotes.items() if quote is None] == []
    assert everything.quotes["raspberry jam"] == everything.quotes["jam"]
    assert len(variants) == 103
    assert [name for name, count in Counter(names).items() if count > 1] == []
    assert [row.name for row in price_rows if not (row.price_krw > 0 and row.price_usd > 0)] == []
    assert [row.name for row in price_rows if not (row.price_krw.is_finite() and row.price_usd.is_finite())] == []
    assert {row.unit for row in price_rows} <= {"kg", "l", "ea"}


def test_price_list_names_match_the_ingredient_book(book: IngredientBook, price_rows: list[PriceRow]) -> None:
    mismatched = {}
    for row in price_rows:
        ingredient = book.get(row.name)
        if ingredient is None or (ingredient.name, ingredient.name_ko) != (row.name, row.name_ko):
            mismatched[row.name] = (row.name_ko, ingredient and (ingredient.name, ingredient.name_ko))

    assert mismatched == {}


def test_ingredient_book_has_at_least_600_entries_one_per_canonical_name(book: IngredientBook) -> None:
    shadowed = [ingredient.name for ingredient in book if book.get(ingredient.name) is not ingredient]

    assert len(book) >= 600
    assert shadowed == []


def test_recipe_collection_has_at_least_400_recipes_and_150_korean(recipe_items: list[dict[str, Any]]) -> None:
    ids = [item["id"] for item in recipe_items]
    titles = [item["title"] for item in recipe_items]

    assert len(recipe_items) >= 400  # issue 20
    assert sum(item["cuisine"] == "korean" for item in recipe_items) >= 150
    assert [recipe_id for recipe_id, count in Counter(ids).items() if count > 1] == []
    assert [title for title, count in Counter(titles).items() if count > 1] == []
    required = {"id", "title", "title_ko", "cuisine", "course", "servings", "total_minutes", "diet", "ingredients"}
    required |= {"steps", "steps_ko", "source"}
    allowed = required | {"main", "also", "also_cuisines"}
    assert [item["id"] for item in recipe_items if not required <= set(item) <= allowed] == []


def test_every_recipe_ingredient_has_its_canonical_name(book: IngredientBook, catalog: RecipeCatalog) -> None:
    off_book = {
        (recipe.id, line.name)
        for recipe in catalog.recipes
        for line in recipe.ingredients
        if book.get(line.name) is None or book.canonical(line.name) != line.name
    }

    assert off_book == set()


def test_every_recipe_diet_tag_follows_from_its_ingredients_flags(book: IngredientBook, catalog: RecipeCatalog) -> None:
    wrong = {
        recipe.id: (sorted(recipe.diet), sorted(satisfied_diets(recipe.names, book)))
        for recipe in catalog.recipes
        if set(recipe.diet) != set(satisfied_diets(recipe.names, book))
    }

    assert wrong == {}


def test_every_recipe_scales_to_every_allowed_serving_count(catalog: RecipeCatalog) -> None:
    failures = {}
    for recipe in catalog.recipes:
        for servings in range(1, 13):
            try:
                scale_to_servings(recipe, servings)
            except ValueError as error:
                failures[(recipe.id, servings)] = str(error).splitlines()[0]

    assert failures == {}


def test_bundled_catalog_and_prices_load_every_row(
    catalog: RecipeCatalog, recipe_items: list[dict[str, Any]], price_rows: list[PriceRow]
) -> None:
    prices = bundled_prices()

    assert len(catalog.recipes) == len(recipe_items)
    assert catalog.book is bundled_book()
    assert len(prices) == len(price_rows)
    egg = prices.lookup(["egg"], "KRW")["egg"]
    assert (egg.currency, egg.source) == ("KRW", "catalog")
    assert egg.price == float(next(row.price_krw for row in price_rows if row.name == "egg")) > Decimal(0)


def test_bundled_catalog_answers_the_documented_request_with_a_korean_egg_recipe(catalog: RecipeCatalog) -> None:
    request = parse_request({"ingredients": ["eggs", "2 cups rice", "kimchi"], "servings": 2, "cuisine": "korean"})

    chosen = catalog.generate(request)

    assert chosen.cuisine == "korean"
    assert "egg" in chosen.matched
    assert chosen.servings == 2
    assert chosen.engine == "catalog"
    assert chosen.source_id in {recipe.id for recipe in catalog.recipes}


# Generic words a cook types that must each cover at least two ingredients.
GENERIC_WORDS = (
    "chicken",
    "beef",
    "pork",
    "fish",
    "shellfish",
    "cheese",
    "pasta",
    "noodles",
    "mushroom",
    "chili",
    "rice",
)


def test_every_ingredient_family_is_one_family_of_families_csv(
    ingredient_rows: list[dict[str, str]], family_rows: list[dict[str, str]]
) -> None:
    families = {row["name"] for row in family_rows}
    unknown = {row["name"]: row["family"] for row in ingredient_rows if row["family"] and row["family"] not in families}
    by_family = Counter(row["family"] for row in ingredient_rows if row["family"])

    assert unknown == {}
    assert [row["name"] for row in ingredient_rows if row["main"] not in ("", "yes")] == []
    assert [name for name in GENERIC_WORDS if by_family[name] < 2] == []


# The brief's examples: the most specific family, and none for stocks, sauces and seasonings made from an animal.
FAMILY_EXAMPLES = {
    "chicken thigh": "chicken", "chicken breast": "chicken", "chicken wing": "chicken", "whole chicken": "chicken",
    "pork belly": "pork", "beef brisket": "beef", "salmon": "fish", "cod": "fish", "mackerel": "fish",
    "shrimp": "shellfish", "clam": "shellfish", "squid": "shellfish", "mussel": "shellfish", "cheddar": "cheese",
    "mozzarella": "cheese", "parmesan": "cheese", "spaghetti": "pasta", "penne": "pasta", "udon noodle": "noodles",
    "ramen noodle": "noodles", "glass noodle": "noodles", "cooked rice": "rice", "rice": "rice", "soft tofu": "tofu",
    "egg": "egg", "chorizo": "sausage", "cheongyang chili": "chili", "shiitake mushroom": "mushroom",
    "chicken stock": "", "fish sauce": "", "anchovy stock": "", "oyster sauce": "", "gochujang": "", "gochugaru": "",
    "red pepper flakes": "",
}  # fmt: skip


def test_ingredient_families_follow_the_documented_examples(ingredient_rows: list[dict[str, str]]) -> None:
    family = {row["name"]: row["family"] for row in ingredient_rows}
    main = {row["name"] for row in ingredient_rows if row["main"] == "yes"}

    assert {name: family[name] for name in FAMILY_EXAMPLES} == FAMILY_EXAMPLES
    assert {"chicken thigh", "pork belly", "beef brisket", "salmon", "shrimp", "tofu", "egg", "canned tuna"} <= main
    assert main & {"chicken stock", "fish sauce", "onion", "cooked rice", "spaghetti", "kimchi"} == set()


def test_every_alias_resolves_to_its_own_ingredient_and_no_two_ingredients_share_one(
    book: IngredientBook, ingredient_rows: list[dict[str, str]]
) -> None:
    owners: dict[str, set[str]] = {}
    for row in ingredient_rows:
        for key in row_keys(row):
            owners.setdefault(key, set()).add(row["name"])
    resolved = {key: found.name for key in owners if (found := book.get(key)) is not None}

    assert {key: sorted(names) for key, names in owners.items() if len(names) > 1} == {}
    assert {
        key: (sorted(names), resolved.get(key)) for key, names in owners.items() if resolved.get(key) not in names
    } == {}


def test_no_ingredient_answers_to_a_family_name(
    book: IngredientBook, ingredient_rows: list[dict[str, str]], family_rows: list[dict[str, str]]
) -> None:
    family_keys = {key for row in family_rows for key in row_keys(row)} - FAMILIES_NAMED_LIKE_AN_INGREDIENT
    ingredient_keys = {key for row in ingredient_rows for key in row_keys(row)}
    captured = {key: found.name for key in family_keys if (found := book.get(key)) is not None}

    assert sorted(family_keys & ingredient_keys) == []
    assert captured == {}
    assert {key: book.canonical(key) for key in FAMILIES_NAMED_LIKE_AN_INGREDIENT} == {
        "rice": "rice",
        "tofu": "tofu",
        "egg": "egg",
        "sausage": "sausage",
        "chickpea": "chickpea",
        "black bean": "black bean",
        "kidney bean": "kidney bean",
        "cannellini bean": "cannellini bean",
    }
    assert [
        row["name"]
        for row in family_rows
        if row["name"] in FAMILIES_NAMED_LIKE_AN_INGREDIENT and (row["name_ko"] or row["aliases"])
    ] == []


def test_every_recipe_main_is_one_of_its_ingredients_flagged_main(
    recipe_items: list[dict[str, Any]], ingredient_rows: list[dict[str, str]]
) -> None:
    flagged = {row["name"] for row in ingredient_rows if row["main"] == "yes"}
    wrong = {
        item["id"]: item["main"]
        for item in recipe_items
        if item["main"] is not None
        and (item["main"] not in flagged or item["main"] not in {line["name"] for line in item["ingredients"]})
    }
    without_main = sorted(item["id"] for item in recipe_items if item["main"] is None)

    assert wrong == {}
    assert len(without_main) >= 10


# The seven mains the catalog must cover: shrimp by its name, the others by family (chicken thigh counts for chicken).
SEVEN_MAINS = ("chicken", "beef", "pork", "fish", "shrimp", "tofu", "egg")


def test_each_of_the_seven_mains_leads_at_least_6_recipes_in_at_least_3_cuisines(
    recipe_items: list[dict[str, Any]], ingredient_rows: list[dict[str, str]]
) -> None:
    family = {row["name"]: row["family"] for row in ingredient_rows}
    cuisines: dict[str, list[str]] = {main: [] for main in SEVEN_MAINS}
    for item in recipe_items:
        if item["main"] is not None:
            counted = item["main"] if item["main"] == "shrimp" else family[item["main"]]
            cuisines.setdefault(counted, []).append(item["cuisine"])

    assert [main for main in SEVEN_MAINS if len(cuisines[main]) < 6] == []
    assert [main for main in SEVEN_MAINS if len(set(cuisines[main])) < 3] == []


def test_every_recipe_line_is_priced_in_krw_and_usd(book: IngredientBook, catalog: RecipeCatalog) -> None:
    """Not only named in the price list: each line converts to its price's unit (a piece weight for ea, a density
    for volumes), so no recipe total leaves anything out."""
    prices = bundled_prices()
    unpriced = {}
    for currency in ("KRW", "USD"):
        for source in catalog.recipes:
            recipe = Recipe(
                title=source.title,
                cuisine=source.cuisine,
                servings=source.servings,
                total_minutes=source.total_minutes,
                diet=list(source.diet),
                ingredients=[line.model_dump(exclude={"alternatives"}) for line in source.ingredients],
                steps=list(source.steps),
            )
            report = price_names([line.name for line in recipe.ingredients], currency, [prices], book)
            pricing, _ = price_recipe(recipe, report.quotes, currency, book)
            unpriced.update({(currency, source.id, line.name): line.reason for line in pricing.unpriced})
            assert len(pricing.lines) == len(recipe.ingredients), (currency, source.id)

    assert unpriced == {}


def test_recipes_use_the_allowed_units_lower_case_cuisines_and_plausible_figures(
    recipe_items: list[dict[str, Any]],
) -> None:
    units = Counter(line["unit"] for item in recipe_items for line in item["ingredients"])

    assert set(units) <= {"g", "kg", "ml", "l", "tbsp", "tsp", "cup", "ea"}
    assert [
        item["cuisine"] for item in recipe_items if re.fullmatch(r"[a-z]+(-[a-z]+)*", item["cuisine"]) is None
    ] == []
    assert [item["id"] for item in recipe_items if not 1 <= item["servings"] <= 12] == []
    # Up to a day, as the contract allows: sikhye ferments for hours, bone broth simmers for 6, beans soak overnight.
    assert [item["id"] for item in recipe_items if not 5 <= item["total_minutes"] <= 24 * 60] == []
    assert [item["id"] for item in recipe_items if len(item["steps"]) < 3 or len(item["ingredients"]) < 3] == []
    assert [
        (item["id"], line["name"]) for item in recipe_items for line in item["ingredients"] if line["quantity"] <= 0
    ] == []


def test_the_catalog_has_the_cuisines_labels_names_in_korean_and_none_is_also_a_country_of_a_region() -> None:
    """A cuisine with recipes takes its own; a country in `_COUNTRY_REGION` takes its region's (labels.cuisines_of):
    a cuisine in both would never reach its recipes."""
    cuisines = bundled_catalog().cuisines
    assert set(cuisines) == CATALOG_CUISINES and len(cuisines) == 25
    assert CATALOG_CUISINES.isdisjoint(_COUNTRY_REGION)
    assert (cuisines["korean"], cuisines["peruvian"]) == (256, 7)


def test_the_catalog_has_quick_and_vegan_dishes_and_mains_in_everyday_combinations(
    recipe_items: list[dict[str, Any]], ingredient_rows: list[dict[str, str]]
) -> None:
    family = {row["name"]: row["family"] for row in ingredient_rows}

    def names(item: dict[str, Any]) -> set[str]:
        return {line["name"] for line in item["ingredients"]}

    korean_chicken_stew = [
        item["id"]
        for item in recipe_items
        if item["cuisine"] == "korean"
        and family.get(item["main"] or "") == "chicken"
        and {"potato", "carrot", "onion", "gochujang"} <= names(item)
    ]
    thigh_with_vegetables = [
        item["id"] for item in recipe_items if {"chicken thigh", "potato", "carrot", "onion"} <= names(item)
    ]

    assert korean_chicken_stew == ["dak-dori-tang"]
    assert sorted(thigh_with_vegetables) == [
        "chicken-afritada",
        "chicken-vegetable-stew",
        "japanese-chicken-curry",
        "jjimdak",
    ]
    assert sum(item["total_minutes"] <= 20 for item in recipe_items) >= 40
    assert sum("vegan" in item["diet"] for item in recipe_items) >= 30
    assert sum(item["total_minutes"] <= 20 and "vegan" in item["diet"] for item in recipe_items) >= 10


KOREAN_WORDS = {
    "깻잎": "perilla leaf", "미나리": "water dropwort", "쑥갓": "crown daisy", "들깨가루": "perilla seed powder",
    "멸치액젓": "anchovy fish sauce", "까나리액젓": "sand lance fish sauce", "새우젓": "salted shrimp",
    "쌈장": "ssamjang", "고사리": "bracken fern", "도라지": "bellflower root", "연근": "lotus root",
    "우엉": "burdock root", "무말랭이": "dried radish strips", "계란": "egg", "두부": "tofu", "김치": "kimchi",
    "양파": "onion", "감자": "potato", "당근": "carrot", "대파": "green onion", "삼겹살": "pork belly",
    "고추장": "gochujang",
}  # fmt: skip
PLURALS = {"eggs": "egg", "onions": "onion", "potatoes": "potato", "chickpeas": "chickpea", "tomatoes": "tomato",
           "capers": "caper", "oysters": "oyster", "dates": "date"}  # fmt: skip


def test_korean_staples_and_everyday_words_are_in_the_book(
    book: IngredientBook, ingredient_rows: list[dict[str, str]]
) -> None:
    spaced = {
        (key, row["name"])
        for row in ingredient_rows
        for key in row_keys(row)
        if " " in key and re.search("[가-힣]", key)
    }

    assert {word: book.canonical(word) for word in KOREAN_WORDS} == KOREAN_WORDS
    assert {word: book.canonical(word) for word in PLURALS} == PLURALS
    assert len(spaced) >= 200
    assert {key: book.canonical(key.replace(" ", "")) for key, name in spaced} == dict(spaced)


# Products the hand-judged name samples found read as another one (tests/eval/lines/name-judgement*.tsv)
NAME_SAMPLE_PRODUCTS = {
    "4 tbsp of Sacla' 'Nduja pesto": "nduja", "3 tbsp basil pesto": "pesto",
    "디존 머스타드 1g": "dijon mustard", "디죵 머스터드": "dijon mustard", "머스타드 1큰술": "yellow mustard",
    "¼ oz crème de cacao": "creme de cacao", "1 oz green crème de menthe": "creme de menthe",
    "2 tsp ground garlic": "garlic powder", "2 cloves garlic": "garlic",
    "7 g (1 tbsp) malted milk powder": "malted milk powder", "1/4 cup dry milk powder": "milk powder",
    # the development pool of 2031: a canned vegetable is not the fresh one
    "1 (14.5 ounce) can cut green beans": "canned green bean", "1 pound fresh green beans": "green bean",
    "1 (29 ounce) can sweet potatoes": "canned sweet potato", "2 sweet potatoes": "sweet potato",
}  # fmt: skip


def test_the_products_the_name_samples_found_misread_are_told_apart(book: IngredientBook) -> None:
    assert {text: book.parse(text).name for text in NAME_SAMPLE_PRODUCTS} == NAME_SAMPLE_PRODUCTS
    assert book.flags("nduja") == {"meat"}  # 'nduja pesto is pork: read as basil pesto it lost the meat flag
    assert book.flags("malted milk powder") == {"dairy", "gluten"}


def test_the_docs_counts_match_the_bundled_data(
    recipe_items: list[dict[str, Any]], book: IngredientBook, price_rows: list[PriceRow]
) -> None:
    root = Path(__file__).resolve().parents[2]
    data = " ".join((root / "docs" / "data.md").read_text("utf-8").split())
    readme = " ".join((root / "README.md").read_text("utf-8").split())
    korean = sum(item["cuisine"] == "korean" for item in recipe_items)

    assert re.findall(r"(\d+) real recipes \((\d+) Korean", data) == [(str(len(recipe_items)), str(korean))]
    assert f"{len(book)} canonical ingredients" in data
    assert f"{len(price_rows)} ingredients per kg / l / piece" in data
    assert re.findall(r"catalog of (\d+) recipes", readme) == [str(len(recipe_items))]


def test_every_recipe_fits_the_contracts_caps_with_room_for_its_cooking_notes(
    recipe_items: list[dict[str, Any]],
) -> None:
    """The catalog may prepend one "Cook the rice you have first" step per `cooked …` line, and the result must still
    validate as a `Recipe` (issue 15 capped steps at 8 for the model's answers; the catalog shares the model)."""
    from aichef.contracts import MAX_LINE_NAME_LENGTH, MAX_RECIPE_LINES, MAX_STEP_LENGTH, MAX_STEPS

    too_long = []
    for item in recipe_items:
        notes = sum(line["name"].startswith("cooked ") for line in item["ingredients"])
        if (
            len(item["steps"]) + notes > MAX_STEPS
            or len(item["ingredients"]) > MAX_RECIPE_LINES
            or any(len(step) > MAX_STEP_LENGTH for step in item["steps"])
            or any(len(line["name"]) > MAX_LINE_NAME_LENGTH for line in item["ingredients"])
        ):
            too_long.append(item["id"])
    assert (MAX_STEPS, MAX_RECIPE_LINES, MAX_STEP_LENGTH, MAX_LINE_NAME_LENGTH) == (8, 20, 240, 60)
    assert too_long == []


def test_a_spice_blend_covers_the_spices_it_is_made_of(book: IngredientBook) -> None:
    """data/blends.csv: each blend and each spice it covers is a canonical condiment of the book, and a blend on hand
    covers those lines of a recipe (taco seasoning: the tacos' cumin and chili powder are not bought)."""
    rows = list(csv.DictReader(data_text("blends.csv").splitlines()))
    names = [row["name"] for row in rows] + [spice for row in rows for spice in row["covers"].split("|")]
    tacos = bundled_catalog().generate(
        parse_request({"ingredients": ["2 lb ground beef", "taco seasoning packet", "flour tortillas",
                                       "shredded cheddar", "iceberg lettuce", "3 tomatos"],
                       "servings": 5, "cuisine": "mexican"})
    )  # fmt: skip

    assert len(rows) == 11  # 8 spice blends, 3 stock cubes
    assert [name for name in names if getattr(book.get(name), "name", None) != name] == []
    assert {book.role(name) for name in names} == {"condiment"}
    assert book.covers("taco seasoning", "cumin") and not book.covers("cumin", "taco seasoning")
    assert "cumin" in book.covered("taco seasoning") and not book.within("cumin", "taco seasoning")  # no family
    assert book.covers("beef bouillon cube", "beef stock") and not book.covers("beef stock", "beef bouillon cube")
    assert tacos.source_id == "beef-tacos" and {"chili powder", "cumin", "dried oregano"} <= set(tacos.matched)
