"""Batch production: one document per record, run by an executor (a local process pool or a Dask cluster)."""
