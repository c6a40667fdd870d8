"""Build hook used only by scripts/bench.py: gives plain Material the project's cache of compiled templates
(course_reader/core/build_cache.py), so that (a) also compares the project with a plain build that has the same cache."""

from __future__ import annotations

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from course_reader.core.build_cache import use_template_cache


def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    use_template_cache(env)
    return env
