"""Ingredient knowledge: one canonical name per ingredient, request strings split into quantity and name, diet flags."""

from __future__ import annotations

import pytest

from aichef.ingredients import IngredientBook, normalise_text
from aichef.units import Conversion

BOOK_CSV = """\
name,name_ko,aliases,contains,density_g_per_ml,grams_per_piece
egg,달걀,계란|chicken egg,egg,,50
onion,양파,,,,200
green onion,대파,scallion|spring onion,,,15
pork belly,삼겹살,samgyeopsal,meat,,
chicken,닭고기,chicken meat,poultry,,
shrimp,새우,prawn,shellfish,,
fish sauce,액젓,,fish,1.2,
milk,우유,,dairy,1.03,
honey,꿀,,honey,1.42,
flour,밀가루,wheat flour,gluten,0.53,
peanut,땅콩,peanuts|groundnut,nut,,
tofu,두부,bean curd,,,300
gochujang,고추장,red pepper paste,gluten,1.2,
rice,쌀,white rice,,0.85,
tomato,토마토,,,,150
potato,감자,,,,200
berry,베리,,,,
perilla leaf,깻잎,sesame leaf,,,
"""


@pytest.fixture(scope="module")
def book() -> IngredientBook:
    return IngredientBook.from_csv(BOOK_CSV)


def test_from_csv_reads_one_ingredient_per_row(book: IngredientBook) -> None:
    egg = book.get("egg")

    assert len(book) == 18
    assert [ingredient.name for ingredient in book][:3] == ["egg", "onion", "green onion"]
    assert egg is not None
    assert egg.name_ko == "달걀"
    assert egg.aliases == ("계란", "chicken egg")
    assert egg.contains == frozenset({"egg"})
    assert egg.conversion == Conversion(density_g_per_ml=None, grams_per_piece=50.0)


def test_from_csv_leaves_empty_physical_data_unknown(book: IngredientBook) -> None:
    assert book.conversion("pork belly") == Conversion()
    assert book.conversion("rice") == Conversion(density_g_per_ml=0.85)
    assert book.conversion("dragon fruit") == Conversion()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  Green  Onions. ", "green onions"),
        ("PORK_BELLY", "pork belly"),
        ("'kimchi'!", "kimchi"),
        ("(tofu)", "tofu"),
        ("달걀", "달걀"),
    ],
)
def test_normalise_text_lowercases_and_trims_spaces_and_punctuation(text: str, expected: str) -> None:
    assert normalise_text(text) == expected


@pytest.mark.parametrize(
    ("spelling", "canonical"),
    [
        ("egg", "egg"),
        ("eggs", "egg"),
        ("계란", "egg"),
        ("달걀", "egg"),
        ("Chicken Egg", "egg"),
        ("  EGGS  ", "egg"),
        ("Spring  Onion", "green onion"),
        ("green onions", "green onion"),
        ("scallions", "green onion"),
        ("samgyeopsal", "pork belly"),
        ("삼겹살", "pork belly"),
        ("prawns", "shrimp"),
        ("peanuts", "peanut"),
        ("tomatoes", "tomato"),
        ("Potatoes", "potato"),
        ("berries", "berry"),
        ("perilla leaves", "perilla leaf"),
        ("sesame leaves", "perilla leaf"),
        ("깻잎", "perilla leaf"),
        ("red pepper paste", "gochujang"),
    ],
)
def test_canonical_maps_every_spelling_to_one_name(book: IngredientBook, spelling: str, canonical: str) -> None:
    assert book.canonical(spelling) == canonical


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("  Dragon   Fruit. ", "dragon fruit"),
        ("KIMCHI", "kimchi"),
        ("yuzu_tea", "yuzu tea"),
    ],
)
def test_canonical_passes_unknown_names_through_normalised(book: IngredientBook, name: str, expected: str) -> None:
    assert book.get(name) is None
    assert book.canonical(name) == expected


@pytest.mark.parametrize(
    ("text", "name", "quantity", "unit"),
    [
        ("300g pork belly", "pork belly", 300.0, "g"),
        ("2 onions", "onion", 2.0, "ea"),
        ("1 tbsp gochujang", "gochujang", 1.0, "tbsp"),
        ("2 cups rice", "rice", 2.0, "cup"),
        ("½ cup rice", "rice", 0.5, "cup"),
        ("1 1/2 kg tomatoes", "tomato", 1.5, "kg"),
        ("1.5 kg potatoes", "potato", 1.5, "kg"),
        ("2,5 kg rice", "rice", 2.5, "kg"),
        ("1 cup of rice", "rice", 1.0, "cup"),
        ("pork belly 300g", "pork belly", 300.0, "g"),
        ("eggs 6", "egg", 6.0, "ea"),
        ("달걀 3개", "egg", 3.0, "개"),
        ("3 Cloves Green Onion", "green onion", 3.0, "clove"),
    ],
)
def test_parse_splits_quantity_unit_and_canonical_name(
    book: IngredientBook, text: str, name: str, quantity: float, unit: str
) -> None:
    parsed = book.parse(text)

    assert (parsed.name, parsed.quantity, parsed.unit, parsed.known) == (name, quantity, unit, True)
    assert parsed.text == text


def test_parse_without_a_quantity_leaves_quantity_and_unit_empty(book: IngredientBook) -> None:
    parsed = book.parse("eggs")

    assert (parsed.name, parsed.quantity, parsed.unit, parsed.known) == ("egg", None, None, True)


def test_parse_does_not_read_a_number_inside_a_name_as_a_quantity(book: IngredientBook) -> None:
    parsed = book.parse("7up")

    assert (parsed.name, parsed.quantity, parsed.unit, parsed.known) == ("7up", None, None, False)


def test_parse_does_not_read_a_unit_letter_at_the_start_of_a_name_as_a_unit(book: IngredientBook) -> None:
    parsed = book.parse("2 gochujang")

    assert (parsed.name, parsed.quantity, parsed.unit) == ("gochujang", 2.0, "ea")


def test_parse_keeps_an_unknown_name_normalised_and_marks_it_unknown(book: IngredientBook) -> None:
    parsed = book.parse("200 g Dragon Fruit")

    assert (parsed.name, parsed.quantity, parsed.unit, parsed.known) == ("dragon fruit", 200.0, "g", False)


@pytest.mark.parametrize(
    ("name", "diet", "allowed"),
    [
        ("tofu", "vegan", True),
        ("egg", "vegan", False),
        ("milk", "vegan", False),
        ("honey", "vegan", False),
        ("egg", "vegetarian", True),
        ("milk", "vegetarian", True),
        ("honey", "vegetarian", True),
        ("fish sauce", "vegetarian", False),
        ("shrimp", "vegetarian", False),
        ("pork belly", "vegetarian", False),
        ("fish sauce", "pescatarian", True),
        ("shrimp", "pescatarian", True),
        ("pork belly", "pescatarian", False),
        ("chicken", "pescatarian", False),
        ("flour", "gluten-free", False),
        ("gochujang", "gluten-free", False),
        ("rice", "gluten-free", True),
        ("milk", "dairy-free", False),
        ("egg", "dairy-free", True),
        ("peanut", "nut-free", False),
        ("peanut", "vegan", True),
    ],
)
def test_allowed_by_follows_the_diet_exclusions(book: IngredientBook, name: str, diet: str, allowed: bool) -> None:
    ingredient = book.get(name)

    assert ingredient is not None
    assert ingredient.allowed_by([diet]) is allowed


def test_allowed_by_needs_every_diet_to_allow_the_ingredient(book: IngredientBook) -> None:
    gochujang = book.get("gochujang")

    assert gochujang is not None
    assert gochujang.allowed_by([]) is True
    assert gochujang.allowed_by(["vegan", "nut-free"]) is True
    assert gochujang.allowed_by(["vegan", "gluten-free"]) is False
