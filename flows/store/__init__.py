"""Store: table schemas, rows from extractions, incremental state, staging and atomic publishing.

`schemas` (one Arrow schema per table, shared by the writer, the suites and the docs),
`records` (rows), `batch` (what a run hands the write path), `state` (inputs and site
statistics), `warehouse` (partitions, staging, lock, recovery), `publish` (validation passes,
commit), `reader` (reading tables back).
"""
