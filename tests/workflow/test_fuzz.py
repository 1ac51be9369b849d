"""Property-based fuzzing of the request contract (Hypothesis), through the real handlers and the real workflow.

Invalid requests of every kind must fail as `InvalidRequest` with a cause that starts with (or lists) the field;
valid requests must succeed with a total equal to the sum of the lines; no event makes a handler fail with
anything but our named errors. Runs are derandomized so CI sees the same examples every time.
"""

from __future__ import annotations

import json
import string
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from aichef import errors
from aichef.contracts import MAX_INGREDIENTS, MAX_NAME_LENGTH, WorkflowOutput, parse_request
from aichef.pantry import pantry_names
from aichef.recipe_choice import on_hand, weigh
from aichef.recipes import bundled_catalog, makes_the_meal

FUNCTIONS = ("ai-chef-recipe", "ai-chef-price", "ai-chef-combine")
NAMED_ERRORS = {
    name
    for name, value in vars(errors).items()
    if isinstance(value, type) and issubclass(value, errors.AiChefError) and value is not errors.AiChefError
}
FIELDS = ("ingredients", "servings", "cuisine", "diet", "max_minutes", "currency")
DIETS = ("vegetarian", "vegan", "pescatarian", "gluten-free", "dairy-free", "nut-free")
INVALID_EXAMPLES = 600
FUZZ = settings(
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
)

json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text()
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
control_characters = st.characters(categories=["Cc"])


def deep(depth: int, leaf: Any = "x") -> Any:
    """A value nested `depth` levels deep, alternating arrays and objects."""
    value = leaf
    for level in range(depth):
        value = [value] if level % 2 else {"a": value}
    return value


def not_of(*types: type) -> st.SearchStrategy[Any]:
    """JSON values that are none of `types` (bool is not an int here: the contract is strict) and not null."""
    return json_values.filter(
        lambda value: (
            value is not None and not (isinstance(value, types) and not (isinstance(value, bool) and bool not in types))
        )
    )


def not_whole(values: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """`values` without whole floats: JSON Schema calls 2.0 an integer, and so does the contract."""
    return values.filter(lambda value: not (isinstance(value, float) and value.is_integer()))


# Each strategy yields (request, field the cause must name).
wrong_types = st.one_of(
    st.tuples(not_of(list), st.just("ingredients")),
    st.tuples(st.lists(not_of(str), min_size=1, max_size=3), st.just("ingredients")),
    st.tuples(not_whole(not_of(int) | st.floats(allow_nan=False, allow_infinity=False)), st.just("servings")),
    st.tuples(not_of(str), st.just("cuisine")),
    st.tuples(
        not_of(list) | st.lists(st.text().filter(lambda text: text not in DIETS), min_size=1, max_size=3),
        st.just("diet"),
    ),
    st.tuples(not_whole(not_of(int)) | st.text(string.digits, min_size=1), st.just("max_minutes")),
    st.tuples(not_of(str) | st.text().filter(lambda text: text not in ("KRW", "USD")), st.just("currency")),
).map(
    lambda pair: (
        {"ingredients": ["eggs"], pair[1]: pair[0]} if pair[1] != "ingredients" else {"ingredients": pair[0]},
        pair[1],
    )
)
nulls = st.sampled_from(FIELDS).map(lambda field: ({"ingredients": ["eggs"], field: None}, field))
missing = st.fixed_dictionaries(
    {}, optional={"servings": st.integers(1, 12), "currency": st.just("USD"), "cuisine": st.just("korean")}
).map(lambda body: (body, "ingredients"))
extra = st.tuples(st.text(min_size=1, max_size=30).filter(lambda key: key not in FIELDS), json_values).map(
    lambda pair: ({"ingredients": ["eggs"], pair[0]: pair[1]}, pair[0])
)
boundaries = st.one_of(
    st.integers()
    .filter(lambda n: not 1 <= n <= 12)
    .map(lambda n: ({"ingredients": ["eggs"], "servings": n}, "servings")),
    st.integers(max_value=0).map(lambda n: ({"ingredients": ["eggs"], "max_minutes": n}, "max_minutes")),
    st.just(({"ingredients": []}, "ingredients")),
    st.integers(MAX_INGREDIENTS + 1, 200).map(
        lambda n: ({"ingredients": [f"item {i}" for i in range(n)]}, "ingredients")
    ),
    st.integers(MAX_NAME_LENGTH + 1, 200_000).map(lambda n: ({"ingredients": ["eggs", "x" * n]}, "ingredients")),
    st.text(" \t\n", min_size=1).map(lambda blank: ({"ingredients": [blank]}, "ingredients")),
    st.one_of(st.just(""), st.text(" \t", min_size=1), st.text(min_size=41, max_size=5000)).map(
        lambda cuisine: ({"ingredients": ["eggs"], "cuisine": cuisine}, "cuisine")
    ),
    st.lists(st.sampled_from(DIETS), min_size=7, max_size=20).map(
        lambda diet: ({"ingredients": ["eggs"], "diet": diet}, "diet")
    ),
)
nesting = st.tuples(st.integers(20, 400), st.sampled_from(FIELDS)).map(
    lambda pair: (
        {"ingredients": ["eggs"], pair[1]: deep(pair[0])}
        if pair[1] != "ingredients"
        else {"ingredients": ["eggs", deep(pair[0])]},
        pair[1],
    )
)
controls = st.one_of(
    st.tuples(st.text(max_size=20), control_characters.filter(lambda c: not c.isspace()), st.text(max_size=20)).map(
        lambda parts: ({"ingredients": ["".join(parts) or "\x00"]}, "ingredients")
    ),
    st.tuples(st.text(string.ascii_letters, min_size=1, max_size=10), st.sampled_from("\x00\x07\x1b\x7f\x9b")).map(
        lambda parts: ({"ingredients": ["eggs"], "cuisine": parts[0] + parts[1] + parts[0]}, "cuisine")
    ),
)
top_level = (
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.text(),
        st.lists(json_values, max_size=4),
        st.integers(20, 400).map(lambda depth: deep(depth) if depth % 2 else [deep(depth)]),
    )
    .filter(lambda value: not isinstance(value, dict))
    .map(lambda value: (value, "request"))
)

KINDS = {
    "wrong type": wrong_types,
    "null": nulls,
    "missing field": missing,
    "extra field": extra,
    "boundary": boundaries,
    "deep nesting": nesting,
    "control characters": controls,
    "top level": top_level,
}
invalid_requests = st.one_of(*(strategy.map(lambda case, kind=kind: (kind, *case)) for kind, strategy in KINDS.items()))


def names_the_field(cause: str, field: str) -> bool:
    return cause.startswith(f"{field}") or f"; {field}" in cause


@pytest.fixture(scope="module")
def tally() -> Iterator[Counter[str]]:
    """Counts the invalid requests the module generated, by kind; the issue asks for at least 500."""
    counts: Counter[str] = Counter()
    yield counts
    if counts:
        generated = sum(counts[kind] for kind in KINDS)
        print(
            f"\nfuzz: {generated} invalid requests through 3 handlers each, {counts['InvalidRequest']} "
            f"InvalidRequest naming the field: {dict(counts)}"
        )
        assert generated >= 500 and counts["InvalidRequest"] == generated, counts
        assert all(counts[kind] for kind in KINDS), counts


def invoke(workflow: Any, function: str, event: Any) -> tuple[dict[str, Any] | list[Any], bool]:
    payload, errored, _ = workflow.lambdas.invoke(function, event)
    return json.loads(payload), errored


@settings(FUZZ, max_examples=INVALID_EXAMPLES)
@given(case=invalid_requests)
def test_every_invalid_request_is_rejected_by_every_handler_naming_the_field(workflow, standard_only, tally, case):
    kind, request, field = case

    for function in FUNCTIONS:
        body, errored = invoke(workflow, function, {"request": request, "request_id": "fuzz"})
        assert errored, (function, request)
        assert body["errorType"] == "InvalidRequest", (function, body)
        assert names_the_field(body["errorMessage"], field), (field, body["errorMessage"])
        assert "Traceback" not in body["errorMessage"]
    tally[kind] += 1
    tally["InvalidRequest"] += 1


@settings(FUZZ, max_examples=20)
@given(case=invalid_requests.filter(lambda case: len(json.dumps(case[1])) < 200_000))
def test_an_invalid_request_fails_the_workflow_as_invalid_request_with_a_record(workflow, case):
    _, request, field = case

    (result,) = workflow.run([request])

    assert result.status == "FAILED"
    assert result.error == "InvalidRequest", result.cause
    assert names_the_field(result.cause, field), (field, result.cause)
    assert result.record is not None and result.record["status"] == "FAILED"
    assert (result.record["error"], result.record["cause"]) == (result.error, result.cause)
    assert json.loads(result.record["request"]) == request


CATALOG = bundled_catalog()


@st.composite
def satisfiable_requests(draw: st.DrawFn) -> dict[str, Any]:
    """A valid request that at least one catalog recipe satisfies: some of its ingredients, enough of them for a
    cook to make it (aichef.recipes.makes_the_meal of its course), its course, its cuisine or none, diets it satisfies,
    enough minutes."""
    recipe = draw(st.sampled_from(CATALOG.recipes))
    request: dict[str, Any] = {
        "ingredients": draw(st.lists(st.sampled_from(sorted(recipe.names)), min_size=1, max_size=5, unique=True)),
        "servings": draw(st.integers(1, 12)),
        "currency": draw(st.sampled_from(["KRW", "USD"])),
        "course": recipe.course,
    }
    diets = sorted(CATALOG.diets(recipe))
    if draw(st.booleans()):
        request["cuisine"] = recipe.cuisine
    if diets and draw(st.booleans()):
        request["diet"] = draw(st.lists(st.sampled_from(diets), min_size=1, max_size=len(diets), unique=True))
    if draw(st.booleans()):
        request["max_minutes"] = draw(st.integers(recipe.total_minutes, 24 * 60))
    parsed = parse_request(request)
    have = on_hand(request["ingredients"], parsed.diet, CATALOG.book, pantry_names(parsed, CATALOG.book))
    fit = weigh(recipe.line_names, have, pantry_names(parsed, CATALOG.book), CATALOG.book)
    assume(makes_the_meal(recipe, fit, recipe.course))
    return request


def assert_adds_up(output: dict[str, Any], request: dict[str, Any]) -> None:
    parsed = WorkflowOutput.model_validate(output)
    pricing = parsed.pricing
    assert pricing.currency == request["currency"]
    assert parsed.recipe.servings == request["servings"]
    costs = [Decimal(str(line.cost)) for line in pricing.lines]
    assert Decimal(str(pricing.total)) == sum(costs, Decimal(0))


@settings(FUZZ, max_examples=150)
@given(request=satisfiable_requests())
def test_valid_requests_get_a_priced_recipe_that_adds_up_from_the_handlers(workflow, standard_only, request):
    recipe, errored = invoke(workflow, "ai-chef-recipe", {"request": request, "request_id": "fuzz"})
    assert not errored, recipe
    names = [line["name"] for line in recipe["ingredients"]]
    report, errored = invoke(workflow, "ai-chef-price", {"request": request, "request_id": "fuzz", "names": names})
    assert not errored, report
    combined, errored = invoke(
        workflow,
        "ai-chef-combine",
        {"request": request, "request_id": "fuzz", "recipe": recipe, "quotes": report["quotes"]},
    )
    assert not errored, combined
    assert combined["pending"] == []
    assert_adds_up(combined["output"], request)


@settings(FUZZ, max_examples=20)
@given(request=satisfiable_requests())
def test_valid_requests_succeed_through_the_workflow_with_totals_that_add_up(workflow, request):
    (result,) = workflow.run([request])

    assert result.status == "SUCCEEDED", (request, result.error, result.cause)
    assert_adds_up(result.output, request)
    assert result.record["status"] == "SUCCEEDED" and json.loads(result.record["output"]) == result.output


events = st.one_of(
    json_values,
    st.fixed_dictionaries(
        {},
        optional={
            "request": json_values | st.just({"ingredients": ["eggs"]}),
            "request_id": json_values,
            "names": json_values,
            "recipe": json_values,
            "quotes": json_values,
        },
    ),
)


@settings(FUZZ, max_examples=300)
@given(event=events, function=st.sampled_from(FUNCTIONS))
def test_no_event_makes_a_handler_fail_with_anything_but_a_named_error(workflow, standard_only, event, function):
    body, errored = invoke(workflow, function, event)

    if errored:
        assert body["errorType"] in NAMED_ERRORS, body
