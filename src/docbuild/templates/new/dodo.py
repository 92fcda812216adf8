"""doit tasks for this paper folder: `doit list` shows them, `doit build` makes the PDF and HTML."""

from docbuild.tasks import (  # noqa: F401  (doit finds tasks by their names in this module)
    DOIT_CONFIG,
    task_build,
    task_check_citations,
    task_html,
    task_lint,
    task_lint_refs,
    task_normalize_refs,
    task_pandoc,
    task_pdf,
    task_verify_refs,
)
