"""Amounts as recipes and cooks write them, in English and Korean, leading, trailing or glued to the name:
"300g pork belly", "a pinch of salt", "1 to 2 cups", "3/4 cup plus 1 tablespoon", "1 (15-ounce) can",
"김치 한 포기", "다진파 1큰술", "올리브유2T", "3~4큰술", "1과 1/2컵", "1/2큰술씩", "고추 한두 개".

A phrase with no measurable amount ("some", "to taste", "약간") is understood as "on hand, amount unknown". A range is
read as its upper end (what a shopper buys), with the lower end kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from itertools import pairwise

from aichef import patterns
from aichef.units import UnknownUnit, canonical_unit, is_counter, to_base, unit_words

_FRACTION_GLYPHS = {
    "½": "1/2", "¼": "1/4", "¾": "3/4", "⅓": "1/3", "⅔": "2/3", "⅛": "1/8", "⅜": "3/8", "⅝": "5/8",
    "⅞": "7/8", "⅕": "1/5", "⅖": "2/5", "⅗": "3/5", "⅙": "1/6", "⅚": "5/6", "⁄": "/",
}  # fmt: skip

# fmt: off
# English number words; "a"/"an" count as one ("an onion", "a pinch of salt").
_ENGLISH_NUMBERS: dict[str, Fraction] = {
    word: Fraction(value) for word, value in dict[str, int | Fraction]({
        "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
        "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a couple of": 2, "a couple": 2, "couple of": 2,
        "a few": 3, "a dozen": 12, "dozen": 12, "half a": Fraction(1, 2), "half an": Fraction(1, 2),
        "half": Fraction(1, 2), "a half": Fraction(1, 2), "a quarter": Fraction(1, 4), "quarter": Fraction(1, 4),
        "one and a half": Fraction(3, 2), "a half dozen": 6, "half a dozen": 6,
    }).items()
}
# Native Korean numerals in their counting form (한 개, 두 마리, 스무 개) and alone (하나, 둘); pairs are ranges.
_NATIVE_TENS = {"열": 10, "스물": 20, "스무": 20, "서른": 30, "마흔": 40, "쉰": 50}
_NATIVE_UNITS = {
    "한": 1, "하나": 1, "두": 2, "둘": 2, "세": 3, "셋": 3, "석": 3, "서": 3, "네": 4, "넷": 4, "넉": 4, "너": 4,
    "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9,
}
_NATIVE_RANGES = {"한두": (1, 2), "두세": (2, 3), "두서너": (2, 4), "서너": (3, 4), "너덧": (4, 5), "네다섯": (4, 5),
                  "대여섯": (5, 6), "예닐곱": (6, 7)}
# Sino-Korean numerals (오백 그램, 이 킬로, 삼십 개).
_SINO_DIGITS = {"일": 1, "이": 2, "삼": 3, "사": 4, "오": 5, "육": 6, "칠": 7, "팔": 8, "구": 9}
_SINO_POWERS = {"십": 10, "백": 100, "천": 1000}
# Words that say "some, amount unknown".
_VAGUE_LEADING = ("a little bit of", "a little", "a bit of", "a bit", "some", "a drizzle of", "a few pieces of",
                  "a small amount of", "a generous amount of", "plenty of", "lots of", "several", "약간의", "조금의",
                  "적당량의")
_VAGUE_TRAILING = ("약간", "조금", "조금만", "적당량", "적당히", "소량", "넉넉히", "취향껏", "기호에 따라", "적당",
                   "plus more to taste", "or more to taste", "plus more", "or to taste", "to taste", "or as needed",
                   "as needed", "as required", "if needed", "some", "a little", "좀")
# Words after an amount that change nothing: "1/2큰술씩" (each), "2컵 정도" (about).
_AMOUNT_SUFFIXES = ("씩", "정도", "가량", "쯤", "내외", "남짓", "분량")
# fmt: on
_VAGUE_AT_START = patterns.compile(
    rf"^(?:{'|'.join(re.escape(word) for word in _VAGUE_LEADING)})\s+(?=\S)", re.IGNORECASE
)
_VAGUE_AT_END = patterns.compile(
    rf"(?:(?<=\S)\s+(?:{'|'.join(re.escape(word) for word in _VAGUE_TRAILING)})"
    rf"|(?<=\S)(?:{'|'.join(re.escape(word) for word in _VAGUE_TRAILING if not word.isascii())}))"
    rf"(?:\s*(?:{'|'.join(_AMOUNT_SUFFIXES)}))?\s*$",  # "소금, 후추 약간씩": a little of each
    re.IGNORECASE,
)

_HANGUL_CHAR = "가-힣"
_DIGITS = r"\d+(?:[.,]\d+)?"
_FRACTION = r"\d+\s*/\s*\d+"
# a number in digits: "1 1/2", "1-1/2", "1과 1/2", "1/2", "2.5"
_ASCII = rf"\d+(?:\s+|\s*[-+]\s*|\s*[과와]\s*){_FRACTION}|{_FRACTION}|{_DIGITS}"
_SINO = "[일이삼사오육칠팔구십백천]+"
_KOREAN_FRACTION = patterns.compile(r"([일이삼사오육칠팔구]|\d+)\s*분의\s*([일이삼사오육칠팔구]|\d+)")
_NATIVE = (
    rf"{'|'.join(sorted(_NATIVE_RANGES, key=len, reverse=True))}"
    rf"|(?:{'|'.join(_NATIVE_TENS)})?(?:{'|'.join(sorted(_NATIVE_UNITS, key=len, reverse=True))})"
    rf"|{'|'.join(_NATIVE_TENS)}|반|(?:[일이삼사오육칠팔구]|\d+)\s*분의\s*(?:[일이삼사오육칠팔구]|\d+)"
)
_WORDS = "|".join(re.escape(word) for word in sorted(_ENGLISH_NUMBERS, key=len, reverse=True))
_RANGE_SEP = r"\s*(?:-|~|to|or|에서)\s*"
# Longest first, so that "tbsp" is not read as "t"; in one order in every process, so the pattern is the same text
_LATIN_UNITS = sorted((word for word in unit_words() if word.isascii()), key=lambda word: (-len(word), word))
_HANGUL_UNITS = sorted((word for word in unit_words() if not word.isascii()), key=lambda word: (-len(word), word))
_UNIT = (
    rf"(?:(?:{'|'.join(re.escape(word) for word in _LATIN_UNITS)})\.?(?![a-zA-Z])"
    rf"|(?:{'|'.join(re.escape(word) for word in _HANGUL_UNITS)}))"
)
# A size before the unit ("2 15-ounce cans") is a weight, a volume or a length: a count is no size (see `_size`)
_SIZE_UNIT = "|".join(
    re.escape(word)
    for word in _LATIN_UNITS
    if (unit := canonical_unit(word)) is not None and not is_counter(unit) and unit not in ("inch", "cm")
)
_SUFFIX = rf"(?:\s*(?:{'|'.join(_AMOUNT_SUFFIXES)}))?"

# An amount at the start: quantity (maybe a range), an optional size "(15-ounce)" / "15-ounce", a unit, "of".
_QTY = rf"(?P<qty>{_ASCII}|{_WORDS}(?=\s))(?:{_RANGE_SEP}(?P<high>{_ASCII}))?"
_SIZE = (
    rf"(?:\s*\(\s*(?P<size>\d[^()]*?)\s*\)"
    rf"|\s+(?P<size2>{_DIGITS}(?:\s*-\s*|\s+)(?:(?:{_SIZE_UNIT})\.?(?![a-zA-Z])|inch(?:es)?|in\.|cm)))"
)
_UNIT_ADJECTIVE = (
    r"(?:(?:large|small|medium|big|heaping|heaped|level|scant|generous|rounded|good|full|fat|sm|md|med|lg)\.?\s+)"
)
_LEADING = patterns.compile(
    rf"^{_QTY}(?:{_SIZE})?\s*(?:{_UNIT_ADJECTIVE}?(?P<unit>{_UNIT}){_SUFFIX}\s*|\s+)(?:of\s+)?(?P<name>.+)$",
    re.IGNORECASE,
)
# An amount at the end: "다진파 1큰술", "rice 2 cups", "고추 2~3개", "양파 반 개", "계란 하나".
_TRAILING = patterns.compile(
    rf"^(?P<name>.+?)\s*(?<!(?-i:[{_HANGUL_CHAR}])|[a-zA-Z\d/.,])"  # Hangul has no case: cheaper to compile so
    rf"(?P<qty>{_ASCII}|{_NATIVE}|{_SINO}|{_WORDS})(?:{_RANGE_SEP}(?P<high>{_ASCII}|{_NATIVE}))?"
    rf"\s*(?P<unit>{_UNIT})?{_SUFFIX}\.?$",
    re.IGNORECASE,
)
_MAY_PLUS = patterns.compile(r"\s*plus\s", re.IGNORECASE)  # a cheap test before the "plus" pattern
_MAY_LEAD = patterns.compile(rf"\d|(?:{_WORDS})\s", re.IGNORECASE)  # a cheap test before the leading pattern
_MAY_TRAIL = patterns.compile(
    r"\d|(?-i:[가-힣])|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|half|quarter|dozen|couple|few)\b"
    r"|\ban? \S+$",
    re.IGNORECASE,
)  # a cheap test before the trailing patterns: a trailing amount needs a digit, Hangul, a number word or "a cup"
_SIZE_NOTE = rf"({_ASCII})\s*-?\s*([a-zA-Z.]+(?:\s[a-zA-Z.]+)?)\.?"  # compiled by re at its first use
_MIXED = patterns.compile(r"(\d+)(?:\s+|\s*[-+]\s*|\s*[과와]\s*)(\d+)\s*/\s*(\d+)")
_TIMES = patterns.compile(r"^(\d+(?:\.\d+)?)\s*x\s+(?=\d)", re.IGNORECASE)
_COUNT_AFTER = patterns.compile(r"\s+[x×]\s*(\d+)$", re.IGNORECASE)  # a count at the end: "eggs x4", "canned tuna ×3"
_BARE_UNIT = patterns.compile(
    r"^(?:(?:a\s+)?(?:generous|small|large|good|big|heaping|level|scant)\s+)?"
    r"(?P<unit>pinch|handful|dash|splash|knob|sprig|bunch|pack|chunk|piece|thumb-sized piece|small piece)"
    r"\s+(?:of\s+)?",
    re.IGNORECASE,
)
# A length before a piece word is the size of one piece: "2.5 cm piece ginger", '3" piece ginger', "1-inch chunk".
_SIZED_PIECE = patterns.compile(
    rf"^(?:{_ASCII})\s*-?\s*(?:cm|inch(?:es)?|in\.|\")\s*(?P<unit>piece|chunk|knob)\s+(?:of\s+)?(?P<name>.+)$",
    re.IGNORECASE,
)
_NOTE_AFTER_PLUS = patterns.compile(r"(?:and|or|for|more|to)\b", re.IGNORECASE)
# The last letters a line ending in a vague word can have (case folded): a cheap test before _VAGUE_AT_END.
_VAGUE_LAST = frozenset(word[-1].casefold() for word in (*_VAGUE_TRAILING, *_AMOUNT_SUFFIXES))
_BARE_KOREAN = frozenset({"하나", "둘", "셋", "넷", "다섯", "여섯", "일곱", "여덟", "아홉", "열", "반"})
# The first characters of a Korean numeral: an amount glued to a Korean name starts with one of them or a digit.
_NUMERAL_STARTS = frozenset(
    word[0] for word in (*_NATIVE_RANGES, *_NATIVE_TENS, *_NATIVE_UNITS, "반", *_SINO_DIGITS, *_SINO_POWERS)
)


# An amount glued to a Korean name: "올리브유2T", "양파1/2개", "양파반개", "김치한포기".
_GLUED = patterns.compile(
    rf"^(?P<name>.*[{_HANGUL_CHAR}])(?P<qty>{_ASCII}|{_NATIVE}|{_SINO})"
    rf"(?:{_RANGE_SEP}(?P<high>{_ASCII}|{_NATIVE}))?\s*(?P<unit>{_UNIT}){_SUFFIX}$"
)
# A "plus 2 tablespoons" after an amount.
_PLUS = patterns.compile(
    rf"^\s*plus\s+(?P<qty>{_ASCII}|{_WORDS}(?=\s))\s*(?P<unit>{_UNIT})\s*(?P<rest>.*)$", re.IGNORECASE
)


def _plus_match(text: str) -> re.Match[str] | None:
    return _PLUS.match(text) if _MAY_PLUS.match(text) else None


def _trailing_match(text: str) -> re.Match[str] | None:
    """The trailing pattern's match, else the glued one's when an amount may be glued to the name."""
    match = _TRAILING.match(text)
    return _GLUED.match(text) if match is None and _may_be_glued(text) else match


def _may_be_glued(text: str) -> bool:
    """A cheap test before the glued pattern: a Hangul syllable right before a digit or a Korean numeral."""
    return any(
        "가" <= before <= "힣" and (after.isdecimal() or after in _NUMERAL_STARTS) for before, after in pairwise(text)
    )


@dataclass(frozen=True)
class Amount:
    """The amount of one line: a quantity in a canonical unit (`ea` for a bare count), or None when unknown, and the
    rest of the line (the name with its notes). A range keeps its lower end in `low`."""

    quantity: float | None
    unit: str | None
    name: str
    low: float | None = None


def replace_glyphs(text: str) -> str:
    """Fraction glyphs as ASCII fractions: "1½" -> "1 1/2", "½" -> "1/2"."""
    if text.isascii():
        return " ".join(text.split())
    for glyph, fraction in _FRACTION_GLYPHS.items():
        if glyph in text:
            text = text.replace(glyph, f" {fraction}" if glyph != "⁄" else fraction)
    return " ".join(text.split())


def split_amount(text: str) -> Amount:
    """Split `text` into its amount and the rest: "a pinch of salt" -> 1 pinch, "salt"; "some kimchi" -> None."""
    cleaned = replace_glyphs(text).lstrip("~≈ ")  # "~7 cloves": about seven
    times = _TIMES.match(cleaned)
    if times is not None:  # "2x 400 g packs noodles": twice the amount that follows
        inner = split_amount(cleaned[times.end() :])
        if inner.quantity is not None:
            return _times(inner.quantity, inner, float(times.group(1)))
    count = _COUNT_AFTER.search(cleaned) if cleaned[-1:].isdecimal() else None  # most lines do not end in a digit
    if count is not None:  # "salmon fillets x2": two of them; "tofu 300 g x2": twice the amount before
        inner = split_amount(cleaned[: count.start()])
        factor = float(count.group(1))
        return _times(inner.quantity, inner, factor) if inner.quantity is not None else Amount(factor, "ea", inner.name)
    bare = _BARE_UNIT.match(cleaned)
    if bare is not None:  # "pinch of salt", "handful mint": one of the unit (the match ends before a word)
        return Amount(1.0, canonical_unit(bare.group("unit")), cleaned[bare.end() :])
    sized = _SIZED_PIECE.match(cleaned)
    if sized is not None:
        return Amount(1.0, canonical_unit(sized.group("unit")), sized.group("name"))
    vague = _strip_vague(cleaned, leading=True)
    if vague is not None:
        return Amount(None, None, vague)
    leading = _leading(cleaned) if _MAY_LEAD.match(cleaned) else None
    if leading is not None:  # "1/2 tsp salt plus more to taste": the amount stays, the vague words go
        return Amount(leading.quantity, leading.unit, _strip_vague(leading.name) or leading.name, leading.low)
    vague = _strip_vague(cleaned)
    if vague is not None:
        return Amount(None, None, vague)
    return (_trailing(cleaned) if _MAY_TRAIL.search(cleaned) else None) or Amount(None, None, cleaned)


def _times(quantity: float, amount: Amount, factor: float) -> Amount:
    """`amount` (of `quantity`) `factor` times, both ends of a range."""
    low = amount.low * factor if amount.low is not None else None
    return Amount(quantity * factor, amount.unit, amount.name, low)


def _leading(text: str) -> Amount | None:
    match = _LEADING.match(text)
    if match is None:
        return None
    quantity = parse_number(match.group("qty"))
    high = parse_number(match.group("high")) if match.group("high") else None
    if quantity is None or (match.group("high") and high is None):
        return None
    unit = canonical_unit(match.group("unit")) if match.group("unit") else "ea"
    name = match.group("name").strip()
    size = _size(match.group("size") or match.group("size2"))
    bare = parse_number(match.group("size")) if match.group("size") and size is None else None
    scale = 1.0  # what one of the counted things holds, both ends of a range alike
    if bare is not None and unit is not None and unit not in _CONTAINERS and not is_counter(unit):
        scale = bare  # "1 (1 1/2) pound squash" is 1 1/2 pounds; "1 to 2 (1 1/2) pound squash" 1 1/2 to 3
    elif size is not None and size[1] not in ("inch", "cm") and (unit in _CONTAINERS or unit == "ea"):
        # "1 (15-ounce) can" is 15 oz; "1 (3-pound) roast" is 3 lb; "2 3-inch cinnamon sticks" stays 2
        scale, unit = size[0], size[1]
    low = quantity * scale if high is not None else None
    quantity = (quantity if high is None else high) * scale
    plus = _plus_match(name)
    if plus is not None:
        summed = _add(quantity, unit or "ea", plus.group("qty"), plus.group("unit"))
        if summed is not None:
            quantity, unit = summed
            name = plus.group("rest").strip()
    if not name:
        return None
    return Amount(quantity, unit, name, low)


_CONTAINERS = frozenset({"can", "package", "pack", "packet", "jar", "bottle", "bag", "box", "carton", "container",
                         "tub", "envelope", "stick", "fillet", "piece", "block", "loaf"})  # fmt: skip


def plus(amount: Amount, note: str) -> Amount | None:
    """`amount` with the amount a "plus 2 tablespoons" note adds, in the base unit; None when `note` is no such note
    or the two do not add up (a weight plus a volume)."""
    match = _plus_match(note)
    if match is None or amount.quantity is None or amount.unit is None:
        return None
    rest = match.group("rest").strip()
    if rest and not _NOTE_AFTER_PLUS.match(rest):  # "plus 2 tablespoons butter" adds another food
        return None
    summed = _add(amount.quantity, amount.unit, match.group("qty"), match.group("unit"))
    return Amount(summed[0], summed[1], amount.name) if summed is not None else None


def _size(text: str | None) -> tuple[float, str] | None:
    """A size note: "15-ounce", "15 oz", "3 1/2 ounces" -> (15, "oz"); a length keeps its unit ("3-inch")."""
    if not text:
        return None
    match = re.fullmatch(_SIZE_NOTE, text.strip())
    if match is None:
        return None
    quantity, unit = parse_number(match.group(1)), canonical_unit(match.group(2))  # "T" is a tablespoon, "t" a tsp
    return (quantity, unit) if quantity is not None and unit is not None and not is_counter(unit) else None


def _add(quantity: float, unit: str, more_qty: str, more_unit: str) -> tuple[float, str] | None:
    """`quantity unit` plus another amount, in the base unit when both convert to the same one."""
    more = parse_number(more_qty)
    other = canonical_unit(more_unit)
    if more is None or other is None:
        return None
    try:
        first, base = to_base(quantity, unit)
        second, other_base = to_base(more, other)
    except UnknownUnit:
        return None
    return (round(first + second, 4), base) if base == other_base else None


def _trailing(text: str) -> Amount | None:
    match = _trailing_match(text)
    if match is None or not match.group("name").strip(" ,:-"):
        return None
    qty_text, unit_text = match.group("qty"), match.group("unit")
    if unit_text is None and is_hangul(qty_text) and qty_text not in _BARE_KOREAN:
        return None  # "김치 한" is not a quantity; "계란 하나" is
    if unit_text is None and qty_text.lower() in ("a", "an"):
        return None  # "vitamin a"
    quantity = parse_number(qty_text)
    high = parse_number(match.group("high")) if match.group("high") else None
    if quantity is None or (match.group("high") and high is None):
        return None
    low = None
    if high is not None:
        quantity, low = high, quantity
    elif qty_text in _NATIVE_RANGES:
        low, quantity = (float(value) for value in _NATIVE_RANGES[qty_text])
    unit = canonical_unit(unit_text) if unit_text else "ea"
    return Amount(quantity, unit, match.group("name").strip(" ,:-"), low)


@lru_cache(maxsize=4096)  # the same few numbers, written the same few ways
def parse_number(text: str) -> float | None:
    """A number in digits, fractions, English words or Korean numerals: "1 1/2", "1과 1/2", "half", "두", "오백"."""
    word = " ".join(text.lower().split())
    if word in _ENGLISH_NUMBERS:
        return float(_ENGLISH_NUMBERS[word])
    if word == "반":
        return 0.5
    if word in _NATIVE_RANGES:
        return float(_NATIVE_RANGES[word][1])
    share = _KOREAN_FRACTION.fullmatch(word)
    if share is not None:  # 삼분의 일: one third
        whole, part = parse_number(share.group(1)), parse_number(share.group(2))
        return part / whole if whole and part else None
    if is_hangul(word):
        return _korean_number(word)
    mixed = _MIXED.fullmatch(word)
    if mixed is not None:
        whole, top, bottom = (int(part) for part in mixed.groups())
        return whole + top / bottom if bottom else None
    compact = word.replace(" ", "").replace(",", ".")
    numerator, slash, denominator = compact.partition("/")
    try:
        if slash:
            return int(numerator) / int(denominator) if int(denominator) else None
        return float(compact)
    except ValueError:
        return None


def _korean_number(word: str) -> float | None:
    """The value of a native or Sino-Korean numeral (`word` is Hangul, so never empty), or None."""
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
    return float(total + digit)  # never 0: the word is not empty and each character adds at least 1


def _strip_vague(text: str, *, leading: bool = False) -> str | None:
    """`text` without the words that say "amount unknown" at its start (`leading`) or its end, or None."""
    if not leading and text[-1:].casefold() not in _VAGUE_LAST:  # the text ends in no space
        return None  # most lines end in no vague word
    match = (_VAGUE_AT_START if leading else _VAGUE_AT_END).search(text)
    if match is None:
        return None
    rest = (text[match.end() :] if leading else text[: match.start()]).strip(" ,")
    return rest or None


def is_hangul(text: str) -> bool:
    """Whether `text` is Hangul syllables only (no jamo, digits or spaces)."""
    return bool(text) and all("가" <= char <= "힣" for char in text)
