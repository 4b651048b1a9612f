# The two set-up commands are `make demo` and `make test`; both bootstrap .venv from requirements.lock.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export MICROCRED_VAR_DIR ?= $(CURDIR)/var

.PHONY: demo test test-rules test-django lint bench bench-load lock clean

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

# -rs prints each skip's reason at the end, so a run without Chromium or axe-core says plainly that the browser
# journeys (tests/e2e) were skipped and why.
test-django: $(STAMP)
	SECRET_KEY=$${SECRET_KEY:-test-only-not-secret} $(BIN)/pytest -rs --ignore=tests/rules

lint: $(STAMP)
	$(BIN)/ruff format --check src tests bench
	$(BIN)/ruff check src tests bench
	SECRET_KEY=lint-only $(BIN)/mypy
	$(BIN)/lint-imports

# Figures for the notes: each script prints its own, with the baseline it is measured against, and fails when
# below its target; `make -k bench` runs them all regardless. The PostgreSQL ones create and drop a database
# of their own on BENCH_POSTGRES_URL's server; bulk issuance also runs a Celery worker on BENCH_REDIS_URL (a
# Redis database number of its own: it is flushed).
BENCH_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/postgres
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/13
BENCH_SCRIPTS := bench-award-options bench-credentials-signing bench-catalog-sqlite bench-catalog-postgres \
	bench-award-planner bench-bulk-issuance
.PHONY: $(BENCH_SCRIPTS)
bench: $(BENCH_SCRIPTS)
bench-award-options: $(STAMP)
	$(BIN)/python bench/award_options.py
bench-credentials-signing: $(STAMP)
	$(BIN)/python bench/credentials_signing.py
bench-catalog-sqlite: $(STAMP)
	env -u DATABASE_URL SECRET_KEY=bench-only $(BIN)/python bench/catalog_pages.py
bench-catalog-postgres: $(STAMP)
	DATABASE_URL=$(BENCH_POSTGRES_URL) SECRET_KEY=bench-only $(BIN)/python bench/catalog_pages.py
bench-award-planner: $(STAMP)
	DATABASE_URL=$(BENCH_POSTGRES_URL) SECRET_KEY=bench-only $(BIN)/python bench/award_planner.py
bench-bulk-issuance: $(STAMP)
	BENCH_POSTGRES_URL=$(BENCH_POSTGRES_URL) BENCH_REDIS_URL=$(BENCH_REDIS_URL) $(BIN)/python bench/bulk_issuance.py

# The load test: microcred serve on PostgreSQL with 10,000 courses and 100,000 learners, locust on loopback at
# rising rates per endpoint (5 to 9 minutes, bounded; the database and processes are removed at the end).
bench-load: $(STAMP)
	BENCH_POSTGRES_URL=$(BENCH_POSTGRES_URL) $(BIN)/python bench/load/run.py

lock:
	uv pip compile pyproject.toml --extra dev --universal --python-version 3.11 -o requirements.lock

clean:
	rm -rf $(VENV) var/*.sqlite3
