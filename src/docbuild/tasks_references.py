"""doit task creators of the reference checks a user runs by hand: `lint-refs` (with its
options), `check-citations` and `verify-refs` (the one task that uses the network).
`docbuild.tasks.__all__` lists them with the rest.

The actions and option lists sit beside the creators, not inside them: doit tokenizes each
creator's source on every run to order the tasks, so short creators keep a no-op build fast."""

from __future__ import annotations

from docbuild.doit_support import paper_settings, user_errors


@user_errors
def _run_lint_refs(
    format: str,
    write_baseline: bool,
    uncited: bool,
    rule: list[str],
    severity: list[str],
    key: list[str],
) -> bool:
    from docbuild.jobs.lint import print_lint_report, run_write_baseline
    from docbuild.jobs.lint_print import make_selection

    if write_baseline:
        return run_write_baseline(paper_settings())
    selection = make_selection(rule, severity, key, uncited=uncited)
    return print_lint_report(paper_settings(), fmt=format, selection=selection)


_LINT_REFS_PARAMS = [
    {
        "name": "format",
        "long": "format",
        "type": str,
        "default": "text",
        "choices": (("text", ""), ("json", ""), ("sarif", ""), ("github", "")),
        "help": "output format: text, json, sarif or github",
    },
    {
        "name": "write_baseline",
        "long": "write-baseline",
        "type": bool,
        "default": False,
        "help": "accept today's findings: write them to the baseline file",
    },
    {
        "name": "uncited",
        "long": "uncited",
        "type": bool,
        "default": False,
        "help": "also list the findings on entries the manuscript does not cite",
    },
    {
        "name": "rule",
        "long": "rule",
        "type": list,
        "default": [],
        "help": "show only these rules, by id or name (repeat it, or a comma list)",
    },
    {
        "name": "severity",
        "long": "severity",
        "type": list,
        "default": [],
        "help": "show only these severities: error, warning, info (repeat it, or a list)",
    },
    {
        "name": "key",
        "long": "key",
        "type": list,
        "default": [],
        "help": "show only these entries, by key (repeat it, or a comma list)",
    },
]


def task_lint_refs() -> dict[str, object]:
    """Lint refs.bib and the manuscript; print every finding; fail while errors remain."""
    return {
        "basename": "lint-refs",
        "actions": [_run_lint_refs],
        "task_dep": ["lint"],
        "uptodate": [False],
        "params": _LINT_REFS_PARAMS,
        "verbosity": 2,
    }


@user_errors
def _run_check_citations() -> bool:
    from docbuild.jobs.check_citations import run_check_citations

    return run_check_citations(paper_settings())


def task_check_citations() -> dict[str, object]:
    """Render every citation with pandoc and citeproc-py and report where they differ."""
    return {
        "basename": "check-citations",
        "actions": [_run_check_citations],
        "task_dep": ["normalize-refs", "_parse"],
        "uptodate": [False],
        "verbosity": 2,
    }


@user_errors
def _run_verify(refresh: bool) -> bool:
    from docbuild.jobs.verify import run_verify

    return run_verify(paper_settings(), refresh=refresh)


_VERIFY_PARAMS = [
    {
        "name": "refresh",
        "long": "refresh",
        "type": bool,
        "default": False,
        "help": "fetch every record again and print what changed",
    },
]


def task_verify_refs() -> dict[str, object]:
    """Look entries up in Crossref (the only task that uses the network): refs.verified.json."""
    return {
        "basename": "verify-refs",
        "actions": [_run_verify],
        "uptodate": [False],
        "params": _VERIFY_PARAMS,
        "verbosity": 2,
    }
