# sitrep: the two commands a newcomer needs are `make run` and `make test`.
# Each creates .venv and installs what it needs from the package registries.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
SHARED ?= ../shared
CORPUS ?=
EXAMPLE ?= examples/baghdad

.PHONY: install run test eval bench report serve clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --upgrade pip
	@$(PY) -m pip install --quiet -e '.[test,postgres]'
	@touch $(STAMP)

install: $(STAMP)  ## create .venv and install sitrep with its test tools

run: $(STAMP)  ## run the pipeline on the bundled example into sitrep.db and out/
	$(VENV)/bin/sitrep run $(EXAMPLE) --db sitrep.db --out out

test: $(STAMP)  ## run the test suite (installs Chromium for the browser tests when missing)
	$(PY) -m pytest -q

eval: $(STAMP)  ## run every corpus under ../shared/corpus (CORPUS=name for one) and score it
	@$(PY) scripts/evaluate.py --shared $(SHARED) $(if $(CORPUS),--corpus $(CORPUS))

bench: $(STAMP)  ## print the benchmark figures
	$(PY) benchmarks/run_all.py --shared $(SHARED)

clean:
	rm -rf out sitrep.db sitrep.db-wal sitrep.db-shm .pytest_cache
