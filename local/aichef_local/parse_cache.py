"""Parsed state machine definitions kept on disk between `aichef run`s, as Python keeps bytecode in __pycache__:
moto's ANTLR parse of the workflow (pure-Python lexer and parser) took 0.2-0.7 s of every run, loading the parsed
program takes ~2 ms. An entry is keyed by the definition's text and the versions that shape the program (moto's,
Python's, this format's), so a changed definition or an upgraded moto parses afresh; anything wrong with an entry
(missing, partly written, unreadable) means a parse, never an error. The entries are pickles, read only from the
project's own `.aichef/` folder, whose code (`functions/`, `layer/`) a run executes anyway."""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Any

CACHE_DIR = Path(".aichef") / "parsed"
"""Where `aichef run` keeps them, beside its log (relative to the project folder it runs in)."""
FORMAT = 1
"""Raised when what is stored changes."""


def entry_path(directory: Path, definition: str) -> Path:
    """The file that holds the parsed program of `definition` under `directory`."""
    import moto

    versions = f"{FORMAT}|{moto.__version__}|{sys.version}"
    digest = hashlib.sha256(f"{versions}\0{definition}".encode()).hexdigest()
    return directory / f"{digest}.pickle"


def load(directory: Path, definition: str) -> Any | None:
    """The program stored for `definition`, or None when there is none that can be read."""
    try:
        return pickle.loads(entry_path(directory, definition).read_bytes())  # noqa: S301 - see the module's note
    except Exception:  # a cache: whatever a missing, torn or foreign entry raises, the definition is parsed instead
        return None


def store(directory: Path, definition: str, program: Any) -> None:
    """Keep `program` for `definition`; written whole or not at all (a concurrent run reads an old or a new entry)."""
    with contextlib.suppress(Exception):  # a read-only folder or an unpicklable program: the next run parses again
        data = pickle.dumps(program, protocol=pickle.HIGHEST_PROTOCOL)
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=directory, suffix=".part", delete=False) as part:
            part.write(data)
        try:
            os.replace(part.name, entry_path(directory, definition))
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(part.name)
