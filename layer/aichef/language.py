"""The answer's language: the request's `language` when it names one, else the language its ingredient texts are
written in. Pure.

The rule: each ingredient text counts for Korean when it has at least as many Hangul syllables as Latin letters,
for English when it has more Latin letters, and not at all when it has neither (digits only, emoji). A metric unit
after a number (300g, 2kg, 500ml, 1.5L) is written alike in both languages, so its letters do not count: `쌀 2kg` is
Korean. The answer is Korean when at least as many texts count for Korean as for English and at least one does;
otherwise English. So `["계란 4개", "300g pork belly", "김치"]` is Korean (2 to 1), `["eggs", "김치"]` Korean (a tie),
`["eggs", "rice", "김치"]` English, `["🍳", "300"]` English (nothing counts).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from aichef import patterns
from aichef.contracts import Language, WorkflowRequest
from aichef.step_text import PLACEHOLDER

_METRIC_AMOUNT = patterns.compile(r"\d[\d.,/]*\s?(?:kg|mg|g|ml|l|cc)(?![A-Za-z])", re.IGNORECASE)


def script_of(text: str) -> Language | None:
    """The script one text is mostly written in, or None when it has no letters of either."""
    text = _METRIC_AMOUNT.sub(" ", text)
    hangul = sum("가" <= char <= "힣" for char in text)
    latin = sum(("a" <= char <= "z") or ("A" <= char <= "Z") for char in text)
    if hangul == latin == 0:
        return None
    return "ko" if hangul >= latin else "en"


def detect(texts: Iterable[str]) -> Language:
    """The language most of `texts` are written in (Korean on a tie, English when none has letters)."""
    scripts = [script_of(text) for text in texts]
    korean, english = scripts.count("ko"), scripts.count("en")
    return "ko" if korean and korean >= english else "en"


def hangul_share(text: str) -> float:
    """Hangul syllables over Hangul syllables plus Latin letters, placeholders `{...}` left out; 0 with neither."""
    bare = PLACEHOLDER.sub("", text)
    hangul = sum("가" <= char <= "힣" for char in bare)
    latin = sum(("a" <= char <= "z") or ("A" <= char <= "Z") for char in bare)
    return hangul / (hangul + latin) if hangul + latin else 0.0


def answer_language(request: WorkflowRequest) -> Language:
    """The language of the answer to `request`."""
    return request.language or detect(request.ingredients)
