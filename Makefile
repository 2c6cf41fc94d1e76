# Two commands do everything on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
STORE  ?= kgraph-store

GOLD   ?= ../shared/gold

.PHONY: demo test test-fast notebook bench bench-long clean train cv

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/kgraph --store $(STORE) ingest seeds
	$(BIN)/kgraph --store $(STORE) docs
	$(BIN)/kgraph --store $(STORE) stats
	$(BIN)/kgraph --store $(STORE) validate
	$(BIN)/kgraph --store $(STORE) viz -o graph.html --lang ko --title "kgraph: seed articles"
	$(BIN)/kgraph --store $(STORE) query --name partners --param entity=OpenAI --format table
	@echo "Open graph.html in a browser for the interactive graph."

test: $(STAMP)
	$(BIN)/python -m pytest -q

# Unit tests only, well under a minute: no processes, browsers, clusters or real articles (tests/lanes.py)
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow"

# The relation scorer shipped in kgraph/data/models, trained from the annotated articles in $(GOLD)
train: $(STAMP)
	$(BIN)/python -m kgraph.learn train --gold $(GOLD)

# Grouped 5-fold cross-validation over train + dev + seeds (articles on one event in one fold); ends with the cv: line
cv: $(STAMP)
	$(BIN)/python -m kgraph.learn cv --gold $(GOLD)

# Speed and memory on synthetic corpora (about 15 minutes on 2 cores); writes benchmarks/RESULTS.md
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py --sizes 1000,10000 --rdflib-budget 60

# Only the one-paragraph document of 900,000 characters (issue 25; target under a minute on 2 cores)
bench-long: $(STAMP)
	$(BIN)/python benchmarks/long_document.py --chars 900000

notebook: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[jupyter]'
	cd notebooks && ../$(BIN)/jupyter notebook analyst.ipynb

clean:
	rm -rf $(VENV) $(STORE) *.egg-info graph.html .artifacts
