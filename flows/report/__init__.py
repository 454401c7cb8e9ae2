"""The run report: one self-contained HTML page per run, built from the published tables."""
