"""`docbuild issue ISSUE.toml`: a journal issue built from its papers."""
