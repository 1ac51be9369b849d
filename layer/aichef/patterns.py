"""The layer's regular expressions, compiled ahead. `re` turns a pattern into its engine's code in Python, and the
parser's patterns (several hold the unit list) took 14 ms of the catalog recipe function's cold start to turn.
`python -m aichef_local.derived_data` writes that code into PATTERNS_FILE; `compile` hands it to the engine
(`_sre.compile`, the call `re.compile` ends with), which checks it. The file is read only by the Python minor version
and engine (`_sre.MAGIC`, the code's format) that wrote it; a pattern not in it, or code the engine rejects, is compiled
by `re`. The result is the pattern `re` compiles (tests/unit/test_patterns.py compares them). A patch release of the
same minor version reads the code of the one that wrote it: should such a release
change what `re` compiles for one of these patterns, the file gives the older, checked code.
"""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]  # no stub: the engine behind `re`
import marshal
import re
import sys
from functools import cache
from importlib import resources
from typing import Any

PATTERNS_FILE = "patterns.marshal"
Code = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]
"""What `_sre.compile` takes after the pattern: flags, code, groups, group index, index group."""
_ASKED: list[tuple[str, int]] = []


def engine() -> tuple[int, int, int, int]:
    """What the code is written for: the Python minor version and the regular expression engine's version."""
    return (sys.version_info.major, sys.version_info.minor, _sre.MAGIC, _sre.CODESIZE)


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:  # noqa: A001 - the name `re` gives it
    """`re.compile(pattern, flags)`, from the code in PATTERNS_FILE when it holds this pattern's."""
    key = (pattern, int(flags))
    _ASKED.append(key)
    code = _table().get(key)
    if code is not None:
        try:
            return _sre.compile(pattern, *code)  # type: ignore[no-any-return]
        except (RuntimeError, TypeError):  # code the engine rejects: compiled again below
            pass
    return re.compile(pattern, flags)


def asked() -> list[tuple[str, int]]:
    """Every pattern `compile` was asked for in this process, in order."""
    return list(_ASKED)


def code_of(pattern: str, flags: int) -> Code:
    """The code `re.compile` hands to the engine for `pattern` (re._compiler.compile's steps)."""
    from re import _compiler, _parser  # type: ignore[attr-defined]

    parsed: Any = _parser.parse(pattern, flags)
    code = [int(word) for word in _compiler._code(parsed, flags)]
    index = [None] * parsed.state.groups
    for name, number in parsed.state.groupdict.items():
        index[number] = name
    return (flags | parsed.state.flags, code, parsed.state.groups - 1, dict(parsed.state.groupdict), tuple(index))


def patterns_file(keys: list[tuple[str, int]]) -> bytes:
    """The content of PATTERNS_FILE for these patterns."""
    return marshal.dumps((engine(), {key: code_of(*key) for key in keys}))


@cache
def _table() -> dict[tuple[str, int], Code]:
    path = resources.files("aichef").joinpath("data", PATTERNS_FILE)
    if not path.is_file():
        return {}
    written_for, table = marshal.loads(path.read_bytes())
    return table if tuple(written_for) == engine() else {}
