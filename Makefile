# The README's commands. `.ci/run` runs `make test`, so the README never drifts from CI.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.dxcompare-installed
CORPUS ?= seeds
OUT    ?= outputs

.PHONY: setup report corpus test lab browser bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@# rfc3987-syntax (pulled in by jsonschema's format extras) costs 2-3 s at every papermill and
	@# nbconvert start and validates nothing Jupyter uses: see docs/performance.md.
	-$(PY) -m pip uninstall --quiet --yes rfc3987-syntax
	touch $(STAMP)

# The main job: build the corpus and render every report into $(OUT).
report: setup
	$(VENV)/bin/dxcompare corpus $(CORPUS)
	$(VENV)/bin/dxcompare report --corpus $(CORPUS) --out $(OUT)

corpus: setup
	$(VENV)/bin/dxcompare corpus $(CORPUS)

# Headless Chromium for the browser tests (Debian's package; installed when missing and we are root).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || echo "warning: could not install chromium; browser tests will be skipped"; \
	  else echo "note: chromium not found and not root; browser tests will be skipped"; fi; }

test: setup browser
	$(PY) -m pytest -n 2 --dist loadgroup

# As root (a container), Jupyter refuses to start without --allow-root: given only then.
LAB_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)
LAB_ARGS ?=
# lab/overrides.json: notebooks save their widget state, so the explorer reopened without a
# kernel shows its own note above inert controls, not "Error displaying widget: model not found".
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.d
lab: setup
	mkdir -p $(LAB_SETTINGS) && cp lab/overrides.json $(LAB_SETTINGS)/dxcompare.json
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks $(LAB_ROOT) $(LAB_ARGS)

# --quick: 50 and 500 documents (minutes); `make bench BENCH_ARGS=` runs the full table (~45 min).
BENCH_ARGS ?= --quick
bench: setup
	$(PY) benchmarks/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .dxcompare-cache
