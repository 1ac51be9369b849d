"""The rubric's judge reads the steps' numbers as a cook does (tests/eval/RUBRIC.md, check 7)."""

from __future__ import annotations

from eval.cook_judge import _steps_match


def recipe(steps: list[str]) -> dict[str, object]:
    lines = [{"name": "bacon", "quantity": 13.5, "unit": "ea"}, {"name": "gochugaru", "quantity": 2.75, "unit": "tbsp"}]
    return {"servings": 10, "ingredients": lines, "steps": steps}


def test_a_korean_mixed_number_is_one_amount_and_a_range_of_minutes_a_time() -> None:
    assert _steps_match(recipe(["베이컨 13과 1/2줄은 1cm 폭으로 썬다.", "5~6분 볶는다.", "고춧가루 2와 3/4큰술"]), [])
    assert _steps_match(recipe(["Cut 13 1/2 strips of bacon; fry for 12-15 minutes."]), [])
    assert not _steps_match(recipe(["베이컨 13줄은 썬다."]), [])  # 13 is no amount of the dish
    assert not _steps_match(recipe(["베이컨 40과 1/2줄"]), [])  # forty and a half, not forty
