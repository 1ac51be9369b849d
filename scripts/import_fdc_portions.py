"""Densities and piece weights for the ingredient book, derived from USDA FoodData Central's household measures.

    python scripts/import_fdc_portions.py FDC_DIR [--ingredients layer/aichef/data/ingredients.csv]

FDC_DIR holds `food.csv`, `food_portion.csv` and `measure_unit.csv` of FoodData Central's SR Legacy CSV release
(April 2018; public domain, CC0; see layer/aichef/data/SOURCES.md). For every ingredient of MAPPING the script prints
the FDC food, the household measure it used ("1 cup, chopped = 160 g") and the figure the book stores:
`density_g_per_ml` (grams of a volume measure over its millilitres, US customary cup = 236.59 ml) or
`grams_per_piece` (grams of a counted measure over the count). With `--ingredients` it also says, per figure,
whether the book holds the same value, so a change of release or of mapping shows what to update.
FDC's files are not kept in the repository: download the release and point the script at its folder.
"""

from __future__ import annotations

import argparse
import csv
import sys
from dataclasses import dataclass
from pathlib import Path

# US customary measures, as FDC's household measures are (NIST Handbook 44: 1 cup = 8 fl oz = 236.5882365 ml).
US_ML = {"cup": 236.5882365, "tbsp": 14.78676478125, "tsp": 4.92892159375}
_SPOON_WORDS = {"cup": "cup", "cups": "cup", "tbsp": "tbsp", "tablespoon": "tbsp", "tsp": "tsp", "teaspoon": "tsp"}
UNDETERMINED = "undetermined"  # SR Legacy's measure_unit_id 9999: the measure is the `modifier` text
FILES = ("food.csv", "food_portion.csv", "measure_unit.csv")


@dataclass(frozen=True)
class Source:
    """Where one ingredient's figures come from: an FDC food and the measure text of each figure."""

    description: str
    volume: str | None = None
    """Measure giving `density_g_per_ml` ("cup, chopped"); it must start with cup, tbsp or tsp."""
    piece: str | None = None
    """Measure giving `grams_per_piece` ("medium", "sprigs", "fillet"); its amount is the count."""


# Our canonical name -> the FDC SR Legacy food and measures. A volume measure of chopped or sliced produce gives the
# density a cook's "1 cup chopped onion" needs (the bulk density of the cut food, not of the solid).
MAPPING: dict[str, Source] = {
    "onion": Source("Onions, raw", volume="cup, chopped"),
    "red onion": Source("Onions, raw", volume="cup, chopped"),
    "shallot": Source("Shallots, raw", volume="tbsp chopped"),
    "leek": Source("Leeks, (bulb and lower leaf-portion), raw", volume="cup"),
    "green onion": Source("Onions, spring or scallions (includes tops and bulb), raw", volume="cup, chopped"),
    "chives": Source("Chives, raw", volume="tbsp chopped"),
    "carrot": Source("Carrots, raw", volume="cup chopped"),
    "celery": Source("Celery, raw", volume="cup chopped"),
    "bell pepper": Source("Peppers, sweet, red, raw", volume="cup, chopped"),
    "green bell pepper": Source("Peppers, sweet, green, raw", volume="cup, chopped"),
    "jalapeno": Source("Peppers, jalapeno, raw", volume="cup, sliced"),
    "tomato": Source("Tomatoes, red, ripe, raw, year round average", volume="cup, chopped or sliced"),
    "cherry tomato": Source("Tomatoes, red, ripe, raw, year round average", volume="cup cherry tomatoes"),
    "cucumber": Source("Cucumber, with peel, raw", volume="cup slices"),
    "zucchini": Source("Squash, summer, zucchini, includes skin, raw", volume="cup, chopped"),
    "eggplant": Source("Eggplant, raw", volume="cup, cubes"),
    "potato": Source("Potatoes, flesh and skin, raw", volume="cup, diced"),
    "sweet potato": Source(
        "Sweet potato, raw, unprepared (Includes foods for USDA's Food Distribution Program)", volume="cup, cubes"
    ),
    "broccoli": Source("Broccoli, raw", volume="cup chopped"),
    "cauliflower": Source("Cauliflower, raw", volume='cup chopped (1/2" pieces)'),
    "cabbage": Source("Cabbage, raw", volume="cup, chopped"),
    "red cabbage": Source("Cabbage, red, raw", volume="cup, chopped"),
    "napa cabbage": Source("Cabbage, chinese (pe-tsai), raw", volume="cup, shredded"),
    "bok choy": Source("Cabbage, chinese (pak-choi), raw", volume="cup, shredded"),
    "spinach": Source("Spinach, raw", volume="cup"),
    "kale": Source("Kale, raw", volume="cup"),
    "lettuce": Source("Lettuce, green leaf, raw", volume="cup shredded"),
    "iceberg lettuce": Source("Lettuce, iceberg (includes crisphead types), raw", volume="cup shredded"),
    "cilantro": Source("Coriander (cilantro) leaves, raw", volume="cup", piece="sprigs"),
    "parsley": Source("Parsley, fresh", volume="cup chopped", piece="sprigs"),
    "basil": Source("Basil, fresh", volume="tbsp, chopped", piece="leaves"),
    "mint": Source("Spearmint, fresh", piece="leaves"),
    "dill": Source("Dill weed, fresh", volume="cup sprigs", piece="sprigs"),
    "button mushroom": Source("Mushrooms, white, raw", volume="cup, pieces or slices"),
    "oyster mushroom": Source("Mushrooms, oyster, raw", volume="cup sliced"),
    "enoki mushroom": Source("Mushrooms, enoki, raw", volume="cup whole"),
    "portobello mushroom": Source("Mushrooms, portabella, raw", volume="cup diced"),
    "mung bean sprout": Source("Mung beans, mature seeds, sprouted, raw", volume="cup"),
    "soybean sprout": Source("Soybeans, mature seeds, sprouted, raw", volume="cup"),
    "green bean": Source("Beans, snap, green, raw", volume='cup 1/2" pieces'),
    "snow pea": Source("Peas, edible-podded, raw", volume="cup, whole"),
    "asparagus": Source("Asparagus, raw", volume="cup"),
    "okra": Source("Okra, raw", volume="cup"),
    "brussels sprout": Source("Brussels sprouts, raw", volume="cup"),
    "strawberry": Source("Strawberries, raw", volume="cup, sliced"),
    "grape": Source("Grapes, red or green (European type, such as Thompson seedless), raw", volume="cup"),
    "mango": Source("Mangos, raw", volume="cup pieces"),
    "pineapple": Source("Pineapple, raw, all varieties", volume="cup, chunks"),
    "apple": Source(
        "Apples, raw, with skin (Includes foods for USDA's Food Distribution Program)",
        volume="cup, quartered or chopped",
    ),
    "banana": Source("Bananas, raw", volume="cup, sliced"),
    "peach": Source("Peaches, yellow, raw", volume="cup slices"),
    "cherry": Source("Cherries, sweet, raw", volume="cup, without pits"),
    "kiwi": Source("Kiwifruit, green, raw", volume="cup, sliced"),
    "avocado": Source("Avocados, raw, all commercial varieties", volume="cup, cubes"),
    "date": Source("Dates, deglet noor", volume="cup, chopped"),
    "dried apricot": Source("Apricots, dried, sulfured, uncooked", volume="cup, halves"),
    "prune": Source("Plums, dried (prunes), uncooked", volume="cup, pitted"),
    "sun-dried tomato": Source("Tomatoes, sun-dried", volume="cup"),
    "kalamata olive": Source("Olives, ripe, canned (small-extra large)", volume="tbsp"),
    "pickled cucumber": Source("Pickles, cucumber, dill or kosher dill", volume="cup, chopped or diced"),
    "canned chickpea": Source(
        "Chickpeas (garbanzo beans, bengal gram), mature seeds, canned, drained, rinsed in tap water",
        volume="cup drained, rinsed",
    ),
    "canned kidney bean": Source(
        "Beans, kidney, red, mature seeds, canned, drained solids, rinsed in tap water", volume="cup cup rinsed solids"
    ),
    "canned lentil": Source("Lentils, mature seeds, cooked, boiled, without salt", volume="cup"),
    "canned corn": Source("Corn, sweet, yellow, canned, whole kernel, drained solids", volume="cup"),
    "feta": Source("Cheese, feta", volume="cup, crumbled"),
    "cheddar": Source("Cheese, cheddar (Includes foods for USDA's Food Distribution Program)", volume="cup, shredded"),
    "mozzarella": Source("Cheese, mozzarella, whole milk", volume="cup, shredded"),
    "monterey jack": Source("Cheese, monterey", volume="cup, shredded"),
    "gruyere": Source("Cheese, gruyere", volume="cup, shredded"),
    "emmental": Source("Cheese, swiss", volume="cup, shredded"),
    "blue cheese": Source("Cheese, blue", volume="cup, crumbled, not packed"),
    "brie": Source("Cheese, brie", volume="cup, sliced"),
    "dark chocolate": Source("Candies, semisweet chocolate", volume="cup chips (6 oz package)"),
    "milk chocolate": Source("Candies, milk chocolate", volume="cup chips"),
    "rotisserie chicken": Source(
        "Chicken, broilers or fryers, meat only, cooked, roasted", volume="cup, chopped or diced"
    ),
    "mashed potato": Source("Potatoes, mashed, home-prepared, whole milk and butter added", volume="cup"),
    "cranberry sauce": Source("Cranberry sauce, canned, sweetened", volume="cup"),
    "gravy": Source("Gravy, beef, canned, ready-to-serve", volume="cup"),
    "gravy granules": Source("Gravy, brown, dry", volume="tbsp"),
    "cream of mushroom soup": Source("Soup, cream of mushroom, canned, condensed", volume="cup"),
    "sweet relish": Source("Pickle relish, sweet", volume="cup"),
    "sardine": Source("Fish, sardine, Atlantic, canned in oil, drained solids with bone", piece="sardines"),
    "tilapia": Source("Fish, tilapia, raw", piece="fillet"),
    "haddock": Source("Fish, haddock, raw", piece="fillet"),
    "trout": Source("Fish, trout, rainbow, farmed, raw", piece="fillet"),
    "catfish": Source("Fish, catfish, channel, farmed, raw", piece="fillet"),
    "pork loin": Source(
        "Pork, fresh, loin, center loin (chops), bone-in, separable lean and fat, raw",
        piece="chop without refuse (Yield from 1 raw chop, with refuse, weighing 259g)",
    ),
    "beef rib eye": Source(
        'Beef, rib eye steak, boneless, lip off, separable lean and fat, trimmed to 0" fat, all grades, raw',
        piece="steak",
    ),
    "beef sirloin": Source(
        'Beef, loin, top sirloin cap steak, boneless, separable lean and fat, trimmed to 1/8" fat, all grades, raw',
        piece="steak",
    ),
    "ham": Source("Ham, sliced, regular (approximately 11% fat)", piece="slice"),
    "salami": Source("Salami, cooked, beef and pork", piece="slice round"),
    "pepperoni": Source("Pepperoni, beef and pork, sliced", piece="piece"),
    "bread roll": Source("Rolls, dinner, plain, commercially prepared (includes brown-and-serve)", piece="roll (1 oz)"),
    "hoagie roll": Source(
        "Rolls, dinner, plain, commercially prepared (includes brown-and-serve)",
        piece="roll (foot long frankfurter roll)",
    ),
    "chocolate sandwich cookie": Source("Cookies, chocolate sandwich, with creme filling, regular", piece="cookie"),
}


class FdcDataError(ValueError):
    """FDC's files do not hold what MAPPING names (a food, a measure) or are not FDC's CSV files."""


@dataclass(frozen=True)
class Portion:
    amount: float
    measure: str
    grams: float


@dataclass(frozen=True)
class Figure:
    """One derived figure: the book's column, its value and the FDC measure it came from."""

    name: str
    column: str
    value: float
    fdc_id: str
    description: str
    measure: str


def read_portions(folder: Path) -> dict[str, tuple[str, list[Portion]]]:
    """FDC description -> (fdc_id, household measures) from the three CSV files in `folder`."""
    missing = [name for name in FILES if not (folder / name).is_file()]
    if missing:
        raise FdcDataError(f"{folder} lacks {', '.join(missing)} (FDC's SR Legacy CSV release)")
    units = {row["id"]: row["name"] for row in _rows(folder / "measure_unit.csv", ("id", "name"))}
    foods = {row["fdc_id"]: row["description"] for row in _rows(folder / "food.csv", ("fdc_id", "description"))}
    measures: dict[str, list[Portion]] = {}
    for row in _rows(folder / "food_portion.csv", ("fdc_id", "amount", "modifier", "gram_weight")):
        if row["fdc_id"] in foods and row["gram_weight"]:
            measures.setdefault(row["fdc_id"], []).append(
                Portion(float(row["amount"] or 1), _measure_text(row, units), float(row["gram_weight"]))
            )
    return {foods[fdc_id]: (fdc_id, portions) for fdc_id, portions in measures.items()}


def _rows(path: Path, needed: tuple[str, ...]) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        absent = [column for column in needed if column not in (reader.fieldnames or [])]
        if absent:
            raise FdcDataError(f"{path.name} has no column {', '.join(absent)}: not an FDC CSV file")
        return list(reader)


def _measure_text(row: dict[str, str], units: dict[str, str]) -> str:
    """SR Legacy writes the measure in `modifier` (unit 9999, undetermined); Foundation names a measure unit."""
    unit = units.get(row.get("measure_unit_id") or "", UNDETERMINED)
    parts = [] if unit == UNDETERMINED else [unit]
    parts += [text for text in (row.get("portion_description"), row["modifier"]) if text]
    return " ".join(parts).strip()


def derive(mapping: dict[str, Source], portions: dict[str, tuple[str, list[Portion]]]) -> list[Figure]:
    """Every figure of `mapping`, in order; a food or measure FDC does not have is an FdcDataError naming it."""
    figures = []
    for name, source in mapping.items():
        if source.description not in portions:
            raise FdcDataError(f"{name}: no FDC food described {source.description!r}")
        fdc_id, measures = portions[source.description]
        for column, wanted in (("density_g_per_ml", source.volume), ("grams_per_piece", source.piece)):
            if wanted is None:
                continue
            found = next((portion for portion in measures if portion.measure == wanted), None)
            if found is None:
                known = "; ".join(portion.measure for portion in measures)
                raise FdcDataError(f"{name}: {source.description!r} has no measure {wanted!r} (it has: {known})")
            value = _density(found) if column == "density_g_per_ml" else found.grams / found.amount
            figures.append(Figure(name, column, value, fdc_id, source.description, _label(found)))
    return figures


def _density(portion: Portion) -> float:
    word = portion.measure.replace(",", " ").split(" ", 1)[0].lower()
    if word not in _SPOON_WORDS:
        raise FdcDataError(f"{portion.measure!r} is not a cup, tablespoon or teaspoon measure")
    return portion.grams / (portion.amount * US_ML[_SPOON_WORDS[word]])


def _label(portion: Portion) -> str:
    return f"{portion.amount:g} {portion.measure} = {portion.grams:g} g"


def book_value(figure: Figure) -> str:
    """The figure as the book writes it: densities to 2 decimals, piece weights to 0.1 g ("12", "2.2")."""
    digits = 2 if figure.column == "density_g_per_ml" or figure.value < 1 else 1
    return f"{round(figure.value, digits):g}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("fdc_dir", type=Path, help="folder of FDC's food.csv, food_portion.csv, measure_unit.csv")
    parser.add_argument("--ingredients", type=Path, help="ingredients.csv to compare with (says same / book: x)")
    args = parser.parse_args(argv)
    try:
        figures = derive(MAPPING, read_portions(args.fdc_dir))
        book = _book(args.ingredients) if args.ingredients else None
    except (FdcDataError, OSError) as error:
        print(f"import_fdc_portions: {error}", file=sys.stderr)
        return 2
    writer = csv.writer(sys.stdout, lineterminator="\n")
    header = ["name", "column", "value", "fdc_id", "fdc_description", "fdc_measure"]
    writer.writerow([*header, "book"] if book is not None else header)
    for figure in figures:
        row = [figure.name, figure.column, book_value(figure), figure.fdc_id, figure.description, figure.measure]
        if book is not None:
            held = book.get(figure.name, {}).get(figure.column, "")
            row.append("same" if held and float(held) == float(book_value(figure)) else f"book: {held or 'none'}")
        writer.writerow(row)
    return 0


def _book(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["name"]: row for row in csv.DictReader(handle)}


if __name__ == "__main__":
    sys.exit(main())
