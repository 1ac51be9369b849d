"""The name rules of the ingredient book, exactly: plural forms, the notes dropped from a name, the diet table."""

from __future__ import annotations

import pytest

from aichef.ingredients import DIET_EXCLUDES, FLAGS, IngredientBook
from aichef.name_rules import (
    brackets,
    clean_line,
    colour_spellings,
    cut_notes,
    sai_siot_forms,
    singular_forms,
    strip_fillers,
    without_brand,
    without_caps_brand,
)
from aichef.units import Conversion


@pytest.mark.parametrize(
    ("word", "forms"),
    [
        ("berries", ["berry", "berri", "berrie"]),  # -ies: -y, -i, then the plain -s rule
        ("fries", ["fry", "fri", "frie"]),  # five letters is long enough for -ies
        ("pies", ["pie"]),  # four is not: "pies" is not "py"
        ("shelves", ["shelf", "shelfe", "shelve"]),
        ("caves", ["caf", "cafe", "cave"]),  # five letters is long enough for -ves
        ("eves", ["eve"]),
        ("tomatoes", ["tomato", "tomatoe"]),
        ("radishes", ["radish", "radishe"]),
        ("peaches", ["peach", "peache"]),
        ("glasses", ["glass", "glasse"]),
        ("glass", []),  # -ss is not a plural
        ("bus", ["bu"]),
        ("us", []),  # two letters are never a plural
        ("salted", []),  # no -s, no plural: "salted" is not salt
        ("salty", []),
    ],
)
def test_singular_forms_are_tried_in_this_order(word: str, forms: list[str]) -> None:
    assert singular_forms(word) == forms


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("a piece of cod", ["cod"]),
        ("some beautiful cod", ["beautiful", "cod"]),  # a describing word is read later, by the head reading
        ("the piece of salmon", ["salmon"]),  # a filler listed before the one just dropped: another pass drops it
        ("a bag of tomatoes", ["tomatoes"]),  # a filler that says nothing of the form
        ("tin tomatoes", ["canned", "tomatoes"]),  # a can or tin says the food is canned
        ("a can of tomatoes", ["canned", "tomatoes"]),
        ("cans of chickpeas", ["canned", "chickpeas"]),
        ("a tin of tinned tomatoes", ["tinned", "tomatoes"]),  # said once is enough
        ("a can of canned corn", ["canned", "corn"]),
        ("tomato tin", ["tomato", "tin"]),  # a can word after the food is not a dropped filler
        ("tin", ["tin"]),  # nothing follows it: nothing is dropped
        ("tomatoes", ["tomatoes"]),
    ],
)
def test_fillers_before_the_food_are_dropped_and_a_can_makes_it_canned(text: str, words: list[str]) -> None:
    assert strip_fillers(text.split(" ")) == words


def test_diet_exclusions_are_exactly_these() -> None:
    assert {
        "vegan": frozenset({"meat", "poultry", "fish", "shellfish", "egg", "dairy", "honey"}),
        "vegetarian": frozenset({"meat", "poultry", "fish", "shellfish"}),
        "pescatarian": frozenset({"meat", "poultry"}),
        "gluten-free": frozenset({"gluten"}),
        "dairy-free": frozenset({"dairy"}),
        "nut-free": frozenset({"nut"}),
    } == DIET_EXCLUDES
    assert {"meat", "poultry", "fish", "shellfish", "egg", "dairy", "honey", "gluten", "nut"} == FLAGS


def book() -> IngredientBook:
    """Built in each test, not at import: mutmut picks the tests of from_csv by what they call while they run."""
    return IngredientBook.from_csv(
        """\
name,name_ko,aliases,contains,density_g_per_ml,grams_per_piece,family,main
five spice,오향,,,,,,
pie,파이,,gluten,,,,
py,피,,,,,,
apple pie,애플파이,,gluten,,,,
apple py,,,,,,,
salt,소금,,,1.2,,,
chicken thigh,닭다리살,,poultry,,,chicken,yes
""",
        "name,name_ko,aliases,parent\npoultry,가금류,,\nchicken,닭고기,닭,poultry\n",
    )


def test_a_known_name_that_looks_like_an_amount_is_never_split() -> None:
    parsed = book().parse("five spice")

    assert (parsed.name, parsed.known, parsed.quantity, parsed.unit, parsed.kind) == (
        "five spice",
        True,
        None,
        None,
        "ingredient",
    )


def test_a_four_letter_plural_is_its_s_form_and_an_adjective_is_no_name() -> None:
    """The plural rules read the last word alone: "apple pies" is apple pie, never "apple py" (the name is long)."""
    names = book()
    assert [names.canonical(name) for name in ("pies", "apple pies", "salted", "salty")] == [
        "pie",
        "apple pie",
        "salted",
        "salty",
    ]


def test_an_ingredient_row_is_read_whole() -> None:
    names = book()
    thigh = names.get("chicken thigh")

    assert thigh is not None
    assert (thigh.name, thigh.name_ko, thigh.aliases, thigh.contains, thigh.family, thigh.main) == (
        "chicken thigh",
        "닭다리살",
        (),
        frozenset({"poultry"}),
        "chicken",
        True,
    )
    assert names.get("salt").conversion == Conversion(density_g_per_ml=1.2)  # type: ignore[union-attr]
    assert (names.get("pie").main, names.get("pie").family) == (False, None)  # type: ignore[union-attr]


def test_families_nest_and_a_parent_holds_the_members_of_its_children() -> None:
    names = book()
    assert (names.members("chicken"), names.members("poultry")) == (
        frozenset({"chicken thigh"}),
        frozenset({"chicken thigh"}),
    )
    assert [(family.name, family.name_ko, family.aliases, family.parent) for family in names.families] == [
        ("poultry", "가금류", (), None),
        ("chicken", "닭고기", ("닭",), "poultry"),
    ]
    assert names.canonical("닭") == "chicken"
    assert names.flags("poultry") == frozenset({"poultry"})


def test_a_family_holds_the_members_of_every_generation_below_it_and_cycles_end() -> None:
    names = IngredientBook.from_csv(
        "name,name_ko,aliases,contains,density_g_per_ml,grams_per_piece,family,main\n"
        "chicken thigh,닭다리살,,poultry,,,chicken,yes\nodd thing,이상한,,,,,a,\n",
        "name,name_ko,aliases,parent\nprotein,,,\npoultry,,,protein\nchicken,,,poultry\nstray,,,nowhere\na,,,b\nb,,,a\n",
    )

    assert [names.members(family) for family in ("protein", "poultry", "chicken", "stray")] == [
        frozenset({"chicken thigh"}),
        frozenset({"chicken thigh"}),
        frozenset({"chicken thigh"}),
        frozenset(),  # a parent that is no family ends the walk
    ]
    assert (names.members("a"), names.members("b")) == (frozenset({"odd thing"}), frozenset({"odd thing"}))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("rice [optional]", ("rice", ["optional"])),  # square brackets are brackets too
        ("두부（1/2모）", ("두부", ["1/2모"])),  # and full-width ones
        ("a (b (c))", ("a", ["c", "b"])),  # nested: innermost first
        ("2 cups flour) sifted", ("2 cups flour sifted", [])),  # an unmatched bracket is dropped
        ("(optional), salt", ("salt", ["optional"])),  # with the comma it leaves at an end
        ("salt", ("salt", [])),
    ],
)
def test_brackets_set_every_kind_of_bracketed_note_aside(text: str, expected: tuple[str, list[str]]) -> None:
    assert brackets(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("garlic, minced", ("garlic", ["minced"])),
        ("skinless, boneless chicken", ("skinless boneless chicken", [])),  # describing words before a comma
        ("김 for garnish", ("김", ["for garnish"])),  # a one-syllable name keeps its notes apart
        ("; salt", ("; salt", [])),  # a marker at the very start leaves no head: nothing is cut
    ],
)
def test_cut_notes_splits_the_head_from_its_notes(text: str, expected: tuple[str, list[str]]) -> None:
    assert cut_notes(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # one name in options: the parts up to the one beginning "or" joined with "or", the notes after it kept
        ("canola, sunflower, or vegetable oil, for frying", ("canola or sunflower or vegetable oil", ["for frying"])),
        ("Canola, Sunflower, Or Vegetable oil", ("Canola or Sunflower or Vegetable oil", [])),  # "Or" in any case
        ("butter, olive oil, or ghee", ("butter or olive oil or ghee", [])),  # an option of two words
        ("canola, sunflower, peanut, or vegetable oil", ("canola or sunflower or peanut or vegetable oil", [])),
        # four options before the "or" are too many: notes
        (
            "canola, sunflower, peanut, corn, or vegetable oil",
            ("canola", ["sunflower", "peanut", "corn", "or vegetable oil"]),
        ),
        ("chicken, cut into pieces, or tofu", ("chicken", ["cut into pieces", "or tofu"])),  # three words: a note
        ("chicken, skinless, or tofu", ("chicken", ["skinless", "or tofu"])),  # a describing word: a note
        ("salt, pepper, or other spices", ("salt", ["pepper", "or other spices"])),  # "or other": no option
        ("salt, pepper, or paprika to taste", ("salt", ["pepper", "or paprika to taste"])),  # a note marker after "or"
        ("garlic for garnish, minced", ("garlic", ["for garnish", "minced"])),  # the head's note before the others
    ],
)
def test_cut_notes_joins_the_options_of_one_name(text: str, expected: tuple[str, list[str]]) -> None:
    assert cut_notes(text) == expected


@pytest.mark.parametrize(
    ("text", "cleaned"),
    [
        ("• 2 cups flour", "2 cups flour"),  # a bullet (punctuation, not a symbol, to Unicode) is dropped
        ("★ 파 1대", "파 1대"),
        ("*2 cups flour", "2 cups flour"),  # an ASCII line with an asterisk
        ("2 cups flour – sifted", "2 cups flour - sifted"),
    ],
)
def test_clean_line_drops_symbols_and_bullets(text: str, cleaned: str) -> None:
    assert clean_line(text) == cleaned


@pytest.mark.parametrize(
    ("text", "unbranded"),
    [
        ("1 cup GOYA® Organic Quinoa", "1 cup Organic Quinoa"),
        ("1 Archer Farms™ ciabatta loaf", "1 ciabatta loaf"),
        ("2 tablespoons Sutton & Dodge™ roasted garlic herb butter", "2 tablespoons roasted garlic herb butter"),
        ("1 tsp HERB-OX® Chicken Flavored Bouillon Granules", "1 tsp Chicken Flavored Bouillon Granules"),
        ("2 tablespoons Nutella®", None),  # nothing after the brand: the brand is the food
        ("1 jar Nutella®,", None),  # nor only a comma
        ("1 package PASTA RONI® Shells & White Cheddar", None),  # a product line named with &
        ("1 cup quinoa", None),
    ],
)
def test_without_brand_drops_the_capitalised_words_before_the_first_mark(text: str, unbranded: str | None) -> None:
    assert without_brand(text) == unbranded


@pytest.mark.parametrize(
    ("text", "unbranded"),
    [
        ("6 slices OSCAR MAYER Ready To Serve Bacon", "6 slices Ready To Serve Bacon"),
        ("2 cups KRAFT shredded cheddar", "2 cups shredded cheddar"),
        ("2 CUPS FLOUR", None),  # capitals throughout: no product after a brand
        ("1 cup quinoa", None),
    ],
)
def test_without_caps_brand_drops_the_words_in_capitals_before_a_product(text: str, unbranded: str | None) -> None:
    assert without_caps_brand(text) == unbranded


@pytest.mark.parametrize(
    ("word", "forms"),
    [
        ("계핏가루", ["곗핏가루", "계피가루", "계핏갓루"]),
        ("후추가루", ["훗추가루", "후춧가루", "후추갓루"]),
        ("깻잎", ["깨잎"]),
        ("잎", []),
        ("김치", []),  # 김 ends in ㅁ, and the last syllable never changes
    ],
)
def test_sai_siot_forms_take_off_or_put_on_the_s_of_one_syllable_before_the_last(word: str, forms: list[str]) -> None:
    assert sai_siot_forms(word) == forms


@pytest.mark.parametrize(
    ("word", "spellings"),
    [
        ("검정", ("검은", "검정", "흑")),
        ("노랑", ("노란", "노랑", "황")),
        ("흰", ("흰", "하얀", "백")),
        ("흑", ()),
        ("두부", ()),
    ],
)
def test_a_korean_colour_word_has_the_spellings_of_its_colour(word: str, spellings: tuple[str, ...]) -> None:
    assert colour_spellings(word) == spellings
