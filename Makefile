# Search benchmark (issue 4). The lead's Makefile owns the other targets; these lines are additive.
PYTHON ?= $(shell test -x .venv/bin/python && echo .venv/bin/python || echo python3)
BENCH_PG_URL ?= postgres://postgres@127.0.0.1:5432/ocop_bench

.PHONY: bench-search
bench-search:  ## Search benchmark: 1,000 and 10,000 products on SQLite, then PostgreSQL
	env -u DATABASE_URL $(PYTHON) manage.py bench_search --settings=ocop_site.settings.test
	DATABASE_URL=$(BENCH_PG_URL) $(PYTHON) manage.py bench_search --settings=ocop_site.settings.test
