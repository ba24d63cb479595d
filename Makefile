# Parvis — every set-up step lives here, so a clean clone needs only Python 3.11 and npm.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/parvis
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15
PYTEST_ARGS ?= -n 2
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in e-mails (workflow notifications, password resets) point where the demo is served.
SERVE_ENV = WAGTAILADMIN_BASE_URL=$${WAGTAILADMIN_BASE_URL:-http://$(HOST):$(PORT)}
# Every entry point of Parvis loads the production settings unless told otherwise (they refuse
# to start without their secrets): the developer's commands here choose the development ones.
MANAGE = DJANGO_SETTINGS_MODULE=$${DJANGO_SETTINGS_MODULE:-cms.settings.dev} $(PY) manage.py

.PHONY: run code dev release test-stack stack-deps antivirus-deps s3-emulator directory-deps install install-test assets messages migrate seed serve test lint check browser-deps audit bench bench-live bench-mail bench-directory reindex clean

run: install assets messages migrate seed ## The seeded demo intranet on SQLite, at http://127.0.0.1:8000
	@echo
	@echo "  Parvis est prêt : http://$(HOST):$(PORT)/"
	@echo "  Administratrice : admin@val-de-parvis.fr  /  $${ADMIN_PASSWORD:-Parvis-Admin-2026!}"
	@echo "  Agent           : agent@val-de-parvis.fr  /  $${DEMO_PASSWORD:-Parvis-Demo-2026!}"
	@echo "  Élue            : elu@val-de-parvis.fr    /  $${DEMO_PASSWORD:-Parvis-Demo-2026!}"
	@echo "  Communication   : communication@val-de-parvis.fr  /  $${DEMO_PASSWORD:-Parvis-Demo-2026!}"
	@echo "  Administratrice et Communication donnent ensuite un code de vérification :"
	@echo "  make code (ou la clé PARVISDEMOPARVISDEMOPARVISDEMO23 dans une application TOTP)"
	@echo "  Agent de terrain sans courriel : rachid.benali  /  code personnel 482913"
	@echo "  (et kevin.lemaire active son compte avec le code JARDI-N2026 sur /connexion/activation/)"
	@echo
	@# What new users judge: no debug pages (Parvis's own French 404/403/500; `make dev` for
	@# developers). Beat's periodic work (scheduled news, the documents' sweep, the outbox) runs in
	@# a process of its own, which stops with this one.
	$(SERVE_ENV) DEBUG=0 $(MANAGE) run_schedule --parent $$$$ & \
	exec env $(SERVE_ENV) DEBUG=0 $(MANAGE) runserver $(HOST):$(PORT)

code: ## The demo administrators' current verification code (second factor)
	@$(MANAGE) demo_code

dev: install assets messages migrate ## As make run, with Django's debug pages and code reloading
	$(SERVE_ENV) $(MANAGE) run_schedule --parent $$$$ & \
	exec env $(SERVE_ENV) DEBUG=1 $(MANAGE) runserver $(HOST):$(PORT)

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/activate pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml | directory-deps
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

assets: node_modules/.package-lock.json

messages: install
	$(MANAGE) compile_translations

migrate: install
	$(MANAGE) migrate --noinput

seed: install
	$(MANAGE) seed_demo
	$(MANAGE) search_rebuild -v0

# A release for servers without Node: the code, compiled translations and the static files
# collected with production's storage (htmx and the other npm assets inside), in dist/.
release: install assets messages ## dist/parvis-<version>.tar.gz: what a server installs
	rm -rf static_collected
	DJANGO_SETTINGS_MODULE=cms.settings.release $(PY) manage.py collectstatic --noinput -v0
	mkdir -p dist
	git archive --format=tar --prefix=parvis/ -o dist/parvis.tar HEAD
	tar --transform 's,^,parvis/,' -rf dist/parvis.tar static_collected locale/*/LC_MESSAGES/*.mo
	gzip -f dist/parvis.tar
	mv dist/parvis.tar.gz dist/parvis-$$(git describe --always --tags).tar.gz
	@echo "dist/parvis-$$(git describe --always --tags).tar.gz"

serve: install
	$(MANAGE) runserver $(HOST):$(PORT)

# The tests start a real LDAP directory (Debian's slapd); python-ldap builds against libldap.
directory-deps:
	@command -v /usr/sbin/slapd >/dev/null && test -f /usr/include/ldap.h \
		&& test -f /usr/include/sasl/sasl.h || { \
		echo "Installing slapd and the LDAP headers from Debian's packages (directory tests)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			slapd ldap-utils libldap2-dev libsasl2-dev >/dev/null; }

# The antivirus tests start a real clamd (Debian's clamav-daemon) with a test signature.
antivirus-deps:
	@command -v /usr/sbin/clamd >/dev/null && command -v /usr/bin/sigtool >/dev/null || { \
		echo "Installing ClamAV from Debian's packages (antivirus tests)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			clamav-daemon clamav >/dev/null; }

# The object storage tests talk to moto's S3 server, an emulator kept in a virtualenv of its own
# outside the project (its dashboard template loads assets from a CDN: not in Parvis's tree).
S3_EMULATOR ?= $${XDG_CACHE_HOME:-$$HOME/.cache}/parvis-test-tools/moto
s3-emulator:
	@test -x "$(S3_EMULATOR)/bin/moto_server" || { \
		echo "Installing moto's S3 server (an emulator) in $(S3_EMULATOR)"; \
		$(PYTHON) -m venv "$(S3_EMULATOR)" && \
		"$(S3_EMULATOR)/bin/pip" install --quiet "moto[server,s3]>=5,<6"; }

# The production stack test: Debian's nginx in front (and openssl for its certificate).
stack-deps:
	@command -v /usr/sbin/nginx >/dev/null && command -v openssl >/dev/null \
		&& command -v /usr/bin/systemd-analyze >/dev/null && command -v /usr/sbin/logrotate >/dev/null || { \
		echo "Installing nginx, systemd's tools and logrotate from Debian's packages (stack test)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			nginx-light openssl systemd logrotate >/dev/null; }

test-stack: install-test assets messages stack-deps ## nginx → gunicorn, uvicorn → PostgreSQL, Redis, Celery, production settings, through HTTPS
	STACK_TEST=1 $(BIN)/pytest -p no:xdist tests/stack

browser-deps:
	@command -v /usr/bin/chromium >/dev/null || { \
		echo "Installing Chromium from Debian's packages (browser tests)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/bandit --quiet --recursive cms home knowledge social --exclude "*/migrations/*" \
		--severity-level high --confidence-level medium
	$(MAKE) --no-print-directory audit

audit: install-test ## Known vulnerabilities of the Python and npm dependencies (AUDIT_REQUIRED=1: fail when unreachable)
	$(PY) .ci/audit.py

check: install-test assets messages
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) DJANGO_SETTINGS_MODULE=cms.settings.test $(PY) manage.py check
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) DJANGO_SETTINGS_MODULE=cms.settings.test $(PY) manage.py makemigrations --check --dry-run

test: install-test assets messages browser-deps antivirus-deps s3-emulator lint check ## The whole suite on PostgreSQL and Redis
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(BIN)/pytest $(PYTEST_ARGS)
	@# Search relevance, corrections and suggestions again on the embedded default (SQLite),
	@# which `make run` uses.
	@mkdir -p var
	DATABASE_URL=sqlite:///$(CURDIR)/var/test-search.sqlite3 REDIS_URL=$(TEST_REDIS_URL) \
		$(BIN)/pytest -p no:xdist tests/knowledge/search/test_search_relevance.py \
		tests/knowledge/search/test_forgiving_search.py tests/knowledge/relevance \
		tests/social/people/test_directory_relevance.py tests/social/people/test_directory.py

bench: install-test assets messages ## Benchmarks against PostgreSQL, Redis and gunicorn
	$(PY) bench/run.py

bench-live: install-test ## The live stream: 2,000 idle SSE clients, a 50-member channel's fan-out
	$(PY) bench/live.py

bench-mail: install-test ## Weekly digests of 10,000 people by one worker; a reading's follow-up
	$(PY) bench/mailing.py

bench-directory: install-test ## sync_directory against a real slapd holding 10,000 people
	$(PY) bench/directory_sync.py

reindex: install ## Rebuild the search rows and the search index (after an upgrade)
	$(MANAGE) search_rebuild

clean:
	rm -rf $(VENV) node_modules static_collected var db.sqlite3 media
