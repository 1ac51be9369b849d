"""The readable view of an execution: the recipe, the price table, the shopping list and the per-state timeline, in
the answer's language (Korean headings, names and units for a Korean answer; `render_words`)."""

from __future__ import annotations

import shutil
import unicodedata
from typing import Any

from aichef.ingredients import bundled_book, strictest_diets
from aichef.labels import cuisine_label, diet_label, kitchen_measure, label, unit_label
from aichef.step_text import format_number
from aichef.units import to_base
from aichef_local.render_words import WORDS
from aichef_local.runner import ExecutionResult

_SYMBOL = {"KRW": "₩", "USD": "$"}
_DISPLAY_UNIT = {"g": ("kg", 1000), "ml": ("l", 1000), "ea": ("ea", 1)}


def money(amount: float, currency: str) -> str:
    symbol = _SYMBOL.get(currency, "")
    return f"{symbol}{amount:,.0f}" if currency == "KRW" else f"{symbol}{amount:,.2f}"


def quantity(value: float, unit: str) -> str:
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{text} {unit}"


def recipe_quantity(value: float, unit: str, name: str = "", language: str = "en") -> str:
    """A recipe quantity measured as the steps say it (1/2 tbsp is 1 1/2 tsp, 0.75 l is 750 ml), with the price
    table's unit (g, ml, ea) beside it when the recipe uses another one; in Korean with the units Korean cooks write
    (2큰술 (30ml), 마늘 3쪽, 1과 1/2작은술)."""
    value, unit = kitchen_measure(value, unit)
    base_value, base_unit = to_base(value, unit)
    shown = unit_label(unit, name, language, bundled_book()) if name or language == "ko" else unit
    written = f"{format_number(value, language)}{shown}" if language == "ko" else quantity(value, shown)
    if base_unit == unit:
        return written
    return f"{written} ({amount(base_value, base_unit, name, language)})"


def amount(value: float, unit: str, name: str, language: str) -> str:
    """An amount in a price line's unit (g, ml, ea): `15 ml`, `2 ea`; in Korean as a cook writes it: `15ml`, `2개`,
    `3쪽` (garlic), `1/2개`."""
    if language != "ko":
        return quantity(value, unit)
    if unit == "ea":
        return f"{format_number(value, language)}{unit_label(unit, name, language, bundled_book())}"
    return quantity(value, unit).replace(" ", "")


def render(result: ExecutionResult) -> str:
    lines: list[str] = []
    if result.status == "SUCCEEDED":
        language = result.output["recipe"].get("language", "en")
        lines += _recipe(result.output, language)
        lines += _pricing(result.output["pricing"], result.output["recipe"]["servings"], language)
        lines += _shopping(result.output, language)
    else:
        lines.append(f"✗ {result.status}  {result.error}: {result.cause}")
    lines += _record(result.record)
    lines += _timeline(result)
    return "\n".join(lines)


def width_of(text: str) -> int:
    """Columns a terminal gives `text`: a Hangul syllable (East Asian wide) takes two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def pad(text: str, width: int, align: str = "<") -> str:
    """`text` padded to `width` terminal columns, left (`<`) or right (`>`) aligned."""
    room = " " * max(0, width - width_of(text))
    return f"{text}{room}" if align == "<" else f"{room}{text}"


def _label(item: dict[str, Any]) -> str:
    return str(item.get("label") or item["name"])


def _diets(diets: list[str], language: str) -> list[str]:
    return [diet_label(diet, language) for diet in strictest_diets(diets)]


def _recipe(output: dict[str, Any], language: str) -> list[str]:
    recipe, words = output["recipe"], WORDS[language]
    lines = [
        f"━━ {recipe['title']} ({cuisine_label(recipe['cuisine'], language)}) ━━  {words['request']} "
        f"{output['request_id']}",
        words["serves"].format(n=recipe["servings"])
        + f" · {words['minutes'].format(n=recipe['total_minutes'])}"
        + f" · {words['diet']}: {', '.join(_diets(recipe['diet'], language)) or '-'}"
        + f" · {words['engine']}: {recipe['engine']}"
        + (f" ({recipe['source_id']})" if recipe.get("source_id") else ""),
    ]
    width = max(width_of(_label(item)) for item in recipe["ingredients"])
    lines += ["", words["ingredients"]]
    lines += [
        f"  {pad(_label(item), width)}  {recipe_quantity(item['quantity'], item['unit'], item['name'], language)}"
        + (f" ({words['optional']})" if item.get("optional") else "")
        for item in recipe["ingredients"]
    ]
    lines += ["", words["steps"]]
    lines += [f"  {number}. {step}" for number, step in enumerate(recipe["steps"], start=1)]
    labels = {item["name"]: _label(item) for item in recipe["ingredients"]}
    for swap in recipe.get("substitutions", []):
        recipe_name = label(swap["recipe"], language, bundled_book())
        lines.append(words["swapped"].format(recipe=recipe_name, use=labels.get(swap["use"], swap["use"])))
    for item in recipe.get("left_out", []):
        instead = (
            words["instead"].format(name=labels.get(item["instead"], item["instead"])) if item.get("instead") else ""
        )
        lines.append(words["left_out"].format(name=_label(item), reason=item["reason"]) + instead)
    return lines


def _pricing(pricing: dict[str, Any], servings: int, language: str) -> list[str]:
    currency, words = pricing["currency"], WORDS[language]
    rows = []
    for line in pricing["lines"]:
        per, factor = _DISPLAY_UNIT[line["unit"]]
        per = unit_label(per, line["name"], language, bundled_book()) if language == "ko" else per
        rows.append(
            (
                _label(line),
                amount(line["quantity"], line["unit"], line["name"], language),
                f"{money(line['unit_price'] * factor, currency)}/{per}"
                if currency == "USD" or line["unit_price"] * factor >= 1
                else f"{line['unit_price'] * factor:.2f}/{per}",
                money(line["cost"], currency),
                words.get(f"source_{line['source']}", line["source"]),
            )
        )
    header = tuple(words["price_header"].split("|"))
    widths = [max(width_of(str(row[i])) for row in [header, *rows]) for i in range(5)]
    lines = ["", f"{words['price']} ({currency})"]
    aligns = "<>>><"

    def fmt(row: tuple[Any, ...]) -> str:
        return "".join(
            f"  {pad(str(cell), width, align)}" for cell, align, width in zip(row, aligns, widths, strict=True)
        )

    lines.append(fmt(header).rstrip())
    lines += [fmt(row).rstrip() for row in rows]
    total_width = sum(widths[:4]) + 6
    lines.append("  " + "-" * total_width)
    for text, figure in ((words["total"], pricing["total"]), (words["per_serving"].format(n=servings), None)):
        shown = money(pricing["per_serving"] if figure is None else figure, currency)
        lines.append(f"  {pad(text, total_width - widths[3])}{pad(shown, widths[3], '>')}")
    for item in pricing["unpriced"]:
        shown = amount(item["quantity"], item["unit"], item["name"], language)
        lines.append(f"  {words['unpriced']}: {_label(item)} {shown} - {item['reason']}")
    if pricing["unpriced"]:
        lines.append("  " + words["leaves_out"].format(items=_items(len(pricing["unpriced"]), language)))
    return lines


def _shopping(output: dict[str, Any], language: str) -> list[str]:
    """You have / to buy / not understood: what the cook brings, what the shop must supply, what was not read."""
    pricing, recipe, words = output["pricing"], output["recipe"], WORDS[language]
    currency = pricing["currency"]
    labels = {item["name"]: _label(item) for item in recipe["ingredients"]}
    matched = [labels.get(name, name) for name in recipe.get("matched", [])]
    lines = ["", f"{words['you_have']}: {', '.join(matched) or words['nothing_used']}"]
    unpriced = [item for item in pricing["unpriced"] if item["name"] not in recipe.get("matched", [])]
    rows = [(_label(line), _buy(line, language), money(line["cost"], currency)) for line in pricing.get("to_buy", [])]
    rows += [
        (_label(item), amount(item["quantity"], item["unit"], item["name"], language), words["no_price"])
        for item in unpriced
    ]
    lines.append(
        f"{words['to_buy']}: {money(pricing.get('to_buy_total', 0), currency)}"
        + (" " + words["to_buy_leaves_out"].format(items=_items(len(unpriced), language)) if unpriced else "")
        + ("" if rows else f" - {words['have_it_all']}")
    )
    widths = [max((width_of(row[i]) for row in rows), default=0) for i in range(3)]
    lines += [
        f"  {pad(name, widths[0])}  {pad(amount, widths[1], '>')}  {pad(cost, widths[2], '>')}"
        for name, amount, cost in rows
    ]
    extras = [
        f"{_label(line)} {_buy(line, language)} {money(line['cost'], currency)}" for line in pricing.get("optional", [])
    ]
    if extras:
        lines.append(f"{words['optional_extras']}: {', '.join(extras)}")
    for item in output.get("corrected", []):
        lines.append(words["corrected"].format(text=item["text"], name=labels.get(item["name"], item["name"])))
    if output.get("unrecognized"):
        lines.append(f"{words['not_understood']}: {', '.join(output['unrecognized'])}")
    return lines


def _buy(line: dict[str, Any], language: str) -> str:
    """What to buy for a line: the amount, or the packs when a shop sells it whole ("3 ea -> 1 x head, 7 ea left
    over"; "1통 (3쪽 필요, 7쪽 남음)")."""
    words = WORDS[language]
    needed = amount(line["quantity"], line["unit"], line["name"], language)
    pack = line.get("pack")
    if not pack:
        return needed
    leftover = _rounded(pack["leftover"])
    left = words["left"].format(left=amount(leftover, pack["unit"], line["name"], language)) if leftover else ""
    packs = _packs(pack["packs"], pack["name"]) if language == "ko" else f"{pack['packs']} x {pack['name']}"
    return words["pack"].format(needed=needed, packs=packs, left=left or words["none_left"])


def _packs(count: int, name: str) -> str:
    """Packs as Korean counts them: the pack's name is the counter (1병, 2봉지, 1단), else `10구짜리 1개`."""
    if name and all("가" <= char <= "힣" for char in name):
        return f"{count}{name}"
    return f"{name}짜리 {count}개" if name else f"{count}개"


def _rounded(value: float) -> float:
    """A leftover as a cook reads it: whole units from 10 up (497.75 g -> 498 g), one decimal below."""
    return float(round(value)) if value >= 10 else round(value, 1)


def _items(count: int, language: str = "en") -> str:
    return f"{count}개 항목" if language == "ko" else plural(count, "item")


def _record(record: dict[str, Any] | None) -> list[str]:
    if record is None:
        return ["", "record: none stored"]
    return [
        "",
        f"record: {record['status']} in the recipes table as {record['request_id']}"
        f" at {record.get('recorded_at', '?')}",
    ]


MS_PER_BLOCK = 20.0
"""One bar block per 20 ms, unless the longest state would not fit the terminal; then the scale grows."""


def plural(count: int, noun: str) -> str:
    """`1 state transition`, `2 state transitions`."""
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


def _timeline(result: ExecutionResult, columns: int | None = None) -> list[str]:
    """One row per state entry: offset, duration, attempts when retried, and a bar that fits `columns` (default:
    COLUMNS, else the terminal's width, else 80)."""
    columns = columns or shutil.get_terminal_size((80, 24)).columns
    lines = ["", f"Timeline ({_billed(result)}, {result.duration_ms:,.0f} ms wall)"]
    width = max((len(state.name) for state in result.states), default=10)
    rows = []
    for state in result.states:
        offset = f"+{state.started_ms:,.0f} ms"
        tries = f"  {plural(state.attempts, 'attempt')}" if state.attempts > 1 else ""
        rows.append((f"  {state.name:<{width}}  {offset:>10}  {state.duration_ms:>6,.0f} ms{tries}", state.duration_ms))
    room = max(1, columns - max((len(text) for text, _ in rows), default=0) - 2)
    longest = max((duration for _, duration in rows), default=0.0)
    scale = max(MS_PER_BLOCK, longest / room)
    lines += [f"{text}  {'█' * min(room, max(1, round(duration / scale)))}" for text, duration in rows]
    return lines


def _billed(result: ExecutionResult) -> str:
    """The state transitions as `aichef cost` bills them (a retry is one more), and the task attempts."""
    text = plural(result.transitions, "state transition")
    if result.retries:
        retries = f"{result.retries:,} retr{'y' if result.retries == 1 else 'ies'}"
        text += f": {result.transitions - result.retries:,} entered + {retries}"
    return f"{text}, {plural(result.attempts, 'task attempt')}"
