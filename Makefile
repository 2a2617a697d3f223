# Everyday commands. `make run` and `make test` need nothing but Python 3.11 and make.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install run serve test lint format check-migrations messages bench bench-search

help:
	@echo "make run    - install, start the embedded database, migrate, load content, serve on :$(PORT)"
	@echo "make serve  - run as in production: gunicorn, DJANGO_DEBUG off, static files collected"
	@echo "make test   - run the whole test suite on PostgreSQL"
	@echo "make lint   - ruff check and ruff format --check"
	@echo "make format - ruff format and ruff check --fix"
	@echo "make messages - update locale/*/django.po from the code and compile the .mo files"
	@echo "make bench  - the production server under wrk: throughput, latency, CPU, memory"
	@echo "make bench-search - search latency on 10 000 generated articles per language"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall whenever the dependencies change.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

run: export DJANGO_DEBUG = true
run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_content
	$(MANAGE) setup_roles
	@echo
	@echo "The portal runs on http://127.0.0.1:$(PORT)/ ; the admin is at http://127.0.0.1:$(PORT)/admin/"
	@$(MANAGE) create_demo_users
	@echo "(New passwords at every start. Your own account: $(MANAGE) createsuperuser)"
	@echo
	$(MANAGE) runserver 127.0.0.1:$(PORT)

# As in production. Without DJANGO_SECRET_KEY a random one is made once and kept in var/.
PRODUCTION = DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$(cat var/secret_key)}"
serve: export DJANGO_DEBUG = false
serve: export DJANGO_ALLOWED_HOSTS ?= 127.0.0.1,localhost
serve: install var/secret_key
	$(PRODUCTION) $(MANAGE) migrate --noinput
	$(PRODUCTION) $(MANAGE) collectstatic --noinput -v0
	$(PRODUCTION) $(MANAGE) load_content
	$(PRODUCTION) $(MANAGE) setup_roles
	$(PRODUCTION) $(BIN)/gunicorn -c portal/gunicorn.conf.py portal.wsgi

var/secret_key: | $(BIN)/python
	@mkdir -p var
	@$(BIN)/python -c "import secrets; print(secrets.token_urlsafe(64))" > $@
	@chmod 600 $@

test: install
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check-migrations: install
	DJANGO_DEBUG=true $(MANAGE) makemigrations --check --dry-run

# Needs GNU gettext (apt install gettext); the compiled .mo files are committed, so
# running the portal does not.
messages: export DJANGO_DEBUG = true
messages: install
	$(MANAGE) makemessages --locale ru --locale en --add-location file --ignore "var/*"
	$(MANAGE) compilemessages --locale ru --locale en --ignore ".venv/*"

bench: export DJANGO_DEBUG = true
bench: install
	$(BIN)/python bench/serving.py

bench-search: export DJANGO_DEBUG = true
bench-search: install
	$(BIN)/python bench/search.py
