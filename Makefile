# Nastavnik: `make run` to start everything with demo data, `make test` for the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
LOCK := requirements-dev.lock
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-18s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11+ is needed"; exit 1; }
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the lock changes: a second `make run` installs nothing.
$(STAMP): requirements.lock $(LOCK) | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r $(LOCK)
	touch $(STAMP)

setup: $(STAMP) ## Create the virtualenv and install the pinned dependencies
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py sync_schedules
	$(BIN)/python manage.py load_demo

run: setup ## Set up, load the demo data, start the web server and the worker (Ctrl-C stops both)
	@$(BIN)/python manage.py demo_logins --port $(PORT)
	@trap 'trap - EXIT; kill $$(jobs -p) 2>/dev/null' INT TERM EXIT; \
		$(BIN)/python manage.py qcluster & \
		$(BIN)/python manage.py runserver 127.0.0.1:$(PORT) & \
		wait -n

worker: $(STAMP) ## Start only the django-q2 worker
	$(BIN)/python manage.py qcluster

test: $(STAMP) ## Run the whole test suite
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP) ## Check formatting and lint
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/djhtml --check lms/templates lms/people/templates courses/templates glossary/templates quizzes/templates

format: $(STAMP) ## Format the code
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .
	$(BIN)/djhtml lms/templates lms/people/templates courses/templates glossary/templates quizzes/templates

migrations-check: $(STAMP) ## Fail if the models have changes without migrations
	$(BIN)/python manage.py makemigrations --check --dry-run

messages: $(STAMP) ## Extract and compile translations
	$(BIN)/python manage.py makemessages -l ru -l en --ignore '.venv/*' --ignore '*/migrations/*' --ignore 'tests/*' --ignore 'bench/*'
	$(BIN)/python manage.py compilemessages --ignore '.venv/*'

.PHONY: help setup run worker test lint format migrations-check messages
