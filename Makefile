# Ungsam: `make run` (demo on SQLite) and `make test` (the whole suite). See README.md.
SHELL := /bin/bash
PY := .venv/bin/python
UV_VERSION := 0.13.9
DEV_KEY_FILE := .dev-secret-key
PORT ?= 8000

.PHONY: run test e2e lint format bench install messages clean

.venv/.installed: requirements.lock
	python3 -m venv .venv
	.venv/bin/pip install -q --disable-pip-version-check uv==$(UV_VERSION)
	VIRTUAL_ENV=.venv .venv/bin/uv pip sync -q requirements.lock
	touch $@

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(DEV_KEY_FILE):
	python3 -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	chmod 600 $@

install: .venv/.installed node_modules/.installed

# Development server with demo data: DEBUG on, demo users may skip MFA (the login page says so).
# It listens on the loopback address only, but prints http://localhost:$(PORT): a security key
# (WebAuthn) takes the host name as its relying-party id, and an IP address is not allowed.
# Another port: `make run PORT=8001`. The task worker (imports, reports) runs beside the server in
# its own process group, and stops with it.
run: install $(DEV_KEY_FILE)
	@export DJANGO_DEBUG=true UNGSAM_DEMO_SKIP_MFA=true UNGSAM_ALLOW_SYNTHETIC_IDS=true DJANGO_SECRET_KEY="$$(cat $(DEV_KEY_FILE))"; \
	$(PY) manage.py migrate --no-input -v0 && \
	$(PY) manage.py createcachetable && \
	$(PY) manage.py seed_demo --if-empty && \
	$(PY) manage.py demo_logins && \
	echo "Ungsam: http://localhost:$(PORT)  (open this name: security keys refuse an IP address)" && \
	{ setsid $(PY) manage.py db_worker & worker=$$!; \
	  trap 'kill -- -$$worker 2>/dev/null' EXIT; trap 'exit 130' INT TERM; \
	  $(PY) manage.py runserver 127.0.0.1:$(PORT); }

test: install
	$(PY) -m pytest -q $(PYTEST_ARGS)

e2e: install
	$(PY) -m pytest -q -m e2e $(PYTEST_ARGS)

lint: install
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

format: install
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

# Regenerate the translation catalogs after changing user-facing text, then fill in nb.
messages: install
	$(PY) manage.py makemessages -l nb -l en --no-obsolete --no-location -i node_modules -i .venv
	$(PY) manage.py compilemessages -l nb -l en -i node_modules -i .venv

bench: install
	@bash bench/run.sh

clean:
	rm -rf .venv node_modules staticfiles db.sqlite3* $(DEV_KEY_FILE)
