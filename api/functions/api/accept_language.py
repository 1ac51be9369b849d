"""The answer's language from an Accept-Language header (RFC 9110 §12.5.4), for a request whose body names none.
Pure.

Each element is a language range (RFC 4647 §2.1) with an optional weight `;q=` of 0 to 1 in at most three decimals
(RFC 9110 §12.4.2); an element that breaks that grammar is skipped, the rest still count. A range counts for the
language of its primary subtag (`ko-KR` for `ko`, `en-US` for `en`: RFC 4647 §3.4 lookup, which falls back from the
region to the language); `*` counts for every language no range names; q=0 means "not acceptable". The answer is the
supported language of the highest quality; on equal quality the one listed first (RFC 9110: recipients may read the
order as priority); none when no supported language is acceptable, or when only `*` speaks for both (no preference).
"""

from __future__ import annotations

import re
from typing import get_args

from aichef.contracts import Language, WorkflowRequest

SUPPORTED: tuple[Language, ...] = get_args(Language)
_RANGE = re.compile(r"\*|[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*")
_WEIGHT = re.compile(r"[qQ]=(0(\.[0-9]{0,3})?|1(\.0{0,3})?)")
_OWS = " \t"


def preferences(header: str) -> list[tuple[str, float]]:
    """The well-formed elements of an Accept-Language value: (range in lower case, quality), in the order given."""
    found = []
    for element in header.split(","):
        language_range, *weights = (part.strip(_OWS) for part in element.split(";"))
        if not language_range and not weights:
            continue  # an empty list element (RFC 9110 §5.6.1)
        if _RANGE.fullmatch(language_range) is None or len(weights) > 1:
            continue
        weight = _WEIGHT.fullmatch(weights[0]) if weights else None
        if weights and weight is None:
            continue
        found.append((language_range.lower(), float(weight.group(1)) if weight else 1.0))
    return found


def preferred_language(header: str | None) -> Language | None:
    """The supported language an Accept-Language value prefers, or None (absent, nothing acceptable, no preference)."""
    ranked = preferences(header or "")
    wildcard = next(((index, quality) for index, (name, quality) in enumerate(ranked) if name == "*"), None)
    scores: dict[Language, tuple[float, int]] = {}
    for language in SUPPORTED:
        named = [(quality, -index) for index, (name, quality) in enumerate(ranked) if name.split("-")[0] == language]
        if named:
            scores[language] = max(named)
        elif wildcard is not None:
            scores[language] = (wildcard[1], -wildcard[0])
    acceptable = sorted(((score, language) for language, score in scores.items() if score[0] > 0), reverse=True)
    if not acceptable or (len(acceptable) > 1 and acceptable[0][0] == acceptable[1][0]):
        return None
    return acceptable[0][1]


def with_accept_language(request: WorkflowRequest, header: str | None) -> WorkflowRequest:
    """`request` with the header's language when its body names none (a body's `language` wins)."""
    if request.language is not None:
        return request
    language = preferred_language(header)
    return request if language is None else request.model_copy(update={"language": language})
