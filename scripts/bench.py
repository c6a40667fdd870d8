#!/usr/bin/env python3
"""Build benchmark, side by side in one run, medians of --runs runs (default 5):

  (a) the full build (`mkdocs build --strict`, offline zip and print edition included), the same without the
      offline zip, and the plain Material build of the same Markdown (see bench_support.py), with the macros plugin
      loaded, and with it and the project's cache of compiled templates too (course_reader/core/build_cache.py: like for like);
  (b) generated courses of 100 and 1,000 pages that use glossary terms (24 per page) and a case-study card on
      every page: seconds per page and the 1,000/100 ratio (the online build, as in (a));
  (c) `mkdocs serve`: seconds from saving a page to the served page showing the edit;
  (d) the PDF and EPUB editions: making the PDF against WeasyPrint alone rendering the same HTML with the same CSS,
      making the EPUB against the online build (the (a) build without editions), and both files' sizes;
  (e) the lecturer kit: the online build (which writes the question-bank files) against the same build making the
      handouts too (the PDF and EPUB left out: scripts/bench_without_features.py), with the handouts' cache empty
      and full, and the question-bank files made in process from the loaded data, each as a ratio of the online
      build, in wall and CPU seconds.

(a) measures the online build: offline zip and print page included, PDF and EPUB not (READER_EDITIONS=false); (d)
measures those. Goals: (a) ≤ 1.25× plain Material with the macros plugin (the ratio to the same with the template
cache is printed beside it), (b) ratio ≤ 11, (c) < 1 s, (d) PDF ≤ 1.15× WeasyPrint alone, EPUB ≤ 0.25×
the online build, EPUB ≤ 1 MB, PDF ≤ 3 MB, (e) the kit's files and handouts add ≤ 0.1× the online build. A missed
goal is flagged; --profile then prints where the
time goes (pyinstrument, in-process build of the real site or the 1,000-page course).

    .venv/bin/python scripts/bench.py                   # everything (~15 min on 2 cores)
    .venv/bin/python scripts/bench.py --only a,c --runs 7
    .venv/bin/python scripts/bench.py --only b --sizes 100,1000 --profile

Timed builds run with Python's bytecode cache on, as Python does by default (--no-bytecode-cache: with
PYTHONDONTWRITEBYTECODE=1, as some machines set it, the project's hook modules are compiled at every build).

The benchmark never edits the working tree: (b) and (c) run on copies in a temporary directory (sharing the
repository's git history read-only through a symlink, so page dates come from git as in a real build).
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_support
from bench_support import ROOT, median

GOALS = {"a": 1.25, "b": 11.0, "c": 1.0, "pdf": 1.15, "epub": 0.25, "epub_mb": 1.0, "pdf_mb": 3.0, "kit": 0.1}
PROJECT_PARTS = ("docs", "data", "hooks", "overrides", "mkdocs.yml")
ONLINE = {"READER_EDITIONS": "false"}  # the online build: no PDF or EPUB
TERMS_PER_PAGE = 24
LESSONS_PER_CHAPTER = 10
NO_ZIP = {"READER_OFFLINE_ZIP": "false"}  # the course plugin's offline_zip option (mkdocs.yml)
CACHE_HOOK = Path(__file__).resolve().parent / "bench_template_cache_hook.py"
PLAIN_CACHED = "plain + macros + template cache"


# Copies of the project


def copy_project(dest: Path) -> Path:
    """The project's sources in `dest` (no site, venv or node_modules); git history shared read-only."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.exists():
            shutil.copy2(src, dest / part)
    if (ROOT / ".git").exists():
        (dest / ".git").symlink_to(ROOT / ".git")
    return dest


def child_config(project: Path, name: str, **overrides) -> Path:
    """A config in `project` that inherits its mkdocs.yml and replaces some top-level keys."""
    path = project / name
    path.write_text(
        yaml.safe_dump({"INHERIT": "mkdocs.yml", **overrides}, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    return path


# (a) full build vs plain


def bench_a(work: Path, runs: int) -> list[str]:
    project = copy_project(work / "a-project")
    plain = bench_support.make_plain_project(work / "a-plain")
    # What loading the macros plugin costs by itself (import, git info): plain pages, nothing for it to render
    search = {"search": bench_support.load_config(plain).get("plugins", [{}])[0].get("search") or {}}
    plain_macros = child_config(plain.parent, "plain-macros.yml", plugins=[search, "macros"])
    # The same with the project's cache of compiled templates (course_reader/core/build_cache.py): like for like, since the cache
    # would speed up any MkDocs build as much
    cached = child_config(plain.parent, "plain-macros-cache.yml", plugins=[search, "macros"], hooks=[str(CACHE_HOOK)])
    variants = {
        "project (full build)": None,
        "project without offline zip": NO_ZIP,
        PLAIN_CACHED: cached,
        "plain Material + macros plugin": plain_macros,
        "plain Material": plain,
    }
    times: dict[str, list[float]] = {name: [] for name in variants}
    cpu: dict[str, list[float]] = {name: [] for name in variants}
    for i in range(runs):
        for name, config in variants.items():
            out = work / "a-out" / str(i) / re.sub(r"\W+", "-", name)
            if config in (plain, plain_macros, cached):
                times[name].append(bench_support.build_plain(config, out))
            else:
                env = {**ONLINE, **(config if isinstance(config, dict) else {})}
                times[name].append(bench_support.build_project(out, project=project, env=env))
            cpu[name].append(bench_support.LAST_CPU[0])
    pages = len(bench_support.page_urls(out))
    lines = [
        f"(a) build time, median of {runs} (`mkdocs build`, {pages} pages in the plain build); the goal: the full "
        f"build ≤ {GOALS['a']}× plain Material with the macros plugin (which the design requires)"
    ]
    for label, data in (("wall", times), ("CPU", cpu)):
        base, macros = median(data["plain Material"]), median(data["plain Material + macros plugin"])
        like = median(data[PLAIN_CACHED])
        lines.append(
            f"  {label} seconds"
            + (" (user + system: steadier than wall time when the machine is busy)" if label == "CPU" else "")
        )
        for name, values in data.items():
            ratio, to_macros, to_like = median(values) / base, median(values) / macros, median(values) / like
            flag = ""
            if name == "project (full build)":
                flag = "  goal met" if to_macros <= GOALS["a"] else f"  MISSED goal ≤ {GOALS['a']}×"
                flag += "" if to_like <= GOALS["a"] else f" (like for like, with the cache: {to_like:.2f}×)"
            lines.append(
                f"    {name:32} {median(values):6.2f} s   {to_macros:5.2f}× plain+macros   {to_like:5.2f}× cached   "
                f"{ratio:5.2f}× plain   runs: {_runs(values)}{flag}"
            )
    return lines


# (b) generated courses


def course_page(n: int, term_ids: list[str], case_ids: list[str]) -> str:
    """One generated page: 4 sections, 24 glossary term links (some with their own text), one case-study card."""
    lines = [
        "---",
        f"title: Generated lesson {n}",
        f"description: A generated lesson for the build benchmark, number {n}.",
        "---",
        "",
        f"# Generated lesson {n}",
        "",
    ]
    for section in range(4):
        lines += [f"## Part {section + 1} of lesson {n}", ""]
        sentences = []
        for k in range(TERMS_PER_PAGE // 4):
            term = term_ids[(n * 7 + section * 6 + k) % len(term_ids)]
            call = f'{{{{ term("{term}") }}}}' if k % 3 else f'{{{{ term("{term}", "this idea") }}}}'
            sentences.append(f"Lesson {n} discusses {call} in the context of regional security and cooperation.")
        lines += [" ".join(sentences), ""]
    lines += [f'{{{{ case_study("{case_ids[n % len(case_ids)]}") }}}}', ""]
    return "\n".join(lines)


def make_course(work: Path, total_pages: int, prune: bool = False) -> tuple[Path, Path]:
    """A copy of the project grown to `total_pages` pages in the nav; returns (project dir, config).
    With `prune`, Material's navigation.prune feature is on (each page carries only the open part of the nav)."""
    project = copy_project(work / f"course-{total_pages}{'-prune' if prune else ''}")
    config = bench_support.load_config(project / "mkdocs.yml")
    existing = len(list((project / "docs").rglob("*.md")))
    cases_file = yaml.safe_load((project / "data" / "case_studies.yml").read_text(encoding="utf-8"))
    generated_cases = len(cases_file.get("case_studies") or [])
    terms = [t["id"] for t in yaml.safe_load((project / "data" / "glossary.yml").read_text(encoding="utf-8"))["terms"]]
    cases = [c["id"] for c in cases_file["case_studies"]]
    count = max(0, total_pages - existing - generated_cases)
    folder = project / "docs" / "generated"
    folder.mkdir()
    chapters: list[dict] = []
    for n in range(1, count + 1):
        (folder / f"lesson-{n:04d}.md").write_text(course_page(n, terms, cases), encoding="utf-8")
        if (n - 1) % LESSONS_PER_CHAPTER == 0:
            chapters.append({f"Chapter {len(chapters) + 1}": []})
        next(iter(chapters[-1].values())).append(f"generated/lesson-{n:04d}.md")
    nav = list(config.get("nav") or []) + [{"Generated course": chapters}]
    extra = {}
    if prune:
        features = list((config.get("theme") or {}).get("features") or [])
        extra["theme"] = {"features": [f for f in features if f != "navigation.expand"] + ["navigation.prune"]}
    return project, child_config(project, "bench-course.yml", nav=nav, **extra)


def bench_b(
    work: Path, runs: int, sizes: list[int], offline: bool = True, prune: bool = False
) -> tuple[list[str], Path | None]:
    """Each size: the project's build of the grown course, and plain Material's build of the same Markdown."""
    results: dict[int, dict[str, tuple[float, int, list[float]]]] = {}
    largest = None
    for size in sizes:
        project, config = make_course(work, size, prune)
        plain = bench_support.make_plain_project(
            work / f"course-{size}-plain", project=project, config_name=config.name
        )
        results[size] = {}
        for name in ("project", "plain"):
            times, pages = [], 0
            for i in range(runs):
                out = work / f"b-out-{size}-{name}-{i}"
                if name == "project":
                    times.append(
                        bench_support.mkdocs_build(
                            config, out, cwd=project, env={**ONLINE, **({} if offline else NO_ZIP)}
                        )
                    )
                else:
                    times.append(bench_support.build_plain(plain, out))
                pages = len([u for u in bench_support.page_urls(out) if u != "404.html"])
                shutil.rmtree(out, ignore_errors=True)
            results[size][name] = (median(times), pages, times)
        largest = config
    scope = ("full build" if offline else "build without the offline zip") + (", navigation.prune on" if prune else "")
    lines = [
        f"(b) generated courses: real pages + lessons ({TERMS_PER_PAGE} term links and a case-study card each, "
        f"{LESSONS_PER_CHAPTER} per chapter); {scope}; median of {runs}"
    ]
    for size, by_name in results.items():
        for name, (seconds, pages, times) in by_name.items():
            lines.append(
                f"    {size:>5} pages  {name:8} {pages:5} built  {seconds:7.2f} s  {seconds / pages * 1000:6.1f} ms/page   runs: {_runs(times)}"
            )
    if len(results) >= 2:
        small, big = min(results), max(results)
        goal = GOALS["b"] * (big / small) / 10
        for name in ("project", "plain"):
            ratio = results[big][name][0] / results[small][name][0]
            flag = "" if name == "plain" or ratio <= goal else f"  MISSED goal ≤ {goal:g}"
            lines.append(f"    {big}/{small} time ratio, {name:8} {ratio:6.2f} (linear: {big / small:g}){flag}")
        lines.append(f"    project/plain at {big} pages: {results[big]['project'][0] / results[big]['plain'][0]:.2f}×")
    return lines, largest


# (c) mkdocs serve rebuild


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(port: int, path: str) -> str | None:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        conn.request("GET", path)
        resp = conn.getresponse()
        body = resp.read().decode("utf-8", "replace")
        conn.close()
        return body if resp.status == 200 else None
    except OSError:
        return None


def serve_rebuild(
    cwd: Path, config: Path, source: Path, url: str, runs: int, log_path: Path, strict: bool
) -> tuple[list[float], list[float]]:
    """Start `mkdocs serve` (as `make serve` does: --strict and no print page for the project) on a free port; `runs` times append a line to `source` and time until the
    served `url` shows it. Returns (edit-to-served seconds, mkdocs' own rebuild seconds)."""
    port = free_port()
    log = open(log_path, "w+", encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "--dev-addr", f"127.0.0.1:{port}"]
        + (["--strict"] if strict else []),
        cwd=cwd,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**bench_support.ENV, "READER_PRINT": "false"},
    )
    original = source.read_text(encoding="utf-8")
    waits = []
    try:
        deadline = time.time() + 300
        while fetch(port, url) is None:
            if proc.poll() is not None or time.time() > deadline:
                raise RuntimeError(f"mkdocs serve did not start:\n{log_path.read_text(encoding='utf-8')}")
            time.sleep(0.1)
        phases = random.Random(runs)  # the same offsets for every configuration
        for i in range(runs):
            # let the file watcher settle, then edit at a random point of its 0.5 s polling cycle: a fixed pause locks
            # every edit to one phase of the cycle, and the figure then depends on the build time by chance
            time.sleep(1.2 + phases.uniform(0, 0.5))
            marker = f"Benchmark edit {i} {time.time_ns()}"
            start = time.perf_counter()
            source.write_text(original + f"\n\n{marker}\n", encoding="utf-8")
            while True:
                body = fetch(port, url)
                if body and marker in body:
                    break
                if time.perf_counter() - start > 120:
                    raise RuntimeError("the served page did not change within 120 s")
                time.sleep(0.01)
            waits.append(time.perf_counter() - start)
        time.sleep(0.5)
        log.seek(0)
        builds = [float(x) for x in re.findall(r"Documentation built in ([\d.]+) seconds", log.read())][1:]
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()
    return waits, builds


def bench_c(work: Path, runs: int, page: str = "role/index.md") -> list[str]:
    project = copy_project(work / "c-project")
    site_url = bench_support.load_config(project / "mkdocs.yml").get("site_url") or "/"
    url = urlsplit(site_url).path.rstrip("/") + "/" + page.removesuffix("index.md")
    plain = bench_support.make_plain_project(work / "c-plain", project=project)
    lines = [
        f"(c) `mkdocs serve`: append a line to docs/{page}, time until the served page shows it; median of {runs}",
        "    (MkDocs 1.6 polls for changes every 0.5 s and waits 0.1 s before rebuilding: ~0.35 s of every figure)",
    ]
    for name, cwd, config, source in (
        ("project", project, project / "mkdocs.yml", project / "docs" / page),
        ("plain", plain.parent, plain, plain.parent / "docs" / page),
    ):
        waits, builds = serve_rebuild(
            cwd, config, source, url, runs, work / f"serve-{name}.log", strict=name == "project"
        )
        flag = "" if name == "plain" or median(waits) < GOALS["c"] else f"  MISSED goal < {GOALS['c']} s"
        lines.append(f"    {name:8} edit to served page {median(waits):5.2f} s   runs: {_runs(waits)}{flag}")
        if builds:
            lines.append(
                f"    {name:8} of which the rebuild {median(builds):5.2f} s   (mkdocs' 'Documentation built in')"
            )
    return lines


# Profiling


CATEGORIES = (  # (path fragment, label): a frame's time goes to the outermost match; course_reader/ always wins
    ("mkdocs_macros", "macros plugin (pages as Jinja templates)"),
    ("/markdown/", "Markdown to HTML (incl. extensions)"),
    ("/pymdownx/", "Markdown to HTML (incl. extensions)"),
    ("material/templates", "theme templates (Jinja)"),
    ("/jinja2/", "theme templates (Jinja)"),
    ("/search/", "search index"),
    ("/yaml/", "YAML"),
    ("material/", "Material plugins"),
)


def profile(config: Path, project: Path) -> str:
    """Where an in-process `mkdocs build` of `config` spends its time: seconds per concern (pyinstrument)."""
    try:
        from pyinstrument import Profiler
    except ImportError:
        return "pyinstrument is not installed (it is pinned in requirements.txt: run make)"
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    cwd = os.getcwd()
    os.chdir(project)
    profiler = Profiler(interval=0.001)
    try:
        profiler.start()
        cfg = load_config(config_file=str(config), site_dir=str(project / "profile-site"))
        cfg.plugins.on_startup(command="build", dirty=False)
        try:
            build(cfg)
        finally:
            profiler.stop()
            cfg.plugins.on_shutdown()
    finally:
        os.chdir(cwd)
    import course_reader

    hooks_dir = str(Path(course_reader.__file__).parent)
    by_concern: dict[str, float] = {}
    by_hook: dict[str, float] = {}

    def walk(frame, hook: str | None, concern: str | None) -> None:
        path = frame.file_path or ""
        if hook is None and path.startswith(hooks_dir):
            hook = f"{Path(path).relative_to(hooks_dir).as_posix()}:{frame.function}"
        if concern is None:
            concern = next((label for part, label in CATEGORIES if part in path), None)
        own = frame.time - sum(child.time for child in frame.children)
        if hook:
            by_hook[hook] = by_hook.get(hook, 0.0) + own
        else:
            key = concern or "MkDocs core and other"
            by_concern[key] = by_concern.get(key, 0.0) + own
        for child in frame.children:
            walk(child, hook, concern)

    session = profiler.last_session
    walk(session.root_frame(), None, None)
    total = session.duration
    lines = [f"wall {total:.2f} s, CPU {session.cpu_time:.2f} s (sampled every 1 ms)"]
    lines.append(f"    {'the course plugin and macros (course_reader/)':50} {sum(by_hook.values()):6.3f} s")
    for name, seconds in sorted(by_hook.items(), key=lambda kv: -kv[1])[:12]:
        lines.append(f"        {name:46} {seconds:6.3f} s")
    for name, seconds in sorted(by_concern.items(), key=lambda kv: -kv[1]):
        lines.append(f"    {name:50} {seconds:6.3f} s")
    return "\n".join(lines)


def _runs(values: list[float]) -> str:
    return " ".join(f"{v:.2f}" for v in values)


def bench_d(work: Path, runs: int) -> list[str]:
    """The editions: in-process, side by side, on the print page of one online build."""
    import weasyprint

    from course_reader.editions import epub_edition, pdf_edition

    project = copy_project(work / "d-project")
    online, full = [], []
    for i in range(runs):
        online.append(bench_support.build_project(work / "d-out" / f"online-{i}", project=project, env=ONLINE))
        full.append(bench_support.build_project(work / "d-out" / f"full-{i}", project=project))
    site = work / "d-out" / f"full-{runs - 1}"
    page = site / "print_page" / "index.html"
    edition = pdf_edition.Edition("Military Diplomacy and National Security", "a", "d", "en", "https://e.org/", 0, "c")
    html = pdf_edition.book_html(pdf_edition.print_content(page.read_text(encoding="utf-8")), edition, page_url="p/")
    ours, alone, epub = [], [], []
    for _ in range(runs):
        start = time.perf_counter()
        content = pdf_edition.print_content(page.read_text(encoding="utf-8"))
        pdf_edition.render(
            pdf_edition.book_html(content, edition, page_url="print_page/"), edition, base_url=page.as_uri()
        )
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        weasyprint.HTML(string=html, base_url=page.as_uri()).write_pdf(
            stylesheets=[weasyprint.CSS(filename=str(pdf_edition.CSS))], pdf_variant="pdf/ua-1"
        )
        alone.append(time.perf_counter() - start)
        start = time.perf_counter()
        epub_edition.build(pdf_edition.print_content(page.read_text(encoding="utf-8")), edition)
        epub.append(time.perf_counter() - start)
    pdf_size = (site / "downloads" / "military-diplomacy-reader.pdf").stat().st_size / 1e6
    epub_size = (site / "downloads" / "military-diplomacy-reader.epub").stat().st_size / 1e6
    pdf_ratio, epub_ratio = median(ours) / median(alone), median(epub) / median(online)

    def flag(ok: bool, goal: str) -> str:
        return "" if ok else f"  MISSED goal {goal}"

    return [
        f"(d) editions, median of {runs}",
        f"    online build (no PDF/EPUB)     {median(online):6.2f} s   runs: {_runs(online)}",
        f"    full build (with PDF and EPUB) {median(full):6.2f} s   runs: {_runs(full)}",
        f"    PDF edition                    {median(ours):6.2f} s   {pdf_ratio:5.2f}× WeasyPrint alone "
        f"({median(alone):.2f} s){flag(pdf_ratio <= GOALS['pdf'], '≤ 1.15×')}",
        f"    EPUB edition                   {median(epub):6.3f} s   {epub_ratio:5.3f}× the online build"
        f"{flag(epub_ratio <= GOALS['epub'], '≤ 0.25×')}",
        f"    sizes: PDF {pdf_size:.2f} MB{flag(pdf_size <= GOALS['pdf_mb'], '≤ 3 MB')}, "
        f"EPUB {epub_size:.3f} MB{flag(epub_size <= GOALS['epub_mb'], '≤ 1 MB')}",
    ]


def bench_e(work: Path, runs: int) -> list[str]:
    """The lecturer kit, side by side: the online build; the same making the handouts (the `editions` option on, the
    PDF and EPUB feature left out), with the handouts' cache emptied before the run and kept from the run before; the
    question-bank files alone, in process."""
    project = copy_project(work / "e-project")
    cache = work / "e-cache"  # a cache of its own: emptying the handouts' folder touches no other build
    handouts_cache = cache / "course-reader" / "handouts"
    env = {"XDG_CACHE_HOME": str(cache)}
    with_kit = {**env, "READER_EDITIONS": "true"}
    bench_support.mkdocs_build(None, work / "e-warmup", cwd=project, env=with_kit, without=("books",))
    names = ("online", "handouts, cache empty", "handouts, cache full")
    times: dict[str, list[float]] = {name: [] for name in names}
    cpu: dict[str, list[float]] = {name: [] for name in names}
    for i in range(runs):
        out = work / "e-out" / str(i)
        times["online"].append(bench_support.mkdocs_build(None, out / "online", cwd=project, env={**env, **ONLINE}))
        cpu["online"].append(bench_support.LAST_CPU[0])
        shutil.rmtree(handouts_cache, ignore_errors=True)
        for name, folder in (("handouts, cache empty", "cold"), ("handouts, cache full", "warm")):
            times[name].append(
                bench_support.mkdocs_build(None, out / folder, cwd=project, env=with_kit, without=("books",))
            )
            cpu[name].append(bench_support.LAST_CPU[0])
    exports = _exports_in_process(runs)
    lines = [f"(e) lecturer kit, median of {runs}; goal: its files and handouts add ≤ {GOALS['kit']}× the online build"]
    for label, data in (("wall", times), ("CPU", cpu)):
        online = median(data["online"])
        lines.append(f"  {label} seconds: online build (writes the question-bank files) {online:6.2f} s")
        lines.append(f"    runs: {_runs(data['online'])}")
        for name in names[1:]:
            added = median(data[name]) - online
            flag = "  goal met" if added / online <= GOALS["kit"] else f"  MISSED goal ≤ {GOALS['kit']}×"
            lines.append(
                f"    + {name:22} {median(data[name]):6.2f} s   adds {added:+.2f} s = {added / online:+.3f}× the online"
                f" build   runs: {_runs(data[name])}{flag}"
            )
    online = median(times["online"])
    flag = "  goal met" if exports / online <= GOALS["kit"] else f"  MISSED goal ≤ {GOALS['kit']}×"
    lines += [
        f"    question-bank files (Moodle XML, QTI, cartridge), in process: {exports:6.3f} s = {exports / online:.3f}×"
        f" the online build's wall time{flag}",
        "    (the handouts are laid out by two worker processes beside the pages' rendering: with the cache empty their CPU"
        " time is added, with it full only the copy)",
    ]
    return lines


def _exports_in_process(runs: int) -> float:
    """Median seconds to make the three question-bank files from the project's loaded data (no site build)."""
    from course_reader.content.learning import load_learning
    from course_reader.instructors import bank, cartridge, moodle, qti

    pages = {p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md")}
    loaded = load_learning(ROOT / "data" / "learning.yml", pages, ROOT)
    numbers = {src: str(n) for n, src in enumerate(loaded.chapters, 1)}
    seconds = []
    for _ in range(max(runs, 5)):
        start = time.perf_counter()
        made = bank.make_bank(
            loaded, title="T", site_url="https://e.org/", numbers=numbers, titles=numbers, urls=numbers
        )
        moodle.moodle_xml(made)
        qti.qti_package(made, epoch=0)
        cartridge.cartridge(made, [cartridge.Module("S", tuple(numbers))], [], description="d", epoch=0)
        seconds.append(time.perf_counter() - start)
    return median(seconds)


def bytecode_cache(on: bool) -> None:
    """Python keeps modules compiled (__pycache__) unless PYTHONDONTWRITEBYTECODE is set, so a second build of the
    project does not compile its ~50 hook modules again, and Material's come compiled by pip. Some machines set the
    variable (this project's sandbox does): then every timed build compiled the hooks (~0.05 s) and plain Material
    nothing. The builds run as Python does by default, without it, unless `on` is False."""
    if on:
        bench_support.ENV.pop("PYTHONDONTWRITEBYTECODE", None)
    else:
        bench_support.ENV["PYTHONDONTWRITEBYTECODE"] = "1"
    print(f"Python bytecode cache: {'on (as by default)' if on else 'off (PYTHONDONTWRITEBYTECODE=1)'}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", default="a,b,c,d,e", help="which parts: a, b, c, d, e (comma-separated)")
    parser.add_argument("--sizes", default="100,1000", help="course sizes for (b)")
    parser.add_argument("--without-offline", action="store_true", help="(b) without the offline zip")
    parser.add_argument("--prune", action="store_true", help="(b) with Material's navigation.prune feature on")
    parser.add_argument("--profile", action="store_true", help="print a pyinstrument profile of the largest build run")
    parser.add_argument(
        "--no-bytecode-cache",
        action="store_true",
        help="time builds with PYTHONDONTWRITEBYTECODE=1: the project's hook modules are compiled at every build",
    )
    args = parser.parse_args()
    bytecode_cache(not args.no_bytecode_cache)
    parts = set(args.only.split(","))
    missed = False
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        work = Path(tmp)
        largest = None
        for part in "abcde":
            if part not in parts:
                continue
            if part == "a":
                lines = bench_a(work, args.runs)
            elif part == "d":
                lines = bench_d(work, args.runs)
            elif part == "e":
                lines = bench_e(work, args.runs)
            elif part == "b":
                lines, largest = bench_b(
                    work, args.runs, [int(s) for s in args.sizes.split(",")], not args.without_offline, args.prune
                )
            else:
                lines = bench_c(work, args.runs)
            print("\n".join(lines), flush=True)
            missed |= any("MISSED" in line for line in lines)
        if args.profile:
            if largest is None:  # the real site as `mkdocs serve` rebuilds it: no offline zip
                copy = copy_project(work / "profile-project")
                os.environ.update(NO_ZIP)
                largest = child_config(copy, "bench-profile.yml")
            target = largest
            print(f"\nProfile of one in-process build of {target.parent.name}/{target.name}:\n")
            print(profile(target, target.parent))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
