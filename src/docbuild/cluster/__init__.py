"""Batch builds on a Dask cluster: what a worker is sent (`inputs`), what it does (`worker`),
how the batch remembers (`manifest`), how it talks to Dask (`scheduler`) and to the user
(`progress`). `docbuild.batch` puts them together."""
