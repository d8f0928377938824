# Tamkeen: `make run` serves the demo, `make test` runs the suite. Nothing but Python 3.11+ needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# migrate, seed_demo and the servers all read it: links in the demo follow the port (SITE_URL).
export PORT
STAMP := $(VENV)/.installed

.PHONY: run test test-integration test-e2e test-api lint format migrate seed messages clean help bench soak security

help:
	@echo "make run               set up, load the demo and serve it on http://127.0.0.1:$(PORT)"
	@echo "make test              lint and run the unit tests (SQLite, in parallel)"
	@echo "make test-integration  tests on PostgreSQL + Redis with a real Celery worker"
	@echo "make test-api          schemathesis against the live API schema, a token per scope"
	@echo "make messages          extract and compile translations"
	@echo "make bench             load test on PostgreSQL + Redis (DB=sqlite: embedded); BENCHMARKS.md"
	@echo "make soak              mixed traffic for DURATION s (600); every accepted effect once"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml requirements.lock
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	PORT=$(PORT) bin/run-demo

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest -n auto -m "not integration and not e2e" -q

test-integration: $(STAMP)
	bin/test-integration

# bandit on the apps (tests, migrations and .venv left out); exceptions justified in bandit.yaml.
security: $(STAMP)
	$(BIN)/bandit -c bandit.yaml -r accounts api calls certificates cms core courses demo grants lms notifications organisations outbox security -q

# schemathesis against the live OpenAPI schema of a seeded demo, once per scope (bin/test-api-fuzz):
# no 5xx, every response as documented, every unauthorised call 401/403.
test-api: $(STAMP)
	bin/test-api-fuzz

# Browser tests: Debian's Chromium (apt-get install chromium), never a downloaded browser.
test-e2e: $(STAMP)
	$(BIN)/python -m pytest -m e2e -p no:xdist -q

# Production settings under gunicorn, driven by wrk on 127.0.0.1; seeds `seed_demo --size large`
# first when the bench database lacks it. DB=sqlite runs on the embedded default instead.
DB ?= postgres
bench: $(STAMP)
	@command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null)
	$(BIN)/python -m bench.run --db $(DB)

# Mixed traffic (browsing, registrations, check-ins, certificates) against gunicorn and a worker
# on PostgreSQL + Redis; fails on any error response, lost or duplicated effect.
DURATION ?= 600
soak: $(STAMP)
	$(BIN)/python -m bench.soak --duration $(DURATION)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: $(STAMP)
	$(BIN)/python manage.py makemessages -l ar -l fr --ignore=.venv --ignore=var --no-obsolete
	$(BIN)/python manage.py compilemessages --ignore=.venv

lock: $(BIN)/python
	$(BIN)/python -m pip freeze --exclude-editable > requirements.lock

clean:
	rm -rf var .pytest_cache
