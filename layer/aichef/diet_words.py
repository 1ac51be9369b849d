"""Diet certification: a diet label only for food the ingredient book knows, and a per-flag deny-list (English and
Korean words, `data/diet_words.csv`) that names what an unknown line probably contains."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from aichef.ingredients import DIET_EXCLUDES, FLAGS, IngredientBook, normalise_text


@dataclass(frozen=True)
class DenyList:
    """Words per diet flag; an English word matches whole words of a name, a Korean word any part of it."""

    words: dict[str, tuple[str, ...]]

    @classmethod
    def from_csv(cls, text: str) -> DenyList:
        words: dict[str, tuple[str, ...]] = {}
        for row in csv.DictReader(text.splitlines()):
            if row["flag"] not in FLAGS:
                raise ValueError(f"diet_words.csv: {row['flag']!r} is not a diet flag ({', '.join(sorted(FLAGS))})")
            words[row["flag"]] = tuple(word for word in row["words"].split("|") if word)
        return cls(words)

    def flags(self, name: str) -> frozenset[str]:
        """The flags whose words appear in `name` ("fish stock" -> fish; "돼지고기 육수" -> meat)."""
        text = f" {normalise_text(name)} "
        return frozenset(flag for flag, words in self.words.items() if any(_matches(word, text) for word in words))


def _has_hangul(word: str) -> bool:
    """Whether `word` has a Hangul syllable (U+AC00-U+D7A3): a comparison, as a regex of that range costs a cold
    start 1-2 ms to compile (re builds a 64K-entry map for it)."""
    return any("\uac00" <= char <= "\ud7a3" for char in word)


def _matches(word: str, text: str) -> bool:
    if _has_hangul(word):
        return word in text
    return re.search(rf"(?<![a-z]){re.escape(word)}(?:e?s)?(?![a-z])", text) is not None


@cache
def bundled_deny_list() -> DenyList:
    """The deny-list shipped in the layer (loaded once per process)."""
    return DenyList.from_csv(resources.files("aichef").joinpath("data/diet_words.csv").read_text("utf-8"))


def unknown_names(names: Iterable[str], book: IngredientBook) -> list[str]:
    """The names the book cannot tell the contents of (so no diet can be certified for them), sorted."""
    return sorted({name for name in names if book.flags(name) is None})


def certified_diets(names: Iterable[str], book: IngredientBook) -> list[str]:
    """The diets every name provably satisfies: none at all when a name is unknown to the book."""
    known = [book.flags(name) for name in names]
    if any(flags is None for flags in known):
        return []
    present: set[str] = set().union(*(flags for flags in known if flags is not None))
    return [diet for diet, excluded in DIET_EXCLUDES.items() if not present & excluded]


def diet_problems(names: Iterable[str], diets: Iterable[str], book: IngredientBook, deny: DenyList) -> list[str]:
    """Why a recipe of `names` cannot be labelled with each of `diets`: a known breaking flag, a deny-listed word in
    an unknown name, or an unknown name that nothing proves safe. Empty when every diet holds."""
    problems = []
    unique = sorted(set(names))
    for diet in diets:
        excluded = DIET_EXCLUDES[diet]
        breaking, unproven = [], []
        for name in unique:
            flags = book.flags(name)
            found = (flags if flags is not None else deny.flags(name)) & excluded
            if found:
                breaking.append(f"{name} ({', '.join(sorted(found))})")
            elif flags is None:
                unproven.append(name)
        if breaking:
            problems.append(f"diet {diet} rules out {', '.join(breaking)}")
        if unproven:
            problems.append(
                f"diet {diet} cannot be confirmed for {', '.join(unproven)} (not in our ingredient book):"
                " use a plain grocery name we know, or leave it out"
            )
    return problems
