"""What every catalog recipe must satisfy (data/README.md): one place for the data test and for anyone editing a
recipe file. `python tests/unit/recipe_checks.py FILE...` prints each recipe's problems and exits 1 on any."""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from fractions import Fraction
from pathlib import Path
from typing import Any

from aichef.ingredients import IngredientBook, bundled_book
from aichef.labels import CATALOG_CUISINES
from aichef.language import hangul_share
from aichef.pricing import bundled_prices
from aichef.step_text import PLACEHOLDER, placeholders

SHARE_DENOMINATORS = frozenset({1, 2, 3, 4, 5, 6, 10})
"""The shares a step may take of a line (half, a third, a quarter, a fifth, a sixth, a tenth, and their multiples)."""
COURSES = frozenset({"main", "side", "soup", "breakfast", "dessert", "snack"})
UNITS = frozenset({"g", "kg", "ml", "l", "tsp", "tbsp", "cup", "ea"})
# A number in a step is allowed only as a time, a temperature or a size.
_NUMBER = r"\d+(?:[.,/]\d+)?(?:\s*(?:-|~|–|to)\s*\d+(?:[.,/]\d+)?)?"
_ALLOWED_AFTER = (
    r"(?:minutes?|mins?|seconds?|secs?|hours?|hrs?|°\s*[CF]|degrees?|[CF]\b|cm|mm|centimet(?:re|er)s?|inch(?:es)?"
    r"|%|분|초|시간|도|센티(?:미터)?|℃)"
)
_ALLOWED_NUMBER = re.compile(rf"{_NUMBER}(?:\s*|-){_ALLOWED_AFTER}", re.IGNORECASE)
_ANY_NUMBER = re.compile(r"\d")
_ENGLISH_COUNTS = re.compile(
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|half (?:the|of)|a quarter of)\b",
    re.IGNORECASE,
)
_KOREAN_COUNTS = re.compile(
    r"(?:(?<![가-힣])(?:한|두|세|네|다섯|여섯|일곱|여덟)|절반|반)\s?"
    r"(?:개|그릇|장|쪽|모|마리|컵|큰술|작은술|공기|줌|대|포기|알|덩이|토막)|절반"
)
_HANGUL = re.compile(r"[가-힣]")
GARNISHES = frozenset({
    "green onion", "chives", "cilantro", "parsley", "basil", "thai basil", "mint", "dill", "crown daisy", "sesame seed",
    "nori", "seasoned laver", "red pepper flakes", "lime", "lemon", "sour cream", "parmesan", "pecorino romano",
    "peanut", "pine nut", "cashew", "almond", "walnut", "bonito flakes", "crispy fried onion", "jalapeno",
    "cheongyang chili", "thai chili", "red chili", "pickled jalapeno", "hot sauce", "sriracha", "chili oil",
})  # fmt: skip
"""What a cook adds to finish a dish, and so what a recipe may mark `optional` (herbs, seeds, nuts, a wedge of
citrus, a spoon of sour cream, grated hard cheese, chilli)."""
_FINISHING = re.compile(r"\b(?:garnish|sprinkle|scatter|top|topped|serve|served|finish|crumble)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+")


def bare_numbers(step: str) -> list[str]:
    """The numbers and counts of a step that are not in a placeholder and not a time, temperature or size."""
    text = PLACEHOLDER.sub(" ", step)
    text = _ALLOWED_NUMBER.sub(" ", text)
    found = [match.group(0) for match in re.finditer(r"\d+(?:[.,/]\d+)?", text)]
    found += [match.group(0) for match in _ENGLISH_COUNTS.finditer(text)]
    found += [match.group(0) for match in _KOREAN_COUNTS.finditer(text)]
    return found


def korean_course_problem(item: dict[str, Any]) -> str | None:
    """A Korean stew (찌개, 전골, 탕; not 맛탕, candied sweet potato) is a soup to a cook who asks for 국물 요리,
    whatever else it is; a pancake (전) is a side and a snack."""
    if item.get("cuisine") != "korean":
        return None
    title = re.sub(r"\s*\(.*\)$", "", item.get("title_ko", "")).strip()
    courses = {item.get("course"), *item.get("also", [])}
    if re.search(r"(찌개|전골|탕)$", title) and not title.endswith("맛탕") and "soup" not in courses:
        return f"{title} is a stew: it serves as a soup too (also: soup)"
    if title.endswith("전") and not {"side", "snack"} <= courses:
        return f"{title} is a pancake: a side and a snack"
    return None


def alternative_problems(line: dict[str, Any], names: list[str], book: IngredientBook) -> list[str]:
    """What is wrong with a line's `alternatives`: each a canonical name of the book with a price in both currencies,
    of the line's role (a protein for a protein), neither the line nor another line of the recipe, each once."""
    problems = []
    options = line.get("alternatives", [])
    if len(set(options)) < len(options):
        problems.append(f"{line['name']!r}: an alternative is named twice")
    prices = bundled_prices()
    for option in options:
        found = book.get(option)
        if found is None or found.name != option:
            problems.append(f"{line['name']!r}: alternative {option!r} is not a canonical name of the ingredient book")
        elif option in names:
            problems.append(f"{line['name']!r}: alternative {option!r} is a line of the recipe")
        elif book.role(option) != book.role(line["name"]):
            problems.append(
                f"{line['name']!r}: alternative {option!r} is a {book.role(option)}, not a {book.role(line['name'])}"
            )
        elif not prices.lookup([option], "KRW") or not prices.lookup([option], "USD"):
            problems.append(f"{line['name']!r}: alternative {option!r} has no price")
    return problems


def optional_problem(item: dict[str, Any], line: dict[str, Any]) -> str | None:
    """Why `line` may not be `optional` in recipe `item`, or None: an optional line is a garnish (GARNISHES), not the
    dish's main, and every English sentence that names it finishes or serves the dish with it ("top with {x}",
    "serve with {lemon} in wedges"), never cooks it in; citrus only as wedges, never its juice or zest."""
    name = line["name"]
    if name not in GARNISHES or name == item.get("main"):
        return f"{name!r} is optional but not a garnish"
    pattern = re.compile(r"\{" + re.escape(name) + r"(?:\*[^}]*)?\}")
    sentences = [part for step in item.get("steps", []) for part in _SENTENCE_END.split(step) if pattern.search(part)]
    for sentence in sentences:
        before = sentence[: pattern.search(sentence).start()]  # type: ignore[union-attr]
        if f"juice of {{{name}" in sentence or f"zest of {{{name}" in sentence:
            return f"{name!r} is optional but its juice or zest goes into the dish"
        if name in ("lemon", "lime") and "wedge" not in sentence or not _FINISHING.search(before):
            return f"{name!r} is optional but {sentence!r} cooks it in"
    return None if sentences else f"{name!r} is optional but no step uses it"


def _shares(steps: list[str]) -> Counter[tuple[str, Fraction]]:
    return Counter((item.name, item.share) for step in steps for item in placeholders(step))


def recipe_problems(item: dict[str, Any], book: IngredientBook) -> list[str]:
    """Everything wrong with one recipe of a `data/recipes/*.json` file; empty when it may ship."""
    problems: list[str] = []
    names = [line["name"] for line in item.get("ingredients", [])]
    if item.get("course") not in COURSES:
        problems.append(f"course {item.get('course')!r} is not one of {sorted(COURSES)}")
    also = item.get("also", [])
    if (
        not isinstance(also, list)
        or not set(also) <= COURSES
        or item.get("course") in also
        or len(set(also)) < len(also)
    ):
        problems.append(f"also {also!r} must list other courses of {sorted(COURSES)}, each once")
    if not _HANGUL.search(item.get("title_ko", "")):
        problems.append("title_ko is not Korean")
    if (problem := korean_course_problem(item)) is not None:
        problems.append(problem)
    prices = bundled_prices()
    for line in item.get("ingredients", []):
        if book.get(line["name"]) is None or book.get(line["name"]).name != line["name"]:  # type: ignore[union-attr]
            problems.append(f"{line['name']!r} is not a canonical name of the ingredient book")
        elif not prices.lookup([line["name"]], "KRW") or not prices.lookup([line["name"]], "USD"):
            problems.append(f"{line['name']!r} has no price")
        if line["unit"] not in UNITS or not line["quantity"] > 0:
            problems.append(f"{line['name']!r}: {line['quantity']} {line['unit']} is not a quantity in {sorted(UNITS)}")
    if len(set(names)) != len(names):
        problems.append("an ingredient appears twice")
    for line in item.get("ingredients", []):
        if line.get("optional", False) is not False and (problem := optional_problem(item, line)) is not None:
            problems.append(problem)
        problems += alternative_problems(line, names, book)
    also_cuisines = item.get("also_cuisines", [])
    if item.get("cuisine") in also_cuisines or len(set(also_cuisines)) < len(also_cuisines):
        problems.append(f"also_cuisines {also_cuisines!r} must name other cuisines, each once")
    problems += [
        f"{name!r} is no cuisine of the catalog (aichef.labels.CATALOG_CUISINES)"
        for name in (item.get("cuisine"), *also_cuisines)
        if name not in CATALOG_CUISINES
    ]
    steps, steps_ko = item.get("steps", []), item.get("steps_ko", [])
    if not steps or len(steps) != len(steps_ko):
        problems.append(f"{len(steps)} English steps but {len(steps_ko)} Korean ones")
    for language, written in (("en", steps), ("ko", steps_ko)):
        for number, step in enumerate(written, start=1):
            where = f"{language} step {number}"
            try:
                unknown = [p.name for p in placeholders(step) if p.name != "servings" and p.name not in names]
            except ValueError as error:
                problems.append(f"{where}: {error}")
                continue
            if unknown:
                problems.append(f"{where}: {{{', '.join(unknown)}}} is not an ingredient line of the recipe")
            odd = [str(p.share) for p in placeholders(step) if p.share.denominator not in SHARE_DENOMINATORS]
            if odd:
                problems.append(f"{where}: shares {odd} (use halves, thirds, quarters, fifths, sixths or tenths)")
            if bare := bare_numbers(step):
                problems.append(f"{where}: bare amounts {bare} (use a placeholder)")
            if language == "en" and _HANGUL.search(step):
                problems.append(f"{where}: Korean text in an English step")
            if language == "ko" and hangul_share(step) < 0.8:
                problems.append(f"{where}: only {hangul_share(step):.0%} Hangul")
    if _shares(steps) != _shares(steps_ko):
        problems.append("the English and Korean steps use different placeholders or shares")
    return problems


def main(paths: list[str]) -> int:
    book = bundled_book()
    failed = 0
    for path in paths:
        for item in json.loads(Path(path).read_text("utf-8")):
            for problem in recipe_problems(item, book):
                failed += 1
                print(f"{path}: {item.get('id')}: {problem}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
