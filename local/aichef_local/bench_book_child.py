"""One fresh process for `make bench`'s ingredient book figures, run with a tree's `layer/` directory.

`load`: the time of importing `aichef.ingredients` and loading the bundled book, as a cold start pays it.
`parse`: the book loaded (not timed), then every line of a JSON file parsed once, timed: lines the process has never
seen, so no parse is served from the book's memo. Only the standard library is loaded before the clock starts.
Each figure is both wall time and the process's CPU time: on a shared machine the CPU time is what one core spent,
while the wall time also holds the waits for a core.
"""

from __future__ import annotations

import json
import sys
import time


def main() -> None:
    mode, layer = sys.argv[1], sys.argv[2]
    started, started_cpu = time.perf_counter(), time.process_time()
    sys.path.insert(0, layer)
    from aichef.ingredients import bundled_book

    book = bundled_book()
    loaded, loaded_cpu = time.perf_counter(), time.process_time()
    figures: dict[str, float] = {
        "load_ms": (loaded - started) * 1000,
        "load_cpu_ms": (loaded_cpu - started_cpu) * 1000,
        "ingredients": len(book),
    }
    if mode == "parse":
        with open(sys.argv[3], encoding="utf-8") as handle:
            texts: list[str] = json.load(handle)
        began, began_cpu = time.perf_counter(), time.process_time()
        known = sum(bool(book.parse(text).known) for text in texts)
        figures |= {
            "lines": len(texts),
            "parse_s": time.perf_counter() - began,
            "parse_cpu_s": time.process_time() - began_cpu,
            "known": known,
        }
    json.dump(figures, sys.stdout)


if __name__ == "__main__":
    main()
