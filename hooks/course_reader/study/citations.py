"""Citations: what a page, the whole reader or the source article (content/attribution.py's `Source`) is as a
citable work (`Work`), written as BibTeX, RIS and CSL-JSON. Formatting in APA, Chicago and MLA is in
hooks/course_reader/study/citation_styles.py; the meta tags and the "Cite this page" box in hooks/course_reader/study/citation_html.py."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from course_reader.content.attribution import Source

FORMATS = {"bib": "BibTeX", "ris": "RIS", "json": "CSL-JSON"}


@dataclass(frozen=True)
class Work:
    """One citable work: a page of the reader ('webpage'), the reader itself ('book') or the source article."""

    key: str  # citation key and file name: 'history-alliances', 'reader', 'source'
    kind: str  # CSL type: 'webpage', 'book', 'article'
    title: str
    url: str = ""
    authors: tuple[str, ...] = ()  # names as written; one that is not 'Given Family' stays a literal (group) name
    container: str = ""  # the reader's title, for a page; the periodical or site, for the source article
    publisher: str = ""
    issued: date | None = None
    year: int | None = None  # when only the year is known
    language: str = "en"

    def csl(self) -> dict[str, Any]:
        """The work as a CSL-JSON item."""
        item: dict[str, Any] = {"id": self.key, "type": self.kind, "title": self.title}
        if self.authors:
            item["author"] = [_csl_name(name) for name in self.authors]
        if self.container:
            item["container-title"] = self.container
        if self.publisher:
            item["publisher"] = self.publisher
        if self.issued:
            item["issued"] = {"date-parts": [[self.issued.year, self.issued.month, self.issued.day]]}
        elif self.year:
            item["issued"] = {"date-parts": [[self.year]]}
        if self.url:
            item["URL"] = self.url
        if self.language:
            item["language"] = self.language
        return item


def source_work(source: Source, language: str) -> Work | None:
    """The source article (content/attribution.py) as a citable work; None while only its title is known (a CSL style
    then prints the title twice and calls it a preprint, which helps nobody find it)."""
    if not source.title or not (source.authors or source.publisher or source.date or source.url):
        return None
    issued, year = _parse_date(source.date)
    return Work(
        "source",
        "article",
        source.title,
        url=source.url,
        authors=source.authors,
        container=source.publisher,
        issued=issued,
        year=year,
        language=language,
    )


# Export formats


def csl_json(works: list[Work]) -> str:
    return json.dumps([w.csl() for w in works], ensure_ascii=False, indent=2) + "\n"


def bibtex(works: list[Work]) -> str:
    """BibTeX entries (@misc for pages, @book for the reader, @article for the source); UTF-8, titles kept as cased."""
    entries = []
    for work in works:
        kind = {"book": "book", "article": "article"}.get(work.kind, "misc")
        fields = [("title", "{" + _tex(work.title) + "}")]
        if work.authors:
            fields.append(("author", " and ".join(_bib_name(n) for n in work.authors)))
        if work.container:
            fields.append(("journal" if kind == "article" else "howpublished", _tex(work.container)))
        if work.publisher:
            fields.append(("publisher", _tex(work.publisher)))
        year = work.issued.year if work.issued else work.year
        if year:
            fields.append(("year", str(year)))
        if work.issued:
            fields.append(("month", str(work.issued.month)))
            fields.append(("date", work.issued.isoformat()))
        if work.url:
            fields.append(("url", _tex_url(work.url)))
        if work.language:
            fields.append(("language", _tex(work.language)))
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        entries.append(f"@{kind}{{{bib_key(work.key)},\n{body}\n}}\n")
    return "\n".join(entries)


def ris(works: list[Work]) -> str:
    """RIS records (ELEC for pages, BOOK for the reader, JOUR for the source), CRLF line ends as the format asks."""
    lines = []
    for work in works:
        lines.append(f"TY  - {dict(book='BOOK', article='JOUR').get(work.kind, 'ELEC')}")
        lines.append(f"TI  - {_one_line(work.title)}")
        lines += [f"AU  - {_one_line(name)}" for name in work.authors]
        if work.container:
            lines.append(f"T2  - {_one_line(work.container)}")
        if work.publisher:
            lines.append(f"PB  - {_one_line(work.publisher)}")
        year = work.issued.year if work.issued else work.year
        if year:
            lines.append(f"PY  - {year}")
        if work.issued:
            lines.append(f"DA  - {work.issued.strftime('%Y/%m/%d')}/")
        if work.url:
            lines.append(f"UR  - {_ris_url(work.url)}")
        if work.language:
            lines.append(f"LA  - {_one_line(work.language)}")
        lines.append("ER  - ")
    return "\r\n".join(lines) + "\r\n"


EXPORTS = {"bib": bibtex, "ris": ris, "json": csl_json}


def bib_key(key: str) -> str:
    """A citation key BibTeX reads as one: letters, digits and - _ . : only (anything else becomes -)."""
    return re.sub(r"[^\w.:-]", "-", key, flags=re.ASCII) or "entry"


# Internals

_GIVEN_FAMILY = re.compile(r"^[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*)*\Z")
# BibTeX counts every brace, escaped or not ("\\}" is still a brace to it), so a title with one unpaired brace would end
# its field early, and the rest of it could read as other fields: braces and backslashes are written as LaTeX commands
# whose own braces pair up
_TEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def _is_person(name: str) -> bool:
    """'Jane Q. Doe' is a person; 'Military Diplomacy course reader contributors' (lower-case words) is a group."""
    return 2 <= len(name.split()) <= 4 and bool(_GIVEN_FAMILY.match(name))


def _csl_name(name: str) -> dict[str, str]:
    if _is_person(name):
        given, _, family = name.rpartition(" ")
        return {"family": family, "given": given}
    return {"literal": name}


def _bib_name(name: str) -> str:
    if _is_person(name):
        given, _, family = name.rpartition(" ")
        return f"{_tex(family)}, {_tex(given)}"
    return "{" + _tex(name) + "}"


def _tex(text: str) -> str:
    return "".join(_TEX_SPECIAL.get(ch, ch) for ch in " ".join(text.split()))


def _tex_url(url: str) -> str:
    """A URL for a BibTeX field: braces and backslashes percent-encoded (the same URL, with no brace for BibTeX to
    count), then % and # escaped as the url field asks."""
    url = _one_line(url).replace("{", "%7B").replace("}", "%7D").replace("\\", "%5C")
    return "".join("\\" + ch if ch in "%#" else ch for ch in url)


def _ris_url(url: str) -> str:
    """A URL for RIS's UR tag, which readers split at ';' (several URLs in one tag): the ';' percent-encoded."""
    return _one_line(url).replace(";", "%3B")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _parse_date(value: str) -> tuple[date | None, int | None]:
    if re.fullmatch(r"\d{4}", value):
        return None, int(value)
    try:
        return date.fromisoformat(value), None
    except ValueError:
        return None, None
