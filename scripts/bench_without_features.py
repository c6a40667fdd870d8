"""Used only by scripts/bench.py, part (e): run MkDocs with some of the `course` plugin's features left out, so that
one feature can be timed beside the online build without the others an option would bring along (the lecturer kit's
handouts are made with the `editions` option, which also makes the PDF and EPUB: bench (e) leaves out `books`).

    python scripts/bench_without_features.py books -- build -q -d out
"""

from __future__ import annotations

import sys

from course_reader import plugin


def main(argv: list[str]) -> int:
    split = argv.index("--")
    left_out = set(argv[:split])
    names = {feature.__name__.rsplit(".", 1)[-1] for feature in plugin.FEATURES}
    if not left_out <= names:
        raise SystemExit(f"unknown feature(s) {sorted(left_out - names)}: the features are {sorted(names)}")
    plugin.FEATURES = tuple(f for f in plugin.FEATURES if f.__name__.rsplit(".", 1)[-1] not in left_out)
    for event in plugin.EVENTS:  # the plugin's handlers, made again from the features that are left
        if event in vars(plugin.CoursePlugin):
            delattr(plugin.CoursePlugin, event)
        combined = plugin._event(event)
        if combined is not None:
            setattr(plugin.CoursePlugin, event, combined)
    from mkdocs.__main__ import cli

    cli.main(args=argv[split + 1 :], prog_name="mkdocs")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
