"""Questions in each chapter, answers at the back (for the PDF and the EPUB): each chapter's self-check, folded on the
web (<details>), becomes its questions alone, each linked to its answer; an "Answers" part gathers the answers,
chapter by chapter, each with its question, its level labelled as the level, where its support is, and a link back.
In the PDF the links print their page ("answer on p. 112", editions/pdf.css); in the EPUB they are plain links both
ways, so a reader with no <details> works. The self-check's markup is hooks/course_reader/content/self_check.py's."""

from __future__ import annotations

import re

from markupsafe import Markup

from course_reader.editions.book_parts import Part, parts
from course_reader.editions.print_rewrite import element_end

KEY = "answers"  # the Answers part's id
TITLE = "Answers"
SELF_CHECK = re.compile(r'<section\b[^>]*\bclass="self-check"[^>]*>')
QUESTION = re.compile(r'<details class="question">\s*<summary>(.*?)</summary>(.*?)</details>', re.S)
SUPPORT = re.compile(
    r'<p><span class="self-check__support"><span class="self-check__level">(.*?)</span> · See (.*?)</span></p>', re.S
)
NUMBERED = re.compile(r"^(\d+)\.\s+(.*)$", re.S)


def question_id(part: str, number: str) -> str:
    return f"{part}-question-{number}"


def answer_id(part: str, number: str) -> str:
    return f"{KEY}-{part}-{number}"


def move_answers(content: str, *, pdf: bool) -> tuple[str, str]:
    """The content with each self-check's questions alone, and the Answers part (a
    <section class="print-page" id="answers">, '' when no chapter has questions). `pdf`: the links read "answer on
    p." and "question on p." (the stylesheet adds the number); else "Answer" and "Back to the question"."""
    if f'id="{KEY}"' in content:
        raise ValueError(f"the print page already has an element with the id '{KEY}': rename it (docs/{KEY}.md?)")
    out: list[str] = []
    answers: list[str] = []
    done = 0
    for part in parts(content):
        for check in SELF_CHECK.finditer(content, part.start, part.end):
            end = element_end(content, check.start(), "section")
            body, chapter = _questions(content[check.start() : end], part, pdf=pdf)
            out += [content[done : check.start()], body]
            answers.append(chapter)
            done = end
    out.append(content[done:])
    if not answers:
        return "".join(out), ""
    intro = (
        "The answers to the questions at the end of each chapter, written for this reader. Each gives the level "
        "of thinking its question asks for (remember, understand, apply, analyse, evaluate or create) and the part "
        "of the chapter that supports it."
    )
    heading = f'<h2 id="{KEY}-title">{TITLE}</h2><p class="answers__intro">{intro}</p>'
    return "".join(out), f'<section class="print-page" id="{KEY}">{heading}{"".join(answers)}</section>'


def _questions(check: str, part: Part, *, pdf: bool) -> tuple[str, str]:
    """One chapter's self-check as its questions alone, and its answers as a part of the Answers."""
    questions: list[str] = []
    answers: list[str] = []

    def question(match: re.Match[str]) -> str:
        summary, rest = match.group(1).strip(), match.group(2)
        numbered = NUMBERED.match(summary)
        if numbered is None:
            raise ValueError(f"part '{part.key}': a self-check question does not start with its number: {summary[:60]}")
        number, text = numbered.groups()
        support = SUPPORT.search(rest)
        if support is None:
            raise ValueError(f"part '{part.key}': question {number} has no level and support (self_check.py changed)")
        answer = rest[: support.start()].strip()
        here, there = question_id(part.key, number), answer_id(part.key, number)
        to_answer, to_question = (
            ("answer on p.\u00a0", "question on p.\u00a0") if pdf else ("Answer", "Back to the question")
        )
        questions.append(
            str(Markup('<p class="question" id="{}"><span class="question__number">{}.</span> ').format(here, number))
        )
        questions[-1] += f'{text} <a class="to-answer" href="#{there}">{to_answer}</a></p>'
        answers.append(
            f'<div class="answer" id="{there}"><p class="answer__question"><span class="question__number">{number}.'
            f"</span> {text}</p>"
            f'<p class="answer__level"><span class="answer__label">Level</span> {support.group(1)}'
            f' <a class="to-question" href="#{here}">{to_question}</a></p>'
            f"{answer}"
            f'<p class="answer__support">See {support.group(2)}</p></div>'
        )
        return ""

    body = QUESTION.sub(question, check)
    if not questions:
        return check, ""
    close = body.rindex("</section>")
    body = body[:close].rstrip() + '<div class="questions">' + "".join(questions) + "</div></section>"
    heading = str(Markup('<h3 id="{}-{}">{}</h3>').format(KEY, part.key, part.title))
    return (
        body,
        f'<section class="answers__chapter" aria-labelledby="{KEY}-{part.key}">{heading}{"".join(answers)}</section>',
    )
