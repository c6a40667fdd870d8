"""mkdocs-macros entry point: registers the reader's macros; each delegates to glossary, case_studies or learning."""

from __future__ import annotations

import posixpath
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from markupsafe import Markup, escape

import course_state
from case_studies import render_card, render_table
from glossary import render_link, render_page
from learning import render_objectives, render_questions, render_takeaways


def define_env(env) -> None:
    def src() -> str:
        return env.page.file.src_uri

    def md_link(target: str) -> str:
        """A Markdown link target from the current page to docs/<target> (MkDocs checks and rewrites it)."""
        return posixpath.relpath(target, posixpath.dirname(src()) or ".")

    def href(target: str) -> str:
        """A built URL from the current page to docs/<target>, for raw HTML."""
        return course_state.get().files.get_file_from_path(target).url_relative_to(env.page.file)

    def term_link(term_id: str, text: str | None = None) -> Markup:
        glossary = course_state.get().glossary
        return render_link(glossary.get(term_id, f"docs/{src()}: "), text, href("glossary.md"))

    @env.macro
    def term(term_id: str, text: str | None = None) -> Markup:
        """{{ term("nato") }} or {{ term("nato", "the Alliance") }}: a glossary link with a tooltip."""
        return term_link(term_id, text)

    @env.macro
    def glossary() -> str:
        """The whole A–Z glossary (backlinks are filled in by hooks/course.py)."""
        return render_page(course_state.get().glossary)

    def quote_source(case) -> tuple[str, str]:
        """(href, numbered title) of the chapter a case study's summary comes from."""
        course = course_state.get()
        number = course.numbers.get(case.source_page)
        title = _title(course, case.source_page)
        return href(case.source_page), f"{number} {title}" if number else title

    @env.macro
    def case_study(case_id: str) -> Markup:
        """{{ case_study("us-nato") }}: a card for one case study."""
        case = course_state.get().cases.get(case_id, f"docs/{src()}: ")
        return render_card(case, href(case.src_uri), term_link, source=quote_source(case))

    @env.macro
    def case_studies(region: str | None = None, kind: str | None = None) -> Markup:
        """{{ case_studies(region="Europe", kind="alliance") }}: a table of matching case studies."""
        cases = course_state.get().cases.filtered(region, kind)
        return render_table(cases, lambda c: href(c.src_uri))

    @env.macro
    def case_study_page(case_id: str) -> str:
        """The body of a generated case-study page."""
        course = course_state.get()
        case = course.cases.get(case_id, f"docs/{src()}: ")
        card = render_card(case, "", term_link, standalone=True, source=quote_source(case))
        chapters = "\n".join(f"- [{escape(_title(course, p))}]({md_link(p)})" for p in case.pages)
        return (
            f"{card}\n\n"
            f"## Where the reader discusses it\n\n{chapters}\n\n"
            f"[All case studies]({md_link('cases/index.md')}){{ .md-button }}\n"
        )

    @env.macro
    def related_cases() -> str:
        """Cards for the case studies this chapter discusses (nothing if none)."""
        cases = course_state.get().cases.for_page(src())
        if not cases or env.page.meta.get("case_cards") is False:
            return ""
        cards = "\n".join(str(render_card(c, href(c.src_uri), term_link, source=quote_source(c))) for c in cases)
        return f"## Case studies in this chapter {{ #chapter-case-studies }}\n\n{cards}\n"

    @env.macro
    def objectives() -> str:
        return render_objectives(course_state.get().learning.chapter(src()))

    @env.macro
    def chapter_end() -> str:
        """The chapter's case-study cards, key takeaways, self-check questions and related material."""
        course = course_state.get()
        chapter = course.learning.chapter(src())
        return "\n".join([related_cases(), render_takeaways(chapter), render_questions(chapter), _related(course)])

    def _related(course) -> str:
        lines = ["## Related material { #related-material }", ""]
        cases = course.cases.for_page(src())
        if cases:
            lines.append("**Case studies:** " + ", ".join(f"[{escape(c.title)}]({md_link(c.src_uri)})" for c in cases))
            lines.append("")
        used = list(dict.fromkeys(course.term_calls.get(src(), [])))
        if used:
            lines.append(
                "**Glossary terms on this page:** "
                + ", ".join(f"[{escape(course.glossary.terms[t].term)}]({md_link('glossary.md')}#{t})" for t in used)
            )
            lines.append("")
        nxt = env.page.next_page
        if nxt is not None:
            number = course.numbers.get(nxt.file.src_uri)
            label = f"{number} {_title(course, nxt.file.src_uri)}" if number else _title(course, nxt.file.src_uri)
            lines.append(f"**Next:** [{escape(label)}]({md_link(nxt.file.src_uri)})")
            lines.append("")
        return "\n".join(lines)

    @env.macro
    def course_map() -> str:
        """Home page: every chapter with its number, reading time and first objective, and a start button."""
        course = course_state.get()
        rows = []
        for src_uri, number in course.numbers.items():
            chapter = course.learning.chapters.get(src_uri)
            first = escape(chapter.objectives[0]) if chapter else ""
            depth = "sub" if "." in number else "top"
            rows.append(
                f'<tr class="course-map__{depth}"><td>{number}</td><td><a href="{href(src_uri)}">{escape(_title(course, src_uri))}</a></td>'
                f"<td><!-- reader:minutes:{src_uri} --> min</td><td>{first}</td></tr>"
            )
        objectives = "\n".join(f"- {escape(o)}" for o in course.learning.home_objectives)
        first_chapter = next(iter(course.numbers), None)
        start = (
            f"[Start reading]({md_link(first_chapter)}){{ .md-button .md-button--primary }}" if first_chapter else ""
        )
        start += f"\n\nReading offline or on paper? [Download the reader or open the print edition]({md_link('download.md')})."
        return (
            "## Course map { #course-map }\n\n"
            f"By the end of the course you can:\n\n{objectives}\n\n"
            '<table class="course-map"><caption>Chapters, reading time and what each teaches</caption>'
            '<thead><tr><th scope="col">No.</th><th scope="col">Chapter</th><th scope="col">Reading time</th>'
            '<th scope="col">You will learn to…</th></tr></thead><tbody>'
            + "".join(rows)
            + "</tbody></table>\n\n"
            + start
            + "\n"
        )


def _title(course, src_uri: str) -> str:
    """A page's front-matter title, read from the source (pages render in nav order, so it may not be loaded)."""
    from mkdocs.utils import meta

    file = course.files.get_file_from_path(src_uri)
    if file.page is not None and file.page.meta.get("title"):
        return file.page.meta.get("plain_title") or file.page.meta["title"]
    return meta.get_data(file.content_string)[1].get("title", src_uri)
