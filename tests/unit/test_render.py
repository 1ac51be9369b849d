"""The readable view: strictest diet labels, you have / to buy / not understood, what a total leaves out."""

from __future__ import annotations

from typing import Any

from aichef_local.render import render
from aichef_local.runner import ExecutionResult


def line(name: str, quantity: float, unit: str, cost: int) -> dict[str, Any]:
    return {
        "name": name,
        "quantity": quantity,
        "unit": unit,
        "unit_price": cost / quantity,
        "cost": cost,
        "source": "catalog",
    }


OUTPUT = {
    "request_id": "r-1",
    "unrecognized": ["blorptangle", "xyzzy 2개"],
    "recipe": {
        "title": "Kimchi Stew",
        "cuisine": "korean",
        "servings": 2,
        "total_minutes": 30,
        "diet": ["vegan", "vegetarian", "pescatarian", "dairy-free", "nut-free"],
        "engine": "catalog",
        "source_id": "stew",
        "matched": ["kimchi", "tofu"],
        "ingredients": [
            {"name": "kimchi", "quantity": 450, "unit": "g"},
            {"name": "tofu", "quantity": 1, "unit": "ea"},
            {"name": "onion", "quantity": 1, "unit": "ea"},
            {"name": "galangal", "quantity": 10, "unit": "g"},
        ],
        "steps": ["Simmer."],
    },
    "pricing": {
        "currency": "KRW",
        "total": 7800,
        "per_serving": 3900,
        "lines": [line("kimchi", 450, "g", 5400), line("tofu", 1, "ea", 1900), line("onion", 1, "ea", 500)],
        "unpriced": [
            {"name": "galangal", "quantity": 10, "unit": "g", "reason": "no price source knows this ingredient"}
        ],
        "to_buy": [line("kimchi", 250, "g", 3000), line("onion", 1, "ea", 500)],
        "to_buy_total": 3500,
    },
}


def view(output: dict[str, Any]) -> list[str]:
    return render(ExecutionResult(request_id="r-1", request={}, status="SUCCEEDED", output=output)).splitlines()


def test_the_view_shows_the_strictest_diets_only() -> None:
    assert view(OUTPUT)[1] == "serves 2 · 30 min · diet: vegan, nut-free · engine: catalog (stew)"


def test_the_view_says_what_you_have_what_to_buy_and_what_was_not_understood() -> None:
    lines = view(OUTPUT)
    start = lines.index("You have: kimchi, tofu")

    assert lines[start : start + 6] == [
        "You have: kimchi, tofu",
        "To buy: ₩3,500 (leaves out 1 item without a price)",
        "  kimchi    250 g      ₩3,000",
        "  onion      1 ea        ₩500",
        "  galangal   10 g  (no price)",
        "Not understood: blorptangle, xyzzy 2개",
    ]
    assert "  the total leaves out 1 item without a price" in lines


def test_the_view_says_when_nothing_is_left_to_buy() -> None:
    pricing = {**OUTPUT["pricing"], "unpriced": [], "to_buy": [], "to_buy_total": 0}
    lines = view({**OUTPUT, "unrecognized": [], "pricing": pricing})

    assert "To buy: ₩0 - nothing, you have it all" in lines
    assert not [text for text in lines if text.startswith("Not understood") or "leaves out" in text]


KOREAN = {
    **OUTPUT,
    "corrected": [{"text": "김치이", "name": "kimchi"}],
    "recipe": {
        **OUTPUT["recipe"],
        "title": "김치찌개",
        "language": "ko",
        "total_minutes": 25,
        "diet": ["dairy-free", "nut-free"],
        "ingredients": [
            {"name": "kimchi", "quantity": 450, "unit": "g", "label": "김치"},
            {"name": "tofu", "quantity": 1, "unit": "ea", "label": "두부"},
            {"name": "soy sauce", "quantity": 1, "unit": "tbsp", "label": "간장"},
            {"name": "galangal", "quantity": 10, "unit": "g", "label": "갈랑갈"},
        ],
        "steps": ["김치 450g을 볶는다."],
        "substitutions": [{"recipe": "pork belly", "use": "tofu"}],
        "left_out": [{"name": "pork belly", "label": "삼겹살", "reason": "채식", "instead": "tofu"}],
    },
    "pricing": {
        **OUTPUT["pricing"],
        "lines": [
            {**line("kimchi", 450, "g", 5400), "label": "김치"},
            {**line("tofu", 1, "ea", 1900), "label": "두부"},
            {**line("onion", 1, "ea", 500), "label": "양파"},
        ],
        "unpriced": [
            {"name": "galangal", "quantity": 10, "unit": "g", "reason": "가격을 아는 곳이 없습니다", "label": "갈랑갈"}
        ],
        "to_buy": [
            {
                **line("soy sauce", 15, "ml", 3500),
                "label": "간장",
                "pack": {"packs": 1, "name": "병", "quantity": 500, "unit": "ml", "leftover": 485.0},
            },
            {
                **line("kimchi", 2.25, "g", 20000),
                "label": "김치",
                "pack": {"packs": 1, "name": "봉지", "quantity": 500, "unit": "g", "leftover": 497.75},
            },
        ],
        "to_buy_total": 23500,
    },
}


def test_a_korean_answer_is_shown_in_korean_words_and_units() -> None:
    lines = view(KOREAN)

    assert lines[0] == "━━ 김치찌개 (한식) ━━  요청 r-1"
    assert lines[1] == "2인분 · 25분 · 식단: 유제품 없음, 견과류 없음 · 엔진: catalog (stew)"
    assert lines[3:8] == ["재료", "  김치    450g", "  두부    1모", "  간장    1큰술 (15ml)", "  갈랑갈  10g"]
    assert "만드는 법" in lines and "  1. 김치 450g을 볶는다." in lines
    assert "바꾼 재료: 삼겹살 대신 가지고 있는 두부" in lines
    assert "뺀 재료: 삼겹살 (채식); 대신 두부 사용" in lines
    assert "고쳐 읽은 말: 김치이 -> 김치" in lines
    assert "이해하지 못한 말: blorptangle, xyzzy 2개" in lines


def test_a_korean_price_table_writes_korean_units_and_names_its_source_in_korean() -> None:
    lines = view(KOREAN)
    start = lines.index("가격 (KRW)")

    assert lines[start + 1 : start + 5] == [
        "  재료    양        단가    금액  출처",
        "  김치  450g  ₩12,000/kg  ₩5,400  기본 가격표",
        "  두부   1모   ₩1,900/모  ₩1,900  기본 가격표",
        "  양파   1개     ₩500/개    ₩500  기본 가격표",
    ]
    assert "  가격 없음: 갈랑갈 10g - 가격을 아는 곳이 없습니다" in lines


def test_a_korean_shopping_list_counts_packs_as_korean_does_and_rounds_what_is_left() -> None:
    lines = view(KOREAN)
    start = lines.index("장보기 목록: ₩23,500 (가격을 모르는 1개 항목 제외)")

    assert lines[start + 1 : start + 4] == [
        "  간장      1병 (15ml 필요, 485ml 남음)       ₩3,500",
        "  김치    1봉지 (2.25g 필요, 498g 남음)      ₩20,000",
        "  갈랑갈                            10g  (가격 없음)",
    ]


def test_a_pack_whose_name_is_no_counter_a_mixed_number_and_nothing_left_read_as_korean_writes_them() -> None:
    to_buy = [
        {**line("egg", 3, "ea", 3500), "label": "달걀", "pack": pack(1, "10구", 10, "ea", 7)},
        {**line("garlic", 1.5, "ea", 600), "label": "마늘", "pack": pack(1, "통", 10, "ea", 8.5)},
        {**line("canned tuna", 1, "ea", 2500), "label": "참치캔", "pack": pack(1, "캔", 150, "g", 0)},
    ]
    lines = view({**KOREAN, "pricing": {**KOREAN["pricing"], "unpriced": [], "to_buy": to_buy}})
    start = lines.index("장보기 목록: ₩23,500")

    assert lines[start + 1 : start + 4] == [
        "  달걀       10구짜리 1개 (3개 필요, 7개 남음)  ₩3,500",
        "  마늘    1통 (1과 1/2쪽 필요, 8과 1/2쪽 남음)    ₩600",
        "  참치캔          1캔 (1캔 필요, 남는 것 없음)  ₩2,500",
    ]


def test_an_english_pack_with_nothing_left_says_so() -> None:
    to_buy = [{**line("canned tuna", 1, "ea", 2500), "pack": pack(1, "can", 150, "g", 0)}]
    lines = view({**OUTPUT, "pricing": {**OUTPUT["pricing"], "unpriced": [], "to_buy": to_buy}})

    assert "  canned tuna  1 ea -> 1 x can, nothing left over  ₩2,500" in lines


def pack(packs: int, name: str, quantity: float, unit: str, leftover: float) -> dict[str, Any]:
    return {"packs": packs, "name": name, "quantity": quantity, "unit": unit, "leftover": leftover}


def test_a_garnish_is_marked_optional_and_offered_apart_from_the_shopping_list() -> None:
    garnish = {"name": "green onion", "quantity": 1, "unit": "ea", "optional": True}
    recipe = {**OUTPUT["recipe"], "ingredients": [*OUTPUT["recipe"]["ingredients"][:3], garnish]}
    pricing = {**OUTPUT["pricing"], "unpriced": [], "optional": [line("green onion", 1, "ea", 1600)]}
    lines = view({**OUTPUT, "unrecognized": [], "recipe": recipe, "pricing": pricing})

    assert "  green onion  1 stalk (optional)" in lines
    assert "To buy: ₩3,500" in lines
    assert "Optional, if you want them: green onion 1 ea ₩1,600" in lines
