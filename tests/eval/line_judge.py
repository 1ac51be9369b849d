"""The judge of tests/eval/JUDGE-lines.md as code: reads the labelled real lines and says, per line, whether the
ingredient book recognised it, whether its amount is right, and whether a wrong amount was given silently.

The judge converts the labels with its own copy of nothing: it uses `aichef.units` for the label's units (the table
is data, measured by its own tests), so a unit the parser does not know still counts against the parser."""

from __future__ import annotations

import csv
import random
import re
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aichef.units import UnknownUnit, canonical_unit, to_base

LINES = Path(__file__).parent / "lines"
NAME_JUDGEMENTS = LINES / "name-judgement.tsv"
"""The hand-judged name sample (JUDGE-lines.md, "The name sample"); not a file of labelled lines."""
SECOND_NAME_JUDGEMENTS = LINES / "name-judgement-2.tsv"
"""The second sample (seed 2026, holdout first, disjoint from the first), judged before any change it led to."""
THIRD_NAME_JUDGEMENTS = LINES / "name-judgement-3.tsv"
"""The third sample (seed 2027, holdout first, disjoint from both), judged blind at 66202a8 before any change."""
FOURTH_NAME_JUDGEMENTS = LINES / "name-judgement-4.tsv"
"""The fourth sample (seed 2028, holdout first, disjoint from all three), judged blind at 8eae5d6 before any change."""
FIFTH_NAME_JUDGEMENTS = LINES / "name-judgement-5.tsv"
"""The fifth sample (seed 2029): fresh lines of the same sources, in no file here, judged blind at 5ba8551."""
SIXTH_NAME_JUDGEMENTS = LINES / "name-judgement-6.tsv"
"""The sixth sample (seed 2030): fresh lines apart from the fifth's, judged blind at dacf9b4."""
SEVENTH_NAME_JUDGEMENTS = LINES / "name-judgement-7.tsv"
"""The seventh sample (seed 2031, front of each order): fresh lines apart from the fifth's, the sixth's and both
development pools, judged blind at 86656f5."""
EIGHTH_NAME_JUDGEMENTS = LINES / "name-judgement-8.tsv"
"""The eighth sample (seed 2032, front of each order): fresh lines apart from every earlier sample's and both
development pools, judged blind at fad73e8."""
FRESH_POOL = LINES / "fresh-pool-2030.tsv"
"""A development pool of fresh lines (seed 2030, drawn from the back of each source's order): unlabelled, for tuning;
no labelled file and no measure of accuracy (lines/SOURCES.md)."""
FRESH_POOL_2031 = LINES / "fresh-pool-2031.tsv"
"""A second development pool (seed 2031, drawn from the back of each source's order, apart from the 2030 pool and
every sample): unlabelled, for tuning, like the first."""
_NOT_LABELLED = ("name-judgement", "fresh-pool")
_CONTAINERS = frozenset({"can", "package", "pack", "packet", "jar", "bottle", "bag", "box", "carton", "container",
                         "tub", "envelope", "stick", "fillet", "piece", "block", "loaf"})  # fmt: skip
_SIZE_HYPHEN = re.compile(r"(?<=\d)-(?=[a-zA-Z])")
_PLUS_AMOUNT = re.compile(r"\bplus\s+(?:\d|one|a\b|an\b|half)", re.IGNORECASE)
# The classes of issue 19 a line belongs to, for counting silently wrong amounts by class.
CLASSES: dict[str, re.Pattern[str]] = {
    "range": re.compile(r"\d\s*(?:-|~|–|to|or)\s*\d|한두|두세|서너"),
    "plus": re.compile(r"\bplus\b", re.IGNORECASE),
    "parenthetical": re.compile(r"\("),
    "to taste": re.compile(r"to taste|as needed|약간|적당", re.IGNORECASE),
    "juice or zest of": re.compile(r"\b(?:juice|zest)\b.*\bof\b", re.IGNORECASE),
    "size before unit": re.compile(r"\d+\s*-?\s*(?:inch|ounce|oz|pound|lb|cm)\b", re.IGNORECASE),
    "korean unit": re.compile(
        r"\d\s*(?:T|t|숟가락|스푼|뿌리|대|줄|톨|장|봉지|팩|인분|꼬집|종이컵|큰술|작은술|컵|개|모)"
    ),
    "korean mixed number": re.compile(r"\d+\s*과|씩"),
    "emoji or symbol": re.compile(r"[^\w\s.,;:()/\-~'\"%&+*½¼¾⅓⅔⅛#]"),
    "two items": re.compile(r"\band\b|,|&|과 |와 ", re.IGNORECASE),
}


@dataclass(frozen=True)
class Row:
    source: str
    split: str
    text: str
    name: str
    quantity: str
    unit: str
    extra: str
    number: int = 0
    """The row's place among the data rows of its file, from 1."""

    @property
    def language(self) -> str:
        return self.source.split("-", 1)[0]

    @property
    def file(self) -> str:
        """The file's base name: `en-allrecipes-dev`, `ko-requests`."""
        return self.source if self.split == "requests" else f"{self.source}-{self.split}"

    @property
    def line_id(self) -> str:
        return f"{self.file}:{self.number}"


@dataclass(frozen=True)
class LineVerdict:
    recognised: bool
    amount_right: bool
    silently_wrong: bool
    classes: tuple[str, ...]


def rows(pattern: str = "*.tsv") -> Iterator[Row]:
    """Every labelled line of the files matching `pattern`, in file order."""
    for path in sorted(path for path in LINES.glob(pattern) if not path.name.startswith(_NOT_LABELLED)):
        stem = path.stem
        source, _, split = stem.rpartition("-") if stem.endswith(("-dev", "-holdout")) else (stem, "", "requests")
        lines = [line for line in path.read_text("utf-8").splitlines() if not line.startswith("#")]
        reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
        for number, item in enumerate(reader, start=1):
            extra = item["extra"] or ""
            yield Row(source, split, item["text"], item["name"], item["quantity"], item["unit"], extra, number)


def pool_lines(path: Path = FRESH_POOL) -> list[tuple[str, str, str]]:
    """The development pool's lines as (source, line id, text), in file order."""
    lines = [line for line in path.read_text("utf-8").splitlines() if not line.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    return [(item["id"].split("-fresh:")[0], item["id"], item["text"]) for item in reader]


def name_sample(
    is_recognised: Callable[[Row], bool],
    per_language: int = 100,
    seed: int = 19,
    *,
    excluded: Collection[str] = (),
    holdout_first: bool = False,
) -> list[Row]:
    """The recognised lines whose names are judged by hand (JUDGE-lines.md, "The name sample"): `per_language` per
    language, shared among its sources in proportion to their lines (largest remainder); each source's rows, dev and
    holdout together, shuffled with `random.Random(f"names:{source}:{seed}")` and the first recognised ones taken.
    Lines whose `line_id` is `excluded` (the lines of every sample drawn before) are skipped; `holdout_first` moves a
    source's holdout rows ahead of its dev rows, each keeping its shuffled order (the second and third samples: lines
    the parser was not tuned on)."""
    by_source: dict[str, list[Row]] = {}
    for row in rows():
        by_source.setdefault(row.source, []).append(row)
    sample: list[Row] = []
    for language in sorted({source.split("-", 1)[0] for source in by_source}):
        sources = sorted(source for source in by_source if source.startswith(f"{language}-"))
        for source, share in _shares({source: len(by_source[source]) for source in sources}, per_language).items():
            order = list(by_source[source])
            random.Random(f"names:{source}:{seed}").shuffle(order)
            if holdout_first:
                order.sort(key=lambda row: row.split == "dev")
            taken = [row for row in order if row.line_id not in excluded and is_recognised(row)]
            sample += taken[:share]
    return sample


def _shares(sizes: dict[str, int], total: int) -> dict[str, int]:
    """`total` shared in proportion to `sizes` by the largest remainder (Hamilton's method)."""
    whole = sum(sizes.values())
    shares = {key: size * total // whole for key, size in sizes.items()}
    by_remainder = sorted(sizes, key=lambda key: (-(sizes[key] * total % whole), key))
    for key in by_remainder[: total - sum(shares.values())]:
        shares[key] += 1
    return shares


def judge_line(row: Row, parsed: Any, split_amount: Callable[[str], Any]) -> LineVerdict:
    """`parsed` is what the book read (`aichef.line_reader.ParsedIngredient` or an older parse result)."""
    quantity, unit = parsed.quantity, parsed.unit
    right = _amount_right(row, quantity, unit, split_amount)
    return LineVerdict(
        recognised=recognised(parsed),
        amount_right=right,
        silently_wrong=quantity is not None and not right,
        classes=tuple(name for name, pattern in CLASSES.items() if pattern.search(row.text)),
    )


VERDICTS = ("right", "debatable", "wrong")


def verdict_problems(items: Iterable[dict[str, str]]) -> list[str]:
    """What is wrong with a judgement file's verdicts (JUDGE-lines.md): an unknown verdict, a line not right without
    its reason, a name now equal to the name given, a moved name without a verdict and reason now, or a verdict now
    on a name that did not move. Empty when the file is sound."""
    problems = []
    for item in items:
        line = item["line id"]
        if item["verdict"] not in VERDICTS or (item["verdict"] != "right" and not item["note"]):
            problems.append(f"{line}: verdict {item['verdict']!r} without a known value or a reason")
        if item["name now"] and (
            item["name now"] == item["name given"] or item["verdict now"] not in VERDICTS or not item["note now"]
        ):
            problems.append(f"{line}: a moved name needs a new name, a verdict now and a reason now")
        if not item["name now"] and (item["verdict now"] or item["note now"]):
            problems.append(f"{line}: a verdict now on a name that did not move")
    return problems


def recognised(parsed: Any) -> bool:
    """The line is known, and so is every food of a line naming several."""
    return bool(parsed.known) and all(item.known for item in getattr(parsed, "items", ()) or ())


def names_given(parsed: Any) -> str:
    """The canonical name(s) the book gave a line, several joined by " | " as the labels are."""
    return " | ".join(food.name for food in (getattr(parsed, "items", ()) or (parsed,)))


def _amount_right(row: Row, quantity: float | None, unit: str | None, split_amount: Callable[[str], Any]) -> bool:
    if not row.quantity:
        return quantity is None
    if quantity is None:
        return False
    low, _, high = row.quantity.partition("-")
    label_low, label_high = float(low), float(high or low)
    same_unit = canonical_unit(unit or "ea") == (canonical_unit(row.unit or "ea") or row.unit)
    if same_unit and label_low * 0.99 - 1e-6 <= quantity <= label_high * 1.01 + 1e-6:
        return True  # the amount as written, read as written
    mine = _base(quantity, unit or "ea")
    label_unit = row.unit or "ea"
    wanted = [(_base(label_low, label_unit), _base(label_high, label_unit))]
    extra = split_amount(f"{_SIZE_HYPHEN.sub(' ', row.extra)} x") if row.extra else None
    extra_base = _base(extra.quantity, extra.unit) if extra is not None and extra.quantity else None
    if extra_base is not None:
        if _PLUS_AMOUNT.search(row.text):  # "3/4 cup plus 1 tablespoon": the sum
            wanted = [(_add(pair[0], extra_base), _add(pair[1], extra_base)) for pair in wanted]
        else:  # "7 tablespoons (3 1/2 ounces)", "1 (15 ounce) can", "1 4-pound pumpkin": either, or count x size
            wanted.append((extra_base, extra_base))
            if (canonical_unit(label_unit) or label_unit) in _CONTAINERS or label_unit == "ea":
                counted = ((label_low * extra_base[0], extra_base[1]), (label_high * extra_base[0], extra_base[1]))
                wanted.append(counted)
    if mine is None:
        same_unit = canonical_unit(unit or "") == (canonical_unit(label_unit) or label_unit)
        return same_unit and label_low - 1e-6 <= quantity <= label_high + 1e-6
    return any(_within(mine, low_base, high_base) for low_base, high_base in wanted)


def _base(quantity: float, unit: str) -> tuple[float, str] | None:
    try:
        return to_base(quantity, unit)
    except UnknownUnit:
        return None


def _add(first: tuple[float, str] | None, second: tuple[float, str]) -> tuple[float, str] | None:
    return (first[0] + second[0], first[1]) if first is not None and first[1] == second[1] else first


def _within(mine: tuple[float, str], low: tuple[float, str] | None, high: tuple[float, str] | None) -> bool:
    if low is None or high is None or mine[1] != low[1]:
        return False
    return low[0] * 0.99 - 1e-6 <= mine[0] <= high[0] * 1.01 + 1e-6
