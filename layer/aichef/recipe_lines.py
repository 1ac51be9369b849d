"""What both recipe engines do with a recipe's lines and the cook's items: which items were understood, which
lines they cover, the cooking notes a covered line needs, what a diet left out, and scaling. Pure."""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Collection, Iterable
from functools import cache
from importlib import resources

from aichef import patterns
from aichef.contracts import LeftOut, RecipeIngredient, RecipeLine, WorkflowRequest
from aichef.errors import RecipeGenerationFailed
from aichef.ingredients import DIET_EXCLUDES, IngredientBook, ParsedIngredient
from aichef.labels import amount_phrase, label
from aichef.messages import diet_rules_out, none_understood
from aichef.pantry import Pantry
from aichef.units import UnknownUnit, to_base


def understood(request: WorkflowRequest, book: IngredientBook, language: str = "en") -> list[ParsedIngredient]:
    """The foods of the request the book understood; `RecipeGenerationFailed` naming every item when none is."""
    known = [food for food in book.foods(request.ingredients) if food.known]
    if not known:
        raise RecipeGenerationFailed(none_understood(list(dict.fromkeys(request.ingredients)), language))
    return known


def matched_names(names: Iterable[str], have: Iterable[str], book: IngredientBook) -> list[str]:
    """The recipe's ingredient names that something on hand covers (a family covers its members), sorted."""
    on_hand = list(have)
    return sorted({name for name in names if any(book.covers(item, name) for item in on_hand)})


def cooking_notes(
    lines: Iterable[RecipeIngredient], have: Iterable[str], book: IngredientBook, language: str = "en"
) -> list[str]:
    """Steps to add when a line is covered by its raw form on hand: "cooked rice" from the rice you have, "canned
    chickpea" from chickpeas that may be dried."""
    on_hand = frozenset(have)
    notes = []
    for line in lines:
        for prefix in ("cooked ", "canned "):
            raw = made_from(line.name, prefix, on_hand, book)
            if raw is not None:
                needed = amount_phrase(line.name, line.quantity, line.unit, language, book)
                notes.append(_cook_first(raw, needed, prefix == "canned ", language, book))
    return notes


def made_from(name: str, prefix: str, on_hand: Collection[str], book: IngredientBook) -> str | None:
    """The raw form on hand a line `name` ("cooked rice", "canned chickpeas") is made from (rice, chickpeas), when the
    line itself is not on hand."""
    raw = name.removeprefix(prefix)
    if raw != name and name not in on_hand and raw in on_hand and book.covers(raw, name):
        return raw
    return None


_SOAKED_AND_SIMMERED = 8 * 60 + 60
RAW_COOKING_MINUTES = {
    "cooked rice": 30,
    "canned chickpea": _SOAKED_AND_SIMMERED,
    "canned black bean": _SOAKED_AND_SIMMERED,
    "canned kidney bean": _SOAKED_AND_SIMMERED,
    "canned cannellini bean": _SOAKED_AND_SIMMERED,
}
"""What a line made from its raw form on hand adds to the dish's time: rice is cooked first (rinsed, boiled, rested);
dried beans soak overnight (8 hours) and simmer for an hour before they stand for the tin."""


_SAYS_RAW = patterns.compile(r"\b(?:uncooked|raw|dry|dried)\b", re.IGNORECASE)


def raw_for_sure(foods: Iterable[ParsedIngredient]) -> list[str]:
    """The foods the cook's words say are raw: "uncooked rice", "dry rice", and every food named in Korean, where
    rice is 쌀 and cooked rice 밥 (only rice has a cooking time: RAW_COOKING_MINUTES). A bare English "rice" may be
    last night's, so it adds no cooking time."""
    return [food.name for food in foods if any("가" <= ch <= "힣" for ch in food.text) or _SAYS_RAW.search(food.text)]


def cooking_minutes(names: Collection[str], have: Iterable[str], book: IngredientBook) -> int:
    """The minutes the raw forms on hand (`have`, `raw_for_sure`) add to a dish of lines `names`: rice cooked for
    its cooked rice, dried beans soaked and simmered for its tinned ones."""
    on_hand = frozenset(have)
    if not on_hand:  # most requests: nothing the cook says is raw
        return 0
    return sum(
        minutes
        for name, minutes in RAW_COOKING_MINUTES.items()
        if name in names and made_from(name, name.split(" ")[0] + " ", on_hand, book) is not None
    )


def _cook_first(raw: str, needed: str, canned: bool, language: str, book: IngredientBook) -> str:
    name = label(raw, language, book)
    if language == "ko":
        if canned:
            return (
                f"가지고 있는 {name}{_particle(name, '이')} 마른 콩이면 하룻밤 불린 뒤 무르게 삶아 둔다:"
                f" 이 요리에는 {needed}{_particle(needed, '이')} 필요하다."
            )
        return (
            f"가지고 있는 {name}{_particle(name)} 먼저 짓는다: 이 요리에는 {needed}{_particle(needed, '이')} 필요하다."
        )
    if canned:
        return f"If your {name} is dried, soak it overnight and simmer it until tender first: the dish needs {needed}."
    return f"Cook the {name} you have first: the dish needs {needed}."


def making_do_notes(
    lines: Iterable[RecipeIngredient],
    foods: Iterable[ParsedIngredient],
    book: IngredientBook,
    staples: Iterable[str],
    language: str = "en",
) -> list[str]:
    """A note for each line the cook has nearly enough of (aichef.pantry.close_enough): use all of it, buy none."""
    stock = Pantry(foods, book, staples)
    notes = []
    for line in lines:
        try:
            quantity, unit = to_base(line.quantity, line.unit)
        except UnknownUnit:
            continue
        stock.shortfall(line.name, quantity, unit)
        if line.name in stock.made_do:
            needed = amount_phrase(line.name, line.quantity, line.unit, language, book)
            # in the unit the cook gave it ("500 g", not "0.4 whole chicken"), else in the line's
            on_hand, given = stock.made_do_with.get(line.name, (line.quantity * stock.made_do[line.name], line.unit))
            on_hand = float(round(on_hand)) if given in ("g", "ml") and on_hand >= 10 else on_hand
            have = amount_phrase(line.name, on_hand, given, language, book)
            if language == "ko":
                notes.append(
                    f"{have}{_particle(have)} 모두 쓴다: 이 요리에는 {needed}{_particle(needed, '이')} 필요하지만"
                    " 그만하면 충분하다."
                )
            else:
                notes.append(f"Use all of your {have}: the dish asks for {needed}, and that is close enough.")
    return notes


def labelled(lines: Iterable[RecipeIngredient], language: str, book: IngredientBook) -> list[RecipeLine]:
    """The lines with their names in the answer's language beside the canonical ones."""
    return [RecipeLine(**line.model_dump(include=_ANSWERED), label=label(line.name, language, book)) for line in lines]


_ANSWERED = {"name", "quantity", "unit", "optional"}
"""What an answered line keeps of a catalog line (its alternatives were weighed already)."""


def _particle(text: str, kind: str = "을") -> str:
    from aichef.step_text import particle

    return particle(kind, text)


def left_out(
    foods: Iterable[ParsedIngredient],
    request: WorkflowRequest,
    used: Iterable[str],
    book: IngredientBook,
    language: str = "en",
) -> list[LeftOut]:
    """What the cook has that the request's diets rule out, why, and what the dish uses instead (from
    data/diet_swaps.csv), in the order of the request."""
    names = frozenset(used)
    found: dict[str, LeftOut] = {}
    for food in foods:
        flags = book.flags(food.name) or frozenset()
        clashes = [
            diet_rules_out(diet, sorted(flags & DIET_EXCLUDES[diet]), language)
            for diet in request.diet
            if flags & DIET_EXCLUDES[diet]
        ]
        if clashes and food.name not in found:
            instead = next((swap for swap in diet_swaps().get(food.name, ()) if swap in names), None)
            found[food.name] = LeftOut(
                name=food.name, reason="; ".join(clashes), instead=instead, label=label(food.name, language, book)
            )
    return list(found.values())


@cache
def diet_swaps() -> dict[str, tuple[str, ...]]:
    """What a cook uses instead of an ingredient a diet rules out (honey -> maple syrup, sugar...), by name."""
    text = resources.files("aichef").joinpath("data/diet_swaps.csv").read_text("utf-8")
    return {row["name"]: tuple(row["instead"].split("|")) for row in csv.DictReader(text.splitlines())}


def scale_quantity(quantity: float, unit: str, factor: float) -> float:
    """Scale one quantity, rounded as a cook would measure it (pieces in halves, spoons in quarters, less than a
    tablespoon in eighths of a teaspoon, as `labels.kitchen_measure` writes it), never to 0."""
    scaled = quantity * factor
    if unit == "ea":
        return max(0.5, math.ceil(scaled * 2 - 1e-9) / 2)
    if unit == "tbsp" and scaled < 1:  # rounded once, in the teaspoons it is written in: 2/3 tbsp is 2 tsp
        return max(1 / 24, round(scaled * 24) / 24)
    if unit in ("tbsp", "tsp", "cup"):
        return max(0.25, round(scaled * 4) / 4)
    if unit in ("kg", "l"):
        return max(0.001, round(scaled, 3))
    return max(0.1, round(scaled, 1)) if scaled < 10 else float(round(scaled))


def scale_lines(lines: Iterable[RecipeIngredient], factor: float) -> tuple[RecipeIngredient, ...]:
    """Every line scaled by `factor` (`scale_quantity`)."""
    return tuple(
        line.model_copy(update={"quantity": scale_quantity(line.quantity, line.unit, factor)}) for line in lines
    )


_PARTICLE_AT_END = patterns.compile(r"(?:을|를|이|가|은|는|과|와|도|의|으로|로|에)$")


def say_swaps(steps: list[str], swaps: Iterable[tuple[str, str]], language: str, book: IngredientBook) -> list[str]:
    """The steps with a swapped line's kind, named in the step's own words, named as what is used instead: a recipe
    that says "stir-fry the beef" after its sirloin line took the pork on hand says "stir-fry the pork" ("소고기를" ->
    "돼지고기를"). Only a kind (the book's family) that differs, and never where the kind and the word after it name
    another food of the book ("the beef stock", "소고기 육수")."""
    for recipe_name, use in swaps:
        before, after = book.get(recipe_name), book.get(use)
        if not (before and after and before.family and after.family and before.family != after.family):
            continue
        kind, instead = label(before.family, language, book), label(after.family, language, book)
        lead = "" if language == "ko" else "the "
        pattern = re.compile(rf"(?<![\w가-힣])(?P<lead>{lead}){re.escape(kind)}(?P<rest>[가-힣]*)(?P<next> \w+)?")

        def rename(found: re.Match[str], kind: str = kind, instead: str = instead, family: str = before.family) -> str:
            rest, following = found["rest"], found["next"] or ""
            named = book.parse(f"{kind}{_PARTICLE_AT_END.sub('', rest)}{_PARTICLE_AT_END.sub('', following)}")
            if named.known and named.name != family:
                return found[0]  # "the beef stock", "소고기 육수를", "소고기육수": another food
            return f"{found['lead']}{instead}{rest}{following}"

        steps = [pattern.sub(rename, step) for step in steps]
    return steps
