"""course_reader/plugin.py: the `course` plugin runs the features on every MkDocs event in the one order FEATURES
gives, interleaved with the other plugins (search, macros) by priority as MkDocs does."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError

import course_reader.macros as course_macros
from course_reader import plugin
from course_reader.editions import books, offline, print_edition, webapp
from course_reader.site import pages
from support.project import ROOT


@pytest.fixture(scope="module")
def config():
    return load_config(str(ROOT / "mkdocs.yml"))


def _features(config, event: str) -> list:
    """The features' functions MkDocs will call for `event`, in the order it will call them, with the other plugins'
    handlers as their plugin's name."""
    calls = []
    for handler in config.plugins.events[event.removeprefix("on_")]:
        owner = getattr(handler, "__self__", None)
        if isinstance(owner, plugin.CoursePlugin):
            priority = handler.mkdocs_priority
            calls += [f for f in plugin.handlers(event) if getattr(f, "mkdocs_priority", 0) == priority]
        else:
            calls.append(type(owner).__name__ if owner is not None else handler)
    return calls


def test_mkdocs_yml_lists_the_plugin_and_no_hooks(config):
    assert isinstance(config.plugins["course"], plugin.CoursePlugin)
    assert list(config.plugins)[-1] == "course", "after search and macros, whose output it uses"
    assert not config.hooks


def test_every_feature_runs_in_features_order_on_each_event(config):
    for event in plugin.EVENTS:
        mine = [f for f in _features(config, event) if callable(f) and not isinstance(f, str)]
        by_priority = sorted(
            plugin.handlers(event), key=lambda f: -getattr(f, "mkdocs_priority", 0)
        )  # stable: FEATURES order within a priority
        assert mine == by_priority, event


def test_the_order_the_features_depend_on():
    order = plugin.FEATURES
    assert order[0] is pages, "pages makes the build state every other feature reads"
    assert order.index(print_edition) < order.index(books) < order.index(offline) < order.index(webapp)
    assert order[-1] is webapp, "the web app lists the finished site"


def test_priorities_place_features_among_the_other_plugins(config):
    on_config = _features(config, "on_config")
    assert on_config[0] is pages.on_config, "the build state and the staging directory come before any plugin"
    on_post_build = _features(config, "on_post_build")
    assert on_post_build.index("SearchPlugin") < on_post_build.index(offline.on_post_build), "the zip has the index"
    assert on_post_build[-2] is webapp.on_post_build, "the service worker lists every file written"
    assert on_post_build[-1] is pages.on_post_build, "the build is whole (publishable) only after every plugin wrote"
    assert _features(config, "on_nav")[-1] is print_edition.on_nav
    on_page_markdown = _features(config, "on_page_markdown")
    assert on_page_markdown.index(pages.on_page_markdown) < on_page_markdown.index("MacrosPlugin")


def test_the_macros_need_the_macros_plugin():
    with pytest.raises(PluginError, match=r"the `course` plugin needs the mkdocs-macros plugin — list `- macros:`"):
        course_macros.on_config(SimpleNamespace(plugins={}))


def test_an_item_event_passes_each_result_on_and_keeps_the_item_when_a_feature_returns_none():
    seen = []

    def first(item, **kwargs):
        seen.append(("first", item, kwargs))
        return item + 1

    def second(item, **kwargs):
        seen.append(("second", item, kwargs))

    run = plugin._chain("on_page_content", 0, [first, second])
    assert run(None, 1, page="p") == 2
    assert seen == [("first", 1, {"page": "p"}), ("second", 2, {"page": "p"})]
    assert run.mkdocs_priority == 0


def test_architecture_md_maps_every_module_of_the_package():
    """ARCHITECTURE.md's code map names every module of the package (a new module is added to it)."""
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    package = ROOT / "hooks" / "course_reader"
    modules = {p.name for p in package.rglob("*") if p.suffix in (".py", ".js", ".css")}
    missing = sorted(name for name in modules if f"`{name}`" not in text)
    assert not missing, f"ARCHITECTURE.md's code map does not list: {missing}"
    for feature in plugin.FEATURES:
        short = feature.__name__.removeprefix("course_reader.")
        assert f"`{short}`" in text, f"ARCHITECTURE.md's order of events does not name {short}"


def test_the_literal_rendering_is_registered_with_mkdocs_macros(config):
    """mkdocs-macros calls the course plugin's pre- and post-page functions (pages of literal calls rendered
    without compiling a template): after on_config, they are in its lists."""
    from mkdocs.config import load_config as load

    built = load(str(ROOT / "mkdocs.yml"))
    built.plugins.on_startup(command="build", dirty=False)
    try:
        built = built.plugins.on_config(built)
        macros_plugin = built.plugins["macros"]
        assert course_macros.on_pre_page_macros in macros_plugin.pre_macro_functions
        assert course_macros.on_post_page_macros in macros_plugin.post_macro_functions
    finally:
        built.plugins.on_shutdown()
