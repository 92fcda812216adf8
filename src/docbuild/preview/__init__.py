"""`docbuild preview`: the HTML edition served on 127.0.0.1, rebuilt on every save by a warm
process, with the lint findings beside the page and the PDF refreshed behind it
(docs/preview.md)."""
