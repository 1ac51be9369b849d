"""The ingredient book's columns for judging a dish and writing a shopping list (data/README.md): `role`,
`perishable`, `piece`, `sold_as` and `swap`, with the rubric's and the shop's own examples."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
from test_bundled_data import book_rows, data_text

from aichef.ingredients import IngredientBook, bundled_book
from aichef.pricing import read_price_csv
from aichef.units import PRICE_UNITS, to_base

COLUMNS = [
    "name", "name_ko", "aliases", "contains", "density_g_per_ml", "grams_per_piece", "family", "main",
    "role", "perishable", "piece", "sold_as", "swap", "variant_of",
]  # fmt: skip
ROLES = {"protein", "produce", "starch", "dairy", "condiment", "staple", "other"}
PIECE = re.compile(r"(?P<english>[^|]*)\|(?P<korean>[^|]*)")
SOLD_AS = re.compile(r"(?P<amount>[1-9]\d*(?:\.\d+)?) (?P<unit>g|ml|ea) (?P<english>[^|]*)\|(?P<korean>[^|]*)")
SWAP = re.compile(r"[a-z]+(-[a-z]+)*")


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    return book_rows()


@pytest.fixture(scope="module")
def book() -> IngredientBook:
    return bundled_book()


def test_ingredients_csv_has_the_documented_columns_in_order(rows: list[dict[str, str]]) -> None:
    assert list(rows[0]) == COLUMNS


def test_role_and_perishable_take_only_their_values_and_every_main_is_a_protein(rows: list[dict[str, str]]) -> None:
    assert {row["name"]: row["role"] for row in rows if row["role"] not in ROLES} == {}
    assert {row["name"]: row["perishable"] for row in rows if row["perishable"] not in ("", "yes", "no")} == {}
    assert [
        row["name"] for row in rows if row["perishable"] == "no" and not row["variant_of"]
    ] == []  # a variant's "keeps"
    assert [row["name"] for row in rows if row["main"] == "yes" and row["role"] != "protein"] == []


# tests/eval/RUBRIC.md's words, a few per role, and what keeps and what spoils within a week.
ROLE_EXAMPLES = {
    "chicken thigh": "protein", "tofu": "protein", "egg": "protein", "chickpea": "protein", "red lentil": "protein",
    "canned tuna": "protein", "onion": "produce", "spinach": "produce", "cilantro": "produce", "kimchi": "produce",
    "cooked rice": "starch", "spaghetti": "starch", "bread": "starch", "flour tortilla": "starch",
    "rice cake": "starch", "milk": "dairy", "cheddar": "dairy", "gochujang": "condiment", "soy sauce": "condiment",
    "dried oregano": "condiment", "chicken stock": "condiment", "salt": "staple", "black pepper": "staple",
    "water": "staple", "vegetable oil": "staple", "sugar": "staple", "all-purpose flour": "staple",
    "walnut": "other", "cola": "other",
}  # fmt: skip
PERISHABLE = ["spinach", "cilantro", "tomato", "strawberry", "chicken thigh", "salmon", "tofu", "milk", "mozzarella"]
KEEPS = ["onion", "garlic", "potato", "carrot", "parmesan", "cheddar", "rice", "kimchi", "canned tuna", "egg",
         "dried shiitake", "frozen mixed vegetables"]  # fmt: skip


def test_roles_and_shelf_life_follow_the_rubric_examples(rows: list[dict[str, str]]) -> None:
    by_name = {row["name"]: row for row in rows}

    assert {name: by_name[name]["role"] for name in ROLE_EXAMPLES} == ROLE_EXAMPLES
    assert [name for name in PERISHABLE if by_name[name]["perishable"] != "yes"] == []
    assert [name for name in KEEPS if by_name[name]["perishable"] == "yes"] == []


def test_every_piece_is_named_in_english_or_korean_and_has_a_weight(rows: list[dict[str, str]]) -> None:
    named = [row for row in rows if row["piece"]]

    assert [row["piece"] for row in named if not (match := PIECE.fullmatch(row["piece"])) or match[0] == "|"] == []
    assert [row["name"] for row in named if not row["grams_per_piece"]] == []


def test_every_sold_as_parses_and_converts_to_the_unit_it_is_priced_per(
    rows: list[dict[str, str]], book: IngredientBook
) -> None:
    """A shop size the price cannot be applied to would leave the shopping list unpriced: an `ea` size needs the
    piece weight, a `ml` size for a price per kg needs the density."""
    price_unit = {row.name: row.unit for row in read_price_csv(data_text("prices.csv"))}
    malformed, unconvertible = [], {}
    for row in (row for row in rows if row["sold_as"]):
        match = SOLD_AS.fullmatch(row["sold_as"])
        if match is None or not (match["english"] or match["korean"]):
            malformed.append(row["sold_as"])
            continue
        quantity, base = to_base(float(match["amount"]), match["unit"])
        target = PRICE_UNITS[price_unit[book.priced_as(row["name"])]][0]
        converted = book.conversion(row["name"]).convert(quantity, base, target)
        if converted is None or (match["unit"] == "ea" and not row["grams_per_piece"]):
            unconvertible[row["name"]] = (row["sold_as"], price_unit[book.priced_as(row["name"])])

    assert malformed == []
    assert unconvertible == {}


# The brief's shop sizes and piece names, and what a butcher or a kimchi shop sells by weight.
SOLD_AS_EXAMPLES = {
    "garlic": "10 ea head|통", "mackerel": "1 ea |마리", "egg": "10 ea pack of 10|10구", "green onion": "8 ea bunch|단",
    "spinach": "300 g bunch|단", "soy sauce": "500 ml bottle|병", "all-purpose flour": "1000 g bag|봉지",
    "tofu": "1 ea block|모", "canned tomato": "400 g can|캔", "pork belly": "", "chicken thigh": "", "kimchi": "",
}  # fmt: skip
PIECE_EXAMPLES = {
    "garlic": "clove|쪽", "tofu": "block|모", "green onion": "stalk|대", "napa cabbage": "head|포기",
    "mackerel": "|마리", "spinach": "bunch|단", "egg": "", "onion": "",
}  # fmt: skip


def test_shop_sizes_and_piece_names_follow_the_documented_examples(rows: list[dict[str, str]]) -> None:
    by_name = {row["name"]: row for row in rows}

    assert {name: by_name[name]["sold_as"] for name in SOLD_AS_EXAMPLES} == SOLD_AS_EXAMPLES
    assert {name: by_name[name]["piece"] for name in PIECE_EXAMPLES} == PIECE_EXAMPLES


# Swaps a cook makes and says (issue 20), and forms a cook never swaps. Breast for thigh is a swap recipes print
# themselves ("chicken thighs or breasts"): the cook is told, and a whole bird stays its own group.
SWAPPED = [("chicken thigh", "chicken drumstick"), ("chicken drumstick", "chicken wing"), ("cod", "alaska pollock"),
           ("pork belly", "pork shoulder"), ("spaghetti", "linguine"), ("bread", "sourdough bread"),
           ("chicken thigh", "chicken breast"), ("andouille", "sausage"), ("kielbasa", "sausage"),
           ("red lentil", "toor dal"), ("yellow split pea", "red lentil"), ("shallot", "onion"),
           ("chicken stock", "vegetable stock"), ("perilla leaf", "shiso"), ("endive", "leaf chicory"),
           ("corn syrup", "oligosaccharide syrup"), ("cockle", "ark shell"), ("dijon mustard", "whole grain mustard"),
           ("dijon mustard", "brown mustard"), ("sea bream", "red snapper"), ("queso fresco", "cotija"),
           ("monterey jack", "pepper jack"), ("ravioli", "tortellini"), ("blue cheese", "gorgonzola"),
           ("brie", "camembert"), ("cheddar", "american cheese"), ("squid", "octopus"), ("mackerel", "sardine"),
           ("cod", "hairtail"), ("beef sirloin", "beef flank"), ("pork rib", "pork back rib"),
           ("rotisserie chicken", "canned chicken"), ("udon noodle", "kalguksu noodle"),
           ("somen noodle", "medium wheat noodle"), ("ramen noodle", "fresh ramen noodle"),
           ("crab", "snow crab"), ("green onion", "chives")]  # fmt: skip
NEVER_SWAPPED = [("tofu", "fried tofu"), ("tofu", "soft tofu"), ("shiitake mushroom", "dried shiitake"),
                 ("rice", "cooked rice"), ("chicken thigh", "whole chicken"), ("red lentil", "green lentil"),
                 ("canned tuna", "tuna steak"), ("udon noodle", "somen noodle"), ("ground beef", "ground pork"),
                 ("chicken breast", "rotisserie chicken")]  # fmt: skip


def test_every_swap_group_holds_two_or_more_cuts_of_one_family_and_only_swaps_a_cook_makes(
    rows: list[dict[str, str]],
) -> None:
    groups: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        if row["swap"]:
            groups[row["swap"]].append(row)
    swap = {row["name"]: row["swap"] for row in rows}

    assert [name for name in groups if not SWAP.fullmatch(name)] == []
    assert {name: len(members) for name, members in groups.items() if len(members) < 2} == {}
    # one family, or, for foods of no family (breads), one role
    assert {
        name: sorted({member["family"] or member["role"] for member in members})
        for name, members in groups.items()
        if len({(member["family"], member["family"] or member["role"]) for member in members}) != 1
    } == {}
    assert [pair for pair in SWAPPED if not swap[pair[0]] or swap[pair[0]] != swap[pair[1]]] == []
    assert [pair for pair in NEVER_SWAPPED if swap[pair[0]] and swap[pair[0]] == swap[pair[1]]] == []
