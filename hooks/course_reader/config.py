"""The `course` plugin's options (mkdocs.yml, `plugins: - course:`), checked by MkDocs' own config validation: a
wrong option stops the build with the option's name, as for any plugin. The features read them from the build
state (`build_state.get().options`)."""

from __future__ import annotations

import re
from datetime import date

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError


class Text(base.BaseConfigOption[str]):
    """A one-line text option with a length limit (and, optionally, a pattern it must match)."""

    def __init__(self, *, default: str, limit: int, pattern: str | None = None, hint: str = "") -> None:
        super().__init__()
        self.default = default
        self.limit = limit
        self.pattern = re.compile(pattern) if pattern else None
        self.hint = hint

    def run_validation(self, value: object) -> str:
        if not isinstance(value, str) or not value.strip():
            raise base.ValidationError(f"give text, 1 to {self.limit} characters{self.hint} (it is {value!r})")
        if len(value) > self.limit:
            raise base.ValidationError(f"{value!r} is {len(value)} characters: give at most {self.limit}{self.hint}")
        if self.pattern and not self.pattern.fullmatch(value):
            raise base.ValidationError(f"{value!r} is not allowed here{self.hint}")
        return value


class PageCount(base.BaseConfigOption[int]):
    """A whole number of pages, at least 1."""

    def run_validation(self, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise base.ValidationError(f"give a whole number of pages (e.g. 100), or leave it out, not {value!r}")
        return value


class Scalar(base.BaseConfigOption[str]):
    """A field of the source article: text, a number (a year) or a YAML date, kept as text; empty when unset."""

    def __init__(self) -> None:
        super().__init__()
        self.default = ""

    def run_validation(self, value: object) -> str:
        if value is None:
            return ""
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise base.ValidationError(f"give text (it is {type(value).__name__})")
        return " ".join(str(value).split())


class Authors(base.BaseConfigOption[list[str]]):
    """The article's author or authors: one name, or a list of names."""

    def run_validation(self, value: object) -> list[str]:
        if value is None:
            return []
        names = value if isinstance(value, list) else [value]
        if not all(isinstance(name, str | int) and not isinstance(name, bool) for name in names if name is not None):
            raise base.ValidationError("give a name, or a list of names")
        return [" ".join(str(name).split()) for name in names if name is not None and str(name).strip()]


class RawHtmlGrants(base.BaseConfigOption[dict[str, list[str]]]):
    """Raw HTML a maintainer allows on named pages beyond the allowlist (site/raw_html.py): page -> tag or attribute
    names, e.g. `tools/index.md: [iframe, allowfullscreen]`."""

    def __init__(self) -> None:
        super().__init__()
        self.default = {}

    def run_validation(self, value: object) -> dict[str, list[str]]:
        if value is None:
            return {}
        if not isinstance(value, dict) or not all(
            isinstance(page, str) and isinstance(names, list) and all(isinstance(n, str) for n in names)
            for page, names in value.items()
        ):
            raise base.ValidationError(
                "give each page (its path under docs/) with a list of the tags or attributes allowed on it, "
                "e.g. 'tools/index.md: [iframe, allowfullscreen]'"
            )
        return {page: [name.strip().lower() for name in names] for page, names in value.items()}


class SourceConfig(base.Config):  # type: ignore[no-untyped-call]  # MkDocs' own class hook
    """The article the chapters reproduce (content/attribution.py). Leave a field empty rather than guess."""

    title = Scalar()
    author = Authors()
    publisher = Scalar()
    date = Scalar()
    license = Scalar()
    url = Scalar()


class LicenseConfig(base.Config):  # type: ignore[no-untyped-call]  # MkDocs' own class hook
    """One of the reader's licenses: its SPDX id (as in CITATION.cff), the name shown, where its terms are."""

    spdx = Scalar()
    name = Scalar()
    url = Scalar()


class RightsConfig(base.Config):  # type: ignore[no-untyped-call]  # MkDocs' own class hook
    """The reader's own licenses (content/attribution.py checks the values)."""

    content = c.SubConfig(LicenseConfig)
    code = c.SubConfig(LicenseConfig)


class CourseConfig(base.Config):  # type: ignore[no-untyped-call]  # MkDocs' own class hook
    """Options of the `course` plugin."""

    # The one-page print edition (print_page/); `make serve` turns it off (READER_PRINT=false) for fast rebuilds
    print_edition = c.Type(bool, default=True)
    # The PDF and EPUB editions, made from the print page by `mkdocs build` only (READER_EDITIONS=false: off)
    editions = c.Type(bool, default=True)
    # The offline zip (downloads/<download_name>.zip), made by `mkdocs build` only
    offline_zip = c.Type(bool, default=True)
    # A tab with more pages than this shows its other sections as one link each (site/navigation.py)
    sidebar_fold_above: c.Optional[int] = c.Optional(PageCount())
    # The installable web app's name under its icon on a phone's home screen
    webapp_short_name = Text(default="Reader", limit=12, hint=" (the app's name under its icon on a phone)")
    # The downloads' file name: the zip (and its one top-level folder), the PDF and the EPUB
    download_name = Text(
        default="course-reader",
        limit=60,
        pattern=r"[a-z0-9]+(?:-[a-z0-9]+)*",
        hint=" (lower-case letters, digits and single hyphens, e.g. military-diplomacy-reader)",
    )
    # The source article (content/attribution.py): shown on the home page, in the footer and in the editions
    source = c.SubConfig(SourceConfig)
    # The reader's own licenses: one for its editorial material, one for its code
    license = c.SubConfig(RightsConfig)
    # Raw HTML beyond what the reader's Markdown needs, granted page by page by a maintainer (site/raw_html.py)
    raw_html = RawHtmlGrants()


def options(config: MkDocsConfig) -> CourseConfig:
    """The `course` plugin's validated options in this MkDocs config."""
    plugin = config.plugins.get("course")
    if plugin is None:
        raise PluginError("mkdocs.yml: the `course` plugin is not listed under `plugins:` — add `- course`")
    return plugin.config  # type: ignore[no-any-return]
