"""The glossary: load and validate data/glossary.yml, render term links and the A–Z page (with a marker where each
term's backlinks go: hooks/course_reader/content/glossary_backlinks.py fills them in)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from course_reader.core.datafile import ContentError, Located, load_list
from course_reader.core.entries import checked_entries, lookup, suggest
from course_reader.core.fields import INLINE, PLAIN, Field, as_text, md_inline, md_text, strip_bidi

# The fields of an entry; text is PLAIN (shown as typed) or INLINE (restricted Markdown): see hooks/course_reader/core/fields.py
FIELDS: dict[str, Field] = {
    "id": Field(str, True, "a lowercase id such as 'collective-security' (letters, digits, hyphens)"),
    "term": Field(str, True, "the term as readers look it up, e.g. 'Collective security'", PLAIN),
    "abbr": Field(str, False, "the abbreviation as text, e.g. 'NATO'", PLAIN),
    "aliases": Field(list, False, "a list of other spellings, e.g. ['collective defense']", PLAIN),
    "short": Field(str, True, "a one-sentence definition (it becomes the tooltip)", PLAIN),
    "definition": Field(str, False, "a longer definition in Markdown", INLINE),
    "see_also": Field(list, False, "a list of other glossary ids, e.g. ['nato']"),
}
# Ids the glossary page already gives to something else: a term with one of these ids would share it
LETTER_PREFIX = "letter-"  # the A–Z headings: letter-a, letter-b, …
GENERATED_IDS = {"cite-this-page": "the 'Cite this page' heading", "glossary": "the page's own heading"}


@dataclass(frozen=True)
class Term:
    id: str
    term: str
    short: str
    definition: str = ""
    abbr: str = ""
    aliases: tuple[str, ...] = ()
    see_also: tuple[str, ...] = ()
    line: int = 0


@dataclass(frozen=True)
class Glossary:
    source: str
    terms: dict[str, Term]

    def get(self, term_id: str, where: str = "") -> Term:
        """The term with this id, or a ContentError that suggests the closest id."""
        return lookup(self.terms, term_id, where, what="glossary term", source=self.source, add="the term")

    def by_letter(self) -> dict[str, list[Term]]:
        """The terms under their A–Z heading, in order: letters by their base character, then the rest."""
        groups: dict[str, list[Term]] = {}
        for term in sorted(self.terms.values(), key=lambda t: (index_letter(t.term) == OTHER, sort_key(t.term))):
            groups.setdefault(index_letter(term.term), []).append(term)
        return groups


OTHER = "#"  # the heading of terms that start with a digit or a symbol


def index_letter(text: str) -> str:
    """The A–Z heading a term files under: the base character of its first letter (É → E, ß → S), never a
    combining mark or a direction control; OTHER if a digit or symbol comes first."""
    for char in unicodedata.normalize("NFKD", text):
        category = unicodedata.category(char)
        if category.startswith("L"):
            return char.casefold()[0].upper()
        if category[0] in "NPS":
            return OTHER
    return OTHER


def sort_key(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if unicodedata.category(c)[0] in "LNZ").casefold()


def letter_id(letter: str) -> str:
    if letter == OTHER:
        return f"{LETTER_PREFIX}other"
    return LETTER_PREFIX + (letter.lower() if "a" <= letter.lower() <= "z" else f"u{ord(letter):04x}")


def load_glossary(path: Path, root: Path | None = None) -> Glossary:
    """Load and validate the glossary; raise ContentError listing every problem, one per line."""
    name, entries = load_list(path, "terms", root)
    problems: list[str] = []
    terms: dict[str, Term] = {}
    names: dict[str, str] = {}  # casefolded term/alias/abbr -> owning id
    for entry, label, term_id in checked_entries(name, entries, FIELDS, problems):
        raw = entry.value
        if term_id.startswith(LETTER_PREFIX) or term_id in GENERATED_IDS:
            clash = GENERATED_IDS.get(term_id, f"the A–Z heading '{term_id}'")
            problems.append(
                f"{name}:{entry.line_of('id')}: {label}: the id '{term_id}' is already used on the glossary page by "
                f"{clash} — choose another id (ids starting with '{LETTER_PREFIX}' are the A–Z headings)"
            )
        short = raw["short"].strip()
        if "\n" in short:
            problems.append(
                f"{name}:{entry.line_of('short')}: {label}: field 'short' must be one line — move detail to 'definition'"
            )
        for label_text in [raw["term"], *(raw.get("aliases") or []), *([raw["abbr"]] if raw.get("abbr") else [])]:
            key = label_text.strip().casefold()
            owner = names.get(key)
            if owner and owner != term_id:
                problems.append(
                    f"{name}:{entry.line_of('aliases' if label_text != raw['term'] else 'term')}: {label}: "
                    f"duplicate alias '{label_text}' (already used by entry '{owner}') — remove it from one entry"
                )
            names[key] = term_id
        terms[term_id] = Term(
            id=term_id,
            term=raw["term"].strip(),
            short=" ".join(short.split()),
            definition=(raw.get("definition") or "").strip(),
            abbr=(raw.get("abbr") or "").strip(),
            aliases=tuple(a.strip() for a in raw.get("aliases") or ()),
            see_also=tuple(raw.get("see_also") or ()),
            line=entry.line,
        )
    problems += _check_see_also(name, entries, terms)
    if problems:
        raise ContentError("\n".join(problems))
    return Glossary(name, terms)


def _check_see_also(name: str, entries: list[Located], terms: dict[str, Term]) -> list[str]:
    """Each valid term's 'see_also' names other terms of the file (declared, even if invalid: no cascading errors)."""
    problems = []
    # declared, even if invalid: an id with a stray space or line break is reported once, not by every see_also
    declared = {str(entry.value.get("id")).strip() for entry in entries}
    for entry in entries:
        entry_id = entry.value.get("id")
        for other in (entry.value.get("see_also") or []) if entry_id in terms else []:
            if other not in declared:
                problems.append(
                    f"{name}:{entry.line_of('see_also')}: entry '{entry_id}': field 'see_also' points to unknown id "
                    f"'{other}'{suggest(str(other), list(terms))} — use an id defined in {name}"
                )
            elif other == entry_id:
                problems.append(
                    f"{name}:{entry.line_of('see_also')}: entry '{entry_id}': field 'see_also' lists the entry itself — remove it"
                )
    return problems


def render_link(term: Term, text: str | None, href: str) -> Markup:
    """A term link: the text, linked to its glossary entry, with the short definition as its tooltip (plain text,
    inert for Markdown too: the link is raw HTML inside a page's Markdown)."""
    return Markup('<a class="glossary-term" data-term="{id}" href="{href}#{id}" title="{short}">{text}</a>').format(
        id=term.id, href=href, short=md_text(tooltip(term)), text=md_text(text if text is not None else term.term)
    )


def tooltip(term: Term) -> str:
    """The tooltip's words: plain text, with any Markdown stripped."""
    return as_text(term.short, FIELDS["short"].text or PLAIN)


def backlink_marker(term_id: str) -> str:
    return f"<!-- glossary-backlinks:{term_id} -->"


def render_page(glossary: Glossary) -> str:
    """Markdown for the glossary page: letter jumps, one anchored entry per term, backlink markers. Every field
    goes through its renderer in hooks/course_reader/core/fields.py: nothing in the data becomes markup, an attribute or a template."""
    groups = glossary.by_letter()
    jumps = " ".join(f'<a href="#{letter_id(letter)}">{md_text(letter)}</a>' for letter in groups)
    out = [f'<nav class="glossary-az" aria-label="Glossary, A to Z">{jumps}</nav>', ""]
    for letter, terms in groups.items():
        out += [f"## {md_text(letter)} {{ #{letter_id(letter)} }}", ""]
        for term in terms:
            title = md_text(strip_bidi(term.term))
            if term.abbr and term.abbr != term.term:
                title = Markup("{} ({})").format(title, md_text(strip_bidi(term.abbr)))
            out += [f"### {title} {{ #{term.id} .glossary-entry }}", "", f"**{md_text(term.short)}**", ""]
            if term.definition:
                out += [str(md_inline(term.definition)), ""]
            if term.aliases:
                out += ["*Also:* " + ", ".join(md_text(a) for a in term.aliases), "{ .glossary-aliases }", ""]
            if term.see_also:
                links = ", ".join(f"[{md_text(glossary.terms[o].term)}](#{o})" for o in term.see_also)
                out += [f"*See also:* {links}", "{ .glossary-see-also }", ""]
            out += [backlink_marker(term.id), ""]
    return "\n".join(out)
