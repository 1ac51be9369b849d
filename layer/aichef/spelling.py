"""Misspelt words of ingredient names ("garlick", "spinnach", "chiken"), corrected only when one known word is close.

Uses rapidfuzz (a maintained C++ implementation of edit distances) instead of a hand-written one; it is imported only
when a word is not known, so a request the book reads whole never pays its import. A correction needs a similarity
of at least `MIN_SCORE` (rapidfuzz's normalised Indel ratio, 0-100) to the nearest known word, at least 4 letters, and
no second known word as close: below that nothing is guessed. The threshold is measured on real lines
(`tests/eval/test_real_lines.py`): see the README's "Ingredient book".
"""

from __future__ import annotations

from collections.abc import Iterable

from aichef.name_rules import singular_forms

MIN_SCORE = 90.0
MIN_LENGTH = 4


class Speller:
    """Corrects one word against the words of the book's names."""

    def __init__(self, known_words: Iterable[str]) -> None:
        self.words = sorted({word for word in known_words if len(word) >= MIN_LENGTH and word.isalpha()})
        self._known = frozenset(self.words)
        # A misspelling keeps its first letter ("chiken", "garlick", "spinnach"): compare only words starting alike.
        self._by_first: dict[str, list[str]] = {}
        for word in self.words:
            self._by_first.setdefault(word[0], []).append(word)

    def correct(self, word: str) -> str | None:
        """The one known word close enough to `word`, or None (known words, short words and ties are left alone)."""
        if len(word) < MIN_LENGTH or not word.isalpha() or word in self._known:
            return None
        if any(form in self._known for form in singular_forms(word)):
            return None  # a plural of a known word is not misspelt
        from rapidfuzz import fuzz, process

        best = process.extract(
            word, self._by_first.get(word[0], []), scorer=fuzz.ratio, limit=2, score_cutoff=MIN_SCORE
        )
        if not best or (len(best) > 1 and best[1][1] == best[0][1]):
            return None
        return str(best[0][0])
