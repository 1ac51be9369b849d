"""Step templates: placeholders, shares, Korean particles and kitchen numbers, exactly."""

from __future__ import annotations

from fractions import Fraction

import pytest

from aichef.step_text import Placeholder, format_number, particle, placeholders, render_step, used_names

AMOUNTS = {"soy sauce": "2 tbsp soy sauce", "egg": "3 eggs", "간장": "간장 2큰술", "달걀": "달걀 3개"}


def fake_amount(placeholder: Placeholder) -> str:
    text = AMOUNTS[placeholder.name]
    return text if placeholder.share == 1 else f"{placeholder.share} of {text}"


def test_placeholders_name_lines_and_shares_and_skip_particles() -> None:
    assert placeholders("Mix {soy sauce*1/2} and {egg}{을} {servings} times") == [
        Placeholder("soy sauce", Fraction(1, 2)),
        Placeholder("egg"),
        Placeholder("servings"),
    ]


@pytest.mark.parametrize("body", ["egg*0", "egg*3/2", "egg*-1/2"])
def test_a_share_outside_zero_to_one_is_refused(body: str) -> None:
    with pytest.raises(ValueError, match="share must be more than 0 and at most 1"):
        placeholders(f"{{{body}}}")


def test_render_fills_amounts_servings_and_particles() -> None:
    assert render_step("Beat {egg} with {soy sauce*1/2}; serves {servings}.", fake_amount, 4) == (
        "Beat 3 eggs with 1/2 of 2 tbsp soy sauce; serves 4."
    )
    assert render_step("{간장}{를} 넣고 {달걀}{을} 푼다. {servings}그릇에 담는다.", fake_amount, 2) == (
        "간장 2큰술을 넣고 달걀 3개를 푼다. 2그릇에 담는다."
    )


@pytest.mark.parametrize(
    ("step", "one", "two"),
    [
        ("Serve in {servings} bowls.", "Serve in 1 bowl.", "Serve in 2 bowls."),
        ("Pour into {servings} small glasses", "Pour into 1 small glass", "Pour into 2 small glasses"),
        ("Shape {servings} patties", "Shape 1 patty", "Shape 2 patties"),
        ("Make {servings} thin omelettes", "Make 1 thin omelette", "Make 2 thin omelettes"),
        ("Cut into {servings} pieces", "Cut into 1 piece", "Cut into 2 pieces"),
        ("serves {servings}.", "serves 1.", "serves 2."),
        ("{servings}그릇에 담는다.", "1그릇에 담는다.", "2그릇에 담는다."),
    ],
)
def test_what_the_servings_count_is_singular_at_one_serving(step: str, one: str, two: str) -> None:
    assert render_step(step, fake_amount, 1) == one
    assert render_step(step, fake_amount, 2) == two


@pytest.mark.parametrize(
    ("written", "before", "expected"),
    [
        ("을", "간장 2큰술", "을"),
        ("을", "달걀 3개", "를"),
        ("를", "밥 400g", "을"),  # 그램
        ("을", "우유 200ml", "를"),  # 밀리리터
        ("을", "소고기 1kg", "을"),  # 킬로그램
        ("이", "물 1L", "가"),  # 리터
        ("은", "양파 1", "은"),  # 일
        ("은", "양파 2", "는"),  # 이
        ("과", "두부 1모", "와"),
        ("와", "고기 300g", "과"),
        ("으로", "소금 1작은술", "로"),  # ㄹ takes 로
        ("로", "밥 3공기", "로"),
        ("로", "물 6", "으로"),  # 육
        ("으로", "", "로"),
    ],
)
def test_particles_follow_the_sound_the_amount_ends_with(written: str, before: str, expected: str) -> None:
    assert particle(written, before) == expected


@pytest.mark.parametrize(
    ("value", "text"),
    [(2.0, "2"), (0.5, "1/2"), (1.5, "1 1/2"), (0.25, "1/4"), (2.75, "2 3/4"), (0.333333, "1/3"), (0.3, "0.3"),
     (2.5, "2 1/2"), (12.3, "12.3"), (400.0, "400")],
)  # fmt: skip
def test_numbers_read_as_a_cook_writes_them(value: float, text: str) -> None:
    assert format_number(value) == text


def test_used_names_count_every_share_of_every_line() -> None:
    assert used_names(["{egg*1/2} then {egg*1/2}", "{soy sauce}{을}"]) == {
        "egg": [Fraction(1, 2), Fraction(1, 2)],
        "soy sauce": [Fraction(1)],
    }
