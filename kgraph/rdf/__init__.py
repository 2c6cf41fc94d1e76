"""RDF side: namespaces, deterministic IRIs, and the quads of one document."""
