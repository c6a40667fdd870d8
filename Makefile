# Two commands do everything on a fresh machine:
#   make serve   preview the site on http://127.0.0.1:8000/reader/ with live reload   (make build: build it into site/)
#   make test    run every test: data, site, links, fidelity, browser, accessibility, linters
# Each first creates or refreshes .venv from requirements.txt (a no-op when nothing changed).

VENV    ?= .venv
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test test-fast test-unit test-editions test-browser test-audit browser-deps edition-deps edition-test-deps bench lighthouse weight mutate notes-due clean

$(STAMP): requirements.txt pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $(STAMP)

serve: $(STAMP)
	READER_PRINT=false READER_EDITIONS=false $(PY) -m mkdocs serve --strict --dev-addr 127.0.0.1:8000

# Where the editions' Debian packages cannot be installed (no apt-get, no root or sudo), the site is built without
# the PDF and EPUB and scripts/setup-editions says in one line what to install (`make test` requires them)
build: $(STAMP)
	@editions=$${READER_EDITIONS:-true}; PY=$(PY) bash scripts/setup-editions || { [ $$? -eq 3 ] && editions=false || exit 1; }; \
	READER_EDITIONS=$$editions $(PY) -m mkdocs build --strict

browser-deps:
	@bash scripts/setup-browser

# Debian packages for the PDF/EPUB editions (Pango, DejaVu fonts), and for their checks (poppler-utils, Java)
edition-deps:
	@PY=$(PY) bash scripts/setup-editions

edition-test-deps:
	@bash scripts/setup-editions --test

test: $(STAMP) browser-deps edition-test-deps
	$(PY) -m pytest

# While you work, one tier at a time (tests/conftest.py gives every test one; `make test` runs them all):
# unit (no site build, seconds), fast = unit + site (one online build, no PDF/EPUB, no Java), editions (the PDF,
# EPUB and handouts with their validators), browser (Chromium), audit (linters, tests that build several times)
test-unit: $(STAMP)
	$(PY) -m pytest -m unit

test-fast: $(STAMP)
	$(PY) -m pytest -m "unit or site"

test-editions: $(STAMP) edition-test-deps browser-deps
	$(PY) -m pytest -m editions

test-browser: $(STAMP) browser-deps edition-deps
	$(PY) -m pytest -m browser

test-audit: $(STAMP) browser-deps edition-test-deps
	$(PY) -m pytest -m audit

# Benchmarks (figures in PERFORMANCE.md; not part of `make test`)
bench: $(STAMP) edition-deps
	$(PY) scripts/bench.py

lighthouse: $(STAMP) browser-deps
	$(PY) scripts/lighthouse.py --runs 3

weight: $(STAMP)
	$(PY) scripts/page_weight.py

# Mutation testing: realistic defects one at a time, each must fail `make test` (score in HACKING.md)
mutate: $(STAMP) browser-deps
	$(PY) scripts/mutate.py

# Editor's notes not checked against their sources for 12 months (field `checked` in data/notes.yml); fails if any
notes-due: $(STAMP)
	$(PY) scripts/notes_due.py

clean:
	rm -rf site site.building site.old site.lock
