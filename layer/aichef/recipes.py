"""The catalog recipe engine: the bundled recipe a home cook would make from what they have, within the request's
course, diet, cuisine and time, scaled to the servings and written in the answer's language; or an honest "nothing
here makes that meal" naming the closest dish and what it needs. Pure and deterministic."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from typing import Any, get_args

from pydantic import TypeAdapter

from aichef import messages
from aichef.contracts import MAX_STEPS, Course, Diet, Recipe, RecipeIngredient, Substitution, WorkflowRequest
from aichef.diet_words import certified_diets
from aichef.errors import RecipeGenerationFailed
from aichef.ingredients import IngredientBook, bundled_book
from aichef.labels import amount_phrase, cuisine_key, cuisines_of, label
from aichef.language import answer_language
from aichef.pantry import pantry_names
from aichef.recipe_choice import MAX_TO_BUY, Fit, OnHand, Scales, on_hand
from aichef.recipe_lines import (
    cooking_minutes,
    cooking_notes,
    labelled,
    left_out,
    making_do_notes,
    matched_names,
    raw_for_sure,
    say_swaps,
    scale_lines,
    understood,
)
from aichef.sides import SIDE_COURSES, side_lines, side_methods, side_step
from aichef.step_text import Placeholder, steps_for
from aichef.units import BaseUnit, UnknownUnit, to_base

MEALS: dict[str, frozenset[str]] = {"main": frozenset({"main", "soup", "breakfast"})}
"""The courses a request's course accepts: a main may be a soup or a breakfast (a meal); others only themselves."""


class CatalogLine(RecipeIngredient):
    """A line of a catalog recipe; `optional` marks a garnish or something served alongside that the dish is made
    without (tests/unit/test_recipe_data.py holds which lines may be): never bought to make it. `alternatives` are
    what a cook makes this dish with instead, as a recipe writes "beef or pork" (canonical names): one on hand stands
    in for the line, and the answer says so."""

    optional: bool = False
    alternatives: tuple[str, ...] = ()


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
    ingredients: tuple[CatalogLine, ...]
    steps: tuple[str, ...]
    main: str | None = None
    course: Course = "main"
    steps_ko: tuple[str, ...] = ()
    also: tuple[Course, ...] = ()
    """Other courses the dish serves as (tteokbokki is a snack and, for many, a meal)."""
    also_cuisines: tuple[str, ...] = ()
    """Other cuisines whose everyday cooking has this very dish (roast chicken is French, British and American)."""

    @property
    def cuisines(self) -> tuple[str, ...]:
        return (self.cuisine, *self.also_cuisines)

    def cuisine_for(self, asked: str | None) -> str:
        """The cuisine the answer names: the one asked when the dish is of it, else its own."""
        wanted = cuisines_of(asked) if asked is not None else frozenset()
        return next((cuisine for cuisine in self.cuisines if cuisine in wanted), self.cuisine)

    @property
    def courses(self) -> tuple[Course, ...]:
        return (self.course, *self.also)

    def served_as(self, asked: Course) -> Course | None:
        """The course this dish is for a request that asks `asked`: the asked one when it is one of the dish's, else
        the first of the dish's that the request accepts (MEALS), else None."""
        served = self._served
        return served[asked] if asked in served else self._serve(asked)

    @cached_property
    def _served(self) -> dict[Course, Course | None]:
        """`served_as` of every course, worked out once: each request asks it of every candidate dish."""
        return {asked: self._serve(asked) for asked in get_args(Course)}

    def _serve(self, asked: Course) -> Course | None:
        if asked in self.courses:
            return asked
        accepted = MEALS.get(asked, frozenset({asked}))
        return next((course for course in self.courses if course in accepted), None)

    @property
    def names(self) -> frozenset[str]:
        return frozenset(line.name for line in self.ingredients)

    @cached_property
    def line_names(self) -> tuple[str, ...]:
        """The ingredient names in the recipe's order (what to buy is listed as the recipe lists it); made once, as
        every request weighs them."""
        return tuple(line.name for line in self.ingredients)

    @cached_property
    def optional_names(self) -> frozenset[str]:
        """The names of the optional lines (a garnish, something to serve with): never bought to make the dish (a
        name is on one line only: tests/unit/recipe_checks.py)."""
        return frozenset(line.name for line in self.ingredients if line.optional)

    @cached_property
    def alternatives(self) -> dict[str, tuple[str, ...]]:
        """Each line's alternatives, by the line's name (only the lines that have some)."""
        return {line.name: line.alternatives for line in self.ingredients if line.alternatives}


def satisfied_diets(names: frozenset[str], book: IngredientBook) -> list[Diet]:
    """The diets a set of ingredients provably satisfies, from the book's flags: none when a name is unknown."""
    return certified_diets(names, book)  # type: ignore[return-value]


def scale_to_servings(recipe: CatalogRecipe, servings: int) -> tuple[RecipeIngredient, ...]:
    """The recipe's lines for `servings`, rounded as a cook measures (`aichef.recipe_lines.scale_quantity`)."""
    return scale_lines(recipe.ingredients, servings / recipe.servings)


class RecipeCatalog:
    """The offline recipe engine over the bundled collection."""

    engine = "catalog"

    def __init__(self, recipes: list[CatalogRecipe], book: IngredientBook) -> None:
        self.recipes = sorted(recipes, key=lambda recipe: recipe.id)
        self.book = book
        self._diets: dict[str, frozenset[Diet]] = {}  # computed when first asked: most requests name no diet
        self._line_profiles: dict[str, tuple[str, float, str | None]] = {}  # a line's role, weight, swap group
        self._by_line: dict[str, list[CatalogRecipe]] = {}
        for recipe in self.recipes:
            for name in recipe.names.union(*recipe.alternatives.values()):
                self._by_line.setdefault(name, []).append(recipe)
        self._by_swap: dict[str, list[str]] = {}
        self._reached: dict[str, dict[str, CatalogRecipe]] = {}
        self._per_serving: dict[str, dict[str, tuple[float, BaseUnit]]] = {}
        for name in self._by_line:
            group = book.swap_group(name)
            if group is not None:
                self._by_swap.setdefault(group, []).append(name)

    def _needs(self, recipe: CatalogRecipe, servings: int) -> dict[str, tuple[float, BaseUnit]]:
        """Each line's amount for `servings`, in g, ml or pieces (a line in a length, which no cook measures a
        food in, is left out)."""
        per_serving = self._per_serving.get(recipe.id)
        if per_serving is None:
            per_serving = self._per_serving[recipe.id] = _per_serving(recipe)
        return {name: (amount * servings, unit) for name, (amount, unit) in per_serving.items()}

    def touching(self, names: Iterable[str]) -> list[CatalogRecipe]:
        """The recipes with a line one of `names` covers (itself, a family's members) or swaps for, in id order:
        the only ones worth weighing (an index built once, so a request scores candidates, not the catalog)."""
        found: dict[str, CatalogRecipe] = {}
        for name in names:
            found |= self._reached_by(name)
        return sorted(found.values(), key=lambda recipe: recipe.id)

    def _reached_by(self, name: str) -> dict[str, CatalogRecipe]:
        """The recipes food `name` reaches, by id (found once per name: the catalog does not change)."""
        found = self._reached.get(name)
        if found is None:
            found = self._reached[name] = {
                recipe.id: recipe for line in self._lines_of(name) for recipe in self._by_line.get(line, ())
            }
        return found

    def _lines_of(self, name: str) -> set[str]:
        """The recipe lines food `name` on hand covers (itself, a family's members) or swaps for."""
        lines = {name, *self.book.covered(name)}
        group = self.book.swap_group(name)
        if group is not None:
            lines.update(self._by_swap.get(group, ()))
        return lines

    def reach(self, have: Iterable[OnHand]) -> tuple[list[CatalogRecipe], dict[str, float]]:
        """The recipes what is on hand reaches (as `touching` finds them), and per recipe id the weight of every
        allowed food on hand that reaches it: no fit of that recipe uses more (what a dish uses covers one of its
        lines or swaps for one), so it bounds the recipe's score from above."""
        found: dict[str, CatalogRecipe] = {}
        weights: defaultdict[str, float] = defaultdict(float)
        for item in have:
            reached = self._reached_by(item.name)
            found |= reached
            if item.allowed and item.weight:
                for recipe_id in reached:
                    weights[recipe_id] += item.weight
        return list(found.values()), weights

    @classmethod
    def from_json(cls, texts: str | bytes | Iterable[str | bytes], book: IngredientBook) -> RecipeCatalog:
        """The catalog from the text of one JSON array of recipes, or of several (the files of `data/recipes/`), as
        str or as UTF-8 bytes."""
        arrays = [texts] if isinstance(texts, str | bytes) else list(texts)
        return cls([recipe for text in arrays for recipe in _RECIPES.validate_json(text)], book)

    @cached_property
    def cuisines(self) -> dict[str, int]:
        """Every cuisine a request may ask, by name, and how many recipes are of it (a recipe of its own cuisine
        and of those it also belongs to, `also_cuisines`, counts in each)."""
        counts: dict[str, int] = {}
        for recipe in self.recipes:
            for cuisine in recipe.cuisines:
                counts[cuisine] = counts.get(cuisine, 0) + 1
        return dict(sorted(counts.items()))

    def generate(self, request: WorkflowRequest) -> Recipe:
        """The recipe a cook would make, or `RecipeGenerationFailed` saying which constraint ruled all out, or that
        nothing on hand makes the meal (with the closest dish and what it needs).

        Ranking among the dishes that fit (`aichef.recipe_choice`): one that uses a protein on hand first (when the
        diet allows one), then the best score (what it uses of what is on hand against what it buys), the fewest
        lines to buy, the shortest time, the id."""
        language = answer_language(request)
        if request.cuisine is not None:  # 한식 is korean, 이탈리아 요리 italian
            request = request.model_copy(update={"cuisine": cuisine_key(request.cuisine)})
        foods = understood(request, self.book, language)
        pantry = pantry_names(request, self.book)
        amounts = {food.name: food.base for food in reversed(foods) if food.base is not None}
        have = on_hand((food.name for food in foods), request.diet, self.book, pantry, amounts)  # type: ignore[arg-type]
        if request.cuisine is not None and cuisines_of(request.cuisine).isdisjoint(self.cuisines):
            raise RecipeGenerationFailed(messages.unknown_cuisine(request.cuisine, list(self.cuisines), language))
        raw = raw_for_sure(foods)
        rules = self._rules(request, raw, language)
        fresh = [item.name for item in have if item.allowed and item.fresh_produce and item.weight]
        wanted = Wanted(
            protein=any(item.allowed and item.role == "protein" and item.weight for item in have),
            fresh_produce=bool(fresh),
            course=request.course,
            fresh_on_side=not side_methods().keys().isdisjoint(fresh),
        )
        using, bounds = self.reach(have)
        candidates = self._within_rules(
            using, have, rules, language, lambda: self._closest(request, have, pantry, rules, wanted)
        )
        scales = Scales(have, pantry, self.book, self._line_profiles)
        fits, best = self._best_dish(candidates, bounds, scales, request, wanted)
        if best is None:
            closest = min(candidates, key=lambda recipe: _rank(recipe, fits[recipe.id], wanted))
            raise RecipeGenerationFailed(
                messages.nothing_fits(
                    request.course,
                    [label(item.name, language, self.book) for item in have],
                    closest.title_ko if language == "ko" else closest.title,
                    [label(name, language, self.book) for name in fits[closest.id].to_buy],
                    language,
                )
            )
        return self._recipe(best, fits[best.id], request, foods, have, language)

    def _best_dish(
        self,
        candidates: list[CatalogRecipe],
        bounds: dict[str, float],
        scales: Scales,
        request: WorkflowRequest,
        wanted: Wanted,
    ) -> tuple[dict[str, Fit], CatalogRecipe | None]:
        """The best-ranked dish among `candidates` (None when none makes the meal), and the fits weighed to find it
        (every candidate's when there is none). Branch and bound: candidates are weighed from the highest bound on
        their score down, and the search stops once a dish that meets every preference ranks above any bound left
        (the rank after the preferences is the score), so most of a large catalog is never weighed."""
        fits: dict[str, Fit] = {}
        best: CatalogRecipe | None = None
        best_rank: Rank | None = None
        for recipe in sorted(candidates, key=lambda recipe: -bounds.get(recipe.id, 0.0)):
            if (
                best_rank is not None
                and not any(best_rank[:PREFERENCES])
                and bounds.get(recipe.id, 0.0) < -best_rank[5]
            ):
                break
            fit = fits[recipe.id] = self._weigh(scales, recipe, request.servings)
            if makes_the_meal(recipe, fit, request.course):
                rank = _rank(recipe, fit, wanted)
                if best_rank is None or rank < best_rank:
                    best, best_rank = recipe, rank
        return fits, best

    def _weigh(self, scales: Scales, recipe: CatalogRecipe, servings: int) -> Fit:
        """How `recipe`, at `servings`, uses what is on hand (`Scales.weigh` with its garnishes and alternatives)."""
        return scales.weigh(
            recipe.line_names, self._needs(recipe, servings), recipe.optional_names, recipe.alternatives
        )

    def diets(self, recipe: CatalogRecipe) -> frozenset[Diet]:
        """The diets `recipe` provably satisfies, from its ingredients' flags (never from its tags)."""
        found = self._diets.get(recipe.id)
        if found is None:
            found = self._diets[recipe.id] = frozenset(satisfied_diets(recipe.names, self.book))
        return found

    def _rules(
        self, request: WorkflowRequest, raw: list[str], language: str
    ) -> list[tuple[str, Callable[[CatalogRecipe], bool]]]:
        """The request's constraints, each with the label a failure names it by, in the order they are checked. A
        dish's time counts the `raw` foods on hand it cooks first (`aichef.recipe_lines.raw_for_sure`)."""
        diets = set(request.diet)
        asked = cuisines_of(request.cuisine) if request.cuisine is not None else None  # once, not per recipe
        return [
            (
                messages.rule_label("diet", ", ".join(request.diet), language),
                lambda r: not diets or diets <= self.diets(r),
            ),
            (
                messages.rule_label("cuisine", str(request.cuisine), language),
                lambda r: asked is None or not asked.isdisjoint(r.cuisines),
            ),
            (
                messages.rule_label("max_minutes", str(request.max_minutes), language),
                lambda r: (
                    request.max_minutes is None
                    or r.total_minutes + cooking_minutes(r.line_names, raw, self.book) <= request.max_minutes
                ),
            ),
            (
                messages.rule_label("course", request.course, language),
                lambda r: r.served_as(request.course) is not None,
            ),
        ]

    def _within_rules(
        self,
        using: list[CatalogRecipe],
        have: list[OnHand],
        rules: list[tuple[str, Callable[[CatalogRecipe], bool]]],
        language: str,
        closest: Callable[[], str],
    ) -> list[CatalogRecipe]:
        """The recipes of `using` (those what is on hand reaches) that keep the course, diet, cuisine and time; a
        failure names the rule that ruled the last ones out, and the closest dish the rules allow (`closest`)."""
        if not using:
            names = [label(item.name, language, self.book) for item in have]
            raise RecipeGenerationFailed(messages.none_uses(len(self.recipes), names, language) + closest())
        candidates = using
        for rule_label, rule in rules:
            kept = [recipe for recipe in candidates if rule(recipe)]
            if not kept:
                used = sorted(item.name for item in have if self._reached_by(item.name))
                shown = [label(name, language, self.book) for name in used]
                cause = messages.ruled_out(len(using), shown, len(candidates), rule_label, language)
                raise RecipeGenerationFailed(cause + closest())
            candidates = kept
        return candidates

    def _closest(
        self,
        request: WorkflowRequest,
        have: list[OnHand],
        pantry: list[str],
        rules: list[tuple[str, Callable[[CatalogRecipe], bool]]],
        wanted: Wanted,
    ) -> str:
        """What a failure adds: the dish the rules allow that is closest to what is on hand, and what it needs
        (empty when no recipe keeps every rule)."""
        allowed = [recipe for recipe in self.recipes if all(rule(recipe) for _, rule in rules)]
        if not allowed:
            return ""
        language = answer_language(request)
        scales = Scales(have, pantry, self.book, self._line_profiles)
        fits = {recipe.id: self._weigh(scales, recipe, request.servings) for recipe in allowed}
        best = min(allowed, key=lambda recipe: _rank(recipe, fits[recipe.id], wanted))
        title = best.title_ko if language == "ko" else best.title
        return messages.closest(title, [label(name, language, self.book) for name in fits[best.id].to_buy], language)

    def _recipe(
        self,
        best: CatalogRecipe,
        fit: Fit,
        request: WorkflowRequest,
        foods: list[Any],
        have_on_hand: list[OnHand],
        language: str,
    ) -> Recipe:
        """`best` as the answer: scaled, swaps made and said, steps and notes in the answer's language, and the fresh
        vegetables on hand it leaves served on the side of a meal that uses none of them (`aichef.sides`)."""
        swaps = dict(fit.swaps)
        scaled = scale_to_servings(best, request.servings)
        lines = [line.model_copy(update={"name": swaps.get(line.name, line.name)}) for line in scaled]
        by_recipe_name = {original.name: line for original, line in zip(scaled, lines, strict=True)}

        def amount_text(placeholder: Placeholder) -> str:
            line = by_recipe_name[placeholder.name]
            quantity = scale_lines([line], float(placeholder.share))[0].quantity if placeholder.share != 1 else None
            return amount_phrase(line.name, quantity or line.quantity, line.unit, language, self.book)

        steps = best.steps_ko if language == "ko" and best.steps_ko else best.steps
        have = [food.name for food in foods]
        course = best.served_as(request.course) or best.course
        written = within_steps(
            [
                *cooking_notes(lines, have, self.book, language),
                *making_do_notes(lines, foods, self.book, pantry_names(request, self.book), language),
            ],
            say_swaps(steps_for(steps, amount_text, request.servings), fit.swaps, language, self.book),
        )
        sides = self._sides(fit, course, foods, have_on_hand, request.servings) if len(written) < MAX_STEPS else []
        side = side_step(sides, language, self.book)
        lines = [*lines, *sides]
        names = [line.name for line in lines]
        return Recipe(
            title=best.title_ko if language == "ko" else best.title,
            cuisine=best.cuisine_for(request.cuisine),
            servings=request.servings,
            total_minutes=best.total_minutes + cooking_minutes(names, raw_for_sure(foods), self.book),
            diet=sorted(self.diets(best) if not fit.swaps else satisfied_diets(frozenset(names), self.book)),
            ingredients=labelled(lines, language, self.book),
            steps=[*written, side] if side else written,
            engine=self.engine,
            source_id=best.id,
            matched=matched_names(names, [*have, *swaps.values()], self.book),
            course=course,
            language=language,  # type: ignore[arg-type]
            substitutions=[Substitution(recipe=recipe, use=use) for recipe, use in fit.swaps],
            left_out=left_out(foods, request, names, self.book, language),
        )

    def _sides(
        self, fit: Fit, course: str, foods: list[Any], have: list[OnHand], servings: int
    ) -> list[RecipeIngredient]:
        """The fresh vegetables on hand a meal (a main or a soup) that uses none of them leaves, as side lines."""
        if fit.uses_fresh_produce or course not in SIDE_COURSES:
            return []
        left = [item.name for item in have if item.allowed and item.fresh_produce]  # none of them is used
        return side_lines(foods, left, servings)


@dataclass(frozen=True)
class Wanted:
    """What a cook expects a dish to use when they have it: a protein, fresh produce (tests/eval/RUBRIC.md)."""

    protein: bool
    fresh_produce: bool
    course: Course = "main"
    """The course asked."""
    fresh_on_side: bool = False
    """Whether some of that fresh produce can be served on the side of a meal (`aichef.sides`): then a main or a soup
    that uses none of it still uses it, as the answer serves it alongside."""

    def misses_fresh_produce(self, recipe: CatalogRecipe, fit: Fit) -> bool:
        """Whether `recipe` leaves the fresh produce on hand in the fridge: it uses none of it and serves none of it
        on the side."""
        if not self.fresh_produce or fit.uses_fresh_produce:
            return False
        return not (self.fresh_on_side and (recipe.served_as(self.course) or recipe.course) in SIDE_COURSES)


def makes_the_meal(recipe: CatalogRecipe, fit: Fit, course: Course) -> bool:
    """Whether a cook makes `recipe` for the `course` asked from what `fit` weighed: it makes a dish of the course it
    is served as, and its centre is not bought for one thing on hand."""
    return fit.makes(recipe.served_as(course) or "main") and not _centre_only_bought(recipe, fit)


def within_steps(notes: list[str], steps: list[str]) -> list[str]:
    """The notes before the steps in at most MAX_STEPS steps: the notes as one step when all would not fit (a cook
    reads "cook the rice first" and "use all of your 300 g beef" together), and the last steps as one if need be."""
    if notes and len(notes) + len(steps) > MAX_STEPS:
        notes = [" ".join(notes)]
    written = [*notes, *steps]
    if len(written) > MAX_STEPS:
        written = [*written[: MAX_STEPS - 1], " ".join(written[MAX_STEPS - 1 :])]
    return written


def _per_serving(recipe: CatalogRecipe) -> dict[str, tuple[float, BaseUnit]]:
    """A recipe's lines per serving in g, ml or pieces, a name's lines added up (when they share a unit)."""
    found: dict[str, tuple[float, BaseUnit]] = {}
    for line in recipe.ingredients:
        try:
            amount, unit = to_base(line.quantity / recipe.servings, line.unit)
        except UnknownUnit:
            continue
        before = found.get(line.name)
        if before is None or before[1] == unit:
            found[line.name] = ((before[0] if before else 0.0) + amount, unit)
    return found


def _centre_only_bought(recipe: CatalogRecipe, fit: Fit) -> bool:
    """A dish whose centre (`main`) must be bought while it uses one thing on hand is not made from what the cook
    has: half a lemon does not make grilled mackerel."""
    return recipe.main is not None and recipe.main in fit.to_buy and len(fit.used) < 2


Rank = tuple[int, int, int, int, int, float, int, int, int, str]
"""A recipe's place (smallest first): the preferences, each 0 when met, then -score and the tie-breaks."""
PREFERENCES = 5
"""How many of a Rank's first places are preferences (a dish meeting all of them ranks by score alone, at [5])."""


def _rank(recipe: CatalogRecipe, fit: Fit, wanted: Wanted) -> Rank:
    """How the engine orders recipes (smallest first), as a home cook would: one that uses a protein on hand when
    there is one; one that leaves no fresh produce on hand in the fridge (it uses some, or serves it on the side);
    one that buys no protein or starch while the like waits on hand (no rice bought while the spaghetti waits); one
    that cooks the fresh produce into the dish rather than on the side; one with at most MAX_TO_BUY lines to buy;
    then the best score, the most lines covered, the fewest to buy, the shortest time, the id."""
    return (
        int(wanted.protein and not fit.uses_protein),
        int(wanted.misses_fresh_produce(recipe, fit)),
        int(fit.like_bought > 0),
        int(wanted.fresh_produce and not fit.uses_fresh_produce),
        int(fit.shopping > MAX_TO_BUY),
        -fit.score,
        -fit.covered,
        fit.shopping,
        recipe.total_minutes,
        recipe.id,
    )


_RECIPES = TypeAdapter(list[CatalogRecipe])
"""The recipes of one data file, from JSON text to CatalogRecipe in one pydantic-core call (no json.loads and no
Python call per recipe or line): a cold start loads 784 recipes and 6,628 lines."""


@cache
def bundled_catalog() -> RecipeCatalog:
    """The recipe collection shipped in the layer (loaded once per process)."""
    return RecipeCatalog.from_json(_recipe_bytes(), bundled_book())


def recipe_files() -> list[str]:
    """The text of every `data/recipes/*.json` file shipped in the layer, in name order."""
    return [data.decode("utf-8") for data in _recipe_bytes()]


def _recipe_bytes() -> list[bytes]:
    """The bytes of every `data/recipes/*.json` file, in name order: pydantic-core reads UTF-8 JSON as it is, so the
    cold start neither decodes 0.9 MB of text nor has it encoded again (a fifth of the catalog's load)."""
    folder = resources.files("aichef").joinpath("data/recipes")
    files = sorted((item for item in folder.iterdir() if item.name.endswith(".json")), key=lambda item: item.name)
    return [item.read_bytes() for item in files]
