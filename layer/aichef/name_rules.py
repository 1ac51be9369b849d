"""The word rules of an ingredient name, without the book: which words only describe the food (preparation, size,
freshness), which name a part or form of it ("leaves", "cloves"), which Korean modifiers and endings glue onto a
name ("다진파" is 다진 + 파, "생강즙" is 생강 + 즙), and where a line's notes begin. Pure data and small functions."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from aichef import patterns
from aichef.quantities import is_hangul as is_hangul  # the one home of the test, re-exported for line_reader
from aichef.quantities import replace_glyphs

# fmt: off
# English words that describe the state, size or quality of a food, not which food it is ("2 large eggs, beaten").
DESCRIPTORS = frozenset({
    "fresh", "freshly", "large", "small", "medium", "medium-size", "medium-sized", "big", "extra-large", "jumbo",
    "baby", "mini", "extra", "chopped", "finely", "coarsely", "roughly", "thinly", "thickly", "diced", "minced",
    "sliced", "grated", "shredded", "crushed", "crumbled", "cubed", "halved", "quartered", "trimmed", "peeled",
    "seeded", "deseeded", "pitted", "cored", "stemmed", "hulled", "husked", "shelled", "deveined", "skinned",
    "skinless", "boneless", "bone-in", "skin-on", "rinsed", "washed", "drained", "cleaned", "toasted", "roasted",
    "roast", "cooked", "uncooked", "softened", "melted", "chilled", "cold", "warm", "lukewarm", "room-temperature",
    "beaten", "lightly", "well", "packed", "firmly", "loosely", "heaping", "heaped", "level", "scant", "generous",
    "good", "quality", "good-quality", "best", "organic", "free-range", "grass-fed", "pasture-raised", "wild",
    "farmed", "natural", "pure", "ripe", "unripe", "frozen", "thawed", "defrosted", "canned", "tinned", "jarred",
    "bottled", "store-bought", "homemade", "prepared", "sifted", "raw", "day-old", "stale", "leftover", "leftovers",
    "thick", "thin", "thick-cut", "thin-cut", "thinly-sliced", "lean", "extra-lean", "slivered", "julienned",
    "cut", "torn", "snipped", "squeezed", "freshly-ground", "ground", "whole", "plain", "unsalted", "salted",
    "low-fat", "reduced-fat", "fat-free", "nonfat", "non-fat", "full-fat", "low-sodium", "reduced-sodium",
    "sodium-free", "no-salt-added", "unsweetened", "sweetened", "extra-virgin", "virgin", "dry", "dried",
    "packaged", "refrigerated", "chunky", "smooth", "firm", "soft", "hot", "mild", "about", "approx",
    "approximately", "optional", "additional", "more", "plus", "divided", "sprinkle", "garnish", "nice",
    "beautiful", "lovely", "tasty", "cheap", "expensive", "local", "imported", "premium", "favorite", "favourite",
    "your", "my", "any", "other", "assorted", "mixed", "various", "pre-cooked", "precooked", "parboiled",
    "blanched", "steamed", "boiled", "fried", "grilled", "baked", "smashed", "mashed", "pureed", "puréed",
    "crisp", "crispy", "tender", "young", "old", "new", "seasonal", "small-size", "large-size", "bite-size",
    "wilted", "overripe", "yesterday's", "day", "last", "night's", "extra-firm", "semi-firm", "sm", "md", "lg",
    "med", "boned", "purchased", "store", "bought", "unsprayed", "scooped", "leveled", "levelled",
    "low-salt", "reduced-salt", "unbleached", "bleached", "pre-washed", "prewashed", "ready-made", "instant",
    "bite-sized", "rough", "fine", "finely-chopped", "chopped-up", "fat", "skinny", "long", "short", "round",
})
ANIMAL_FLAGS = frozenset({"meat", "poultry", "fish", "shellfish"})  # what a vegetarian leaves out
_VEGAN = ANIMAL_FLAGS | {"egg", "dairy", "honey"}
FREE_FROM: dict[str, frozenset[str]] = {
    "vegan": _VEGAN, "plant-based": _VEGAN, "비건": _VEGAN, "vegetarian": ANIMAL_FLAGS, "meatless": ANIMAL_FLAGS,
    "meat-free": ANIMAL_FLAGS, "채식": ANIMAL_FLAGS, "dairy-free": frozenset({"dairy"}),
    "non-dairy": frozenset({"dairy"}), "nondairy": frozenset({"dairy"}), "egg-free": frozenset({"egg"}),
    "eggless": frozenset({"egg"}),
    "gluten-free": frozenset({"gluten"}), "글루텐프리": frozenset({"gluten"}), "nut-free": frozenset({"nut"}),
}  # fmt: skip
"""Words that promise a food is free of something (the ingredient book's flags): "vegetarian fish sauce" is not
fish sauce, so such a word is never dropped before a food it contradicts; the book's own row names the product
("vegan butter"), else the line is not understood rather than read as what it avoids."""
# Describing words that make another product of a food when the book has it: "dried cherry", "canned corn".
PRODUCT_STATES = frozenset({"dried", "dry", "canned", "tinned", "smoked", "cooked", "frozen", "pickled", "salted",
                            "instant", "ground", "glutinous", "sticky", "malted"})
# Words that name a part or a form of a food: "thyme leaves" is thyme, "garlic cloves" garlic, "celery ribs" celery.
FORM_WORDS = frozenset({
    "leaf", "leaves", "sprig", "sprigs", "clove", "cloves", "stalk", "stalks", "rib", "ribs", "stem", "stems",
    "half", "halves", "piece", "pieces", "chunk", "chunks", "cube", "cubes", "strip", "strips", "wedge", "wedges",
    "floret", "florets", "spear", "spears", "segment", "segments", "ring", "rings", "slice", "slices", "bulb",
    "bulbs", "head", "heads", "bunch", "bunches", "pod", "pods", "sticks", "meat", "flesh", "kernel", "kernels",
    "zest", "rind", "peel", "greens", "shreds", "crumbles", "fillet", "fillets", "steak", "steaks", "side",
    "packet", "packets", "can", "cans", "jar", "jars", "box", "boxes", "bag", "bags", "pack", "packs", "tin", "tins",
    "loaf", "loaves", "link", "links", "lardons", "필렛", "필레", "슬라이스",
})
# Words of the article kind before a name: "a beautiful piece of cod", "the juice of".
LEADING_FILLERS = ("a piece of", "pieces of", "a chunk of", "a bunch of", "a head of", "a block of", "a can of",
                   "a package of", "a pack of", "a bag of", "a jar of", "a bottle of", "a tin of", "piece of",
                   "some", "a", "an", "the", "of", "from the market", "from the fridge", "jar of", "jars of",
                   "can of", "cans of", "pack of", "packs of", "packet of", "carton of", "tin of", "bottle of",
                   "bag of", "box of", "tub of", "jar", "jars", "can", "cans", "packs", "packet", "packets", "carton",
                   "tin", "tins", "bottle", "bottles", "bag", "bags", "box", "tub", "container")
_FILLER_STARTS = tuple(f"{filler} " for filler in LEADING_FILLERS)
# The filler words that say the food is canned: "400 g tin tomatoes" is canned tomato, as "1 can tomatoes" is.
_CAN_WORDS = frozenset({"can", "cans", "tin", "tins"})
# Korean words that describe a food without changing which food it is, written apart or glued before the name.
_KOREAN_DESCRIPTOR_WORDS = (
        "다진 다진것 간 채 썬 썰은 채썬 송송 어슷 깍둑 곱게 잘게 굵게 얇게 슬라이스 냉동 냉장 손질된 손질한 "
        "깐 껍질 벗긴 삶은 데친 볶은 구운 불린 익은 잘 신 햇 국산 수입 유기농 무농약 자연산 생물 큰 작은 중간 "
        "굵은 가는 국거리 불고기용 찌개용 구이용 볶음용 국용 잡채용 카레용 수육용 보쌈용 장조림용 다짐육 것 "
        "정도 남은 먹다 남은것 신선한 싱싱한 좋은 적당한 통 생 건 마른 말린 청 홍 실 반 녹인 차가운 뜨거운 "
        "미니 미지근한 곱게간 갈은 간것 으깬 다져서 씻은 해동한 어제 식은 모듬 모둠 시든 남은것 먹다남은 저민 저염 "
        "마른것 말린것 다진것 찐 알갱이 "
)
KOREAN_DESCRIPTORS = frozenset(_KOREAN_DESCRIPTOR_WORDS.split())
# Korean colours glued before a name ("노랑파프리카", "검정깨"): each colour's spellings, the ones a cook glues first;
# the one-syllable Sino-Korean ones (흑, 백, 황, 홍, 청) only spell a product's name ("흑임자"), they begin no reading.
_COLOURS = (
    ("검은", "검정", "흑"), ("흰", "하얀", "백"), ("노란", "노랑", "황"), ("빨간", "빨강", "붉은", "홍"),
    ("초록", "녹색", "청"), ("주황",), ("보라", "자색"),
)
_SINO_COLOURS = ("흑", "백", "황", "홍", "청")
_COLOUR_SPELLINGS = {word: group for group in _COLOURS for word in group if word not in _SINO_COLOURS}
# Korean endings that make a form of the food before them: "생강즙" is ginger (its juice), "마늘다진것" garlic; a size
# or thickness after the name says which of the shop's sizes ("두부작은것", "쌀국수가는것").
KOREAN_ENDINGS = (
    *("다진것", "간것", "갈은것", "불린것", "채친것", "채썬것", "썬것", "삶은것", "데친것", "마른것", "말린것"),
    *("볶은것", "작은것", "큰것", "가는것", "굵은것"),
    *("익힌것", "슬라이스", "즙", "채", "편", "조각", "덩어리", "토막", "면", "필렛"),
)
# Conjunctions between two foods of one line ("salt and pepper", "소금과 후추"); alternatives ("A or B", "A and/or B").
AND_WORDS = patterns.compile(r"\s+(?:and|및|그리고|하고|과|와|랑|이랑)\s+|\s*[,+&]\s*", re.IGNORECASE)
OR_WORDS = patterns.compile(r"\s+(?:and/or|or|또는|혹은|or a|or an)\s+|\s*/\s*", re.IGNORECASE)
# Where a line's notes begin: "tomatoes, drained", "for serving", "(optional)", "such as Bosc"; most lines have no
# note, and _MAY_HAVE_NOTE tells which may.
_NOTE_MARKERS = patterns.compile(
    r"\s+-\s+|\s*;\s*|\s+(?:for (?:the |serving|garnish|frying|dusting|greasing|brushing|decoration|topping|dipping)"
    r"|(?<!ready )(?:or )?to (?:serve|garnish|taste|cover|finish|drizzle)|such as|like|preferably"
    r"|if (?:desired|needed|using|you like)"
    r"|at room temperature|divided|optional|(?:plus|or) more|or as needed|cut into|in (?:\d|half|halves|thin|thick)"
    r"|for \w+ing|as above|recipe follows|see note"
    r"|in (?:its own |heavy |light |olive |vegetable |sunflower |spring )?(?:juice|syrup|water|oil|brine)"
    r"|in tomato juice|in (?:tomato|chil+[ie]|chile|hot|barbecue|bbq|curry) sauce|in (?:the |their )?shells?"
    r"|of (?:your|their) choice"
    r"|chopped into|sliced into|about \d"
    r"|from the (?:market|fridge|store|shop|garden|freezer|butcher)|from (?:yesterday|last night))\b",
    re.IGNORECASE,
)
# fmt: on
_UNITS_AND_FILLERS = frozenset(
    {
        "cup",
        "cups",
        "c",
        "tbsp",
        "tsp",
        "tablespoons",
        "teaspoons",
        "tablespoon",
        "teaspoon",
        "pound",
        "pounds",
        "lb",
        "lbs",
        "ounce",
        "ounces",
        "oz",
        "g",
        "kg",
        "ml",
        "of",
        "and",
        "/",
        "-",
    }
)  # fmt: skip
_MAY_HAVE_NOTE = patterns.compile(
    r" - |;| (?:for|to|such|like|preferably|if|at|divided|optional|plus|or|cut|in|chopped|sliced|about|from|as|of"
    r"|recipe|see)\b",
    re.IGNORECASE,
)  # a cheap test before _NOTE_MARKERS
_COMMA = patterns.compile(r"(?<!\d),|,(?!\d)")  # "2,5 kg" is a decimal comma, not a note
_BRACKETS = patterns.compile(r"\(([^()]*)\)|\[([^\[\]]*)\]|（([^（）]*)）")
_MARKS = dict.fromkeys(map(ord, "®™©℠"), " ")
# A brand: the capitalised words (and an "&" between them) directly before the first ® or ™ ("Archer Farms™").
_BRAND = patterns.compile(r"(?<!\S)(?:(?:[A-Z][^\s®™]*|&)\s+)*[A-Z][^\s®™]*\s*[®™]")
_SYMBOLS = patterns.compile(r"[*†‡•●○◎◆◇■□▶▷►※✓✔★☆♥❤️·]+")


def clean_line(text: str) -> str:
    """A line as the grammar reads it: Unicode compatibility forms (full-width digits, ㎖), no emoji or symbols
    (®, ™, bullets), dashes and tildes unified, single spaces."""
    if not text.isascii():
        # every fraction glyph first: NFKC writes "1⅔" as "12⁄3", which would read as 12/3 = 4
        text = replace_glyphs(text)
        text = unicodedata.normalize("NFKC", text.translate(_MARKS))  # NFKC would turn ™ into "TM"
        text = text.translate({ord(char): _replacement(char) for char in set(text) if not char.isascii()})
    elif not text.isprintable():
        text = "".join(char if char.isprintable() else " " for char in text)
    if "*" in text or not text.isascii():
        text = _SYMBOLS.sub(" ", text)
    return " ".join(text.split()).strip(" -:,.;\"'")


@cache
def _replacement(char: str) -> str:
    """What `clean_line` turns a non-ASCII character into: a space for symbols and emoji, ASCII for dashes, tildes and
    quotes, itself otherwise."""
    category = unicodedata.category(char)
    if category in ("So", "Sk", "Cs", "Co", "Cn") or category.startswith("C") or char in "\ufe0f\u200d":
        return " "
    for group, ascii_form in (("–—‐‑−", "-"), ("∼〜～", "~"), ("‘’´", "'"), ("“”", '"')):
        if char in group:
            return ascii_form
    return char


def without_brand(text: str) -> str | None:
    """The line without the brand its first ® or ™ marks, when words are left after it: "1 cup GOYA® Organic
    Quinoa" -> "1 cup Organic Quinoa", "1 Archer Farms™ ciabatta loaf" -> "1 ciabatta loaf"; None without one, and
    for a product line named with "&" after the brand ("PASTA RONI® Shells & White Cheddar" is no cheddar)."""
    brand = _BRAND.search(text)
    if brand is None:
        return None
    rest = text[brand.end() :]
    if not rest.replace(",", " ").strip() or "&" in rest:
        return None
    return " ".join(f"{text[: brand.start()]} {rest}".split())


def without_caps_brand(text: str) -> str | None:
    """The line without a brand written in capitals (words of two letters or more, all capitals) before a product
    written in lower or title case: "6 slices OSCAR MAYER Ready To Serve Bacon" -> "6 slices Ready To Serve Bacon";
    None without one (a line in capitals throughout has no product after its brand)."""
    brand = _CAPS_BRAND.search(text)
    if brand is None:
        return None
    return " ".join(f"{text[: brand.start()]} {text[brand.end() :]}".split())


_CAPS_BRAND = patterns.compile(r"(?<!\S)(?:[A-Z][A-Z'&.-]+\s+)+(?=[A-Z]?[a-z])")


def brackets(text: str) -> tuple[str, list[str]]:
    """`text` without its bracketed notes, and the notes: "연두부 75g(3/4모)" -> "연두부 75g", ["3/4모"]."""
    notes: list[str] = []

    def keep(match: re.Match[str]) -> str:
        notes.append(next(group for group in match.groups() if group is not None).strip())
        return " "

    previous = None if "(" in text or "[" in text or "（" in text else text  # most lines have none
    while previous != text:  # nested brackets, innermost first
        previous, text = text, _BRACKETS.sub(keep, text)
    text = text.replace("(", " ").replace(")", " ")
    return " ".join(text.split()).strip(" ,"), notes


def _options_listed(parts: list[str]) -> list[str]:
    """ "canola, sunflower, or vegetable oil" is one name in three options: the parts up to the one that begins "or"
    (each after the first of one or two words that name more than a state, the last with a name after "or": not "or
    more", "or to taste") are joined with "or"."""
    last = next((index for index, part in enumerate(parts) if index and part.lower().startswith("or ")), None)
    middle = parts[1:last]  # read only when last is not None
    if last is None or last > 3 or any(len(part.split()) > 2 or _only_describes(part) for part in middle):
        return parts
    option = parts[last][3:].strip()
    if not option or option.lower().startswith(_NOT_AN_OPTION) or _NOTE_MARKERS.search(parts[last]):
        return parts
    return [" or ".join([*parts[:last], option]), *parts[last + 1 :]]


_NOT_AN_OPTION = ("more", "less", "as ", "to ", "so ", "other", "any ", "your ", "a mix", "both")


def cut_notes(text: str) -> tuple[str, list[str]]:
    """The head of a phrase and its comma- or marker-separated notes: "garlic, minced" -> "garlic", ["minced"]."""
    parts = [part.strip() for part in _COMMA.split(text)] if "," in text else [text.strip()]
    while len(parts) > 1 and _only_describes(parts[0]):  # "skinless, boneless chicken breast": one name
        parts[:2] = [f"{parts[0]} {parts[1]}"]
    parts = _options_listed(parts)
    head, notes = parts[0], [part for part in parts[1:] if part]
    marker = _NOTE_MARKERS.search(head) if _MAY_HAVE_NOTE.search(head) else None
    if marker is not None and marker.start() > 0:
        notes.insert(0, head[marker.start() :].strip())
        head = head[: marker.start()].strip()
    return head, notes


def _only_describes(text: str) -> bool:
    """Whether every word after the amount only describes ("2 cups cooked", "skinless")."""
    words = [word for word in normalise_text(text).split() if not any(ch.isdigit() for ch in word)]
    return bool(words) and all(word in DESCRIPTORS or word in KOREAN_DESCRIPTORS or word in _UNITS_AND_FILLERS
                               for word in words)  # fmt: skip


def strip_fillers(words: list[str]) -> list[str]:
    """`words` without the articles and fillers before the food; a can or tin among them says the food is canned:
    "a piece of cod" -> "cod", "400 g tin tomatoes" -> "canned tomatoes" (as "1 can tomatoes")."""
    kept = _without_fillers(words)
    dropped = words[: len(words) - len(kept)]
    if _CAN_WORDS.intersection(dropped) and kept[0] not in ("canned", "tinned"):
        return ["canned", *kept]
    return kept


def _without_fillers(words: list[str]) -> list[str]:
    """`words` (of a normalised key) without the articles and fillers before the food: "a beautiful piece of cod" ->
    "beautiful cod". The key has single spaces and ends in a word, so a word always follows a filler."""
    text = " ".join(words)
    changed = text.startswith(_FILLER_STARTS)  # most names start with none of them
    while changed:
        changed = False
        for filler in LEADING_FILLERS:
            if text.startswith(filler + " "):
                text, changed = text[len(filler) + 1 :], True
    return text.split()


def normalise_text(text: str) -> str:
    """Lower case, single spaces, no surrounding punctuation: `"  Green  Onions. "` -> `"green onions"`."""
    return " ".join(text.lower().replace("_", " ").split()).strip(" .,;:!?\"'()[]-")


def singular_forms(word: str) -> list[str]:
    """The singular forms an English plural may have, most likely first: berries -> berry, leaves -> leaf."""
    if not word.endswith("s"):
        return []  # every plural below ends in s
    forms: list[str] = []
    if word.endswith("ies") and len(word) > 4:
        forms = [word[:-3] + "y", word[:-2]]  # berries -> berry, chilies -> chili
    if word.endswith("ves") and len(word) > 4:
        forms = [word[:-3] + "f", word[:-3] + "fe"]  # no -ies word ends in -ves: forms is still empty
    if word.endswith("oes") or word.endswith("shes") or word.endswith("ches") or word.endswith("ses"):
        forms.append(word[:-2])
    if word.endswith("s") and not word.endswith("ss") and len(word) > 2:
        forms.append(word[:-1])
    return forms


def colour_spellings(word: str) -> tuple[str, ...]:
    """The spellings of the colour a Korean colour word names ("검정" -> 검은, 검정, 흑), or () for any other word."""
    return _COLOUR_SPELLINGS.get(word, ())


def sai_siot_forms(word: str) -> list[str]:
    """A Korean compound with the ㅅ its first part takes before the second (사이시옷) taken off or put on, one
    syllable before the last at a time: "계핏가루" -> 계피가루, "후추가루" -> 후춧가루 (a syllable is 0xAC00 +
    (lead * 21 + vowel) * 28 + final, and ㅅ is final 19)."""
    forms = []
    for index, char in enumerate(word[:-1]):
        final = (ord(char) - 0xAC00) % 28
        if final in (0, _SIOT):
            other = chr(ord(char) + (_SIOT if final == 0 else -_SIOT))
            forms.append(f"{word[:index]}{other}{word[index + 1 :]}")
    return forms


_SIOT = 19


def is_korean_descriptor(word: str) -> bool:
    """A Korean word that only describes: listed, or "for X" (스테이크용, 국거리용, 찌개용)."""
    return word in KOREAN_DESCRIPTORS or (len(word) >= 3 and word.endswith("용") and is_hangul(word))
