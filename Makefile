# Usine — the two commands a newcomer needs are `make run` and `make test`.
HOST ?= 127.0.0.1
PORT ?= 8000
NAME ?=
export HOST PORT

# uv is found on the PATH or installed once into .tools/ (scripts/uv.sh), and always used by its
# full path: a newcomer's PATH need not contain it.
UV = $(shell scripts/uv.sh)
PY = $(UV) run --frozen
CLIENT_SOURCES := $(shell find frontend/src -type f 2>/dev/null) frontend/vite.config.js frontend/package-lock.json
CLIENT_MANIFEST := usine/static/town/.vite/manifest.json

.PHONY: run run-production test bench lint format client deps messages clean help

help:
	@echo "make run    — install what is missing, load the demo edition, start the fair on http://$(HOST):$(PORT)/"
	@echo "make run-production — the same fair as in production: nginx in front of WEB_CONCURRENCY (2) web workers, PostgreSQL, Redis"
	@echo "make test   — install what the tests need (chromium, ffmpeg, postgresql…) and run the whole suite"
	@echo "make bench  — run every benchmark (or one: make bench NAME=town_api)"
	@echo "make lint   — ruff format --check and ruff check"

# --- installs, each skipped when already done ------------------------------------------------
.venv/.synced: uv.lock pyproject.toml
	@uv=$$(scripts/uv.sh) && $$uv sync --frozen --quiet
	@touch $@

deps: .venv/.synced

frontend/node_modules/.package-lock.json: frontend/package-lock.json
	@scripts/check-node.sh
	cd frontend && npm ci --no-audit --no-fund --loglevel=error

$(CLIENT_MANIFEST): frontend/node_modules/.package-lock.json $(CLIENT_SOURCES)
	@scripts/check-node.sh
	cd frontend && npx vite build --logLevel warn

client: $(CLIENT_MANIFEST)

# --- the two commands ----------------------------------------------------------------------------
run: deps client
	@scripts/run.sh

run-production: deps client
	@scripts/run-production.sh

test: deps client
	@scripts/test.sh

# --- the rest ----------------------------------------------------------------------------------------
bench: deps client
	@scripts/bench.sh $(NAME)

lint: deps
	@scripts/lint.sh

format: deps
	$(PY) ruff format .
	$(PY) ruff check --fix .

messages: deps
	$(PY) python manage.py makemessages --locale en --ignore '.venv/*' --ignore '.tools/*' --ignore 'frontend/*' --ignore 'data/*' --no-obsolete
	$(PY) python manage.py makemessages --locale en --domain djangojs --ignore '.venv/*' --ignore '.tools/*' --ignore 'usine/static/*' --ignore 'data/*' --ignore 'frontend/node_modules/*' --no-obsolete
	$(PY) python manage.py compilemessages --locale en --locale fr --ignore '.venv/*' --ignore '.tools/*'

clean:
	rm -rf usine/static/town frontend/node_modules .venv .tools
