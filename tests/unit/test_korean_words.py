"""A Korean answer reads as a Korean cook writes: mixed numbers (1과 1/2큰술), diets and cuisines by their Korean
names in every cause, a diet's reason for leaving a food out in Korean, and a cuisine asked for in Korean."""

from __future__ import annotations

import pytest

from aichef.contracts import parse_request
from aichef.errors import RecipeGenerationFailed
from aichef.ingredients import bundled_book
from aichef.labels import amount_phrase, cuisine_key, cuisine_label, cuisines_of, diet_label
from aichef.messages import diet_rules_out, rule_label, unconvertible, unknown_cuisine
from aichef.recipes import bundled_catalog
from aichef.step_text import format_number, render_step


@pytest.mark.parametrize(
    ("value", "korean", "english"),
    [
        (1.5, "1과 1/2", "1 1/2"),  # 일 ends in a consonant: 과
        (2.25, "2와 1/4", "2 1/4"),  # 이 ends in a vowel: 와
        (3.5, "3과 1/2", "3 1/2"),
        (4.75, "4와 3/4", "4 3/4"),
        (10.5, "10과 1/2", "10 1/2"),
        (0.5, "1/2", "1/2"),
        (2.0, "2", "2"),
        (0.7, "0.7", "0.7"),
    ],
)
def test_a_mixed_number_is_written_as_korean_reads_it(value: float, korean: str, english: str) -> None:
    assert (format_number(value, "ko"), format_number(value)) == (korean, english)


def test_korean_steps_and_lines_write_mixed_numbers_with_their_particle() -> None:
    book = bundled_book()

    def text(placeholder: object) -> str:
        return amount_phrase("vegetable oil", 0.5, "tbsp", "ko", book)

    assert amount_phrase("garlic", 1.5, "ea", "ko", book) == "마늘 1과 1/2쪽"
    assert amount_phrase("garlic", 1.5, "ea", "en", book) == "1 1/2 cloves garlic"
    assert render_step("팬에 {vegetable oil}{을} 두른다.", text, 2) == "팬에 식용유 1과 1/2작은술을 두른다."


def test_diets_and_cuisines_have_korean_names_and_keep_their_own_in_english() -> None:
    assert [diet_label(diet, "ko") for diet in ("vegan", "gluten-free", "pescatarian")] == [
        "비건",
        "글루텐 없음",
        "페스코 채식",
    ]
    assert [cuisine_label(cuisine, "ko") for cuisine in ("korean", "japanese", "italian", "tex-mex", "martian")] == [
        "한식",
        "일식",
        "이탈리아 요리",
        "텍스멕스 요리",
        "martian",
    ]
    assert (diet_label("vegan", "en"), cuisine_label("korean", "en")) == ("vegan", "korean")


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("한식", "korean"),
        ("한국", "korean"),
        ("한국 요리", "korean"),
        ("중식", "chinese"),
        ("이탈리아요리", "italian"),
        ("이탈리아 음식", "italian"),
        ("멕시코", "mexican"),
        ("korean", "korean"),
        ("지중해 요리", "mediterranean"),
        ("아시아 음식", "asian"),
        ("Middle Eastern", "middle-eastern"),
        ("Latin  American", "latin-american"),
        ("페루 요리", "peruvian"),
        ("튀르키예 음식", "turkish"),
        ("터키 요리", "turkish"),  # Turkey's former Korean name, still the one most cooks say
        ("아프리카 요리", "african"),
        ("화성", "화성"),  # unknown: left as written, for the cause to name
    ],
)
def test_a_cuisine_written_in_korean_is_the_catalogs(text: str, key: str) -> None:
    assert cuisine_key(text) == key


def test_a_region_takes_each_of_its_cuisines_and_a_cuisine_only_itself() -> None:
    assert cuisines_of("mediterranean") == {"greek", "italian", "middle-eastern", "spanish", "turkish"}
    assert len(cuisines_of("asian")) == 7 and "korean" in cuisines_of("asian")
    assert cuisines_of("thai") == {"thai"} and cuisines_of("peruvian") == {"peruvian"}
    assert cuisines_of("latin-american") == {"brazilian", "jamaican", "mexican", "peruvian", "tex-mex"}
    assert cuisines_of("colombian") == cuisines_of("latin-american")  # a country the catalog lacks: its region
    assert cuisines_of("ghanaian") == cuisines_of("african") == {"nigerian"}
    assert cuisines_of("malaysian") == cuisines_of("asian") and cuisines_of("nordic") == {"nordic"}
    assert cuisine_label("african", "ko") == "아프리카 요리" and cuisine_label("turkish", "ko") == "튀르키예 요리"
    assert cuisine_label("mediterranean", "ko") == "지중해 요리"
    assert cuisine_label("mediterranean", "en") == "mediterranean"


def test_the_catalog_answers_a_region_with_one_of_its_cuisines() -> None:
    catalog = bundled_catalog()
    request = {"ingredients": ["chicken thigh", "lemon", "greek yogurt", "garlic", "cucumber", "pita"]}

    mediterranean = catalog.generate(parse_request(request | {"cuisine": "Mediterranean"}))
    korean = catalog.generate(parse_request({"ingredients": ["두부", "김치"], "cuisine": "아시아 요리"}))

    assert mediterranean.cuisine in cuisines_of("mediterranean")
    assert "chicken thigh" in mediterranean.matched
    assert korean.cuisine in cuisines_of("asian")
    with pytest.raises(RecipeGenerationFailed, match="the catalog has no nordic recipes"):
        catalog.generate(parse_request(request | {"cuisine": "nordic"}))


def test_a_country_with_recipes_takes_its_own_and_its_region_takes_them_too() -> None:
    catalog = bundled_catalog()
    beef = {"ingredients": ["beef sirloin", "potato", "red onion", "tomato", "soy sauce"]}
    rice = {"ingredients": ["rice", "canned tomato", "bell pepper", "onion", "habanero"]}

    assert catalog.generate(parse_request(beef | {"cuisine": "Peruvian"})).cuisine == "peruvian"
    assert catalog.generate(parse_request(beef | {"cuisine": "중남미 요리"})).cuisine == "peruvian"
    assert catalog.generate(parse_request(rice | {"cuisine": "나이지리아 요리"})).cuisine == "nigerian"
    assert catalog.generate(parse_request(rice | {"cuisine": "ghanaian"})).cuisine == "nigerian"  # West Africa


def test_the_rules_a_cause_names_are_korean_in_a_korean_answer() -> None:
    assert rule_label("diet", "vegan", "ko") == "비건 식단"
    assert rule_label("diet", "vegan, gluten-free", "ko") == "비건, 글루텐 없음 식단"
    assert rule_label("cuisine", "italian", "ko") == "이탈리아 요리"
    assert rule_label("max_minutes", "5", "ko") == "조리 시간 5분 이내"
    assert rule_label("course", "side", "ko") == "코스 반찬"
    assert rule_label("diet", "vegan", "en") == "diet vegan"


def test_a_diet_says_in_korean_what_it_leaves_out() -> None:
    assert diet_rules_out("vegetarian", ["fish", "shellfish"], "ko") == "채식: 생선, 조개·갑각류 제외"
    assert diet_rules_out("vegetarian", ["fish", "shellfish"], "en") == "vegetarian rules out fish, shellfish"


def test_a_unit_a_korean_cause_names_is_written_as_the_korean_view_writes_it() -> None:
    assert (
        unconvertible("ea", "g", ["piece weight"], "ko")
        == "가격은 개 단위인데 레시피는 g 단위이고, 개당 무게를 모릅니다"
    )
    assert unconvertible("l", "ea", ["density", "piece weight"], "ko") == (
        "가격은 L 단위인데 레시피는 개 단위이고, 밀도 또는 개당 무게를 모릅니다"
    )


def test_an_unknown_cuisine_lists_the_catalogs_in_korean() -> None:
    assert unknown_cuisine("화성", ["italian", "korean", "middle-eastern"], "ko") == (
        "카탈로그에 화성 요리가 없습니다. 있는 요리: 이탈리아 요리, 한식, 중동 요리"
    )


def test_the_catalog_answers_a_cuisine_asked_for_in_korean() -> None:
    catalog = bundled_catalog()

    korean = catalog.generate(parse_request({"ingredients": ["두부", "김치"], "cuisine": "한식"}))
    italian = catalog.generate(parse_request({"ingredients": ["스파게티", "마늘", "올리브유"], "cuisine": "이탈리아"}))

    assert (korean.cuisine, korean.language) == ("korean", "ko")
    assert (italian.cuisine, italian.title) == ("italian", "알리오 올리오")


def test_a_korean_cause_names_the_diet_in_korean_and_a_korean_left_out_line_says_why_in_korean() -> None:
    catalog = bundled_catalog()

    with pytest.raises(RecipeGenerationFailed) as vegan:
        catalog.generate(parse_request({"ingredients": ["삼겹살"], "diet": ["vegan"]}))
    vegetarian = catalog.generate(parse_request({"ingredients": ["삼겹살", "두부", "김치"], "diet": ["vegetarian"]}))

    assert vegan.value.message.startswith("삼겹살을 쓰는 요리 44가지 중 비건 식단 조건에 맞는 요리가 없습니다.")
    assert [(item.label, item.reason) for item in vegetarian.left_out] == [
        ("삼겹살", "채식: 육류 제외"),
        ("김치", "채식: 생선, 조개·갑각류 제외"),
    ]
