#!/usr/bin/env python3
"""Regenerate the template overrides that replace a whole Material template: each is the installed Material's
template with the (old, new) replacements of PATCHES applied, under a header saying what changes and why.

    .venv/bin/python scripts/rebase_overrides.py           # rewrite overrides/ from the installed Material
    .venv/bin/python scripts/rebase_overrides.py --check   # exit 1 if a committed override is not what it makes

After a Material upgrade (a Dependabot bump), run it once and commit the result; a patch whose `old` text is no
longer in Material's template stops the script with its name, to be redone by hand. tests/test_overrides.py checks
that every committed override is what this script makes.

Hashed asset names ('assets/javascripts/bundle.a5f9d56c.min.js', which change with every Material release) are
written as `material_asset('assets/javascripts/bundle.min.js')`, which hooks/course_reader/site/theme.py resolves to the installed
file at build time, so no override needs regenerating just because Material rebuilt its assets.

To change a Material template: add its (old, new) pairs under its name in PATCHES (every occurrence of old in
Material's template is replaced), add a HEADERS entry saying what changes and why, run the script, commit overrides/. For an
addition, prefer overrides/main.html and Material's blocks (`extrahead`, `scripts`, `content`, …): no copy at all.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OVERRIDES = ROOT / "overrides"
GENERATED = "{#-\n  This file was automatically generated - do not edit\n-#}\n"  # Material's own first lines
HASHED = re.compile(r"""(['"])(assets/[\w./-]+?)\.[0-9a-f]{8}\.min\.(js|css)\1""")

PATCHES: dict[str, list[tuple[str, str]]] = {
    "base.html": [
        (
            '    <input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">\n'
            '    <input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">\n',
            '    <form id="__toggles" autocomplete="off" hidden></form>\n'
            '    <input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" form="__toggles">\n'
            '    <input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" form="__toggles">\n',
        ),
        (
            '<meta name="description" content="{{ page.meta.description }}">',
            '<meta name="description" content="{{ page.meta.description | e }}">',
        ),
    ],
    "partials/search.html": [
        ('role="dialog">', 'role="dialog" aria-label="{{ lang.t(\'search\') }}">'),
        (' autocorrect="off"', ""),
    ],
    "partials/nav-item.html": [
        ('_label" tabindex="{{ tabindex }}">', '_label"{% if tabindex %} tabindex="{{ tabindex }}"{% endif %}>'),
        (
            "        {% set is_pruned = true %}\n      {% endif %}\n    {% endif %}\n",
            "        {% set is_pruned = true %}\n      {% endif %}\n    {% endif %}\n"
            "    {% if nav_item.folded and not nav_item.active %}\n"
            '      {% set class = "md-nav__item md-nav__item--pruned" %}\n'
            "      {% set is_pruned = true %}\n"
            "    {% endif %}\n",
        ),
    ],
    "partials/toc.html": [
        (
            '    <label class="md-nav__title" for="__toc">\n',
            "    {#- nav-item.html renders the toggle for every page in the nav except the index page of a section -#}\n"
            "    {% set _ = namespace(toggle=page.parent or page in nav.items, index=none) %}\n"
            '    {% if "navigation.indexes" in features and page.parent %}\n'
            "      {% for item in page.parent.children %}\n"
            "        {% if item.is_index and _.index is none %}\n"
            "          {% set _.index = item %}\n"
            "        {% endif %}\n"
            "      {% endfor %}\n"
            "    {% endif %}\n"
            '    <label class="md-nav__title"{% if _.toggle and _.index != page %} for="__toc"{% endif %}>\n',
        )
    ],
}

_GENERATED_BY = (
    "Made by scripts/rebase_overrides.py from the installed Material's {name}; do not edit: change PATCHES there."
)

HEADERS = {
    "base.html": """{#- %s
    Two changes. For valid HTML (Nu checker), the two toggle checkboxes carried autocomplete="off", which HTML
    allows only on text-like inputs: they now take it from an empty form owner (form="__toggles"), which keeps
    browsers from restoring a stale open drawer or search. And the page's meta description is escaped (a quote in
    front matter must not end the attribute). -#}
""",
    "partials/search.html": """{#- %s
    Two changes: the search dialog has an accessible name (axe: aria-dialog-name), and the query input drops
    autocorrect="off", an attribute the Nu HTML checker rejects (spellcheck and autocapitalize stay off). -#}
""",
    "partials/nav-item.html": """{#- %s
    Two changes: section labels print tabindex only when it has a value (Material printed tabindex="" on sections,
    invalid HTML); a section hooks/course_reader/site/navigation.py folded (a large tab's other sections) renders as one link, as
    Material's pruned items do. -#}
""",
    "partials/toc.html": """{#- %s
    One change: the title points at the "__toc" toggle only on pages that have one. A section's index page
    (navigation.indexes) and a page outside the nav (the print edition) have none, and a label pointing at a
    missing control is invalid HTML. -#}
""",
}


def material_templates() -> Path:
    import material

    return Path(material.__file__).parent / "templates"


def generate(name: str, templates: Path | None = None) -> str:
    """The override `name` as Material's template of that name with its patches; ValueError if a patch no longer
    applies."""
    original = ((templates or material_templates()) / name).read_text(encoding="utf-8")
    body = original.removeprefix(GENERATED)
    for old, new in PATCHES[name]:
        if old not in body:
            raise ValueError(
                f"{name}: Material's template no longer contains a patch's old text: redo that patch by hand in "
                f"PATCHES of scripts/rebase_overrides.py: {old[:80]!r}"
            )
        body = body.replace(old, new)
    body = HASHED.sub(lambda m: f"material_asset({m.group(1)}{m.group(2)}.min.{m.group(3)}{m.group(1)})", body)
    return HEADERS[name] % _GENERATED_BY.format(name=name) + body


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that overrides/ is up to date")
    args = parser.parse_args()
    stale = []
    for name in PATCHES:
        try:
            text = generate(name)
        except ValueError as error:
            print(error, file=sys.stderr)
            return 1
        path = OVERRIDES / name
        if path.read_text(encoding="utf-8") != text if path.exists() else True:
            stale.append(name)
            if not args.check:
                path.write_text(text, encoding="utf-8")
    verb = "out of date" if args.check else "rewritten"
    print(f"overrides {verb}: {', '.join(stale)}" if stale else "overrides/ is up to date")
    return 1 if stale and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
