"""`make help` is the table of the project's commands: every target a person runs is declared phony and listed once
with its one-line `## ` description; dev tools run through the `aichef` command, not from scripts/."""

from __future__ import annotations

import re
import subprocess

from .support import REPO

MAKEFILE = (REPO / "Makefile").read_text("utf-8")


def _phony() -> list[str]:
    (line,) = re.findall(r"^\.PHONY:(.*)$", MAKEFILE, re.M)
    return line.split()


def test_every_rule_a_person_runs_is_phony() -> None:
    """Rules named by a word (not a file or a $(STAMP)) are commands; each must be in .PHONY to be in `make help`."""
    rules = re.findall(r"^([a-z][a-z0-9-]*):(?!=)", MAKEFILE, re.M)

    assert sorted(set(rules)) == sorted(_phony())


def test_make_help_lists_every_target_once_with_one_line() -> None:
    completed = subprocess.run(
        ["make", "--no-print-directory", "help"], cwd=REPO, capture_output=True, text=True, timeout=60, check=False
    )

    assert completed.returncode == 0, completed.stderr
    rows = [re.fullmatch(r"  make (\S+) +(\S.*)", line) for line in completed.stdout.splitlines()]
    assert all(rows), completed.stdout
    listed = [row.group(1) for row in rows if row]
    assert sorted(listed) == sorted(_phony())  # each once: a target without a `## ` line is missing here
    assert all(len(line) <= 120 for line in completed.stdout.splitlines())


def test_make_record_runs_the_runners_record_command() -> None:
    recipe = re.search(r"^record:.*\n((?:\t.*\n)+)", MAKEFILE, re.M)

    assert recipe is not None
    assert recipe.group(1) == "\t$(BIN)/aichef record $(RECORD_ARGS)\n"
    assert not (REPO / "scripts" / "record_converse.py").exists()


def test_make_mutate_runs_the_runners_mutation_report_with_the_files_it_names() -> None:
    """The mutation report is a dev tool: a module of the runner, its preload list beside the accepted equivalents."""
    import tomllib

    recipe = re.search(r"^mutate:.*\n((?:\t.*\n)+)", MAKEFILE, re.M)
    mutmut = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["tool"]["mutmut"]

    assert recipe is not None
    assert recipe.group(1) == "\t$(MUTATE_VENV)/bin/python -m aichef_local.mutation_report $(MODULES)\n"
    assert (REPO / "local" / "aichef_local" / "mutation_report.py").is_file()
    assert mutmut["preload_modules_file"] == "tests/unit/mutation_preload.txt"
    assert (REPO / mutmut["preload_modules_file"]).is_file()
    assert "docs" in mutmut["also_copy"]  # tests/unit reads the docs' figures (the counts, the first-use section)


def test_scripts_holds_only_what_deploys_and_the_data_imports() -> None:
    """scripts/ is delivery (deploy, smoke, the pipeline's helpers) and the importers that re-derive the layer's data
    from open data (docs/data.md says why they stay); test and dev tools live with the runner or the tests."""
    scripts = sorted(path.name for path in (REPO / "scripts").iterdir() if path.name != "__pycache__")

    assert scripts == [
        "configuration_digest.py",
        "deploy.sh",
        "deploy_paths.py",
        "deploy_stack.py",
        "discord_notice.py",
        "import_fdc_names.py",
        "import_fdc_portions.py",
        "kept_tables.py",
        "python.sh",
        "smoke.sh",
        "smoke_execution.py",
    ]
