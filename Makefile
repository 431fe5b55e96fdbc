# Two commands on a fresh machine: `make demo` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB := .demo/demo.db
DEMO_CUSTOMERS ?= 2000

.PHONY: demo test lint check install clean messages

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

$(DEMO_DB): | $(STAMP)
	mkdir -p $(dir $(DEMO_DB))
	$(BIN)/autoletter-tui --db $(DEMO_DB) demo --customers $(DEMO_CUSTOMERS)

demo: $(DEMO_DB)
	$(BIN)/autoletter-tui --db $(DEMO_DB)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest

# After adding or changing a message: new ones appear untranslated in each .po file.
messages: $(STAMP)
	$(BIN)/python -m tools.messages

clean:
	rm -rf $(VENV) .demo .mypy_cache .ruff_cache .pytest_cache
