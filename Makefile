# Everyday commands. `make run` for a local demo, `make test` for everything CI runs.
# Dependencies come from uv.lock (uv sync --locked) into .venv; uv itself lives in var/tools.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
TOOLS := var/tools
UV := $(TOOLS)/bin/uv
UV_VERSION ?= 0.13.9
VAR_DIR ?= var

export UV_PROJECT_ENVIRONMENT := $(CURDIR)/$(VENV)
export UV_PYTHON_DOWNLOADS := never

# Values for `check --deploy`: what a production deployment must set. The key is random per run.
PROD_ENV = DEBUG=false \
	SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(64))')" \
	ALLOWED_HOSTS=example.org CSRF_TRUSTED_ORIGINS=https://example.org \
	SITE_URL=https://example.org CELERY_BROKER_URL=redis://127.0.0.1:6379/0

.PHONY: help venv install run test bench vendor bootstrap clean backup restore messages compilemessages

help:
	@echo "make run        install, migrate, load demo data and start web + worker + beat"
	@echo "make test       install missing system packages, then lint, checks and the whole suite"
	@echo "make install    create .venv and install the locked dependencies (alias: venv)"
	@echo "make bench      the pages over HTTP at two sizes, the PDF, reminders at scale; JSON in var/bench"
	@echo "make vendor     refresh the vendored GOV.UK Frontend assets"
	@echo "make messages lang=nl  refresh that language's catalogue from the marked strings"
	@echo "make bootstrap  install missing system packages (as root or with sudo -n, else says how)"
	@echo "make backup     pg_dump DATABASE_URL into BACKUP_DIR (default var/backups)"
	@echo "make restore FILE=...  restore a backup into the fresh database named by DATABASE_URL"
	@echo "make clean      remove .venv, var/ and caches"

$(PY):
	$(PYTHON) -m venv $(VENV)

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

# `uv sync --locked` is a no-op in well under a second when .venv already matches uv.lock,
# so it runs every time instead of trusting a stamp file.
install venv: | $(PY) $(UV)
	$(UV) sync --locked --quiet

run: export DEBUG := true
run: export VAR_DIR := $(VAR_DIR)
# One gunicorn worker that reloads on code changes, on loopback only.
run: export GUNICORN_CMD_ARGS := --bind=127.0.0.1:8000 --reload
run: export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)
# honcho --env /dev/null: a production .env next to the checkout must not leak into the demo.
run: install
	mkdir -p $(VAR_DIR)/broker/queue $(VAR_DIR)/broker/control $(VAR_DIR)/broker/processed
	$(PY) scripts/messages.py compile
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed_demo
	@echo "Open http://127.0.0.1:8000 and sign in with one of the logins above."
	$(VENV)/bin/honcho --env /dev/null start --procfile Procfile --port 8000

# test and bench need system packages (PostgreSQL, Redis, ...): bootstrap installs what is
# missing, or stops with the command to run. It comes before install, which needs python3-venv
# on a fresh machine, hence install through a sub-make rather than as a second prerequisite.
# collectstatic with the production (hashed, compressed) storage, as the Docker build runs it:
# it fails on any CSS/JS reference to a missing file.
test: bootstrap
	@$(MAKE) --no-print-directory install
	$(PY) scripts/messages.py compile
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	tmp="$$(mktemp -d)"; trap 'rm -rf "$$tmp"' EXIT; \
	DEBUG=true VAR_DIR="$$tmp" $(PY) manage.py makemigrations --check --dry-run; \
	$(PROD_ENV) VAR_DIR="$$tmp" $(PY) manage.py check --deploy --fail-level WARNING; \
	$(PROD_ENV) VAR_DIR="$$tmp" $(PY) manage.py collectstatic --no-input --verbosity 0
	$(PY) scripts/with_services.py -- $(VENV)/bin/pytest

# The service measured over HTTP at 2,000 and 20,000 cases, with reminders through real Celery
# and Redis (scripts/bench/run.py; datasets kept in var/bench/), then the in-process timings
# of scripts/bench.py. Targets are printed, never asserted (docs/performance.md).
bench: bootstrap
	@$(MAKE) --no-print-directory install
	$(PY) scripts/with_services.py -- $(PY) scripts/bench/run.py
	$(PY) scripts/with_services.py -- $(PY) scripts/bench.py 50

vendor:
	bash scripts/vendor-govuk-frontend.sh

# The translation catalogues (docs/languages.md). `messages` is the one extraction command, with
# the options the stale-catalogue test uses; `compilemessages` is what run and test do first.
# (lang=, lower case: LANG is the shell's locale.)
messages: install
	@if [ -z "$(lang)" ]; then echo "usage: make messages lang=nl (or sv)" >&2; exit 2; fi
	$(PY) scripts/messages.py extract "$(lang)"

compilemessages: install
	$(PY) scripts/messages.py compile

bootstrap:
	@bash scripts/bootstrap.sh

# Backups of the PostgreSQL database (docs/operations.md). DATABASE_URL comes from the
# environment; pg_dump/pg_restore from PG_BIN or PATH, of the server's major version.
backup: install
	$(PY) scripts/backup.py backup

restore: install
	@if [ -z "$(FILE)" ]; then echo "usage: make restore FILE=var/backups/rtw-<timestamp>.dump" >&2; exit 2; fi
	$(PY) scripts/backup.py restore "$(FILE)"

clean:
	rm -rf $(VENV) var .ruff_cache .pytest_cache test-results
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
