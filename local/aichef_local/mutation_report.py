"""`make mutate` (`python -m aichef_local.mutation_report [MODULE ...]`): mutmut over the pure domain modules with
tests/unit, one file at a time, and the score per file.

mutmut names a mutant by its file's path (stripping only "src."), so the tree is staged in .venv/mutmut/ with
layer/aichef copied to src/aichef (inside .venv, which the scans and git skip): the mutants are then named
aichef.<module>.x_<function>__mutmut_<n>, as imported.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORK = ROOT / os.environ.get("MUTATE_DIR", ".venv/mutmut")  # another directory lets two runs go side by side
EQUIVALENTS = ROOT / "tests" / "unit" / "mutation_equivalents.txt"
TARGET = 98.0
SKIP = shutil.ignore_patterns(".git", ".venv*", "node_modules", ".aws-sam", ".aichef", "__pycache__")
# mutmut's exit codes (mutmut/stats.py): a test failed (1, 3), timed out (36, 24, -24, 152, 255) or crashed (-9, -11)
DETECTED = {1, 3, 36, 24, -24, 152, 255, -9, -11}


@dataclass(frozen=True)
class FileScore:
    """One module's mutants: detected, survived (minus the accepted equivalents) and never run."""

    module: str
    total: int
    killed: int
    equivalent: int
    accepted: frozenset[str]
    undetected: tuple[str, ...]

    @property
    def survivors(self) -> tuple[str, ...]:
        return tuple(name for name in self.undetected if name not in self.accepted)

    @property
    def score(self) -> float:
        judged = self.total - self.equivalent
        return 100.0 * self.killed / judged if judged else 100.0


def modules() -> list[str]:
    """The modules [tool.mutmut] only_mutate lists, as aichef.<module> names."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["mutmut"]
    return [f"aichef.{Path(pattern).stem}" for pattern in config["only_mutate"]]


def equivalents() -> dict[str, str]:
    """Accepted equivalent mutants: 'name  reason' per line, '#' comments."""
    accepted: dict[str, str] = {}
    for line in EQUIVALENTS.read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, reason = line.partition(" ")
            if not reason.strip():
                raise SystemExit(f"{EQUIVALENTS.name}: {name} has no reason")
            accepted[name] = reason.strip()
    return accepted


def stage() -> None:
    """A fresh copy of the working tree in .venv/mutmut/ with the domain package at src/aichef (no cached verdicts)."""
    shutil.rmtree(WORK, ignore_errors=True)
    shutil.copytree(ROOT, WORK, ignore=SKIP, dirs_exist_ok=True)
    shutil.copytree(ROOT / "layer" / "aichef", WORK / "src" / "aichef", ignore=SKIP, dirs_exist_ok=True)


def run(module: str) -> None:
    """mutmut on one module's mutants (two workers: the machine is shared); its listing goes to <WORK>/<module>.log."""
    print(f"mutmut: {module} ...", flush=True)
    with (WORK / f"{module}.log").open("w") as log:
        command = [sys.executable, "-m", "mutmut", "run", "--max-children", "2", f"{module}.*"]
        subprocess.run(command, cwd=WORK, stdout=log, stderr=subprocess.STDOUT, check=True)


def score(module: str, accepted: dict[str, str]) -> FileScore:
    """The module's figures from mutmut's .meta file."""
    meta = WORK / "mutants" / "src" / "aichef" / f"{module.split('.')[-1]}.py.meta"
    codes: dict[str, int | None] = json.loads(meta.read_text("utf-8"))["exit_code_by_key"]
    survived = sorted(name for name, code in codes.items() if code not in DETECTED)
    return FileScore(
        module=module,
        total=len(codes),
        killed=len(codes) - len(survived),
        equivalent=sum(name in accepted for name in survived),
        accepted=frozenset(accepted),
        undetected=tuple(survived),
    )


def main() -> int:
    """Stage, mutate each module, print the table; exit 1 when a file is under the target or an entry is stale."""
    accepted = equivalents()
    stage()
    targets = sys.argv[1:] or modules()
    for module in targets:
        run(module)
    scores = [score(module, accepted) for module in targets]
    print(f"\n{'file':<22}{'mutants':>8}{'killed':>8}{'equiv.':>8}{'survived':>10}{'score':>9}")
    for s in scores:
        print(f"{s.module:<22}{s.total:>8}{s.killed:>8}{s.equivalent:>8}{len(s.survivors):>10}{s.score:>8.1f}%")
    for s in scores:
        for name in s.survivors:
            print(f"survived: {name}   (cd {WORK} && ../mutate/bin/mutmut show {name})")
    surviving = {name for s in scores for name in s.undetected}
    stale = [name for name in accepted if name.startswith(tuple(f"{m}." for m in targets)) and name not in surviving]
    for name in stale:
        print(f"stale equivalent (killed or gone; remove it from {EQUIVALENTS.name}): {name}")
    below = [s.module for s in scores if s.score < TARGET]
    if below:
        print(f"under {TARGET:.0f}% of non-equivalent mutants killed: {', '.join(below)}")
    return 1 if below or stale else 0


if __name__ == "__main__":
    sys.exit(main())
