"""The answer's language end to end through the real state machine (both workflow types): a Korean request answers
in Korean (title, steps, a label on every line a cook reads, causes), an English request with one Korean word
answers in English, and every cause a cook can meet exists in both languages (the error name stays English)."""

from __future__ import annotations

import inspect
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from aichef.contracts import WorkflowOutput
from aichef.language import hangul_share
from aichef.pricing import CatalogPriceSource

ROOT = Path(__file__).resolve().parents[2]
AICHEF = Path(sys.executable).parent / "aichef"
FRIED_RICE = ["eggs", "kimchi", "cooked rice"]  # the catalog's kimchi fried rice, which buys sesame oil in a bottle


def is_hangul(text: str) -> bool:
    return hangul_share(text) == 1.0


def test_a_korean_request_answers_in_korean_with_a_label_on_every_line(run_one, korean_request):
    result = run_one(korean_request)

    assert result.status == "SUCCEEDED", result.cause
    output = WorkflowOutput.model_validate(result.output)
    recipe, pricing = output.recipe, output.pricing
    assert (recipe.language, recipe.title) == ("ko", "돼지고기 김치볶음밥")
    assert recipe.steps[0] == "가지고 있는 쌀을 먼저 짓는다: 이 요리에는 밥 400g이 필요하다."
    assert all(hangul_share(step) >= 0.6 for step in recipe.steps), recipe.steps  # the engine's measured floor
    assert [(line.name, line.label) for line in recipe.ingredients[:3]] == [
        ("pork belly", "삼겹살"),
        ("kimchi", "김치"),
        ("cooked rice", "밥"),
    ]
    every_line = [*recipe.ingredients, *pricing.lines, *pricing.to_buy]
    assert all(line.label and is_hangul(line.label) for line in every_line), every_line
    assert [(line.label, line.pack.name if line.pack else None) for line in pricing.to_buy] == [
        ("고춧가루", "봉지"),
        ("간장", "병"),
        ("참기름", "병"),
    ]


def test_a_korean_answer_labels_what_has_no_price_and_says_why_in_korean(run_one, monkeypatch):
    hide(monkeypatch, "sesame oil")

    result = run_one({"ingredients": ["계란", "김치", "밥"]})

    assert result.status == "SUCCEEDED", result.cause
    assert [(line["label"], line["reason"]) for line in result.output["pricing"]["unpriced"]] == [
        ("참기름", "가격을 아는 곳이 없습니다")
    ]


def test_a_korean_answer_labels_what_the_diet_left_out_and_says_why_in_korean(run_one):
    result = run_one({"ingredients": ["삼겹살", "두부", "김치"], "diet": ["vegetarian"]})

    assert result.status == "SUCCEEDED", result.cause
    recipe = result.output["recipe"]
    assert (recipe["language"], recipe["title"]) == ("ko", "부추 양념장 두부구이")
    assert [(item["name"], item["label"], item["reason"]) for item in recipe["left_out"]] == [
        ("pork belly", "삼겹살", "채식: 육류 제외"),
        ("kimchi", "김치", "채식: 생선, 조개·갑각류 제외"),
    ]


def test_an_english_request_with_one_korean_word_answers_in_english(run_one):
    result = run_one({"ingredients": ["eggs", "cooked rice", "대파"]})

    assert result.status == "SUCCEEDED", result.cause
    recipe = result.output["recipe"]
    assert recipe["language"] == "en"
    assert "green onion" in recipe["matched"]  # the Korean word was understood, and named in English
    assert hangul_share(recipe["title"]) == 0.0
    assert [step for step in recipe["steps"] if hangul_share(step) > 0] == []
    lines = [*recipe["ingredients"], *result.output["pricing"]["lines"], *result.output["pricing"]["to_buy"]]
    assert all(line["label"] == line["name"] for line in lines)


CAUSES = [
    (
        {"ingredients": ["blorptangle", "xyzzy"]},
        "none of these were understood: blorptangle, xyzzy",
    ),
    (
        {"ingredients": ["블롭탱글", "크세르크세스"]},
        "알아들은 재료가 없습니다: 블롭탱글, 크세르크세스",
    ),
    (
        {"ingredients": ["salt", "water", "soy sauce"]},
        "nothing here makes a main dish: salt, water, soy sauce is not enough. The closest is Ganjang Butter-bap"
        " (Butter and Soy Sauce Rice), which would need cooked rice, butter",  # its laver and sesame are optional
    ),
    (
        {"ingredients": ["소금", "물", "간장"]},
        "이 재료(소금, 물, 간장)로는 메인 요리를 만들기 어렵습니다. 가장 가까운 요리는 간장버터밥이고, 밥, 버터가 더"
        " 필요합니다",
    ),
    (
        {"ingredients": ["pork belly"], "diet": ["vegan"]},
        "44 catalog recipes use pork belly but none of the 44 left satisfies diet vegan. The closest is"
        " Danhobak-juk (Sweet Kabocha Porridge), which would need kabocha squash, glutinous rice flour",
    ),
    (
        {"ingredients": ["삼겹살"], "diet": ["vegan"]},
        "삼겹살을 쓰는 요리 44가지 중 비건 식단 조건에 맞는 요리가 없습니다. 가장 가까운 요리는 단호박죽이고,"
        " 단호박, 찹쌀가루가 더 필요합니다",
    ),
    (
        {"ingredients": ["tofu", "kimchi"], "cuisine": "martian"},
        "the catalog has no martian recipes; its cuisines are: american, brazilian, british, chinese, filipino,"
        " french, greek, indian, irish, italian, jamaican, japanese, korean, mexican, middle-eastern, nigerian,"
        " peruvian, polish, russian, spanish, tex-mex, thai, turkish, ukrainian, vietnamese",
    ),
    (
        {"ingredients": ["두부", "김치"], "cuisine": "화성"},
        "카탈로그에 화성 요리가 없습니다. 있는 요리: 미국 요리, 브라질 요리, 영국 요리, 중식, 필리핀 요리,"
        " 프랑스 요리, 그리스 요리, 인도 요리, 아일랜드 요리, 이탈리아 요리, 자메이카 요리, 일식, 한식, 멕시코 요리,"
        " 중동 요리, 나이지리아 요리, 페루 요리, 폴란드 요리, 러시아 요리, 스페인 요리, 텍스멕스 요리, 태국 요리,"
        " 튀르키예 요리, 우크라이나 요리, 베트남 요리",
    ),
    (
        {"ingredients": ["blorptangle"], "language": "ko"},  # the request's language, not the words', decides
        "알아들은 재료가 없습니다: blorptangle",
    ),
]


@pytest.mark.parametrize(
    ("request_body", "cause"),
    CAUSES,
    ids=[
        "none-understood-en",
        "none-understood-ko",
        "nothing-fits-en",
        "nothing-fits-ko",
        "diet-en",
        "diet-ko",
        "cuisine-en",
        "cuisine-ko",
        "language-ko",
    ],
)
def test_each_cause_a_cook_meets_is_in_the_requests_language(run_one, request_body, cause):
    result = run_one(request_body)

    assert (result.status, result.error) == ("FAILED", "RecipeGenerationFailed")
    assert result.cause == cause
    assert result.record["cause"] == cause


def hide(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """The bundled price list without `name` (as a list that does not know it)."""
    lookup = CatalogPriceSource.lookup
    monkeypatch.setattr(
        CatalogPriceSource,
        "lookup",
        lambda self, names, currency: lookup(self, [n for n in names if n != name], currency),
    )


def quote_as(monkeypatch: pytest.MonkeyPatch, name: str, **changes: Any) -> None:
    """The bundled price list, with the quote of `name` changed (another currency, another unit)."""
    lookup = CatalogPriceSource.lookup

    def changed(self: CatalogPriceSource, names: list[str], currency: str) -> dict[str, Any]:
        quotes = lookup(self, names, currency)  # type: ignore[arg-type]
        return {key: quote.model_copy(update=changes) if key == name else quote for key, quote in quotes.items()}

    monkeypatch.setattr(CatalogPriceSource, "lookup", changed)


@pytest.fixture
def unasked(workflow: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The price function's report leaves sesame oil out altogether (no quote and no null): nothing fetched it."""
    handler_globals = inspect.unwrap(workflow.lambdas.handlers["ai-chef-price"]).__globals__
    price_names = handler_globals["price_names"]

    def without(*args: Any, **kwargs: Any) -> Any:
        report = price_names(*args, **kwargs)
        return report.model_copy(update={"quotes": {k: v for k, v in report.quotes.items() if k != "sesame oil"}})

    monkeypatch.setitem(handler_globals, "price_names", without)
    yield


@pytest.mark.parametrize(
    ("language", "reason"),
    [("en", "no price source knows this ingredient"), ("ko", "가격을 아는 곳이 없습니다")],
)
def test_an_unknown_price_is_said_in_the_requests_language(run_one, monkeypatch, language, reason):
    hide(monkeypatch, "sesame oil")

    assert unpriced(run_one({"ingredients": FRIED_RICE, "language": language})) == [("sesame oil", reason)]


@pytest.mark.parametrize(
    ("language", "reason"),
    [("en", "quote is in USD, not KRW"), ("ko", "가격이 KRW가 아닌 USD로만 있습니다")],
)
def test_a_quote_in_another_currency_is_said_in_the_requests_language(run_one, monkeypatch, language, reason):
    quote_as(monkeypatch, "sesame oil", currency="USD")

    assert unpriced(run_one({"ingredients": FRIED_RICE, "language": language})) == [("sesame oil", reason)]


@pytest.mark.parametrize(
    ("language", "reason"),
    [
        ("en", "priced per ea but the recipe uses g and no piece weight is known"),
        ("ko", "가격은 개 단위인데 레시피는 g 단위이고, 개당 무게를 모릅니다"),  # was "ea 단위"
    ],
)
def test_a_quote_that_cannot_be_converted_is_said_in_the_requests_language(run_one, monkeypatch, language, reason):
    quote_as(monkeypatch, "kimchi", per="ea")

    assert unpriced(run_one({"ingredients": FRIED_RICE, "language": language})) == [("kimchi", reason)]


@pytest.mark.parametrize(
    ("language", "reason"), [("en", "no quote was fetched"), ("ko", "가격을 아직 찾지 않았습니다")]
)
def test_a_line_nothing_fetched_is_said_in_the_requests_language(run_one, unasked, language, reason):
    assert unpriced(run_one({"ingredients": FRIED_RICE, "language": language})) == [("sesame oil", reason)]


def unpriced(result: Any) -> list[tuple[str, str]]:
    assert result.status == "SUCCEEDED", result.cause
    return [(line["name"], line["reason"]) for line in result.output["pricing"]["unpriced"]]


def test_aichef_run_prints_a_korean_answer_under_korean_headings(tmp_path):
    request = json.loads((ROOT / "events" / "workflow-request.json").read_text("utf-8"))
    ingredients = ", ".join([*request["ingredients"], "블롭탱글"])

    completed = subprocess.run(
        [str(AICHEF), "run", "--ingredients", ingredients, "--logs", str(tmp_path / "run.log")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )

    assert completed.returncode == 0, completed.stderr
    lines = completed.stdout.splitlines()
    assert lines[0].startswith("━━ 돼지고기 김치볶음밥 (한식) ━━  요청 ")
    for heading in ("재료", "만드는 법", "가격 (KRW)"):
        assert heading in lines
    assert "  삼겹살    150g" in lines
    assert "  1. 가지고 있는 쌀을 먼저 짓는다: 이 요리에는 밥 400g이 필요하다." in lines
    assert "  삼겹살     150g  ₩28,000/kg  ₩4,200  기본 가격표" in lines
    assert "장보기 목록: ₩33,100" in lines
    assert "  간장      1병 (15ml 필요, 485ml 남음)   ₩3,500" in lines
    assert "이해하지 못한 말: 블롭탱글" in lines
    answer = "\n".join(lines[: lines.index("이해하지 못한 말: 블롭탱글") + 1])
    # no English word in the answer (units g, ml, cm aside) but the currency, the engine, the source id, the request id
    request_id = lines[0].rsplit(" ", 1)[-1]
    assert set(re.findall(r"[A-Za-z][A-Za-z0-9-]{2,}", answer)) == {
        "KRW",
        "catalog",
        "dwaeji-kimchi-bokkeumbap",
        request_id,
    }
