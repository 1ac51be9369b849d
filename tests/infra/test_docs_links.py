"""The README and the docs/ pages link to files and headings that exist (GitHub's heading anchors), and every page
is reachable from the README's table of contents."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .support import REPO

PAGES = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
LINK = re.compile(r"\]\(([^)\s]+)\)")


def anchor(heading: str) -> str:
    """GitHub's anchor of a heading: lower case, punctuation dropped (letters, digits, '-' and '_' kept), spaces to
    '-'."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(page: Path) -> set[str]:
    text = re.sub(r"^```.*?^```\n", "", page.read_text("utf-8"), flags=re.DOTALL | re.M)
    return {anchor(heading) for heading in re.findall(r"^#+ (.*)$", text, re.M)}


def test_anchor_follows_githubs_rule() -> None:
    assert anchor("Set-up, once per AWS account and repository") == "set-up-once-per-aws-account-and-repository"
    assert anchor("`scripts/deploy.sh`") == "scriptsdeploysh"
    assert anchor("Cost per 1,000 executions") == "cost-per-1000-executions"
    assert anchor("The API stack's deploy role") == "the-api-stacks-deploy-role"


@pytest.mark.parametrize("page", PAGES, ids=lambda page: str(page.relative_to(REPO)))
def test_every_relative_link_reaches_a_file_and_heading(page: Path) -> None:
    text = re.sub(r"^```.*?^```\n", "", page.read_text("utf-8"), flags=re.DOTALL | re.M)
    broken = []
    for target in LINK.findall(text):
        if re.match(r"[a-z]+:", target):
            continue  # https: and the like
        path, _, fragment = target.partition("#")
        linked = (page.parent / path).resolve() if path else page
        if not linked.exists() or (fragment and linked.suffix == ".md" and fragment not in anchors(linked)):
            broken.append(target)

    assert broken == []


def test_every_docs_page_is_in_the_readme_and_says_what_it_is_for() -> None:
    readme = (REPO / "README.md").read_text("utf-8")
    for page in PAGES[1:]:
        lines = page.read_text("utf-8").splitlines()
        assert f"](docs/{page.name})" in readme, page.name
        assert lines[0].startswith("# ") and lines[1] == "" and lines[2] and not lines[2].startswith(("#", "|", "-"))
