"""Material's hashed asset names, looked up when the site is built: the generated template overrides
(scripts/rebase_overrides.py) write `material_asset('assets/javascripts/bundle.min.js')` where Material's template
has 'assets/javascripts/bundle.a5f9d56c.min.js', so they survive a Material release that only rebuilt its assets."""

from __future__ import annotations

import functools
from pathlib import Path

from jinja2 import Environment
from mkdocs.exceptions import PluginError


def add_globals(env: Environment) -> None:
    """Make `material_asset` available to the templates."""
    env.globals["material_asset"] = material_asset


def material_asset(path: str) -> str:
    """'assets/javascripts/bundle.min.js' -> the installed Material's 'assets/javascripts/bundle.<hash>.min.js'."""
    return _find(path, str(_templates()))


@functools.cache
def _templates() -> Path:
    import material

    return Path(material.__file__).parent / "templates"


@functools.cache
def _find(path: str, templates: str) -> str:
    stem, dot, ext = path.rpartition(".min.")
    if not dot:
        raise PluginError(f"overrides/: material_asset('{path}') must name a '.min.js' or '.min.css' file")
    folder = Path(templates)
    found = sorted(p.relative_to(folder).as_posix() for p in folder.glob(f"{stem}.*.min.{ext}"))
    hashed = [name for name in found if len(name) == len(stem) + len(".12345678.min.") + len(ext)]
    if len(hashed) != 1:
        raise PluginError(
            f"overrides/: Material has {len(hashed)} files for material_asset('{path}') ({', '.join(hashed) or 'none'}) "
            "— run scripts/rebase_overrides.py against the installed Material"
        )
    return hashed[0]
