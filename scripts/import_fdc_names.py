"""Groceries named in USDA FoodData Central that the ingredient book cannot read yet: candidates for new rows.

    python scripts/import_fdc_names.py FDC_NAMES [--limit N]

FDC_NAMES is a CSV, plain or gzipped, with FoodData Central's `data_type`, `description` and `category` per food:
the `fdc_ingredients.csv.gz` that the `ingredient-parser-nlp` wheel ships (its `ingredient_parser/en/data/`), or
FDC's own `food.csv` joined with its category names. The names are FDC's (public domain, CC0; see
layer/aichef/data/SOURCES.md). Each SR Legacy and Foundation description is cut to the name a recipe writes
("Spices, basil, dried" -> basil, "Cheese, blue" -> blue cheese, "Onions, raw" -> onions); the names the book's
parser does not know are printed, the most frequent first, with FDC's category and the `role` it suggests. Survey
(FNDDS) foods are dishes, not groceries, and are skipped. A person writes the rows: Korean name, flags, price.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

GROCERY_TYPES = frozenset({"sr_legacy_food", "foundation_food"})
# FDC descriptions that start with a class name put the food second: "Spices, basil" is basil ...
CLASS_FIRST = frozenset({
    "spices", "nuts", "seeds", "fish", "mollusks", "crustaceans", "game meat", "alcoholic beverage", "beverages",
    "candies", "sweeteners", "syrups", "oil", "vegetable oil", "salad dressing", "sauce", "soup", "cereals",
    "cereals ready-to-eat", "snacks", "cookies", "crackers", "cake", "pie", "frozen novelties", "tea",
})  # fmt: skip
# ... and these put the kind second, and a recipe writes it first: "Cheese, blue" is blue cheese.
KIND_SECOND = frozenset({"cheese", "beans", "peppers", "squash", "lettuce", "vinegar", "mustard", "flour", "wine"})
ROLES = {
    "Spices and Herbs": "condiment", "Soups, Sauces, and Gravies": "condiment", "Fats and Oils": "staple",
    "Vegetables and Vegetable Products": "produce", "Fruits and Fruit Juices": "produce",
    "Legumes and Legume Products": "protein", "Finfish and Shellfish Products": "protein",
    "Beef Products": "protein", "Pork Products": "protein", "Poultry Products": "protein",
    "Lamb, Veal, and Game Products": "protein", "Sausages and Luncheon Meats": "protein",
    "Dairy and Egg Products": "dairy", "Cereal Grains and Pasta": "starch", "Baked Products": "starch",
    "Breakfast Cereals": "starch",
}  # fmt: skip
MAX_NAME_LENGTH = 30


def common_name(description: str) -> str | None:
    """The name a recipe writes for an FDC description, or None when it is no single grocery's name."""
    parts = [part.split("(")[0].strip().lower() for part in description.split(",")]
    first = parts[0]
    if first in CLASS_FIRST and len(parts) > 1:
        name = parts[1]
    elif first in KIND_SECOND and len(parts) > 1:
        name = f"{parts[1]} {first}"
    else:
        name = first
    if not name or len(name) > MAX_NAME_LENGTH or any(char.isdigit() for char in name):
        return None
    return name


def candidates(rows: Iterable[dict[str, str]], knows: Callable[[str], bool]) -> list[tuple[str, str, int]]:
    """(name, FDC category, number of FDC foods) for each common name `knows` rejects, most frequent first."""
    counts: Counter[str] = Counter()
    category: dict[str, str] = {}
    for row in rows:
        name = common_name(row["description"]) if row.get("data_type") in GROCERY_TYPES else None
        if name is not None:
            counts[name] += 1
            category.setdefault(name, row.get("category", ""))
    return [(name, category[name], count) for name, count in counts.most_common() if not knows(name)]


def read_rows(path: Path) -> list[dict[str, str]]:
    """The CSV's rows; a `.gz` file is read gunzipped."""
    data = path.read_bytes()
    text = gzip.decompress(data).decode("utf-8") if path.suffix == ".gz" else data.decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("fdc_names", type=Path, help="CSV (or .csv.gz) with data_type, description, category")
    parser.add_argument("--limit", type=int, default=0, help="print at most this many candidates (0: all)")
    args = parser.parse_args(argv)
    try:
        rows = read_rows(args.fdc_names)
    except (OSError, UnicodeDecodeError, gzip.BadGzipFile) as error:
        parser.exit(2, f"import_fdc_names.py: cannot read {args.fdc_names}: {error}\n")
    if rows and not {"data_type", "description"} <= set(rows[0]):
        parser.exit(2, f"import_fdc_names.py: {args.fdc_names} has no data_type and description columns\n")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "layer"))
    from aichef.ingredients import bundled_book

    book = bundled_book()
    found = candidates(rows, lambda name: book.parse(name).known)
    for name, category, count in found[: args.limit or None]:
        print(f"{name}\t{category}\t{ROLES.get(category, 'other')}\t{count}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
