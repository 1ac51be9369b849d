"""The per-diet deny-list (data/diet_words.csv): every flag has English and Korean words, and they name what an
unknown line probably contains."""

from __future__ import annotations

import pytest

from aichef.diet_words import DenyList, bundled_deny_list, certified_diets
from aichef.ingredients import FLAGS, bundled_book


def test_every_diet_flag_has_english_and_korean_words() -> None:
    deny = bundled_deny_list()

    assert set(deny.words) == FLAGS
    for flag, words in deny.words.items():
        assert any(word.isascii() for word in words), flag
        assert any(not word.isascii() for word in words), flag
        assert len(words) == len(set(words)), flag


@pytest.mark.parametrize(
    ("name", "flags"),
    [
        ("fish stock", {"fish"}),
        ("bonito flakes", {"fish"}),
        ("salted shrimp paste", {"shellfish"}),
        ("egg yolk", {"egg"}),
        ("beef brisket", {"meat"}),
        ("돼지고기 육수", {"meat"}),
        ("새우젓", {"shellfish"}),
        ("peanut butter", {"nut", "dairy"}),  # a deny-list errs on the unsafe side
        ("kimchi juice", set()),
        ("nutmeg", set()),  # whole words only: nutmeg is not a nut
        ("hamburger bun", set()),  # nor is a hamburger bun ham
    ],
)
def test_deny_list_words_match_whole_english_words_and_any_part_of_korean(name: str, flags: set[str]) -> None:
    assert bundled_deny_list().flags(name) == frozenset(flags)


def test_a_flag_that_is_not_a_diet_flag_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="'spicy' is not a diet flag"):
        DenyList.from_csv("flag,words\nspicy,chili\n")


def test_certification_needs_every_name_known_to_the_book() -> None:
    book = bundled_book()

    every = ["vegan", "vegetarian", "pescatarian", "gluten-free", "dairy-free", "nut-free"]

    assert certified_diets(["tofu", "garlic"], book) == every
    assert certified_diets(["tofu", "kimchi juice"], book) == []
