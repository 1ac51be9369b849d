"""Variant rows of the ingredient book (`variant_of`, data/README.md): a product named by its flavour, colour or style
(raspberry jam, vanilla ice cream, 맛간장) keeps its own name, takes its parent's empty cells and price, and covers a
recipe's line for its parent, never the other way round."""

from __future__ import annotations

import pytest

from aichef.contracts import Quote
from aichef.ingredients import IngredientBook, bundled_book, fill_variants
from aichef.pricing import CatalogPriceSource, price_names, read_price_csv

HEADER = "name,name_ko,aliases,contains,density_g_per_ml,grams_per_piece,family,main,role,perishable,piece,sold_as,swap"
BOOK = IngredientBook.from_csv(
    f"""\
{HEADER},variant_of
jam,잼,fruit preserve,,1.3,,,,condiment,,,300 g jar|병,,
raspberry jam,라즈베리잼,raspberry preserves,,,,,,,,,,,jam
ice cream,아이스크림,gelato,dairy|egg,0.55,,,,dairy,yes,,1000 ml tub|통,,
vanilla ice cream,바닐라 아이스크림,,dairy,,,,,,no,,500 ml tub|통,,ice cream
gravy,그레이비,,meat|poultry|gluten,0.98,,,,condiment,,,340 g jar|병,,
turkey gravy,칠면조 그레이비,,poultry|gluten,,,,,,,,,,gravy
melon,멜론,,,,1200,fruit,,produce,yes,|통,1 ea |통,,
korean melon,참외,chamoe,,,400,,,,,|개,1 ea |개,,melon
""",
    "name,name_ko,aliases,parent\nfruit,과일,,\n",
)
PRICES = CatalogPriceSource(
    read_price_csv(
        "name,name_ko,unit,price_krw,price_usd,source,as_of\n"
        "jam,잼,kg,12000,9.5,test,2026-12\n"
        "ice cream,아이스크림,l,9000,6.2,test,2026-12\n"
        "melon,멜론,ea,15000,4.0,test,2026-12\n"
    )
)


def test_a_variant_keeps_its_own_cells_and_takes_its_parents_empty_ones() -> None:
    raspberry, vanilla, turkey, chamoe = (
        BOOK.get(name) for name in ("raspberry preserves", "바닐라 아이스크림", "turkey gravy", "참외")
    )

    assert raspberry is not None and vanilla is not None and turkey is not None and chamoe is not None
    assert (raspberry.name, raspberry.variant_of, raspberry.role) == ("raspberry jam", "jam", "condiment")
    assert (raspberry.conversion.density_g_per_ml, raspberry.sold_as and raspberry.sold_as.quantity) == (1.3, 300.0)
    # its own cells win: fewer flags, keeps (a `no` over the parent's `yes`), its own tub
    assert (vanilla.contains, vanilla.perishable, vanilla.sold_as and vanilla.sold_as.quantity) == (
        frozenset({"dairy"}),
        False,
        500.0,
    )
    assert turkey.contains == frozenset({"poultry", "gluten"})
    assert (chamoe.conversion.grams_per_piece, chamoe.family, chamoe.piece) == (400.0, "fruit", ("", "개"))
    assert BOOK.get("jam").variant_of is None  # type: ignore[union-attr]


def test_a_variant_covers_its_parents_line_and_never_the_reverse() -> None:
    assert BOOK.covers("vanilla ice cream", "ice cream")
    assert not BOOK.covers("ice cream", "vanilla ice cream")
    assert not BOOK.covers("vanilla ice cream", "raspberry jam")
    assert BOOK.covered("raspberry jam") == {"jam"}
    assert BOOK.covered("jam") == frozenset()
    assert BOOK.within("korean melon", "fruit")  # the family it takes from its parent


def test_a_variant_is_priced_at_its_parents_quote() -> None:
    report = price_names(["2 tbsp raspberry preserves", "jam", "참외 1개", "turkey gravy"], "KRW", [PRICES], BOOK)

    assert [BOOK.priced_as(name) for name in ("raspberry jam", "jam", "korean melon")] == ["jam", "jam", "melon"]
    assert list(report.quotes) == ["raspberry jam", "jam", "korean melon", "turkey gravy"]
    assert report.quotes["raspberry jam"] == report.quotes["jam"]
    assert isinstance(report.quotes["korean melon"], Quote) and report.quotes["korean melon"].price == 15000
    assert report.quotes["korean melon"].name == "melon"  # the quote says whose price it is
    assert report.quotes["turkey gravy"] is None  # no quote for the parent: none for the variant either


def test_the_parts_of_a_book_keep_its_variants() -> None:
    again = IngredientBook.from_parts(BOOK.to_parts())

    assert list(again) == list(BOOK)
    assert again.covers("vanilla ice cream", "ice cream") and again.priced_as("turkey gravy") == "gravy"


@pytest.mark.parametrize(
    ("csv", "message"),
    [
        ("raspberry jam,,,,,,,,,,,,,apricot jam\n", "raspberry jam: variant_of 'apricot jam' is not a row of its own"),
        (
            "jam,,,,,,,,,,,,,\nfruit jam,,,,,,,,,,,,,jam\nraspberry jam,,,,,,,,,,,,,fruit jam\n",
            "raspberry jam: variant_of 'fruit jam' is not a row of its own",
        ),
    ],
)
def test_a_variant_of_an_unknown_row_or_of_another_variant_is_refused(csv: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        IngredientBook.from_csv(f"{HEADER},variant_of\n{csv}")


def test_fill_variants_leaves_rows_without_a_parent_as_they_are() -> None:
    rows: list[dict[str | None, str]] = [{"name": "jam", "role": "condiment", "variant_of": ""}, {"name": "salt"}]

    assert fill_variants(rows) == rows  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "name", "priced_as"),
    [
        ("1.5 c vanilla ice cream", "vanilla ice cream", "ice cream"),
        ("4 drops yellow food coloring, or as desired", "yellow food coloring", "food coloring"),
        ("3/4 cup seasoned dry bread crumbs", "seasoned breadcrumb", "dry breadcrumb"),
        ("맛간장 2큰술", "seasoned soy sauce", "soy sauce"),
        ("1/2 cup Smucker's Seedless Blackberry Jam", "blackberry jam", "jam"),
        ("3 ripe nectarines", "nectarine", "peach"),
        ("1 (16 ounce) package frozen chopped broccoli, thawed", "frozen broccoli", "broccoli"),
        ("1 tbsp white miso", "white miso", "miso"),
        ("1 jar mango chutney", "mango chutney", "chutney"),
    ],
)
def test_the_bundled_book_names_the_variant_a_line_buys(text: str, name: str, priced_as: str) -> None:
    book = bundled_book()

    assert (book.parse(text).name, book.priced_as(book.parse(text).name)) == (name, priced_as)


def test_aichef_parse_says_whose_price_a_variant_takes() -> None:
    from aichef_local.parse_command import describe, parsed_json

    book = bundled_book()
    jam, salt = book.parse("2 tbsp raspberry preserves"), book.parse("1 tsp salt")

    assert describe(jam, book) == (
        "2 tbsp raspberry preserves  ->  raspberry jam (ingredient, priced as jam) · 2 tbsp = 30 ml"
    )
    assert parsed_json(jam, book)["priced_as"] == "jam"
    assert "priced_as" not in parsed_json(salt, book) and "priced as" not in describe(salt, book)


def test_a_variant_priced_per_piece_counts_its_parents_pieces_by_weight() -> None:
    """참외 (400 g) takes the melon's price per piece (1.2 kg): one 참외 is a third of a melon, not a whole one."""
    assert BOOK.price_amount("korean melon", 1, "ea", "ea") == pytest.approx(1 / 3)
    assert BOOK.price_amount("korean melon", 800, "g", "ea") == pytest.approx(2 / 3)
    assert BOOK.price_amount("melon", 1, "ea", "ea") == 1
    assert BOOK.price_amount("raspberry jam", 15, "ml", "g") == pytest.approx(19.5)  # per kg: its own density
    assert BOOK.price_amount("raspberry jam", 1, "ea", "g") is None  # no piece weight: cannot be priced


def test_combine_prices_a_variant_per_piece_by_weight() -> None:
    from test_combine import quote, recipe

    from aichef.combine import price_recipe

    melon = quote("melon", 12000, "ea")
    pricing, pending = price_recipe(recipe(("korean melon", 3, "ea")), {"korean melon": melon}, "KRW", BOOK)

    assert pending == [] and [line.cost for line in pricing.lines] == [12000]  # three 400 g 참외: one 1.2 kg melon
