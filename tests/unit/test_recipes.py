"""The catalog recipe engine: best use of what is on hand, strict diet / cuisine / time, scaling to servings."""

from __future__ import annotations

import itertools
import json
from typing import Any

import pytest

from aichef.contracts import MAX_STEPS, RecipeDraft, RecipeIngredient, WorkflowRequest, parse_request
from aichef.errors import RecipeGenerationFailed
from aichef.ingredients import IngredientBook, bundled_book
from aichef.recipe_draft import draft_violations, finish_draft
from aichef.recipe_lines import scale_quantity
from aichef.recipes import (
    CatalogLine,
    CatalogRecipe,
    RecipeCatalog,
    bundled_catalog,
    satisfied_diets,
    scale_to_servings,
    within_steps,
)

BOOK = IngredientBook.from_csv("""\
name,name_ko,aliases,contains,density_g_per_ml,grams_per_piece,family,role,perishable
egg,달걀,계란,egg,,50,,protein,yes
rice,쌀,white rice,,0.85,,,starch,
kimchi,김치,,,,,,produce,
green onion,대파,scallion,,,15,,produce,yes
soy sauce,간장,,gluten,1.2,,,condiment,
salt,소금,,,1.2,,,staple,
tofu,두부,,,,300,,protein,yes
honey,꿀,,honey,1.42,,,condiment,
gochujang,고추장,,gluten,1.2,,,condiment,
garlic,마늘,,,,5,,produce,
chicken,닭고기,,poultry,,,,protein,yes
fish sauce,액젓,,fish,1.2,,,condiment,
sugar,설탕,,,0.85,,,staple,
""")


def recipe(
    id: str,
    cuisine: str,
    minutes: int,
    lines: list[tuple[str, float, str]],
    servings: int = 2,
    diet: list[str] | None = None,
) -> dict[str, Any]:
    """One item of a data/recipes/*.json file."""
    return {
        "id": id,
        "title": id.replace("-", " ").title(),
        "title_ko": id,
        "cuisine": cuisine,
        "servings": servings,
        "total_minutes": minutes,
        "diet": diet or [],
        "ingredients": [{"name": name, "quantity": quantity, "unit": unit} for name, quantity, unit in lines],
        "steps": [f"Cook the {id}.", "Serve."],
    }


RECIPES = [
    recipe(
        "kimchi-fried-rice",
        "korean",
        20,
        [
            ("rice", 300, "g"),
            ("kimchi", 150, "g"),
            ("egg", 2, "ea"),
            ("soy sauce", 1, "tbsp"),
            ("green onion", 1, "ea"),
        ],
    ),
    recipe(
        "egg-fried-rice",
        "chinese",
        15,
        [("rice", 300, "g"), ("egg", 2, "ea"), ("green onion", 1, "ea"), ("soy sauce", 1, "tbsp")],
    ),
    recipe("gyeran-mari", "korean", 12, [("egg", 4, "ea"), ("green onion", 1, "ea"), ("salt", 1, "tsp")]),
    # tagged vegan in the file, but honey is not vegan: the engine must go by the ingredients' flags
    recipe(
        "honey-tofu",
        "korean",
        15,
        [("tofu", 300, "g"), ("honey", 1, "tbsp"), ("soy sauce", 1, "tbsp")],
        diet=["vegan", "vegetarian"],
    ),
    recipe(
        "tofu-gochujang",
        "korean",
        25,
        [("tofu", 300, "g"), ("gochujang", 1, "tbsp"), ("garlic", 2, "ea"), ("green onion", 1, "ea")],
    ),
    recipe(
        "thai-basil-chicken",
        "thai",
        20,
        [("chicken", 300, "g"), ("fish sauce", 1, "tbsp"), ("garlic", 3, "ea"), ("sugar", 1, "tsp")],
    ),
]


@pytest.fixture(scope="module")
def catalog() -> RecipeCatalog:
    return RecipeCatalog.from_json(json.dumps(RECIPES), BOOK)


def ask(catalog: RecipeCatalog, **request: Any) -> Any:
    return catalog.generate(parse_request(request))


def failure(catalog: RecipeCatalog, **request: Any) -> str:
    with pytest.raises(RecipeGenerationFailed) as caught:
        ask(catalog, **request)
    return caught.value.message


def test_generate_picks_the_recipe_that_uses_most_of_what_is_on_hand(catalog: RecipeCatalog) -> None:
    chosen = ask(catalog, ingredients=["eggs", "2 cups rice", "kimchi"])

    assert chosen.source_id == "kimchi-fried-rice"
    assert chosen.title == "Kimchi Fried Rice"
    assert chosen.cuisine == "korean"
    assert chosen.matched == ["egg", "kimchi", "rice"]
    assert (chosen.engine, chosen.servings, chosen.total_minutes) == ("catalog", 2, 20)
    assert chosen.steps == ["Cook the kimchi-fried-rice.", "Serve."]


def test_generate_prefers_fewer_missing_ingredients_when_the_overlap_ties(catalog: RecipeCatalog) -> None:
    chosen = ask(catalog, ingredients=["egg", "rice"])

    assert chosen.source_id == "egg-fried-rice"  # 2 extra ingredients, kimchi fried rice needs 3
    assert chosen.matched == ["egg", "rice"]


def test_generate_is_deterministic_for_the_same_request(catalog: RecipeCatalog) -> None:
    first = ask(catalog, ingredients=["garlic", "green onion"], servings=3)
    second = ask(catalog, ingredients=["garlic", "green onion"], servings=3)

    assert first == second
    assert first.source_id == "tofu-gochujang"


def test_generate_breaks_full_ties_by_time_then_id_whatever_the_catalog_order() -> None:
    same = [("egg", 2, "ea"), ("salt", 1, "tsp")]
    recipes = [
        recipe("b-slow-eggs", "korean", 30, same),
        recipe("c-quick-eggs", "korean", 10, same),
        recipe("a-quick-eggs", "korean", 10, same),
    ]

    request = parse_request({"ingredients": ["egg"]})

    chosen = {
        RecipeCatalog.from_json(json.dumps(list(order)), BOOK).generate(request).source_id
        for order in itertools.permutations(recipes)
    }

    assert chosen == {"a-quick-eggs"}


def test_generate_with_vegan_diet_never_returns_egg_dairy_or_honey(catalog: RecipeCatalog) -> None:
    unrestricted = ask(catalog, ingredients=["tofu", "honey", "eggs"])
    vegan = ask(catalog, ingredients=["tofu", "honey", "eggs"], diet=["vegan"])

    assert unrestricted.source_id == "honey-tofu"
    assert vegan.source_id == "tofu-gochujang"
    assert [line.name for line in vegan.ingredients] == ["tofu", "gochujang", "garlic", "green onion"]
    assert all(BOOK.get(line.name).allowed_by(["vegan"]) for line in vegan.ingredients)  # type: ignore[union-attr]
    assert "vegan" in vegan.diet


@pytest.mark.parametrize("on_hand", [ingredient.name for ingredient in BOOK])
def test_generate_for_a_vegan_never_returns_a_non_vegan_line_whatever_is_on_hand(
    catalog: RecipeCatalog, on_hand: str
) -> None:
    try:
        chosen = ask(catalog, ingredients=[on_hand, "tofu", "garlic"], diet=["vegan"])
    except RecipeGenerationFailed as error:
        pytest.fail(f"tofu and garlic make a vegan recipe, yet: {error.message}")

    flags = set().union(*(BOOK.get(line.name).contains for line in chosen.ingredients))  # type: ignore[union-attr]
    assert flags.isdisjoint({"meat", "poultry", "fish", "shellfish", "egg", "dairy", "honey"})


def test_generate_ignores_diet_tags_that_the_ingredients_contradict(catalog: RecipeCatalog) -> None:
    chosen = ask(catalog, ingredients=["honey", "tofu"])

    assert chosen.source_id == "honey-tofu"
    assert chosen.diet == ["dairy-free", "nut-free", "pescatarian", "vegetarian"]


def test_generate_with_vegetarian_diet_skips_meat_and_fish(catalog: RecipeCatalog) -> None:
    chosen = ask(catalog, ingredients=["chicken", "garlic", "tofu"], diet=["vegetarian"])

    assert chosen.source_id == "tofu-gochujang"
    assert chosen.matched == ["garlic", "tofu"]
    assert [(item.name, item.reason) for item in chosen.left_out] == [("chicken", "vegetarian rules out poultry")]


def test_generate_keeps_to_the_requested_cuisine(catalog: RecipeCatalog) -> None:
    chosen = ask(catalog, ingredients=["egg", "rice"], cuisine="Korean")

    assert chosen.source_id == "kimchi-fried-rice"
    assert chosen.cuisine == "korean"


def test_generate_keeps_within_max_minutes(catalog: RecipeCatalog) -> None:
    chosen = ask(catalog, ingredients=["egg", "rice"], max_minutes=12)

    assert chosen.source_id == "gyeran-mari"
    assert chosen.total_minutes == 12


def test_generate_fails_naming_the_diet_that_ruled_every_recipe_out(catalog: RecipeCatalog) -> None:
    assert failure(catalog, ingredients=["eggs"], diet=["vegan"]) == (
        "3 catalog recipes use egg but none of the 3 left satisfies diet vegan. The closest is Tofu Gochujang,"
        " which would need tofu, gochujang, garlic, green onion"
    )


def test_generate_fails_naming_all_requested_diets(catalog: RecipeCatalog) -> None:
    assert failure(catalog, ingredients=["tofu"], diet=["vegan", "gluten-free"]) == (
        "2 catalog recipes use tofu but none of the 2 left satisfies diet vegan, gluten-free"
    )


def test_generate_fails_naming_the_cuisine(catalog: RecipeCatalog) -> None:
    assert failure(catalog, ingredients=["egg"], cuisine="thai") == (
        "3 catalog recipes use egg but none of the 3 left satisfies cuisine thai. The closest is Thai Basil Chicken,"
        " which would need chicken, fish sauce, garlic"
    )


def test_generate_fails_naming_max_minutes(catalog: RecipeCatalog) -> None:
    assert failure(catalog, ingredients=["egg", "rice"], max_minutes=10) == (
        "3 catalog recipes use egg, rice but none of the 3 left satisfies max_minutes 10"
    )


def test_generate_checks_the_diet_before_the_cuisine(catalog: RecipeCatalog) -> None:
    message = failure(catalog, ingredients=["egg"], diet=["vegan"], cuisine="thai")

    assert message.endswith("satisfies diet vegan")


def test_generate_fails_naming_every_string_when_none_was_understood(catalog: RecipeCatalog) -> None:
    assert failure(catalog, ingredients=["Durian", "dragon fruit", "xyzzy"]) == (
        "none of these were understood: Durian, dragon fruit, xyzzy"
    )


def test_generate_fails_naming_only_understood_names_when_no_recipe_uses_them() -> None:
    catalog = RecipeCatalog.from_json(json.dumps(RECIPES[:2]), BOOK)

    assert failure(catalog, ingredients=["honey", "xyzzy"]) == (
        "none of the 2 catalog recipes uses any of: honey. The closest is Egg Fried Rice, which would need rice, egg,"
        " green onion, soy sauce"
    )


def test_generate_fails_listing_the_known_cuisines_for_an_unknown_one(catalog: RecipeCatalog) -> None:
    assert failure(catalog, ingredients=["egg"], cuisine="Klingon") == (
        "the catalog has no klingon recipes; its cuisines are: chinese, korean, thai"
    )


def test_cuisines_count_the_recipes_of_each(catalog: RecipeCatalog) -> None:
    assert catalog.cuisines == {"chinese": 1, "korean": 4, "thai": 1}


def test_generate_scales_quantities_to_the_requested_servings(catalog: RecipeCatalog) -> None:
    chosen = ask(catalog, ingredients=["eggs", "kimchi", "rice"], servings=3)

    assert chosen.servings == 3
    assert [(line.name, line.quantity, line.unit) for line in chosen.ingredients] == [
        ("rice", 450.0, "g"),
        ("kimchi", 225.0, "g"),
        ("egg", 3.0, "ea"),
        ("soy sauce", 1.5, "tbsp"),
        ("green onion", 1.5, "ea"),
    ]


def test_scale_to_servings_halves_a_recipe_for_one() -> None:
    gyeran_mari = RecipeCatalog.from_json(json.dumps(RECIPES[2:3]), BOOK).recipes[0]

    scaled = scale_to_servings(gyeran_mari, 1)

    assert scaled == (
        CatalogLine(name="egg", quantity=2.0, unit="ea"),
        CatalogLine(name="green onion", quantity=0.5, unit="ea"),
        CatalogLine(name="salt", quantity=0.5, unit="tsp"),
    )


def test_scale_to_servings_rounds_each_line_by_its_own_unit() -> None:
    """A third of the recipe: the egg to a half piece, the tablespoon to a teaspoon (a third of it, rounded in
    eighths of a teaspoon), the litre to three decimals."""
    soup = CatalogRecipe(
        id="soup",
        title="Soup",
        title_ko="국",
        cuisine="korean",
        servings=3,
        total_minutes=20,
        diet=(),
        ingredients=(
            RecipeIngredient(name="egg", quantity=1, unit="ea"),
            RecipeIngredient(name="soy sauce", quantity=1, unit="tbsp"),
            RecipeIngredient(name="water", quantity=1, unit="l"),
            RecipeIngredient(name="rice", quantity=100, unit="g"),
        ),
        steps=("Boil.",),
    )

    assert [(line.name, line.quantity, line.unit) for line in scale_to_servings(soup, 1)] == [
        ("egg", 0.5, "ea"),
        ("soy sauce", 1 / 3, "tbsp"),
        ("water", 0.333, "l"),
        ("rice", 33.0, "g"),
    ]


@pytest.mark.parametrize(
    ("quantity", "unit", "factor", "expected"),
    [
        (300, "g", 1.5, 450.0),
        (150, "ml", 1.5, 225.0),
        (2, "ea", 1.5, 3.0),
        (1, "ea", 1.5, 1.5),
        (1, "tbsp", 1.5, 1.5),
        (1, "tsp", 1.5, 1.5),
        (0.5, "cup", 1.5, 0.75),
        (3, "ea", 0.5, 1.5),
        (1, "ea", 1 / 3, 0.5),  # pieces round up to a half, never below half a piece
        (2, "ea", 2 / 3, 1.5),
        (1, "tsp", 1 / 4, 0.25),
        (1, "tsp", 1 / 12, 0.25),  # spoons round to quarters, never below a quarter
        (5, "g", 1 / 3, 1.7),  # under 10: one decimal
        (40, "g", 1 / 3, 13.0),  # from 10: whole numbers
        (1.5, "kg", 2, 3.0),
        (1.5, "l", 0.25, 0.375),  # litres and kilograms keep three decimals: 375 ml, not 0.4 l
        (0.15, "kg", 1 / 4, 0.037),
        (0.2, "l", 1 / 6, 0.033),
        (1, "tbsp", 0.4, 10 / 24),  # under a tablespoon in eighths of a teaspoon: 0.4 tbsp (1.2 tsp) is 1 1/4 tsp
        (2, "tbsp", 1 / 3, 2 / 3),  # 2/3 tbsp is 2 tsp (rounded in quarter tbsp it was 2 1/4 tsp)
        (1, "tbsp", 1 / 100, 1 / 24),  # never below 1/8 tsp
        (2, "tbsp", 0.6, 1.25),  # from a tablespoon: quarters
        (1, "cup", 0.4, 0.5),
        (10, "g", 1, 10.0),
        (9.96, "g", 1, 10.0),  # under 10 rounds to one decimal, which may reach 10
        (10.4, "g", 1, 10.0),
    ],
)
def test_scale_quantity_rounds_as_a_cook_measures(quantity: float, unit: str, factor: float, expected: float) -> None:
    assert scale_quantity(quantity, unit, factor) == expected


@pytest.mark.parametrize(
    ("quantity", "unit", "factor", "smallest"),
    [(0.001, "kg", 0.1, 0.001), (0.001, "l", 0.1, 0.001), (0.5, "g", 1 / 12, 0.1), (0.5, "ml", 1 / 12, 0.1)],
)
def test_scale_quantity_never_rounds_an_amount_to_zero(
    quantity: float, unit: str, factor: float, smallest: float
) -> None:
    """The floor of each unit: a gram or a millilitre in tenths, a kilogram or a litre in thousandths."""
    assert scale_quantity(quantity, unit, factor) == smallest


def test_generate_scales_a_small_kilogram_amount_down_to_one_serving() -> None:
    catalog = RecipeCatalog.from_json(
        json.dumps([recipe("chicken-rice", "korean", 30, [("chicken", 0.15, "kg"), ("rice", 300, "g")], servings=4)]),
        BOOK,
    )

    chosen = catalog.generate(parse_request({"ingredients": ["rice"], "servings": 1}))

    assert [(line.name, line.quantity, line.unit) for line in chosen.ingredients] == [
        ("chicken", 0.037, "kg"),
        ("rice", 75.0, "g"),
    ]


@pytest.mark.parametrize(
    ("names", "diets"),
    [
        ({"tofu", "garlic"}, ["vegan", "vegetarian", "pescatarian", "gluten-free", "dairy-free", "nut-free"]),
        ({"tofu", "gochujang"}, ["vegan", "vegetarian", "pescatarian", "dairy-free", "nut-free"]),
        ({"egg", "rice"}, ["vegetarian", "pescatarian", "gluten-free", "dairy-free", "nut-free"]),
        ({"tofu", "honey"}, ["vegetarian", "pescatarian", "gluten-free", "dairy-free", "nut-free"]),
        ({"rice", "fish sauce"}, ["pescatarian", "gluten-free", "dairy-free", "nut-free"]),
        ({"chicken", "soy sauce"}, ["dairy-free", "nut-free"]),
        ({"tofu", "kimchi juice"}, []),  # a name the book does not know proves no diet
    ],
)
def test_satisfied_diets_follow_from_the_ingredients_flags(names: set[str], diets: list[str]) -> None:
    assert satisfied_diets(frozenset(names), BOOK) == diets


def test_catalog_recipe_names_are_its_ingredient_names() -> None:
    recipe_ = RecipeCatalog.from_json(json.dumps(RECIPES[:1]), BOOK).recipes[0]

    assert isinstance(recipe_, CatalogRecipe)
    assert recipe_.names == frozenset({"rice", "kimchi", "egg", "soy sauce", "green onion"})
    assert (recipe_.servings, recipe_.total_minutes, recipe_.diet) == (2, 20, ())


# --- checking a generated draft (the bedrock engine's rules) --------------------------------------------------------


def _draft(**changes):
    body = {
        "title": "Dubu Jorim",
        "cuisine": "Korean",
        "total_minutes": 25,
        "ingredients": [
            {"name": "Firm Tofu", "quantity": 300, "unit": "g"},
            {"name": "soy sauce", "quantity": 2, "unit": "tbsp"},
            {"name": "green onions", "quantity": 1, "unit": "ea"},
        ],
        "steps": ["Slice the tofu.", "Braise it in the sauce."],
    }
    return RecipeDraft.model_validate({**body, **changes})


def test_a_draft_within_every_constraint_has_no_violation():
    request = WorkflowRequest(
        ingredients=["tofu 1 block"], servings=2, diet=["vegan"], max_minutes=30, cuisine="korean"
    )

    assert draft_violations(_draft(), request, bundled_book()) == []


def test_a_draft_in_the_other_language_than_the_answers_is_a_violation_naming_the_steps():
    korean = WorkflowRequest(ingredients=["두부 1모"], servings=2)
    in_korean = _draft(steps=["두부를 1cm 두께로 썬다.", "양념장을 부어 중불에서 10분 조린다."])
    mixed = _draft(steps=["두부를 1cm 두께로 썬다.", "Braise it in the sauce for 10 minutes."])

    assert draft_violations(in_korean, korean, bundled_book()) == []
    assert draft_violations(mixed, korean, bundled_book()) == ["steps 2 are not in Korean: write every step in Korean"]
    assert draft_violations(in_korean, korean.model_copy(update={"language": "en"}), bundled_book()) == [
        "steps 1, 2 are not in English: write every step in English"
    ]
    assert (
        draft_violations(
            _draft(steps=["Add the 김치 (kimchi) and simmer."]),
            korean.model_copy(update={"language": "en"}),
            bundled_book(),
        )
        == []
    )


def test_servings_cuisine_and_diet_a_model_sends_are_ignored_not_violations():
    request = WorkflowRequest(ingredients=["tofu"], servings=3, cuisine="middle eastern")
    draft = _draft(servings=2, diet=["vegan"], cuisine="middle-eastern")

    recipe = finish_draft(draft, request, bundled_book(), engine="bedrock", source_id=None)

    assert draft_violations(draft, request, bundled_book()) == []
    assert (recipe.servings, recipe.cuisine) == (3, "middle eastern")
    assert recipe.diet == ["vegan", "vegetarian", "pescatarian", "dairy-free", "nut-free"]


def test_every_broken_constraint_is_named_with_the_line_and_the_flag():
    request = WorkflowRequest(ingredients=["tofu"], servings=3, diet=["vegan", "gluten-free"], max_minutes=20)
    draft = _draft(
        ingredients=[
            {"name": "tofu", "quantity": 300, "unit": "g"},
            {"name": "soy sauce", "quantity": 2, "unit": "tbsp"},
            {"name": "eggs", "quantity": 2, "unit": "ea"},
            {"name": "dragon fruit glaze", "quantity": 1, "unit": "tbsp"},
        ]
    )

    assert draft_violations(draft, request, bundled_book()) == [
        "total_minutes is 25, over max_minutes 20",
        "diet vegan rules out egg (egg)",
        (
            "diet vegan cannot be confirmed for dragon fruit glaze (not in our ingredient book):"
            " use a plain grocery name we know, or leave it out"
        ),
        "diet gluten-free rules out soy sauce (gluten)",
        (
            "diet gluten-free cannot be confirmed for dragon fruit glaze (not in our ingredient book):"
            " use a plain grocery name we know, or leave it out"
        ),
    ]


def test_the_unsafe_vegan_answer_of_the_issue_is_rejected_naming_every_line():
    """pork, cheese, lard, egg yolk and kimchi juice passed as vegan before: unknown names counted as allowed."""
    request = WorkflowRequest(ingredients=["tofu", "kimchi"], servings=2, diet=["vegan"])
    names = ["tofu", "pork", "cheese", "lard", "egg yolk", "kimchi juice"]
    draft = _draft(ingredients=[{"name": name, "quantity": 10, "unit": "g"} for name in names])

    problems = draft_violations(draft, request, bundled_book())

    assert problems[0] == "diet vegan rules out cheese (dairy), egg yolk (egg), lard (meat), pork (meat)"
    assert problems[1].startswith("diet vegan cannot be confirmed for kimchi juice (not in our ingredient book)")
    assert len(problems) == 2


def test_a_finished_draft_has_canonical_names_computed_diets_and_what_it_used():
    request = WorkflowRequest(ingredients=["두부 1모", "파 2", "kimchi"], servings=2)

    recipe = finish_draft(_draft(), request, bundled_book(), engine="bedrock", source_id="us.model")

    assert [line.name for line in recipe.ingredients] == ["tofu", "soy sauce", "green onion"]
    assert recipe.cuisine == "korean"
    assert recipe.diet == ["vegan", "vegetarian", "pescatarian", "dairy-free", "nut-free"]  # soy sauce: gluten
    assert recipe.matched == ["green onion", "tofu"]
    assert (recipe.engine, recipe.source_id) == ("bedrock", "us.model")


def test_a_generic_name_in_a_draft_is_judged_by_the_least_safe_kind_of_its_family():
    request = WorkflowRequest(ingredients=["tofu"], servings=2, diet=["vegetarian", "gluten-free"])
    draft = _draft(
        ingredients=[
            {"name": "chicken", "quantity": 300, "unit": "g"},
            {"name": "noodles", "quantity": 200, "unit": "g"},
            {"name": "tofu", "quantity": 300, "unit": "g"},
        ],
    )

    assert draft_violations(draft, request, bundled_book()) == [
        "diet vegetarian rules out chicken (poultry)",
        "diet gluten-free rules out noodles (gluten)",
    ]  # egg noodles have gluten


def test_with_an_unknown_ingredient_no_diet_is_certified_whatever_the_model_claims():
    request = WorkflowRequest(ingredients=["tofu"], servings=2)
    draft = _draft(
        diet=["vegan"],
        ingredients=[
            {"name": "tofu", "quantity": 300, "unit": "g"},
            {"name": "mystery sauce", "quantity": 1, "unit": "tbsp"},
        ],
    )

    assert finish_draft(draft, request, bundled_book(), engine="bedrock", source_id=None).diet == []


def test_a_recipe_that_uses_nothing_on_hand_is_a_violation():
    """The kimchi-fried-rice answer for salmon and asparagus passed with matched == [] before."""
    request = WorkflowRequest(ingredients=["salmon 300g", "asparagus"], servings=2)
    draft = _draft(ingredients=[{"name": "kimchi", "quantity": 200, "unit": "g"}])

    assert draft_violations(draft, request, bundled_book()) == [
        "it uses nothing on hand; use at least one of: salmon, asparagus"
    ]


def test_the_main_ingredient_on_hand_must_be_used_unless_the_diet_rules_it_out():
    uses_asparagus = _draft(ingredients=[{"name": "asparagus", "quantity": 200, "unit": "g"}])
    book = bundled_book()

    assert draft_violations(uses_asparagus, WorkflowRequest(ingredients=["salmon", "asparagus"]), book) == [
        "it leaves out the main ingredient on hand: make salmon the centre of the dish"
    ]
    assert (
        draft_violations(uses_asparagus, WorkflowRequest(ingredients=["salmon", "asparagus"], diet=["vegan"]), book)
        == []
    )


def test_the_catalog_certifies_no_diet_for_a_recipe_with_a_name_the_book_does_not_know():
    item = {**RECIPES[0], "id": "mystery", "diet": []}
    item["ingredients"] = [*item["ingredients"], {"name": "mystery sauce", "quantity": 1, "unit": "tbsp"}]
    catalog = RecipeCatalog.from_json(json.dumps([item]), bundled_book())

    assert catalog.generate(parse_request({"ingredients": ["kimchi", "rice", "eggs"]})).diet == []
    with pytest.raises(
        RecipeGenerationFailed,
        match="1 catalog recipe uses egg, kimchi, rice but the 1 left does not satisfy diet nut-free",
    ):
        catalog.generate(parse_request({"ingredients": ["kimchi", "rice", "eggs"], "diet": ["nut-free"]}))


def test_from_json_reads_every_field_of_a_recipe() -> None:
    item = {**recipe("tofu-stew", "korean", 25, [("tofu", 1, "ea"), ("kimchi", 200, "g")], servings=3), "main": "tofu"}

    (loaded,) = RecipeCatalog.from_json(json.dumps([item]), BOOK).recipes

    assert loaded == CatalogRecipe(
        id="tofu-stew",
        title="Tofu Stew",
        title_ko="tofu-stew",
        cuisine="korean",
        servings=3,
        total_minutes=25,
        diet=(),
        ingredients=(
            CatalogLine(name="tofu", quantity=1.0, unit="ea"),
            CatalogLine(name="kimchi", quantity=200.0, unit="g"),
        ),
        steps=("Cook the tofu-stew.", "Serve."),
        main="tofu",
    )


def test_generate_names_every_understood_name_when_no_recipe_uses_them() -> None:
    catalog = RecipeCatalog.from_json(json.dumps(RECIPES[:2]), BOOK)

    assert failure(catalog, ingredients=["honey", "xyzzy", "sugar"]) == (
        "none of the 2 catalog recipes uses any of: honey, sugar. The closest is Egg Fried Rice, which would need"
        " rice, egg, green onion, soy sauce"
    )


def test_generate_keeps_a_recipe_whose_diets_are_exactly_the_requested_ones() -> None:
    catalog = RecipeCatalog.from_json(
        json.dumps([recipe("soy-chicken", "korean", 30, [("chicken", 300, "g"), ("soy sauce", 2, "tbsp")])]), BOOK
    )

    chosen = ask(catalog, ingredients=["chicken"], diet=["dairy-free", "nut-free"])

    assert (chosen.source_id, chosen.diet, chosen.engine) == ("soy-chicken", ["dairy-free", "nut-free"], "catalog")


def test_generate_prefers_the_recipe_a_family_on_hand_covers_more_lines_of() -> None:
    """ "chicken" covers both cuts of the first recipe: one line to buy against two, whatever the ids say."""
    book = IngredientBook.from_csv(
        "name,name_ko,aliases,contains,density_g_per_ml,grams_per_piece,family,main\n"
        "chicken thigh,닭다리살,,poultry,,,chicken,yes\nchicken wing,닭날개,,poultry,,40,chicken,yes\n"
        "salt,소금,,,1.2,,,\nsugar,설탕,,,0.85,,,\n",
        "name,name_ko,aliases,parent\nchicken,닭고기,닭,\n",
    )
    two_cuts = recipe(
        "z-two-cuts", "korean", 30, [("chicken thigh", 300, "g"), ("chicken wing", 4, "ea"), ("salt", 1, "tsp")]
    )
    one_cut = recipe("a-one-cut", "korean", 30, [("chicken thigh", 300, "g"), ("salt", 1, "tsp"), ("sugar", 1, "tsp")])
    catalog = RecipeCatalog.from_json(json.dumps([one_cut, two_cuts]), book)

    chosen = ask(catalog, ingredients=["chicken"])

    assert (chosen.source_id, chosen.matched) == ("z-two-cuts", ["chicken thigh", "chicken wing"])


def test_a_draft_that_takes_exactly_max_minutes_is_within_it():
    book = bundled_book()

    assert draft_violations(_draft(), WorkflowRequest(ingredients=["tofu"], max_minutes=25), book) == []
    assert draft_violations(_draft(), WorkflowRequest(ingredients=["tofu"], max_minutes=24), book) == [
        "total_minutes is 25, over max_minutes 24"
    ]


def test_every_main_ingredient_left_out_is_named_in_the_order_of_the_request():
    uses_asparagus = _draft(ingredients=[{"name": "asparagus", "quantity": 200, "unit": "g"}])
    request = WorkflowRequest(ingredients=["salmon", "asparagus", "두부"])

    assert draft_violations(uses_asparagus, request, bundled_book()) == [
        "it leaves out the main ingredient on hand: make salmon or tofu the centre of the dish"
    ]


def test_notes_and_steps_fit_the_contracts_eight_steps() -> None:
    """Three (now four) making-do notes before japchae's steps made 10 steps, which the Recipe contract refuses (a
    request of the third blind holdout crashed the engine): the notes become one step, and the last steps one if need
    be."""
    steps = [f"step {number}" for number in range(1, 8)]
    assert within_steps(["a", "b"], steps[:6]) == ["a", "b", *steps[:6]]
    assert within_steps(["a", "b", "c"], steps) == ["a b c", *steps]
    assert within_steps(["a"], [*steps, "step 8", "step 9"]) == ["a", *steps[:6], "step 7 step 8 step 9"]
    assert len(within_steps([], [f"{n}" for n in range(12)])) == MAX_STEPS

    request = {"ingredients": ["당면 500g", "소고기 잡채용 300g", "시금치 1단", "당근 1개", "양파 2개", "표고버섯 5개"],
               "servings": 10, "course": "side", "cuisine": "korean"}  # fmt: skip
    recipe = bundled_catalog().generate(parse_request(request))
    assert (recipe.source_id, len(recipe.steps)) == ("japchae", MAX_STEPS)
    assert recipe.steps[0].count("모두 쓴다") == 4  # beef, spinach, onion and (at half, produce) the shiitake
