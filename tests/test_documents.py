"""The project's own documents (issue 22 §7): a README a newcomer reads in minutes, holding the two commands, and
links between the top-level documents that resolve, anchors included (GitHub's heading ids)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = sorted(ROOT.glob("*.md"))
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
README_LIMIT = 15 * 1024


def slugs(text: str) -> set[str]:
    """GitHub's ids for a Markdown file's headings (lower case, punctuation dropped, spaces to hyphens, repeats
    numbered), headings in code blocks left out."""
    found: dict[str, int] = {}
    out = set()
    fenced = False
    for line in text.splitlines():
        if line.startswith("```"):
            fenced = not fenced
            continue
        match = re.match(r"#{1,6} (.*)", line)
        if fenced or not match:
            continue
        slug = re.sub(r"[^\w\- ]", "", match.group(1).strip().lower()).replace(" ", "-")
        count = found.get(slug, 0)
        found[slug] = count + 1
        out.add(slug if count == 0 else f"{slug}-{count}")
    return out


def test_the_readme_is_short_and_holds_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.encode("utf-8")) <= README_LIMIT
    assert "make serve" in readme and re.search(r"(?m)^make test\b", readme)
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for name in ("CONTRIBUTING.md", "HACKING.md", "ARCHITECTURE.md", "EDITIONS.md", "INSTRUCTORS.md", "PERFORMANCE.md"):
        assert f"]({name})" in readme, f"the README links {name}"


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.name)
def test_every_relative_link_resolves(document: Path):
    text = document.read_text(encoding="utf-8")
    broken = []
    prose = re.sub(r"`[^`\n]*`", "", re.sub(r"(?s)```.*?```", "", text))  # examples in code are not links
    for target in LINK.findall(prose):
        if re.match(r"[a-z][a-z0-9+.-]*:", target):
            continue
        path, _, anchor = target.partition("#")
        file = (document.parent / path).resolve() if path else document
        if not file.exists():
            broken.append(target)
        elif anchor and file.suffix == ".md" and anchor not in slugs(file.read_text(encoding="utf-8")):
            broken.append(target)
    assert not broken, f"{document.name}: links that lead nowhere: {broken}"
