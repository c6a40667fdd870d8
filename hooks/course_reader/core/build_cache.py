"""What builds keep between runs, outside the project (XDG_CACHE_HOME, or ~/.cache), so that every copy of the project
shares it: minified scripts (hooks/course_reader/site/minify.py) and the theme's compiled templates.

Templates: without a cache, every `mkdocs build` and every `make serve` rebuild compiles Material's templates and
overrides/ to Python again (~0.1 s). Jinja's bytecode cache keeps the compiled code: it keys each template by its name
and path and checks a hash of its source, so an edited template is compiled again. What else shapes compiled code
(Jinja's and Python's versions, the environment's syntax options and extensions) names the cache's folder. A cache
that cannot be read or written costs only time: the template is compiled as without it."""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket, FileSystemBytecodeCache

# Environment options the compiler reads (jinja2/compiler.py, lexer.py, ext.py): a change gives another cache folder
COMPILE_OPTIONS = (
    "block_start_string",
    "block_end_string",
    "variable_start_string",
    "variable_end_string",
    "comment_start_string",
    "comment_end_string",
    "line_statement_prefix",
    "line_comment_prefix",
    "trim_blocks",
    "lstrip_blocks",
    "newline_sequence",
    "keep_trailing_newline",
    "optimized",
    "is_async",
    "autoescape",
    "finalize",
    "newstyle_gettext",
)


def cache_dir(kind: str) -> Path:
    """The folder of one kind of cached result."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "course-reader" / kind


def use_template_cache(env: jinja2.Environment) -> None:
    """Give the theme's Jinja environment the shared cache of compiled templates (nothing if it cannot be made)."""
    folder = cache_dir("templates") / compile_signature(env)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return
    env.bytecode_cache = TemplateCache(str(folder))


def compile_signature(env: jinja2.Environment) -> str:
    """A short hash of what, besides a template's source, decides the code Jinja compiles it to."""
    parts = [jinja2.__version__, sys.implementation.cache_tag or sys.version, *sorted(env.extensions)]
    for name in COMPILE_OPTIONS:
        value = getattr(env, name, None)
        parts.append(f"{name}={getattr(value, '__qualname__', None) or repr(value)}")
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:16]


class TemplateCache(FileSystemBytecodeCache):
    """Jinja's file cache, for which an unreadable or unwritable entry is a miss rather than an error."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # e.g. a damaged file (pickle's errors are not all caught by Jinja): compile instead
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass  # a full or read-only disk: the next build compiles the template again
