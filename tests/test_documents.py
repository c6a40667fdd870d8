"""The project's own documents (issue 22 §7): a README a newcomer reads in minutes, holding the two commands that CI
runs; CONTRIBUTING saying at once where writers, coders and lecturers start; links between the top-level documents
that resolve, anchors included (GitHub's heading ids); every reference to a document's section, anywhere in the
project, naming a section that exists; every document linted; and HACKING quoting the code's errors as the code
words them."""

from __future__ import annotations

import os
import re
import shlex
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from mkdocs.exceptions import PluginError

from course_reader import build_state, macros
from course_reader.config import CourseConfig
from course_reader.site import minify

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = sorted(ROOT.glob("*.md"))
NAMES = "|".join(re.escape(p.stem) for p in DOCUMENTS)
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
README_LIMIT = 15 * 1024
# (HACKING.md, "Upgrade path"), (see CONTRIBUTING, 'Declare the fields …'), [EDITIONS.md, "…"](…), README's "…";
# and "Add a glossary term" in CONTRIBUTING.md (the issue forms)
REFERENCE = re.compile(
    rf"\b(?P<doc>{NAMES})(?:\.md)?(?:'s)?,? (?:section )?(?:\"(?P<double>[^\"\n]+)\"|'(?P<single>[^'\n]+?)'(?=[),.;:\s]))"
)
REFERENCE_BEFORE = re.compile(rf"\"(?P<section>[^\"\n]+)\" in (?P<doc>{NAMES})\.md")
SKIPPED = {".git", ".venv", "node_modules", ".pytest_cache", ".mypy_cache", ".ruff_cache", "__pycache__", ".cache"}
TEXT_SUFFIXES = {".md", ".py", ".yml", ".yaml", ".cff", ".js", ".css", ".html", ".toml", ".ini", ".txt", ""}


def slugs(text: str) -> set[str]:
    """GitHub's ids for a Markdown file's headings (lower case, punctuation dropped, spaces to hyphens, repeats
    numbered), headings in code blocks left out."""
    found: dict[str, int] = {}
    out = set()
    for title in headings(text):
        slug = re.sub(r"[^\w\- ]", "", title.lower()).replace(" ", "-")
        count = found.get(slug, 0)
        found[slug] = count + 1
        out.add(slug if count == 0 else f"{slug}-{count}")
    return out


def headings(text: str) -> list[str]:
    """The text of a Markdown file's headings, outside code blocks."""
    out = []
    fenced = False
    for line in text.splitlines():
        if line.startswith("```"):
            fenced = not fenced
            continue
        match = re.match(r"#{1,6} (.*)", line)
        if match and not fenced:
            out.append(match.group(1).strip())
    return out


def _read(name: str) -> str:
    return (ROOT / name).read_text(encoding="utf-8")


def _project_files() -> list[Path]:
    """The project's own text files (its sources, tests, configuration and documents), not what tools or builds made."""
    files = []
    for folder, dirs, names in os.walk(ROOT):
        top = Path(folder) == ROOT
        dirs[:] = [d for d in dirs if d not in SKIPPED and not (top and d.startswith("site"))]
        files += [Path(folder) / name for name in names if Path(name).suffix in TEXT_SUFFIXES]
    return sorted(files)


# The README


def test_the_readme_is_short_and_holds_the_two_commands():
    readme = _read("README.md")
    assert len(readme.encode("utf-8")) <= README_LIMIT, f"README.md is over {README_LIMIT} bytes: move detail out"
    section = readme.split("## Two commands", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block, "the README's 'Two commands' section shows them in a sh block"
    commands = [line.split("#", 1)[0].strip() for line in block.group(1).splitlines() if line.strip()]
    assert commands == ["make serve", "make test"]
    ci = [
        line.strip()
        for line in _read(".ci/run").splitlines()
        if line.strip() and not line.startswith(("#", "set ", "cd "))
    ]
    assert ci == [commands[-1]], ".ci/run runs exactly the README's test command"


def test_the_readme_links_every_document():
    readme = _read("README.md")
    for document in DOCUMENTS:
        if document.name != "README.md":
            assert f"]({document.name})" in readme, f"the README links {document.name}"


def test_contributing_says_at_once_where_each_contributor_starts():
    """GitHub shows CONTRIBUTING.md to pull-request authors: before its first section it names where writers, coders
    and lecturers start."""
    first_screen = _read("CONTRIBUTING.md").split("\n## ", 1)[0]
    assert "**writing content**" in first_screen
    assert "](HACKING.md)" in first_screen and "](INSTRUCTORS.md)" in first_screen


# Links and references


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


def references(text: str) -> list[tuple[str, str]]:
    """(document, section) for each reference to a top-level document's section in `text`."""
    found = [(m["doc"], m["double"] or m["single"]) for m in REFERENCE.finditer(text)]
    return found + [(m["doc"], m["section"]) for m in REFERENCE_BEFORE.finditer(text)]


def test_references_are_recognised():
    text = """(HACKING.md, "Upgrade path") (see CONTRIBUTING, 'Declare the fields') README's "Licenses"
    [EDITIONS.md, "The web app (phones)"](EDITIONS.md#x) (see "Add a case study" in CONTRIBUTING.md)
    CONTRIBUTING.md, 'Add an editor's note' and the README, which is short"""
    assert references(text) == [
        ("HACKING", "Upgrade path"),
        ("CONTRIBUTING", "Declare the fields"),
        ("README", "Licenses"),
        ("EDITIONS", "The web app (phones)"),
        ("CONTRIBUTING", "Add a case study"),
    ]


def test_every_reference_to_a_section_names_one_that_exists():
    """A message, comment or document that sends the reader to `(DOCUMENT, "Section")` names a heading of that
    document (or the start of one), in whichever document the section now lives."""
    titles = {p.stem: [re.sub(r"`", "", h) for h in headings(p.read_text(encoding="utf-8"))] for p in DOCUMENTS}
    wrong = []
    for path in _project_files():
        if path == Path(__file__).resolve():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for document, section in references(text):
            if not any(title.startswith(section) for title in titles[document]):
                wrong.append(f"{path.relative_to(ROOT)}: {document}, {section!r}")
    assert not wrong, "references to sections that do not exist:\n  " + "\n  ".join(wrong)


# Every document linted


def test_every_document_is_linted_and_spell_checked():
    config = yaml.safe_load(_read(".pre-commit-config.yaml"))
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    for hook_id in ("pymarkdown", "codespell"):
        checked = set(shlex.split(hooks[hook_id]["entry"]))
        missing = [p.name for p in DOCUMENTS if p.name not in checked]
        assert not missing, f"the {hook_id} hook in .pre-commit-config.yaml does not check {missing}"
        assert re.search(hooks[hook_id]["files"], "HACKING.md"), f"the {hook_id} hook does not run on a document"


# The errors of the code, quoted in HACKING.md


def _hacking_quotes(message: str) -> None:
    assert message in _read("HACKING.md"), f"HACKING.md, 'Errors you may see in the code', does not quote:\n{message}"


def test_hacking_quotes_the_es5_error():
    with pytest.raises(PluginError) as error:
        minify.minify_js("assets/reader.js", "var a = 1;\nlet b = 2;\n")
    _hacking_quotes(str(error.value))


def test_hacking_quotes_the_plugin_errors(monkeypatch):
    with pytest.raises(PluginError) as error:
        macros.on_config(SimpleNamespace(plugins={}))
    _hacking_quotes(str(error.value))
    options = CourseConfig()
    options.load_dict({"sidebar_fold_above": "sixty"})
    failed, _ = options.validate()
    assert [name for name, _ in failed] == ["sidebar_fold_above"]
    _hacking_quotes(f"Plugin 'course' option 'sidebar_fold_above': {failed[0][1]}")
    monkeypatch.setattr(build_state, "_process", build_state._Process())
    with pytest.raises(PluginError) as error:
        build_state.get()
    _hacking_quotes(str(error.value))


def test_hacking_quotes_the_overrides_error(tmp_path, monkeypatch):
    sys.path.insert(0, str(ROOT / "scripts"))
    import rebase_overrides

    (tmp_path / "base.html").write_text("<html>changed upstream</html>\n", encoding="utf-8")
    monkeypatch.setitem(rebase_overrides.PATCHES, "base.html", [("this text is not in Material", "x")])
    with pytest.raises(ValueError) as error:
        rebase_overrides.generate("base.html", tmp_path)
    _hacking_quotes(str(error.value))
