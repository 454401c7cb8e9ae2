"""Benchmark: a synthetic corpus (`corpus`), the runs and the report (`runner`), stage timers (`probe`).

Apart from the pipeline: nothing in the product imports it; it imports the product.
"""
