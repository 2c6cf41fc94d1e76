# Two commands do everything on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
STORE  ?= kgraph-store

.PHONY: demo test notebook bench clean

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

# Speed and memory on synthetic corpora (about 15 minutes on 2 cores); writes benchmarks/RESULTS.md
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py --sizes 1000,10000 --rdflib-budget 60

notebook: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[jupyter]'
	cd notebooks && ../$(BIN)/jupyter notebook analyst.ipynb

clean:
	rm -rf $(VENV) $(STORE) *.egg-info graph.html .artifacts
