"""The reader's macros, registered with the mkdocs-macros plugin by the `course` plugin (a feature with one event,
`on_config`): every function of reader.MACROS, editorial.EDITORIAL_MACROS and lecturer.LECTURER_MACROS under its own
name, bound to the page being rendered (`Here`). A page whose only template syntax is literal macro calls (most) is rendered without
compiling it as a template (macros/literal_macros.py: the same text, and the build's largest saving; see
PERFORMANCE.md), through mkdocs-macros' pre- and post-page hooks."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from course_reader import build_state
from course_reader.macros.editorial import EDITORIAL_MACROS
from course_reader.macros.lecturer import LECTURER_MACROS
from course_reader.macros.literal_macros import LiteralRendering, jinja_compatible, render_literal_calls
from course_reader.macros.page import Here
from course_reader.macros.reader import MACROS

ALL: tuple[Callable[..., Any], ...] = (*MACROS, *EDITORIAL_MACROS, *LECTURER_MACROS)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Register the macros with mkdocs-macros (listed before `course` under `plugins:`, with on_error_fail)."""
    plugin = config.plugins.get("macros")
    if plugin is None:
        raise PluginError(
            "mkdocs.yml: the `course` plugin needs the mkdocs-macros plugin — list `- macros:` (with "
            "`on_undefined: strict` and `on_error_fail: true`) before `- course:` under `plugins:`"
        )
    here = Here(plugin)
    plugin.register_macros(
        {macro.__name__: functools.update_wrapper(functools.partial(macro, here), macro) for macro in ALL}
    )
    plugin.pre_macro_functions.append(on_pre_page_macros)  # the lists mkdocs-macros made in its own on_config
    plugin.post_macro_functions.append(on_post_page_macros)
    return config


def on_pre_page_macros(env: Any) -> None:
    """A page whose only template syntax is literal macro calls is rendered here, without compiling it as a template
    (the same text, faster); mkdocs-macros then renders an empty page, and `on_post_page_macros` puts this back."""
    state = build_state.get().part(LiteralRendering)
    state.markdown = None
    meta = env.page.meta
    if "render_macros" in meta or not env.config["render_by_default"] or not jinja_compatible(env.env):
        return  # mkdocs-macros decides, as it always does
    functions = {name: env.env.globals[name] for name in env.macros if name in env.env.globals}
    rendered = render_literal_calls(env.markdown, functions, shadowed={*env.variables, *meta})
    if rendered is not None:
        state.markdown, env.markdown = rendered, ""


def on_post_page_macros(env: Any) -> None:
    state = build_state.get().part(LiteralRendering)
    if state.markdown is not None:
        env.markdown, state.markdown = state.markdown, None
