"""The catalog recipe engine: picks the bundled recipe that best uses what is on hand, within the request's
diet, cuisine and time, and scales it to the requested servings. Pure and deterministic."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from aichef.contracts import Diet, Recipe, RecipeDraft, RecipeIngredient, WorkflowRequest
from aichef.diet_words import bundled_deny_list, certified_diets, diet_problems
from aichef.errors import RecipeGenerationFailed
from aichef.ingredients import DIET_EXCLUDES, IngredientBook, ParsedIngredient, bundled_book, normalise_text


@dataclass(frozen=True)
class CatalogRecipe:
    """One recipe of the bundled collection, at the servings its quantities are written for."""

    id: str
    title: str
    title_ko: str
    cuisine: str
    servings: int
    total_minutes: int
    diet: tuple[Diet, ...]
    ingredients: tuple[RecipeIngredient, ...]
    steps: tuple[str, ...]
    main: str | None = None

    @property
    def names(self) -> frozenset[str]:
        return frozenset(line.name for line in self.ingredients)


def satisfied_diets(names: frozenset[str], book: IngredientBook) -> list[Diet]:
    """The diets a set of ingredients provably satisfies, from the book's flags: none when a name is unknown."""
    return certified_diets(names, book)  # type: ignore[return-value]


def understood(request: WorkflowRequest, book: IngredientBook) -> list[ParsedIngredient]:
    """The request's ingredients the book understood; `RecipeGenerationFailed` naming them all when none is."""
    parsed = [book.parse(text) for text in request.ingredients]
    known = [item for item in parsed if item.known]
    if not known:
        raise RecipeGenerationFailed(f"none of these were understood: {', '.join(dict.fromkeys(request.ingredients))}")
    return known


def matched_names(names: Iterable[str], have: Iterable[str], book: IngredientBook) -> list[str]:
    """The recipe's ingredient names that something on hand covers (a family covers its members), sorted."""
    on_hand = list(have)
    return sorted({name for name in names if any(book.covers(item, name) for item in on_hand)})


def cooking_notes(lines: Iterable[RecipeIngredient], have: Iterable[str], book: IngredientBook) -> list[str]:
    """Steps to add when a line is covered by its raw form on hand: "cooked rice" from the rice you have."""
    on_hand = frozenset(have)
    notes = []
    for line in lines:
        raw = line.name.removeprefix("cooked ")
        if raw != line.name and line.name not in on_hand and raw in on_hand and book.covers(raw, line.name):
            notes.append(f"Cook the {raw} you have first: the dish needs {_amount(line)} {line.name}.")
    return notes


def _amount(line: RecipeIngredient) -> str:
    return f"{line.quantity:g} {line.unit}"


def scale_quantity(quantity: float, unit: str, factor: float) -> float:
    """Scale one quantity, rounded as a cook would measure it (pieces in halves, spoons in quarters), never to 0."""
    scaled = quantity * factor
    if unit == "ea":
        return max(0.5, math.ceil(scaled * 2 - 1e-9) / 2)
    if unit in ("tbsp", "tsp", "cup"):
        return max(0.25, round(scaled * 4) / 4)
    if unit in ("kg", "l"):
        return max(0.001, round(scaled, 3))
    return max(0.1, round(scaled, 1)) if scaled < 10 else float(round(scaled))


def scale_to_servings(recipe: CatalogRecipe, servings: int) -> tuple[RecipeIngredient, ...]:
    factor = servings / recipe.servings
    return tuple(
        RecipeIngredient(name=line.name, quantity=scale_quantity(line.quantity, line.unit, factor), unit=line.unit)
        for line in recipe.ingredients
    )


def draft_violations(draft: RecipeDraft, request: WorkflowRequest, book: IngredientBook) -> list[str]:
    """What a generated recipe gets wrong against the request; empty when it may be served. Servings, cuisine and
    diet labels are not the model's to choose (the request and the book decide them), so only what it wrote counts:
    the time, the diets (certified through the book and the deny-list), and the use of what is on hand."""
    problems = []
    if request.max_minutes is not None and draft.total_minutes > request.max_minutes:
        problems.append(f"total_minutes is {draft.total_minutes}, over max_minutes {request.max_minutes}")
    names = [book.canonical(line.name) for line in draft.ingredients]
    problems += diet_problems(names, request.diet, book, bundled_deny_list())
    return problems + on_hand_problems(names, request, book)


def on_hand_problems(names: list[str], request: WorkflowRequest, book: IngredientBook) -> list[str]:
    """Whether the recipe uses what the cook has: at least one item, and a main ingredient on hand that the diet
    allows (salmon, tofu, chicken...) when there is one."""
    have = list(dict.fromkeys(item.name for item in book.parse_all(request.ingredients) if item.known))
    if not have:
        return []
    used = [item for item in have if any(book.covers(item, name) for name in names)]
    if not used:
        return [f"it uses nothing on hand; use at least one of: {', '.join(have)}"]
    excluded = frozenset().union(*(DIET_EXCLUDES[diet] for diet in request.diet))
    mains = [item for item in have if book.is_main(item) and not (book.flags(item) or frozenset()) & excluded]
    if mains and not set(mains) & set(used):
        return [f"it leaves out the main ingredient on hand: make {' or '.join(mains)} the centre of the dish"]
    return []


def finish_draft(
    draft: RecipeDraft, request: WorkflowRequest, book: IngredientBook, *, engine: str, source_id: str | None
) -> Recipe:
    """A checked draft as the workflow's `Recipe`: canonical ingredient names (so pricing finds them), the request's
    servings and cuisine, the diets the book certifies, and which of the request's ingredients it uses."""
    lines = [line.model_copy(update={"name": book.canonical(line.name)}) for line in draft.ingredients]
    names = frozenset(line.name for line in lines)
    on_hand = [item.name for item in book.parse_all(request.ingredients) if item.known]
    return Recipe(
        **draft.model_dump(exclude={"ingredients", "cuisine"}),
        cuisine=request.cuisine or normalise_text(draft.cuisine),
        servings=request.servings,
        diet=satisfied_diets(names, book),
        ingredients=lines,
        engine=engine,
        source_id=source_id,
        matched=matched_names(names, on_hand, book),
    )


class RecipeCatalog:
    """The offline recipe engine over the bundled collection."""

    engine = "catalog"

    def __init__(self, recipes: list[CatalogRecipe], book: IngredientBook) -> None:
        self.recipes = sorted(recipes, key=lambda recipe: recipe.id)
        self.book = book
        self._diets = {recipe.id: frozenset(satisfied_diets(recipe.names, book)) for recipe in self.recipes}

    @classmethod
    def from_json(cls, texts: str | Iterable[str], book: IngredientBook) -> RecipeCatalog:
        """The catalog from the text of one JSON array of recipes, or of several (the files of `data/recipes/`)."""
        arrays = [texts] if isinstance(texts, str) else list(texts)
        return cls([_catalog_recipe(item) for text in arrays for item in json.loads(text)], book)

    @property
    def cuisines(self) -> dict[str, int]:
        """Every cuisine of the collection and how many recipes it has, by name."""
        counts: dict[str, int] = {}
        for recipe in self.recipes:
            counts[recipe.cuisine] = counts.get(recipe.cuisine, 0) + 1
        return dict(sorted(counts.items()))

    def generate(self, request: WorkflowRequest) -> Recipe:
        """The best recipe for the request, or `RecipeGenerationFailed` saying which constraint ruled all out.

        Ranking: a recipe that uses a main ingredient on hand (meat, poultry, fish, seafood, tofu, egg, or a family
        of them) first, then the most of what is on hand, the fewest lines to buy, the shortest time, the id."""
        have = list(dict.fromkeys(item.name for item in understood(request, self.book)))
        if request.cuisine is not None and request.cuisine not in self.cuisines:
            raise RecipeGenerationFailed(
                f"the catalog has no {request.cuisine} recipes; its cuisines are: {', '.join(self.cuisines)}"
            )
        uses = {recipe.id: self._used(recipe, have) for recipe in self.recipes}
        using = [recipe for recipe in self.recipes if uses[recipe.id]]
        if not using:
            raise RecipeGenerationFailed(
                f"none of the {len(self.recipes)} catalog recipes uses any of: {', '.join(have)}"
            )
        rules: list[tuple[str, Callable[[CatalogRecipe], bool]]] = [
            (f"diet {', '.join(request.diet)}", lambda r: set(request.diet) <= self._diets[r.id]),
            (f"cuisine {request.cuisine}", lambda r: request.cuisine is None or r.cuisine == request.cuisine),
            (
                f"max_minutes {request.max_minutes}",
                lambda r: request.max_minutes is None or r.total_minutes <= request.max_minutes,
            ),
        ]
        candidates = using
        for label, rule in rules:
            kept = [recipe for recipe in candidates if rule(recipe)]
            if not kept:
                used_names = [name for name in have if any(name in uses[recipe.id] for recipe in using)]
                use = "catalog recipe uses" if len(using) == 1 else "catalog recipes use"
                left = (
                    "the 1 left does not satisfy"
                    if len(candidates) == 1
                    else f"none of the {len(candidates)} left satisfies"
                )
                raise RecipeGenerationFailed(f"{len(using)} {use} {', '.join(sorted(used_names))} but {left} {label}")
            candidates = kept
        mains = frozenset(name for name in have if self.book.is_main(name))

        def rank(recipe: CatalogRecipe) -> tuple[int, int, int, int, str]:
            used = uses[recipe.id]
            to_buy = len(recipe.names) - len(matched_names(recipe.names, have, self.book))
            return -len(used & mains), -len(used), to_buy, recipe.total_minutes, recipe.id

        best = min(candidates, key=rank)
        lines = scale_to_servings(best, request.servings)
        return Recipe(
            title=best.title,
            cuisine=best.cuisine,
            servings=request.servings,
            total_minutes=best.total_minutes,
            diet=sorted(self._diets[best.id]),
            ingredients=list(lines),
            steps=[*cooking_notes(lines, have, self.book), *best.steps],
            engine=self.engine,
            source_id=best.id,
            matched=matched_names(best.names, have, self.book),
        )

    def _used(self, recipe: CatalogRecipe, have: list[str]) -> frozenset[str]:
        """The names on hand that cover at least one line of `recipe`."""
        return frozenset(item for item in have if any(self.book.covers(item, name) for name in recipe.names))


def _catalog_recipe(item: dict[str, Any]) -> CatalogRecipe:
    return CatalogRecipe(
        id=item["id"],
        title=item["title"],
        title_ko=item["title_ko"],
        cuisine=item["cuisine"],
        servings=item["servings"],
        total_minutes=item["total_minutes"],
        diet=tuple(item["diet"]),
        ingredients=tuple(RecipeIngredient.model_validate(line) for line in item["ingredients"]),
        steps=tuple(item["steps"]),
        main=item.get("main"),
    )


@cache
def bundled_catalog() -> RecipeCatalog:
    """The recipe collection shipped in the layer (loaded once per process)."""
    return RecipeCatalog.from_json(recipe_files(), bundled_book())


def recipe_files() -> list[str]:
    """The text of every `data/recipes/*.json` file shipped in the layer, in name order."""
    folder = resources.files("aichef").joinpath("data/recipes")
    files = sorted((item for item in folder.iterdir() if item.name.endswith(".json")), key=lambda item: item.name)
    return [item.read_text("utf-8") for item in files]
