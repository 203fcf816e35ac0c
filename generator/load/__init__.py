"""The load stage: find the project, read its files safely, validate them, anchor quotes."""
