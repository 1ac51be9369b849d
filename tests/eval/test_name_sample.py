"""The hand-judged name sample (tests/eval/JUDGE-lines.md, "The name sample"): the sample is drawn again from its seed,
the book must still give every line the name that was judged (a new name needs a new verdict), and the verdicts are
counted. The counts asserted are the ones judged; a change moves them on purpose, with the reason in its commit."""

from __future__ import annotations

import csv
from collections import Counter
from functools import cache

import pytest

from aichef.ingredients import bundled_book
from eval.line_judge import NAME_JUDGEMENTS, Row, name_sample, names_given, recognised

# (right, debatable, wrong) per language, of 100 lines each, as judged
JUDGED: dict[str, tuple[int, int, int]] = {"en": (95, 4, 1), "ko": (99, 0, 1)}
VERDICTS = ("right", "debatable", "wrong")


@cache
def judgements() -> tuple[dict[str, str], ...]:
    lines = [line for line in NAME_JUDGEMENTS.read_text("utf-8").splitlines() if not line.startswith("#")]
    return tuple(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


@cache
def sample() -> tuple[Row, ...]:
    book = bundled_book()
    return tuple(name_sample(lambda row: recognised(book.parse(row.text))))


def test_the_sample_drawn_from_its_seed_is_the_judged_one() -> None:
    drawn = [(row.source, row.line_id, row.text) for row in sample()]
    judged = [(item["source"], item["line id"], item["text"]) for item in judgements()]
    new = [line for line in drawn if line not in judged]
    assert new == [], "lines now in the sample (the book recognises them): judge them into name-judgement.tsv"
    assert drawn == judged
    assert Counter(row.source for row in sample()) == {
        **{"en-allrecipes": 38, "en-tastecooking": 32, "en-strangerfoods": 18, "en-requests": 12},
        **{"ko-epis": 49, "ko-mfds": 38, "ko-requests": 13},
    }


def test_the_book_still_gives_every_judged_line_its_judged_name() -> None:
    book = bundled_book()
    changed = [
        (item["text"], item["name given"], names_given(book.parse(item["text"])))
        for item in judgements()
        if names_given(book.parse(item["text"])) != item["name given"]
    ]
    assert changed == [], "a judged name changed: judge the new name (and update the verdict) in name-judgement.tsv"


def test_every_line_has_a_verdict_and_every_line_not_right_a_reason() -> None:
    assert {item["verdict"] for item in judgements()} <= set(VERDICTS)
    assert [item["line id"] for item in judgements() if item["verdict"] != "right" and not item["note"]] == []


@pytest.mark.parametrize("language", list(JUDGED))
def test_names_right_as_judged(language: str) -> None:
    verdicts = Counter(item["verdict"] for item in judgements() if item["source"].startswith(f"{language}-"))
    assert tuple(verdicts[verdict] for verdict in VERDICTS) == JUDGED[language]


def test_the_share_of_names_right() -> None:
    verdicts = Counter(item["verdict"] for item in judgements())
    assert verdicts["right"] / len(judgements()) == 0.97  # 194 of 200; 198 (99 %) counting the debatable ones
    assert (verdicts["right"] + verdicts["debatable"]) / len(judgements()) == 0.99
