# The OCOP showcase. `make run` on a fresh machine (Python 3.11+, make) installs
# everything, loads the demo content and serves http://127.0.0.1:8000.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
SITE_HOST ?= $(HOST)
# Links in admin e-mails (workflow, password reset) follow the address served.
export WAGTAILADMIN_BASE_URL ?= http://$(SITE_HOST):$(PORT)

.PHONY: help setup setup-dev run test test-dates lint format check clean bench-search

help:
	@echo "make run        install, migrate, load demo content, create admin, serve on $(HOST):$(PORT)"
	@echo "                (other machines: DJANGO_ALLOWED_HOSTS=name make run HOST=0.0.0.0 SITE_HOST=name PORT=8001)"
	@echo "make setup      everything but serving"
	@echo "make test       install test tools and run the whole test suite"
	@echo "make test-dates run the date-dependent tests again at 2027-03-01, 2028-02-29, 2030-12-31"
	@echo "make lint       ruff check + format check"
	@echo "make bench-search  search benchmark (SQLite and PostgreSQL, 1,000 and 10,000 products)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

setup: $(VENV)/.installed
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo_content
	$(BIN)/python manage.py configure_site --hostname $(SITE_HOST) --port $(PORT)
	$(BIN)/python manage.py ensure_admin

setup-dev: $(VENV)/.installed-dev

# The task worker (outbox e-mails, search statistics, Wagtail's index updates)
# runs beside the server; Ctrl-C stops both.
run: setup
	@echo "Admin: http://$(HOST):$(PORT)/admin/ (user 'admin')"
	@trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py run_worker & worker=$$!; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(VENV)/.installed-dev
	$(BIN)/python -m pytest

# The tests whose expectations depend on the date, again on three other days
# (end of February, a 29 February, a year's last day): see core/testing.py.
TEST_DATES ?= 2027-03-01 2028-02-29 2030-12-31

test-dates: $(VENV)/.installed-dev
	@for day in $(TEST_DATES); do \
	  echo "== tests marked 'dated' on $$day"; \
	  OCOP_TEST_TODAY=$$day $(BIN)/python -m pytest -q -m dated || exit 1; \
	done

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: $(VENV)/.installed-dev
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles .test-media test-artifacts

# Search benchmark (issue 4): 1,000 and 10,000 products on SQLite, then PostgreSQL.
BENCH_PG_URL ?= postgres://postgres@127.0.0.1:5432/ocop_bench

bench-search: $(VENV)/.installed-dev
	env -u DATABASE_URL $(BIN)/python manage.py bench_search --settings=ocop_site.settings.test
	DATABASE_URL=$(BENCH_PG_URL) $(BIN)/python manage.py bench_search --settings=ocop_site.settings.test
