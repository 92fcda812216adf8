"""docbuild: Markdown plus BibTeX to a journal-formatted PDF and HTML, references checked."""

__version__ = "0.1.0"
