"""One fresh process for `make bench`'s ingredient book figures, run with a tree's `layer/` directory.

`load`: the wall time of importing `aichef.ingredients` and loading the bundled book, as a cold start pays it.
`parse`: the book loaded (not timed), then every line of a JSON file parsed once, timed: lines the process has never
seen, so no parse is served from the book's memo. Only the standard library is loaded before the clock starts.
"""

from __future__ import annotations

import json
import sys
import time


def main() -> None:
    mode, layer = sys.argv[1], sys.argv[2]
    started = time.perf_counter()
    sys.path.insert(0, layer)
    from aichef.ingredients import bundled_book

    book = bundled_book()
    loaded = time.perf_counter()
    figures: dict[str, float] = {"load_ms": (loaded - started) * 1000, "ingredients": len(book)}
    if mode == "parse":
        with open(sys.argv[3], encoding="utf-8") as handle:
            texts: list[str] = json.load(handle)
        began = time.perf_counter()
        known = sum(bool(book.parse(text).known) for text in texts)
        figures |= {"lines": len(texts), "parse_s": time.perf_counter() - began, "known": known}
    json.dump(figures, sys.stdout)


if __name__ == "__main__":
    main()
