"""docbuild: a scholarly manuscript in Markdown plus its BibTeX, to a journal-formatted PDF and HTML."""

__version__ = "0.1.0"
