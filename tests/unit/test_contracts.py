"""The workflow input contract (ARCHITECTURE §3): what parse_request accepts, and how it names what it rejects."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from aichef.contracts import WorkflowRequest, describe_validation_error, parse_request
from aichef.errors import InvalidRequest


def test_parse_request_fills_in_the_defaults() -> None:
    request = parse_request({"ingredients": ["eggs"]})

    assert request.ingredients == ["eggs"]
    assert request.servings == 2
    assert request.currency == "KRW"
    assert request.diet == []
    assert request.cuisine is None
    assert request.max_minutes is None


def test_parse_request_keeps_every_field_of_the_documented_example() -> None:
    request = parse_request(
        {
            "ingredients": ["eggs", "2 cups rice", "kimchi"],
            "servings": 2,
            "cuisine": "korean",
            "diet": ["vegetarian"],
            "max_minutes": 30,
            "currency": "KRW",
            "course": "soup",
            "pantry": ["salt", "olive oil"],
            "language": "ko",
        }
    )

    assert request.model_dump() == {
        "ingredients": ["eggs", "2 cups rice", "kimchi"],
        "servings": 2,
        "cuisine": "korean",
        "diet": ["vegetarian"],
        "max_minutes": 30,
        "currency": "KRW",
        "course": "soup",
        "pantry": ["salt", "olive oil"],
        "language": "ko",
    }


def test_course_pantry_and_language_have_their_defaults() -> None:
    request = parse_request({"ingredients": ["eggs"]})

    assert (request.course, request.pantry, request.language) == ("main", None, None)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("course", "lunch", "course: Input should be 'main', 'side', 'soup', 'breakfast', 'dessert' or 'snack'"),
        ("pantry", "salt", "pantry: Input should be a valid list"),
        ("pantry", [1], "pantry[0]: Input should be a valid string"),
        ("pantry", ["salt"] * 31, "pantry: List should have at most 30 items after validation, not 31"),
        ("pantry", [" "], "pantry: item 0 is blank or has control characters"),
        ("language", "fr", "language: Input should be 'ko' or 'en'"),
        ("language", "ko-KR", "language: Input should be 'ko' or 'en'"),  # a tag, not one of the two values
        ("language", "korean", "language: Input should be 'ko' or 'en'"),
        ("language", "", "language: Input should be 'ko' or 'en'"),
        ("language", 1, "language: Input should be 'ko' or 'en'"),
    ],
)
def test_course_pantry_and_language_refuse_what_is_off_the_contract(field: str, value: object, message: str) -> None:
    with pytest.raises(InvalidRequest) as caught:
        parse_request({"ingredients": ["eggs"], field: value})

    assert caught.value.message == message


def test_parse_request_collapses_whitespace_in_names_and_lowercases_the_cuisine() -> None:
    request = parse_request({"ingredients": ["  300g   pork belly "], "cuisine": "  Korean "})

    assert request.ingredients == ["300g pork belly"]
    assert request.cuisine == "korean"


@pytest.mark.parametrize(("given", "currency"), [("usd", "USD"), (" Usd ", "USD"), ("krw", "KRW")])
def test_the_currency_ignores_case_as_the_cuisine_does(given: str, currency: str) -> None:
    assert parse_request({"ingredients": ["egg"], "currency": given}).currency == currency


@pytest.mark.parametrize(("given", "language"), [("KO", "ko"), (" En ", "en"), ("ko", "ko")])
def test_the_language_ignores_case_as_language_tags_do(given: str, language: str) -> None:
    assert parse_request({"ingredients": ["egg"], "language": given}).language == language


def test_an_unknown_currency_in_any_case_names_the_allowed_ones() -> None:
    with pytest.raises(InvalidRequest) as caught:
        parse_request({"ingredients": ["egg"], "currency": "eur"})

    assert caught.value.message == "currency: Input should be 'KRW' or 'USD'"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("servings", 1),
        ("servings", 12),
        ("max_minutes", 1),
        ("currency", "USD"),
        ("diet", ["vegetarian", "vegan", "pescatarian", "gluten-free", "dairy-free", "nut-free"]),
    ],
)
def test_parse_request_accepts_the_edges_of_each_range(field: str, value: Any) -> None:
    request = parse_request({"ingredients": ["egg"], field: value})

    assert getattr(request, field) == value


def test_parse_request_accepts_30_ingredients_of_100_characters() -> None:
    names = [f"{index:02d}" + "x" * 98 for index in range(30)]

    request = parse_request({"ingredients": names})

    assert len(request.ingredients) == 30
    assert {len(name) for name in request.ingredients} == {100}


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        pytest.param(
            {"ingredients": ["egg"], "colour": "red"}, "colour: is not a field of the request", id="unknown field"
        ),
        pytest.param({"servings": 2}, "ingredients: Field required", id="missing ingredients"),
        pytest.param(
            {"ingredients": ["egg"], "servings": "2"},
            "servings: Input should be a valid integer",
            id="servings as a string",
        ),
        pytest.param(
            {"ingredients": ["egg"], "servings": 2.5},
            "servings: Input should be a valid integer",
            id="servings with a fraction",
        ),
        pytest.param(
            {"ingredients": ["egg"], "servings": 13.0},
            "servings: Input should be less than or equal to 12",
            id="servings 13.0",
        ),
        pytest.param(
            {"ingredients": ["egg"], "cuisine": "kor\x1bean"},
            "cuisine: must be a non-blank name",
            id="ESC in the cuisine",
        ),
        pytest.param(
            {"ingredients": ["egg\ud800"]},
            "ingredients: item 0 is blank or has control characters",
            id="unpaired surrogate",
        ),
        pytest.param(
            {"ingredients": ["egg"], "servings": True},
            "servings: Input should be a valid integer",
            id="servings as a boolean",
        ),
        pytest.param({"ingredients": "egg"}, "ingredients: Input should be a valid list", id="ingredients a string"),
        pytest.param(
            {"ingredients": ["egg"], "diet": "vegan"}, "diet: Input should be a valid list", id="diet a string"
        ),
        pytest.param({"ingredients": []}, "ingredients: List should have at least 1 item", id="no ingredients"),
        pytest.param(
            {"ingredients": ["egg"] * 31}, "ingredients: List should have at most 30 items", id="31 ingredients"
        ),
        pytest.param(
            {"ingredients": ["egg", "   "]}, "ingredients: item 1 is blank or has control characters", id="blank name"
        ),
        pytest.param(
            {"ingredients": ["x" * 101]},
            "ingredients: item 0 is longer than 100 characters",
            id="name of 101 characters",
        ),
        pytest.param(
            {"ingredients": ["egg\x00yolk"]},
            "ingredients: item 0 is blank or has control characters",
            id="NUL in a name",
        ),
        pytest.param(
            {"ingredients": ["egg\x07"]}, "ingredients: item 0 is blank or has control characters", id="BEL in a name"
        ),
        pytest.param({"ingredients": [3]}, "ingredients[0]: Input should be a valid string", id="number as a name"),
        pytest.param(
            {"ingredients": ["egg"], "servings": 0},
            "servings: Input should be greater than or equal to 1",
            id="servings 0",
        ),
        pytest.param(
            {"ingredients": ["egg"], "servings": 13},
            "servings: Input should be less than or equal to 12",
            id="servings 13",
        ),
        pytest.param(
            {"ingredients": ["egg"], "max_minutes": 0},
            "max_minutes: Input should be greater than or equal to 1",
            id="max_minutes 0",
        ),
        pytest.param(
            {"ingredients": ["egg"], "diet": ["keto"]}, "diet[0]: Input should be 'vegetarian', 'vegan'", id="diet keto"
        ),
        pytest.param(
            {"ingredients": ["egg"], "currency": "EUR"}, "currency: Input should be 'KRW' or 'USD'", id="currency EUR"
        ),
        pytest.param(
            {"ingredients": ["egg"], "cuisine": "   "}, "cuisine: must be a non-blank name", id="blank cuisine"
        ),
        pytest.param(
            {"ingredients": ["egg"], "cuisine": None},
            "cuisine: must not be null (leave it out instead)",
            id="explicit null",
        ),
        pytest.param(
            {"ingredients": None}, "ingredients: must not be null (leave it out instead)", id="null ingredients"
        ),
        pytest.param([], "request: must be a JSON object, got an array", id="top level list"),
        pytest.param("eggs", "request: must be a JSON object, got a string", id="top level string"),
        pytest.param(3, "request: must be a JSON object, got a number", id="top level number"),
        pytest.param(None, "request: must be a JSON object, got null", id="top level None"),
    ],
)
def test_parse_request_rejects_input_off_the_contract_naming_the_field(raw: Any, message: str) -> None:
    with pytest.raises(InvalidRequest) as caught:
        parse_request(raw)

    assert caught.value.name == "InvalidRequest"
    assert caught.value.message.startswith(message)
    assert str(caught.value) == caught.value.message


def test_parse_request_names_every_bad_field_in_one_message() -> None:
    with pytest.raises(InvalidRequest) as caught:
        parse_request({"ingredients": ["egg"], "servings": 13, "currency": "EUR"})

    assert caught.value.message == (
        "servings: Input should be less than or equal to 12; currency: Input should be 'KRW' or 'USD'"
    )


def test_parse_request_names_every_null_field_sorted() -> None:
    with pytest.raises(InvalidRequest) as caught:
        parse_request({"ingredients": ["egg"], "max_minutes": None, "cuisine": None})

    assert caught.value.message == (
        "cuisine: must not be null (leave it out instead); max_minutes: must not be null (leave it out instead)"
    )


def test_a_whole_number_written_with_a_fraction_or_exponent_is_the_integer() -> None:
    """RFC 8259 has one number type and JSON Schema's `integer` is any number without a fractional part."""
    request = parse_request({"ingredients": ["egg"], "servings": 3.0, "max_minutes": 1e1})

    assert (request.servings, request.max_minutes) == (3, 10)
    assert (type(request.servings), type(request.max_minutes)) == (int, int)


@pytest.mark.parametrize(
    ("name", "kept"),
    [("egg\u200dyolk", "egg\u200dyolk"), ("\ue000 tofu", "\ue000 tofu"), ("egg\tyolk\x85", "egg yolk")],
    ids=["zero-width joiner (Cf)", "private use (Co)", "whitespace controls collapse"],
)
def test_a_name_may_hold_any_character_but_a_control_character(name: str, kept: str) -> None:
    assert parse_request({"ingredients": [name]}).ingredients == [kept]


def test_the_json_schema_of_a_request_is_what_parse_request_accepts() -> None:
    """No null anywhere (parse_request refuses it), bounds as minimum/maximum, the name rules as a pattern."""
    import re

    properties = WorkflowRequest.model_json_schema()["properties"]
    pattern = re.compile(properties["ingredients"]["items"]["pattern"])

    assert properties["cuisine"] == {
        "maxLength": 40,
        "minLength": 1,
        "pattern": properties["ingredients"]["items"]["pattern"],
        "title": "Cuisine",
        "type": "string",
    }
    assert properties["max_minutes"] == {"minimum": 1, "title": "Max Minutes", "type": "integer"}
    assert (properties["servings"]["minimum"], properties["servings"]["maximum"]) == (1, 12)
    assert {key: properties["ingredients"]["items"][key] for key in ("type", "minLength", "maxLength")} == {
        "type": "string",
        "minLength": 1,
        "maxLength": 100,
    }
    for text in ["egg", " kimchi ", "a\tb", "\u200d", "egg\x85", "", " ", "\t\x1c", "egg\x00", "a\x9f", "\u3000"]:
        schema_says = pattern.fullmatch(text) is not None
        try:
            parse_request({"ingredients": [text]})
            accepted = True
        except InvalidRequest:
            accepted = False
        assert schema_says == accepted, repr(text)


def test_describe_validation_error_formats_list_positions_in_brackets() -> None:
    with pytest.raises(ValidationError) as caught:
        WorkflowRequest.model_validate({"ingredients": ["egg"], "diet": ["vegan", "keto", "paleo"]})

    described = describe_validation_error(caught.value)

    assert described.split("; ") == [
        "diet[1]: Input should be 'vegetarian', 'vegan', 'pescatarian', 'gluten-free', 'dairy-free' or 'nut-free'",
        "diet[2]: Input should be 'vegetarian', 'vegan', 'pescatarian', 'gluten-free', 'dairy-free' or 'nut-free'",
    ]


def test_describe_validation_error_puts_the_prefix_before_nested_paths() -> None:
    with pytest.raises(ValidationError) as caught:
        WorkflowRequest.model_validate({"ingredients": ["egg", 7]})

    assert describe_validation_error(caught.value, prefix="request") == (
        "request.ingredients[1]: Input should be a valid string"
    )


def test_describe_validation_error_drops_the_value_error_prefix_of_custom_checks() -> None:
    with pytest.raises(ValidationError) as caught:
        WorkflowRequest.model_validate({"ingredients": ["egg", "\t\n"]})

    assert describe_validation_error(caught.value) == "ingredients: item 1 is blank or has control characters"
