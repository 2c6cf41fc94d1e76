"""`python -m kgraph.cli` runs the command line."""
from kgraph.cli import main

main()
