"""Names the features share, each defined once: the pages the build fills in or makes, the downloads' file names
(from the `download_name` option; the lecturer kit's in a folder of their own), and the earliest date a zip entry (so the offline zip and the EPUB) can carry."""

from __future__ import annotations

from dataclasses import dataclass

PRINT_PAGE = "print_page.md"  # the one-page print edition, made by editions/print_edition.py
DOWNLOAD_PAGE = "download.md"  # where editions/offline.py lists the downloads and editions/webapp.py its control
KIT_PAGE = "instructors/downloads.md"  # where instructors/kit.py lists the lecturer kit's files
GLOSSARY_PAGE = "glossary.md"
PROGRESS_PAGE = "progress.md"
FLASHCARDS_PAGE = "flashcards.md"
KIT_FOLDER = "downloads/instructors"  # the lecturer kit's files (instructors/kit_files.py names them)
# The class of every element that only makes sense on a screen with a network (navigation, "Next:", reading time,
# "Cite this page", progress and flashcard controls, prompts to hover, tap or download, preview popups' data): set
# where the element is made; the print page, and so the PDF and the EPUB made from it, leave such elements out
WEB_ONLY = "web-only"
ZIP_EPOCH = 315532800  # 1980-01-01 00:00 UTC: a zip entry cannot carry an earlier date


@dataclass(frozen=True)
class Downloads:
    """The downloads' paths in the site, from their one file name (the offline zip's folder is named so too)."""

    name: str

    @property
    def zip(self) -> str:
        return f"downloads/{self.name}.zip"

    @property
    def pdf(self) -> str:
        return f"downloads/{self.name}.pdf"

    @property
    def epub(self) -> str:
        return f"downloads/{self.name}.epub"

    @property
    def cartridge(self) -> str:
        """The lecturer kit's Common Cartridge."""
        return f"{KIT_FOLDER}/{self.name}.imscc"

    @property
    def moodle(self) -> str:
        """The lecturer kit's question bank as Moodle XML."""
        return f"{KIT_FOLDER}/{self.name}-questions.moodle.xml"

    @property
    def qti(self) -> str:
        """The lecturer kit's question bank as a QTI 1.2 package."""
        return f"{KIT_FOLDER}/{self.name}-questions.qti.zip"
