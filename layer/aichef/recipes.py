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
    """The diets a set of ingredients satisfies, from the ingredients' flags (the single source of truth)."""
    flags: set[str] = set()
    for name in names:
        flags |= book.flags(name) or frozenset()
    return [diet for diet, excluded in DIET_EXCLUDES.items() if not flags & excluded]  # type: ignore[misc]


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
    """What a generated recipe gets wrong against the request's hard constraints; empty when it may be served.

    Diets are checked against the ingredient book's flags, not the diets the recipe claims.
    """
    problems = []
    if draft.servings != request.servings:
        problems.append(f"servings is {draft.servings} but the request asks for {request.servings}")
    if request.max_minutes is not None and draft.total_minutes > request.max_minutes:
        problems.append(f"total_minutes is {draft.total_minutes}, over max_minutes {request.max_minutes}")
    if request.cuisine is not None and normalise_text(draft.cuisine) != request.cuisine:
        problems.append(f"cuisine is {draft.cuisine!r} but the request asks for {request.cuisine!r}")
    for diet in request.diet:
        breaking = sorted({line.name for line in draft.ingredients if not _known_allowed(book, line.name, diet)})
        if breaking:
            problems.append(f"diet {diet} rules out {', '.join(breaking)}")
    return problems


def _known_allowed(book: IngredientBook, name: str, diet: str) -> bool:
    flags = book.flags(name)
    return flags is None or not flags & DIET_EXCLUDES[diet]


def finish_draft(
    draft: RecipeDraft, request: WorkflowRequest, book: IngredientBook, *, engine: str, source_id: str | None
) -> Recipe:
    """A checked draft as the workflow's `Recipe`: canonical ingredient names (so pricing finds them), the diets
    the ingredients really satisfy, and which of the request's ingredients it uses."""
    lines = [line.model_copy(update={"name": book.canonical(line.name)}) for line in draft.ingredients]
    names = frozenset(line.name for line in lines)
    diets = satisfied_diets(names, book)
    if any(book.flags(name) is None for name in names):  # unknown flags: trust only diets the engine also claims
        diets = [diet for diet in diets if diet in draft.diet or diet in request.diet]
    on_hand = [item.name for item in book.parse_all(request.ingredients) if item.known]
    return Recipe(
        **draft.model_dump(exclude={"ingredients", "diet", "cuisine"}),
        cuisine=request.cuisine or normalise_text(draft.cuisine),
        diet=diets,
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
    def from_json(cls, text: str, book: IngredientBook) -> RecipeCatalog:
        return cls([_catalog_recipe(item) for item in json.loads(text)], book)

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
    text = resources.files("aichef").joinpath("data/recipes.json").read_text("utf-8")
    return RecipeCatalog.from_json(text, bundled_book())
