"""Running the whole ingest over Documents from kgraph.sources: extraction in this process, worker processes or
a Dask cluster, and the store writes."""
