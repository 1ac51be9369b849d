"""The readable view of an execution: the recipe, the price table and the per-state timeline."""

from __future__ import annotations

import shutil
from typing import Any

from aichef.ingredients import strictest_diets
from aichef.units import to_base
from aichef_local.runner import ExecutionResult

_SYMBOL = {"KRW": "₩", "USD": "$"}
_DISPLAY_UNIT = {"g": ("kg", 1000), "ml": ("l", 1000), "ea": ("ea", 1)}


def money(amount: float, currency: str) -> str:
    symbol = _SYMBOL.get(currency, "")
    return f"{symbol}{amount:,.0f}" if currency == "KRW" else f"{symbol}{amount:,.2f}"


def quantity(value: float, unit: str) -> str:
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{text} {unit}"


def recipe_quantity(value: float, unit: str) -> str:
    """A recipe quantity, with the price table's unit (g, ml, ea) beside it when the recipe uses another one."""
    base_value, base_unit = to_base(value, unit)
    same = base_unit == unit
    return quantity(value, unit) if same else f"{quantity(value, unit)} ({quantity(base_value, base_unit)})"


def render(result: ExecutionResult) -> str:
    lines: list[str] = []
    if result.status == "SUCCEEDED":
        lines += _recipe(result.output)
        lines += _pricing(result.output["pricing"], result.output["recipe"]["servings"])
        lines += _shopping(result.output)
    else:
        lines.append(f"✗ {result.status}  {result.error}: {result.cause}")
    lines += _record(result.record)
    lines += _timeline(result)
    return "\n".join(lines)


def _recipe(output: dict[str, Any]) -> list[str]:
    recipe = output["recipe"]
    lines = [
        f"━━ {recipe['title']} ({recipe['cuisine']}) ━━  request {output['request_id']}",
        f"serves {recipe['servings']} · {recipe['total_minutes']} min"
        f" · diet: {', '.join(strictest_diets(recipe['diet'])) or '-'}"
        f" · engine: {recipe['engine']}" + (f" ({recipe['source_id']})" if recipe.get("source_id") else ""),
    ]
    width = max(len(item["name"]) for item in recipe["ingredients"])
    lines += ["", "Ingredients"]
    lines += [
        f"  {item['name']:<{width}}  {recipe_quantity(item['quantity'], item['unit'])}"
        for item in recipe["ingredients"]
    ]
    lines += ["", "Steps"]
    lines += [f"  {number}. {step}" for number, step in enumerate(recipe["steps"], start=1)]
    return lines


def _pricing(pricing: dict[str, Any], servings: int) -> list[str]:
    currency = pricing["currency"]
    rows = []
    for line in pricing["lines"]:
        per, factor = _DISPLAY_UNIT[line["unit"]]
        rows.append(
            (
                line["name"],
                quantity(line["quantity"], line["unit"]),
                f"{money(line['unit_price'] * factor, currency)}/{per}"
                if currency == "USD" or line["unit_price"] * factor >= 1
                else f"{line['unit_price'] * factor:.2f}/{per}",
                money(line["cost"], currency),
                line["source"],
            )
        )
    header = ("ingredient", "quantity", "unit price", "cost", "source")
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(5)]
    lines = ["", f"Price ({currency})"]
    aligns = "<>>><"

    def fmt(row: tuple[Any, ...]) -> str:
        return "".join(f"  {cell!s:{align}{width}}" for cell, align, width in zip(row, aligns, widths, strict=True))

    lines.append(fmt(header).rstrip())
    lines += [fmt(row).rstrip() for row in rows]
    total_width = sum(widths[:4]) + 6
    lines.append("  " + "-" * total_width)
    lines.append(f"  {'total':<{total_width - widths[3]}}{money(pricing['total'], currency):>{widths[3]}}")
    lines.append(
        f"  {f'per serving (of {servings})':<{total_width - widths[3]}}"
        f"{money(pricing['per_serving'], currency):>{widths[3]}}"
    )
    for item in pricing["unpriced"]:
        lines.append(f"  unpriced: {item['name']} {quantity(item['quantity'], item['unit'])} - {item['reason']}")
    if pricing["unpriced"]:
        lines.append(f"  the total leaves out {_items(len(pricing['unpriced']))} without a price")
    return lines


def _shopping(output: dict[str, Any]) -> list[str]:
    """You have / to buy / not understood: what the cook brings, what the shop must supply, what was not read."""
    pricing = output["pricing"]
    currency = pricing["currency"]
    matched = output["recipe"].get("matched", [])
    lines = ["", f"You have: {', '.join(matched) or 'nothing this recipe uses'}"]
    unpriced = [item for item in pricing["unpriced"] if item["name"] not in matched]
    rows = [
        (line["name"], quantity(line["quantity"], line["unit"]), money(line["cost"], currency))
        for line in pricing.get("to_buy", [])
    ]
    rows += [(item["name"], quantity(item["quantity"], item["unit"]), "(no price)") for item in unpriced]
    lines.append(
        f"To buy: {money(pricing.get('to_buy_total', 0), currency)}"
        + (f" (leaves out {_items(len(unpriced))} without a price)" if unpriced else "")
        + ("" if rows else " - nothing, you have it all")
    )
    widths = [max((len(row[i]) for row in rows), default=0) for i in range(3)]
    lines += [f"  {name:<{widths[0]}}  {amount:>{widths[1]}}  {cost:>{widths[2]}}" for name, amount, cost in rows]
    if output.get("unrecognized"):
        lines.append(f"Not understood: {', '.join(output['unrecognized'])}")
    return lines


def _items(count: int) -> str:
    return plural(count, "item")


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
    lines = ["", f"Timeline ({plural(result.transitions, 'state transition')}, {result.duration_ms:,.0f} ms wall)"]
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
