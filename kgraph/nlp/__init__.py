"""NLP: Kiwi tokens in spaCy, entities, linking, relations, modality."""
