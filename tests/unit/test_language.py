"""The answer's language: the request's `language`, else the script most ingredient texts are written in."""

from __future__ import annotations

import pytest

from aichef.contracts import parse_request
from aichef.language import answer_language, detect, script_of


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("계란 4개", "ko"),
        ("300g pork belly", "en"),
        ("김치 kimchi", "en"),  # 2 syllables against 6 letters
        ("김치찌개 kimchi", "en"),  # 4 syllables against 6 letters
        ("김치찌개 stew", "ko"),  # 4 against 4: a tie is Korean
        ("2 cups 쌀", "en"),
        ("양파 half", "en"),
        ("300", None),
        ("🍳", None),
        ("½", None),
        ("", None),
        ("쌀 2kg", "ko"),  # a metric unit after a number is written alike in both: 1 syllable, 0 letters
        ("물 500ml", "ko"),
        ("2kg쌀", "ko"),
        ("우유 1.5 L", "ko"),
        ("300g", None),
        ("2 cups 쌀", "en"),  # cups is an English word, not a metric unit
        ("gloves 3g", "en"),
        ("ㅋㅋ", None),  # compatibility jamo are not syllables
        ("ｅｇｇｓ", None),  # full-width letters are not Latin letters
        ("jalapeño", "en"),
        ("🍳계란", "ko"),
    ],
)
def test_a_text_counts_for_the_script_with_more_letters(text: str, script: str | None) -> None:
    assert script_of(text) == script


@pytest.mark.parametrize(
    ("texts", "language"),
    [
        (["계란 4개", "300g pork belly", "김치", "2 cups rice", "대파"], "ko"),  # 3 Korean texts to 2
        (["계란 4개", "300g pork belly", "kimchi", "2 cups rice", "대파"], "en"),  # 2 to 3
        (["eggs", "김치"], "ko"),  # a tie is Korean
        (["eggs", "rice", "김치"], "en"),
        (["300", "2"], "en"),  # digits only: nothing counts
        (["🍳", "🥚"], "en"),  # emoji only
        (["🍳", "두부"], "ko"),  # the emoji does not count, the Korean text does
        (["a pinch of salt"], "en"),
        (["쌀 2kg", "물 500ml", "eggs"], "ko"),  # the units no longer count as English: 2 to 1
        (["ㅋㅋ", "ｅｇｇｓ", "🍳"], "en"),  # no text counts
    ],
)
def test_the_answer_follows_the_script_most_texts_are_in(texts: list[str], language: str) -> None:
    assert detect(texts) == language


def test_a_requested_language_wins_over_the_script() -> None:
    assert answer_language(parse_request({"ingredients": ["계란 4개", "김치"], "language": "en"})) == "en"
    assert answer_language(parse_request({"ingredients": ["eggs", "rice"], "language": "ko"})) == "ko"
    assert answer_language(parse_request({"ingredients": ["eggs", "rice"]})) == "en"
