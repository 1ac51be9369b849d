"""Rules of the line grammar (`aichef.line_reader`) found while judging names on the real lines (tests/eval)."""

from __future__ import annotations

import pytest

from aichef.ingredients import IngredientBook, bundled_book
from aichef.line_reader import ParsedIngredient


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("후추, 식용유 약간씩", ["black pepper", "vegetable oil"]),  # was black pepper alone: 식용유 약간씩 was no food
        ("소금, 후추 약간씩", ["salt", "black pepper"]),
        ("소금 약간씩", ["salt"]),
    ],
)
def test_a_vague_amount_for_each_keeps_every_food_of_the_line(text: str, names: list[str]) -> None:
    parsed = bundled_book().parse(text)
    assert [(food.name, food.known, food.quantity) for food in parsed.foods()] == [(n, True, None) for n in names]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("1/2 cup chopped dried Bing (sweet) cherries", "dried cherry"),  # was cherry: the tail "bing cherries" won
        ("1 1/2 cups instant white rice", "instant rice"),
        ("1 c cooked long-grain white rice", "cooked rice"),
        ("100 g canned black chickpeas", "canned chickpea"),
        ("2 lbs ground lean beef", "ground beef"),
        ("1 dried Calabrian chile", "dried red chili"),
        # a preparation or size word makes no other product: diced tomatoes are tomatoes, not canned diced tomato
        ("8 cups diced plum tomatoes", "tomato"),
        ("1 cup frozen sweet peas", "green pea"),  # frozen pea is a name of green pea itself
        ("3 medium ripe bananas", "banana"),
        # another spelling of the head keeps only naming words: shredded bocconcini are no pizza cheese ("shredded
        # mozzarella")
        ("1 cup shredded bocconcini", "mozzarella"),
        # a describing word makes the product with every other word of the name, a form word after them dropped
        ("2 tbsp fresh apricot jam", "apricot jam"),  # not the fresh apricot: jam is no form word
        ("1/4 cup canned green chile strips", "canned green chili"),  # the product of the two words before strips
        ("2 cups fresh baby broccoli florets", "broccolini"),  # baby broccoli, the second describing word
        ("1 cup frozen vanilla flavored yogurt", "frozen yogurt"),  # frozen yogurt, the flavour set apart
        ("20 g thin dried kelp strips", "kelp noodle"),  # the whole name first: dried kelp strips, not dried kelp
        ("500 g pork belly skin-on slices", "pork belly skin-on"),  # a describing word after the first words too
    ],
)
def test_a_state_word_before_the_head_names_the_product_the_book_has(text: str, name: str) -> None:
    parsed = bundled_book().parse(text)
    assert (parsed.name, parsed.known) == (name, True)


def test_a_line_of_100_characters_is_read_and_a_longer_one_is_reported_with_its_text() -> None:
    read = "2 cloves garlic, " + "x" * 83
    too_long = read + "x"

    assert (len(read), len(too_long)) == (100, 101)
    parsed = bundled_book().parse(read)
    assert (parsed.text, parsed.name, parsed.known, parsed.quantity, parsed.unit, parsed.problem) == (
        read,
        "garlic",
        True,
        2.0,
        "clove",
        None,
    )
    assert bundled_book().parse("  2 Cloves Garlic,  " + "x" * 83) == ParsedIngredient(
        "  2 Cloves Garlic,  " + "x" * 83,
        "2 cloves garlic, " + "x" * 83,
        False,
        problem="over 100 characters",
    )


@pytest.mark.parametrize("text", ["🍅🍅!!", "...", " - ", "®™"])
def test_a_line_of_only_symbols_and_punctuation_is_reported_with_its_text(text: str) -> None:
    assert bundled_book().parse(text) == ParsedIngredient(
        text, "", False, problem="nothing to read after removing symbols and punctuation"
    )


def test_every_name_the_bundled_book_answers_with_is_single_spaced() -> None:
    """The grammar compares the words of a found name split at single spaces ("X or Y Z" shares Y Z's head, "garlic
    and herb cheese spread" is one product): every ingredient and family name has one space between two words."""
    book = bundled_book()
    names = [ingredient.name for ingredient in book] + [family.name for family in book.families]

    assert [name for name in names if name != " ".join(name.split())] == []


def test_a_line_that_is_a_known_name_as_a_whole_keeps_its_text() -> None:
    assert bundled_book().parse("7up") == ParsedIngredient("7up", "lemon-lime soda", True, kind="ingredient")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("half and half", "half and half"),  # never "and half" with half an amount
        ("육두구", "nutmeg"),  # never 육 with 2 구 (a count)
        ("peaches in syrup", "canned peach"),  # never the fresh peach with "in syrup" as its note
    ],
)
def test_a_line_that_is_a_known_name_as_a_whole_is_never_split(text: str, name: str) -> None:
    assert bundled_book().parse(text) == ParsedIngredient(text, name, True, kind="ingredient")


def test_a_note_that_says_how_much_more_never_names_the_food_of_a_describing_head() -> None:
    parsed = bundled_book().parse("1/2 cup grated, plus more for the pasta")  # grated what: no pasta

    assert (parsed.name, parsed.known, parsed.quantity, parsed.unit) == ("grated", False, 0.5, "cup")


def test_a_name_written_after_a_comma_note_is_the_name() -> None:
    parsed = bundled_book().parse("2 tbsp, or more, slivered basil")

    assert (parsed.name, parsed.known, parsed.quantity, parsed.unit, parsed.items) == ("basil", True, 2.0, "tbsp", ())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("200ml, plus 2 tbsp, milk", ("milk", True, 230.0, "ml", None)),  # the name after the notes, the plus added
        ("2-3 (15-ounce) cans chickpeas, drained", ("canned chickpea", True, 45.0, "oz", 30.0)),  # sized cans
    ],
)
def test_an_amount_before_its_notes_keeps_what_the_notes_add(
    text: str, expected: tuple[str, bool, float, str, float | None]
) -> None:
    parsed = bundled_book().parse(text)

    assert (parsed.name, parsed.known, parsed.quantity, parsed.unit, parsed.low) == expected


def test_a_line_whose_notes_name_no_food_keeps_its_amount() -> None:
    parsed = bundled_book().parse("1 (15-ounce) can, divided")

    assert (parsed.known, parsed.quantity, parsed.unit, parsed.base, parsed.problem) == (
        False,
        15.0,
        "oz",
        (425.2425, "g"),
        None,
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("양파(1/2개)", ("onion", 0.5, "개", None)),  # an amount written only in brackets is the line's amount
        ("butter (2 tablespoons)", ("butter", 2.0, "tbsp", None)),
        ("butter (a little) (2 tablespoons)", ("butter", 2.0, "tbsp", None)),  # a vague note, then the amount
        ("고추(2~3개)", ("chili", 3.0, "개", 2.0)),  # a range in brackets keeps its lower end
        ("잣 3~5알", ("pine nut", 5.0, "알", 3.0)),  # and a trailing one
    ],
)
def test_an_amount_written_only_in_brackets_is_the_amount(
    text: str, expected: tuple[str, float, str, float | None]
) -> None:
    parsed = bundled_book().parse(text)

    assert (parsed.name, parsed.quantity, parsed.unit, parsed.low) == expected


def test_two_foods_of_one_phrase_each_keep_the_phrase_as_their_text() -> None:
    parsed = bundled_book().parse("salt and pepper")

    assert [(item.text, item.name, item.quantity) for item in parsed.items] == [
        ("salt and pepper", "salt", None),
        ("salt and pepper", "black pepper", None),
    ]


def test_a_line_of_several_foods_is_read_as_its_first_food_with_every_food_in_items() -> None:
    parsed = bundled_book().parse("spinnach, salt")

    assert (parsed.text, parsed.name, parsed.known, parsed.kind, parsed.corrected, parsed.quantity) == (
        "spinnach, salt",
        "spinach",
        True,
        "ingredient",
        "spinnach",
        None,
    )
    assert [(item.text, item.name, item.known, item.kind, item.corrected) for item in parsed.items] == [
        ("spinnach", "spinach", True, "ingredient", "spinnach"),
        ("salt", "salt", True, "ingredient", None),
    ]


def test_a_food_after_a_comma_is_read_with_its_own_amount_and_unit() -> None:
    parsed = bundled_book().parse("turkey, 1 can chickpeas")

    assert [(item.text, item.name, item.kind, item.quantity, item.unit, item.base) for item in parsed.items] == [
        ("turkey", "turkey", "family", None, None, None),
        ("1 can chickpeas", "canned chickpea", "ingredient", 1.0, "can", (400.0, "g")),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("소금 후추", [("salt", None, None), ("black pepper", None, None)]),  # two Korean foods side by side
        ("소금과 후추", [("salt", None, None), ("black pepper", None, None)]),  # joined by a glued 과
        ("1/4 cup olive oil, plus 2 tablespoons", [("olive oil", 90.0, "ml")]),  # a plus note adds its amount
        ("1/4 cup olive oil, plus 2 tablespoons for greasing", [("olive oil", 90.0, "ml")]),
        ("1 cup flour, plus 2 tablespoons sugar", [("all-purpose flour", 1.0, "cup")]),  # another food's amount
        ("salt, plus 1 teaspoon", [("salt", None, None)]),  # nothing to add to
    ],
)
def test_foods_side_by_side_and_plus_notes(text: str, expected: list[tuple[str, float | None, str | None]]) -> None:
    assert [(food.name, food.quantity, food.unit) for food in bundled_book().parse(text).foods()] == expected


def test_an_unknown_food_keeps_its_text_and_its_whole_amount() -> None:
    parsed = bundled_book().parse("2-3 cups frobnicated zorblax")

    assert (parsed.text, parsed.name, parsed.known, parsed.quantity, parsed.unit, parsed.low, parsed.base) == (
        "2-3 cups frobnicated zorblax",
        "frobnicated zorblax",
        False,
        3.0,
        "cup",
        2.0,
        (720.0, "ml"),
    )


def test_a_line_naming_a_part_of_a_food_is_that_food() -> None:
    line = "Skin from a quarter of a Preserved Meyer Lemon, sliced very thinly and finely chopped"  # tests/eval/lines

    parsed = bundled_book().parse(line)
    assert (parsed.name, parsed.known, parsed.quantity, parsed.items) == ("lemon", True, None, ())


@pytest.mark.parametrize(("text", "quantity"), [("간 파르메산치즈(5g)", 5.0), ("불린 곤약쌀(60g)", 60.0)])
def test_an_unknown_korean_name_of_two_words_keeps_its_bracketed_amount(text: str, quantity: float) -> None:
    parsed = bundled_book().parse(text)

    assert (parsed.quantity, parsed.unit, parsed.problem, len(parsed.foods())) == (quantity, "g", None, 1)


def test_a_weight_plus_a_volume_is_not_added_up() -> None:
    parsed = bundled_book().parse("100 g butter, plus 1 tablespoon")  # no density is guessed to add them

    assert (parsed.name, parsed.quantity, parsed.unit, parsed.base) == ("butter", 100.0, "g", (100.0, "g"))


def test_every_corrected_word_of_a_name_is_reported() -> None:
    parsed = bundled_book().parse("chiken brest")

    assert (parsed.name, parsed.known, parsed.corrected) == ("chicken breast", True, "chiken brest")


def test_a_misspelt_animal_counted_in_whole_animals_is_reported_as_corrected() -> None:
    parsed = bundled_book().parse("칠먼조 1마리")  # 칠면조 (turkey) with a vowel slip

    assert (parsed.known, parsed.corrected, parsed.quantity, parsed.unit) == (True, "칠먼조", 1.0, "마리")


def test_a_note_in_brackets_is_never_spelling_corrected_into_the_food() -> None:
    parsed = bundled_book().parse("1 jar zorblax sauce (any brand)")  # "brand" is one letter from brandy

    assert (parsed.name, parsed.known, parsed.corrected, parsed.quantity, parsed.unit) == (
        "zorblax sauce",
        False,
        None,
        1.0,
        "jar",
    )


def test_a_misspelt_name_of_two_joined_foods_is_the_one_food_it_names() -> None:
    parsed = bundled_book().parse("2 cups macaroni and chese")  # was macaroni and cheese, two foods with no amount

    assert (parsed.name, parsed.known, parsed.corrected, parsed.quantity, parsed.unit, parsed.items) == (
        "boxed mac and cheese",
        True,
        "chese",
        2.0,
        "cup",
        (),
    )


@pytest.mark.parametrize("text", ["vanilla flavoured sugar", "vanilla flavored sugar"])
def test_a_flavour_in_either_spelling_is_dropped_and_never_a_misspelling(text: str) -> None:
    parsed = bundled_book().parse(text)

    assert (parsed.name, parsed.known, parsed.corrected) == ("sugar", True, None)


@pytest.mark.parametrize(
    ("text", "name", "quantity", "unit"),
    [
        # a size in brackets before a package that is no can: the food itself, never its canned product
        ("1 (8 ounce) package fresh mushrooms", "mushroom", 8.0, "oz"),
        ("1 (15 ounce) can chickpeas", "canned chickpea", 15.0, "oz"),  # a counted can is the canned food
        # "X or Y Z": X with Z's head only when both are animal foods, else X as named
        ("1 lb clams or mussels", "clam", 1.0, "lb"),  # the last option of one word lends no head
        ("4 oz lamb or beef jerky", "beef jerky", 4.0, "oz"),  # no lamb jerky: the last option
        ("2 cups chicken or vegetable stock", "chicken stock", 2.0, "cup"),  # vegetable is no animal food
        ("1 lb ham or pork sausage", "ham", 1.0, "lb"),  # one option not only meat: X
        ("1 lb ham or lamb mince", "ham", 1.0, "lb"),
        ("1 lb veal or beef steaks", "beef rib eye", 1.0, "lb"),  # no veal steak: the last option, of the head
        ("1 lb duck or beef steaks", "duck", 1.0, "lb"),  # a steak is beef, which holds no poultry: X
        ("1 lb ground lamb or beef mince", "ground lamb", 1.0, "lb"),  # a first option of two words is as named
        ("4 duck or chicken thighs", "duck", 4.0, "ea"),  # no head word of a food alone ("thighs"): X as named
        ("4 slices bacon or turkey bacon", "bacon", 4.0, "slice"),  # X is the last option's head: X itself
        ("2 cups stock or beef broth", "beef stock", 2.0, "cup"),  # stock, which may hold any animal food, is one
        ("말린,호로파 잎 1큰술", "kasuri methi", 1.0, "큰술"),  # a describing word glued by a comma: one name
    ],
)
def test_a_sized_package_and_the_options_of_one_name_read_the_food_they_name(
    text: str, name: str, quantity: float, unit: str
) -> None:
    parsed = bundled_book().parse(text)

    assert (parsed.name, parsed.known, parsed.quantity, parsed.unit, parsed.items) == (name, True, quantity, unit, ())


@pytest.mark.parametrize(
    ("text", "name", "known", "quantity", "unit"),
    [
        ("당근말린것 10g", "carrot", True, 10.0, "g"),  # a dried ending with no dried product: the food itself
        ("마른미역줄기 10g", "seaweed stem", True, 10.0, "g"),  # a dried word before it, the same
        ("빨간양파 1개", "onion", True, 1.0, "개"),  # a colour with no coloured product: the food itself
        ("중새우 100g", "shrimp", True, 100.0, "g"),  # a size (중) glued before a food of two syllables
        ("큰새우 5마리", "shrimp", True, 5.0, "마리"),  # a describing syllable (큰, big) glued before two syllables
        ("중국간장 1큰술", "중국간장", False, 1.0, "큰술"),  # 중국 is China: never 중 + 국간장 (soup soy sauce)
    ],
)
def test_a_korean_word_glued_to_a_known_food_reads_that_food(
    text: str, name: str, known: bool, quantity: float, unit: str
) -> None:
    parsed = bundled_book().parse(text)

    assert (parsed.name, parsed.known, parsed.quantity, parsed.unit) == (name, known, quantity, unit)


@pytest.mark.parametrize(("second", "known"), [("간장 1g", True), ("뭐뭐 1g", False)])
def test_two_glued_korean_items_are_the_first_with_the_line_known_only_when_both_are(second: str, known: bool) -> None:
    text = f"후춧가루 적당량[조림장]{second}"
    parsed = bundled_book().parse(text)

    assert (parsed.text, parsed.name, parsed.known, parsed.quantity, len(parsed.items)) == (
        text,
        "black pepper",
        known,
        None,
        2,
    )


def test_a_form_word_and_the_word_after_it_are_dropped_only_before_of() -> None:
    """ "leaves of basil" is basil, but "slices banana bread" is no bread: no food is read by dropping its first
    two words."""
    parsed = bundled_book().parse("slices banana bread")

    assert (parsed.name, parsed.known, parsed.items) == ("slices banana bread", False, ())


def test_a_last_option_led_by_a_food_of_every_animal_flag_still_shares_the_head() -> None:
    """ "X or Y Z" of two animal foods is the last option when the book has no "X Z": stock may hold meat, poultry,
    fish or shellfish (every animal flag), and "sardines or stock anchovies" is the dried anchovies sold for stock."""
    book = IngredientBook.from_csv("""\
name,name_ko,aliases,contains,density_g_per_ml,grams_per_piece
sardine,정어리,,fish,,
anchovy,멸치,,fish,,
dried anchovy,국물용멸치,stock anchovy,fish,,
stock,육수,broth,meat|poultry|fish|shellfish,1.0,
""")
    parsed = book.parse("10 sardines or stock anchovies")

    assert (parsed.name, parsed.known, parsed.quantity, parsed.unit) == ("dried anchovy", True, 10.0, "ea")
