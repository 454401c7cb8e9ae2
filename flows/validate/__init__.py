"""Validate: the only package that imports Great Expectations (`checkpoint`: suites, checkpoints, Data Docs)."""
