"""maxTokens covers the longest answer the schema allows (so `max_tokens` never cuts a valid recipe), counted at
3.5 characters a token (no tokenizer offline; docs/bedrock.md "Time budget" states the method)."""

from __future__ import annotations

import json
import math

from aichef.bedrock import MAX_TOKENS
from aichef.contracts import (
    MAX_LINE_NAME_LENGTH,
    MAX_RECIPE_LINES,
    MAX_STEP_LENGTH,
    MAX_STEPS,
    RecipeDraft,
)

CHARS_PER_TOKEN = 3.5


def longest_valid_answer() -> RecipeDraft:
    """Every field at its cap: 120-character title, 40-character cuisine, 20 lines of 60-character names, 8 steps of
    240 characters."""
    line = {"name": "n" * MAX_LINE_NAME_LENGTH, "quantity": 99999.5, "unit": "tbsp"}
    return RecipeDraft.model_validate(
        {
            "title": "t" * 120,
            "cuisine": "c" * 40,
            "total_minutes": 1440,
            "ingredients": [line] * MAX_RECIPE_LINES,
            "steps": ["s" * MAX_STEP_LENGTH] * MAX_STEPS,
        }
    )


def test_the_longest_valid_answer_fits_max_tokens() -> None:
    text = json.dumps(longest_valid_answer().model_dump(mode="json"), ensure_ascii=False)

    assert (MAX_RECIPE_LINES, MAX_LINE_NAME_LENGTH, MAX_STEPS, MAX_STEP_LENGTH) == (20, 60, 8, 240)
    assert len(text) == 4411
    assert math.ceil(len(text) / CHARS_PER_TOKEN) == 1261
    assert math.ceil(len(text) / 3) == 1471  # even at a denser 3 characters a token
    assert math.ceil(len(text) / 3) < MAX_TOKENS == 1500


def test_the_schema_caps_steps_and_lines_so_the_answer_stays_bounded() -> None:
    schema = RecipeDraft.model_json_schema()

    assert schema["properties"]["steps"]["maxItems"] == 8
    assert schema["properties"]["steps"]["items"]["maxLength"] == 240
    assert schema["properties"]["ingredients"]["maxItems"] == 20
