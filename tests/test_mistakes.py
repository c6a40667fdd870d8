"""The catalogue of contributor mistakes ("Errors you may see" in CONTRIBUTING.md).

Each test copies the project, in which a good site has already been built, makes ONE mistake and builds again
as `make build` does. A mistake must stop the build with a message naming the file (and line) and the fix, and
leave the good site exactly as it was; markup in the data must build and come out escaped.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from support.payloads import PAYLOADS, check_build, inject, scripts_of
from support.project import ROOT, build_site

CONTRIBUTING = ROOT / "CONTRIBUTING.md"
PAGE = "docs/tools/index.md"  # the page the page-level mistakes are made in
PAGE_HTML = "tools/index.html"
GLOSSARY = "data/glossary.yml"
CASES = "data/case_studies.yml"
STRICT_ABORT = "warnings in strict mode!"  # MkDocs: "Aborted with N warnings in strict mode!"
NOT_COPIED = {".git", ".venv", "node_modules", "site", "site.building", "site.old", "tests", ".pytest_cache", ".cache"}


# The project copies


def _ignore(directory: str, names: list[str]) -> list[str]:
    top = Path(directory) == ROOT
    return [n for n in names if n == "__pycache__" or (top and n in NOT_COPIED)]


def _digest(site: Path) -> str:
    """One hash over every file's path and bytes: equal digests mean an unchanged site."""
    h = hashlib.sha256()
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        h.update(path.relative_to(site).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="session")
def good_project(tmp_path_factory) -> tuple[Path, str]:
    """A copy of the project with a good site built in it, once per session; (copy, digest of its site)."""
    project = tmp_path_factory.mktemp("mistakes") / "good"
    shutil.copytree(ROOT, project, ignore=_ignore)
    if (ROOT / "node_modules").is_dir():
        (project / "node_modules").symlink_to(ROOT / "node_modules")
    # The PDF and EPUB (tests/editions/test_editions.py) add a minute to each passing build: this copy leaves them out
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  editions: !ENV [READER_EDITIONS, true]\n" in text
    config.write_text(
        text.replace("  editions: !ENV [READER_EDITIONS, true]\n", "  editions: false\n"), encoding="utf-8"
    )
    result = build_site(project, project / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    return project, _digest(project / "site")


@pytest.fixture
def project(good_project, tmp_path) -> Path:
    """A fresh copy of the good project, its good site included."""
    copy = tmp_path / "project"
    shutil.copytree(good_project[0], copy, symlinks=True)
    return copy


# Making mistakes: each returns the values its expected messages need (line numbers)


def _append_to_page(project: Path, markdown: str) -> dict[str, int]:
    path = project / PAGE
    text = path.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    path.write_text(text + markdown + "\n", encoding="utf-8")
    return {"line": text.count("\n") + 1}


def _append_to_data(project: Path, data: str, entry: str) -> dict[str, int]:
    path = project / data
    text = path.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    path.write_text(text + entry, encoding="utf-8")
    return {"line": text.count("\n") + 1}


def _edit_field(
    project: Path, data: str, entry_id: str, field: str, edit: Callable[[str], str | None]
) -> dict[str, int]:
    """Rewrite (or, if `edit` returns None, delete) the `field:` line of entry `entry_id`; return both lines."""
    path = project / data
    lines = path.read_text(encoding="utf-8").split("\n")
    entry = lines.index(f"  - id: {entry_id}")
    index = next(i for i in range(entry + 1, len(lines)) if lines[i].startswith(f"    {field}:"))
    new = edit(lines[index])
    lines[index : index + 1] = [] if new is None else [new]
    path.write_text("\n".join(lines), encoding="utf-8")
    return {"entry": entry + 1, "line": index + 1}


def unknown_term(project: Path) -> dict[str, int]:
    return _append_to_page(project, 'The Alliance is {{ term("natto") }}.')


def unknown_case_study(project: Path) -> dict[str, int]:
    return _append_to_page(project, '{{ case_study("us-natto") }}')


def unclosed_macro(project: Path) -> dict[str, int]:
    return _append_to_page(project, 'The Alliance is {{ term("nato" }}.')


def duplicate_glossary_id(project: Path) -> dict[str, int]:
    lines = (project / GLOSSARY).read_text(encoding="utf-8").split("\n")
    first = lines.index("  - id: nato") + 1
    entry = "  - id: nato\n    term: North Atlantic Alliance\n    short: The alliance founded by the North Atlantic Treaty.\n"
    return {**_append_to_data(project, GLOSSARY, entry), "first": first}


def yaml_tab(project: Path) -> dict[str, int]:
    return _edit_field(project, GLOSSARY, "nato", "term", lambda line: "\t" + line.lstrip(" "))


def yaml_indentation(project: Path) -> dict[str, int]:
    return _edit_field(project, GLOSSARY, "nato", "term", lambda line: " " + line)


def missing_short(project: Path) -> dict[str, int]:
    return _edit_field(project, GLOSSARY, "nato", "short", lambda line: None)


def misspelt_field(project: Path) -> dict[str, int]:
    return _edit_field(project, GLOSSARY, "nato", "short", lambda line: line.replace("short:", "shrt:", 1))


def missing_case_region(project: Path) -> dict[str, int]:
    return _edit_field(project, CASES, "us-nato", "region", lambda line: None)


def broken_link(project: Path) -> dict[str, int]:
    return _append_to_page(project, "See [the exercises](exercise.md).")


def broken_anchor(project: Path) -> dict[str, int]:
    return _append_to_page(project, "See [military attachés](attaches.md#no-such-section).")


def page_not_in_nav(project: Path) -> dict[str, int]:
    (project / "docs/tools/sanctions.md").write_text(
        "---\ntitle: Sanctions\ndescription: Sanctions as a tool of statecraft.\n---\n\n# Sanctions\n\nSee [Tools](index.md).\n",
        encoding="utf-8",
    )
    return {}


def unused_term(project: Path) -> dict[str, int]:
    entry = "  - id: sanctions\n    term: Sanctions\n    short: Measures that restrict trade or finance to press a state to change course.\n"
    return _append_to_data(project, GLOSSARY, entry)


def no_front_matter(project: Path) -> dict[str, int]:
    path = project / PAGE
    text = path.read_text(encoding="utf-8")
    path.write_text(text.split("---\n", 2)[2].lstrip("\n"), encoding="utf-8")
    return {}


def no_title(project: Path) -> dict[str, int]:
    path = project / PAGE
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"\ntitle: [^\n]*", "", text, count=1), encoding="utf-8")
    return {}


LEARNING = "data/learning.yml"


def _line_of(project: Path, data: str, text: str) -> int:
    """The line of `data` on which `text` starts."""
    content = (project / data).read_text(encoding="utf-8")
    return content[: content.index(text)].count("\n") + 1


def _replace(project: Path, data: str, old: str, new: str, after: str = "") -> int:
    """Replace the first `old` (after the text `after`) in `data` by `new`; return the line where it was."""
    path = project / data
    content = path.read_text(encoding="utf-8")
    at = content.index(old, content.index(after))
    path.write_text(content[:at] + new + content[at + len(old) :], encoding="utf-8")
    return content[:at].count("\n") + 1


def yaml_alias_bomb(project: Path) -> dict[str, int]:
    """The issue's 10-line alias bomb: each line repeats the previous one nine times (9^9 strings if expanded)."""
    lines = ["lol0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"lol{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 10)]
    return {"line": _append_to_data(project, LEARNING, "\n".join(lines) + "\n")["line"] + 1}


def data_file_too_large(project: Path) -> dict[str, int | str]:
    path = project / GLOSSARY
    filler = "# " + "x" * 98 + "\n"
    path.write_text(path.read_text(encoding="utf-8") + filler * 10_000, encoding="utf-8")
    return {"bytes": f"{path.stat().st_size:,}"}


def duplicate_key(project: Path) -> dict[str, int]:
    first = _line_of(project, GLOSSARY, "    short: The North Atlantic Treaty Organization")
    line = _replace(
        project,
        GLOSSARY,
        "    definition: >-\n",
        "    short: The Atlantic alliance.\n    definition: >-\n",
        "  - id: nato\n",
    )
    return {"line": line, "first": first}


def not_utf8(project: Path) -> dict[str, int]:
    path = project / GLOSSARY
    data = path.read_bytes()
    at = data.index("attaché".encode())
    line = data.count(b"\n", 0, at) + 1
    column = at - (data.rfind(b"\n", 0, at) + 1) + len("attach") + 1
    path.write_bytes(data.replace("attaché".encode(), "attaché".encode("latin-1"), 1))
    return {"line": line, "column": column}


def unclosed_quote(project: Path) -> dict[str, int]:
    return {"line": _replace(project, GLOSSARY, "    short: The North Atlantic", '    short: "The North Atlantic')}


def chapters_as_list(project: Path) -> dict[str, int]:
    (project / LEARNING).write_text(
        "home:\n  objectives:\n    - Define military diplomacy.\n    - Describe its tools.\n"
        "chapters:\n  - role/index.md\n  - history/index.md\n",
        encoding="utf-8",
    )
    return {"line": 5}


def home_as_list(project: Path) -> dict[str, int]:
    return {"line": _replace(project, LEARNING, "home:\n  objectives:\n", "home:\n  - objectives:\n")}


def objective_as_mapping(project: Path) -> dict[str, int]:
    line = _line_of(project, LEARNING, "  role/index.md:\n") + 1
    _replace(
        project, LEARNING, "      - Define military diplomacy in terms", "      - Define military diplomacy: in terms"
    )
    return {"line": line}


def too_few_questions(project: Path) -> dict[str, int]:
    path = project / LEARNING
    lines = path.read_text(encoding="utf-8").split("\n")
    start = lines.index("  role/index.md:")
    questions = next(i for i in range(start, len(lines)) if lines[i] == "    questions:")
    items = [i for i in range(questions + 1, len(lines)) if lines[i].startswith("      - q:")]
    end = next(i for i in range(questions + 1, len(lines)) if lines[i] and not lines[i].startswith("      "))
    keep = items[2]  # the first two questions stay
    path.write_text("\n".join(lines[:keep] + lines[end:]), encoding="utf-8")
    return {"line": questions + 1}


def _drop_rubric(project: Path, data: str, entry_start: str) -> dict[str, int]:
    """Delete the first 'rubric:' of `data` and its points; return the line of the entry (starting with
    `entry_start`) it belonged to."""
    path = project / data
    lines = path.read_text(encoding="utf-8").split("\n")
    rubric = next(i for i, line in enumerate(lines) if line.lstrip() == "rubric:")
    entry = max(i for i in range(rubric) if lines[i].startswith(entry_start))
    point = " " * (len(lines[rubric]) - len(lines[rubric].lstrip()) + 2) + "- "
    end = next(i for i in range(rubric + 1, len(lines)) if not lines[i].startswith(point))
    path.write_text("\n".join(lines[:rubric] + lines[end:]), encoding="utf-8")
    return {"line": entry + 1}


def evaluate_question_without_rubric(project: Path) -> dict[str, int]:
    return _drop_rubric(project, LEARNING, "      - q:")


def prompt_without_rubric(project: Path) -> dict[str, int]:
    return _drop_rubric(project, "data/teaching.yml", "    - kind:")


def case_id_index(project: Path) -> dict[str, int]:
    return {"line": _replace(project, CASES, "  - id: us-nato\n", "  - id: index\n")}


def term_id_letter(project: Path) -> dict[str, int]:
    return {"line": _replace(project, GLOSSARY, "  - id: nato\n", "  - id: letter-c\n")}


def term_id_cite(project: Path) -> dict[str, int]:
    return {"line": _replace(project, GLOSSARY, "  - id: nato\n", "  - id: cite-this-page\n")}


def script_link_in_definition(project: Path) -> dict[str, int]:
    new = "    definition: >-\n      See [the treaty](javascript:alert(1)).\n"
    return {"line": _replace(project, GLOSSARY, "    definition: >-\n", new, "  - id: nato\n")}


def page_not_utf8(project: Path) -> dict[str, int]:
    path = project / PAGE
    text = path.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    path.write_bytes(text.encode() + "Military attaché.\n".encode("latin-1"))
    return {"line": text.count("\n") + 1, "column": len("Military attach") + 1}


def front_matter_invalid(project: Path) -> dict[str, int]:
    return {"line": _replace(project, PAGE, "\ndescription: ", "\ndescription: Tools: ") + 1}


def front_matter_duplicate_title(project: Path) -> dict[str, int]:
    _replace(project, PAGE, "---\n", "---\ntitle: Tools\n")
    return {"line": 3, "first": 2}


@dataclass(frozen=True)
class Mistake:
    id: str
    make: Callable[[Path], dict[str, int | str]]
    expected: list[str]  # messages; <line>, <entry>, <first> stand for the numbers make() returns
    unwanted: list[str] = field(default_factory=list)  # text a good message must not contain


CATALOGUE = [
    Mistake(
        "unknown-glossary-term",
        unknown_term,
        [
            PAGE
            + ":<line>: unknown glossary term 'natto' (did you mean 'nato'?) — use an id from data/glossary.yml, or add the term there"
        ],
    ),
    Mistake(
        "unknown-case-study",
        unknown_case_study,
        [
            PAGE
            + ":<line>: unknown case study 'us-natto' (did you mean 'us-nato'?) — use an id from data/case_studies.yml, or add the case study there"
        ],
    ),
    Mistake(
        "unclosed-macro",
        unclosed_macro,
        [
            PAGE + ":<line>: macro syntax error (unexpected '}', expected ')') — a macro reads like "
            '{{ term("nato") }}: check the brackets, quotes and closing }}'
        ],
    ),
    Mistake(
        "duplicate-glossary-id",
        duplicate_glossary_id,
        [
            GLOSSARY
            + ":<line>: entry 'nato': duplicate id 'nato' (first defined on line <first>) — rename one of them or merge the two entries"
        ],
    ),
    Mistake(
        "yaml-tab",
        yaml_tab,
        [GLOSSARY + ":<line>: a tab is used for indentation — YAML needs spaces; replace it with two spaces"],
    ),
    Mistake(
        "yaml-indentation",
        yaml_indentation,
        [
            GLOSSARY + ":<line>: invalid YAML (mapping values are not allowed in this context) — check the indentation "
            "(two spaces per level) and quote text that contains ': ' or starts with a special character"
        ],
    ),
    Mistake(
        "missing-required-field",
        missing_short,
        [
            GLOSSARY
            + ":<entry>: entry 'nato': field 'short' is missing — add a one-sentence definition (it becomes the tooltip)"
        ],
        # The entry still exists: other entries' see_also: [nato] must not be reported as pointing to nothing.
        unwanted=["points to unknown id 'nato'"],
    ),
    Mistake(
        "misspelt-field",
        misspelt_field,
        [
            GLOSSARY + ":<line>: entry 'nato': unknown field 'shrt' (did you mean 'short'?) — allowed fields: "
            "id, term, abbr, aliases, short, definition, see_also",
            GLOSSARY
            + ":<entry>: entry 'nato': field 'short' is missing — add a one-sentence definition (it becomes the tooltip)",
        ],
        unwanted=["points to unknown id 'nato'"],
    ),
    Mistake(
        "missing-case-study-field",
        missing_case_region,
        [
            CASES + ":<entry>: entry 'us-nato': field 'region' is missing — add a region, e.g. 'Europe', "
            "'Asia-Pacific', 'Middle East' or 'Global'"
        ],
    ),
    Mistake(
        "broken-link",
        broken_link,
        [
            "Doc file 'tools/index.md' contains a link 'exercise.md', but the target 'tools/exercise.md' "
            "is not found among documentation files.",
            STRICT_ABORT,
        ],
    ),
    Mistake(
        "broken-anchor",
        broken_anchor,
        [
            "Doc file 'tools/index.md' contains a link 'attaches.md#no-such-section', but the doc "
            "'tools/attaches.md' does not contain an anchor '#no-such-section'.",
            STRICT_ABORT,
        ],
    ),
    Mistake(
        "page-not-in-nav",
        page_not_in_nav,
        [
            "docs/tools/sanctions.md: this page is not in the navigation — add it under 'nav:' in mkdocs.yml "
            "(e.g. '- tools/sanctions.md' inside its chapter), or delete it"
        ],
    ),
    Mistake(
        "glossary-term-not-used",
        unused_term,
        [
            GLOSSARY + ":<line>: glossary entry 'sanctions' is not used on any page — link it where the reader "
            'first meets it with {{ term("sanctions") }}, or remove the entry',
            STRICT_ABORT,
        ],
    ),
    Mistake(
        "no-front-matter",
        no_front_matter,
        [PAGE + ":1: the page has no front matter — start it with '---', 'title: …', 'description: …', '---'"],
    ),
    Mistake(
        "no-front-matter-title",
        no_title,
        [PAGE + ":1: the front matter has no 'title:' — add title: the page title"],
    ),
]


CATALOGUE += [
    Mistake(
        "yaml-alias-bomb",
        yaml_alias_bomb,
        [
            LEARNING + ":<line>: YAML aliases (*a0) are not allowed in the reader's files — write the text out in "
            "full (a repeated alias can make the build use unbounded memory)"
        ],
    ),
    Mistake(
        "data-file-too-large",
        data_file_too_large,
        [
            GLOSSARY + ": the file is <bytes> bytes, over the limit of 1,000,000 for one data file — check that "
            "nothing was pasted in by mistake, or split the content"
        ],
    ),
    Mistake(
        "duplicate-key",
        duplicate_key,
        [
            GLOSSARY + ":<line>: duplicate key 'short' (first on line <first>) — a key may appear once per entry: "
            "remove one of the two or merge them"
        ],
    ),
    Mistake(
        "not-utf8",
        not_utf8,
        [
            GLOSSARY + ":<line>: byte 0xe9 in column <column> is not UTF-8 text — save the file as UTF-8 (in most "
            "editors: File › Save with encoding › UTF-8) and check the characters on that line"
        ],
    ),
    Mistake(
        "unclosed-quote",
        unclosed_quote,
        [
            GLOSSARY + ":<line>: this quote is never closed (found unexpected end of stream) — close it with the "
            "same quote character; inside '…' write a quote as '', inside \"…\" as \\\", or put the text after >- "
            "on the next lines without quotes"
        ],
    ),
    Mistake(
        "learning-chapters-as-list",
        chapters_as_list,
        [
            LEARNING + ":<line>: top level: field 'chapters' must be one entry per chapter page, e.g. "
            "'role/index.md:' with its fields under it, got a list"
        ],
    ),
    Mistake(
        "learning-home-as-list",
        home_as_list,
        [
            LEARNING + ":<line>: top level: field 'home' must be the home page's course objectives, as "
            "'objectives:' with a list under it, got a list"
        ],
    ),
    Mistake(
        "learning-objective-as-mapping",
        objective_as_mapping,
        [
            LEARNING + ":<line>: chapter 'role/index.md': field 'objectives' must be a list of learning objectives, "
            "one sentence each (one item is a mapping (key: value lines))"
        ],
    ),
    Mistake(
        "learning-too-few-questions",
        too_few_questions,
        [LEARNING + ":<line>: chapter 'role/index.md': field 'questions' needs 3–5 items, has 2"],
    ),
    Mistake(
        "evaluate-question-without-rubric",
        evaluate_question_without_rubric,
        [
            LEARNING + ":<line>: chapter 'role/index.md', question 4: field 'rubric' is missing — an evaluate question"
            " needs one: add 'rubric:' with two to four points, each saying what a strong answer does, e.g. ['Names"
            " …', 'Weighs …']"
        ],
    ),
    Mistake(
        "prompt-without-rubric",
        prompt_without_rubric,
        [
            "data/teaching.yml:<line>: prompts: role/index.md: prompt 1: field 'rubric' is missing — every prompt"
            " needs one: add 'rubric:' with two to four points, each saying what a strong answer does, e.g. ['Names"
            " …', 'Weighs …']"
        ],
    ),
    Mistake(
        "case-id-index",
        case_id_index,
        [
            CASES + ":<line>: entry 'index': the id 'index' would make the page cases/index.md, which is "
            "docs/cases/index.md already — choose another id (the case study's page is cases/<id>.md)"
        ],
    ),
    Mistake(
        "term-id-letter",
        term_id_letter,
        [
            GLOSSARY + ":<line>: entry 'letter-c': the id 'letter-c' is already used on the glossary page by the A–Z "
            "heading 'letter-c' — choose another id (ids starting with 'letter-' are the A–Z headings)"
        ],
    ),
    Mistake(
        "term-id-cite-this-page",
        term_id_cite,
        [
            GLOSSARY + ":<line>: entry 'cite-this-page': the id 'cite-this-page' is already used on the glossary "
            "page by the 'Cite this page' heading — choose another id (ids starting with 'letter-' are the A–Z headings)"
        ],
    ),
    Mistake(
        "script-link-in-definition",
        script_link_in_definition,
        [
            GLOSSARY + ":<line>: entry 'nato': field 'definition': the link to 'javascript:alert(1)' is not allowed "
            "(links go to relative paths, http(s): or mailto:) — change or remove the link"
        ],
    ),
]


CATALOGUE += [
    Mistake(
        "page-not-utf8",
        page_not_utf8,
        [
            PAGE + ":<line>: byte 0xe9 in column <column> is not UTF-8 text — save the file as UTF-8 (in most "
            "editors: File › Save with encoding › UTF-8) and check the characters on that line"
        ],
    ),
    Mistake(
        "front-matter-invalid-yaml",
        front_matter_invalid,
        [
            PAGE + ":<line>: invalid YAML (mapping values are not allowed in this context) — check the indentation "
            "(two spaces per level) and quote text that contains ': ' or starts with a special character"
        ],
        unwanted=["has no 'title:'"],
    ),
    Mistake(
        "front-matter-duplicate-key",
        front_matter_duplicate_title,
        [
            PAGE + ":<line>: duplicate key 'title' (first on line <first>) — a key may appear once per entry: "
            "remove one of the two or merge them"
        ],
    ),
]


# Issue 26: raw HTML in a page, symbolic links, ids with a line break, nesting


def page_script(project: Path) -> dict[str, int]:
    return _append_to_page(project, "<script>alert(1)</script>")


def page_onclick(project: Path) -> dict[str, int]:
    return _append_to_page(project, '## Sanctions { onclick="alert(1)" }')


def symlink_outside(project: Path) -> dict[str, int | str]:
    secret = project.parent / "secret.txt"
    secret.write_text("not the reader's\n", encoding="utf-8")
    (project / "docs" / "assets" / "leak.txt").symlink_to(secret)
    return {"target": str(secret)}


def id_line_break(project: Path) -> dict[str, int]:
    return {"line": _replace(project, GLOSSARY, "  - id: nato\n", '  - id: "nato\\n"\n')}


def yaml_nested(project: Path) -> dict[str, int]:
    return _append_to_data(project, GLOSSARY, "deep: " + "[" * 100_000 + "]" * 100_000 + "\n")


CATALOGUE += [
    Mistake(
        "raw-html-script",
        page_script,
        [
            PAGE + ":<line>: <script> is not allowed in a page — a script in a page runs in every reader's browser: "
            "remove it; a maintainer may allow it on this page in mkdocs.yml (plugins: - course: raw_html: "
            "tools/index.md: [script])"
        ],
    ),
    Mistake(
        "raw-html-event-handler",
        page_onclick,
        [
            PAGE + ":<line>: the attribute onclick (on <h2>) is not allowed in a page — event handlers run as script "
            "in every reader's browser: remove it (a maintainer may grant a script that adds the behaviour)"
        ],
    ),
    Mistake(
        "symlink-outside-the-project",
        symlink_outside,
        [
            "docs/assets/leak.txt: a symbolic link to <target>, outside the project — the build would publish that "
            "file in the site, the offline zip and the web app: copy what the reader needs into the project, or "
            "remove the link"
        ],
    ),
    Mistake(
        "id-with-a-line-break",
        id_line_break,
        [
            GLOSSARY + ":<line>: entry 'nato\\n': field 'id' must be lowercase letters, digits and hyphens, e.g. "
            "'nato' (it has a space or a line break: check the quotes)"
        ],
        unwanted=["points to unknown id"],
    ),
    Mistake(
        "yaml-nested-too-deeply",
        yaml_nested,
        [
            GLOSSARY + ":<line>: the YAML is nested more than 32 levels deep here (lists or mappings inside each "
            "other) — check the brackets and indentation: the reader's files need 5 at most"
        ],
    ),
]


def _site_kept(project: Path, good_digest: str) -> None:
    assert _digest(project / "site") == good_digest, "the failed build changed the previously built site"
    assert not (project / "site.building").exists(), "the half-built staging directory was left behind"
    assert not (project / "site.old").exists()


@pytest.mark.slow
@pytest.mark.parametrize("mistake", CATALOGUE, ids=[m.id for m in CATALOGUE])
def test_mistake_fails_with_an_actionable_message(mistake: Mistake, project: Path, good_project) -> None:
    values = mistake.make(project)
    result = build_site(project, project / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0, f"the build passed despite the mistake:\n{output}"
    for template in mistake.expected:
        message = _fill(template, values)
        assert message in output, f"expected\n  {message}\nin\n{output}"
    for text in mistake.unwanted:
        assert text not in output, f"misleading follow-on message {text!r} in\n{output}"
    assert "Traceback" not in output
    _site_kept(project, good_project[1])


@pytest.mark.slow
def test_a_strict_build_with_warnings_makes_no_edition_to_hide_them(project: Path, good_project) -> None:
    """The editions (left out of the catalogue's copy) are not made once MkDocs has warnings: a broken anchor gets
    MkDocs' own message and its strict-mode stop, not an edition's error about the link."""
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("  editions: false\n", "  editions: true\n"), encoding="utf-8"
    )
    broken_anchor(project)
    result = build_site(project, project / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "does not contain an anchor '#no-such-section'" in output and STRICT_ABORT in output, output
    assert "PDF and EPUB editions: not made — 1 warning(s) above stop this strict build" in output, output
    assert "PDF edition:" not in output and "EPUB edition:" not in output and "Traceback" not in output
    _site_kept(project, good_project[1])


INJECTED_SHORT = """He said "hi" onmouseover="alert(1)" <script>alert('short')</script> & left."""
INJECTED_DEFINITION = """<script>alert('definition')</script> <img src=x onerror="alert(2)"> a "quoted" claim & more."""


def _quoted(text: str) -> str:
    """A single-quoted YAML scalar."""
    return "'" + text.replace("'", "''") + "'"


def _no_active_markup(soup: BeautifulSoup) -> None:
    assert not [s for s in soup.find_all("script") if "alert" in s.get_text()], "an injected <script> element"
    assert not soup.find_all(attrs={"onmouseover": True}) and not soup.find_all(attrs={"onerror": True})


@pytest.mark.slow
def test_markup_in_a_definition_is_escaped(project: Path, good_project) -> None:
    path = project / GLOSSARY
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: nato\n")
    end = text.find("\n  - id: ", start) + 1 or len(text)
    entry = re.sub(r"\n    short: [^\n]*", "\n    short: " + _quoted(INJECTED_SHORT), text[start:end], count=1)
    entry = re.sub(
        r"\n    definition: >-\n(?:      [^\n]*\n)+",
        "\n    definition: " + _quoted(INJECTED_DEFINITION) + "\n",
        entry,
        count=1,
    )
    assert yaml.safe_load("terms:\n" + entry)["terms"][0]["short"] == INJECTED_SHORT
    path.write_text(text[:start] + entry + text[end:], encoding="utf-8")
    _append_to_page(project, 'The {{ term("nato") }} again.')
    result = build_site(project, project / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    assert _digest(project / "site") != good_project[1], "the good build was not replaced by the new one"
    assert not (project / "site.building").exists()

    page = BeautifulSoup((project / "site" / PAGE_HTML).read_text(encoding="utf-8"), "html.parser")
    _no_active_markup(page)
    links = page.select('a.glossary-term[data-term="nato"]')
    assert links
    for link in links:
        assert set(link.attrs) == {"class", "data-term", "href", "aria-describedby"}, link.attrs
        definition = page.find(id=link["aria-describedby"])  # the popup's text (hooks/course_reader/site/previews.py)
        assert definition is not None and not definition.find(True), definition
        assert definition.get_text() == INJECTED_SHORT

    glossary = BeautifulSoup((project / "site/glossary/index.html").read_text(encoding="utf-8"), "html.parser")
    _no_active_markup(glossary)
    text = " ".join(glossary.get_text(" ").split())
    assert INJECTED_SHORT in text
    assert "<script>alert('definition')</script>" in text


@pytest.mark.slow
def test_quotes_and_markup_in_a_page_description_are_escaped(project: Path, good_project) -> None:
    description = 'The "big three" tools <script>alert(3)</script> & what each achieves.'
    path = project / PAGE
    text = path.read_text(encoding="utf-8")
    path.write_text(
        re.sub(r"\ndescription: [^\n]*", "\ndescription: " + _quoted(description), text, count=1),
        encoding="utf-8",
    )
    result = build_site(project, project / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    page = BeautifulSoup((project / "site" / PAGE_HTML).read_text(encoding="utf-8"), "html.parser")
    _no_active_markup(page)
    metas = page.find_all("meta", attrs={"name": "description"})
    assert [m.get("content") for m in metas] == [description]


@pytest.mark.slow
def test_hostile_text_in_every_field_never_runs(project: Path, good_project) -> None:
    """Issue 11 §1: the payload corpus (tests/support/payloads.py) in every text field of every data file and in every
    page's front-matter title and description, in one build. No output (pages, print page, search index, the
    offline zip) has an event attribute, a script URL or a script the good build does not have; no template is
    evaluated; the text is shown as typed (in pages, nav, <title>, tooltips and search)."""
    injected = inject(project)
    assert injected.strings > 400 and "data/learning.yml" in injected.files, injected
    result = build_site(project, project / "site")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "Traceback" not in output
    site = project / "site"
    findings = check_build(site, scripts_of(good_project[0] / "site"), [str(project), str(ROOT)])
    assert not findings, "\n".join(f"{f.where}: {f.what}" for f in findings[:30])
    with zipfile.ZipFile(site / "downloads" / "military-diplomacy-reader.zip") as archive:
        assert sum(name.endswith(".html") for name in archive.namelist()) > 20

    shown = PAYLOADS[0]  # <script>alert("P1")</script>, as text
    case = BeautifulSoup((site / "cases/us-nato/index.html").read_text(encoding="utf-8"), "html.parser")
    assert shown in case.title.get_text() and "\u202e" not in case.title.get_text()
    assert shown in case.h1.get_text()
    assert any(shown in a.get_text() for a in case.select("nav.md-nav a.md-nav__link"))
    description = case.find("meta", attrs={"name": "description"})["content"]
    assert description.startswith("Case study: U.S.–NATO cooperation") and "P18 --- ... ---" in description
    assert case.select_one('a[rel="edit"]')["href"].endswith("data/case_studies.yml")
    chapter = BeautifulSoup((site / PAGE_HTML).read_text(encoding="utf-8"), "html.parser")
    assert shown in chapter.title.get_text()
    term = chapter.select_one("a.glossary-term")
    tooltip = chapter.find(id=term["aria-describedby"]).get_text()
    assert PAYLOADS[2] in tooltip and PAYLOADS[5] in tooltip  # the attribute-breaking quotes, the Markdown link
    glossary = BeautifulSoup((site / "glossary/index.html").read_text(encoding="utf-8"), "html.parser")
    assert shown in glossary.select_one("h3.glossary-entry").get_text()
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    assert any(shown in html.unescape(doc["title"]) for doc in index["docs"])


def _fill(template: str, values: dict[str, int | str]) -> str:
    for name, value in values.items():
        template = template.replace(f"<{name}>", str(value))
    return template


def _as_pattern(template: str) -> str:
    """The message as a regex in which <line>, <entry> and <first> match any line number."""
    pattern = re.sub(r"<(line|entry|first|column|bytes)>", r"[\\d,]+", re.escape(template))
    return pattern.replace(re.escape("<target>"), r"\S+")


@pytest.mark.parametrize("mistake", CATALOGUE, ids=[m.id for m in CATALOGUE])
def test_catalogue_is_documented(mistake: Mistake) -> None:
    """CONTRIBUTING.md, "Errors you may see", quotes each message as the build prints it."""
    guide = CONTRIBUTING.read_text(encoding="utf-8")
    for template in mistake.expected:
        if template == STRICT_ABORT:
            continue
        assert re.search(_as_pattern(template), guide), f"CONTRIBUTING.md does not quote:\n  {template}"
