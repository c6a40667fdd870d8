"""MkDocs hooks for the course reader: load and validate data, check pages, number chapters, collect
glossary backlinks and reading times, and publish the site atomically. The logic lives in the modules
it imports; each hook here is a thin step of the build."""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import meta

import course_state
from case_studies import load_case_studies, page_source
from datafile import ContentError
from glossary import Use, backlink_marker, load_glossary, render_backlinks
from learning import citation, count_words, load_learning, reading_minutes, render_citation
from navigation import fold_large_sections, fold_limit

log = logging.getLogger("mkdocs.hooks.course")

NUMBERED_SECTION = "Reader"  # the top-level nav section whose chapters get numbers
CASES_SECTION = "Case studies"  # the nav section that lists the generated case-study pages
MACRO_CALL = re.compile(r"\{\{-?\s*(term|case_study)\(\s*(['\"])(.*?)\2")
HEADING = re.compile(r'<h([23])[^>]*\bid="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
TERM_LINK = re.compile(r'data-term="([^"]+)"')
MARKER = re.compile(r"<!-- reader:minutes:(\S+) -->")

_JINJA = jinja2.Environment()  # only parses pages, to report macro syntax errors with their line
# A macro call with literal arguments, e.g. {{ term("nato", "the alliance") }}: a page whose only template syntax is
# such calls is valid Jinja, and needs no parse (1.5 ms a page; the macros plugin parses it again to render it)
_LITERAL = r"""(?:"[^"\\\n]*"|'[^'\\\n]*'|-?\d+(?:\.\d+)?|[Tt]rue|[Ff]alse|[Nn]one)"""
_KEYWORD = rf"[A-Za-z_]\w*\s*=\s*{_LITERAL}"
_ARGS = rf"(?:{_LITERAL}(?:\s*,\s*{_LITERAL})*(?:\s*,\s*{_KEYWORD})*|{_KEYWORD}(?:\s*,\s*{_KEYWORD})*)(?:\s*,)?"
SIMPLE_CALL = re.compile(rf"\{{\{{-?\s*[A-Za-z_]\w*\(\s*(?:{_ARGS})?\s*\)\s*-?\}}\}}")

_command: str | None = None
_site_dir: Path | None = None
_built_ok = False


def on_startup(*, command: str, dirty: bool) -> None:
    global _command
    _command = command


@event_priority(100)  # first: plugins that remember site_dir must see the staging dir
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load and validate the data once per build; list generated pages in the nav; build into a staging dir."""
    global _site_dir, _built_ok
    root = Path(config.config_file_path).parent
    docs_dir = Path(config.docs_dir)
    pages = {p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*.md")}
    try:
        glossary = load_glossary(root / "data" / "glossary.yml", root)
        cases = load_case_studies(root / "data" / "case_studies.yml", glossary, pages, root)
        learning = load_learning(root / "data" / "learning.yml", pages, root)
    except ContentError as exc:
        raise PluginError(str(exc)) from None
    course_state.current = course_state.Course(
        root=root, docs_dir=docs_dir, glossary=glossary, cases=cases, learning=learning, changed=_git_dates(root)
    )
    changed = course_state.current.changed
    if "cases/" in changed:
        changed.update({case.src_uri: changed["cases/"] for case in cases.cases.values()})
    _add_cases_to_nav(config, cases)
    _built_ok = False
    if _command in ("build", "gh-deploy"):
        _site_dir = Path(config.site_dir)
        staging = _site_dir.with_name(_site_dir.name + ".building")
        shutil.rmtree(staging, ignore_errors=True)
        config.site_dir = str(staging)
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Add one generated page per case study, then check every page's source before anything renders."""
    course = course_state.get()
    for case in course.cases.cases.values():
        files.append(File.generated(config, case.src_uri, content=page_source(case)))
    problems = []
    for file in files.documentation_pages():
        if file.generated_by:
            continue
        problems += _check_source(file.src_uri, file.content_string, course)
    if problems:
        raise PluginError("\n".join(problems))
    course.files = files
    return files


def on_nav(nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
    """Fail on pages missing from the nav (a page generated outside it on purpose, such as the print edition, is
    marked not-in-nav); fold a large tab's sidebar; number the chapters of the numbered section (1, 2, 2.1, …)."""
    in_nav = {page.file.src_uri for page in nav.pages}
    missing = [
        f.src_uri for f in files.documentation_pages() if f.src_uri not in in_nav and not f.inclusion.is_not_in_nav()
    ]
    if missing:
        raise PluginError(
            "\n".join(
                f"docs/{src}: this page is not in the navigation — add it under 'nav:' in mkdocs.yml "
                f"(e.g. '- {src}' inside its chapter), or delete it"
                for src in missing
            )
        )
    try:
        fold_large_sections(nav, fold_limit(config.extra))
    except ValueError as error:
        raise PluginError(str(error)) from None
    course = course_state.get()
    for item in nav.items:
        if isinstance(item, Section) and item.title == NUMBERED_SECTION:
            course.numbers = _number(item.children)
    # Sitemap dates come from git, not the clock, so two builds of a commit are identical; a page not yet
    # committed takes the newest date of the others.
    newest = max(course.changed.values(), default=None)
    for page in nav.pages:
        when = course.changed.get(page.file.src_uri, newest)
        if when is not None:
            page.update_date = when.isoformat()
    return nav


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Point "edit" at the data a page is made from; put the chapter number in the title and first heading."""
    source = page.meta.get("edit_source")
    if source and config.repo_url and config.edit_uri:
        page.edit_url = config.repo_url.rstrip("/") + "/" + config.edit_uri.rstrip("/").removesuffix("docs") + source
    number = course_state.get().numbers.get(page.file.src_uri)
    if not number:
        return markdown
    page.meta.setdefault("plain_title", page.meta.get("title", page.title))
    page.meta["title"] = f"{number} {page.meta['plain_title']}"
    return re.sub(
        r"^# (.+)$",
        lambda m: f'# <span class="chapter-number">{number}</span> {m.group(1)}',
        markdown,
        count=1,
        flags=re.M,
    )


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Record glossary uses (page and section) and the reading time; add the reading time and citation."""
    if not (page.markdown or "").strip():
        return html  # a page made by a hook (the print edition): no text of its own to time or cite
    course = course_state.get()
    src = page.file.src_uri
    if src != "glossary.md":
        _collect_uses(html, page, course)
    words = count_words(html)
    minutes = course.minutes[src] = reading_minutes(words)
    badge = f'<p class="reading-time" data-words="{words}">{minutes} min read</p>'
    html = re.sub(r"(</h1>)", r"\1" + badge, html, count=1) if "</h1>" in html else badge + html
    cite = citation(_plain_title(page), config.site_name, page.canonical_url or page.url, course.changed.get(src))
    return html + str(render_citation(cite))


def on_env(env: Any, *, config: MkDocsConfig, files: Files) -> Any:
    """Every page is rendered now: warn about glossary entries no page uses."""
    course = course_state.get()
    for term_id, term in course.glossary.terms.items():
        if not course.uses.get(term_id):
            log.warning(
                f"{course.glossary.source}:{term.line}: glossary entry '{term_id}' is not used on any page — "
                f'link it where the reader first meets it with {{{{ term("{term_id}") }}}}, or remove the entry'
            )
    return env


def on_page_context(context: dict, *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    """Fill in what is known only after every page rendered: glossary backlinks, course-map reading times."""
    course = course_state.get()
    content = page.content or ""
    if "glossary-backlinks:" in content:
        for term_id in course.glossary.terms:
            uses = [
                Use(u.page_title, _relative(u.url, page), u.section_title, u.section_id)
                for u in course.uses.get(term_id, [])
            ]
            content = content.replace(backlink_marker(term_id), str(render_backlinks(uses)))
    content = MARKER.sub(lambda m: str(course.minutes.get(m.group(1), "")), content)
    page.content = content
    return context


def on_post_build(*, config: MkDocsConfig) -> None:
    global _built_ok
    _built_ok = True


def on_build_error(*, error: Exception) -> None:
    global _built_ok
    _built_ok = False


def on_shutdown() -> None:
    """Publish the staged site only if the whole build succeeded; otherwise keep the previous site."""
    global _site_dir
    if _site_dir is None:
        return
    staging = _site_dir.with_name(_site_dir.name + ".building")
    if _built_ok and staging.is_dir():
        old = _site_dir.with_name(_site_dir.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if _site_dir.exists():
            _site_dir.rename(old)
        staging.rename(_site_dir)
        shutil.rmtree(old, ignore_errors=True)
    else:
        shutil.rmtree(staging, ignore_errors=True)
        if _site_dir.exists():
            log.error(f"The build failed: the previous site in {_site_dir} was left as it was.")
    _site_dir = None


# Helpers


def _check_source(src_uri: str, text: str, course: course_state.Course) -> list[str]:
    """Front matter, template syntax and macro ids of one page; every problem as 'docs/page.md:line: …'."""
    where = f"docs/{src_uri}"
    problems = []
    try:
        _, front = meta.get_data(text)
    except Exception as exc:  # mkdocs' own parser reports YAML problems loosely
        return [f"{where}:1: the front matter is not valid YAML ({exc}) — check the lines between the '---' markers"]
    if not text.startswith("---"):
        problems.append(
            f"{where}:1: the page has no front matter — start it with '---', 'title: …', 'description: …', '---'"
        )
    else:
        for field, hint in (("title", "the page title"), ("description", "one sentence describing the page")):
            if not isinstance(front.get(field), str) or not front[field].strip():
                problems.append(f"{where}:1: the front matter has no '{field}:' — add {field}: {hint}")
    try:
        if not only_simple_calls(text):
            _JINJA.parse(text)
    except jinja2.TemplateSyntaxError as exc:
        problems.append(
            f"{where}:{exc.lineno}: macro syntax error ({exc.message}) — a macro reads like "
            '{{ term("nato") }}: check the brackets, quotes and closing }}'
        )
    calls = []
    for match in MACRO_CALL.finditer(text):
        kind, ident = match.group(1), match.group(3)
        line = text.count("\n", 0, match.start()) + 1
        try:
            if kind == "term":
                course.glossary.get(ident, f"{where}:{line}: ")
                calls.append(ident)
            else:
                course.cases.get(ident, f"{where}:{line}: ")
        except ContentError as exc:
            problems.append(str(exc))
    course.term_calls[src_uri] = calls
    return problems


def only_simple_calls(text: str) -> bool:
    """True if the page's only template syntax is macro calls with literal arguments (so it is valid Jinja)."""
    return "{%" not in text and "{#" not in text and "{{" not in SIMPLE_CALL.sub("", text)


def _plain_title(page: Page) -> str:
    return page.meta.get("plain_title") or page.meta.get("title") or page.title or ""


def _number(children: list, prefix: str = "") -> dict[str, str]:
    numbers: dict[str, str] = {}
    count = 0
    for child in children:
        if isinstance(child, Page):
            if not prefix and child.file.src_uri == "index.md":
                continue  # the home page opens the course; it has no number
            if prefix and child.file.src_uri.endswith("index.md") and not numbers:
                numbers[child.file.src_uri] = prefix
                continue
            count += 1
            numbers[child.file.src_uri] = f"{prefix}.{count}" if prefix else str(count)
        elif isinstance(child, Section):
            count += 1
            label = f"{prefix}.{count}" if prefix else str(count)
            child.title = f"{label} {child.title}"
            numbers.update(_number(child.children, label))
    return numbers


def _collect_uses(html: str, page: Page, course: course_state.Course) -> None:
    section_title, section_id = "", ""
    seen = set()
    events = sorted(
        [(m.start(), "h", m) for m in HEADING.finditer(html)] + [(m.start(), "t", m) for m in TERM_LINK.finditer(html)],
        key=lambda e: e[0],
    )
    for _, kind, match in events:
        if kind == "h":
            section_id = match.group(2)
            section_title = re.sub(r"<[^>]+>|¶", "", match.group(3)).strip()
            continue
        term_id = match.group(1)
        if (term_id, section_id) in seen:
            continue
        seen.add((term_id, section_id))
        course.uses.setdefault(term_id, []).append(
            Use(_plain_title(page), page.file.src_uri, section_title, section_id)
        )


def _relative(src_uri: str, page: Page) -> str:
    """URL of the page built from src_uri, relative to `page`."""
    files = course_state.get().files
    target = files.get_file_from_path(src_uri)
    return target.url_relative_to(page.file) if target else src_uri


def _add_cases_to_nav(config: MkDocsConfig, cases) -> None:
    """List one nav entry per case study (after what mkdocs.yml writes there, e.g. cases/index.md)."""
    generated = {case.src_uri for case in cases.cases.values()}
    for item in config.nav or []:
        if isinstance(item, dict) and isinstance(item.get(CASES_SECTION), list):
            written = [e for e in item[CASES_SECTION] if not (isinstance(e, dict) and set(e.values()) <= generated)]
            item[CASES_SECTION] = written + [{case.title: case.src_uri} for case in cases.cases.values()]


def _git_dates(root: Path) -> dict[str, date]:
    """Last commit date of each page (docs-relative); generated pages take their data file's date."""
    try:
        out = subprocess.run(
            ["git", "log", "--format=%x00%cs", "--name-only", "--", "docs", "data"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    dates: dict[str, date] = {}
    current = None
    for line in out.splitlines():
        if line.startswith("\x00"):
            current = date.fromisoformat(line[1:])
        elif line and current and line not in dates:
            dates[line] = current
    result = {path.removeprefix("docs/"): when for path, when in dates.items() if path.startswith("docs/")}
    data_dates = {path: when for path, when in dates.items() if path.startswith("data/")}
    if "data/glossary.yml" in data_dates:
        result["glossary.md"] = max(result.get("glossary.md", date.min), data_dates["data/glossary.yml"])
    if "data/case_studies.yml" in data_dates:
        result["cases/"] = data_dates["data/case_studies.yml"]  # every generated case-study page
    return result
