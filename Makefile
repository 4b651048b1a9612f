# The two set-up commands are `make demo` and `make test`; both bootstrap .venv from requirements.lock.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export MICROCRED_VAR_DIR ?= $(CURDIR)/var

.PHONY: demo test test-rules test-django lint bench lock clean

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("microcred needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

demo: $(STAMP)
	mkdir -p var
	DEBUG=$${DEBUG:-true} $(BIN)/microcred migrate --noinput
	DEBUG=$${DEBUG:-true} $(BIN)/microcred demo
	DEBUG=$${DEBUG:-true} $(BIN)/microcred serve --bind 127.0.0.1:8000

# The rules core runs with pytest-django switched off and no conftest above it, which proves it needs no Django.
test: $(STAMP) test-rules test-django

test-rules: $(STAMP)
	$(BIN)/pytest -p no:django --confcutdir=tests/rules tests/rules

test-django: $(STAMP)
	SECRET_KEY=$${SECRET_KEY:-test-only-not-secret} $(BIN)/pytest --ignore=tests/rules

lint: $(STAMP)
	$(BIN)/ruff format --check src tests bench
	$(BIN)/ruff check src tests bench
	SECRET_KEY=lint-only $(BIN)/mypy
	$(BIN)/lint-imports

# Figures for the notes: each script prints its own, with the baseline it is measured against. The
# PostgreSQL ones create and drop a database of their own on BENCH_POSTGRES_URL's server.
BENCH_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/postgres
bench: $(STAMP)
	$(BIN)/python bench/award_options.py
	$(BIN)/python bench/credentials_signing.py
	env -u DATABASE_URL SECRET_KEY=bench-only $(BIN)/python bench/catalog_pages.py
	DATABASE_URL=$(BENCH_POSTGRES_URL) SECRET_KEY=bench-only $(BIN)/python bench/catalog_pages.py
	DATABASE_URL=$(BENCH_POSTGRES_URL) SECRET_KEY=bench-only $(BIN)/python bench/award_planner.py

lock:
	uv pip compile pyproject.toml --extra dev --universal --python-version 3.11 -o requirements.lock

clean:
	rm -rf $(VENV) var/*.sqlite3
