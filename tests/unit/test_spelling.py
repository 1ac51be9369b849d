"""The speller: a misspelt word becomes the one known word of its first letter at least 0.9 similar (difflib's ratio),
never a guess below that, for a tie, for a short or non-alphabetic word, a known word or the plural of one."""

from __future__ import annotations

import pytest

from aichef.ingredients import IngredientBook
from aichef.spelling import Speller

KNOWN = ["garlic", "spinach", "cheese", "zucchini", "chicken", "tomato", "tomatoes", "mozzarella", "cauliflower"]


@pytest.mark.parametrize(
    ("word", "known"),
    [
        ("garlick", "garlic"),  # 0.923
        ("spinnach", "spinach"),  # 0.933
        ("chese", "cheese"),  # 0.909
        ("zuchini", "zucchini"),  # 0.933
        ("chiken", "chicken"),  # 0.923
        ("mozzarelle", "mozzarella"),  # exactly 0.9 (one letter of ten changed) is close enough
        ("cauflower", "cauliflower"),  # exactly 0.9 again, two letters of eleven missing
        ("tomatoe", "tomatoes"),  # 0.933 beats tomato's 0.923: the closest word wins
    ],
)
def test_a_misspelt_word_becomes_the_closest_known_word(word: str, known: str) -> None:
    assert Speller(KNOWN).correct(word) == known


@pytest.mark.parametrize(
    "word",
    [
        "garlic",  # known already
        "zucchini2",  # 0.94 to zucchini, but not a word of letters only
        "mozzarel",  # 0.889: under 0.9, nothing is guessed
        "cauliflowers",  # the plural of a known word is not misspelt
        "kale",  # no known word starts with k
        "arlic",  # a misspelling keeps its first letter: garlic is not tried
        "pea",  # under four letters
    ],
)
def test_nothing_is_guessed_for_a_word_that_is_not_a_close_misspelling(word: str) -> None:
    assert Speller(KNOWN).correct(word) is None


@pytest.mark.parametrize(
    ("word", "known"),
    [
        ("chikcen", "chicken"),  # 0.857 by the ratio: one swap of neighbours
        ("hcicken", "chicken"),  # the first two letters swapped: the first-letter rule does not apply to a swap
        ("garlci", "garlic"),  # the last two letters swapped
        ("tomtao", "tomato"),
    ],
)
def test_two_neighbouring_letters_swapped_are_one_slip(word: str, known: str) -> None:
    assert Speller(KNOWN).correct(word) == known


def test_a_swap_that_reaches_two_known_words_is_a_tie_and_nothing_is_guessed() -> None:
    assert Speller(["cloth", "colht"]).correct("colth") is None  # colht and cloth are both one swap away
    assert Speller(["cloth"]).correct("colth") == "cloth"
    assert Speller(["chicken"]).correct("cihkcen") is None  # two swaps are not one slip (0.714)


@pytest.mark.parametrize(
    ("word", "known"),
    [
        ("게란", "계란"),  # ㅔ for ㅖ
        ("양퍄", "양파"),  # ㅑ for ㅏ
        ("스펨", "스팸"),  # ㅔ for ㅐ
        ("돼지고기", "돼지고기"),  # known: left alone (None)
        ("됴부", None),  # ㅛ for ㅜ is no slip a typist makes: nothing is guessed (None)
        ("대지고기", None),  # ㅐ for ㅙ is not one either
        ("겨란", None),  # ㅕ for ㅖ: no
        ("게", None),  # one syllable: too short to guess
        ("샐러드", None),  # no known word one slip away
    ],
)
def test_a_korean_word_is_corrected_only_by_a_vowel_slip_to_one_known_word(word: str, known: str | None) -> None:
    speller = Speller(["계란", "양파", "스팸", "돼지고기", "두부", "게맛살", "ab"])
    assert speller.correct(word) == (None if known == word else known)


@pytest.mark.parametrize(
    ("word", "known"),
    [
        ("돼기고기", "돼지고기"),  # ㄱ for ㅈ, a first consonant
        ("머드터드", "머스터드"),  # ㄷ for ㅅ
        ("딸기쨈", "딸기잼"),  # ㅉ for ㅈ
        ("닭가슴삿", "닭가슴살"),  # ㅅ for ㄹ, a final consonant
        ("닭가스살", None),  # a final dropped is no swap: nothing is guessed
        ("돼짇고기", None),  # nor a final added
        ("바다나", "바나나"),  # ㄷ for ㄴ before the vowel ㅏ
        ("도부", None),  # two syllables: too short for a consonant slip
        ("머드터트", None),  # two consonants slipped
    ],
)
def test_a_korean_word_of_three_syllables_is_corrected_by_one_consonant_slip_to_one_known_word(
    word: str, known: str | None
) -> None:
    speller = Speller(["돼지고기", "머스터드", "딸기잼", "닭가슴살", "두부", "바나나"])
    assert speller.correct(word) == known


def test_a_vowel_slip_wins_over_consonant_slips_and_a_final_may_become_any_other_final() -> None:
    assert Speller(["계란말이"]).correct("게란말이") == "계란말이"  # a vowel slip of a long word is not looked past
    assert Speller(["칼국수"]).correct("칼굽수") == "칼국수"  # ㅂ for ㄱ, the first final
    assert Speller(["개나리"]).correct("각나리") is None  # 각 to 개 changes a vowel and drops a final: two slips


def test_a_consonant_slip_that_reaches_two_known_words_is_a_tie() -> None:
    assert Speller(["돼지고기", "돼기고치"]).correct("돼기고기") is None  # 기 to 지 or 기 to 치: one slip each
    assert Speller(["가나다", "가나라"]).correct("가나마") is None


def test_a_vowel_slip_that_reaches_two_known_words_is_a_tie() -> None:
    assert Speller(["개란", "계란"]).correct("게란") is None  # both one slip away
    assert Speller(["개란"]).correct("게란") == "개란"


def test_two_known_words_equally_close_are_a_tie_and_nothing_is_guessed() -> None:
    assert Speller(["sardine", "sardina"]).correct("sardin") is None  # 0.923 to each
    assert Speller(["sardine"]).correct("sardin") == "sardine"


def test_the_plural_of_a_four_letter_word_is_left_alone() -> None:
    # "pears" is 0.909 to "pearls"; "pear" (four letters, the shortest known word) makes it a plural, not a typo
    assert Speller(["pear", "pearls"]).correct("pears") is None
    assert Speller(["pearls"]).correct("pears") == "pearls"


def test_the_known_words_are_the_alphabetic_ones_of_four_letters_or_more_sorted_once_each() -> None:
    speller = Speller(["pea", "leek", "garlic", "7up", "t-bone", "leek", "black pepper", "Garlic"])

    assert sorted(speller._known) == ["Garlic", "garlic", "leek"]


def test_a_book_reports_the_word_it_corrected() -> None:
    book = IngredientBook.from_csv("name,name_ko,aliases,contains,density_g_per_ml,grams_per_piece\ngarlic,마늘,,,,5\n")

    parsed = book.parse("2 cloves garlick")

    assert (parsed.name, parsed.known, parsed.corrected, parsed.quantity, parsed.unit) == (
        "garlic",
        True,
        "garlick",
        2.0,
        "clove",
    )


def test_threads_correcting_at_once_get_what_one_thread_gets() -> None:
    """The local runner answers a Parallel state's branches on threads of one process that share the book's speller:
    each correction uses its own matcher, so words corrected at the same moment come out as they do one at a time."""
    import sys
    from concurrent.futures import ThreadPoolExecutor

    from aichef.ingredients import bundled_book

    words = ["chiken", "garlick", "spinnach", "zuchini", "brocolli", "tomatoe", "oinon", "carots"] * 25
    alone = {word: bundled_book().correct(word) for word in set(words)}
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads switch between almost every bytecode, as under load
    try:
        for _ in range(5):
            fresh = IngredientBook.from_parts(bundled_book().to_parts())
            with ThreadPoolExecutor(max_workers=8) as pool:
                together = list(pool.map(fresh.correct, words))
            assert together == [alone[word] for word in words]
    finally:
        sys.setswitchinterval(interval)
    assert alone["chiken"] == "chicken" and alone["garlick"] == "garlic"
