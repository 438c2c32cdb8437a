# Two commands (README): `make run` serves the demo, `make test` runs everything CI runs.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# A throw-away production environment, only for `check --deploy`.
DEPLOY_ENV := DJANGO_SETTINGS_MODULE=outreach.settings.production \
	SECRET_KEY=$(shell $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))') \
	ALLOWED_HOSTS=example.com

.PHONY: install lock schema typecheck run test test-instants lint chromium messages worker beat clean bench bench-quick load faults

# The lock files (pip-tools, with hashes) pin every package and its hash: two installs a
# month apart get the same bytes. `make lock` regenerates them after pyproject.toml changes.
$(VENV)/.installed: requirements-dev.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed

# requirements.txt: what the image runs; requirements-dev.txt: that plus the dev extra,
# resolved within the runtime pins so both files agree on every shared package.
PIP_COMPILE = CUSTOM_COMPILE_COMMAND="make lock" $(VENV)/bin/pip-compile --quiet \
	--generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links
lock:
	test -x $(VENV)/bin/pip-compile || { test -x $(PY) || $(PYTHON) -m venv $(VENV); \
		$(PY) -m pip install --quiet pip-tools==7.6.2; }
	$(PIP_COMPILE) --output-file requirements.txt pyproject.toml
	$(PIP_COMPILE) --extra dev --constraint requirements.txt --output-file requirements-dev.txt \
		pyproject.toml

# Recompile the shipped catalog when GNU gettext is present (the .mo is committed).
messages: install
	@if command -v msgfmt >/dev/null; then $(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0; fi

run: install messages
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput -v 0
	$(PY) manage.py seed_demo
	$(PY) manage.py rundev $(HOST):$(PORT)

# Debian's chromium for the browser tests, faketime for `test-instants`, the font that
# stamps check-in photos (CHECKIN_STAMP_FONT).
chromium:
	@command -v chromium >/dev/null && command -v faketime >/dev/null && \
		test -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc || \
		{ apt-get update -qq && apt-get install -y -qq chromium faketime fonts-wqy-microhei; }

lint: install typecheck
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports  # the import boundaries (.importlinter)

# mypy with django-stubs on the services and selectors modules ([tool.mypy] in pyproject.toml).
# Issue 21: the open API's OpenAPI schema, checked in (tests/api/test_schema.py fails when
# it drifts from the code). Made in English, validated, no warning allowed; no database.
schema: $(VENV)/.installed
	DJANGO_SETTINGS_MODULE=outreach.settings.local $(PY) manage.py spectacular --lang en \
		--validate --fail-on-warn --file api/schema.yml

typecheck: $(VENV)/.installed
	$(VENV)/bin/mypy

test: install chromium lint
	$(PY) manage.py makemigrations --check --dry-run
	$(DEPLOY_ENV) $(PY) manage.py check --deploy --fail-level WARNING
	$(VENV)/bin/pytest -n auto -m "not faults"  # on every core (pytest-xdist)
	$(MAKE) --no-print-directory faults  # alone: they stop and restart servers under load
	$(MAKE) --no-print-directory test-instants
	@if [[ "$${DATABASE_URL:-}" == postgres* ]]; then $(MAKE) --no-print-directory bench-quick; \
	else echo "bench-quick skipped: it needs PostgreSQL (DATABASE_URL=postgres://...)"; fi

# The date-sensitive packages again with the clock moved by faketime to the month's last
# minute, 00:30 on the 1st and the year's last minute (README "Time in tests").
# `make test-instants INSTANTS='"2027-03-01 00:30"'` runs them at instants of your choice.
INSTANTS ?=
test-instants: install
	scripts/test_instants.sh $(INSTANTS)

# Production shape without Docker: the same commands docker-compose.yml runs. (`make run`
# starts a worker with beat embedded by itself: manage.py rundev.)
worker: install
	$(VENV)/bin/celery -A outreach worker --loglevel=INFO

beat: install
	$(VENV)/bin/celery -A outreach beat --loglevel=INFO

# Benchmarks (README "Benchmarks"): scratch PostgreSQL databases of their own, created
# when missing. Figures as JSON lines on stdout, a table and a summary on stderr.
BENCH_PG ?= postgres://postgres@127.0.0.1:5432
bench: $(VENV)/.installed
	DATABASE_URL=$(BENCH_PG)/outreach_bench $(PY) bench/run.py --size full --out bench-full.jsonl

bench-quick: $(VENV)/.installed
	DATABASE_URL=$(BENCH_PG)/outreach_bench_quick $(PY) bench/run.py --size quick

# Load test: gunicorn (2 workers) + PostgreSQL + one headless locust (bench/load.py).
load: $(VENV)/.installed
	DATABASE_URL=$(BENCH_PG)/outreach_load $(PY) bench/load.py --size full

# Fault tests only (private PostgreSQL and Redis on other ports; make test runs them after
# the rest, in one process: their timings mean something only on an otherwise quiet machine).
faults: $(VENV)/.installed
	$(VENV)/bin/pytest -m faults tests/faults

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache
