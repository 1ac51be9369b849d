"""The data contracts between the states of the workflow, defined once (ARCHITECTURE §3).

Every function and the local runner import these models; the Bedrock engine derives its tool schema from `Recipe`.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator

from aichef.errors import InvalidRequest

Diet = Literal["vegetarian", "vegan", "pescatarian", "gluten-free", "dairy-free", "nut-free"]
Course = Literal["main", "side", "soup", "breakfast", "dessert", "snack"]
Language = Literal["ko", "en"]
Currency = Literal["KRW", "USD"]
# Units a recipe may state; Combine normalises them to g / ml / ea.
RecipeUnit = Literal["g", "kg", "ml", "l", "tbsp", "tsp", "cup", "ea"]
PriceUnit = Literal["kg", "l", "ea"]

MAX_INGREDIENTS = 30
MAX_PANTRY = 30
MAX_NAME_LENGTH = 100
# A recipe's caps bound the longest valid model answer, so maxTokens can cover it (aichef.bedrock.MAX_TOKENS).
MAX_LINE_NAME_LENGTH = 60
MAX_RECIPE_LINES = 20
MAX_STEPS = 8
MAX_STEP_LENGTH = 240


# What `str.split()` treats as whitespace (str.isspace), spelled out so that a JSON Schema validator in any language
# (ECMA-262's \s differs from Python's) reads the patterns below as the validators here do.
_SPACE = "\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000"
# Control characters (Unicode Cc) that are not whitespace: refused in names. Whitespace runs collapse to one space.
_CONTROL = "\\x00-\\x08\\x0e-\\x1b\\x7f-\\x84\\x86-\\x9f"
NAME_PATTERN = f"^[^{_CONTROL}]*[^{_SPACE}{_CONTROL}][^{_CONTROL}]*$"
"""A name as the validators accept it: at least one character that is not whitespace, and no control character
other than whitespace (the JSON Schema `pattern` of every ingredient and of `cuisine`)."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


def _whole_number(value: Any) -> Any:
    """JSON has one number type (RFC 8259) and JSON Schema calls 2.0 an integer: a whole float becomes an int."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# the validator after the bounds, so that the bounds stay JSON Schema's minimum/maximum
WHOLE_NUMBER = BeforeValidator(_whole_number)


def omit_nulls(schema: dict[str, Any]) -> None:
    """A model's JSON Schema without null: for models whose optional fields are left out, never sent as null."""
    for name, prop in schema.get("properties", {}).items():
        if prop.get("default", ...) is None:
            del prop["default"]
        branches = [branch for branch in prop.pop("anyOf", []) if branch != {"type": "null"}]
        if branches:
            (only,) = branches
            schema["properties"][name] = {**only, **prop}


def _request_schema(schema: dict[str, Any]) -> None:
    """parse_request refuses null, so the request's schema has none; and two examples."""
    omit_nulls(schema)
    schema["examples"] = [
        {"ingredients": ["eggs", "2 cups rice", "kimchi"], "servings": 2, "cuisine": "korean"},
        {"ingredients": ["tofu", "vegan kimchi"], "diet": ["vegan"], "max_minutes": 30, "currency": "USD"},
        {"ingredients": ["두부 한 모", "김치", "대파"], "course": "soup", "pantry": ["소금", "간장"], "language": "ko"},
    ]


def _collapsed_name(text: str) -> str | None:
    """`text` with whitespace runs collapsed, or None when it is blank or holds a control character (or an unpaired
    surrogate, which no UTF-8 text can carry onward)."""
    collapsed = " ".join(text.split())
    if not collapsed or any(unicodedata.category(char) in ("Cc", "Cs") for char in collapsed):
        return None
    return collapsed


class WorkflowRequest(_Strict):
    """What a caller sends: the ingredients on hand and the constraints on the recipe."""

    model_config = ConfigDict(json_schema_extra=_request_schema)

    ingredients: Annotated[
        list[str],
        Field(
            min_length=1,
            max_length=MAX_INGREDIENTS,
            description="What is on hand: names, optionally with a quantity (300g pork belly, 김치 200g).",
            json_schema_extra={
                "items": {"type": "string", "minLength": 1, "maxLength": MAX_NAME_LENGTH, "pattern": NAME_PATTERN}
            },
        ),
    ]
    servings: Annotated[int, Field(ge=1, le=12), WHOLE_NUMBER] = 2
    cuisine: Annotated[str, Field(min_length=1, max_length=40, json_schema_extra={"pattern": NAME_PATTERN})] | None = (
        None
    )
    diet: Annotated[list[Diet], Field(max_length=6)] = []
    max_minutes: Annotated[int, Field(ge=1), WHOLE_NUMBER] | None = None
    currency: Currency = "KRW"
    course: Course = "main"
    """The course asked for; a `main` may also be a soup or a breakfast (a meal)."""
    pantry: (
        Annotated[
            list[str],
            Field(
                max_length=MAX_PANTRY,
                description="The staples at home, never bought (default: salt, pepper, water, cooking oil, sugar).",
                json_schema_extra={
                    "items": {"type": "string", "minLength": 1, "maxLength": MAX_NAME_LENGTH, "pattern": NAME_PATTERN}
                },
            ),
        ]
        | None
    ) = None
    """The staples at home, never bought; absent: salt, pepper, water, cooking oil and sugar; [] means none."""
    language: (
        Annotated[
            Language,
            Field(
                description="The answer's language (title, steps, labels, causes). Absent: the HTTP API's "
                "Accept-Language header when it prefers ko or en, else Korean when most ingredient texts are Hangul."
            ),
        ]
        | None
    ) = None
    """The answer's language; absent: Korean when the ingredient texts are mostly Hangul (aichef.language)."""

    @field_validator("ingredients", "pantry")
    @classmethod
    def _names_are_present(cls, names: list[str] | None) -> list[str] | None:
        if names is None:
            return None
        cleaned = []
        for index, name in enumerate(names):
            if len(name) > MAX_NAME_LENGTH:
                raise ValueError(f"item {index} is longer than {MAX_NAME_LENGTH} characters")
            collapsed = _collapsed_name(name)
            if collapsed is None:
                raise ValueError(f"item {index} is blank or has control characters")
            cleaned.append(collapsed)
        return cleaned

    @field_validator("cuisine")
    @classmethod
    def _cuisine_is_a_word(cls, cuisine: str | None) -> str | None:
        if cuisine is None:
            return None
        collapsed = _collapsed_name(cuisine)
        if collapsed is None:
            raise ValueError("must be a non-blank name such as 'korean'")
        return collapsed.lower()

    @field_validator("currency", mode="before")
    @classmethod
    def _currency_ignores_case(cls, currency: Any) -> Any:
        """`usd` is USD, as `Korean` is korean; any other value is left to the Literal, whose error names both."""
        return " ".join(currency.split()).upper() if isinstance(currency, str) else currency

    @field_validator("language", mode="before")
    @classmethod
    def _language_ignores_case(cls, language: Any) -> Any:
        """`KO` is ko (language tags are case-insensitive, RFC 5646 §2.1.1); other values are left to the Literal."""
        return " ".join(language.split()).lower() if isinstance(language, str) else language


class RecipeIngredient(_Strict):
    """One line of a recipe: a quantity of an ingredient in a recipe unit."""

    name: Annotated[
        str,
        Field(
            min_length=1,
            max_length=MAX_LINE_NAME_LENGTH,
            description=(
                "The grocery name as sold, singular, lower case, in English (e.g. pork belly, chicken thigh, egg,"
                " soy sauce, cooked rice); the Korean name in brackets only where the English one is unclear."
            ),
        ),
    ]
    quantity: Annotated[
        float, Field(gt=0, le=100_000, description="How much for all the servings together, in `unit`.")
    ]
    unit: Annotated[
        RecipeUnit,
        Field(
            description=(
                "g or kg for solids weighed (meat, vegetables, rice, kimchi); ml or l for liquids (stock, milk);"
                " tsp, tbsp or cup for seasonings and oil; ea for whole pieces: 1 ea garlic is one clove,"
                " 1 ea tofu is one 300 g block, 1 ea egg, onion or green onion is one whole one."
            )
        ),
    ]


class RecipeDraft(_Strict):
    """A recipe as a model writes it: servings and cuisine come from the request and diets from the ingredient book,
    so they are not asked (and ignored if sent). The Bedrock tool schema is generated from this model."""

    model_config = ConfigDict(extra="ignore", strict=False, frozen=True)

    title: Annotated[
        str,
        Field(
            min_length=1,
            max_length=120,
            description=(
                "Dish name in the answer's language the user turn names (김치찌개 in Korean, Kimchi Stew in English)."
            ),
        ),
    ]
    cuisine: Annotated[
        str,
        Field(
            min_length=1,
            max_length=40,
            description="One lower-case word, e.g. korean (the request's, if it names one).",
        ),
    ]
    total_minutes: Annotated[
        int,
        Field(ge=1, le=24 * 60, description="Preparation plus cooking, realistic: raw rice takes 30 minutes to cook."),
    ]
    ingredients: Annotated[
        list[RecipeIngredient],
        Field(
            min_length=1,
            max_length=MAX_RECIPE_LINES,
            description="Every ingredient, including oil, salt and water, for all the servings together.",
        ),
    ]
    steps: Annotated[
        list[Annotated[str, Field(min_length=1, max_length=MAX_STEP_LENGTH)]],
        Field(
            min_length=1,
            max_length=MAX_STEPS,
            description=(
                "The method in the answer's language the user turn names (Korean as a Korean cookbook writes it:"
                " '중불에서 3분 볶는다'), one short step per item, without numbering; meat and poultry cooked through."
            ),
        ),
    ]


class RecipeLine(RecipeIngredient):
    """A line of an answered recipe: the canonical `name` (the key pricing joins on) and its `label` in the answer's
    language ("간장" for soy sauce)."""

    model_config = ConfigDict(extra="forbid", strict=False, frozen=True)

    label: str = ""
    optional: bool = False
    """A garnish or something served alongside that the dish is made without: bought only if the cook wants it
    (`Pricing.optional`). Catalog recipes mark such lines; a model's draft does not (its schema stays as tight)."""


class Substitution(_Strict):
    """A swap a cook makes and says: the recipe's `recipe` made with the `use` on hand (thigh -> drumstick)."""

    model_config = ConfigDict(extra="forbid", strict=False, frozen=True)

    recipe: str
    use: str


class LeftOut(_Strict):
    """Something on hand the request's diet ruled out, why, and what the dish uses instead (if anything)."""

    model_config = ConfigDict(extra="forbid", strict=False, frozen=True)

    name: str
    reason: str
    instead: str | None = None
    label: str = ""


class Recipe(RecipeDraft):
    """A recipe scaled to the requested servings, as every engine returns it: the draft plus the request's servings,
    the diets the ingredient book certifies, and where it came from."""

    model_config = ConfigDict(extra="forbid", strict=False, frozen=True)

    servings: Annotated[int, Field(ge=1, le=12)]
    diet: list[Diet]
    ingredients: list[RecipeLine]  # type: ignore[assignment]
    engine: str = "catalog"
    source_id: str | None = None
    matched: list[str] = []
    course: Course = "main"
    language: Language = "en"
    """The language the title, steps and labels are written in (the request's, aichef.language)."""
    substitutions: list[Substitution] = []
    left_out: list[LeftOut] = []

    @field_validator("ingredients", mode="before")
    @classmethod
    def _lines_from_drafts(cls, lines: Any) -> Any:
        """A draft's lines (no label yet) are lines of the recipe."""
        if not isinstance(lines, list):
            return lines
        return [line.model_dump() if isinstance(line, RecipeIngredient) else line for line in lines]


if TYPE_CHECKING:
    from aichef.price_contracts import BuyLine as BuyLine
    from aichef.price_contracts import Correction as Correction
    from aichef.price_contracts import Pack as Pack
    from aichef.price_contracts import PricedLine as PricedLine
    from aichef.price_contracts import PriceReport as PriceReport
    from aichef.price_contracts import Pricing as Pricing
    from aichef.price_contracts import Quote as Quote
    from aichef.price_contracts import UnpricedLine as UnpricedLine
    from aichef.price_contracts import WorkflowOutput as WorkflowOutput

_PRICE_CONTRACTS = frozenset(
    {"BuyLine", "Correction", "Pack", "PriceReport", "PricedLine", "Pricing", "Quote", "UnpricedLine", "WorkflowOutput"}
)


def __getattr__(name: str) -> Any:
    """The price and combine contracts (`aichef.price_contracts`), created when a module first asks for one."""
    if name in _PRICE_CONTRACTS:
        from aichef import price_contracts

        return getattr(price_contracts, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def describe_validation_error(error: ValidationError, prefix: str = "") -> str:
    """One line naming every bad field, e.g. `servings: Input should be less than or equal to 12`."""
    parts = []
    for detail in error.errors(include_url=False, include_input=False):
        path = prefix
        for item in detail["loc"]:
            path += f"[{item}]" if isinstance(item, int) else (f".{item}" if path else str(item))
        message = detail["msg"].removeprefix("Value error, ")
        if detail["type"] == "extra_forbidden":
            message = "is not a field of the request"
        parts.append(f"{path or 'request'}: {message}")
    return "; ".join(parts)


def parse_request(raw: Any) -> WorkflowRequest:
    """Validate a workflow request; anything off the contract raises `InvalidRequest` naming the field."""
    if not isinstance(raw, dict):
        raise InvalidRequest(f"request: must be a JSON object, got {_json_type(raw)}")
    nulls = sorted(str(key) for key, value in raw.items() if value is None)
    if nulls:
        raise InvalidRequest("; ".join(f"{key}: must not be null (leave it out instead)" for key in nulls))
    try:
        return WorkflowRequest.model_validate(raw)
    except ValidationError as error:
        raise InvalidRequest(describe_validation_error(error)) from None


def _json_type(value: Any) -> str:
    names = {list: "an array", str: "a string", bool: "a boolean", int: "a number", float: "a number"}
    return "null" if value is None else names.get(type(value), type(value).__name__)
