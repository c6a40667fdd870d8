"""Spelling policy check: the reader's own text follows the article's American spelling ("defense", "organize").

Checks what the project writes — the prose fields of data/*.yml and the Markdown under docs/ with the article's
own sentences taken out — against codespell's British-to-American word list. Not checked: the article, ids,
glossary aliases (British forms belong there), quotations of the article, names of sources and the bibliographic
fields of readings (titles keep their own spelling), and the proper names in PROPER_NAMES.

Run: .venv/bin/python scripts/check_spelling.py   (make test runs it through tests/content/test_editorial.py)
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
# Words both spellings share in American usage, though codespell's list maps them: the article writes "dialogue"
KEEP = frozenset({"dialogue", "dialogues"})
# Proper names spelled as their owners spell them
PROPER_NAMES = (
    "Common Security and Defence Policy",
    "European Defence Fund",
    "European Defence Agency",
    "Ministry of Defence",
    "Reshaping Defence Diplomacy",
    "ASEAN Defence Ministers",
)
# Fields that are not the reader's prose: ids and references, alternative spellings, sources' and works' own names
SKIP_KEYS = frozenset(
    {"id", "aliases", "terms", "see_also", "pages", "source_page", "chapter", "chapters", "sources", "level"}
)
SKIP_BY_FILE = {
    "readings.yml": frozenset({"authors", "title", "publisher", "journal", "series", "editors", "place"}),
}
WORD = re.compile(r"[A-Za-z]+")
TERM_MACRO = re.compile(r"""\{\{-?\s*term\(\s*(['"])[^'"]*\1\s*(?:,\s*(['"])(.*?)\2)?\s*\)\s*-?\}\}""")
OTHER_MACRO = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
ATTRS = re.compile(r"\{[:\s]*[#.][^}]*\}")


def british_words() -> dict[str, str]:
    """codespell's en-GB -> en-US list: {'defence': 'defense', …}, without the words in KEEP."""
    import codespell_lib

    path = Path(codespell_lib.__file__).parent / "data" / "dictionary_en-GB_to_en-US.txt"
    words = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        british, _, american = line.partition("->")
        if british and british not in KEEP:
            words[british.strip()] = american.split(",")[0].strip()
    return words


def find(text: str, words: dict[str, str]) -> list[tuple[str, str]]:
    """(British word as written, American form) for each British spelling in `text`."""
    for name in PROPER_NAMES:
        text = text.replace(name, " ")
    found = []
    for word in WORD.findall(text):
        key = word.lower()
        if key in words:
            found.append((word, words[key]))
        elif key.endswith("s") and key[:-1] in words:  # the list has few plurals: 'programmes'
            found.append((word, words[key[:-1]] + "s"))
    return found


def _article_sentences() -> list[str]:
    article = (ROOT / "tests" / "fixtures" / "article.txt").read_text(encoding="utf-8")
    units = []
    for line in article.splitlines():
        line = line.strip()
        units += [s for s in re.split(r"(?<=[.!?:])\s+", line) if len(s) > 20]
    return sorted(units, key=len, reverse=True)


def plain_markdown(line: str) -> str:
    """A Markdown line as its reader sees it: term macros as their text, other macros and link targets dropped."""
    line = TERM_MACRO.sub(lambda m: m.group(3) or "", line)
    line = OTHER_MACRO.sub(" ", line)
    line = LINK.sub(r"\1", line)
    line = ATTRS.sub(" ", line)
    return re.sub(r"\*\*|__|`", "", line)


def check_markdown(path: Path, root: Path, words: dict[str, str], sentences: list[str]) -> Iterator[str]:
    """The page's own text (front matter included), the article's sentences taken out."""
    name = path.relative_to(root).as_posix()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        text = plain_markdown(line)
        for sentence in sentences:
            if sentence in text:
                text = text.replace(sentence, " ")
        for word, american in find(text, words):
            yield _message(name, number, word, american)


def _walk(node: yaml.Node, skip: frozenset[str], path_key: str = "") -> Iterator[tuple[yaml.ScalarNode, str]]:
    if isinstance(node, yaml.ScalarNode):
        if path_key not in skip and isinstance(node.value, str):
            yield node, path_key
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _walk(item, skip, path_key)
    elif isinstance(node, yaml.MappingNode):
        pairs = {k.value: v for k, v in node.value}
        quoted = pairs.get("summary_source")
        for key, value in node.value:
            # a case study's summary is the article's own words unless it is a paraphrase
            if key.value == "summary" and not (isinstance(quoted, yaml.ScalarNode) and quoted.value == "paraphrase"):
                continue
            yield from _walk(value, skip, key.value)


def check_yaml(path: Path, root: Path, words: dict[str, str]) -> Iterator[str]:
    name = path.relative_to(root).as_posix()
    lines = path.read_text(encoding="utf-8").splitlines()
    skip = SKIP_KEYS | SKIP_BY_FILE.get(path.name, frozenset())
    document = yaml.compose(path.read_text(encoding="utf-8"))
    if document is None:
        return
    for node, _ in _walk(document, skip):
        for word, american in find(node.value, words):
            first, last = node.start_mark.line, node.end_mark.line
            line = next(
                (n + 1 for n in range(first, min(last, len(lines) - 1) + 1) if re.search(rf"\b{word}\b", lines[n])),
                first + 1,
            )
            yield _message(name, line, word, american)


def _message(name: str, line: int, word: str, american: str) -> str:
    return (
        f"{name}:{line}: '{word}' is British spelling — write '{american}' (the reader's own text follows the "
        "article's American spelling; a glossary entry keeps the British form under aliases)"
    )


def problems(root: Path = ROOT) -> list[str]:
    words = british_words()
    sentences = _article_sentences()
    found: list[str] = []
    for path in sorted((root / "data").glob("*.yml")):
        found += check_yaml(path, root, words)
    for path in sorted((root / "docs").rglob("*.md")):
        found += check_markdown(path, root, words, sentences)
    return found


def main() -> int:
    found = problems()
    for line in found:
        print(line)
    print(f"{len(found)} British spelling(s) in the reader's own text" if found else "Spelling policy: OK")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
