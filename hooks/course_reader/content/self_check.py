"""The learning material on the page: objectives, takeaways and the self-check (each answer linked to its support),
and the check that each support exists (a paragraph of the chapter or an editor's note); loading is hooks/course_reader/content/learning.py."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from markupsafe import Markup

from course_reader.content.learning import Chapter, Learning, Question
from course_reader.core.entries import suggest
from course_reader.core.fields import md_text

PARAGRAPH_WORDS = 6  # a paragraph's anchor is made from its first six words (hooks/course_reader/site/paragraphs.py)
_ANCHOR_WORD = re.compile(r"[a-z0-9]+")


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


_TERM_CALL = re.compile(r"""\{\{-?\s*term\(\s*(['"])([^'"]*)\1\s*(?:,\s*(['"])(.*?)\3)?\s*\)\s*-?\}\}""")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def paragraph_openings(markdown: str, term_names: dict[str, str]) -> list[str]:
    """The text of each paragraph and list item of a page's Markdown, as the reader sees it: term macros as their
    text (`term_names` gives a term's name when the call has no text), links as their text, no list or bold marks."""
    openings = []
    for line in markdown.splitlines():
        line = _TERM_CALL.sub(lambda m: m.group(4) if m.group(4) is not None else term_names.get(m.group(2), ""), line)
        line = _LINK.sub(r"\1", line)
        line = re.sub(r"^\s*(?:[-*+]|\d+\.)\s+", "", line).replace("**", "").strip()
        if line and not line.startswith(("{{", "{%", "<", "#", "!!!", "???", "---")):
            openings.append(line)
    return openings


def check_supports(learning: Learning, openings: dict[str, list[str]], notes: dict[str, str]) -> list[str]:
    """Each answer's support exists: a paragraph of the chapter that opens with the given words (`openings` from
    paragraph_openings), or an editor's note placed on the chapter (`notes`: note id -> its chapter)."""
    problems = []
    for src_uri, chapter in learning.chapters.items():
        for number, question in enumerate(chapter.questions, 1):
            where = f"{learning.source}: chapter '{src_uri}': question {number}"
            if question.note and notes.get(question.note) != src_uri:
                problems.append(
                    f"{where}: field 'note' names '{question.note}', which is not an editor's note on docs/{src_uri}"
                    f"{suggest(question.note, [n for n, page in notes.items() if page == src_uri])} — use the id of a"
                    " note in data/notes.yml whose chapter is this page"
                )
            elif question.paragraph and len(_ANCHOR_WORD.findall(_ascii(question.paragraph))) < PARAGRAPH_WORDS:
                problems.append(
                    f"{where}: field 'paragraph' is '{question.paragraph}' — give at least {PARAGRAPH_WORDS} words of"
                    " the paragraph's opening, so the answer can link to the paragraph"
                )
            elif question.paragraph and not any(o.startswith(question.paragraph) for o in openings.get(src_uri, [])):
                problems.append(
                    f"{where}: field 'paragraph' is '{question.paragraph}', which does not open a paragraph of"
                    f" docs/{src_uri} — copy the first words of the paragraph exactly"
                )
    return problems


def _admonition(kind: str, title: str, body: list[str], css: str = "", *, folded: bool = False) -> str:
    """A box the reader can fold or unfold (pymdownx.details: `???+` starts open, `???` `folded`), at body text size
    (reader.css); it keeps the class `admonition`, which the print page, the PDF and the EPUB style it by (the PDF
    and the print page show it unfolded)."""
    classes = f"{kind} admonition {css}".strip()
    lines = [f'{"???" if folded else "???+"} {classes} "{title}"', ""]
    lines += ["    " + line if line else "" for line in body]
    return "\n".join(lines) + "\n"


def render_objectives(chapter: Chapter) -> str:
    body = ["After this chapter you can:", ""] + [f"- {md_text(o)}" for o in chapter.objectives]
    # folded to one line: the article comes first on every screen, a phone's too
    return _admonition("abstract", "Learning objectives", body, "learning-objectives", folded=True)


def render_takeaways(chapter: Chapter) -> str:
    return _admonition("success", "Key takeaways", [f"- {md_text(t)}" for t in chapter.takeaways], "key-takeaways")


def render_questions(chapter: Chapter, support_href: Callable[[Question], str] | None = None) -> str:
    """The self-check: each question folded, its answer, its level and where its support is (`support_href`)."""
    out = [
        '<section class="self-check" aria-labelledby="self-check" markdown>',
        "",
        "## Check your understanding { #self-check }",
        "",
    ]
    for number, question in enumerate(chapter.questions, 1):
        out += [f'??? question "{number}. {md_text(question.q)}"', "", f"    {md_text(question.a)}", ""]
        out += [f"    {render_support(question, support_href)}", ""]
    out += ["</section>", ""]
    return "\n".join(out)


def render_support(question: Question, support_href: Callable[[Question], str] | None = None) -> Markup:
    """The answer's level and a link to its support: the paragraph beginning with … or the editor's note."""
    if question.note:
        what = Markup("the editor’s note in this chapter")
    else:
        what = Markup("the paragraph beginning “{}…”").format(md_text(question.paragraph))
    where = Markup('<a href="{}">{}</a>').format(support_href(question), what) if support_href else what
    return Markup('<span class="self-check__support"><span class="self-check__level">{}</span> · See {}</span>').format(
        question.level.capitalize(), where
    )
