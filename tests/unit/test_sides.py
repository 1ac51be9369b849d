"""Fresh vegetables on hand that a meal leaves are served on the side (aichef.sides): all of what the cook has, or a
portion per serving, at most two, in both languages; never when the dish already uses fresh produce, and never for a
side, a dessert or a snack."""

from __future__ import annotations

from aichef.contracts import RecipeIngredient, parse_request
from aichef.ingredients import bundled_book
from aichef.recipes import bundled_catalog
from aichef.sides import MAX_SIDES, PORTION_G, side_lines, side_methods, side_step

BOOK = bundled_book()


def test_the_table_names_known_vegetables_each_raw_or_sauteed() -> None:
    methods = side_methods()

    assert len(methods) == 70 and set(methods.values()) == {"raw", "saute", "boil"}
    assert all(BOOK.role(name) == "produce" and BOOK.perishable(name) for name in methods)
    assert (methods["cucumber"], methods["green bean"], methods["napa cabbage"]) == ("raw", "saute", "saute")
    assert "banana" not in methods and "basil" not in methods and "green onion" not in methods  # fruit, herbs


def test_a_side_is_all_the_cook_has_or_a_portion_per_serving_at_most_two() -> None:
    foods = BOOK.foods(["300 g green beans", "cucumber", "2 zucchini", "banana", "spinach"])

    lines = side_lines(foods, ["green bean", "cucumber", "zucchini", "banana", "spinach"], servings=3)

    assert (MAX_SIDES, PORTION_G) == (2, 80.0)
    assert lines == [
        RecipeIngredient(name="green bean", quantity=300.0, unit="g"),  # all of what the cook has
        RecipeIngredient(name="cucumber", quantity=240.0, unit="g"),  # no amount given: 80 g a serving
    ]
    assert side_lines(foods, ["banana"], servings=3) == []  # a fruit is not a side
    assert side_lines(foods, ["zucchini"], servings=1) == [RecipeIngredient(name="zucchini", quantity=2, unit="ea")]


def test_the_side_step_says_how_in_the_answers_language() -> None:
    lines = [
        RecipeIngredient(name="green bean", quantity=160.0, unit="g"),
        RecipeIngredient(name="cucumber", quantity=1.0, unit="ea"),
    ]

    assert side_step(lines, "en", BOOK) == (
        "On the side: sauté the 160 g green bean in a little oil with a pinch of salt for 5 minutes; slice the 1"
        " cucumber and season with a pinch of salt; serve alongside."
    )
    assert side_step(lines, "ko", BOOK) == (
        "곁들임: 그린빈 160g을 기름을 살짝 두른 팬에 소금 한 꼬집과 5분 볶고, 오이 1개를 썰어 소금을 살짝 뿌리고"
        " 함께 낸다."
    )
    assert side_step([], "en", BOOK) is None
    corn = [RecipeIngredient(name="corn on the cob", quantity=4.0, unit="ea")]
    assert (
        side_step(corn, "en", BOOK)
        == "On the side: boil the 4 ears corn on the cob in salted water for 8 minutes; serve alongside."
    )
    assert side_step(corn, "ko", BOOK) == "곁들임: 생옥수수 4자루를 소금물에 8분 삶고 함께 낸다."


def test_a_meal_that_leaves_the_fresh_vegetables_serves_them_on_the_side() -> None:
    request = parse_request({"ingredients": ["2 sirloin steaks", "sweet potatoes", "green beans"], "servings": 2})

    recipe = bundled_catalog().generate(request)

    assert recipe.ingredients[-1].name == "green bean" and recipe.ingredients[-1].quantity == 160.0
    assert recipe.steps[-1].startswith("On the side: sauté the 160 g green bean")
    assert "green bean" in recipe.matched


def test_no_side_when_the_dish_uses_fresh_produce_or_is_not_a_meal() -> None:
    uses_it = parse_request({"ingredients": ["chicken thighs", "spinach", "cucumber"], "servings": 2})
    dessert = parse_request({"ingredients": ["dark chocolate", "cream", "spinach"], "course": "dessert"})

    for request in (uses_it, dessert):
        recipe = bundled_catalog().generate(request)
        assert not recipe.steps[-1].startswith(("On the side", "곁들임")), recipe.title


def test_a_vegetable_served_on_the_side_beats_buying_a_starch_while_the_pasta_waits() -> None:
    """Spaghetti, a jar of sauce, ground beef and a zucchini in 30 minutes: every dish that cooks the zucchini in buys
    rice or noodles while the spaghetti waits; spaghetti with meat sauce and the zucchini on the side buys 2 things."""
    request = {"ingredients": ["spaghetti", "jar of tomato sauce", "ground beef", "zucchini"], "servings": 4}

    recipe = bundled_catalog().generate(parse_request(request | {"max_minutes": 30}))

    assert recipe.source_id == "spaghetti-meat-sauce"
    assert recipe.matched == ["ground beef", "marinara sauce", "spaghetti", "zucchini"]
    assert (
        recipe.steps[-1]
        == "On the side: sauté the 320 g zucchini in a little oil with a pinch of salt for 5 minutes; serve alongside."
    )


def test_a_dish_that_cooks_the_fresh_produce_in_still_beats_one_that_serves_it_on_the_side() -> None:
    """수육용 돼지고기, 배추, 무, 새우젓, 마늘 is bossam, which cooks the cabbage in, not pork chops with sautéed
    cabbage, though bossam buys more: the side only wins over buying a like that waits on hand."""
    request = {"ingredients": ["수육용 돼지고기 1.5kg", "배추", "무", "새우젓", "마늘"], "servings": 6}

    recipe = bundled_catalog().generate(parse_request(request))

    assert recipe.source_id == "bossam"
    assert not recipe.steps[-1].startswith("곁들임")
