# Jobbcoach / Työvalmentaja: bilingual job-coaching chatbot.
#   make run    set everything up and start Rasa (5005), actions (5055) and the web app (8080)
#   make test   set everything up, validate the data and run every test
# `make help` lists the rest.

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV     := .venv
PY       := $(VENV)/bin/python
RASA     := $(VENV)/bin/rasa
STAMP    := $(VENV)/.installed
MODEL_STAMP := models/.trained
export PYTHONDONTWRITEBYTECODE := 1
export TF_CPP_MIN_LOG_LEVEL := 3
export SQLALCHEMY_SILENCE_UBER_WARNING := 1

# Rasa 3.6 runs on Python 3.10 only. Look on PATH, then in pyenv, then in the usual places.
PYTHON310 ?= $(shell \
	for c in python3.10 $$HOME/.pyenv/versions/3.10*/bin/python3.10 /root/.pyenv/versions/3.10*/bin/python3.10 \
	         /usr/local/bin/python3.10 /usr/bin/python3.10; do \
	  p=$$(command -v $$c 2>/dev/null) || continue; \
	  $$p -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null && { echo $$p; break; }; \
	done)

NLU_DATA   := $(shell find data -name '*.yml' 2>/dev/null)
MODEL_DEPS := $(NLU_DATA) domain.yml config.yml $(wildcard bot/nlu/*.py)

NODE_STAMP := node_modules/.installed

.PHONY: help install chromium db train run shell test lint bench eval lock clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): requirements.txt constraints.txt pyproject.toml
	@if [ -z "$(PYTHON310)" ]; then \
	  echo "ERROR: Python 3.10 not found (Rasa 3.6 needs exactly 3.10)."; \
	  echo "Install it, e.g. 'pyenv install 3.10.13' or 'apt-get install python3.10 python3.10-venv',"; \
	  echo "or point to it: make PYTHON310=/path/to/python3.10 ..."; exit 1; fi
	@test -x $(PY) || $(PYTHON310) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check 'pip==24.2'
	# One resolver run against the full lock: nothing can pull numpy 2 behind TensorFlow 2.12's back.
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@$(PY) -c "import numpy, tensorflow; assert numpy.__version__ == '1.23.5', numpy.__version__" 2>/dev/null \
	  || { echo "ERROR: numpy/TensorFlow mismatch after install"; exit 1; }
	@touch $@

install: $(STAMP) ## create .venv with Python 3.10 and install the pinned dependencies

chromium: ## install Debian's Chromium for the browser tests (needs root or sudo)
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }
	@chromium --version

$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq npm >/dev/null; }
	# axe-core for the accessibility test (injected into the page; not used at run time)
	npm ci --no-audit --no-fund --silent
	@touch $@

db: $(STAMP) ## apply migrations and load demo data into an empty database
	$(PY) -m bot.cli setup-db

$(MODEL_STAMP): $(MODEL_DEPS) | $(STAMP)
	@# the stamp gets the start time: a file edited while training runs triggers the next one
	@start=$$(date +%s); $(PY) -m bot.cli train && touch -d @$$start $@

train: $(MODEL_STAMP) ## train the model when data, domain, config or NLU components changed

run: $(STAMP) db train ## start Rasa (5005), the action server (5055) and the web app (8080); Ctrl-C stops all
	$(PY) -m bot.cli run

shell: $(STAMP) train ## chat in the terminal (starts the action server in the background)
	$(PY) -m bot.cli shell

test: $(STAMP) train chromium $(NODE_STAMP) ## validate the data, run pytest and the test stories
	$(PY) -m bot.cli validate
	$(PY) -m pytest -q -n 2 --dist loadgroup
	$(PY) -m bot.cli test-stories

lint: $(STAMP) ## ruff and mypy
	$(VENV)/bin/ruff check bot actions tests bench
	$(VENV)/bin/ruff format --check bot actions tests bench
	$(VENV)/bin/mypy

eval: $(STAMP) train ## NLU scores: frozen held-out sets, old held-out sets, cross-validation (slow, ~20 min)
	$(PY) -m bench.frozen_eval
	$(PY) -m bench.nlu_eval --variants linear_e5

bench: $(STAMP) train ## benchmarks (not part of make test)
	$(PY) -m bench.run $(ARGS)

lock: ## re-resolve requirements.txt into constraints.txt in a scratch venv
	rm -rf /tmp/lockvenv && $(PYTHON310) -m venv /tmp/lockvenv
	/tmp/lockvenv/bin/pip install --quiet 'pip==24.2'
	/tmp/lockvenv/bin/pip install --quiet -r requirements.txt
	( echo "# Full lock of the environment (pip freeze of a clean install of requirements.txt)."; \
	  echo "# Regenerate with \`make lock\` after changing requirements.txt."; \
	  /tmp/lockvenv/bin/pip freeze ) > constraints.txt

clean: ## remove models, databases and caches (keeps .venv)
	rm -rf models var results .pytest_cache .mypy_cache .ruff_cache
