"""A stand-in for Crossref, DataCite, OpenAlex and arXiv: records, their renderings, a server."""
