"""Accept-Language read as RFC 9110 §12.5.4 writes it: quality values, regional tags, the wildcard, malformed
elements skipped (the rest still count), and a body's `language` before the header."""

from __future__ import annotations

import pytest
from accept_language import preferences, preferred_language, with_accept_language

from aichef.contracts import parse_request


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("ko", "ko"),
        ("en", "en"),
        ("ko-KR", "ko"),  # a region falls back to its language (RFC 4647 §3.4)
        ("EN-us", "en"),  # tags are case-insensitive
        ("ko-Kore-KR", "ko"),
        ("ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7", "ko"),  # a Korean browser
        ("en-US,en;q=0.9,ko;q=0.8", "en"),  # an English one that also reads Korean
        ("en-US;q=0.8, ko;q=0.9", "ko"),  # the quality decides, not the order
        ("ko;q=0.5,en;q=0.5", "ko"),  # equal quality: the first listed
        ("en ; q=0.5 , ko;Q=0.25", "en"),  # optional whitespace around ';' and ','; Q in any case
        ("fr-FR,fr;q=0.9,en;q=0.5", "en"),  # the best supported one, not the best one
        ("fr, *;q=0.1", None),  # '*' alone speaks for both: no preference
        ("*", None),
        ("ko;q=0, *", "en"),  # '*' is every language not named; q=0 is "not acceptable"
        ("en;q=0", None),  # nothing acceptable
        ("fr, de", None),
        ("", None),
        (None, None),
        (",,, ko ,", "ko"),  # empty list elements are allowed
        ("ko;q=0.900", "ko"),  # three decimals at most
        ("ko;q=1.000,en;q=0.999", "ko"),
    ],
)
def test_the_best_supported_language_of_the_header(header: str | None, language: str | None) -> None:
    assert preferred_language(header) == language


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("ko;q=2, en;q=0.1", "en"),  # q over 1: the element is skipped
        ("ko;q=0.5000, en;q=0.1", "en"),  # four decimals
        ("ko;q=abc, en;q=0.1", "en"),
        ("ko;q=, en;q=0.1", "en"),
        ("ko;, en;q=0.1", "en"),
        ("ko;q=0.5;level=1, en;q=0.1", "en"),  # no parameter but q
        ("ko;q = 0.9, en;q=0.1", "en"),  # no whitespace around '='
        ("ko_KR, en;q=0.1", "en"),  # '_' is no subtag separator
        ("koreankor, en;q=0.1", "en"),  # a primary subtag of 9 letters
        ("123, en;q=0.1", "en"),  # a range starts with a letter
        ("ko-, en;q=0.1", "en"),
        ("*-KR, en;q=0.1", "en"),
        ("ko;q=-1, en;q=0.1", "en"),
        ("ko q=0.9, en;q=0.1", "en"),
        ("ko-abcdefghi, en;q=0.1", "en"),  # a subtag of 9 characters
    ],
)
def test_a_malformed_element_is_skipped_and_the_rest_still_count(header: str, language: str) -> None:
    assert preferred_language(header) == language


def test_the_elements_are_read_in_order_with_their_quality() -> None:
    assert preferences("ko-KR, en;q=0.8, *;q=0.1, bad value, fr;q=0") == [
        ("ko-kr", 1.0),
        ("en", 0.8),
        ("*", 0.1),
        ("fr", 0.0),
    ]


def test_a_body_language_wins_over_the_header_and_the_header_fills_an_absent_one() -> None:
    english_body = parse_request({"ingredients": ["두부", "김치"], "language": "en"})
    no_language = parse_request({"ingredients": ["두부", "김치"]})

    assert with_accept_language(english_body, "ko-KR").language == "en"
    assert with_accept_language(no_language, "en-US,en;q=0.9").language == "en"
    assert with_accept_language(no_language, "fr").language is None  # the workflow then reads the script
    assert with_accept_language(no_language, None) == no_language
