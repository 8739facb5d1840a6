# Recuse: the two commands are `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
CHROMIUM ?= /usr/bin/chromium

.DEFAULT_GOAL := help
.PHONY: help run test test-fast lint bench install install-dev assets browser-deps migrate seed clean

help:
	@echo "make run    install, migrate, load demo data and serve on http://127.0.0.1:8000"
	@echo "make test   install dev tools and Chromium, then run lint, type checks and the whole suite"
	@echo "make bench  run the benchmarks (recusal engine, register, PDF)"

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed-app: pyproject.toml | $(PY)
	$(PIP) install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(PY)
	$(PIP) install --quiet -e '.[dev]'
	@touch $@ $(VENV)/.installed-app

install: $(VENV)/.installed-app
install-dev: $(VENV)/.installed-dev

node_modules/.installed: package.json package-lock.json scripts/build-nhsuk-css.mjs
	npm ci --no-audit --no-fund
	@touch $@

assets: node_modules/.installed

# Chromium for the browser tests and Pango for WeasyPrint, from the system's packages.
browser-deps:
	@missing=""; \
	[ -x "$(CHROMIUM)" ] || missing="$$missing chromium"; \
	ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0"; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if command -v apt-get >/dev/null 2>&1; then \
		sudo=""; [ "$$(id -u)" = 0 ] || sudo="sudo"; \
		echo "Installing$$missing with apt-get"; \
		$$sudo apt-get update -qq && $$sudo apt-get install -y -qq $$missing; \
	else \
		echo "Please install:$$missing (Chromium must be at $(CHROMIUM), or set CHROMIUM=/path/to/chromium)" >&2; \
		exit 1; \
	fi

migrate: install assets
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo

run: seed
	@echo "Serving on http://127.0.0.1:8000 (Ctrl+C to stop)"
	$(PY) manage.py runserver 127.0.0.1:8000

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/mypy .
	$(VENV)/bin/bandit -q -c pyproject.toml -r core interests recusal meetings procurements compliance ccg_governance scripts
	$(PY) scripts/audit_dependencies.py

# The suite runs against the real services (PostgreSQL, the Redis broker) that CI machines
# have, at these addresses unless DATABASE_URL / CELERY_BROKER_URL say otherwise; a test
# that needs one fails when it is missing, never skips.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/recuse
TEST_BROKER_URL ?= redis://127.0.0.1:6379/0

test: install-dev assets browser-deps lint
	DJANGO_SETTINGS_MODULE=ccg_governance.settings.test $(PY) manage.py makemigrations --check --dry-run
	DATABASE_URL="$${DATABASE_URL:-$(TEST_DATABASE_URL)}" \
	CELERY_BROKER_URL="$${CELERY_BROKER_URL:-$(TEST_BROKER_URL)}" \
	CHROMIUM=$(CHROMIUM) $(VENV)/bin/pytest

test-fast: install-dev assets
	$(VENV)/bin/pytest -m "not browser" -x -q

# The scale benchmark needs PostgreSQL: its own database, seeded once by seed_scale.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/recuse_bench

bench: install-dev assets
	$(VENV)/bin/pytest tests/benchmarks -q -s -o addopts="-ra" $(BENCH_ARGS)
	@db="$(BENCH_DATABASE_URL)"; db="$${db##*/}"; \
	psql "$(BENCH_DATABASE_URL)" -c "select 1" >/dev/null 2>&1 || createdb -h 127.0.0.1 -U postgres "$$db"
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) -m tests.benchmarks.scale

clean:
	rm -rf $(VENV) node_modules staticfiles var .pytest_cache .mypy_cache .ruff_cache
