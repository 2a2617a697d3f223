# Everyday commands. `make run` and `make test` need nothing but Python 3.11 and make.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
VNU := var/vnu/node_modules/vnu-jar/build/dist/vnu.jar
PORT ?= 8000
NGINX := $(shell command -v nginx || echo /usr/sbin/nginx)

.DEFAULT_GOAL := help
.PHONY: help install run worker dev-env secret-key release serve serve-proxy nginx bench-slowloris test lint format check-migrations messages bench bench-render bench-search bench-mix lock audit-dependencies backup restore deploy-check soak browser audit

help:
	@echo "make run    - install, start the embedded database, migrate, load content, serve on :$(PORT)"
	@echo "make release - the release step, once per version: migrate, static files, roles, content"
	@echo "make serve  - the web process as in production: gunicorn, DJANGO_DEBUG off (after make release)"
	@echo "make secret-key - write a random DJANGO_SECRET_KEY to .env, to try production settings here"
	@echo "make worker - the background tasks' worker, as in production (make run starts its own)"
	@echo "make serve-proxy - the same behind nginx, as on a server facing the internet"
	@echo "make test   - run the whole test suite on PostgreSQL"
	@echo "make lint   - ruff check, ruff format --check, and that imports point one way"
	@echo "make format - ruff format and ruff check --fix"
	@echo "make messages - update locale/*/django.po from the code and compile the .mo files"
	@echo "make bench  - the production server under wrk: throughput, latency, CPU, memory"
	@echo "make audit  - Lighthouse scores of the main pages, both languages, mobile and desktop"
	@echo "make bench-search - search latency and CPU on 10 000 generated articles per language"
	@echo "make bench-mix - readers over 10 000 articles per language, with and without an editor saving"
	@echo "make bench-render - where a page's CPU goes when it is rendered afresh"
	@echo "make bench-slowloris - readers' latency while slow clients hold connections, with and without nginx"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall whenever the dependencies change: exactly the locked versions.
$(VENV)/.installed: pyproject.toml requirements.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

# After changing the dependencies in pyproject.toml: pin them again.
lock: | $(BIN)/python
	$(BIN)/python -m pip install --quiet "pip-tools>=7.4,<8"
	$(BIN)/pip-compile --quiet --extra dev --strip-extras --no-emit-index-url \
		--no-emit-find-links --output-file requirements.lock pyproject.toml

# Known vulnerabilities in the locked dependencies: fails on any. It asks PyPI's JSON API;
# where that is out of reach it lists every package as "could not be audited".
audit-dependencies: install
	$(BIN)/pip-audit --requirement requirements.lock --no-deps --disable-pip --progress-spinner off

install: $(VENV)/.installed

run: export DJANGO_DEBUG = true
run: export PORTAL_ORIGIN ?= http://127.0.0.1:$(PORT)
run: install dev-env
	$(MANAGE) migrate --noinput
	$(MANAGE) load_content
	$(MANAGE) setup_roles
	@echo
	@echo "The portal runs on http://127.0.0.1:$(PORT)/ ; the admin is at http://127.0.0.1:$(PORT)/admin/"
	@$(MANAGE) create_demo_users
	@echo "(New passwords at every start. Your own account: $(MANAGE) createsuperuser)"
	@echo
	@# The background tasks' worker (news.indexnow) beside the server; Ctrl-C stops both.
	@# Without --reload, which would leave its reloaded process behind: restart make run
	@# after changing a task's code.
	@$(MANAGE) db_worker --no-reload & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	  $(MANAGE) runserver 127.0.0.1:$(PORT)

# DJANGO_DEBUG=true in .env (which portal/settings.py reads), so that the manage.py commands
# make run prints work as printed; a DJANGO_DEBUG already in .env is left as it is.
dev-env:
	@grep -qs '^DJANGO_DEBUG=' .env || echo "DJANGO_DEBUG=true" >> .env

# As in production. DJANGO_SECRET_KEY comes from the environment or .env, never made up
# here: machines that serve together must share one (sessions, CSRF), so production
# settings refuse to start without it. `make secret-key` writes one to .env for a trial
# on this machine.
secret-key:
	@grep -qs '^DJANGO_SECRET_KEY=' .env || \
	  echo "DJANGO_SECRET_KEY=$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(64))')" >> .env

# The release step, once per version, on one machine (or as the deploy's release job),
# before the web processes of that version start: the database migrated, the static files
# collected, the roles' permissions set, the shipped content loaded where it is missing.
# Each step is idempotent, so running it again changes nothing (docs/deploy.md).
release serve serve-proxy worker: export DJANGO_DEBUG = false
release serve serve-proxy worker: export DJANGO_ALLOWED_HOSTS ?= 127.0.0.1,localhost
release serve serve-proxy worker: export PORTAL_ORIGIN ?= http://127.0.0.1:$(PORT)
# Locally there is no TLS in front; behind a proxy that terminates TLS set
# DJANGO_SECURE_SSL_REDIRECT=true.
release serve serve-proxy worker: export DJANGO_SECURE_SSL_REDIRECT ?= false
release: install
	$(MANAGE) migrate --noinput
	$(MANAGE) collectstatic --noinput -v0
	$(MANAGE) setup_roles
	$(MANAGE) load_content

# The web process only: as many machines as needed may run it at once (after `make release`).
serve: install
	$(BIN)/gunicorn -c portal/gunicorn.conf.py portal.wsgi

# The same behind nginx (portal/nginx.conf), which takes the clients, however slow, and
# refuses oversized bodies: nginx on $(PORT), gunicorn on the next port, for nginx only.
serve-proxy: export DJANGO_BEHIND_PROXY = true
serve-proxy: UPSTREAM_PORT = $(shell echo $$(($(PORT) + 1)))
serve-proxy: install nginx
	@test -x $(NGINX) || { echo "serve-proxy needs nginx: sudo apt-get install nginx-light"; exit 1; }
	$(MANAGE) nginx_config --listen 127.0.0.1:$(PORT) --upstream 127.0.0.1:$(UPSTREAM_PORT)
	@echo "The portal runs behind nginx on http://127.0.0.1:$(PORT)/ (gunicorn on :$(UPSTREAM_PORT))."
	@PORT=$(UPSTREAM_PORT) $(BIN)/gunicorn -c portal/gunicorn.conf.py portal.wsgi & \
	  gunicorn=$$!; trap 'kill $$gunicorn 2>/dev/null' EXIT INT TERM; \
	  $(NGINX) -e stderr -p "$(CURDIR)/var/nginx/" -c nginx.conf

# The background tasks' worker as in production, for a server where `make serve` runs:
# in production run `manage.py db_worker` as a service of its own (docs/deploy.md).
worker: install
	$(MANAGE) db_worker

test: install browser nginx $(VNU)
	$(BIN)/pytest

# The browser tests drive Debian's chromium (never a downloaded one): installed here when
# it is missing and we can (root with apt); otherwise those tests skip and say so.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian's chromium for the browser tests…"; \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null 2>&1 || \
	    { apt-get update -q >/dev/null 2>&1 && \
	      DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null 2>&1; } || \
	    echo "Could not install chromium: the browser tests will skip."; \
	  else echo "No chromium: the browser tests will skip (sudo apt-get install chromium)."; fi; }

# The proxy of `make serve-proxy` and of its tests is Debian's nginx: installed here when it
# is missing and we can (root with apt; Debian 13 calls it nginx, 12 also nginx-light),
# otherwise those tests skip and say so.
nginx:
	@test -x $(NGINX) || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian's nginx for the proxy…"; \
	    for package in nginx-light nginx; do \
	      DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$package >/dev/null 2>&1 && break; \
	      apt-get update -q >/dev/null 2>&1 && \
	      DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$package >/dev/null 2>&1 && break; \
	    done; \
	    test -x $(NGINX) || echo "Could not install nginx: the proxy tests will skip."; \
	  else echo "No nginx: the proxy tests will skip (sudo apt-get install nginx-light)."; fi; }

# The W3C Nu HTML Checker, from npm, for the HTML validity tests (they skip without npm).
$(VNU):
	@if command -v npm >/dev/null 2>&1; then \
	  npm install --silent --no-audit --no-fund --prefix var/vnu vnu-jar@26.9.27 >/dev/null 2>&1 || \
	  echo "Could not install vnu-jar: the HTML validity test will skip."; \
	else echo "No npm: the HTML validity test will skip."; fi

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

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

bench-render: install
	$(BIN)/python bench/render.py

audit: export DJANGO_DEBUG = true
audit: install browser nginx
	$(BIN)/python bench/audit.py

soak: export DJANGO_DEBUG = true
soak: install
	$(BIN)/python bench/soak.py

bench-slowloris: export DJANGO_DEBUG = true
bench-slowloris: install nginx
	$(BIN)/python bench/slowloris.py

bench-search: install
	$(BIN)/python bench/search.py

# The generated database stays in var/ for the next run: FRESH=1 makes it again.
bench-mix: export DJANGO_DEBUG = true
bench-mix: install
	$(BIN)/python bench/mix.py $(if $(FRESH),--fresh)

backup: export DJANGO_DEBUG ?= true
backup: install
	$(MANAGE) backup

restore: export DJANGO_DEBUG ?= true
restore: install
	@test -n "$(FILE)" || (echo "Usage: make restore FILE=var/backups/portal-….dump" && exit 2)
	$(MANAGE) restore "$(FILE)"

# Django's deployment check, with production settings.
deploy-check: install
	DJANGO_DEBUG=false DJANGO_ALLOWED_HOSTS=portal.example PORTAL_ORIGIN=https://portal.example \
	DJANGO_SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(64))')" \
	$(MANAGE) check --deploy --fail-level WARNING
