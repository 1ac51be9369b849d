"""What a cook reads: an ingredient's name and an amount in the answer's language ("2 cloves garlic", "마늘 2쪽",
"간장 1큰술"), the units as Korean cooks write them (큰술, 작은술, 컵, 개, 모, 단, 포기, 마리, g, ml). Pure."""

from __future__ import annotations

from aichef.ingredients import IngredientBook
from aichef.step_text import format_number

_KOREAN_UNITS = {"tsp": "작은술", "tbsp": "큰술", "cup": "컵", "l": "L", "kg": "kg", "g": "g", "ml": "ml"}
DIETS_KO = {"vegetarian": "채식", "vegan": "비건", "pescatarian": "페스코 채식", "gluten-free": "글루텐 없음",
            "dairy-free": "유제품 없음", "nut-free": "견과류 없음"}  # fmt: skip
# What a diet rules out (the ingredient book's flags), as a Korean cook names it.
FLAGS_KO = {"meat": "육류", "poultry": "가금류", "fish": "생선", "shellfish": "조개·갑각류", "egg": "달걀",
            "dairy": "유제품", "honey": "꿀", "gluten": "글루텐", "nut": "견과류"}  # fmt: skip
# The catalog's cuisines: the country in Korean, and the cuisine's name where Korean has a word of its own.
_CUISINES_KO = {"american": ("미국", ""), "brazilian": ("브라질", ""), "british": ("영국", ""),
                "chinese": ("중국", "중식"), "filipino": ("필리핀", ""), "french": ("프랑스", ""),
                "greek": ("그리스", ""), "indian": ("인도", ""), "irish": ("아일랜드", ""),
                "italian": ("이탈리아", ""), "jamaican": ("자메이카", ""), "japanese": ("일본", "일식"),
                "korean": ("한국", "한식"), "mexican": ("멕시코", ""), "middle-eastern": ("중동", ""),
                "nigerian": ("나이지리아", ""), "peruvian": ("페루", ""), "polish": ("폴란드", ""),
                "russian": ("러시아", ""), "spanish": ("스페인", ""), "tex-mex": ("텍스멕스", ""),
                "thai": ("태국", ""), "turkish": ("튀르키예", ""), "ukrainian": ("우크라이나", ""),
                "vietnamese": ("베트남", "")}  # fmt: skip
CATALOG_CUISINES = frozenset(_CUISINES_KO)
"""The catalog's cuisines: every one has its Korean name here, and a recipe's `cuisine` and `also_cuisines` name one."""
# Other Korean names of a country the catalog has (Turkey's former name is still what most cooks say).
_COUNTRIES_KO_ALSO = {"터키": "turkish"}
# A region a cook asks for ("mediterranean", 지중해 요리) takes any of its cuisines in the catalog.
CUISINE_REGIONS = {"mediterranean": ("greek", "italian", "middle-eastern", "spanish", "turkish"),
                   "asian": ("chinese", "filipino", "indian", "japanese", "korean", "thai", "vietnamese"),
                   "european": ("british", "french", "greek", "irish", "italian", "polish", "russian", "spanish",
                                "ukrainian"),
                   "latin-american": ("brazilian", "jamaican", "mexican", "peruvian", "tex-mex"),
                   "african": ("nigerian",)}  # fmt: skip
_REGIONS_KO = {"mediterranean": "지중해", "asian": "아시아", "european": "유럽", "latin-american": "중남미",
               "african": "아프리카"}  # fmt: skip
# A country's cuisine the catalog has no recipe of takes its region's: a Colombian dish asked for gets a dish of
# the catalog's Latin American cuisines, a Malaysian one an Asian dish, a Ghanaian one a Nigerian dish, not a refusal.
_COUNTRY_REGION = {"argentinian": "latin-american", "argentine": "latin-american", "colombian": "latin-american",
                   "cuban": "latin-american", "chilean": "latin-american", "venezuelan": "latin-american",
                   "puerto-rican": "latin-american", "dominican": "latin-american", "trinidadian": "latin-american",
                   "haitian": "latin-american", "caribbean": "latin-american", "malaysian": "asian",
                   "indonesian": "asian", "singaporean": "asian", "taiwanese": "asian", "cambodian": "asian",
                   "burmese": "asian", "laotian": "asian", "nepali": "asian", "sri-lankan": "asian",
                   "lebanese": "mediterranean", "moroccan": "mediterranean", "israeli": "mediterranean",
                   "persian": "mediterranean", "egyptian": "mediterranean", "portuguese": "european",
                   "german": "european", "hungarian": "european", "austrian": "european", "swedish": "european",
                   "dutch": "european", "ghanaian": "african", "senegalese": "african", "ivorian": "african",
                   "cameroonian": "african", "west-african": "african", "ethiopian": "african", "eritrean": "african",
                   "kenyan": "african", "tanzanian": "african", "ugandan": "african", "somali": "african",
                   "east-african": "african", "south-african": "african"}  # fmt: skip
_ENGLISH_PLURAL_UNITS = {"cup": "cups"}
_IRREGULAR = {"leaf": "leaves", "loaf": "loaves", "knife": "knives", "half": "halves", "fish": "fish"}


def label(name: str, language: str, book: IngredientBook) -> str:
    """The name a cook reads: the canonical English name, or the book's Korean name (the text itself when unknown)."""
    if language != "ko":
        return name
    found = book.get(name)
    if found is not None and found.name == name:
        return found.name_ko or name
    family = book.get_family(name)
    return family.name_ko if family is not None and family.name_ko else name


def diet_label(diet: str, language: str) -> str:
    """A diet as the answer names it: `vegan`, `비건`."""
    return DIETS_KO.get(diet, diet) if language == "ko" else diet


def cuisine_label(cuisine: str, language: str) -> str:
    """A cuisine as the answer names it: `korean`, `한식`, `이탈리아 요리` (an unknown one as it was written)."""
    if language == "ko" and cuisine in _REGIONS_KO:
        return f"{_REGIONS_KO[cuisine]} 요리"
    if language != "ko" or cuisine not in _CUISINES_KO:
        return cuisine
    country, own = _CUISINES_KO[cuisine]
    return own or f"{country} 요리"


def cuisine_key(text: str) -> str:
    """The catalog's name of a cuisine or region written in Korean (한식, 한국 요리, 이탈리아요리, 지중해 음식) or in
    English as people write it ("Middle Eastern", "Latin American"), else `text`."""
    bare = "".join(text.split())
    named = {key: (country, own) for key, (country, own) in _CUISINES_KO.items()}
    named |= {key: (region, "") for key, region in _REGIONS_KO.items()}
    pairs = [(key, country, own) for key, (country, own) in named.items()]
    pairs += [(key, country, "") for country, key in _COUNTRIES_KO_ALSO.items()]
    for key, country, own in pairs:
        if bare in (country, f"{country}요리", f"{country}음식", own):
            return key
    return "-".join(text.lower().split())


def cuisines_of(key: str) -> frozenset[str]:
    """The catalog cuisines a request's `cuisine` (a `cuisine_key`) takes: a region's; a country's the catalog has
    none of, its region's (`colombian`: the Latin American ones); else the cuisine itself."""
    return frozenset(CUISINE_REGIONS.get(_COUNTRY_REGION.get(key, key), (key,)))


def amount_phrase(name: str, quantity: float, unit: str, language: str, book: IngredientBook) -> str:
    """An ingredient with its amount: "2 tbsp soy sauce", "3 eggs", "2 cloves garlic"; "간장 2큰술", "마늘 2쪽".
    Amounts are measured as a cook would: under a tablespoon in teaspoons, under a litre or kilogram in ml or g."""
    quantity, unit = kitchen_measure(quantity, unit)
    number = format_number(quantity, language)
    piece_en, piece_ko = _piece(name, book)
    if language == "ko":
        word = (piece_ko or "개") if unit == "ea" else _KOREAN_UNITS.get(unit, unit)
        return f"{label(name, 'ko', book)} {number}{word}"
    if unit == "ea":
        if piece_en:
            return f"{number} {plural(piece_en, quantity)} {name}"
        return f"{number} {plural(name, quantity)}"
    return f"{number} {_ENGLISH_PLURAL_UNITS[unit] if unit in _ENGLISH_PLURAL_UNITS and quantity > 1 else unit} {name}"


def kitchen_measure(quantity: float, unit: str) -> tuple[float, str]:
    """The measure a cook reads: 1/4 tbsp is 3/4 tsp, 0.375 l is 375 ml, 0.5 kg is 500 g."""
    if unit == "tbsp" and quantity < 1:
        return max(0.125, round(quantity * 3 * 8) / 8), "tsp"
    if unit in ("l", "kg") and quantity < 1:
        return round(quantity * 1000), "ml" if unit == "l" else "g"
    return quantity, unit


def unit_label(unit: str, name: str, language: str, book: IngredientBook) -> str:
    """A unit as the readable view shows it: `큰술`, `쪽` (a clove of garlic), `개`; English keeps tbsp, clove, ea."""
    piece_en, piece_ko = _piece(name, book)
    if unit == "ea":
        return (piece_ko or "개") if language == "ko" else (piece_en or "ea")
    return _KOREAN_UNITS.get(unit, unit) if language == "ko" else unit


def plural(noun: str, quantity: float) -> str:
    """`noun` for `quantity` of it: one egg, two eggs, half an onion stays "onion" (at most one)."""
    if quantity <= 1:
        return noun
    head, _, last = noun.rpartition(" ")
    if last in _IRREGULAR:
        word = _IRREGULAR[last]
    elif last.endswith(("s", "x", "ch", "sh")) or last.endswith(("tomato", "potato", "mango")):
        word = last + "es" if not last.endswith("s") else last
    elif last.endswith("y") and last[-2:-1] not in "aeiou":
        word = last[:-1] + "ies"
    else:
        word = last + "s"
    return f"{head} {word}" if head else word


def _piece(name: str, book: IngredientBook) -> tuple[str, str]:
    found = book.get(name)
    return found.piece if found is not None and found.name == name else ("", "")
