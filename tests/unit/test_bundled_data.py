"""The data shipped in the layer: ingredient book, price list and recipe collection agree with each other."""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal
from importlib import resources
from typing import Any

import pytest

from aichef.combine import price_recipe
from aichef.contracts import Recipe, parse_request
from aichef.ingredients import IngredientBook, bundled_book
from aichef.pricing import PriceRow, bundled_prices, price_names, read_price_csv
from aichef.recipes import RecipeCatalog, bundled_catalog, satisfied_diets, scale_to_servings


def data_text(name: str) -> str:
    return resources.files("aichef").joinpath(f"data/{name}").read_text("utf-8")


@pytest.fixture(scope="module")
def book() -> IngredientBook:
    return bundled_book()


@pytest.fixture(scope="module")
def price_rows() -> list[PriceRow]:
    return read_price_csv(data_text("prices.csv"))


@pytest.fixture(scope="module")
def recipe_items() -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = json.loads(data_text("recipes.json"))
    return items


@pytest.fixture(scope="module")
def catalog() -> RecipeCatalog:
    return bundled_catalog()


def test_price_list_prices_at_least_150_ingredients_in_krw_and_usd(price_rows: list[PriceRow]) -> None:
    names = [row.name for row in price_rows]

    assert len(price_rows) >= 150
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


def test_ingredient_book_has_one_entry_per_canonical_name(book: IngredientBook) -> None:
    shadowed = [ingredient.name for ingredient in book if book.get(ingredient.name) is not ingredient]

    assert len(book) >= 150
    assert shadowed == []


def test_recipe_collection_has_at_least_40_recipes_and_15_korean(recipe_items: list[dict[str, Any]]) -> None:
    ids = [item["id"] for item in recipe_items]

    assert len(recipe_items) >= 40
    assert sum(item["cuisine"] == "korean" for item in recipe_items) >= 15
    assert [recipe_id for recipe_id, count in Counter(ids).items() if count > 1] == []
    assert all(set(item) == {"id", "title", "title_ko", "cuisine", "servings", "total_minutes", "diet",
                             "ingredients", "steps"} for item in recipe_items)


def test_every_recipe_ingredient_has_its_canonical_name(book: IngredientBook, catalog: RecipeCatalog) -> None:
    off_book = {(recipe.id, line.name) for recipe in catalog.recipes for line in recipe.ingredients
                if book.get(line.name) is None or book.canonical(line.name) != line.name}

    assert off_book == set()


def test_every_recipe_diet_tag_follows_from_its_ingredients_flags(
    book: IngredientBook, catalog: RecipeCatalog
) -> None:
    wrong = {recipe.id: (sorted(recipe.diet), sorted(satisfied_diets(recipe.names, book)))
             for recipe in catalog.recipes if set(recipe.diet) != set(satisfied_diets(recipe.names, book))}

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


def test_every_priced_recipe_line_converts_to_its_price_unit(book: IngredientBook, catalog: RecipeCatalog) -> None:
    prices = bundled_prices()
    unconvertible = {}
    for currency in ("KRW", "USD"):
        for source in catalog.recipes:
            recipe = Recipe(title=source.title, cuisine=source.cuisine, servings=source.servings,
                            total_minutes=source.total_minutes, diet=list(source.diet),
                            ingredients=list(source.ingredients), steps=list(source.steps))
            report = price_names([line.name for line in recipe.ingredients], currency, [prices], book)
            pricing, pending = price_recipe(recipe, report.quotes, currency, book)
            assert pending == []
            for line in pricing.unpriced:
                if line.reason != "no price source knows this ingredient":
                    unconvertible[(currency, source.id, line.name)] = line.reason

    assert unconvertible == {}


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
