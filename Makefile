# sitrep: the two commands a newcomer needs are `make run` and `make test`.
# Each creates .venv and installs what it needs from the package registries: `make run` what
# running needs, `make test` the test tools and the PostgreSQL driver as well.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
RUN_STAMP  := $(VENV)/.run-stamp
TEST_STAMP := $(VENV)/.test-stamp
SHARED ?= ../shared
CORPUS ?=
EXAMPLE ?= examples/baghdad
DB ?= sitrep.db

.PHONY: install browser run test eval bench report serve clean check-python

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  echo "sitrep needs Python 3.11 or newer; '$(PYTHON)' is $$($(PYTHON) -c 'import sys; print(sys.version.split()[0])' 2>/dev/null || echo 'not there')."; \
	  echo "Run with another one, for example: make $(or $(MAKECMDGOALS),run) PYTHON=python3.12"; \
	  exit 1; }

$(RUN_STAMP): pyproject.toml | check-python
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --upgrade pip
	@$(PY) -m pip install --quiet -e .
	@touch $(RUN_STAMP)

$(TEST_STAMP): $(RUN_STAMP)
	@$(PY) -m pip install --quiet -e '.[test,postgres]'
	@touch $(TEST_STAMP)

install: $(TEST_STAMP)  ## create .venv and install sitrep with its test tools

browser:  ## install Debian's Chromium for the browser tests (apt-get; they skip without it)
	@sh scripts/ci-chromium.sh

run: $(RUN_STAMP)  ## run the pipeline on the bundled example into $(DB) and out/
	$(VENV)/bin/sitrep run $(EXAMPLE) --db $(DB) --out out

report: $(RUN_STAMP)  ## write out/report.html from $(DB) (make run fills it)
	$(VENV)/bin/sitrep report --db $(DB) -o out/report.html

serve: $(RUN_STAMP)  ## serve $(DB) on http://127.0.0.1:8000 (make run fills it)
	$(VENV)/bin/sitrep serve --db $(DB)

test: $(TEST_STAMP)  ## run the test suite (the browser tests need `make browser` once)
	$(PY) -m pytest -q

eval: $(RUN_STAMP)  ## run every corpus under ../shared/corpus (CORPUS=name for one) and score it
	@$(PY) scripts/evaluate.py --shared $(SHARED) $(if $(CORPUS),--corpus $(CORPUS))

bench: $(TEST_STAMP)  ## print the benchmark figures
	$(PY) benchmarks/run_all.py --shared $(SHARED)

clean:
	rm -rf out $(DB) $(DB)-wal $(DB)-shm $(DB)-lock .pytest_cache
