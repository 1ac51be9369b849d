"""Groceries that tests/eval/cook-requests.jsonl names and the book knows: prepared food, brands and generic words a
cook writes, each with its canonical name (the misspellings and the phrasing rules are the parser's, not data)."""

from __future__ import annotations

from aichef.ingredients import bundled_book

# request text -> (canonical name, kind): an ingredient, or a family that covers several.
REQUEST_WORDS = {
    "leftover roast chicken": ("rotisserie chicken", "ingredient"),
    "half a rotisserie chicken": ("rotisserie chicken", "ingredient"),
    "leftover turkey": ("turkey", "family"),
    "ground turkey": ("ground turkey", "ingredient"),
    "leftover pot roast": ("roast beef", "ingredient"),
    "leftover mashed potatoes": ("mashed potato", "ingredient"),
    "chicken carcass": ("chicken carcass", "ingredient"),
    "canned chicken": ("canned chicken", "ingredient"),
    "치킨": ("fried chicken", "ingredient"),
    "잡채": ("japchae", "ingredient"),
    "buns": ("bun", "family"),
    "bread rolls": ("bread roll", "ingredient"),
    "hoagie rolls": ("hoagie roll", "ingredient"),
    "견과류": ("nut", "family"),
    "stock cubes": ("stock cube", "family"),
    "curry paste": ("curry paste", "family"),
    "cranberry sauce": ("cranberry sauce", "ingredient"),
    "gravy": ("gravy", "ingredient"),
    "gravy granules": ("gravy granules", "ingredient"),
    "HP sauce": ("brown sauce", "ingredient"),
    "steak sauce": ("steak sauce", "ingredient"),
    "relish": ("sweet relish", "ingredient"),
    "salsa verde": ("salsa verde", "ingredient"),
    "pickle juice": ("pickle brine", "ingredient"),
    "onion soup mix": ("onion soup mix", "ingredient"),
    "cream of mushroom soup": ("cream of mushroom soup", "ingredient"),
    "냉면 육수": ("naengmyeon broth", "ingredient"),
    "frozen veggies": ("frozen mixed vegetables", "ingredient"),
    "frozen stir fry vegetables": ("frozen mixed vegetables", "ingredient"),
    "whole wheat pasta": ("whole wheat pasta", "ingredient"),
    "bacon bits": ("bacon bits", "ingredient"),
    "popcorn kernels": ("popcorn kernel", "ingredient"),
    "ice": ("ice", "ingredient"),
    "cola": ("cola", "ingredient"),
    "Coke": ("cola", "ingredient"),
    "Doritos": ("nacho cheese tortilla chips", "ingredient"),
    "Oreos": ("chocolate sandwich cookie", "ingredient"),
    "Skittles": ("fruit candy", "ingredient"),
    "Heinz ketchup": ("ketchup", "ingredient"),
    "케찹": ("ketchup", "ingredient"),
    "너구리": ("ramen noodle", "ingredient"),
    "신라면": ("ramen noodle", "ingredient"),
    "mince 500g": ("ground beef", "ingredient"),
    "소고기 다짐육 200g": ("ground beef", "ingredient"),
    "돼지고기 다짐육": ("ground pork", "ingredient"),
    "찬밥": ("cooked rice", "ingredient"),
    "cold rice": ("cooked rice", "ingredient"),
    "japanese rice": ("rice", "ingredient"),
    "romaine lettuce": ("lettuce", "ingredient"),
    "green chillies": ("green chili", "ingredient"),
    "toast bread": ("bread", "ingredient"),
    "mixed greens": ("mixed salad greens", "ingredient"),
    "초콜릿": ("dark chocolate", "ingredient"),
    "또띠아": ("flour tortilla", "ingredient"),
    "크림소스": ("alfredo sauce", "ingredient"),
    "발사믹": ("balsamic vinegar", "ingredient"),
    "마요": ("mayonnaise", "ingredient"),
    "카레": ("instant curry mix", "ingredient"),
    "Kraft mac & cheese": ("boxed mac and cheese", "ingredient"),
}


def test_the_groceries_cooks_name_in_the_requests_are_in_the_book() -> None:
    book = bundled_book()

    assert {text: (found.name, found.kind) for text in REQUEST_WORDS if (found := book.parse(text))} == REQUEST_WORDS


def test_the_new_families_cover_their_kinds_and_are_as_safe_as_the_least_safe_one() -> None:
    book = bundled_book()

    assert book.members("nut") >= {"walnut", "almond", "peanut", "pine nut"}
    assert book.members("bun") == {"hamburger bun", "hot dog bun", "bread roll", "hoagie roll"}
    turkey = {"roast turkey", "ground turkey", "whole turkey", "turkey breast", "turkey leg", "turkey wing",
              "turkey bacon"}  # fmt: skip
    assert book.members("turkey") == turkey
    assert book.members("poultry") >= {"roast turkey", "chicken thigh"}
    assert book.flags("stock cube") == frozenset({"poultry", "meat"})
    assert book.flags("curry paste") == frozenset({"shellfish"})
    assert book.flags("chicken") == frozenset({"poultry"})  # fried chicken (gluten) is not in the family
