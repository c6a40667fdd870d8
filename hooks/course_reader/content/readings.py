"""Further reading: load and validate data/readings.yml (works whose bibliographic details are checked), render a
chapter's list and the whole bibliography. Every text field is plain text (hooks/course_reader/core/fields.py); titles are set in italics."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

from course_reader import build_state
from course_reader.core.entries import Entry, load_entries, missing_pages, not_one_of
from course_reader.core.fields import PLAIN, Field, md_text

KINDS = ("book", "monograph", "article", "treaty", "agreement")
PRIMARY = frozenset({"treaty", "agreement"})  # texts agreed by states: no authors, a place and date of signature
# The fields of a reading; text is PLAIN (shown as typed): see hooks/course_reader/core/fields.py
FIELDS: dict[str, Field] = {
    "id": Field(str, True, "a lowercase id such as 'walt-1987' (letters, digits, hyphens)"),
    "kind": Field(str, True, f"one of: {', '.join(KINDS)}"),
    "authors": Field(list, False, "a list of authors as 'Family, Given', e.g. ['Walt, Stephen M.']", PLAIN),
    "editors": Field(list, False, "for an edited volume, its editors as 'Family, Given' (instead of authors)", PLAIN),
    "title": Field(str, True, "the title as published", PLAIN),
    "year": Field(int, True, "the year of publication or signature, e.g. 1987"),
    "publisher": Field(str, False, "the publisher of a book or monograph, e.g. 'Cornell University Press'", PLAIN),
    "series": Field(str, False, "the series and number, e.g. 'Adelphi Paper 365'", PLAIN),
    "journal": Field(str, False, "the journal of an article, e.g. 'World Politics'", PLAIN),
    "volume": Field((str, int), False, "the journal volume and issue, e.g. '30 (2)'", PLAIN),
    "pages": Field(str, False, "the pages of an article, e.g. '167–214'", PLAIN),
    "signed": Field(
        str, False, "where and when a treaty or agreement was signed, e.g. 'Washington, D.C., 4 April 1949'", PLAIN
    ),
    "chapters": Field(list, True, "a list of the pages it is suggested for, e.g. ['history/alliances.md']"),
    "why": Field(str, True, "one sentence on what it offers a reader of those chapters", PLAIN),
}


@dataclass(frozen=True)
class Reading:
    id: str
    kind: str
    title: str
    year: int
    why: str
    chapters: tuple[str, ...]
    authors: tuple[str, ...] = ()
    editors: tuple[str, ...] = ()
    publisher: str = ""
    series: str = ""
    journal: str = ""
    volume: str = ""
    pages: str = ""
    signed: str = ""

    @property
    def anchor(self) -> str:
        return f"reading-{self.id}"


@dataclass(frozen=True)
class Readings:
    source: str = "data/readings.yml"
    readings: dict[str, Reading] = field(default_factory=dict)

    def for_page(self, src_uri: str) -> list[Reading]:
        return [r for r in self.readings.values() if src_uri in r.chapters]


def load_readings(path: Path, pages: set[str], root: Path | None = None) -> Readings:
    """Load and validate; every problem at once, naming file, line, entry and field."""

    def reading(e: Entry) -> Reading:
        raw = e.value
        at = e.where()
        kind = raw["kind"]
        if problem := not_one_of(e.where("kind"), "kind", kind, KINDS):
            e.problems.append(problem)
        elif kind in PRIMARY and not raw.get("signed"):
            e.problems.append(f"{at}: field 'signed' is missing — a {kind} gives where and when it was signed")
        elif kind not in PRIMARY and not raw.get("authors") and not (kind != "article" and raw.get("editors")):
            e.problems.append(f"{at}: field 'authors' is missing — a {kind} names its authors")
        if raw.get("authors") and raw.get("editors"):
            e.problems.append(f"{at}: give 'authors' or 'editors' (an edited volume), not both")
        if kind == "article" and not (raw.get("journal") and raw.get("volume") and raw.get("pages")):
            e.problems.append(f"{at}: an article needs 'journal', 'volume' and 'pages'")
        if kind in ("book", "monograph") and not raw.get("publisher"):
            e.problems.append(f"{at}: field 'publisher' is missing — a {kind} names its publisher")
        if not 1600 <= raw["year"] <= 2100:
            e.problems.append(f"{e.where('year')}: field 'year' is {raw['year']} — give a year such as 1987")
        e.problems.extend(missing_pages(e, "chapters", pages))
        return Reading(
            id=e.id,
            kind=kind,
            title=" ".join(raw["title"].split()),
            year=raw["year"],
            why=" ".join(raw["why"].split()),
            chapters=tuple(raw["chapters"]),
            authors=tuple(raw.get("authors") or ()),
            editors=tuple(raw.get("editors") or ()),
            publisher=raw.get("publisher", ""),
            series=raw.get("series", ""),
            journal=raw.get("journal", ""),
            volume=str(raw.get("volume", "")),
            pages=raw.get("pages", ""),
            signed=raw.get("signed", ""),
        )

    name, readings = load_entries(path, "readings", FIELDS, reading, root)
    return Readings(name, readings)


def _names(authors: tuple[str, ...]) -> str:
    if len(authors) <= 1:
        return "".join(authors)
    return ", ".join(authors[:-1]) + " and " + authors[-1]


def reference(reading: Reading) -> Markup:
    """One reference: authors, or editors (eds.), (year). *Title*. Series. Publisher — or the journal with its volume
    and pages, or where a treaty was signed."""
    if reading.kind == "article":
        return Markup("{} ({}). “{}”. <cite>{}</cite> {}: {}.").format(
            md_text(_names(reading.authors)),
            reading.year,
            md_text(reading.title),
            md_text(reading.journal),
            md_text(reading.volume),
            md_text(reading.pages),
        )
    if reading.kind in PRIMARY:
        return Markup("<cite>{}</cite>. Signed {}.").format(md_text(reading.title), md_text(reading.signed))
    series = Markup(" {}.").format(md_text(reading.series)) if reading.series else ""
    names = (
        md_text(_names(reading.authors))
        if reading.authors
        else Markup("{} (eds.)").format(md_text(_names(reading.editors)))
    )
    return Markup("{} ({}). <cite>{}</cite>.{} {}.").format(
        names, reading.year, md_text(reading.title), series, md_text(reading.publisher)
    )


def render_list(readings: list[Reading], with_chapters: dict[str, tuple[str, str]] | None = None) -> Markup:
    """A list of references, each with why to read it; `with_chapters` (src -> (href, title)) adds where it helps."""
    items = []
    for reading in readings:
        where = ""
        if with_chapters is not None:
            links = Markup(", ").join(
                Markup('<a href="{}">{}</a>').format(with_chapters[c][0], md_text(with_chapters[c][1]))
                for c in reading.chapters
                if c in with_chapters
            )
            where = Markup(' <span class="reading__chapters">For: {}</span>').format(links)
        items.append(
            Markup('<li class="reading" id="{}"><span class="reading__kind">{}</span> {}<br>{}{}</li>').format(
                reading.anchor, reading.kind, reference(reading), md_text(reading.why), where
            )
        )
    return Markup('<ul class="further-reading">{}</ul>').format(Markup("").join(items))


@dataclass
class ReadingsState:
    """This build's readings (build_state.get().part(ReadingsState)), loaded by hooks/course_reader/content/editorial.py."""

    readings: Readings = field(default_factory=Readings)


def current() -> Readings:
    return build_state.get().part(ReadingsState).readings
