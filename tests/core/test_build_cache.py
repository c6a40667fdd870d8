"""hooks/course_reader/core/build_cache.py: the theme's compiled templates are kept between builds, an edited template is compiled
again, and a cache that cannot be used only costs time."""

from __future__ import annotations

import jinja2
import pytest
from jinja2.bccache import bc_magic

from course_reader.core.build_cache import TemplateCache, cache_dir, compile_signature, use_template_cache


@pytest.fixture(autouse=True)
def _own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def _env(folder) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), auto_reload=False)
    use_template_cache(env)
    return env


def _no_compiling(env: jinja2.Environment, monkeypatch) -> list[str]:
    compiled: list[str] = []
    real = env.compile

    def compile(source, name=None, filename=None, raw=False, defer_init=False):
        compiled.append(name)
        return real(source, name, filename, raw, defer_init)

    monkeypatch.setattr(env, "compile", compile)
    return compiled


def test_a_second_build_loads_the_compiled_template_and_an_edited_one_is_compiled_again(tmp_path, monkeypatch):
    (tmp_path / "t").mkdir()
    page = tmp_path / "t" / "page.html"
    page.write_text("{% for x in items %}<b>{{ x }}</b>{% endfor %}", encoding="utf-8")
    assert _env(tmp_path / "t").get_template("page.html").render(items=[1, 2]) == "<b>1</b><b>2</b>"
    assert len(list(cache_dir("templates").rglob("*.cache"))) == 1

    second = _env(tmp_path / "t")
    compiled = _no_compiling(second, monkeypatch)
    assert second.get_template("page.html").render(items=[3]) == "<b>3</b>"
    assert compiled == [], "the second environment compiled the template instead of loading it"

    page.write_text("{{ items | length }} items", encoding="utf-8")
    third = _env(tmp_path / "t")
    compiled = _no_compiling(third, monkeypatch)
    assert third.get_template("page.html").render(items=[3, 4]) == "2 items"
    assert compiled == ["page.html"]


def test_a_damaged_cache_entry_is_compiled_again(tmp_path, monkeypatch):
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "page.html").write_text("{{ 6 * 7 }}", encoding="utf-8")
    _env(tmp_path / "t").get_template("page.html")
    [entry] = cache_dir("templates").rglob("*.cache")
    entry.write_bytes(bc_magic + b"\x80\x02damaged")  # a valid header, then what pickle cannot read
    env = _env(tmp_path / "t")
    compiled = _no_compiling(env, monkeypatch)
    assert env.get_template("page.html").render() == "42"
    assert compiled == ["page.html"]


def test_a_cache_that_cannot_be_made_or_written_only_costs_time(tmp_path, monkeypatch):
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "page.html").write_text("{{ 6 * 7 }}", encoding="utf-8")
    (tmp_path / "blocked").write_text("a file where the cache folder would go", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "blocked"))
    env = _env(tmp_path / "t")
    assert env.bytecode_cache is None
    assert env.get_template("page.html").render() == "42"

    cache = TemplateCache(str(tmp_path / "gone"))  # the folder vanished after the cache was set up
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path / "t")), bytecode_cache=cache)
    assert env.get_template("page.html").render() == "42"


def test_options_that_change_compiled_code_change_the_cache_folder():
    base = jinja2.Environment()
    assert compile_signature(base) == compile_signature(jinja2.Environment())
    assert compile_signature(jinja2.Environment(trim_blocks=True)) != compile_signature(base)
    assert compile_signature(jinja2.Environment(autoescape=True)) != compile_signature(base)
    assert compile_signature(jinja2.Environment(extensions=["jinja2.ext.i18n"])) != compile_signature(base)
    assert compile_signature(jinja2.Environment(variable_start_string="[[")) != compile_signature(base)
