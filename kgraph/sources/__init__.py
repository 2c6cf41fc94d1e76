"""Reading sources into Documents: files of every format (loaders.py), cleaning and metadata
(clean.py: encodings, boilerplate, bylines, titles, language), printed dates (dates.py).

Nothing here extracts or stores: kgraph/ingest runs the pipeline over what these return.
"""
