"""The failure causes a cook reads, in English and Korean: one home for their wording. The error names stay English
(`RecipeGenerationFailed`); the cause follows the request's language. Pure."""

from __future__ import annotations

from collections.abc import Sequence

from aichef.labels import FLAGS_KO, cuisine_label, diet_label
from aichef.step_text import particle

COURSE_KO = {"main": "메인 요리", "side": "반찬", "soup": "국물 요리", "breakfast": "아침 식사", "dessert": "디저트",
             "snack": "간식"}  # fmt: skip


def _list(items: Sequence[str], language: str) -> str:
    return ", ".join(items) if items else ("(없음)" if language == "ko" else "(nothing)")


def none_understood(texts: Sequence[str], language: str) -> str:
    if language == "ko":
        return f"알아들은 재료가 없습니다: {', '.join(texts)}"
    return f"none of these were understood: {', '.join(texts)}"


def unknown_cuisine(cuisine: str, known: Sequence[str], language: str) -> str:
    if language == "ko":
        shown = ", ".join(cuisine_label(name, language) for name in known)
        return f"카탈로그에 {cuisine} 요리가 없습니다. 있는 요리: {shown}"
    return f"the catalog has no {cuisine} recipes; its cuisines are: {', '.join(known)}"


def none_uses(count: int, have: Sequence[str], language: str) -> str:
    if language == "ko":
        return f"카탈로그의 요리 {count}가지 중 {_list(have, language)}{_을(have)} 쓰는 요리가 없습니다"
    return f"none of the {count} catalog recipes uses any of: {_list(have, language)}"


def ruled_out(using: int, used: Sequence[str], left: int, rule: str, language: str) -> str:
    """`using` recipes use `used`, but the `left` of them that passed the rules before do not satisfy `rule`."""
    if language == "ko":
        return f"{_list(used, language)}{_을(used)} 쓰는 요리 {using}가지 중 {rule} 조건에 맞는 요리가 없습니다"
    use = "catalog recipe uses" if using == 1 else "catalog recipes use"
    rest = "the 1 left does not satisfy" if left == 1 else f"none of the {left} left satisfies"
    return f"{using} {use} {', '.join(used)} but {rest} {rule}"


def rule_label(kind: str, value: str, language: str) -> str:
    """A constraint as the causes name it: `diet vegan`, `max_minutes 20`; `비건 식단`, `조리 시간 20분 이내`
    (`value` of a diet: the diets joined with ", ")."""
    if language != "ko":
        return f"{kind} {value}"
    if kind == "diet":
        return ", ".join(diet_label(diet, language) for diet in value.split(", ")) + " 식단"
    if kind == "cuisine":
        return cuisine_label(value, language)
    if kind == "max_minutes":
        return f"조리 시간 {value}분 이내"
    return f"코스 {COURSE_KO.get(value, value)}"


def diet_rules_out(diet: str, flags: Sequence[str], language: str) -> str:
    """Why a diet leaves a food out (`flags`: what the food holds that the diet excludes): `vegan rules out egg`,
    `비건: 달걀 제외`."""
    if language == "ko":
        return f"{diet_label(diet, language)}: {', '.join(FLAGS_KO.get(flag, flag) for flag in flags)} 제외"
    return f"{diet} rules out {', '.join(flags)}"


def nothing_fits(course: str, have: Sequence[str], closest: str, needs: Sequence[str], language: str) -> str:
    """Nothing on hand makes that meal: what was understood, the closest dish and what it would need."""
    if language == "ko":
        return (
            f"이 재료({_list(have, language)})로는 {COURSE_KO.get(course, course)}{_를(COURSE_KO.get(course, course))}"
            f" 만들기 어렵습니다. 가장 가까운 요리는 {closest}이고, {_list(needs, language)}{_이(needs)} 더 필요합니다"
        )
    return (
        f"nothing here makes a {course} dish: {_list(have, language)} is not enough. The closest is {closest},"
        f" which would need {_list(needs, language)}"
    )


def closest(title: str, needs: Sequence[str], language: str) -> str:
    """The sentence a failure ends with: the closest dish the request's rules allow and what it would need."""
    if language == "ko":
        return f". 가장 가까운 요리는 {title}이고, {_list(needs, language)}{_이(needs)} 더 필요합니다"
    return f". The closest is {title}, which would need {_list(needs, language)}"


def no_quote(language: str) -> str:
    """Why a line has no price: the price step did not look it up (yet)."""
    return "가격을 아직 찾지 않았습니다" if language == "ko" else "no quote was fetched"


def unknown_price(language: str) -> str:
    """Why a line has no price: no price source knows the ingredient."""
    return "가격을 아는 곳이 없습니다" if language == "ko" else "no price source knows this ingredient"


def other_currency(quoted: str, wanted: str, language: str) -> str:
    """Why a line has no price: its only quote is in another currency."""
    if language == "ko":
        return f"가격이 {wanted}가 아닌 {quoted}로만 있습니다"
    return f"quote is in {quoted}, not {wanted}"


def unconvertible(per: str, unit: str, needs: Sequence[str], language: str) -> str:
    """Why a line has no price: the quote's unit and the recipe's differ, and the physical data to convert is missing
    (`needs`: "density", "piece weight")."""
    if language == "ko":
        words = {"density": "밀도", "piece weight": "개당 무게"}
        missing = " 또는 ".join(words[need] for need in needs)
        units = {"ea": "개", "l": "L"}  # as the readable view writes them
        return f"가격은 {units.get(per, per)} 단위인데 레시피는 {units.get(unit, unit)} 단위이고, {missing}를 모릅니다"
    return f"priced per {per} but the recipe uses {unit} and no {' or '.join(needs)} is known"


def _을(items: Sequence[str]) -> str:
    return particle("을", items[-1] if items else "")


def _를(text: str) -> str:
    return particle("을", text)


def _이(items: Sequence[str]) -> str:
    return particle("이", items[-1] if items else "")
