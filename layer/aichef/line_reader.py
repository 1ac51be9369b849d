"""The grammar of one ingredient line: what a request item or a recipe line names, and how much of it.

A line is read in this order: cleaned (emoji, symbols, full-width forms), lead-ins ("juice of 1 lemon" is a lemon),
brackets and notes set aside (", minced", "for serving", "(3 1/2 ounces)"), the amount split off
(`aichef.quantities`), then the name read by its head: the whole phrase, the phrase without describing words, the
longest known tail of it whose dropped words are no other food ("red-wine vinegar", but never "broth" for "chicken
broth"), a Korean compound as a modifier and a known item ("다진파", "통마늘", "돼지고기 항정살"). "X or Y" is X (Y when
X is unknown); "X and Y" is two items when both are known and the whole is not ("macaroni and cheese" stays one).
A word no rule reads may be a misspelling of a known one (`aichef.spelling`), reported as corrected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Protocol

from aichef import name_rules, patterns
from aichef.name_rules import (
    DESCRIPTORS,
    FORM_WORDS,
    FREE_FROM,
    KOREAN_ENDINGS,
    PRODUCT_STATES,
    is_hangul,
    is_korean_descriptor,
)
from aichef.name_rules import normalise_text as normalise
from aichef.quantities import Amount, plus, split_amount
from aichef.units import UnknownUnit, to_base

MAX_LINE_LENGTH = 100
_LEAD_IN = patterns.compile(
    r"^(?:the\s+)?(?:finely\s+|freshly\s+)?(?:grated\s+|squeezed\s+)?(?:juice|zest|rind|peel|seeds|flesh)"
    r"(?:\s+and\s+(?:grated\s+)?(?:juice|zest|rind))?\s+(?:(?:of|from)\s+)?(?P<rest>(?:a|an|one|half|\d).+)$",
    re.IGNORECASE,
)
_KOREAN_AND = ("이랑", "하고", "과", "와", "랑", "및")
_ALNUM = patterns.compile(r"[^\W_]")  # a letter or a digit: what str.isalnum accepts
_SIZE_IN_BRACKETS = patterns.compile(r"^[\d\s./½¼¾⅓⅔⅛~-]+(?:(?:to|or)\s+[\d\s./½¼¾⅓⅔⅛]+)?\(\s*[\d.]")
_SIZED_CAN = patterns.compile(
    r"^[\d\s./½¼¾⅓⅔⅛]+\s(?:\d+(?:\.\d+)?)\s*-?\s*(?:ounces?|oz|g|grams?|ml)\.?\s+(?:cans?|tins?)\s", re.IGNORECASE
)  # a count, then each can's size, then the can: the size absorbs the can word, which still says canned
_EXAMPLE_NOTES = ("such as", "like ", "e.g", "eg ", "preferably", "optional", "for ", "or ", "plus ", "about ")
_NOT_A_NAME = ("or ", "plus ", "and ", "more", "to ", "about ", "if ", "for ")
_CAN_WORDS = frozenset({"can", "cans", "tin", "tins", "캔", "통조림"})
_FLAVOURED = ("flavored", "flavoured")
_PLUS_ITEM = patterns.compile(r"\s+(?:\+|plus|and)\s+", re.IGNORECASE)
_EACH = patterns.compile(r"씩|\beach\b", re.IGNORECASE)  # "약간씩", "1 tsp each": an amount of each of several foods
_SLASH = patterns.compile(r"\s*/\s*")
# A section heading glued between two items of a Korean list (the MFDS data lost its line breaks): "후춧가루
# 적당량[조림장]간장 1g", "올리브유 약간●간장 레몬 소스 : 저염간장 5g"; the first item ends in its amount.
_GLUED_HEADING = patterns.compile(
    r"^(?P<first>[^\[●]*?(?:약간|적당량|조금|적당히|\d[^\s\[●]*))\s*(?:\[[^\]]*\]|●)\s*(?P<second>[^\[●]+)$"
)
_HEADING_COLON = patterns.compile(r"^[^:\d]+:\s*(?=\S)")  # "비트양념:식초 15g": the heading before the item
# Two colours of one Korean food joined by a middle dot: "청·홍고추" is green and red chili.
_COLOUR_PAIR = patterns.compile(r"(?<![가-힣])([가-힣])\s*·\s*([가-힣])([가-힣]+)")
_KOREAN_PAIR = patterns.compile(r"([가-힣]{2,})\s*·\s*(?=[가-힣])")  # "소금·후추": two foods
_GLUED_COMMA = patterns.compile(r"(?<=[가-힣]),(?=[가-힣])")  # "무,래디쉬", "미니,버거빵": one name
_GLUED_SIZE = patterns.compile(r"(?<=\s)[소중대](?=\d)")  # "양파 소1/2": a small one, the size before the amount
_DIMENSIONS = patterns.compile(r"\d+(?:\.\d+)?\s*[*x×]\s*\d+(?:\.\d+)?\s*cm\s+(?=\S)")  # "5*5cm 3조각"


@dataclass(frozen=True)
class Found:
    """A name the book knows: the canonical ingredient or family, and the word it corrected, if any."""

    name: str
    kind: str
    corrected: str | None = None


class Vocabulary(Protocol):
    """What the grammar asks of the ingredient book."""

    def exact(self, key: str) -> Found | None:
        """The ingredient (first) or family called exactly `key` (normalised), singular forms tried."""
        ...

    def within(self, name: str, family: str) -> bool:
        """Whether ingredient or family `name` is `family` itself or below it."""
        ...

    def correct(self, word: str) -> str | None:
        """The known word `word` is probably a misspelling of, or None."""
        ...

    def flags(self, name: str) -> frozenset[str] | None:
        """What ingredient or family `name` may contain (meat, egg, gluten…), or None when the book cannot tell."""
        ...

    def pack(self, name: str, unit: str) -> tuple[float, str] | None:
        """What one `unit` of ingredient `name` holds when a shop sells it so ("마늘 한 통" is a head of 10 cloves),
        in a base unit; None when `unit` is not how it is sold."""
        ...


@dataclass(frozen=True)
class ParsedIngredient:
    """One line as the book understood it: its canonical name and, when given, the quantity.

    `kind` is "ingredient", "family" (a generic name such as chicken or 버섯) or None when the book does not know it;
    `quantity` None means the amount is unknown ("kimchi", "some kimchi", "김치 약간"). A line naming several foods
    ("salt and pepper") has them in `items`; `corrected` is the misspelt word that was fixed ("garlick");
    `problem` says why a line could not be read at all (empty, only symbols, too long)."""

    text: str
    name: str
    known: bool
    quantity: float | None = None
    unit: str | None = None
    kind: str | None = None
    items: tuple[ParsedIngredient, ...] = ()
    corrected: str | None = None
    problem: str | None = None
    low: float | None = field(default=None, compare=False)
    base: tuple[float, str] | None = field(default=None, compare=False)
    """The quantity in g, ml or ea: through the unit's size, and a pack's content for a counter the shop sells the
    food in ("대파 한 단" is 1 단 as written, 8 stalks as a base); None when unknown or not convertible."""

    def foods(self) -> tuple[ParsedIngredient, ...]:
        """The foods of the line: its items when it names several, else itself."""
        return self.items or (self,)


def read_line(text: str, vocabulary: Vocabulary) -> ParsedIngredient:
    """Read one line (a request item or a recipe line) into its food(s) and amount; a line the book cannot read as
    written is read without the brand a ® or ™ marks ("1 cup GOYA® Organic Quinoa" is quinoa) or the brand in
    capitals before a product written in lower case ("OSCAR MAYER Ready To Serve Bacon"), while a brand the book
    knows stays ("lime-flavored Jell-O® mix")."""
    parsed = _read_line(text, vocabulary)
    if parsed.known:
        return parsed
    # ® and ™ are not ASCII; a brand in capitals before the product: "6 slices OSCAR MAYER Ready To Serve Bacon"
    unbranded = name_rules.without_caps_brand(text) if text.isascii() else name_rules.without_brand(text)
    if unbranded is None:
        return parsed
    again = _read_line(unbranded, vocabulary)
    return replace(again, text=text) if again.known else parsed


def _read_line(text: str, vocabulary: Vocabulary) -> ParsedIngredient:
    """One line read as written."""
    if not text.isascii():
        glued = _glued_items(text, vocabulary)
        if glued is not None:
            return glued
    cleaned = name_rules.clean_line(_korean_marks(text) if not text.isascii() else text)
    if len(text) > MAX_LINE_LENGTH:
        return ParsedIngredient(text, normalise(cleaned), False, problem=f"over {MAX_LINE_LENGTH} characters")
    if _ALNUM.search(cleaned) is None:
        return ParsedIngredient(text, "", False, problem="nothing to read after removing symbols and punctuation")
    whole = vocabulary.exact(normalise(cleaned))
    if whole is not None:
        return ParsedIngredient(text, whole.name, True, kind=whole.kind)
    lead_in = _LEAD_IN.match(cleaned)
    phrase, bracketed = name_rules.brackets(lead_in.group("rest") if lead_in else cleaned)
    head, notes = name_rules.cut_notes(phrase)
    if notes and split_amount(f"{head} x").name == "x":  # "2 tbsp, or more, slivered basil": the name is a note
        name = next((note for note in notes if not note.lower().startswith(_NOT_A_NAME) and not _describes(note)), None)
        if name is not None:
            notes = [note for note in notes if note != name]
            head = f"{head} {name}"
    head, notes = _describing_run(head, notes, vocabulary)
    amount = split_amount(head)
    if _SIZE_IN_BRACKETS.match(cleaned):  # "1 (1 1/2) pound squash", "2 (15-ounce) cans": the size counts
        sized = split_amount(name_rules.cut_notes(cleaned)[0])
        if sized.quantity is not None:
            amount = Amount(sized.quantity, sized.unit, _canned(amount, vocabulary), sized.low)
    elif amount.quantity is not None and _SIZED_CAN.match(head):  # "2 15-ounce cans chickpeas", no brackets
        amount = Amount(amount.quantity, amount.unit, _canned(replace(amount, unit="can"), vocabulary), amount.low)
    if amount.quantity is None:
        amount = _amount_in_notes(amount, bracketed)
    for note in notes:  # "0.25 cup olive oil, plus 2 tablespoons"
        amount = plus(amount, note) or amount
    both = _plus_items(amount, vocabulary) or _slash_list(amount, cleaned, vocabulary)
    if both is not None:
        return _result(text, both, vocabulary)
    foods = read_names(_state_from_note(amount.name, notes, vocabulary), vocabulary, amount)
    if len(foods) == 1 and isinstance(foods[0], str):  # "허브(민트)": the food may be what the brackets name
        named: list[Found | str] = [
            food for note in bracketed if (food := resolve(note, vocabulary, spell=False)) is not None
        ]
        foods = named[:1] or foods
    pieces = _with_amount(foods, amount, head)
    if amount.quantity is None:  # "salt, pepper", "turkey, 2 carrots": a line without an amount may list more foods
        for note in notes:
            pieces += _food_note(note, vocabulary)
    return _result(text, pieces, vocabulary)


def _glued_items(text: str, vocabulary: Vocabulary) -> ParsedIngredient | None:
    """Two items of a Korean list glued by a section heading ("후춧가루 적당량[조림장]간장 1g"): each read with its own
    amount, the heading left out; None for any other line."""
    glued = _GLUED_HEADING.match(text) if "[" in text or "●" in text else None
    if glued is None:
        return None
    second = _HEADING_COLON.sub("", glued.group("second").strip())
    parts = [_read_line(glued.group("first"), vocabulary), _read_line(second, vocabulary)]
    items = tuple(food for part in parts for food in part.foods())
    first = items[0]
    return replace(first, text=text, known=all(item.known for item in items), items=items)


def _korean_marks(text: str) -> str:
    """A Korean line with the marks that join its words read: a middle dot between two colours of one food ("청·홍고추"
    -> "청고추 및 홍고추") or between two foods, a comma glued inside one name ("무,래디쉬" is 무 or its other name,
    "미니,버거빵" a mini burger bun), a size glued before the amount ("양파 소1/2") and a piece's dimensions before
    its count ("다시마 5*5cm 3조각")."""
    if "·" in text:
        text = _COLOUR_PAIR.sub(r"\1\3 및 \2\3", text)
        text = _KOREAN_PAIR.sub(r"\1 및 ", text)
    if "," in text:
        text = _GLUED_COMMA.sub(lambda comma: " " if _before_is_descriptor(comma) else "/", text)
    if "cm" in text:
        text = _DIMENSIONS.sub("", text)
    return _GLUED_SIZE.sub("", text)


def _before_is_descriptor(comma: re.Match[str]) -> bool:
    before = comma.string[: comma.start()].split()
    return bool(before) and is_korean_descriptor(before[-1])


def _describing_run(head: str, notes: list[str], vocabulary: Vocabulary) -> tuple[str, list[str]]:
    """ "1 cup shredded part-skim, low-moisture mozzarella cheese": describing words separated by commas before the
    name are one name with it, when every word of the head only describes (a describing word, or a compound one:
    "part-skim", "deli-sliced") and the head and the next note together name a food ("bamboo skewers, soaked in
    water" is no water)."""
    while notes and not notes[0].lower().startswith(_NOT_A_NAME + _EXAMPLE_NOTES):
        name = split_amount(head).name
        words = normalise(name).split(" ") if name else []
        if not words or not all(word in DESCRIPTORS or "-" in word for word in words):
            break
        if resolve(name, vocabulary, spell=False) is not None:
            break
        if resolve(f"{name} {notes[0]}", vocabulary, spell=False) is None:
            break
        head, notes = f"{head} {notes[0]}", notes[1:]
    return head, notes


def _canned(amount: Amount, vocabulary: Vocabulary) -> str:
    """The name of a counted can whose size is the line's amount: "1 (15 ounce) can butter beans" is canned butter
    beans when the book has them (as "1 can butter beans" is), not the dried beans the name alone is."""
    if amount.unit != "can" or resolve(f"canned {amount.name}", vocabulary, spell=False) is None:
        return amount.name
    return f"canned {amount.name}"


def _amount_in_notes(amount: Amount, bracketed: list[str]) -> Amount:
    """An amount written only in brackets: "양파(1/2개)", "butter (2 tablespoons)", "butter (2 tablespoons melted)"
    (what follows the amount only describes)."""
    for note in bracketed:
        found = split_amount(f"{note} x")
        rest = found.name.removesuffix("x")
        if found.quantity is not None and rest != found.name and (not rest or _describes(rest)):
            return Amount(found.quantity, found.unit, amount.name, found.low)
    return amount


def _plus_items(amount: Amount, vocabulary: Vocabulary) -> list[Piece] | None:
    """ "1 egg + 1 yolk", "1 hard-boiled egg plus 1 hard-boiled yolk", "4 chicken thighs and 4 drumsticks": two foods
    joined by +, plus or and, each with its own amount, when the second has an amount and both are known foods; else
    None (also for three or more)."""
    parts = _PLUS_ITEM.split(amount.name)
    if amount.quantity is None or len(parts) != 2:
        return None
    more = split_amount(parts[1])
    first, second = resolve(parts[0], vocabulary), resolve(more.name, vocabulary)
    if more.quantity is None or first is None or second is None:
        return None
    return [(first, amount, parts[0]), (second, more, parts[1])]


def _slash_list(amount: Amount, cleaned: str, vocabulary: Vocabulary) -> list[Piece] | None:
    """ "식용유/소금/참기름/잣가루 약간씩", "소금/후추 1/2작은술씩": foods joined by '/' on a line that gives an amount
    of *each* are a list, not alternatives, and each takes the amount; None when the line says no "each" ("butter/
    margarine" is one or the other) or a part is no known food."""
    if "/" not in amount.name or _EACH.search(cleaned) is None:
        return None
    parts = [part for part in _SLASH.split(amount.name) if part.strip()]
    foods = [resolve(part, vocabulary) for part in parts]
    if len(parts) < 2 or any(food is None for food in foods):
        return None
    return [(food, amount, part) for food, part in zip(foods, parts, strict=True) if food is not None]


_NO_AMOUNT = Amount(None, None, "")
Piece = tuple[Found | str, Amount, str]


def _with_amount(foods: list[Found | str], amount: Amount, text: str) -> list[Piece]:
    """Each food with the line's amount when it is the only one (an amount of "salt and pepper" is no one's)."""
    if len(foods) == 1:
        return [(foods[0], amount, text)]
    return [(food, _NO_AMOUNT, text) for food in foods]


def _food_note(note: str, vocabulary: Vocabulary) -> list[Piece]:
    """The foods a note after a comma names, with their amounts ("2 carrots"); none for a describing note or an
    example ("such as Lotus Biscoff")."""
    if note.lower().startswith(_EXAMPLE_NOTES) or _describes(note):
        return []
    amount = split_amount(note)
    foods = read_names(amount.name, vocabulary, amount)
    if any(isinstance(food, str) for food in foods):
        return []
    return _with_amount(foods, amount, note)


def _describes(note: str) -> bool:
    """Whether every word of a note only describes ("drained", "roughly chopped", "다짐육")."""
    return all(word in DESCRIPTORS or is_korean_descriptor(word) for word in normalise(note).split(" "))


def _result(text: str, pieces: list[Piece], vocabulary: Vocabulary) -> ParsedIngredient:
    if len(pieces) == 1:
        return _parsed(text, pieces[0][0], pieces[0][1], vocabulary)
    items = tuple(_parsed(piece_text, food, amount, vocabulary) for food, amount, piece_text in pieces)
    first = items[0]  # the line's amount is its first food's ("1 egg + 1 yolk": 1 egg)
    return ParsedIngredient(
        text,
        first.name,
        all(item.known for item in items),
        first.quantity,
        first.unit,
        first.kind,
        items=items,
        corrected=first.corrected,
        low=first.low,
        base=first.base,
    )


def _base(food: Found | str, amount: Amount, vocabulary: Vocabulary) -> tuple[float, str] | None:
    """The amount in g, ml or ea; a count of the packs a shop sells ("대파 한 단", "마늘 두 통") as what they hold
    (8 stalks, 20 cloves)."""
    if amount.quantity is None or amount.unit is None:
        return None
    pack = vocabulary.pack(food.name, amount.unit) if not isinstance(food, str) else None
    if pack is not None:
        return amount.quantity * pack[0], pack[1]
    try:
        return to_base(amount.quantity, amount.unit)
    except UnknownUnit:
        return None


def _parsed(text: str, food: Found | str, amount: Amount, vocabulary: Vocabulary) -> ParsedIngredient:
    base = _base(food, amount, vocabulary)
    if isinstance(food, str):
        return ParsedIngredient(text, normalise(food), False, amount.quantity, amount.unit, low=amount.low, base=base)
    return ParsedIngredient(
        text,
        food.name,
        True,
        amount.quantity,
        amount.unit,
        food.kind,
        corrected=food.corrected,
        low=amount.low,
        base=base,
    )


def read_names(phrase: str, vocabulary: Vocabulary, amount: Amount | None = None) -> list[Found | str]:
    """The food(s) a name phrase names; an unknown one is its normalised text."""
    phrase = _korean_conjunctions(phrase, vocabulary)
    alternatives = [part.strip() for part in name_rules.OR_WORDS.split(phrase) if part.strip()]
    if len(alternatives) > 1:  # "X or Y" is X (X with Y's head word when X is one word: "olive or rapeseed oil")
        shared_head = alternatives[-1].split(" ")[-1]
        # "1 lime or 6-8 lime leaves": a last option with an amount of its own is a whole name and lends no head
        lends = split_amount(alternatives[-1]).quantity is None
        for part in alternatives:
            one_word = len(part.split(" ")) == 1 and part != shared_head
            shapes = [f"{part} {shared_head}", part] if one_word and lends else [part]
            last_words = alternatives[-1].split(" ")
            qualifier = normalise(part) not in FORM_WORDS and not normalise(part).endswith(_FLAVOURED)
            if one_word and lends and qualifier and len(last_words) >= 3 and vocabulary.exact(part) is None:
                # "light or dark brown sugar", "hot and/or sweet Italian sausage": a first option that is no food
                # (nor a container, "can or bottle", nor a flavour) qualifies the last option's name after its first
                # word
                shapes.insert(0, " ".join([part, *last_words[1:]]))
            shared = _with_shared_head(part, alternatives[-1], vocabulary) if lends else None
            shapes = [shared, *shapes] if shared else shapes
            found = next((hit for shape in shapes if (hit := _as_named(shape, vocabulary, amount))), None)
            if found is not None:
                return [(lends and _head_shared(part, alternatives[-1], vocabulary)) or found]
    unit_word = _unit_name(phrase, amount, vocabulary)
    if unit_word is not None:
        return [unit_word]
    found = resolve(phrase, vocabulary)
    if found is not None:
        return _misspelt_first(phrase, found, vocabulary) or [found]
    parts = [part for part in name_rules.AND_WORDS.split(phrase) if part.strip()]
    kept = [part for part in parts if not _only_form_words(part)] or parts
    if len(kept) == 1 and len(parts) > 1:  # "cilantro stems and leaves": one food in two of its parts
        return [resolve(kept[0], vocabulary) or normalise(phrase)]
    if parts:  # "salt &": a conjunction left at an end leaves one food
        foods = [resolve(part, vocabulary) for part in parts]
        flavours = _flavour_pair(parts, foods)
        if flavours is not None:
            return [flavours]
        if all(food is not None for food in foods):
            return [food for food in foods if food is not None]
    tokens = normalise(phrase).split(" ")
    if len(tokens) > 1 and all(is_hangul(token) for token in tokens):  # "소금 후추": two foods side by side
        foods = [_korean_word(token, vocabulary) for token in tokens]
        if all(food is not None for food in foods):  # one food in two words ("돼지고기 항정살") was read above
            return [food for food in foods if food is not None]
    return [resolve(phrase, vocabulary) or normalise(phrase)]


def _flavour_pair(parts: list[str], foods: list[Found | None]) -> Found | None:
    """ "garlic and herb cheese spread" is one product in two flavours, not garlic and a cheese spread: two parts, the
    first one word, the second a product of three words or more read without its first word (the second flavour);
    "onion and garlic powder" stays two foods (garlic powder is the whole second part), as does "salt and ground black
    pepper" ("ground" only describes)."""
    if len(parts) != 2 or len(parts[0].split()) != 1 or foods[1] is None:
        return None
    words = normalise(parts[1]).split(" ")
    if words[0] in DESCRIPTORS:  # "salt and ground black pepper": a describing word is no second flavour
        return None
    named = foods[1].name.split(" ")
    return foods[1] if len(words) >= 3 and words[0] not in named and words[1:] == named[-len(words) + 1 :] else None


def _misspelt_first(phrase: str, found: Found, vocabulary: Vocabulary) -> list[Found | str] | None:
    """ "chiken and rice" is chicken and rice, not rice with an unknown word before it: the foods of an "X and Y" line
    whose last is the food the whole was read as, when another needed a spelling correction to be known."""
    parts = [part for part in name_rules.AND_WORDS.split(phrase) if part.strip()]
    if len(parts) < 2:
        return None
    foods = [resolve(part, vocabulary) for part in parts]
    known = [food for food in foods if food is not None]
    if len(known) == len(parts) and known[-1].name == found.name and any(food.corrected for food in known[:-1]):
        return list(known)
    return None


def _only_form_words(part: str) -> bool:
    words = normalise(part).split(" ")
    return all(word in FORM_WORDS or word in DESCRIPTORS or word.startswith("cut-up") for word in words)


def _as_named(phrase: str, vocabulary: Vocabulary, amount: Amount | None) -> Found | None:
    """The food a phrase names as written (no spelling fixed), the unit read with it: "1 can black beans or kidney
    beans" is canned black bean."""
    return _unit_name(phrase, amount, vocabulary) or resolve(phrase, vocabulary, spell=False)


def _unit_name(phrase: str, amount: Amount | None, vocabulary: Vocabulary) -> Found | None:
    """ "1 whole chicken" is a whole chicken and "1 can chickpeas" (or "병아리콩 1캔") canned chickpeas, when the book
    has them; "1/2 cube beef bouillon" is the stock cube, and a family counted in whole animals ("닭 1마리") its whole
    bird."""
    if amount is None or amount.unit is None:
        return None
    if amount.unit == "cube":
        return resolve(f"{phrase} cube", vocabulary, spell=False)
    if amount.unit == "마리":
        animal = resolve(phrase, vocabulary, spell=False)
        return vocabulary.exact(f"whole {animal.name}") if animal is not None and animal.kind == "family" else None
    if amount.unit == "can":
        return resolve(f"canned {phrase}", vocabulary, spell=False)
    if amount.unit == "캔":
        return resolve(f"{phrase} 통조림", vocabulary, spell=False)
    return None


def _korean_conjunctions(phrase: str, vocabulary: Vocabulary) -> str:
    """ "소금과 후추" -> "소금, 후추": a Korean 'and' glued to a known food."""
    if phrase.isascii():
        return phrase  # the endings are Hangul
    words = phrase.split(" ")
    for index, word in enumerate(words[:-1]):
        for ending in _KOREAN_AND:
            stem = word.removesuffix(ending)
            if stem != word and is_hangul(stem) and _korean_word(stem, vocabulary) is not None:
                words[index] = f"{stem},"
                break
    return " ".join(words)


def resolve(phrase: str, vocabulary: Vocabulary, *, spell: bool = True) -> Found | None:
    """The one food a name phrase names, by its head; with `spell`, a misspelt word may be corrected."""
    key = normalise(phrase)
    if not key:
        return None
    found = vocabulary.exact(key)
    if found is not None:
        return found
    if " " in key:  # a compound written spaced: "멸치 육수" is 멸치육수, "blue berries" blueberries
        found = vocabulary.exact(key.replace(" ", ""))
        if found is not None:
            return found
    written = _flavour_apart(name_rules.strip_fillers(key.split(" ")))
    words = _without_flavours(written)
    kept = [word for word in words if word not in DESCRIPTORS and not is_korean_descriptor(word)] or words
    # "canned peach slices": the food without a trailing form word
    bare = kept[:-1] if len(kept) > 1 and kept[-1] in FORM_WORDS else kept
    for word in words[:-1]:  # "whole frozen chicken": a describing word that makes another food with the rest
        if word not in DESCRIPTORS or word in kept:
            continue
        found = vocabulary.exact(f"{word} {' '.join(kept)}") or vocabulary.exact(f"{word} {' '.join(bare)}")
        if found is not None:
            return found
    for candidate in _shapes(written, words, kept):
        found = _by_head(candidate, vocabulary)
        if found is not None:
            return found
    if spell:
        fixed = [vocabulary.correct(word) or word for word in kept]
        if fixed != kept:
            found = resolve(" ".join(fixed), vocabulary, spell=False)
            if found is not None:
                wrong = " ".join(word for word, fix in zip(kept, fixed, strict=True) if word != fix)
                return Found(found.name, found.kind, corrected=wrong)
    return None


def _flavour_apart(words: list[str]) -> list[str]:
    """ "lemon-flavored yogurt" as "lemon flavored yogurt": a flavour written with a hyphen is read as one written
    apart (the flavour named by a known product, or the flavoured product whatever its flavour)."""
    if not any(word.endswith(_HYPHEN_FLAVOURED) for word in words):
        return words
    apart: list[str] = []
    for word in words:
        flavour, hyphen, rest = word.rpartition("-")
        apart += [flavour, rest] if hyphen and flavour and rest in _FLAVOURED else [word]
    return apart


_HYPHEN_FLAVOURED = tuple(f"-{word}" for word in _FLAVOURED)


def _without_flavours(words: list[str]) -> list[str]:
    """The words without a flavour ("orange flavored jell-o" is jell-o; the head reading drops a word such as
    "vanilla-flavoured" like any word that names no food)."""
    kept: list[str] = []
    for word in words:
        if word in _FLAVOURED and kept:
            kept.pop()
        else:
            kept.append(word)
    return kept


def _shapes(written: list[str], words: list[str], kept: list[str]) -> list[list[str]]:
    """The phrase as written (a known flavoured name first: "good orange-flavored liqueur"), a style as the food it
    names ("greek-style yoghurt"), the flavour as the product's name ("chicken flavored bouillon granules" is chicken
    bouillon granules), a flavoured product whatever its flavour ("chicken flavored rice" is flavored rice), without
    its flavour, without describing words, and without a trailing form word ("thyme leaves")."""
    styled = [word.removesuffix("-style") for word in written]  # "greek-style yoghurt" is greek yogurt
    flavour = next((index for index, word in enumerate(written) if word in _FLAVOURED), 0)
    shapes = [styled, written, [word for word in written if word not in _FLAVOURED]]
    if flavour:  # "chicken flavored rice": the book's flavored rice, whatever the flavour
        shapes.append(written[flavour:])
    shapes.append(words)
    if len(words) > 1 and words[-1] in DESCRIPTORS:  # "rice cooked", "tofu firm": the describing word leads
        shapes.append([words[-1], *words[:-1]])
    shapes.append(kept)
    if len(kept) > 1 and kept[-1] in _CAN_WORDS:  # "tuna can", "참치 캔": the canned food when the book has it
        shapes.append(["canned", *kept[:-1]])
    if len(kept) > 1 and kept[-1] in FORM_WORDS:
        shapes.append(kept[:-1])
    if len(kept) > 2 and kept[-2] == "of" and kept[0] in FORM_WORDS:  # "leaves of basil"
        shapes.append(kept[2:])
    return [shape for index, shape in enumerate(shapes) if shape and shape not in shapes[:index]]


def _by_head(words: list[str], vocabulary: Vocabulary) -> Found | None:
    """The longest known tail of `words` whose dropped words name no other food (a family of it is fine)."""
    for start in range(len(words)):
        tail = words[start:]
        found = vocabulary.exact(" ".join(tail))
        if found is None and len(tail) == 1:
            found = _korean_word(tail[0], vocabulary) if is_hangul(tail[0]) else _run_together(tail[0], vocabulary)
        if found is not None and found.kind == "family" and start > 0:
            member = _member_before(words[:start], found, vocabulary)
            if member is not None:
                return member
        if found is not None and all(_may_drop(word, found, vocabulary) for word in words[:start]):
            return _product(words[:start], tail, found, vocabulary)
    return None


def _member_before(words: list[str], family: Found, vocabulary: Vocabulary) -> Found | None:
    """A food named before its own family's name is that food: "penne pasta" is penne, "salmon fish" salmon."""
    member = vocabulary.exact(" ".join(words))
    if member is None or member.name == family.name or not vocabulary.within(member.name, family.name):
        return None
    return member


def _product(dropped: list[str], tail: list[str], head: Found, vocabulary: Vocabulary) -> Found:
    """The head, or the product the dropped words make of it when the book has that product: "dried bing cherries"
    is dried cherry, not cherry, "gluten-free all-purpose baking flour" gluten-free flour, and "sweet chilli sauce"
    the book's sweet chili sauce: a head written in another spelling of its name (as many words: "chilli sauce",
    not "granulated sugar" for sugar) keeps the naming words before it ("sweet", and a state: "dried red
    chillies"; other describing words are dropped)."""
    if len(tail) == len(head.name.split(" ")):
        for start in range(len(dropped)):  # the most words first
            words = dropped[start:]
            naming = all(word not in DESCRIPTORS or word in PRODUCT_STATES for word in words)
            product = vocabulary.exact(" ".join([*words, head.name])) if naming else None
            if product is not None and product.name != head.name:
                return product
    for word in dropped:
        product = vocabulary.exact(f"{word} {head.name}") if word in PRODUCT_STATES or word in FREE_FROM else None
        if product is not None and product.name != head.name:
            return product
    return head


def _may_drop(word: str, head: Found, vocabulary: Vocabulary) -> bool:
    """A word before the head may be dropped unless it names another food: "russet" yes, "chicken" in "chicken
    broth" no, "pork" in "pork shoulder" yes (its own family)."""
    if word in FREE_FROM and FREE_FROM[word] & (vocabulary.flags(head.name) or frozenset()):
        return vocabulary.exact(f"{word} {head.name}") is not None  # only to its own product: never what it avoids
    other = vocabulary.exact(word)
    if other is None and is_hangul(word):
        other = _korean_word(word, vocabulary)
    return other is None or other.name == head.name or vocabulary.within(head.name, other.name)


def _run_together(word: str, vocabulary: Vocabulary) -> Found | None:
    """An English word of two known words written together, when the book knows them spaced: "seasalt" is sea salt
    (salt). Each part has three letters or more, and only one way of cutting the word may name a food."""
    if len(word) < 6 or not word.isalpha() or not word.isascii():
        return None
    cuts = {found for cut in range(3, len(word) - 2) if (found := vocabulary.exact(f"{word[:cut]} {word[cut:]}"))}
    return next(iter(cuts)) if len(cuts) == 1 else None


_KOREAN_STATE_MARKS = (("통조림", "canned"), ("캔", "canned"), ("냉동", "frozen"))
"""Words glued before or after a Korean food that say how it is sold: the book's canned or frozen row when it has one,
else the food itself (a food only sold canned, "코코넛밀크캔")."""
_KOREAN_DRIED = ("건", "마른", "말린")
"""The spellings of "dried" a Korean cook glues before a food; the book names its dried products with one of them."""
_KOREAN_DRIED_ENDINGS = ("마른것", "말린것")
"""The endings that say "dried" after a Korean food, as the prefixes above say it before."""
_KOREAN_MINCED_ENDINGS = ("다진것", "간것", "갈은것")
"""The endings that say "minced" after a Korean food: its minced product when the book has one (다진 + the food)."""
_GLUED_TO_ONE_SYLLABLE = frozenset({"생", "통", "햇", "건", "깐", "실"})
"""The one-syllable describing words Korean glues to a one-syllable food as a state of it (생쌀, 생굴, 통밀, 햇콩,
깐콩, 실파); another (채, cut in strips) glued to one syllable makes a word of its own: 채소 is vegetables."""


def _korean_word(word: str, vocabulary: Vocabulary) -> Found | None:
    """A Korean word as a known item, or a modifier glued to one ("다진파", "통마늘", "청고추", "돼지앞다리살"), a
    colour glued to one ("검정깨"), a known item with a form ending ("생강즙", "마늘다진것"), or a compound known
    with or without its 사이시옷 ("계핏가루", "후추가루")."""
    found = vocabulary.exact(word)
    if found is not None:
        return found
    for mark, state in _KOREAN_STATE_MARKS:  # "참치통조림", "캔옥수수", "게살냉동": the canned or frozen food
        stem = word.removeprefix(mark) if word.startswith(mark) else word.removesuffix(mark)
        if stem != word and stem and (plain := vocabulary.exact(stem)) is not None:
            return vocabulary.exact(f"{state} {plain.name}") or plain
    for ending in KOREAN_ENDINGS:
        stem = word.removesuffix(ending)
        if stem != word and len(stem) >= 1 and (found := vocabulary.exact(stem)) is not None:
            if ending in _KOREAN_DRIED_ENDINGS:  # "표고버섯마른것" is the book's dried shiitake (건표고버섯)
                return next((hit for dried in _KOREAN_DRIED if (hit := vocabulary.exact(f"{dried}{stem}"))), found)
            if ending in _KOREAN_MINCED_ENDINGS:  # "돼지고기갈은것" is the book's minced pork (다진돼지고기)
                return vocabulary.exact(f"다진{stem}") or found
            return found
    for cut in range(1, len(word)):
        before, head = word[:cut], word[cut:]
        found = vocabulary.exact(head)
        if found is None:
            continue
        colours = name_rules.colour_spellings(before)
        if colours:  # "검정깨" is black sesame (검은깨), "노랑파프리카" the book's bell pepper
            return next((hit for colour in colours if (hit := vocabulary.exact(f"{colour}{head}"))), found)
        if before in _KOREAN_DRIED:  # "말린새우" is the book's dried shrimp (건새우), not the fresh shrimp
            found = next((hit for dried in _KOREAN_DRIED if (hit := vocabulary.exact(f"{dried}{head}"))), found)
        if is_korean_descriptor(before) and (len(before) > 1 or len(head) > 1 or before in _GLUED_TO_ONE_SYLLABLE):
            return found
        if before == "중" and len(head) >= 2 and not head.startswith("국"):
            return found  # "중새우살": a size glued before a known food (never 중국, China)
        other = vocabulary.exact(before)
        if other is not None and other.kind == "family" and vocabulary.within(found.name, other.name):
            return found
    return next((found for form in name_rules.sai_siot_forms(word) if (found := vocabulary.exact(form))), None)


def _head_shared(part: str, last: str, vocabulary: Vocabulary) -> Found | None:
    """ "lamb or beef stock" is a stock, never lamb the meat: a one-word first option that is an animal food like the
    last option's first word (both meat, poultry or seafood) shares the last option's head; when the book has no such
    product ("lamb stock") the line is the last option ("beef stock"), which the line names as its alternative, and
    which must be of the head and may hold what the first option holds ("salmon or tuna steaks" stays salmon: the
    book has no tuna steaks by that reading, and a steak is beef)."""
    words, last_words = normalise(part).split(" "), normalise(last).split(" ")
    if len(words) != 1 or len(last_words) != 2 or words[0] == last_words[-1]:
        return None
    animal = name_rules.ANIMAL_FLAGS
    option, other = vocabulary.exact(words[0]), vocabulary.exact(last_words[0])
    first_flags = vocabulary.flags(option.name) if option is not None else None
    other_flags = vocabulary.flags(other.name) if other is not None else None
    if not first_flags or not other_flags or not first_flags <= animal or not other_flags <= animal:
        return None
    product = vocabulary.exact(f"{words[0]} {last_words[-1]}")
    if product is not None:
        return product
    alternative, head = vocabulary.exact(" ".join(last_words)), vocabulary.exact(last_words[-1])
    if alternative is None or head is None or alternative.name.split(" ")[-1] != head.name.split(" ")[-1]:
        return None
    head_flags = vocabulary.flags(head.name)
    return alternative if head_flags is not None and first_flags <= head_flags else None


def _with_shared_head(part: str, last: str, vocabulary: Vocabulary) -> str | None:
    """ "white wine or champagne vinegar" is white wine vinegar: a first alternative of several words takes the last
    one's head when the two make a food the book knows (describing words aside) and share no word ("dry sherry or
    sherry vinegar" stays sherry, "sweet rice wine or rice vinegar" stays sweet rice wine); "light-flavored olive
    or vegetable oil" is olive oil, never the olive the first option names alone."""
    words, last_words = normalise(part).split(" "), normalise(last).split(" ")
    head = last_words[-1]
    if len(words) < 2 or len(last_words) < 2 or not set(words).isdisjoint(last_words):
        return None
    named = [word for word in [*words, head] if word not in DESCRIPTORS]
    if vocabulary.exact(" ".join(named)) is not None:
        return f"{part} {head}"
    # "light-flavored olive or vegetable oil": the first option's last word with the head, when the words before it
    # only qualify ("light-flavored" is no food)
    if len(named) > 2 and all(vocabulary.exact(word) is None for word in named[:-2]):
        return " ".join(named[-2:]) if vocabulary.exact(" ".join(named[-2:])) is not None else None
    return None


_KNIFE_CUTS = frozenset({"chopped", "diced", "sliced", "minced", "cubed", "halved", "quartered"})
"""What a cook does with a knife after buying: "4 tomatoes, chopped" is four fresh tomatoes, never the tin of chopped
tomatoes the book knows by that name."""


def _state_from_note(name: str, notes: list[str], vocabulary: Vocabulary) -> str:
    """ "Coconut, shredded" is shredded coconut when the book has it as a product of its own (coconut flakes), not
    the fresh coconut the head alone names; a knife's cut after the comma makes no product ("tomatoes, chopped")."""
    if not notes or not name:
        return name
    word = normalise(notes[0]).split(" ")[0]
    if word not in DESCRIPTORS or word in _KNIFE_CUTS:
        return name
    return f"{word} {name}" if vocabulary.exact(normalise(f"{word} {name}")) is not None else name
