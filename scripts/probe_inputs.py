"""Issue 11's adversarial probe, reconstructed: 60 bad inputs, each made on a fresh copy of the project (with a good
site built in it) and built as `make build` does, then classified:

  clear       the build stops, no traceback, the message names the file (and line, where the input has one)
  correct     the build passes and the output is right (hostile text shown as text, the A–Z under the right letter)
  misleading  the build stops without naming the right file and line
  traceback   a Python traceback, or the build killed (memory: each build runs under a 2 GB address-space limit)
  silent      the build passes with a wrong output
  data lost   the previous site was changed or removed by a failed build
  script ran  an output has an on* attribute, a javascript:/data: URL, a foreign <script> or an evaluated template

    .venv/bin/python scripts/probe_inputs.py [--only ID,ID] [--keep DIR]

Takes about 60 builds (≈10 minutes on two cores); prints one line per input and the totals (issue 11 §4)."""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "hooks")]

import test_mistakes as tm  # noqa: E402  (the catalogue's mistake makers)
from payloads import check_build, inject, scripts_of  # noqa: E402

GLOSSARY, CASES, LEARNING, PAGE = tm.GLOSSARY, tm.CASES, tm.LEARNING, tm.PAGE
MEMORY = 2 * 1024**3


@dataclass(frozen=True)
class Probe:
    id: str
    make: Callable[[Path], object]
    where: str = ""  # regex the message must match (file and line) for a clear error; "" = the build must pass
    correct: Callable[[Path], bool] | None = None  # for inputs the build should accept: is the output right?


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

PROBES = [
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
        _replace(LEARNING, "        a: >-\n", f"        a: >-\n          {XSS}\n", "  role/index.md:\n"),
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
    Probe("duplicate-key-front-matter", tm.front_matter_duplicate_title, where=rf"{PAGE}:3: duplicate key 'title'"),
    Probe("not-utf8-data", tm.not_utf8, where=rf"{GLOSSARY}:\d+: byte 0xe9"),
    Probe("not-utf8-page", tm.page_not_utf8, where=rf"{PAGE}:\d+: byte 0xe9"),
    Probe("chapters-as-list", tm.chapters_as_list, where=rf"{LEARNING}:5: top level: field 'chapters'"),
    Probe("home-as-list", tm.home_as_list, where=rf"{LEARNING}:1: top level: field 'home'"),
    Probe(
        "objective-as-mapping",
        tm.objective_as_mapping,
        where=rf"{LEARNING}:\d+: chapter 'role/index.md': field 'objectives'",
    ),
    Probe("unclosed-quote", tm.unclosed_quote, where=rf"{GLOSSARY}:542: this quote is never closed"),
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
        "front-matter-not-closed", _replace(PAGE, "\n---\n", "\n"), where=rf"{PAGE}:1: the front matter is not closed"
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
    # The catalogue's earlier mistakes
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
]


def build(project: Path) -> tuple[int, str]:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))

    try:
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(project / "site")],
            cwd=project,
            capture_output=True,
            text=True,
            timeout=300,
            preexec_fn=limit,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "READER_EDITIONS": "false"},  # PDF/EPUB: +60 s a build
        )
    except subprocess.TimeoutExpired:
        return -9, "timed out"
    return result.returncode, result.stdout + result.stderr


def classify(probe: Probe, project: Path, good: tuple[Path, str], scripts: set[str]) -> tuple[str, str]:
    code, output = build(project)
    if code < 0 or "Traceback" in output or "MemoryError" in output:
        return "traceback", output.strip().splitlines()[-1] if output.strip() else f"killed ({code})"
    errors = [line for line in output.splitlines() if "ERROR" in line or "WARNING" in line]
    if code != 0:
        if (project / "site").exists() and tm._digest(project / "site") != good[1]:
            return "data lost", "the failed build changed the previous site"
        if not (project / "site").exists():
            return "data lost", "the failed build removed the previous site"
        if probe.where and re.search(probe.where, output):
            return "clear", next((e for e in errors if re.search(probe.where, e)), errors[0] if errors else "")
        return "misleading", errors[0] if errors else output.strip()[-200:]
    findings = check_build(project / "site", scripts, [str(project), str(ROOT)])
    if findings:
        return "script ran", f"{findings[0].where}: {findings[0].what}"
    if probe.where:
        return "silent", "the build passed"
    if probe.correct is not None and not probe.correct(project):
        return "silent", "the build passed with a wrong output"
    return "correct", ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default="", help="comma-separated probe ids")
    args = parser.parse_args()
    probes = [p for p in PROBES if not args.only or p.id in args.only.split(",")]
    work = Path(tempfile.mkdtemp(prefix="probe-"))
    try:
        good = work / "good"
        shutil.copytree(ROOT, good, ignore=tm._ignore)
        (good / "node_modules").symlink_to(ROOT / "node_modules")
        code, output = build(good)
        assert code == 0, output
        good_state = (good, tm._digest(good / "site"))
        scripts = scripts_of(good / "site")
        totals: Counter[str] = Counter()
        for number, probe in enumerate(probes, 1):
            project = work / "project"
            shutil.rmtree(project, ignore_errors=True)
            shutil.copytree(good, project, symlinks=True)
            started = time.monotonic()
            probe.make(project)
            verdict, detail = classify(probe, project, good_state, scripts)
            totals[verdict] += 1
            print(
                f"{number:2} {probe.id:32} {verdict:10} {time.monotonic() - started:5.1f}s  {detail[:150]}", flush=True
            )
        print(
            f"\n{len(probes)} bad inputs: "
            + ", ".join(
                f"{totals[k]} {k}"
                for k in ("clear", "correct", "misleading", "traceback", "silent", "data lost", "script ran")
            )
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
