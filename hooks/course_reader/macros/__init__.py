"""The reader's macros, registered with the mkdocs-macros plugin by the `course` plugin (a feature with one event,
`on_config`): every function of reader.MACROS, editorial.EDITORIAL_MACROS and lecturer.LECTURER_MACROS under its own name, bound to the page
being rendered (`Here`)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from course_reader.macros.editorial import EDITORIAL_MACROS
from course_reader.macros.lecturer import LECTURER_MACROS
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
    return config
