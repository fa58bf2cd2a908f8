# The two commands: `make run` and `make test`. Everything else is what they need.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PY := .venv/bin/python
UV_VERSION := 0.9.30
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := .venv
HOST_PG ?= 127.0.0.1
HOST_REDIS ?= 127.0.0.1

.PHONY: help install run test lint stack services-check tools messages messages-update bench faults clean

help:
	@echo "make run    - demo portal on http://127.0.0.1:8000 (SQLite, tasks inline, e-mail to console)"
	@echo "make test   - the whole suite against PostgreSQL (:5432) and Redis (:6379)"
	@echo "make stack  - gunicorn, Celery worker and beat against DATABASE_URL and REDIS_URL"
	@echo "make bench  - benchmarks under bench/ (PostgreSQL needed)"
	@echo "make faults - load and fault tests: Redis, Celery, PostgreSQL failing under submissions"

# Python packages from uv.lock, front-end packages from package-lock.json, translations.
install: .venv/.installed node_modules/.installed messages

.venv/.installed: pyproject.toml uv.lock
	@command -v uv >/dev/null 2>&1 || python3 -m pip install --quiet "uv==$(UV_VERSION)"
	uv sync --frozen --python python3 --quiet
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

messages: .venv/.installed
	@$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v0

# After changing texts: the new ones appear in locale/*/LC_MESSAGES/django.po, untranslated or
# fuzzy, to translate there (tests/test_translations.py fails until every one is done).
messages-update: .venv/.installed
	$(PY) manage.py makemessages -l nl -l en --no-obsolete --ignore=.venv --ignore=node_modules -v0

# PORT=8080 make run serves elsewhere; the links in e-mails follow (SITE_URL, unless set).
PORT ?= 8000
run: install
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py seed_demo
	@echo "Open http://127.0.0.1:$(PORT) (management: http://127.0.0.1:$(PORT)/admin/)"
	SITE_URL="$${SITE_URL:-http://127.0.0.1:$(PORT)}" $(PY) manage.py runserver 127.0.0.1:$(PORT)

services-check: .venv/.installed
	@$(PY) scripts/check_services.py

# Debian's chromium for the tools tests (Playwright drives it; it downloads nothing) and
# wrk, the load generator of bench/ (tests/test_bench.py runs it too).
DEBIAN_TOOLS := chromium wrk
tools:
	@missing=""; for tool in $(DEBIAN_TOOLS); do command -v $$tool >/dev/null 2>&1 || missing="$$missing $$tool"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian's$$missing (browser tests, load generator)"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null) \
	  || { echo "missing:$$missing - install with 'apt-get install$$missing' (as root)"; exit 1; }; \
	fi

lint: .venv/.installed
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

test: install tools services-check lint
	env -u DATABASE_URL $(PY) manage.py makemigrations --check --dry-run --settings=leusden_portal.settings.dev -v0
	.venv/bin/pytest -n 2 --dist loadfile

stack: install
	@test -n "$$DATABASE_URL" || { echo "DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/leusden_portal)"; exit 1; }
	@test -n "$$REDIS_URL" || { echo "REDIS_URL is not set (e.g. redis://127.0.0.1:6379/0)"; exit 1; }
	DJANGO_SETTINGS_MODULE=$${DJANGO_SETTINGS_MODULE:-leusden_portal.settings.production} $(PY) manage.py migrate --noinput
	DJANGO_SETTINGS_MODULE=$${DJANGO_SETTINGS_MODULE:-leusden_portal.settings.production} $(PY) manage.py collectstatic --noinput -v0
	DJANGO_SETTINGS_MODULE=$${DJANGO_SETTINGS_MODULE:-leusden_portal.settings.production} .venv/bin/honcho start -f Procfile

# Benchmarks: ratios measured in one run, printed as a table (never timed asserts in tests).
bench: install tools services-check
	@# Both run; the target fails if the pages benchmark reported a FAIL.
	$(PY) bench/pages.py; status=$$?; $(PY) bench/reminder_sweep.py && exit $$status

# Fault tests and load (bench/faults.py): a stack of its own on free ports (its own PostgreSQL
# cluster, Redis, gunicorn, Celery worker and beat, SMTP sink); FAULTS_ARGS passes options.
faults: install
	$(PY) bench/faults.py $(FAULTS_ARGS)

clean:
	rm -rf .venv node_modules staticfiles staticfiles-faults db.sqlite3
