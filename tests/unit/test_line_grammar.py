"""The grammar of an ingredient line, one rule per case, on the bundled book (issue 19): words around the name,
sizes, parentheticals, alternatives, ranges, `plus`, two items in one line, Korean units and compounds, notes."""

from __future__ import annotations

import pytest

from aichef.ingredients import bundled_book

BOOK = bundled_book()


def read(text: str) -> list[tuple[str, float | None, str | None]]:
    """Each food of a line with its amount in the base unit (g, ml, ea), as `aichef parse --json` reports them."""
    parsed = BOOK.parse(text)
    foods = parsed.items or (parsed,)
    return [(food.name, *(food.base or (None, None))) for food in foods]


@pytest.mark.parametrize(
    ("rule", "text", "expected"),
    [
        ("size and preparation around the name", "2 large cloves garlic, minced", [("garlic", 2.0, "ea")]),
        ("a freshness word", "fresh thyme leaves", [("thyme", None, None)]),
        ("a grade word", "extra-virgin olive oil", [("olive oil", None, None)]),
        ("a size before the unit", "2 3-inch cinnamon sticks", [("cinnamon stick", 2.0, "ea")]),
        ("a can's size in brackets", "1 (15-ounce) can chickpeas, drained", [("canned chickpea", 425.2425, "g")]),
        ("a can is the canned food", "2 tins chickpeas", [("canned chickpea", 800.0, "g")]),
        (
            "a can's size without brackets",
            "2 15-ounce cans chickpeas, drained",
            [("canned chickpea", pytest.approx(850.485), "g")],
        ),
        ("and/or is an alternative", "raisins and/or sprinkles", [("raisin", None, None)]),
        ("a first option of no food qualifies the last", "light or dark brown sugar", [("brown sugar", None, None)]),
        ("and/or between qualifiers", "1 lb hot and/or sweet Italian sausage", [("italian sausage", 453.592, "g")]),
        (
            "a describing word after and is no flavour",
            "Salt and ground black pepper, to taste",
            [("salt", None, None), ("black pepper", None, None)],
        ),
        ("a misspelt first of two foods", "chiken and rice", [("chicken", None, None), ("rice", None, None)]),
        ("a Korean can is the canned food", "병아리콩 1캔", [("canned chickpea", 400.0, "g")]),
        ("a Korean can of what is only sold canned", "코코넛밀크 1캔", [("coconut milk", 400.0, "ml")]),
        (
            "the parenthetical weight of a cut",
            "1 (3-pound) chuck roast",
            [("beef chuck", pytest.approx(1360.776), "g")],
        ),  # noqa: E501
        ("a second measure in brackets", "7 tablespoons (3 1/2 ounces) butter", [("butter", 105.0, "ml")]),
        ("X or Y is X", "safflower or peanut oil", [("safflower oil", None, None)]),
        ("X or Y shares Y's head", "olive or rapeseed oil", [("olive oil", None, None)]),
        ("X or Y of other heads", "white wine or chicken broth", [("white wine", None, None)]),
        ("a range is its upper end", "1 to 2 cups milk", [("milk", 480.0, "ml")]),
        ("a Korean range", "3~4큰술 간장", [("soy sauce", 60.0, "ml")]),
        ("a counted range", "깻잎 5-6장", [("perilla leaf", 6.0, "ea")]),
        ("plus adds", "3/4 cup plus 1 tablespoon sugar", [("sugar", 195.0, "ml")]),
        ("plus more to taste is a note", "1/2 teaspoon salt, plus more to taste", [("salt", 2.5, "ml")]),
        ("juice of", "Juice of 1 lemon", [("lemon", 1.0, "ea")]),
        ("emoji", "🐖 pork belly 300g", [("pork belly", 300.0, "g")]),
        ("two items joined by and", "salt and pepper", [("salt", None, None), ("black pepper", None, None)]),
        ("two Korean items", "소금, 후추", [("salt", None, None), ("black pepper", None, None)]),
        ("종이컵 is a paper cup, not 2 cups", "물 1종이컵", [("water", 180.0, "ml")]),
        ("a Korean mixed number", "간장 1과 1/2큰술", [("soy sauce", 22.5, "ml")]),
        ("씩 (each)", "설탕 1/2큰술씩", [("sugar", 7.5, "ml")]),
        ("a Korean compound of a known modifier", "다진파 1큰술", [("green onion", 15.0, "ml")]),
        ("톨 counts cloves", "통마늘 10톨", [("garlic", 10.0, "ea")]),
        ("a cut behind its animal", "돼지고기 항정살 400g", [("pork jowl", 400.0, "g")]),
        ("a Korean compound written spaced", "멸치 육수 3컵", [("anchovy stock", 600.0, "ml")]),
        ("an English compound written spaced", "2 cups blue berries", [("blueberry", 480.0, "ml")]),  # was mixed
        # a name the book knows as written comes before a compound written together: white fish, not whitefish
        ("a spaced name known as written", "200 g white fish", [("cod", 200.0, "g")]),
        ("a flavour is no food", "orange flavored Jell-O", [("flavored gelatin", None, None)]),
        ("parts of one food", "cilantro stems and leaves", [("cilantro", None, None)]),
        ("leftover and roast", "leftover roast turkey", [("roast turkey", None, None)]),
        (
            "describing words split by commas before the name",
            "1 cup shredded part-skim, low-moisture mozzarella cheese",
            [("mozzarella", 240.0, "ml")],
        ),
        ("a note after commas is no name", "12 bamboo skewers, soaked in water", [("bamboo skewers", 12.0, "ea")]),
        # describing words before a dash join the name after it, never read as a misspelt food ("roughly": roughy)
        ("describing words, a dash, the name", "1 cup roughly chopped - walnuts", [("walnut", 240.0, "ml")]),
        (
            "a hyphened name known alone keeps its note apart",
            "1 cup half-and-half, warmed",
            [("half and half", 240.0, "ml")],
        ),
        (
            "a hyphened unknown name before a note that names no food",
            "12 bamboo-skewers, soaked for 30 minutes",
            [("bamboo-skewers", 12.0, "ea")],
        ),
        (
            "describing words split by commas, then a plus note that adds to the amount",
            "1 cup shredded part-skim, low-moisture mozzarella cheese, plus 2 tablespoons",
            [("mozzarella", 270.0, "ml")],
        ),
        (
            "nor after a head of a hyphened word and a word that is no describing word",
            "12 wooden bamboo-skewers, soaked in water",
            [("wooden bamboo-skewers", 12.0, "ea")],
        ),
        (
            "two foods joined by and, each with its amount",
            "4 skin-on chicken thighs and 4 drumsticks",
            [("chicken thigh", 4.0, "ea"), ("chicken drumstick", 4.0, "ea")],
        ),
        ("an option with its own amount lends no head", "1 lime or 6-8 lime leaves", [("lime", 1.0, "ea")]),
        ("a sauce the food is canned in", "1 can kidney beans in chilli sauce", [("canned kidney bean", 400.0, "g")]),
        ("of your choice is a note", "1 cup plain yogurt of your choice", [("plain yogurt", 240.0, "ml")]),
        (
            "a Korean section heading glued between two items",
            "후춧가루 적당량[조림장]간장 1g",
            [("black pepper", None, None), ("soy sauce", 1.0, "g")],
        ),
        (
            "a heading with a colon after a glued symbol",
            "올리브유 약간●간장 레몬 소스 : 저염간장 5g(1작은술)",
            [("olive oil", None, None), ("soy sauce", 5.0, "g")],
        ),
        ("two colours of one food", "청·홍고추다진것 1g", [("green chili", None, None), ("red chili", None, None)]),
        ("two foods joined by a middle dot", "소금·후추 약간", [("salt", None, None), ("black pepper", None, None)]),
        ("a comma glued inside a Korean name", "무,래디쉬 2개", [("korean radish", 2.0, "ea")]),
        ("a describing word and a comma glued", "미니,버거빵 2개", [("hamburger bun", 2.0, "ea")]),
        ("a comma glued in a list of each", "소금,후추 약간씩", [("salt", None, None), ("black pepper", None, None)]),
        ("a size glued before the amount", "양파 소1/2", [("onion", 0.5, "ea")]),
        ("a piece's dimensions before its count", "다시마 5*5cm 3조각", [("dried kelp", 3.0, "ea")]),
        ("찐 (steamed) describes", "찐옥수수 1개", [("sweet corn", 1.0, "ea")]),
        ("a Korean minced ending", "돼지고기갈은것 10g", [("ground pork", 10.0, "g")]),
        ("a Korean dried ending", "표고버섯마른것 7g", [("dried shiitake", 7.0, "g")]),
        ("a product state before a food and its form", "1/4 cup canned peach slices", [("canned peach", 60.0, "ml")]),
        ("a can after the weight", "1x 400 g can chickpeas, drained", [("canned chickpea", 400.0, "g")]),
        ("a cube of a stock is the stock cube", "1/2 cube beef bouillon", [("beef bouillon cube", 0.5, "ea")]),
        ("a family counted in whole animals", "닭 1마리", [("whole chicken", 1.0, "ea")]),
        ("a food counted in 마리 stays itself", "오징어 1/2마리", [("squid", 0.5, "ea")]),
        ("a fish the book does not know, counted in 마리", "노래미 1마리", [("노래미", 1.0, "ea")]),
        ("the food in brackets when the name is unknown", "허브(민트) 약간", [("mint", None, None)]),
        ("sm, md, lg", "1 sm onion", [("onion", 1.0, "ea")]),
        ("an approximate amount", "~7 cloves garlic", [("garlic", 7.0, "ea")]),
        ("an example after such as", "spinach, such as baby spinach", [("spinach", None, None)]),
        ("the brand before ® is dropped", "1 cup GOYA® Organic Quinoa", [("quinoa", 240.0, "ml")]),
        ("a brand of two words before ™", "1 Archer Farms™ ciabatta loaf", [("ciabatta", 1.0, "ea")]),
        ("a brand in capitals that names foods", "1 can CHICKEN OF THE SEA Tuna", [("canned tuna", 150.0, "g")]),
        (
            "a brand the book knows stays",
            "1 (3 ounce) package lime-flavored Jell-O® mix",
            [("flavored gelatin", pytest.approx(85.05, rel=1e-3), "g")],
        ),
        ("or to taste is a note", "1 ¼ tsp salt or to taste", [("salt", 6.25, "ml")]),
        ("in shell is a note", "50 small clams in shell, scrubbed", [("clam", 50.0, "ea")]),
        (
            "two foods joined by +, each with its amount",
            "1 egg + 1 yolk",
            [("egg", 1.0, "ea"), ("egg yolk", 1.0, "ea")],
        ),
        (
            "two foods joined by plus",
            "1 hard-boiled egg plus 1 hard-boiled yolk",
            [("egg", 1.0, "ea"), ("egg yolk", 1.0, "ea")],
        ),
        ("a run-together compound the book knows spaced", "1 tsp seasalt", [("salt", 5.0, "ml")]),
        ("another run-together compound", "2 tbsp oliveoil", [("olive oil", 30.0, "ml")]),
        ("a run-together word of six letters, three and three", "2 tbsp nampla", [("fish sauce", 30.0, "ml")]),
        ("a food before its own family's name", "1 pound penne pasta", [("penne", 453.592, "g")]),
        ("a fish before the word fish", "salmon fish", [("salmon", None, None)]),
        ("a food of two words before its family's name", "1 lb sea bass fish", [("sea bass", 453.592, "g")]),
        ("a size after a Korean name", "두부작은것 40g", [("tofu", 40.0, "g")]),
        ("a thickness after a Korean name", "쌀국수가는것 15g", [("rice noodle", 15.0, "g")]),
        ("미니 before a Korean name only describes", "미니단호박(120g)", [("kabocha squash", 120.0, "g")]),
        ("a Korean colour names the coloured product", "검정깨 2g", [("black sesame seed", 2.0, "g")]),
        ("a colour the book has no product of is the item", "노랑파프리카 24g", [("bell pepper", 24.0, "g")]),
        ("another spelling of a colour", "흰설탕 1컵", [("sugar", 200.0, "ml")]),
        ("dried glued before a Korean name is the dried product", "말린새우 30g", [("dried shrimp", 30.0, "g")]),
        ("another spelling of dried", "마른표고버섯 20g", [("dried shiitake", 20.0, "g")]),
        ("a describing word glued to a known name", "다진파 1큰술", [("green onion", 15.0, "ml")]),
        ("one syllable glued to one syllable is a word of its own", "채소 적당량", [("채소", None, None)]),
        ("but raw, whole, new or peeled glued to one syllable is a state", "생쌀 2컵", [("rice", 400.0, "ml")]),
        ("raw glued to another one-syllable food", "생굴 200g", [("oyster", 200.0, "g")]),
        ("can glued after a Korean name is the canned food", "참치통조림 1캔", [("canned tuna", 150.0, "g")]),
        ("can glued before a Korean name", "캔옥수수 10g", [("canned corn", 10.0, "g")]),
        ("a can glued to a food with no canned row is the food", "리치캔 35g", [("lychee", 35.0, "g")]),
        ("frozen glued after a Korean name", "게살냉동 50g", [("crab", 50.0, "g")]),
        ("a 사이시옷 taken off", "계핏가루 1/2큰술", [("cinnamon", 7.5, "ml")]),
        ("a 사이시옷 put on", "후추가루 약간", [("black pepper", None, None)]),
        (
            "a flavour names the product the book has",
            "1 tsp Chicken Flavored Bouillon Granules",
            [("chicken bouillon powder", 5.0, "ml")],
        ),
        ("links are a form of a sausage", "5 fresh bratwurst links", [("bratwurst", 5.0, "ea")]),
        (
            "a flavour between a food's words goes with the word before it",
            "1 pound beef teriyaki flavored round",
            [("beef round", 453.592, "g")],
        ),
    ],
)
def test_each_rule_reads_the_food_and_its_amount(
    rule: str, text: str, expected: list[tuple[str, object, object]]
) -> None:
    assert read(text) == expected, rule


def test_a_line_read_without_its_brand_keeps_its_text() -> None:
    parsed = BOOK.parse("1 cup GOYA® Organic Quinoa")

    assert (parsed.text, parsed.name) == ("1 cup GOYA® Organic Quinoa", "quinoa")


def test_a_branded_line_known_as_written_keeps_that_reading() -> None:
    parsed = BOOK.parse("1 (5.4 ounce) package Knorr® Fiesta Sides™ - Mexican Rice")

    assert parsed.name == "seasoned rice mix"  # not the rice read without the brand


def test_a_branded_line_unknown_without_its_brand_too_keeps_its_whole_text() -> None:
    parsed = BOOK.parse("2 packets SPLENDA® No Calorie Sweetener FLAVOR ACCENTS™, Lemon")

    assert (parsed.known, parsed.name) == (False, "splenda no calorie sweetener flavor accents")


def test_each_food_joined_by_plus_keeps_its_own_text_and_range() -> None:
    parsed = BOOK.parse("1-2 eggs + 1 yolk")

    assert parsed.text == "1-2 eggs + 1 yolk"
    assert [(item.text, item.low, item.quantity) for item in parsed.items] == [
        ("eggs", 1.0, 2.0),
        ("1 yolk", None, 1.0),
    ]
    assert (parsed.low, parsed.quantity, parsed.base) == (1.0, 2.0, (2.0, "ea"))  # the line's amount: its first food's


def test_the_amount_of_a_line_of_two_foods_with_amounts_is_the_first_foods() -> None:
    parsed = BOOK.parse("0.5 mug water + 1 beef stock cube")

    assert (parsed.quantity, parsed.unit, [item.quantity for item in parsed.items]) == (0.5, "mug", [0.5, 1.0])


@pytest.mark.parametrize(
    "text",
    [
        "1 cup flour plus 1 zzz",  # the second food is unknown
        "1 zzz + 1 yolk",  # the first food is unknown
        "egg + 1 yolk",  # the first has no amount
        "1 egg + 1 zzz + 1 yolk",  # three parts
    ],
)
def test_plus_makes_two_items_only_when_both_are_known_and_the_line_has_an_amount(text: str) -> None:
    assert BOOK.parse(text).items == ()


def test_a_food_before_a_family_it_is_not_in_is_not_read_as_that_food() -> None:
    assert BOOK.parse("chicken pasta").name != "chicken"


@pytest.mark.parametrize("text", ["1 tsp saltpan", "1 cup sugarpot"])
def test_a_run_together_word_is_read_only_when_a_cut_of_it_is_known_spaced(text: str) -> None:
    assert not BOOK.parse(text).known


def test_a_misspelt_name_is_corrected_and_the_correction_reported() -> None:
    parsed = BOOK.parse("chiken thighs")

    assert (parsed.name, parsed.known, parsed.corrected) == ("chicken thigh", True, "chiken")


# a first part that only describes joins the name after its comma
COMMA_AFTER_DESCRIBING_WORDS = [
    ("skinless, boneless chicken breast", [("chicken breast", None, None)]),
    ("2 large, ripe avocados", [("avocado", 2.0, "ea")]),
    ("1 cup packed, light brown sugar", [("brown sugar", 240.0, "ml")]),
    ("다진, 마늘 1큰술", [("garlic", 15.0, "ml")]),
    # a first part that names a food is the food, and the next part another one
    ("salt, pepper", [("salt", None, None), ("black pepper", None, None)]),
    ("turkey, 2 carrots", [("turkey", None, None), ("carrot", 2.0, "ea")]),
]


# a name written after notes: a note that only describes, or says what the food is for, is never the name
NOTES_BEFORE_THE_NAME = [
    ("2 (14-ounce) cans, drained, diced tomatoes", [("canned tomato", pytest.approx(793.786), "g")]),  # was "drained"
    ("2 cups for the sauce, chopped tomatoes", [("canned tomato", 480.0, "ml")]),  # was "for the sauce"
    ("2 cans, optional, chickpeas", [("canned chickpea", 800.0, "g")]),
    ("1 cup, divided, milk", [("milk", 240.0, "ml")]),
]


# real lines read by the rules of names and brackets
REAL_LINES = [
    # lines of tests/eval/lines (ko-mfds, ko-epis, en-*), each a rule no other case here checked
    ("잣 5g(5알)", [("pine nut", 5.0, "g")]),  # the amount outside the brackets wins, the bracketed count is a note
    ("설탕 6g(1작은술)", [("sugar", 6.0, "g")]),
    ("김밥용김 2장", [("nori", 2.0, "ea")]),  # "for kimbap" (…용) only describes the laver
    ("육수용멸치 한줌", [("dried anchovy", 30.0, "g")]),
    ("굵은고춧가루 2큰술", [("gochugaru", 30.0, "ml")]),  # 가 of 고춧가루 is Hangul like any other syllable
    ("타임 마른것 0.5g", [("thyme", 0.5, "g")]),  # a describing word after the name, read without it
    ("5 cups fresh broccoli florets and cut-up stems", [("broccoli", 1200.0, "ml")]),  # two parts of one food
    ("broccoli florets and chopped stems", [("broccoli", None, None)]),  # a part of several describing words
    ("1 (48 ounce) package chicken wingettes and drumettes", [("chicken wing", pytest.approx(1360.776), "g")]),
    ("다진 마늘과 생강", [("garlic", None, None), ("ginger", None, None)]),  # 과 glued to the second word
    ("bok choy and garlick and rice", [("bok choy", None, None), ("garlic", None, None), ("rice", None, None)]),
    ("rice cooked", [("cooked rice", None, None)]),  # a describing word after the name leads it
    ("black beans canned", [("canned black bean", None, None)]),  # after a name of two words too
    ("2 cups flour +", [("all-purpose flour", 480.0, "ml")]),  # was unknown "flour +": a dangling conjunction
    ("참치 통조림 1캔", [("canned tuna", 150.0, "g")]),  # 통조림 after the name is the canned food
    ("chickpea can", [("canned chickpea", None, None)]),  # a can word after the name is the canned food
    ("black beans tin", [("canned black bean", None, None)]),
    ("cloves of garlic", [("garlic", None, None)]),  # a form word that is also a food (clove) before "of"
    ("beefsteak tomatoes", [("tomato", None, None)]),  # an English word is never read as a Korean compound
    ("다진파 두부", [("green onion", None, None), ("tofu", None, None)]),  # a Korean compound is a food, not dropped
    ("돼지고기목살 200g", [("pork shoulder", 200.0, "g")]),  # a family glued before a cut of it
    ("red onion chunk", [("red onion", None, None)]),  # a form word after the name
    ("노란 파프리카", [("bell pepper", None, None)]),  # a describing word before a Korean name
    ("무채", [("korean radish", None, None)]),  # a known item with a form ending (채: julienned)
    ("1 tsp chai masala", [("chai masala", 5.0, "ml")]),  # an unknown spice blend, never chai tea
    ("2 tbsp mustard oil", [("mustard oil", 30.0, "ml")]),  # English words side by side are one name
    # a can or tin before the name says which product: the canned one when the book has it (name sample 2)
    ("1x 400 g tin tomatoes", [("canned tomato", 400.0, "g")]),
    ("a can of tomatoes", [("canned tomato", 400.0, "g")]),
    ("tins of chickpeas", [("canned chickpea", None, None)]),
    ("a can of coconut milk", [("coconut milk", 400.0, "ml")]),  # no canned row: the food itself
    # a variety word before a describing word and the head makes the product the book has (name sample 2)
    ("1 cup uncooked glutinous white rice", [("glutinous rice", 240.0, "ml")]),
    ("2 cups sticky white rice", [("glutinous rice", 480.0, "ml")]),
    # fillers before a name go before its flavour word is read: a box of flavoured gelatin, not gelatin
    ("box of flavored gelatin", [("flavored gelatin", None, None)]),
    ("some of the flavored gelatin", [("flavored gelatin", None, None)]),
]


# a known flavoured name is read as written before its flavour is dropped
FLAVOURS = [
    ("2 tbsp good orange-flavored liqueur", [("orange liqueur", 30.0, "ml")]),  # was unknown
    ("2 tbsp strong coffee flavored liqueur", [("coffee liqueur", 30.0, "ml")]),  # was unknown
    ("1 box orange flavored Jell-O", [("flavored gelatin", 85.0, "g")]),  # an unknown flavoured name drops it
    # a flavour of several hyphened words is the words before the last hyphen
    ("1 (3 ounce) package lemon-lime-flavored gelatin", [("flavored gelatin", pytest.approx(85.0485), "g")]),
    ("1 box orange flavoured Jell-O", [("flavored gelatin", 85.0, "g")]),  # either spelling
]


# brackets are notes and name a food only for an unknown name
BRACKETS = [
    ("2 cups flour (sifted", [("all-purpose flour", 480.0, "ml")]),  # a bracket left open is no part of the name
    ("1 (8 ounce) package cream cheese) softened", [("cream cheese", pytest.approx(226.796), "g")]),
    ("XO sauce (optional)", [("xo sauce", None, None)]),  # only spaces and commas are trimmed, never letters
    ("1 cup milk (or cream)", [("milk", 240.0, "ml")]),  # an alternative in brackets never replaces a known food
    ("허브(민트)(바질)", [("mint", None, None)]),  # an unknown name is the first food its brackets name
]


def test_each_food_of_a_line_keeps_the_words_that_named_it() -> None:
    parsed = BOOK.parse("leftover roast turkey, 2 carrots")

    assert [(item.text, item.name, item.quantity) for item in parsed.items] == [
        ("leftover roast turkey", "roast turkey", None),
        ("2 carrots", "carrot", 2.0),
    ]


# a note of describing words after a food names no other food
DESCRIBING_NOTES = [
    ("parsley, roughly chopped", [("parsley", None, None)]),  # never a second food "orange roughy" from the note
    ("돼지고기, 다짐육", [("pork", None, None)]),  # 다짐육 (minced) describes the pork
]


# a fraction glyph after a whole number is a mixed number
FRACTION_GLYPHS = [
    ("1⅔ cups flour", [("all-purpose flour", pytest.approx(400.0), "ml")]),  # was 4 cups: NFKC wrote 1⅔ as 12⁄3
    ("설탕 1⅓컵", [("sugar", pytest.approx(266.667, abs=0.001), "ml")]),  # was 3⅔ 컵
    ("2⅛ tsp salt", [("salt", 10.625, "ml")]),  # was 21/8
    ("1½ cups milk", [("milk", 360.0, "ml")]),
]


def test_a_spaced_range_before_a_note_keeps_the_food_and_both_ends() -> None:
    parsed = BOOK.parse("4 - 5 cloves garlic, minced")

    assert (parsed.name, parsed.quantity, parsed.unit, parsed.low) == ("garlic", 5.0, "clove", 4.0)


# compatibility forms read as their plain letters
COMPATIBILITY_FORMS = [
    ("돼지고기 ３００ｇ", [("pork", 300.0, "g")]),  # full-width digits and letters
    ("우유 200㎖", [("milk", 200.0, "ml")]),  # a unit written as one compatibility character
    ("2 cups\tflour", [("all-purpose flour", 480.0, "ml")]),  # a control character is a space
    ("2 cups\x00flour", [("all-purpose flour", 480.0, "ml")]),  # even one that is no whitespace
    ("1–2 cups milk", [("milk", 480.0, "ml")]),  # an en dash is a range's dash
    ("2 cups flour*", [("all-purpose flour", 480.0, "ml")]),  # a footnote star is no part of the name
    ("- 2 cups flour", [("all-purpose flour", 480.0, "ml")]),  # nor a list dash before the amount
]


def test_a_note_word_at_the_end_of_a_line_is_a_note() -> None:
    assert read("2 cups chicken stock preferably") == [("chicken stock", 480.0, "ml")]  # was "chicken stock preferably"


# alternatives read the first food the book knows
ALTERNATIVES = [
    # lines of tests/eval/lines: X or Y is X, Y when X is unknown, a one-word X with Y's head word
    ("2 tbsp oil or butter", [("vegetable oil", 30.0, "ml")]),
    ("¼ c Mushroom Dashi or water", [("water", 60.0, "ml")]),
    ("1 small red or white onion, chopped", [("red onion", 1.0, "ea")]),  # red onion: "or" keeps the shared head
    ("1 lb dried casarecce or spaghetti", [("spaghetti", 453.592, "g")]),
    ("olive/canola/vegetable oil", [("olive oil", None, None)]),  # the head word of the last of three
    ("1 can black beans or kidney beans", [("canned black bean", 400.0, "g")]),  # was canned kidney bean
    ("2 tins chickpeas or white beans", [("canned chickpea", 800.0, "g")]),  # was chickpea: the can is X's
    ("chiken breast or tofu", [("tofu", None, None)]),  # a known alternative wins over a spelling guess
    ("1 can chiken breast or tuna", [("canned tuna", 150.0, "g")]),  # and so does a canned one
    ("훈제 닥가슴살 또는 참치 1캔", [("canned tuna", 150.0, "g")]),  # counted in 캔 too
    # the last of three options has an amount of its own: it lends no head ("lime leaves")
    ("1 lime or lemon or 6-8 lime leaves", [("lime", 1.0, "ea")]),
    # nor does one with its amount lend its head to a first option of two words ("white wine vinegar")
    ("1/4 cup white wine or 2 tbsp champagne vinegar", [("white wine", 60.0, "ml")]),
    # a first option of no food qualifies the last option's name after its first word, whatever lies between
    ("1 lb hot or mild or sweet Italian sausage", [("italian sausage", 453.592, "g")]),
    # the first of three animal options shares the last option's head (no goat stock: the beef stock it names)
    ("1 litre goat or veal or beef stock", [("beef stock", 1000.0, "ml")]),
    # a cube of a known option wins over the cube of a spelling guess ("buillon")
    ("1 cube chicken buillon or vegetable stock", [("vegetable bouillon cube", 1.0, "ea")]),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        *COMMA_AFTER_DESCRIBING_WORDS,
        *NOTES_BEFORE_THE_NAME,
        *REAL_LINES,
        *BRACKETS,
        *FLAVOURS,
        *DESCRIBING_NOTES,
        *FRACTION_GLYPHS,
        *COMPATIBILITY_FORMS,
        *ALTERNATIVES,
    ],
)
def test_more_rules_read_the_food_and_its_amount(text: str, expected: list[tuple[str, object, object]]) -> None:
    assert read(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "X or Y head": a first option of several words takes the last one's head when the two make a known food
        ("1/4 cup white wine or champagne vinegar", [("white wine vinegar", 0.25, "cup")]),
        ("2 tbsp rice wine or apple cider vinegar", [("rice vinegar", 2.0, "tbsp")]),
        ("4 c hot fish or shrimp stock", [("fish stock", 4.0, "cup")]),
        ("1/4 cup dry sherry or sherry vinegar", [("dry sherry", 0.25, "cup")]),  # the last names the first: no head
        # a first option of one word, an animal food like the last's first word, shares the head: never the meat
        ("1 litre lamb or beef stock", [("lamb stock", 1.0, "l")]),  # the book has lamb stock
        ("1 litre goat or beef stock", [("beef stock", 1.0, "l")]),  # no goat stock: the option the line names
        ("2 cups turkey or chicken broth", [("chicken stock", 2.0, "cup")]),
        ("1 cup chicken or beef stock", [("chicken stock", 1.0, "cup")]),
        ("1 cup water or chicken broth", [("water", 1.0, "cup")]),  # water is no animal food
        ("1 cup milk or heavy cream", [("milk", 1.0, "cup")]),  # "heavy" is no food: no shared head
        ("2 salmon or tuna steaks", [("salmon", 2.0, "ea")]),  # a steak (beef) holds no fish
        # three or more options sharing a head, listed with commas
        ("4 tbsp canola, sunflower, or vegetable oil", [("vegetable oil", 4.0, "tbsp")]),
        ("1 lb chicken thighs, boneless, or breasts", [("chicken thigh", 1.0, "lb")]),  # a state is no option
        ("2 tbsp, or more, slivered basil", [("basil", 2.0, "tbsp")]),
        # a food in a liquid, a product form word, a brand in capitals, a size glued before a Korean food
        ("1 (5 ounce) can tuna chunks in olive oil", [("canned tuna", 5.0, "oz")]),
        ("200 g pancetta lardons", [("pancetta", 200.0, "g")]),
        ("6 slices OSCAR MAYER Ready To Serve Bacon", [("bacon", 6.0, "slice")]),
        ("중새우살 6개", [("shrimp", 6.0, "개")]),
        ("중국부추 1단", [("garlic chive", 1.0, "단")]),  # 중국 (China) is no size
        # a form word after a comma names the book's product of that form
        ("1 cup coconut, shredded or flaked", [("coconut flakes", 1.0, "cup")]),
        ("2 cloves garlic, minced", [("garlic", 2.0, "clove")]),  # no product "minced garlic" of its own: garlic
        ("4 tomatoes, chopped", [("tomato", 4.0, "ea")]),  # a knife's cut makes no product: not the tin
        ("6 tomatoes, diced", [("tomato", 6.0, "ea")]),
        # an amount in brackets with describing words after it; a range before a bracketed size
        ("butter (2 tablespoons melted)", [("butter", 2.0, "tbsp")]),
        ("2 to 3 (15-ounce) cans tomatoes", [("canned tomato", 45.0, "oz")]),  # as "2-3 (15-ounce)"; a sized can
        ("1 to 2 (1 1/2) pound squash", [("squash", 3.0, "lb")]),
        ("rice (2 cups water)", [("rice", None, None)]),  # an amount of another food in brackets is not the rice's
        ("2 tbsp white wine or red wine or sherry vinegar", [("white wine vinegar", 2.0, "tbsp")]),  # the last's head
        ("1 cup sugar or ./", [("sugar", 1.0, "cup")]),  # an option that is only punctuation names nothing
        ("2 cloves garlic, ..., minced", [("garlic", 2.0, "clove")]),  # nor does a note that is only punctuation
        ("2 tbsp white wine or vinegar", [("white wine", 2.0, "tbsp")]),  # a one-word last option lends no head
        ("2 cups blorp, diced", [("blorp", 2.0, "cup")]),  # an unknown food keeps its text, without the note's word
        ("1 cup beans, baked", [("baked beans", 1.0, "cup")]),  # the product of that form, known or not alone
        ("2 tbsp sweet rice wine or rice vinegar", [("sake", 2.0, "tbsp")]),  # options sharing a word lend no head
    ],
)
def test_shared_heads_form_notes_and_bracketed_amounts(text: str, expected: list[tuple[str, float, str]]) -> None:
    parsed = bundled_book().parse(text)
    assert [(food.name, food.quantity, food.unit) for food in parsed.foods()] == expected


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("300 g Greek-style yoghurt", "greek yogurt"),  # was plain yogurt: the style names the food
        ("⅔ c full-fat Greek-style yogurt", "greek yogurt"),
        ("Korean-style short ribs", "beef short rib"),  # no Korean short rib: the style is only a description
        ("1 (6.8 ounce) package chicken flavored rice", "seasoned rice mix"),  # was rice: flavored rice, any flavour
        ("1 teaspoon Chicken Flavored Bouillon Granules", "chicken bouillon powder"),  # the flavour is the product
        ("good orange-flavored liqueur", "orange liqueur"),
        ("1 (9 ounce) box Frozen Spinach, thawed", "frozen spinach"),
        ("1x 400 g tin butter beans", "canned butter bean"),
        ("250 g sugar snap peas", "sugar snap pea"),  # no longer an alias of snow pea
        ("1 c seasoned rice wine vinegar", "seasoned rice vinegar"),
        ("1 cup snow peas", "snow pea"),
    ],
)
def test_a_style_a_flavour_and_a_form_name_the_product_the_line_means(text: str, name: str) -> None:
    assert BOOK.parse(text).name == name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # '/' with an amount of each is a list, each food with the amount; without "each" it joins alternatives
        ("식용유/소금/참기름/잣가루 약간씩", [("vegetable oil", None, None), ("salt", None, None),
                                   ("sesame oil", None, None), ("pine nut", None, None)]),
        ("소금/후추 1/2작은술씩", [("salt", 0.5, "작은술"), ("black pepper", 0.5, "작은술")]),
        ("1 tsp each salt/pepper", [("salt", 1.0, "tsp"), ("black pepper", 1.0, "tsp")]),
        ("간장/설탕 1큰술", [("soy sauce", 1.0, "큰술")]),  # no 씩: one or the other
        ("2 tbsp butter/margarine", [("butter", 2.0, "tbsp")]),
        ("1/2 pound rotini/corkscrew pasta", [("fusilli", 0.5, "lb")]),
    ],
)  # fmt: skip
def test_a_slash_list_with_an_amount_of_each_is_several_foods(
    text: str, expected: list[tuple[str, float | None, str | None]]
) -> None:
    assert [(food.name, food.quantity, food.unit) for food in BOOK.parse(text).foods()] == expected


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("0.5x 190 ml bottle sweet chilli sauce", "sweet chili sauce"),  # was chili sauce: 'sweet' was dropped
        ("2 tbsp chilli sauce", "chili sauce"),
        ("½ c dried red chillies", "dried red chili"),  # a state before the head still makes its product
        ("1/4 cup coarse granulated sugar", "sugar"),  # 'coarse sugar' is not the head 'granulated sugar' names
        ("candy-coated milk chocolate piece 1/2 cup", "candy-coated chocolate"),
        ("1 tsp flaky sea salt, plus a little extra for the top", "flaky sea salt"),  # was salt
        ("2 teaspoons flaked kosher salt, crushed", "salt"),  # kosher salt: not a finishing salt
        ("240 g pack mixed frozen seafood, defrosted", "frozen seafood mix"),  # was the seafood family
        ("6 dried curry leaves", "dried curry leaf"),  # was the fresh leaf
        ("4-6 curry leaves", "curry leaf"),
        ("1/2 cup chopped sweet pickle slices (bread-and-butter type)", "sweet pickle"),
        ("2 (4 ounce) cans diced green chiles, drained", "canned green chili"),
        ("16 shiso leaves", "shiso"),  # was perilla leaf, which listed it
        ("깻잎 10장", "perilla leaf"),
        ("치커리 50g", "leaf chicory"),  # was endive
        ("1 head Belgian endive", "endive"),
        ("올리고당 2g", "oligosaccharide syrup"),  # was corn syrup
        ("물엿 1큰술", "corn syrup"),
        ("피조개 1개", "ark shell"),  # was cockle
        ("꼬막 500g", "cockle"),
    ],
)
def test_a_word_or_a_row_that_makes_another_product_names_it(text: str, name: str) -> None:
    assert BOOK.parse(text).name == name


def test_a_split_neighbour_still_stands_in_for_the_old_name() -> None:
    assert BOOK.swap_group("oligosaccharide syrup") == BOOK.swap_group("corn syrup") is not None
    assert BOOK.swap_group("shiso") == BOOK.swap_group("perilla leaf") is not None
    assert BOOK.swap_group("leaf chicory") == BOOK.swap_group("endive") is not None
    assert BOOK.swap_group("ark shell") == BOOK.swap_group("cockle") is not None


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("1 (15 ounce) can butter beans - drained, rinsed, and patted dry", "canned butter bean"),  # was lima bean
        ("1 (15 ounce) can pumpkin, divided", "canned pumpkin"),  # was kabocha squash
        ("1 (15 ounce) can butter beans", "canned butter bean"),
        ("⅓ c light-flavored olive or vegetable oil", "olive oil"),  # was kalamata olive
        ("white wine or champagne vinegar", "white wine vinegar"),
        ("0.5 red pepper, sliced", "bell pepper"),  # was black pepper
        ("1/4 teaspoon ground red pepper", "cayenne pepper"),
        ("1/2 teaspoon crushed red pepper", "red pepper flakes"),
        ("1 tablespoon sliced pimientos, chopped", "roasted red pepper"),  # the jar, not the fresh bell pepper
        ("Kraft Swiss Cheese", "emmental"),  # American Swiss cheese is the Emmental kind, not gruyere
        (
            "1 (8 ounce) container blueberry flavored yogurt",
            "blueberry yogurt",
        ),  # was plain yogurt, then the flavoured one
        ("1/2 cup parboiled long grain rice", "long-grain rice"),
        ("1 c cooked long-grain white rice", "cooked rice"),
        ("300 g paella rice", "paella rice"),
        ("14 oz package lap cheong Chinese sausages (about 10)", "chinese sausage"),
        ("1 cup frozen mixed fruit", "frozen mixed fruit"),
        ("냉동 아보카도(15g)", "frozen avocado"),
        ("dried mint 1 ½ tsp", "dried mint"),
        ("1 c fresh mint leaves", "mint"),
        ("1 cup frozen blueberries", "frozen blueberry"),  # was an alias of the fresh blueberry
        ("frozen unsweetened whole strawberries 6 ounces", "frozen strawberry"),
        ("블루베리 100g", "blueberry"),
        ("껍질콩 5개", "green bean"),  # was soybean: 껍질 is no describing word here
        ("실고추 5g", "dried red chili"),  # dried chili threads, not the fresh chili
        ("2 pounds shoulder pork chops (about 3/4 in. thick)", "pork shoulder"),  # was pork loin
        ("½ c lemon-flavored or plain Greek yogurt", "lemon yogurt"),  # was plain yogurt: a hyphened flavour
        ("1 cup lemon-flavored yogurt", "lemon yogurt"),
        ("good orange-flavored liqueur", "orange liqueur"),
        ("1 (750 milliliter) bottle spiced rum (such as Captain Morgan's®)", "spiced rum"),  # was rum
        ("chana dal 1 c", "chana dal"),  # was yellow split pea, which listed it
        ("2 tablespoons Hellmann's® Deli Mustard", "brown mustard"),  # the neighbours below were aliases until now
        ("1 tablespoon whole grain mustard", "whole grain mustard"),
        ("홀그레인 머스터드 1큰술", "whole grain mustard"),
        ("1 tbsp Dijon mustard", "dijon mustard"),
        ("1 1/2 pounds fillet of red snapper, cut into 4 portions", "red snapper"),
        ("0.75 c crumbled cotija cheese", "cotija"),
        ("8 ounces pepper Jack cheese, cubed", "pepper jack"),
        ("1 (9 ounce) package cheese tortellini", "tortellini"),
        ("4 oz gorgonzola, crumbled", "gorgonzola"),
        ("1 wheel camembert", "camembert"),
        ("2 dried ancho chiles", "ancho chili"),  # the dried pepper, not the fresh poblano
        ("2 poblano peppers", "poblano pepper"),
        ("1/2 cup ditalini pasta", "ditalini"),  # was the pasta family
        ("3 cups uncooked corkscrew-shaped pasta or tube-shaped pasta", "fusilli"),
        ("백년초가루(20g)", "prickly pear powder"),  # was the fresh fruit, which listed it
    ],
)
def test_a_sized_can_a_shared_head_and_the_rows_of_the_earlier_samples_name_the_product(text: str, name: str) -> None:
    assert BOOK.parse(text).name == name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # two flavours before a product are one product, with the line's amount (was garlic | cheese spread, no amount)
        ("1/2 (5.2 ounce) package garlic and herb cheese spread (such as Boursin®)", [("cheese spread", 2.6, "oz")]),
        ("onion and garlic powder", [("onion", None, None), ("garlic powder", None, None)]),  # the whole second part
        ("salt and black pepper", [("salt", None, None), ("black pepper", None, None)]),
        # a product whose name is longer than the words after the flavour: they are its name's last words
        ("1 cup garlic and herb rice mix", [("seasoned rice mix", 1.0, "cup")]),
        # a second part that is a product's whole name, first word included, is no second flavour
        ("garlic and red wine vinegar", [("garlic", None, None), ("red wine vinegar", None, None)]),
        ("salt and zorblax", [("salt and zorblax", None, None)]),  # an unknown second part: one unknown name
    ],
)
def test_two_flavours_joined_by_and_before_a_product_are_one_product(
    text: str, expected: list[tuple[str, float | None, str | None]]
) -> None:
    assert [(food.name, food.quantity, food.unit) for food in BOOK.parse(text).foods()] == expected
