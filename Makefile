# Roundtable: `make demo` runs the demo, `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/roundtable

.PHONY: demo check-ledger test test-sqlite test-postgres test-awkward-hours e2e bench load bench-large lint install assets clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python requirements.txt requirements-dev.txt pyproject.toml
	$(BIN)/pip install --quiet -r requirements-dev.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/build/.built: node_modules/.installed $(shell find static/scss -type f 2>/dev/null) static/js/*.js
	npm run --silent build
	touch $@

install: $(VENV)/.installed
assets: static/build/.built

demo: install assets
	$(BIN)/roundtable demo --port $(PORT)

# Check the demo's payments ledger (var/); in production run `roundtable check-ledger` with its settings.
check-ledger: install
	ROUNDTABLE_DEMO=true $(BIN)/roundtable check-ledger

test: install assets
	$(BIN)/ruff check .
	ROUNDTABLE_TESTING=true $(BIN)/python manage.py makemigrations --check --dry-run --verbosity 0
	ROUNDTABLE_TESTING=true $(BIN)/pytest -q

test-postgres: install assets
	ROUNDTABLE_TESTING=true DATABASE_URL=$(PG_URL) $(BIN)/pytest -q

# The tests at two awkward instants of the real clock, with libfaketime (Debian's `faketime`): 3am on a
# Sunday in winter, and 1:30am BST on the night the clocks go back (the hour that happens twice). Each
# pass moves the clock of pytest and every process it starts by the same offset, so the pass starts at
# that instant (UTC) and the clock runs on from there. A test that reads the real clock instead of
# freezing it with time-machine fails here. Browser journeys are left out (Chromium).
AWKWARD_INSTANTS ?= 2026-12-06T03:00:00 2027-10-31T00:30:00
AWKWARD_TESTS ?= roundtable
test-awkward-hours: install assets
	@for instant in $(AWKWARD_INSTANTS); do \
	  offset=$$(( $$(date -u -d "$$(echo $$instant | tr T ' ')" +%s) - $$(date +%s) )); \
	  echo "== Tests with the clock starting at $$instant UTC"; \
	  TZ=UTC ROUNDTABLE_TESTING=true faketime -f "$$(printf '%+d' $$offset)" $(BIN)/pytest -q $(AWKWARD_TESTS) \
	    || exit 1; \
	done

e2e: install assets
	ROUNDTABLE_TESTING=true $(BIN)/pytest -q e2e

bench: install assets
	ROUNDTABLE_TESTING=true $(BIN)/python -m bench.run

# The production server on PostgreSQL under 50 signed-in people for 2 minutes, against the reference page
# under the same load (bench/load.py; docs/deploy.md "Under load"). Not part of `make test` or CI.
# LOAD_ARGS="--seconds 30" for a shorter try; LOAD_DB names the PostgreSQL database it drops and makes.
LOAD_DB ?= rt_load
load: install assets
	$(BIN)/python -m bench.load --database $(LOAD_DB) $(LOAD_ARGS)

# The page rows of `make bench` on 100 times scale 1 in PostgreSQL (bench/large.py): 20,000 people,
# 2,000 projects, a million messages and a million claims. The data is built once and kept while bench/data.py
# and bench/large.py are unchanged. LARGE_ARGS="--scale 10" for a smaller try.
LARGE_DB ?= rt_large
bench-large: install assets
	ROUNDTABLE_TESTING=true $(BIN)/python -m bench.large --database $(LARGE_DB) $(LARGE_ARGS)

# ruff, ruff's formatting, and mypy with django-stubs (settings in pyproject.toml; README "Types").
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	ROUNDTABLE_TESTING=true $(BIN)/mypy

clean:
	rm -rf $(VENV) node_modules static/build staticfiles
