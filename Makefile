# Both targets build their own .venv from pyproject.toml when it is missing or stale.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test lint bench screenshots bundle icons clean

$(VENV)/.run-stamp: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.test-stamp: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.run-stamp

$(VENV)/.dev-stamp: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.test-stamp $(VENV)/.run-stamp

run: $(VENV)/.run-stamp
	$(VENV)/bin/facilitator

test: $(VENV)/.test-stamp
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest $(PYTEST_ARGS)

# vulture: dead code it is sure of (unused names and arguments, unreachable lines); below
# 80% confidence Qt overrides, click commands and registered migrations read as unused.
lint: $(VENV)/.dev-stamp
	$(VENV)/bin/ruff check facilitator ui tests benchmarks packaging docs
	$(VENV)/bin/ruff format --check facilitator ui tests benchmarks packaging docs
	$(VENV)/bin/mypy
	$(VENV)/bin/vulture facilitator ui --min-confidence 80

# The desktop bundle: dist/facilitator/ (dist/Facilitator.app on macOS). docs/packaging.md
bundle: $(VENV)/.dev-stamp
	$(PY) -m PyInstaller --noconfirm --log-level WARN packaging/facilitator.spec
	@du -sh dist/facilitator

# Every benchmarks/*.py; prints a summary and rewrites the results in docs/benchmarks.md.
bench: $(VENV)/.test-stamp
	QT_QPA_PLATFORM=offscreen $(PY) benchmarks/run_all.py

# docs/images/*.png from the demo workshop, at 1366x768.
screenshots: $(VENV)/.run-stamp
	QT_QPA_PLATFORM=offscreen $(PY) packaging/screenshots.py
	$(PY) docs/make_sample_report.py

# resources/icons/*.png, .ico and .icns from resources/icons/facilitator.svg.
icons: $(VENV)/.run-stamp
	QT_QPA_PLATFORM=offscreen $(PY) packaging/make_icons.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache
