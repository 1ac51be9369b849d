"""Misspelt words of ingredient names ("garlick", "spinnach", "chiken"), corrected only when one known word is close.

Uses the standard library's difflib (its SequenceMatcher ratio, 2·M/T over matching blocks, the measure rapidfuzz
calls the normalised Indel similarity) rather than a hand-written edit distance. rapidfuzz was tried first: its
arm64 wheel adds 1.33 MiB zipped to the layer, taking function plus layer to 5.06 MiB, over the 5 MB budget, for a
corrector that runs only on words the book does not know (docs/data.md, "Misspellings").

Two neighbouring letters typed in the wrong order ("chikcen", "onoin") are one slip of the fingers, though the ratio
counts it as two edits (0.857 for a word of seven letters): a word that becomes one known word by swapping two
neighbouring letters is that word. A Korean word (two syllables or more) is first tried with the vowel slips a
Korean typist makes, one syllable at a time (게란 -> 계란, 양퍄 -> 양파, 스펨 -> 스팸), to one known word; a word of
three syllables or more, then with one consonant swapped, a syllable's first or final one (돼기고기 -> 돼지고기,
머드터드 -> 머스터드), to one known word: on the 3,120 real lines it corrects 3 words on 5 lines, none wrongly.
Otherwise a correction needs a similarity of at least `MIN_SCORE` to the nearest known word of the same first letter
(a misspelling keeps its first letter: chiken, garlick, spinnach, zuchini), at least `MIN_LENGTH` letters, and no
second known word as close: below that nothing is guessed. The threshold is measured on real lines
(`tests/eval/test_real_lines.py`).

Only known words that can reach the threshold are compared: of a length that can (the ratio is at most
2·min(m, n)/(m + n)) and holding enough of the word's letters (a letter of the word the known word lacks is a
character that cannot match). Each word is corrected once per book, and difflib is imported at the first word to
correct: a cold start whose words are all known never loads it.
"""

from __future__ import annotations

from collections.abc import Iterable

from aichef.name_rules import is_hangul, singular_forms

MIN_SCORE = 0.9
MIN_LENGTH = 4
MIN_CONSONANT_SYLLABLES = 3
_REMEMBERED = 20_000


# Vowels a Korean typist confuses (one pronounced like the other, or the same key with or without shift), by their
# index among the 21 medial vowels of a Hangul syllable: ㅏㅑ, ㅓㅕ, ㅗㅛ, ㅜㅠ, ㅐㅔㅒㅖ, ㅙㅞㅚ
_LIKE_VOWELS = ((0, 2), (4, 6), (8, 12), (13, 17), (1, 5, 3, 7), (10, 15, 11))
_VOWEL_SLIPS = {vowel: [other for other in group if other != vowel] for group in _LIKE_VOWELS for vowel in group}


class Speller:
    """Corrects one word against the words of the book's names."""

    def __init__(self, known_words: Iterable[str]) -> None:
        words = set(known_words)
        self._known = frozenset(word for word in words if len(word) >= MIN_LENGTH and word.isalpha())
        self._hangul = frozenset(word for word in words if len(word) >= 2 and is_hangul(word))
        self._by_start: dict[tuple[str, int], list[str]] = {}
        for word in self._known:
            self._by_start.setdefault((word[0], len(word)), []).append(word)
        self._letters: dict[tuple[str, int], list[int]] = {}  # a bucket's letter masks, made at its first use
        self._lengths = sorted({length for _, length in self._by_start})
        self._corrected: dict[str, str | None] = {}

    def correct(self, word: str) -> str | None:
        """The one known word close enough to `word`, or None (known words, short words and ties are left alone)."""
        if len(word) >= 2 and is_hangul(word):
            if word in self._hangul:
                return None
            slipped = _one(_vowel_slipped(word) & self._hangul)
            if slipped is None and len(word) >= MIN_CONSONANT_SYLLABLES:
                slipped = _one(_consonant_slipped(word) & self._hangul)
            if slipped is not None:
                return slipped
        if len(word) < MIN_LENGTH or not word.isalpha() or word in self._known:
            return None
        if any(form in self._known for form in singular_forms(word)):
            return None  # a plural of a known word is not misspelt
        if word not in self._corrected:
            if len(self._corrected) >= _REMEMBERED:
                self._corrected.clear()
            self._corrected[word] = self._nearest(word)
        return self._corrected[word]

    def _nearest(self, word: str) -> str | None:
        swapped = _swapped(word) & self._known
        if swapped:  # two letters typed in the wrong order ("chikcen", "onoin"): one slip, whatever the ratio says
            return _one(swapped)
        from difflib import SequenceMatcher

        # one matcher per call, never shared: the local runner answers a Parallel state's branches on threads of one
        # process, and a matcher both threads set their words into gave either a wrong ratio (seen: a tie, so
        # "chiken" was left unread and that was remembered for the whole process)
        matcher = SequenceMatcher(autojunk=False)
        matcher.set_seq2(word)
        scored = []
        size, letters = len(word), _letters(word)
        for length in self._lengths:  # difflib's real_quick_ratio, the bound on the ratio, by length alone
            if 2.0 * min(size, length) / (size + length) < MIN_SCORE:
                continue
            bucket = (word[0], length)
            candidates = self._by_start.get(bucket, [])
            if bucket not in self._letters:
                self._letters[bucket] = [_letters(candidate) for candidate in candidates]
            for candidate, known in zip(candidates, self._letters[bucket], strict=True):
                # each letter of `word` absent from the candidate leaves at least one character unmatched
                if 2.0 * (size - (letters & ~known).bit_count()) / (size + length) < MIN_SCORE:
                    continue
                matcher.set_seq1(candidate)
                if matcher.quick_ratio() >= MIN_SCORE:
                    score = matcher.ratio()
                    if score >= MIN_SCORE:
                        scored.append((score, candidate))
        scored.sort(reverse=True)
        if not scored or (len(scored) > 1 and scored[1][0] == scored[0][0]):
            return None
        return scored[0][1]


def _letters(word: str) -> int:
    """A bit per letter of `word` (by code point modulo 64: two letters may share a bit, so a bit of one word missing
    from another's is always a letter the other lacks)."""
    mask = 0
    for char in word:
        mask |= 1 << (ord(char) & 63)
    return mask


def _swapped(word: str) -> set[str]:
    """`word` with two neighbouring letters swapped, each way it can be."""
    return {word[:index] + word[index + 1] + word[index] + word[index + 2 :] for index in range(len(word) - 1)}


def _vowel_slipped(word: str) -> set[str]:
    """`word` (Hangul) with the vowel of one syllable swapped for one a typist confuses it with (게란 -> 계란)."""
    found = set()
    for index, char in enumerate(word):
        code = ord(char) - 0xAC00  # a syllable is 0xAC00 + (lead * 21 + vowel) * 28 + tail
        vowel = code // 28 % 21
        for other in _VOWEL_SLIPS.get(vowel, ()):
            syllable = chr(0xAC00 + code + (other - vowel) * 28)
            found.add(word[:index] + syllable + word[index + 1 :])
    return found


def _consonant_slipped(word: str) -> set[str]:
    """`word` (Hangul) with one consonant of one syllable, its first or its final one, swapped for any other
    (돼기고기 -> 돼지고기, 머드터드 -> 머스터드); a final is swapped only for another final, never added or dropped."""
    found: set[str] = set()
    for index, char in enumerate(word):
        code = ord(char) - 0xAC00  # a syllable is 0xAC00 + lead * 588 + vowel * 28 + final
        lead, final = code // 588, code % 28
        others = [code + (other - lead) * 588 for other in range(19) if other != lead]
        others += [code + other - final for other in range(1, 28) if final and other != final]
        found.update(f"{word[:index]}{chr(0xAC00 + other)}{word[index + 1 :]}" for other in others)
    return found


def _one(words: set[str]) -> str | None:
    """The word when there is exactly one, else None (two as close are a tie)."""
    return next(iter(words)) if len(words) == 1 else None
