"""The rubric of tests/eval/RUBRIC.md as code: which checks one answer passes. An answer is the workflow's output
(the recipe and its pricing) or the failure's cause; the judge reads the ingredient book for roles and diets."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from aichef.contracts import WorkflowRequest
from aichef.ingredients import DIET_EXCLUDES, IngredientBook
from aichef.labels import cuisine_key, cuisines_of
from aichef.pantry import DEFAULT_PANTRY

CHECKS = ("protein", "produce", "nothing_on_hand_bought", "course", "few_to_buy", "honest", "steps", "diet_said",
          "constraints")  # fmt: skip
MEAL = frozenset({"main", "soup", "breakfast"})
_ALLOWED_NUMBER = re.compile(
    r"\d+(?:[.,/]\d+)?(?:\s+\d+/\d+)?(?:\s*(?:-|~|–|to)\s*\d+(?:[.,/]\d+)?)?"
    r"(?:\s*|-)(?:minutes?|mins?|seconds?|secs?|hours?|hrs?|°\s*[CF]|degrees?|[CF]\b|cm|mm|inch(?:es)?|%|분|초|시간"
    r"|도|센티|℃)",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"\d+\s+\d+/\d+|\d+/\d+|\d+(?:\.\d+)?")


@dataclass(frozen=True)
class Verdict:
    """Each applicable check with whether it passed; `passed` when all did."""

    checks: dict[str, bool]

    @property
    def passed(self) -> bool:
        return all(self.checks.values())


def judge(
    request: WorkflowRequest, expect: str, answer: dict[str, Any] | None, cause: str | None, book: IngredientBook
) -> Verdict:
    """Apply the rubric to one answer: `answer` is the workflow output on success, `cause` the failure's cause."""
    checks: dict[str, bool] = {}
    if answer is None:
        checks["honest"] = expect == "none" and cause is not None and _names_closest(cause)
        return Verdict(checks)
    checks["honest"] = expect == "dish"
    recipe, pricing = answer["recipe"], answer["pricing"]
    foods = [food for food in book.foods(request.ingredients) if food.known]
    excluded = frozenset().union(*(DIET_EXCLUDES[diet] for diet in request.diet))
    allowed = [food.name for food in foods if not (book.flags(food.name) or frozenset()) & excluded]
    staples = [food.name for food in book.foods(DEFAULT_PANTRY if request.pantry is None else request.pantry)]
    have = [name for name in dict.fromkeys(allowed) if name not in staples]
    lines = [line["name"] for line in recipe["ingredients"]]
    used = [name for name in have if any(book.covers(name, line) for line in lines)]
    proteins = [name for name in have if book.role(name) == "protein"]
    produce = [name for name in have if book.role(name) == "produce" and book.perishable(name)]
    if proteins:
        checks["protein"] = bool(set(proteins) & set(used))
    if produce:
        checks["produce"] = bool(set(produce) & set(used))
    buying = [line["name"] for line in pricing["to_buy"]]
    unused_roles = {book.role(name) for name in have if name not in used}
    checks["nothing_on_hand_bought"] = not [
        name for name in buying if book.role(name) in ("protein", "starch") and book.role(name) in unused_roles
    ]
    accepted = MEAL if request.course == "main" else frozenset({request.course})
    checks["course"] = recipe.get("course", "main") in accepted
    checks["few_to_buy"] = len(buying) <= 5 and not [
        name for name in buying if any(book.covers(staple, name) for staple in staples)
    ]
    checks["steps"] = _steps_match(recipe, [food.base[0] for food in foods if food.base is not None])
    ruled_out = [food.name for food in foods if (book.flags(food.name) or frozenset()) & excluded]
    if ruled_out:
        said = {item["name"] for item in recipe.get("left_out", [])}
        checks["diet_said"] = set(ruled_out) <= said
    checks["constraints"] = (
        set(request.diet) <= set(recipe["diet"])
        and (request.max_minutes is None or recipe["total_minutes"] <= request.max_minutes)
        and (request.cuisine is None or recipe["cuisine"] in cuisines_of(cuisine_key(request.cuisine)))
    )
    return Verdict(checks)


def _names_closest(cause: str) -> bool:
    return ("closest is" in cause and "would need" in cause) or ("가장 가까운 요리는" in cause)


def _steps_match(recipe: dict[str, Any], on_hand: list[float]) -> bool:
    """Every number of the steps is a time, temperature or size, the servings, an amount of a line, or an amount the
    cook has (in g, ml or pieces: "use all of your 454 g carrots")."""
    amounts = {float(recipe["servings"])} | {round(value, 2) for value in on_hand} | {float(round(v)) for v in on_hand}
    for line in recipe["ingredients"]:
        quantity = float(line["quantity"])
        amounts.add(round(quantity, 2))
        if line["unit"] == "tbsp":  # a step measures under a tablespoon in teaspoons, under a litre in ml
            amounts.add(round(quantity * 3, 2))
        if line["unit"] in ("l", "kg"):
            amounts.add(round(quantity * 1000, 2))
    for step in recipe["steps"]:
        for number in _NUMBER.findall(_ALLOWED_NUMBER.sub(" ", step)):
            if _value(number) not in amounts and not _is_share(_value(number), amounts):
                return False
    return True


def _value(text: str) -> float:
    total = 0.0
    for part in text.split():
        numerator, _, denominator = part.partition("/")
        total += float(numerator) / float(denominator) if denominator else float(numerator)
    return round(total, 2)


# The shares the catalog's step placeholders use (tests/unit/recipe_checks.py keeps them to these).
_SHARES = sorted({part / whole for whole in (2, 3, 4, 5, 6, 10) for part in range(1, whole)})


def _is_share(value: float, amounts: set[float]) -> bool:
    """A share of a line's amount as the steps render it (half the oil, a third of the sauce, 9/10 of the water),
    rounded as a cook measures."""
    return any(
        abs(value - amount * share) <= max(0.13, amount * share * 0.06) for amount in amounts for share in _SHARES
    )
