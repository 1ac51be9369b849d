"""Choosing, scaling and shopping as a home cook would (issue 20), on a small book and catalog, exactly: swaps a cook
makes and says, courses, an honest "nothing fits", staples never bought, whole packs, diet choices said, steps that
follow the servings in both languages."""

from __future__ import annotations

import json
from typing import Any

import pytest

from aichef.combine import combine
from aichef.contracts import Quote, parse_request
from aichef.errors import RecipeGenerationFailed
from aichef.ingredients import IngredientBook
from aichef.recipe_choice import MIN_FIT, MIN_USED, Scales, on_hand, weigh
from aichef.recipes import RecipeCatalog, bundled_catalog

BOOK = IngredientBook.from_csv(
    """\
name,name_ko,aliases,contains,density_g_per_ml,grams_per_piece,family,main,role,perishable,piece,sold_as,swap
chicken thigh,닭다리살,,poultry,,120,chicken,yes,protein,yes,,,chicken-leg
chicken drumstick,닭봉,drumstick,poultry,,100,chicken,yes,protein,yes,,,chicken-leg
tofu,두부,,,,300,tofu,yes,protein,yes,block|모,1 ea block|모,
fried tofu pocket,유부,,,,10,,,protein,,,,
garlic,마늘,,,,5,,,produce,,clove|쪽,10 ea head|통,
green onion,대파,scallion,,,25,,,produce,yes,stalk|대,8 ea bunch|단,
soy sauce,간장,,gluten,1.2,,,,condiment,,,500 ml bottle|병,
honey,꿀,,honey,1.42,,,,condiment,,,,
maple syrup,메이플 시럽,,,1.32,,,,condiment,,,,
salt,소금,,,1.2,,,,staple,,,,
water,물,,,1.0,,,,staple,,,,
vegetable oil,식용유,,,0.92,,,,staple,,,,
cooked rice,밥,,,,,,,starch,yes,,,
""",
)


def recipe(id: str, course: str, lines: list[tuple[str, float, str]], steps: list[str], steps_ko: list[str]) -> dict:
    return {
        "id": id,
        "title": id.replace("-", " ").title(),
        "title_ko": f"{id} (한)",
        "cuisine": "korean",
        "course": course,
        "servings": 2,
        "total_minutes": 20,
        "diet": [],
        "ingredients": [{"name": name, "quantity": quantity, "unit": unit} for name, quantity, unit in lines],
        "steps": steps,
        "steps_ko": steps_ko,
        "source": "AI Chef",
    }


CATALOG = RecipeCatalog.from_json(
    json.dumps(
        [
            recipe(
                "soy-thighs",
                "main",
                [("chicken thigh", 400, "g"), ("soy sauce", 2, "tbsp"), ("garlic", 3, "ea"), ("water", 100, "ml")],
                ["Braise {chicken thigh} with {soy sauce}, {garlic} and {water} for 20 minutes."],
                ["{chicken thigh}{을} {soy sauce}, {garlic}, {water}{과} 함께 20분 조린다."],
            ),
            recipe(
                "tofu-soup",
                "soup",
                [("tofu", 1, "ea"), ("green onion", 1, "ea"), ("salt", 1, "tsp")],
                ["Simmer {tofu} with {green onion*1/2}; add the rest and {salt}. Serve in {servings} bowls."],
                ["{tofu}{와} {green onion*1/2}{을} 끓이고 나머지 파와 {salt}{을} 넣는다. {servings}그릇에 담는다."],
            ),
            recipe(
                "honey-tofu",
                "main",
                [("tofu", 1, "ea"), ("honey", 1, "tbsp"), ("soy sauce", 1, "tbsp")],
                ["Glaze {tofu} with {honey} and {soy sauce}."],
                ["{tofu}에 {honey}{과} {soy sauce}{을} 발라 굽는다."],
            ),
            recipe(
                "tofu-pocket-rice",
                "side",
                [("fried tofu pocket", 10, "ea"), ("cooked rice", 300, "g")],
                ["Fill {fried tofu pocket} with {cooked rice}."],
                ["{fried tofu pocket}에 {cooked rice}{을} 채운다."],
            ),
        ]
    ),
    BOOK,
)


def ask(**request: Any) -> Any:
    return CATALOG.generate(parse_request(request))


def test_a_cook_swaps_drumsticks_for_thighs_and_the_answer_says_so() -> None:
    chosen = ask(ingredients=["drumsticks", "soy sauce", "garlic"])

    assert chosen.source_id == "soy-thighs"
    assert [(swap.recipe, swap.use) for swap in chosen.substitutions] == [("chicken thigh", "chicken drumstick")]
    assert [line.name for line in chosen.ingredients] == ["chicken drumstick", "soy sauce", "garlic", "water"]
    assert chosen.steps == [
        "Braise 400 g chicken drumstick with 2 tbsp soy sauce, 3 cloves garlic and 100 ml water for 20 minutes."
    ]


def test_a_protein_to_buy_weighs_more_than_a_few_seasonings_to_buy() -> None:
    # rice and green onion on hand: a dish that buys tofu (one line) against one that buys three seasonings
    have = on_hand(["cooked rice", "green onion"], [], BOOK, [])
    buys_tofu = weigh(["cooked rice", "green onion", "tofu"], have, [], BOOK)
    buys_seasonings = weigh(["cooked rice", "green onion", "soy sauce", "garlic", "honey"], have, [], BOOK)

    assert (buys_tofu.proteins_bought, len(buys_tofu.to_buy), buys_seasonings.proteins_bought) == (1, 1, 0)
    assert buys_tofu.score - buys_seasonings.score == -0.5  # 1 line + 1.5 for the protein against 3 lines of 0.5


def test_a_line_on_hand_but_too_short_counts_as_a_trip_to_the_shop() -> None:
    """Two thirds of a line on hand is enough (aichef.pantry.CLOSE_ENOUGH); less is topped up, so it weighs like a line
    to buy, and a protein topped up while another waits unused is a like bought. An amount of another ingredient or in
    a unit the book cannot convert says nothing."""
    lines = ["tofu", "soy sauce", "green onion"]
    needs = {"tofu": (2.0, "ea"), "soy sauce": (30.0, "ml"), "green onion": (100.0, "g")}
    cooks = {
        "half a block": {"tofu": (0.5, "ea")},
        "400 g of 600 g": {"tofu": (400.0, "g")},  # 300 g a block: exactly two thirds
        "in ml": {"tofu": (400.0, "ml")},  # no density: cannot tell
        "no amount": {},
    }
    fits = {
        cook: weigh(lines, on_hand(["tofu", "chicken thigh"], [], BOOK, [], amounts), [], BOOK, needs)
        for cook, amounts in cooks.items()
    }

    assert {cook: (fit.short, fit.shopping, fit.like_bought) for cook, fit in fits.items()} == {
        "half a block": (("tofu",), 3, 1),  # soy sauce and green onion to buy, the tofu topped up
        "400 g of 600 g": ((), 2, 0),
        "in ml": ((), 2, 0),
        "no amount": ((), 2, 0),
    }
    assert fits["no amount"].score - fits["half a block"].score == 4.5  # a line (0.5) and a like bought (4)
    assert fits["half a block"].used == {"tofu"} and "tofu" not in fits["half a block"].to_buy


def test_block_tofu_is_never_fried_tofu_pockets() -> None:
    fit = weigh(["fried tofu pocket", "cooked rice"], on_hand(["tofu"], [], BOOK, []), [], BOOK)

    assert (fit.used, fit.swaps, fit.to_buy) == (frozenset(), (), ("fried tofu pocket", "cooked rice"))


def test_a_main_may_be_a_soup_but_never_a_side() -> None:
    assert ask(ingredients=["tofu", "green onion"]).source_id == "tofu-soup"
    assert ask(ingredients=["tofu", "green onion"], course="soup").course == "soup"
    with pytest.raises(RecipeGenerationFailed, match="satisfies course side"):
        ask(ingredients=["tofu", "green onion"], course="side")


def test_a_snack_that_is_also_a_meal_answers_a_main_and_says_which_course_it_served_as() -> None:
    snack = {**recipe("pocket-snack", "snack", [("fried tofu pocket", 10, "ea")], ["Warm {fried tofu pocket}."],
                      ["{fried tofu pocket}{을} 데운다."])}  # fmt: skip
    both = RecipeCatalog.from_json(json.dumps([snack, {**snack, "id": "pocket-meal", "title": "M", "also": ["main"]}]),
                                   BOOK)  # fmt: skip

    meal = both.generate(parse_request({"ingredients": ["fried tofu pocket"]}))
    bite = both.generate(parse_request({"ingredients": ["fried tofu pocket"], "course": "snack"}))

    assert (meal.source_id, meal.course) == ("pocket-meal", "main")
    assert (bite.source_id, bite.course) == ("pocket-meal", "snack")  # both serve a snack; the id breaks the tie
    with pytest.raises(RecipeGenerationFailed, match="course side"):
        both.generate(parse_request({"ingredients": ["fried tofu pocket"], "course": "side"}))


def test_nothing_fits_names_what_was_understood_the_closest_dish_and_what_it_needs() -> None:
    with pytest.raises(RecipeGenerationFailed) as english:
        ask(ingredients=["salt", "water", "soy sauce"])
    with pytest.raises(RecipeGenerationFailed) as korean:
        ask(ingredients=["소금", "물", "간장"])

    assert english.value.message == (
        "nothing here makes a main dish: salt, water, soy sauce is not enough. The closest is Soy Thighs,"
        " which would need chicken thigh, garlic"
    )
    assert korean.value.message == (
        "이 재료(소금, 물, 간장)로는 메인 요리를 만들기 어렵습니다. 가장 가까운 요리는 soy-thighs (한)이고,"
        " 닭다리살, 마늘이 더 필요합니다"
    )


def test_the_minimum_fit_is_a_weight_used_and_a_share_of_the_dish() -> None:
    garlic_only = weigh(["chicken thigh", "soy sauce", "garlic"], on_hand(["garlic"], [], BOOK, []), [], BOOK)
    thighs = weigh(["chicken thigh", "soy sauce", "garlic"], on_hand(["chicken thigh"], [], BOOK, []), [], BOOK)

    assert (MIN_USED, MIN_FIT) == (2.0, 0.25)
    assert (garlic_only.used_weight, round(garlic_only.fit, 3), garlic_only.makes_a_dish) == (2.0, 0.235, False)
    assert (thighs.used_weight, round(thighs.fit, 3), thighs.makes_a_dish) == (6.0, 0.706, True)


def test_milk_and_sauces_alone_make_a_treat_but_never_a_meal() -> None:
    """Dairy and condiments weigh, but a meal or a side is built on a protein, produce or a starch (CORE_ROLES)."""
    dairy = weigh(["honey", "soy sauce"], on_hand(["honey"], [], BOOK, []), [], BOOK)._replace(used_weight=2.5)
    tofu = weigh(["tofu", "honey"], on_hand(["tofu"], [], BOOK, []), [], BOOK)

    assert dairy.makes_a_dish and not dairy.uses_core
    assert [course for course in ("main", "side", "soup", "dessert", "snack") if dairy.makes(course)] == [
        "dessert",
        "snack",
    ]
    assert tofu.uses_core and tofu.makes("main")


def test_staples_are_never_bought_unless_the_pantry_is_empty_and_water_never() -> None:
    assert [line.name for line in _priced(ingredients=["tofu", "green onion"]).to_buy] == []
    assert [line.name for line in _priced(ingredients=["tofu", "green onion"], pantry=[]).to_buy] == ["salt"]
    assert [line.name for line in _priced(ingredients=["chicken thigh"], pantry=[]).to_buy] == ["soy sauce", "garlic"]


def test_whole_packs_are_bought_with_the_leftover_said() -> None:
    pricing = _priced(ingredients=["chicken thigh 400g", "soy sauce"])
    garlic = next(line for line in pricing.to_buy if line.name == "garlic")

    assert (garlic.quantity, garlic.cost) == (3.0, 500)  # 3 cloves needed; a head of 10 is paid
    assert garlic.pack is not None
    assert (garlic.pack.packs, garlic.pack.name, garlic.pack.quantity, garlic.pack.unit, garlic.pack.leftover) == (
        (1, "head", 10.0, "ea", 7.0)
    )


def test_a_diet_choice_is_said_with_what_was_used_instead() -> None:
    chosen = ask(ingredients=["tofu", "honey", "maple syrup", "soy sauce"], diet=["vegan"])

    assert [(item.name, item.reason, item.instead) for item in chosen.left_out] == [
        ("honey", "vegan rules out honey", None)
    ]


def test_steps_follow_the_servings_in_english_and_korean() -> None:
    english = ask(ingredients=["tofu", "green onion"], servings=4)
    korean = ask(ingredients=["두부", "대파"], servings=4)

    assert english.steps == [
        "Simmer 2 blocks tofu with 1 stalk green onion; add the rest and 2 tsp salt. Serve in 4 bowls."
    ]
    assert korean.steps == ["두부 2모와 대파 1대를 끓이고 나머지 파와 소금 2작은술을 넣는다. 4그릇에 담는다."]
    assert (english.language, korean.language, korean.title) == ("en", "ko", "tofu-soup (한)")


def test_only_recipes_touching_what_is_on_hand_are_weighed() -> None:
    assert [recipe.id for recipe in CATALOG.touching(["tofu"])] == ["honey-tofu", "tofu-soup"]
    assert [recipe.id for recipe in CATALOG.touching(["chicken drumstick"])] == ["soy-thighs"]  # by its swap group
    assert CATALOG.touching(["maple syrup"]) == []


def _priced(**request: Any) -> Any:
    """The pricing Combine gives the catalog's answer to `request`."""
    quotes = {
        name: Quote(name=name, price=price, per=per, currency="KRW", source="test", as_of="2026-12-01")
        for name, price, per in [
            ("chicken thigh", 12000, "kg"), ("chicken drumstick", 9000, "kg"), ("tofu", 1500, "ea"),
            ("garlic", 50, "ea"), ("green onion", 200, "ea"), ("soy sauce", 8000, "l"), ("salt", 2000, "kg"),
            ("water", 1, "l"), ("honey", 20000, "kg"), ("maple syrup", 30000, "l"),
        ]
    }  # fmt: skip
    parsed = parse_request(request)
    return combine("test", parsed, CATALOG.generate(parsed), quotes, BOOK).output.pricing


def test_a_dish_whose_centre_is_bought_while_one_thing_on_hand_is_used_is_not_made_from_what_you_have() -> None:
    with pytest.raises(RecipeGenerationFailed) as refused:
        bundled_catalog().generate(parse_request({"ingredients": ["half a lemon", "a few olives", "pickle juice"]}))
    kept = bundled_catalog().generate(parse_request({"ingredients": ["mackerel", "lemon"]}))

    assert str(refused.value).startswith("nothing here makes a main dish: lemon, kalamata olive")  # not mackerel
    assert (kept.source_id, kept.ingredients[0].name) == ("godeungeo-gui", "mackerel")  # its centre on hand


def test_a_garnish_is_used_when_on_hand_and_otherwise_listed_apart_never_bought() -> None:
    """An `optional` line (a garnish) neither counts as a line to buy when choosing nor lands on the shopping list:
    Combine prices it in `optional`, out of `to_buy` and its total."""
    garnished = recipe(
        "scallion-thighs",
        "main",
        [("chicken thigh", 400, "g"), ("soy sauce", 2, "tbsp"), ("green onion", 1, "ea")],
        ["Braise {chicken thigh} with {soy sauce} for 20 minutes.", "Serve topped with {green onion}, sliced."],
        ["{chicken thigh}{을} {soy sauce}{과} 20분 조린다.", "{green onion}{을} 썰어 올린다."],
    )
    garnished["ingredients"][2]["optional"] = True
    catalog = RecipeCatalog.from_json(json.dumps([garnished]), BOOK)
    dish = catalog.recipes[0]
    bare = Scales(on_hand(["chicken thigh"], [], BOOK, []), [], BOOK).weigh(dish.line_names, None, dish.optional_names)
    topped = Scales(on_hand(["chicken thigh", "green onion"], [], BOOK, []), [], BOOK).weigh(
        dish.line_names, None, dish.optional_names
    )
    quotes = {
        name: Quote(name=name, price=price, per=per, currency="KRW", source="test", as_of="2026-12-01")
        for name, price, per in [("chicken thigh", 12000, "kg"), ("soy sauce", 8000, "l"), ("green onion", 200, "ea")]
    }
    request = parse_request({"ingredients": ["chicken thigh"]})
    pricing = combine("test", request, catalog.generate(request), quotes, BOOK).output.pricing

    assert dish.optional_names == frozenset({"green onion"})
    assert (bare.used, bare.to_buy, bare.covered) == (frozenset({"chicken thigh"}), ("soy sauce",), 1)
    assert (topped.used, topped.to_buy, topped.covered) == (
        frozenset({"chicken thigh", "green onion"}),
        ("soy sauce",),
        2,
    )
    assert [(line.name, line.cost) for line in pricing.to_buy] == [("soy sauce", 4000)]  # a 500 ml bottle
    assert [(line.name, line.quantity, line.cost) for line in pricing.optional] == [
        ("green onion", 1.0, 1600)
    ]  # a bunch
    assert (pricing.to_buy_total, pricing.total) == (4000, 5240)


def test_a_recipe_line_takes_the_alternative_it_names_and_a_shared_dish_answers_the_cuisine_asked() -> None:
    """A line's `alternatives` ("chicken thigh or tofu") stand in for it when one is on hand, said as a substitution,
    with the answer's diets from what it now holds; a dish of several cuisines answers a request for any of them
    under the name asked."""
    glazed = recipe(
        "glazed-thighs",
        "main",
        [("chicken thigh", 400, "g"), ("soy sauce", 2, "tbsp"), ("garlic", 2, "ea")],
        ["Glaze {chicken thigh} with {soy sauce} and {garlic} for 15 minutes."],
        ["{chicken thigh}{을} {soy sauce}, {garlic}{과} 15분 조린다."],
    )
    glazed["ingredients"][0]["alternatives"] = ["tofu"]
    glazed["also_cuisines"] = ["japanese"]
    catalog = RecipeCatalog.from_json(json.dumps([glazed]), BOOK)

    chosen = catalog.generate(parse_request({"ingredients": ["tofu", "soy sauce", "garlic"], "cuisine": "japanese"}))

    assert catalog.touching(["tofu"]) == catalog.recipes  # the alternative reaches the recipe
    assert (chosen.source_id, chosen.cuisine) == ("glazed-thighs", "japanese")
    assert [(swap.recipe, swap.use) for swap in chosen.substitutions] == [("chicken thigh", "tofu")]
    assert [line.name for line in chosen.ingredients] == ["tofu", "soy sauce", "garlic"]
    assert "vegan" in chosen.diet and "vegan" not in catalog.diets(catalog.recipes[0])
    with pytest.raises(RecipeGenerationFailed, match="no thai recipes; its cuisines are: japanese, korean"):
        catalog.generate(parse_request({"ingredients": ["tofu"], "cuisine": "thai"}))
