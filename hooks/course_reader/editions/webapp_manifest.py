"""The web app manifest (for hooks/course_reader/editions/webapp.py): the app's name, icons, start URL and scope, and its theme colour, read
from Material's palette CSS for the palette's primary colour."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import quote, urlsplit

from mkdocs.config.defaults import MkDocsConfig

from course_reader.editions.webapp_precache import PATH_SAFE

ICONS = "assets/icons"


def palette_primary(palette: object) -> str:
    """The primary colour name of the theme's palette (a mapping or a list of them); Material's default: indigo."""
    entries = palette if isinstance(palette, list) else [palette] if isinstance(palette, dict) else []
    for entry in entries:
        if isinstance(entry, dict) and entry.get("primary"):
            return str(entry["primary"]).lower().replace(" ", "-")
    return "indigo"


def theme_colour(primary: str) -> str:
    """Material's colour for the palette's primary name, e.g. indigo -> #4051b5, read from Material's palette CSS."""
    import material

    sheets = sorted((Path(material.__file__).parent / "templates" / "assets" / "stylesheets").glob("palette.*.min.css"))
    css = sheets[0].read_text(encoding="utf-8") if sheets else ""
    found = re.search(
        rf"\[data-md-color-primary={re.escape(primary)}\]\{{--md-primary-fg-color:(#[0-9a-fA-F]{{3,8}})", css
    )
    if not found:
        raise ValueError(
            f"primary colour {primary!r} has no colour of its own in Material's palette — the web app's theme colour "
            "and icons need one: use one of Material's named colours such as indigo"
        )
    return found.group(1).lower()


def manifest(config: MkDocsConfig, colour: str, short_name: str) -> str:
    """The web app manifest: installable (name, icons of 192 and 512 px with maskable ones, standalone), its
    start URL and scope the site's own path, e.g. /reader/ (relative to the manifest when there is no site_url)."""
    path = urlsplit(config.site_url or "").path or "./"
    path = quote(path if path.endswith("/") else path + "/", safe=PATH_SAFE + "%")  # site_url's own escapes kept
    icons = [
        {"src": f"{ICONS}/{kind}-{size}.png", "sizes": f"{size}x{size}", "type": "image/png", "purpose": purpose}
        for kind, purpose in (("icon", "any"), ("maskable", "maskable"))
        for size in (192, 512)
    ]
    data = {
        "id": path,
        "name": config.site_name,
        "short_name": short_name,
        "description": " ".join((config.site_description or "").split()),
        "lang": config.theme.get("language") or "en",
        "dir": "ltr",
        "start_url": path,
        "scope": path,
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": colour,
        "icons": icons,
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
