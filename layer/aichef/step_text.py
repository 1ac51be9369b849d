"""Recipe steps written as templates, so every amount in them follows the servings, in English and in Korean.

A step names amounts only through placeholders, filled from the recipe's ingredient lines at the servings served:
`{soy sauce}` is the whole line ("2 tbsp soy sauce" / "간장 2큰술"), `{soy sauce*1/2}` a share of it, and
`{servings}` the number of servings. In Korean a particle written as `{을}` (or `{를}`, `{이}`/`{가}`, `{은}`/`{는}`,
`{과}`/`{와}`, `{으로}`/`{로}`) is chosen by the sound the text before it ends with: "간장 2큰술을", "달걀 2개를".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from aichef import patterns

Language = str  # "en" or "ko"

PLACEHOLDER = patterns.compile(r"\{([^{}]+)\}")
# After "{servings}" at one serving, the English noun it counts is singular ("1 bowl", "1 thin omelette"): the
# noun, after at most one describing word.
_COUNTED_PLURAL = patterns.compile(r"( (?:thin |large |small |ovenproof |shallow |warm )?)([a-z]+?)(ies|sses|s)\b")
# Pairs of Korean particles: (after a final consonant, after a vowel).
_PARTICLES = {
    "을": ("을", "를"),
    "를": ("을", "를"),
    "이": ("이", "가"),
    "가": ("이", "가"),
    "은": ("은", "는"),
    "는": ("은", "는"),
    "과": ("과", "와"),
    "와": ("과", "와"),
    "으로": ("으로", "로"),
    "로": ("으로", "로"),
}
# How the characters an amount can end with are read aloud: whether the reading ends in a final consonant, and
# whether that consonant is ㄹ (which takes 로, not 으로). Digits as Sino-Korean numbers, units as their names.
_READING_END = {
    "0": "ㅇ", "1": "ㄹ", "2": "", "3": "ㅁ", "4": "", "5": "", "6": "ㄱ", "7": "ㄹ", "8": "ㄹ", "9": "",
    "g": "ㅁ", "l": "", "L": "",
}  # fmt: skip
_SINGULAR_END = {"ies": "y", "sses": "ss", "s": ""}
_FINALS = "ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"


@dataclass(frozen=True)
class Placeholder:
    """One `{...}` of a step: the ingredient line (or `servings`) it names, and the share of it."""

    name: str
    share: Fraction = Fraction(1)


def placeholders(step: str) -> list[Placeholder]:
    """The amount placeholders of `step`, in order (particles are not placeholders)."""
    found = []
    for match in PLACEHOLDER.finditer(step):
        body = match.group(1)
        if body in _PARTICLES:
            continue
        found.append(parse_placeholder(body))
    return found


def parse_placeholder(body: str) -> Placeholder:
    """`"soy sauce*1/2"` -> soy sauce, 1/2; a share must be a fraction in (0, 1]."""
    name, _, share = body.partition("*")
    if not share:
        return Placeholder(name.strip())
    value = Fraction(share.strip())
    if not 0 < value <= 1:
        raise ValueError(f"{{{body}}}: the share must be more than 0 and at most 1")
    return Placeholder(name.strip(), value)


def render_step(step: str, amount_text: Callable[[Placeholder], str], servings: int) -> str:
    """`step` with each placeholder replaced by `amount_text` of it (or the servings) and each particle chosen."""
    out: list[str] = []
    position = 0
    for match in PLACEHOLDER.finditer(step):
        out.append(step[position : match.start()])
        body = match.group(1)
        if body in _PARTICLES:
            out.append(particle(body, "".join(out)))
        else:
            placeholder = parse_placeholder(body)
            if placeholder.name != "servings":
                out.append(amount_text(placeholder))
            else:
                out.append(str(servings))
                if servings == 1:
                    counted = _COUNTED_PLURAL.match(step, match.end())
                    if counted is not None:
                        out.append(counted.group(1) + counted.group(2) + _SINGULAR_END[counted.group(3)])
                        position = counted.end()
                        continue
        position = match.end()
    out.append(step[position:])
    return "".join(out)


def particle(written: str, before: str) -> str:
    """The form of the particle `written` that follows `before`: 을 after 큰술, 를 after 개, 로 after 1 (일)."""
    after_consonant, after_vowel = _PARTICLES[written]
    final = _final_sound(before.rstrip())
    if written in ("으로", "로") and final == "ㄹ":
        return after_vowel
    return after_consonant if final else after_vowel


def _final_sound(text: str) -> str:
    """The final consonant the reading of `text` ends with, or "" when it ends in a vowel."""
    if not text:
        return ""
    last = text[-1]
    if "가" <= last <= "힣":
        index = (ord(last) - ord("가")) % 28
        return _FINALS[index - 1] if index else ""
    if text.endswith("ml") or text.endswith("kg"):
        return "" if text.endswith("ml") else "ㅁ"  # 밀리리터, 킬로그램
    return _READING_END.get(last, "")


def format_number(value: float, language: Language = "en") -> str:
    """A kitchen amount: whole numbers plain, halves, thirds, quarters and eighths as fractions (`1 1/2`, `1/8`),
    else one decimal. Korean reads a mixed number "1과 2분의 1" and writes it `1과 1/2` (`2와 1/4`)."""
    fraction = next(
        (Fraction(round(value * d), d) for d in (1, 2, 3, 4, 8) if abs(round(value * d) - value * d) < 1e-6 * d),
        None,
    )
    if fraction is None:
        return f"{value:.1f}".rstrip("0").rstrip(".")
    whole, rest = divmod(fraction, 1)
    if not rest:
        return str(int(whole))
    if not whole:
        return str(rest)
    return f"{int(whole)}{particle('과', str(int(whole)))} {rest}" if language == "ko" else f"{int(whole)} {rest}"


def steps_for(
    steps: tuple[str, ...] | list[str], amount_text: Callable[[Placeholder], str], servings: int
) -> list[str]:
    """Every step of a recipe rendered for `servings`."""
    return [render_step(step, amount_text, servings) for step in steps]


def used_names(steps: tuple[str, ...] | list[str]) -> Mapping[str, list[Fraction]]:
    """The shares of each line a recipe's steps use, by name: the data tests compare English and Korean with it."""
    used: dict[str, list[Fraction]] = {}
    for step in steps:
        for placeholder in placeholders(step):
            used.setdefault(placeholder.name, []).append(placeholder.share)
    return used
