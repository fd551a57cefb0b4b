# skillcert — the commands the README names. Everything installs itself on a fresh machine.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# Every command sees them: links made while loading the demo carry the served address too.
export HOST PORT
PYTEST_ARGS ?=

.PHONY: setup system-deps run dev serve demo test test-fast lint bench clean messages fuzz

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.lock requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.lock
	touch $@

# Debian packages: the Chinese TrueType font embedded in PDFs, Chromium for browser tests,
# poppler for looking at PDFs, gettext for the English catalogue, flite for the spoken captcha,
# zbar-tools for reading QR codes in tests. Installed only when missing
# (needs root, as on these machines).
system-deps:
	@bash scripts/system-deps.sh

# The English message catalogue, compiled from the .po kept in git.
locale/en/LC_MESSAGES/django.mo: locale/en/LC_MESSAGES/django.po | system-deps
	msgfmt --check-format -o $@ $<

setup: $(VENV)/.installed system-deps locale/en/LC_MESSAGES/django.mo

demo: setup
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo

# `make run`: as production runs, on the embedded default (skillcert/local_production.py):
# DEBUG off, gunicorn with the collected static files (WhiteNoise), SQLite in WAL mode, a task
# worker and the scheduler beside it; Ctrl-C stops all three. Links carry http://HOST:PORT
# unless SITE_URL says otherwise. `make dev`: the autoreloading development server instead.
RUN_ENV := DJANGO_SETTINGS_MODULE=skillcert.local_production HOST=$(HOST) PORT=$(PORT)
WORKERS ?= 2
run: demo
	@$(RUN_ENV) $(MANAGE) collectstatic --noinput -v 0
	@$(RUN_ENV) $(MANAGE) demo_accounts
	@echo "Serving on http://$(HOST):$(PORT)  (gunicorn, DEBUG off; task worker and scheduler too: var/worker.log, var/scheduler.log)"
	@$(RUN_ENV) $(MANAGE) db_worker --worker-id=make-run >var/worker.log 2>&1 & echo $$! > var/worker.pid; \
	  $(RUN_ENV) $(MANAGE) run_scheduler >var/scheduler.log 2>&1 & echo $$! > var/scheduler.pid; \
	  trap 'kill $$(cat var/worker.pid) $$(cat var/scheduler.pid) 2>/dev/null; rm -f var/worker.pid var/scheduler.pid' EXIT INT TERM; \
	  $(MAKE) --no-print-directory serve

# The web server alone, as `make run` starts it (tests/ops/test_make_run.py starts this target).
serve:
	@$(RUN_ENV) $(BIN)/gunicorn skillcert.wsgi:application --bind $(HOST):$(PORT) \
	  --workers $(WORKERS) --threads 4 --worker-class gthread --access-logfile - --log-level warning

dev: demo
	@$(MANAGE) demo_accounts
	@echo "Development server on http://$(HOST):$(PORT)  (DEBUG on, autoreload; task worker too: var/worker.log)"
	@HOST=$(HOST) PORT=$(PORT) $(MANAGE) db_worker --worker-id=make-dev >var/worker.log 2>&1 & echo $$! > var/worker.pid; \
	  trap 'kill $$(cat var/worker.pid) 2>/dev/null; rm -f var/worker.pid' EXIT INT TERM; \
	  HOST=$(HOST) PORT=$(PORT) $(MANAGE) runserver $(HOST):$(PORT)

test: setup
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-fast: setup
	$(BIN)/python -m pytest -m "not browser" -x $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python scripts/lint_rules.py
	$(MANAGE) makemigrations --check --dry-run
	SECRET_KEY=check-deploy-$$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n') ALLOWED_HOSTS=skillcert.example REDIS_URL=redis://127.0.0.1:6379/0 \
	  DJANGO_SETTINGS_MODULE=skillcert.production $(MANAGE) check --deploy --fail-level WARNING

# schemathesis over every API v1 operation against a server with the demo data (scripts/fuzz.py);
# ends with "fuzz: <N> operations, <M> server errors, <K> schema violations".
fuzz: setup
	$(BIN)/python scripts/fuzz.py

bench: setup
	@for script in bench/[!_]*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

# After changing translatable strings: refresh the English catalogue, translate the new
# entries (empty msgstr), then `make setup` compiles it.
messages: setup
	$(MANAGE) makemessages -l en --ignore=.venv --ignore=tests --ignore=bench --no-obsolete

clean:
	rm -rf var
