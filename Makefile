# Cramp Diary. `make run` starts the app; `make test` runs every check.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# The app behind its guard (dashboard/serve.py runs dashboard/app.py).
SERVED := dashboard/serve.py
PORT ?= 8501
DEMO_DB ?= $(shell python3 -c "import os,tempfile;print(os.path.join(tempfile.gettempdir(),'cramp-diary-demo.sqlite'))")

.PHONY: venv run demo test system-packages lint bench clean sample phone

venv: $(STAMP)

# Bytecode is compiled here, once, for every dependency and the project itself, so that no
# start compiles anything, even where PYTHONDONTWRITEBYTECODE=1 forbids writing .pyc files
# at import (uv does not compile by default; pip does, and compileall covers the project).
$(STAMP): requirements.txt pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check uv || true
	if [ -x $(VENV)/bin/uv ]; then \
	  VIRTUAL_ENV=$(VENV) $(VENV)/bin/uv pip install -q --compile-bytecode -r requirements.txt && \
	  VIRTUAL_ENV=$(VENV) $(VENV)/bin/uv pip install -q --compile-bytecode --no-deps -e . ; \
	else \
	  $(PY) -m pip install -q -r requirements.txt && $(PY) -m pip install -q --no-deps -e . ; \
	fi
	$(PY) -m compileall -q -j 0 core db dashboard sample_data bench
	touch $(STAMP)

run: venv
	$(VENV)/bin/streamlit run $(SERVED) --server.address 127.0.0.1 --server.port $(PORT)

# The home network, over HTTPS, behind a pairing key (README: Using it from a phone).
# `make phone NEW_KEY=1` replaces the key, which unpairs every phone.
phone: venv
	$(PY) -m dashboard.phone.server --port $(PORT) $(if $(NEW_KEY),--new-key)

demo: venv
	$(PY) -m sample_data.load_demo --url sqlite:///$(DEMO_DB)
	DATABASE_URL=sqlite:///$(DEMO_DB) $(VENV)/bin/streamlit run $(SERVED) --server.address 127.0.0.1 --server.port $(PORT)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

# First, so a machine without Chromium or PostgreSQL stops at once (or, as root, gets them).
system-packages:
	tests/system-packages.sh

test: system-packages lint
	$(VENV)/bin/pytest -q -n 2 --dist loadfile

# Each benchmark module prints its own table; add a module here to have `make bench` run it.
BENCH_MODULES := bench bench.health_export
bench: venv
	for module in $(BENCH_MODULES); do $(PY) -m $$module || exit 1; done

sample: venv
	$(PY) -m sample_data.generator --months 6 --seed 2026 --end 2026-10-31 --out sample_data/demo_diary.csv

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
