"""Citations in the page's HTML: Highwire `citation_*` and Dublin Core meta tags for reference managers, and the
"Cite this page" box (the works are in hooks/course_reader/study/citations.py, their formatting in hooks/course_reader/study/citation_styles.py)."""

from __future__ import annotations

from markupsafe import Markup, escape

from course_reader.study.citations import FORMATS, Work


def meta_tags(work: Work, *, site_name: str, publisher: str, source: Work | None) -> Markup:
    """Highwire Press `citation_*` tags (Google Scholar, Zotero) and Dublin Core for one page."""
    tags: list[tuple[str, str]] = [("citation_title", work.title)]
    tags += [("citation_author", name) for name in work.authors]
    if work.kind != "book":
        tags.append(("citation_book_title", site_name))
    tags.append(("citation_publisher", publisher))
    if work.issued:
        tags.append(("citation_publication_date", work.issued.strftime("%Y/%m/%d")))
    tags += [("citation_public_url", work.url), ("citation_fulltext_html_url", work.url)]
    tags.append(("citation_language", work.language))
    dc = [("DC.title", work.title)] + [("DC.creator", name) for name in work.authors]
    dc.append(("DC.publisher", publisher))
    if work.issued:
        dc.append(("DC.date", work.issued.isoformat()))
    dc += [("DC.language", work.language), ("DC.identifier", work.url), ("DC.type", "Text"), ("DC.format", "text/html")]
    if work.kind != "book":
        dc.append(("DC.relation.isPartOf", site_name))
    if source is not None:
        dc.append(("DC.source", source.url or source.title))
    # no <link rel="schema.DC">: reference managers know the DC. prefix, and it would be a URL
    return Markup(
        "".join(f'<meta name="{name}" content="{escape(content)}">' for name, content in tags + dc if content)
    )


def render_box(
    formatted: dict[str, Markup],
    *,
    files: dict[str, str],
    reader_files: dict[str, str],
    source: dict[str, Markup] | None,
    source_files: dict[str, str] | None,
) -> Markup:
    """ "Cite this page", folded: each style's entry with a copy button, and the downloads (this page, the whole reader, and
    the source article when mkdocs.yml describes it). `files` map an extension of FORMATS to a relative URL."""

    def entries(values: dict[str, Markup], what: str) -> str:
        rows = "".join(
            f'<div class="cite-this__entry"><dt>{label}</dt><dd><p class="cite-this__text" data-cite>{text}</p>'
            f'<button type="button" class="md-button cite-this__copy" data-copy-cite>Copy {label} {what}</button>'
            "</dd></div>"
            for label, text in values.items()  # labels from STYLES; texts already HTML (Formatter.format)
        )
        return f'<dl class="cite-this__styles">{rows}</dl>'

    def downloads(label: str, urls: dict[str, str]) -> str:
        links = ", ".join(f'<a href="{escape(url)}" download>{FORMATS[ext]}</a>' for ext, url in urls.items())
        return f"<li>{label}: {links}</li>"

    items = [downloads("This page", files), downloads("The whole reader", reader_files)]
    if source_files:
        items.append(downloads("The original article", source_files))
    # folded to one line until opened (a "quote" box, as Material draws its collapsible admonitions); screen only
    html = '<details class="quote cite-this web-only"><summary id="cite-this-page">Cite this page</summary>'
    html += entries(formatted, "citation")
    if source:
        html += '<p class="cite-this__label">The original article:</p>' + entries(source, "citation of the article")
    html += (
        '<p class="cite-this__label">Download a citation for your reference manager:</p>'
        f'<ul class="cite-this__files">{"".join(items)}</ul>'
        '<p class="cite-this__status" role="status" aria-live="polite"></p></details>'
    )
    return Markup(html)
