"""Issue 26's checks before the PDF and EPUB are made (editions/glyphs.py, editions/books.py): a character no
installed font has is named with its text and the fix, a print page far larger than the editions are made for is
refused before it costs minutes, and a build outside git without SOURCE_DATE_EPOCH is dated by its sources."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from course_reader.editions import books, glyphs

LATIN = ([0x20, 0xA0], [0x7E, 0x24F])  # a font set covering ASCII and Latin-1 to Latin Extended-B


def test_a_character_no_font_has_is_named_with_its_text_and_the_fix():
    found = glyphs.missing("Talks in 北京 🙂, in a café.", LATIN)
    assert list(found) == ["北", "京", "🙂"]
    message = glyphs.message(found)
    assert message.startswith(
        "PDF edition: 3 characters of the text have no glyph in any installed font and would print as empty boxes: "
        "'北', '京', '🙂' (U+5317, U+4EAC, U+1F642) in \"…Talks in 北京 🙂, in a café.…\""
    )
    assert "install a font with that script" in message and "fonts-noto-cjk" in message


def test_what_needs_no_glyph_is_not_reported():
    assert glyphs.missing("a\u00ad b\u200b c\u2060 d\u202e e\ufe0f f\u00a0", LATIN) == {}


def test_the_installed_fonts_cover_the_reader():
    """The machine that builds has fonts for every character of the reader's own text (DejaVu: scripts/setup-editions)."""
    starts, ends = glyphs.coverage()
    assert starts and glyphs.missing("Attachés — “NATO’s” 1949 ½ € ’", (starts, ends)) == {}


def test_outside_git_the_edition_is_dated_by_its_newest_source(tmp_path, monkeypatch):
    """Once: a source tarball built without SOURCE_DATE_EPOCH printed "Edition of 1 January 1980"."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    for rel, stamp in (
        ("docs/index.md", 1_700_000_000),
        ("data/glossary.yml", 1_717_200_000),
        ("mkdocs.yml", 1_600_000_000),
    ):
        path = tmp_path / rel
        path.parent.mkdir(exist_ok=True)
        path.write_text("x", encoding="utf-8")
        os.utime(path, (stamp, stamp))
    (tmp_path / "site").mkdir()
    os.utime(tmp_path / "site", (1_800_000_000, 1_800_000_000))  # not a source
    epoch, commit = books.git_head(tmp_path)
    assert (epoch, commit) == (1_717_200_000, "")
    assert datetime.fromtimestamp(epoch, tz=UTC).date().isoformat() == "2024-06-01"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1500000000")
    assert books.git_head(tmp_path) == (1_500_000_000, "")


def test_the_print_page_limit_is_four_times_this_reader():
    from support.project import ROOT

    assert books.MAX_PRINT_BYTES >= 4 * sum(p.stat().st_size for p in (ROOT / "docs").rglob("*.md"))
    assert Path(books.__file__).read_text(encoding="utf-8").count("READER_EDITIONS=false mkdocs build") == 1
