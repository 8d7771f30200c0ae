# Roundtable: `make demo` runs the demo, `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/roundtable

.PHONY: demo check-ledger test test-sqlite test-postgres e2e bench lint install assets clean

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

e2e: install assets
	ROUNDTABLE_TESTING=true $(BIN)/pytest -q e2e

bench: install assets
	ROUNDTABLE_TESTING=true $(BIN)/python -m bench.run

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) node_modules static/build staticfiles
