"""A corpus of hostile text, a way to put it into every text field of a project copy, and the checks that no
output of its build (pages, print page, search index, offline zip) runs any of it (issue 11 §1)."""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from bs4 import BeautifulSoup

EVALUATED = "P7EVALUATED"  # what the Jinja payload prints if it is evaluated
# Each payload is harmless as text; as markup it would run a script, add an attribute, or evaluate a template.
PAYLOADS = [
    '<script>alert("P1")</script>',
    "<img src=x onerror=alert('P2')>",
    '" onmouseover="alert(\'P3\')" x="',
    "' onfocus='alert(4)' autofocus x='",
    "*P5*{ onmouseover=alert(5) }",
    "[P8](https://x.org/ onmouseover=alert(8)//)",
    "{{ 'P7' ~ 'EVALUATED' }} {{ config.config_file_path }} {% if true %}P9{% endif %}",
    '<a href="javascript:alert(10)">P10</a> <svg onload=alert(11)>',
    "</title><script>alert(12)</script> <!-- P13",
    "&lt;script&gt;alert(14)&lt;/script&gt; <javascript:alert(15)>",
    "\u202eP16\u202c",
    "P18 --- ... ---",  # YAML document markers: the generated page's front matter must survive them
]
# Links a restricted-Markdown field refuses with an error; plain-text fields show them as typed
LINK_PAYLOADS = ["[P6](javascript:alert(6))", "[P17](data:text/html;base64,PHNjcmlwdD5hbGVydCgxNyk8L3NjcmlwdD4=)"]
ALL = " ".join(PAYLOADS)
ALL_WITH_LINKS = " ".join(PAYLOADS + LINK_PAYLOADS)


def _walk_strings(value: object, edit: Callable[[str, list[str]], str], path: list[str]) -> object:
    if isinstance(value, str):
        return edit(value, path)
    if isinstance(value, list):
        return [_walk_strings(v, edit, path) for v in value]
    if isinstance(value, dict):
        return {k: _walk_strings(v, edit, [*path, str(k)]) for k, v in value.items()}
    return value


# The loaders not named like their data file (the lecturer kit's, in course_reader.instructors)
DATA_MODULES = {"unit": "course_reader.instructors.unit_plan", "assessment": "course_reader.instructors.assessment"}


def text_fields(data_files: list[str]) -> dict[str, dict[str, str]]:
    """{data file: {field: PLAIN or INLINE}}, read from the field tables of the hook module named like the file
    (data/notes.yml: hooks/course_reader/content/notes.py), i.e. its FIELDS and *_FIELDS tables of fields.Field
    (hooks/course_reader/core/fields.py)."""
    import importlib

    from course_reader.core.fields import Field

    declared = {}
    for rel in data_files:
        module = importlib.import_module(DATA_MODULES.get(Path(rel).stem, f"course_reader.content.{Path(rel).stem}"))
        tables = [
            v for k, v in vars(module).items() if (k == "FIELDS" or k.endswith("_FIELDS")) and isinstance(v, dict)
        ]
        assert tables, (
            f"{rel}: hooks/course_reader/content/{Path(rel).stem}.py has no FIELDS table "
            "(see HACKING.md, 'Declare the fields of a new data file')"
        )
        kinds = {}
        for table in tables:
            for name, spec in table.items():
                assert isinstance(spec, Field), (
                    f"{rel}: field '{name}' is declared without a text kind — use fields.Field(…, PLAIN or INLINE)"
                )
                if spec.text:
                    kinds[name] = spec.text
        declared[rel] = kinds
    return declared


@dataclass
class Injection:
    """What inject() changed: how many strings, in which files, and the text fields it left alone."""

    strings: int = 0
    files: list[str] = field(default_factory=list)


def inject(project: Path, payload: str = ALL, inline_payload: str = ALL) -> Injection:
    """Append `payload` to every text field of every data file and to the title and description of every page
    (inline-Markdown fields get `inline_payload`). Fields that are ids, choices or paths keep their values."""
    done = Injection()
    data_files = sorted((project / "data").glob("*.yml"))
    declared = text_fields([data.relative_to(project).as_posix() for data in data_files])
    for data in data_files:
        rel = data.relative_to(project).as_posix()
        fields = declared[rel]
        content = yaml.safe_load(data.read_text(encoding="utf-8"))

        def edit(text: str, path: list[str], fields: dict[str, str] = fields) -> str:
            kind = next((fields[p] for p in reversed(path) if p in fields), None)
            if kind is None:
                return text
            done.strings += 1
            return f"{text} {inline_payload if kind == 'inline Markdown' else payload}"

        data.write_text(yaml.safe_dump(_walk_strings(content, edit, []), allow_unicode=True, sort_keys=False))
        done.files.append(rel)
    for page in sorted((project / "docs").rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        match = re.match(r"---\n(.*?\n)---\n", text, re.S)
        if not match:
            continue
        front = yaml.safe_load(match.group(1))
        for key in ("title", "description"):
            if isinstance(front.get(key), str):
                front[key] = f"{front[key]} {payload}"
                done.strings += 1
        dumped = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=10_000)
        page.write_text(f"---\n{dumped}---\n{text[match.end() :]}", encoding="utf-8")
        done.files.append(page.relative_to(project).as_posix())
    return done


# The checks

_URL_ATTRS = ("href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset", "background")


MATERIAL_URLS = {"javascript:void(0)"}  # Material's own search "share" button


def _bad_url(value: str) -> bool:
    cleaned = re.sub(r"[\x00-\x20\x7f]+", "", value).lower()
    return cleaned not in MATERIAL_URLS and cleaned.startswith(
        ("javascript:", "vbscript:", "data:text", "data:application", "data:image/svg")
    )


@dataclass(frozen=True)
class Finding:
    where: str
    what: str


def check_html(html: str, where: str, allowed_scripts: set[str]) -> Iterator[Finding]:
    """Event attributes, script URLs and scripts the project did not write, in one HTML document or fragment."""
    soup = BeautifulSoup(html, "html.parser")
    for element in soup.find_all(True):
        for name, value in element.attrs.items():
            values = value if isinstance(value, list) else [value]
            if name.lower().startswith("on"):
                yield Finding(where, f"<{element.name} {name}=…>")
            if name.lower() in _URL_ATTRS and any(_bad_url(v) for v in values):
                yield Finding(where, f"<{element.name} {name}={values}>")
        if element.name == "script" and " ".join(element.get_text().split()) not in allowed_scripts:
            yield Finding(where, f"<script> not in the good build: {element.get_text()[:80]!r}")
        if element.name in ("iframe", "object", "embed", "svg", "img") and element.name not in _ALLOWED_TAGS:
            yield Finding(where, f"<{element.name}> element")
    for title in soup.find_all("title"):
        if re.search("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]", title.get_text()):
            yield Finding(where, "a direction control in <title>")


_ALLOWED_TAGS = {"svg"}  # Material's icons are inline SVG


def scripts_of(site: Path) -> set[str]:
    """The inline script texts of a good build (Material's and the project's own)."""
    found = set()
    for page in site.rglob("*.html"):
        for script in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find_all("script"):
            found.add(" ".join(script.get_text().split()))
    return found


def _search_docs(text: str) -> list[dict[str, str]]:
    start = text.index("{")
    return json.loads(text[start : text.rindex("}") + 1])["docs"]


def check_build(site: Path, allowed_scripts: set[str], secrets: list[str]) -> list[Finding]:
    """Every output of a build: pages (print page included), search index, offline zip (pages and index)."""
    findings: list[Finding] = []

    def document(name: str, text: str) -> None:
        for secret in [EVALUATED, *secrets]:
            if secret in text:
                findings.append(Finding(name, f"evaluated template output {secret!r}"))
        if name.endswith(".html"):
            findings.extend(check_html(text, name, allowed_scripts))
        elif name.endswith(("search_index.json", "search_index.js")):
            for doc in _search_docs(text):
                for key in ("title", "text"):
                    findings.extend(check_html(doc.get(key, ""), f"{name} ({doc.get('location')}, {key})", set()))

    for path in sorted(site.rglob("*")):
        if path.suffix in (".html", ".json", ".js") and path.is_file():
            document(path.relative_to(site).as_posix(), path.read_text(encoding="utf-8", errors="replace"))
    for archive in site.rglob("*.zip"):
        with zipfile.ZipFile(archive) as zipped:
            for info in zipped.infolist():
                if info.filename.endswith((".html", ".json", ".js")):
                    document(f"{archive.name}!{info.filename}", zipped.read(info).decode("utf-8", errors="replace"))
    return findings
