"""Quantity phrases as cooks type them, in English and Korean, leading or trailing the name:
"300g pork belly", "a pinch of salt", "half an onion", "1 can chickpeas", "김치 한 포기", "두부 반 모", "닭 2마리".

A phrase with no measurable amount ("some", "약간") is understood as "on hand, amount unknown" (no quantity).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from aichef.units import unit_words

_FRACTION_GLYPHS = {"½": "1/2", "¼": "1/4", "¾": "3/4", "⅓": "1/3", "⅔": "2/3", "⅛": "1/8"}

# fmt: off
# English number words; "a"/"an" count as one ("an onion", "a pinch of salt").
_ENGLISH_NUMBERS: dict[str, int | Fraction] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a couple of": 2, "a couple": 2, "couple of": 2,
    "a few": 3, "a dozen": 12, "dozen": 12, "half a": Fraction(1, 2), "half an": Fraction(1, 2),
    "half": Fraction(1, 2), "a half": Fraction(1, 2), "a quarter": Fraction(1, 4), "quarter": Fraction(1, 4),
}
# Native Korean numerals in their counting form (before a counter: 한 개, 두 마리, 스무 개) and alone (하나, 둘).
_NATIVE_TENS = {"열": 10, "스물": 20, "스무": 20, "서른": 30, "마흔": 40, "쉰": 50}
_NATIVE_UNITS = {
    "한": 1, "하나": 1, "두": 2, "둘": 2, "세": 3, "셋": 3, "석": 3, "서": 3, "네": 4, "넷": 4, "넉": 4, "너": 4,
    "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9,
}
# Sino-Korean numerals (오백 그램, 이 킬로, 삼십 개).
_SINO_DIGITS = {"일": 1, "이": 2, "삼": 3, "사": 4, "오": 5, "육": 6, "칠": 7, "팔": 8, "구": 9}
_SINO_POWERS = {"십": 10, "백": 100, "천": 1000}
# Words that say "some, amount unknown".
_VAGUE_LEADING = ("a little bit of", "a little", "a bit of", "a bit", "some", "a splash of", "a drizzle of",
                  "a few pieces of", "leftover", "약간의", "조금의")
_VAGUE_TRAILING = ("약간", "조금", "조금만", "적당량", "적당히", "some", "a little", "to taste", "좀")
# fmt: on

_ASCII_NUMBER = r"\d+\s+\d+/\d+|\d+/\d+|\d+(?:[.,]\d+)?"
_HANGUL_NUMBER = (
    rf"(?:{'|'.join(_NATIVE_TENS)})?(?:{'|'.join(sorted(_NATIVE_UNITS, key=len, reverse=True))})"
    rf"|{'|'.join(_NATIVE_TENS)}|[일이삼사오육칠팔구십백천]+|반"
)
_ENGLISH_NUMBER = "|".join(re.escape(word) for word in sorted(_ENGLISH_NUMBERS, key=len, reverse=True))
_UNIT = "|".join(sorted((re.escape(word) for word in unit_words()), key=len, reverse=True))

_LEADING = re.compile(
    rf"^(?P<qty>{_ASCII_NUMBER}|(?:{_ENGLISH_NUMBER})(?=\s))\s*(?:(?P<unit>{_UNIT})\b\.?\s*|\s+)(?:of\s+)?"
    rf"(?P<name>.+)$",
    re.IGNORECASE,
)
_TRAILING = re.compile(
    rf"^(?P<name>.+?)\s+(?P<qty>{_ASCII_NUMBER}|{_HANGUL_NUMBER}|{_ENGLISH_NUMBER})(?:\s*(?P<unit>{_UNIT}))?\.?$",
    re.IGNORECASE,
)
# "반개", "한포기": a Korean numeral glued to a Korean counter, also glued to the name ("양파반개").
_GLUED = re.compile(rf"^(?P<name>.+?)\s*(?P<qty>{_HANGUL_NUMBER})\s*(?P<unit>[가-힣]+)$")
_BARE_KOREAN = frozenset({"하나", "둘", "셋", "넷", "다섯", "여섯", "일곱", "여덟", "아홉", "열", "반"})


@dataclass(frozen=True)
class Amount:
    """The quantity part of a request string: a number and a unit word (None when the amount is unknown)."""

    quantity: float | None
    unit: str | None
    name: str


def split_amount(text: str) -> Amount:
    """Split `text` into its amount and the name: "a pinch of salt" -> 1 pinch, "salt"; "some kimchi" -> None."""
    cleaned = " ".join(_replace_glyphs(text).split())
    vague = _strip_vague(cleaned)
    if vague is not None:
        return Amount(None, None, vague)
    for pattern in (_LEADING, _TRAILING, _GLUED):
        match = pattern.match(cleaned)
        if match is None or not match.group("name").strip():
            continue
        unit = match.group("unit")
        qty_text = match.group("qty")
        if pattern is _GLUED and unit not in unit_words():
            continue
        if unit is None and pattern is _TRAILING and _is_hangul(qty_text) and qty_text not in _BARE_KOREAN:
            continue  # "김치 한" is not a quantity; "계란 하나" is
        if unit is None and qty_text.lower() in ("a", "an") and pattern is _TRAILING:
            continue
        quantity = parse_number(qty_text)
        if quantity is None:
            continue
        return Amount(quantity, (unit or "ea").lower(), match.group("name"))
    return Amount(None, None, text)


def parse_number(text: str) -> float | None:
    """A number in digits, fractions, English words or Korean numerals: "1 1/2", "half", "두", "오백", "반"."""
    word = " ".join(text.lower().split())
    if word in _ENGLISH_NUMBERS:
        return float(_ENGLISH_NUMBERS[word])
    if word == "반":
        return 0.5
    if _is_hangul(word):
        return _korean_number(word)
    total = Fraction(0)
    try:
        for part in word.replace(",", ".").split():
            total += Fraction(part)
    except (ValueError, ZeroDivisionError):
        return None
    return float(total)


def _korean_number(word: str) -> float | None:
    for tens_word, tens in _NATIVE_TENS.items():
        if word == tens_word:
            return float(tens)
        if word.startswith(tens_word) and word[len(tens_word) :] in _NATIVE_UNITS:
            return float(tens + _NATIVE_UNITS[word[len(tens_word) :]])
    if word in _NATIVE_UNITS:
        return float(_NATIVE_UNITS[word])
    total, digit = 0, 0
    for char in word:
        if char in _SINO_DIGITS:
            digit = _SINO_DIGITS[char]
        elif char in _SINO_POWERS:
            total += (digit or 1) * _SINO_POWERS[char]
            digit = 0
        else:
            return None
    return float(total + digit) if total + digit else None


def _strip_vague(text: str) -> str | None:
    lowered = text.lower()
    for word in _VAGUE_LEADING:
        if lowered.startswith(word + " ") and len(text) > len(word) + 1:
            return text[len(word) + 1 :].strip()
    for word in _VAGUE_TRAILING:
        if lowered.endswith(" " + word) and len(text) > len(word) + 1:
            return text[: -len(word) - 1].strip()
    return None


def _replace_glyphs(text: str) -> str:
    for glyph, fraction in _FRACTION_GLYPHS.items():
        text = text.replace(glyph, f" {fraction}")
    return text


def _is_hangul(text: str) -> bool:
    return bool(text) and all("가" <= char <= "힣" for char in text)
