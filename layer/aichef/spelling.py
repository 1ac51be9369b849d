"""Misspelt words of ingredient names ("garlick", "spinnach", "chiken"), corrected only when one known word is close.

Uses the standard library's difflib (its SequenceMatcher ratio, 2·M/T over matching blocks, the measure rapidfuzz
calls the normalised Indel similarity) rather than a hand-written edit distance. rapidfuzz was tried first: its
arm64 wheel adds 1.33 MiB zipped to the layer, taking function plus layer to 5.06 MiB, over the 5 MB budget, for a
corrector that runs only on words the book does not know (docs/data.md, "Misspellings").

A correction needs a similarity of at least `MIN_SCORE` to the nearest known word of the same first letter (a
misspelling keeps its first letter: chiken, garlick, spinnach, zuchini), at least `MIN_LENGTH` letters, and no
second known word as close: below that nothing is guessed. The threshold is measured on real lines
(`tests/eval/test_real_lines.py`).
"""

from __future__ import annotations

from collections.abc import Iterable
from difflib import SequenceMatcher

from aichef.name_rules import singular_forms

MIN_SCORE = 0.9
MIN_LENGTH = 4


class Speller:
    """Corrects one word against the words of the book's names."""

    def __init__(self, known_words: Iterable[str]) -> None:
        self.words = sorted({word for word in known_words if len(word) >= MIN_LENGTH and word.isalpha()})
        self._known = frozenset(self.words)
        self._by_first: dict[str, list[str]] = {}
        for word in self.words:
            self._by_first.setdefault(word[0], []).append(word)

    def correct(self, word: str) -> str | None:
        """The one known word close enough to `word`, or None (known words, short words and ties are left alone)."""
        if len(word) < MIN_LENGTH or not word.isalpha() or word in self._known:
            return None
        if any(form in self._known for form in singular_forms(word)):
            return None  # a plural of a known word is not misspelt
        matcher = SequenceMatcher(b=word, autojunk=False)
        scored = []
        for candidate in self._by_first.get(word[0], []):
            matcher.set_seq1(candidate)
            if matcher.real_quick_ratio() >= MIN_SCORE and matcher.quick_ratio() >= MIN_SCORE:
                score = matcher.ratio()
                if score >= MIN_SCORE:
                    scored.append((score, candidate))
        scored.sort(reverse=True)
        if not scored or (len(scored) > 1 and scored[1][0] == scored[0][0]):
            return None
        return scored[0][1]
