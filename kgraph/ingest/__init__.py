"""Loading source files into Documents, cleaning them, and running the whole ingest."""
