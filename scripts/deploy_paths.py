"""Whether a push to main changes what is deployed: the paths of the workflow stack, the API stack and their
delivery. Reads the changed paths (`git diff --name-only BEFORE AFTER`), one per line, on stdin and writes
`deploy=true` or `deploy=false` for $GITHUB_OUTPUT; `--everything` (a new branch, a rewritten history, whose
earlier commit is unknown) writes `deploy=true`.
"""

from __future__ import annotations

import fnmatch
import sys
from collections.abc import Iterable, Sequence

# Both stacks deploy together, in order (the API stack imports the workflow stack's exports), so one list.
DEPLOYED = (
    "template.yaml",
    "samconfig.toml",
    "statemachine/**",
    "functions/**",
    "layer/**",
    "api/**",
    "scripts/deploy.sh",
    "scripts/deploy_stack.py",
    "scripts/kept_tables.py",
    "scripts/python.sh",
    "scripts/smoke.sh",
    "scripts/smoke_execution.py",
    "scripts/deploy_paths.py",
    ".github/workflows/deploy.yml",
    ".github/workflows/ci.yml",
)


def deploys(paths: Iterable[str]) -> bool:
    """True when any path is one of DEPLOYED (`dir/**`: anything under dir)."""
    return any(
        fnmatch.fnmatchcase(path, pattern.replace("/**", "/*")) for path in paths for pattern in DEPLOYED if path
    )


def main(argv: Sequence[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    deploy = arguments == ["--everything"] or deploys(line.strip() for line in sys.stdin)
    print(f"deploy={'true' if deploy else 'false'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
