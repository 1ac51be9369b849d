"""A recipe a model wrote (`RecipeDraft`), checked against the request and finished as the workflow's `Recipe`:
canonical names through the ingredient book, the request's servings, cuisine and course, the diets the book
certifies, what it uses of what is on hand, and what the diet left out. Pure."""

from __future__ import annotations

from aichef.contracts import Recipe, RecipeDraft, WorkflowRequest
from aichef.diet_words import bundled_deny_list, certified_diets, diet_problems
from aichef.ingredients import DIET_EXCLUDES, IngredientBook, normalise_text
from aichef.language import answer_language, hangul_share
from aichef.recipe_lines import labelled, left_out, matched_names


def draft_violations(draft: RecipeDraft, request: WorkflowRequest, book: IngredientBook) -> list[str]:
    """What a generated recipe gets wrong against the request; empty when it may be served. Servings, cuisine and
    diet labels are not the model's to choose (the request and the book decide them), so only what it wrote counts:
    the time, the diets (certified through the book and the deny-list), and the use of what is on hand."""
    problems = []
    if request.max_minutes is not None and draft.total_minutes > request.max_minutes:
        problems.append(f"total_minutes is {draft.total_minutes}, over max_minutes {request.max_minutes}")
    names = [book.canonical(line.name) for line in draft.ingredients]
    problems += diet_problems(names, request.diet, book, bundled_deny_list())
    problems += language_problems(draft, answer_language(request))
    return problems + on_hand_problems(names, request, book)


# The Hangul share (aichef.language.hangul_share) a Korean answer's steps keep, and an English answer's stay under.
# Measured on the catalog rendered at 4 servings (2,440 steps per language): the least Korean step is 79 % Hangul
# ("무 267g은 가로세로 3cm … 1.6L에 …": units and sizes are Latin), every English step is 0 %.
MIN_KOREAN_SHARE = 0.6
MAX_ENGLISH_SHARE = 0.15


def language_problems(draft: RecipeDraft, language: str) -> list[str]:
    """Steps written in the other language than the answer's (each step judged by its Hangul share)."""
    if language == "ko":
        off = [number for number, step in enumerate(draft.steps, start=1) if hangul_share(step) < MIN_KOREAN_SHARE]
        return [f"steps {', '.join(map(str, off))} are not in Korean: write every step in Korean"] if off else []
    off = [number for number, step in enumerate(draft.steps, start=1) if hangul_share(step) > MAX_ENGLISH_SHARE]
    return [f"steps {', '.join(map(str, off))} are not in English: write every step in English"] if off else []


def on_hand_problems(names: list[str], request: WorkflowRequest, book: IngredientBook) -> list[str]:
    """Whether the recipe uses what the cook has: at least one item, and a main ingredient on hand that the diet
    allows (salmon, tofu, chicken...) when there is one."""
    have = list(dict.fromkeys(item.name for item in book.foods(request.ingredients) if item.known))
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
    foods = [item for item in book.foods(request.ingredients) if item.known]
    language = answer_language(request)
    return Recipe(
        **draft.model_dump(exclude={"ingredients", "cuisine"}),
        cuisine=request.cuisine or normalise_text(draft.cuisine),
        servings=request.servings,
        diet=certified_diets(names, book),  # type: ignore[arg-type]
        ingredients=labelled(lines, language, book),
        engine=engine,
        source_id=source_id,
        matched=matched_names(names, [item.name for item in foods], book),
        course=request.course,
        language=language,
        left_out=left_out(foods, request, names, book, language),
    )
