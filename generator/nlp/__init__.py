"""The enrich stage: spaCy reads articles (reader.py) and the extract modules find what matters."""
