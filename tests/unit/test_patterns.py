"""`aichef.patterns`: the layer's regular expressions from the code written ahead are the patterns `re` compiles, and
anything the file cannot serve is compiled by `re`."""

from __future__ import annotations

import re

import pytest

from aichef import language, line_reader, name_rules, patterns, quantities, recipe_lines, shopping, step_text

MODULES = (quantities, name_rules, line_reader, language, step_text, recipe_lines, shopping)


def bundled() -> dict[tuple[str, int], patterns.Code]:
    return patterns._table()


def test_every_pattern_the_layer_compiles_is_served_from_the_file() -> None:
    asked = set(patterns.asked())
    compiled_here = {
        (value.pattern, value.flags & ~re.UNICODE)
        for module in MODULES
        for value in vars(module).values()
        if isinstance(value, re.Pattern) and value.pattern in {pattern for pattern, _ in asked}
    }
    assert len(asked) == len(bundled()) == 45
    assert asked <= set(bundled())
    assert {(pattern, flags & ~re.UNICODE) for pattern, flags in asked} == compiled_here


def test_a_pattern_from_the_file_is_the_pattern_re_compiles() -> None:
    """Patterns compare equal when their flags and engine code are equal (CPython's Pattern.__eq__)."""
    for pattern, flags in bundled():
        assert patterns.compile(pattern, flags) == re.compile(pattern, flags), pattern[:60]
    unit = next(key for key in bundled() if "(?P<unit>" in key[0] and key[0].startswith("^(?P<qty>"))
    match = patterns.compile(*unit).match("2 Tbsp. olive oil")
    assert match is not None and (match["qty"], match["unit"], match["name"]) == ("2", "Tbsp.", "olive oil")


def test_a_pattern_not_in_the_file_is_compiled_by_re() -> None:
    assert patterns.compile(r"\bmoonberr(?:y|ies)\b", re.IGNORECASE) == re.compile(r"\bmoonberr(?:y|ies)\b", re.I)


def test_a_file_written_for_another_engine_is_not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    key = next(iter(bundled()))
    monkeypatch.setattr(patterns, "engine", lambda: (3, 99, 0, 4))
    patterns._table.cache_clear()
    try:
        assert patterns._table() == {}
        assert patterns.compile(*key) == re.compile(*key)
    finally:
        monkeypatch.undo()
        patterns._table.cache_clear()
    assert len(patterns._table()) == 45


def test_code_the_engine_rejects_is_compiled_again(monkeypatch: pytest.MonkeyPatch) -> None:
    pattern, flags = next(iter(bundled()))
    broken: patterns.Code = (flags, [999_999], 0, {}, (None,))
    monkeypatch.setattr(patterns, "_table", lambda: {(pattern, flags): broken})
    assert patterns.compile(pattern, flags) == re.compile(pattern, flags)


def test_the_file_names_the_engine_it_was_written_for() -> None:
    import marshal
    from importlib import resources

    written_for, table = marshal.loads(resources.files("aichef").joinpath("data", patterns.PATTERNS_FILE).read_bytes())
    assert tuple(written_for) == patterns.engine() and written_for[:2] == (3, 13)
    assert sum(len(code[1]) for code in table.values()) > 30_000  # the unit lists: most of the code
