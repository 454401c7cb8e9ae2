"""newsflow: scraped news and reference pages to clean, validated Parquet tables."""

__version__ = "0.1.0"
