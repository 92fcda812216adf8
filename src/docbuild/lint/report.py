"""Lint findings as text (grouped by file, coloured on a terminal), JSON (contract v1),
SARIF 2.1.0 and GitHub Actions annotations; and reading the JSON report back."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path, PurePosixPath

from docbuild.diagnostics import Diagnostic, Location, Severity, relative_to
from docbuild.lint.rule import RuleInfo

JSON_VERSION = 1
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_COLOURS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
_BOLD = "\033[1m"
_DIM = "\033[2m"
_RESET = "\033[0m"
_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def counts(findings: Iterable[Diagnostic]) -> dict[str, int]:
    out = {s.value: 0 for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)}
    for f in findings:
        out[f.severity.value] += 1
    return out


def gating(findings: Iterable[Diagnostic]) -> list[Diagnostic]:
    """The findings that count toward `fail_on`, the DRAFT mark and lint-refs' exit status:
    all but those on entries the manuscript does not cite."""
    return [d for d in findings if d.cited is not False]


def uncited(findings: Iterable[Diagnostic]) -> tuple[int, int]:
    """How many findings are on uncited entries, and on how many entries."""
    keys = [d.key for d in findings if d.cited is False]
    return len(keys), len(set(keys))


def file_of(d: Diagnostic, root: Path) -> str:
    """The finding's file relative to the paper folder, with forward slashes."""
    return PurePosixPath(relative_to(d.location.path, root)).as_posix()


def _files(findings: Iterable[Diagnostic], root: Path) -> dict[Path, str]:
    """`file_of` once per file of a report, not per finding: for 17,000 findings the
    `resolve()` inside it was most of the report's cost."""
    out: dict[Path, str] = {}
    for d in findings:
        if d.location.path not in out:
            out[d.location.path] = file_of(d, root)
    return out


def to_json(findings: Sequence[Diagnostic], root: Path) -> dict[str, object]:
    """The versioned JSON document (docs/lint.md holds the contract)."""
    files = _files(findings, root)
    return {
        "version": JSON_VERSION,
        "summary": counts(findings),
        "gate": counts(gating(findings)),
        "uncited": dict(zip(("findings", "entries"), uncited(findings), strict=True)),
        "findings": [
            {
                "rule": d.rule,
                "name": d.name,
                "severity": d.severity.value,
                "file": files[d.location.path],
                "line": d.location.line,
                "column": d.location.column,
                "key": d.key,
                "message": d.message,
                "fix": d.fix,
                "cited": d.cited,
            }
            for d in findings
        ],
    }


# Lists of records written one record a line: a report of 17,000 findings is then written by
# json's C encoder (an indent makes it use the pure-Python one, ten times slower), comes out
# at half the size, and a diff of two reports shows one finding a line.
_RECORDS = frozenset({"findings", "results", "rules"})


def dumps(document: Mapping[str, object]) -> str:
    """The document as JSON: indented, with each finding (SARIF result, rule) on one line."""
    return _dump(document, 0, False) + "\n"


def _record_encoder() -> Callable[[object], str]:
    """`json.dumps(v, ensure_ascii=False)`, with json's C encoder made once rather than once a
    record (a third of the cost of each record); json.dumps itself where there is no C one."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return lambda v: json.dumps(v, ensure_ascii=False)
    encode = make(None, None, json.encoder.encode_basestring, None, ": ", ", ", False, False, True)
    return lambda v: "".join(encode(v, 0))


_encode_record = _record_encoder()


def _dump(value: object, depth: int, records: bool) -> str:
    pad, inner = "  " * depth, "  " * (depth + 1)
    if records and isinstance(value, list) and value:
        lines = (_encode_record(v) for v in value)
        return "[\n" + ",\n".join(inner + line for line in lines) + f"\n{pad}]"
    if isinstance(value, Mapping) and value:
        items = (
            f"{inner}{json.dumps(k)}: {_dump(v, depth + 1, k in _RECORDS)}"
            for k, v in value.items()
        )
        return "{\n" + ",\n".join(items) + f"\n{pad}}}"
    if isinstance(value, list) and value:
        return "[\n" + ",\n".join(inner + _dump(v, depth + 1, False) for v in value) + f"\n{pad}]"
    return json.dumps(value, ensure_ascii=False)


def from_json(document: Mapping[str, object], root: Path) -> tuple[Diagnostic, ...]:
    """The findings of a JSON report (version 1), with files resolved against `root`."""
    if document.get("version") != JSON_VERSION:
        raise ValueError(f"unsupported lint report version {document.get('version')!r}")
    raw = document.get("findings")
    if not isinstance(raw, list):
        raise ValueError("the lint report has no 'findings' list")
    out: list[Diagnostic] = []
    # A report names a few files and three severities: each Path and enum is made once, not
    # once a finding (a join per finding was most of reading 12,000 findings back).
    paths: dict[str, Path] = {}
    levels = {s.value: s for s in Severity}
    for f in raw:
        column = f.get("column")
        cited = f.get("cited")
        name = str(f["file"])
        path = paths.get(name)
        if path is None:
            path = paths[name] = root / name
        level = f["severity"]
        out.append(
            Diagnostic(
                location=Location(path, int(f["line"]), column),
                rule=str(f["rule"]),
                name=str(f["name"]),
                severity=levels[level] if level in levels else Severity(level),
                message=str(f["message"]),
                key=f.get("key"),
                fix=f.get("fix"),
                cited=cited if isinstance(cited, bool) else None,
            )
        )
    return tuple(out)


def format_text(
    findings: Sequence[Diagnostic],
    root: Path,
    *,
    colour: bool = False,
    said_once: frozenset[str] = frozenset(),
) -> str:
    """One line per finding, `fix:` below where there is one (unless it is one of the fixes
    `said_once` elsewhere), grouped under each file."""
    lines: list[str] = []
    current: str | None = None
    files = _files(findings, root)
    for d in findings:
        name = files[d.location.path]
        if name != current:
            if current is not None:
                lines.append("")
            lines.append(f"{_BOLD}{name}{_RESET}" if colour else name)
            current = name
        loc = Location(Path(name), d.location.line, d.location.column)
        key = f" [{d.key}]" if d.key else ""
        level = d.severity.value
        if colour:
            level = f"{_COLOURS[d.severity]}{level}{_RESET}"
        lines.append(f"{loc}: {level} {d.rule} {d.name}{key} {d.message}")
        if d.fix and d.fix not in said_once:
            fix = f"    fix: {d.fix}"
            lines.append(f"{_DIM}{fix}{_RESET}" if colour else fix)
    return "\n".join(lines) + ("\n" if lines else "")


def format_summary(
    findings: Sequence[Diagnostic], *, waived: int = 0, baselined: int = 0, files: int = 0
) -> str:
    """`lint-refs: 3 errors, 12 warnings, 1 info (2 waived, 5 in the baseline)`: the findings
    that count toward the gate."""
    c = counts(gating(findings))
    parts = [
        _plural(c["error"], "error"),
        _plural(c["warning"], "warning"),
        f"{c['info']} info",
    ]
    extra = []
    if waived:
        extra.append(f"{waived} waived")
    if baselined:
        extra.append(f"{baselined} in the baseline")
    tail = f" ({', '.join(extra)})" if extra else ""
    where = f" in {_plural(files, 'file')}" if files else ""
    return f"lint-refs: {', '.join(parts)}{where}{tail}"


def format_uncited(findings: Sequence[Diagnostic]) -> str | None:
    """The one line that stands for the findings on uncited entries, or None if there are none."""
    n, entries = uncited(findings)
    if not n:
        return None
    on = _plural(entries, "uncited entry", "uncited entries")
    return f"{_plural(n, 'finding')} on {on}; --uncited lists them"


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else many or word + 's'}"


def format_github(findings: Sequence[Diagnostic], root: Path) -> str:
    """GitHub Actions workflow commands: `::error file=refs.bib,line=73,col=3,title=...::msg`."""
    lines = []
    files = _files(findings, root)
    for d in findings:
        props = [f"file={_prop(files[d.location.path])}"]
        if d.location.line > 0:
            props.append(f"line={d.location.line}")
        if d.location.column:
            props.append(f"col={d.location.column}")
        props.append(f"title={_prop(f'{d.rule} {d.name}')}")
        key = f"[{d.key}] " if d.key else ""
        message = key + d.message + (f"\nfix: {d.fix}" if d.fix else "")
        lines.append(f"::{_GITHUB_LEVEL[d.severity]} {','.join(props)}::{_data(message)}")
    return "\n".join(lines) + ("\n" if lines else "")


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def to_sarif(
    findings: Sequence[Diagnostic], root: Path, rules: Sequence[RuleInfo], version: str
) -> dict[str, object]:
    """A SARIF 2.1.0 log with one run; every rule is described, so code scanning can show it."""
    index = {r.id: i for i, r in enumerate(rules)}
    results = []
    files = _files(findings, root)
    for d in findings:
        region: dict[str, int] = {}
        if d.location.line > 0:
            region["startLine"] = d.location.line
            if d.location.column:
                region["startColumn"] = d.location.column
        location: dict[str, object] = {
            "artifactLocation": {"uri": files[d.location.path], "uriBaseId": "PAPER"}
        }
        if region:
            location["region"] = region
        result: dict[str, object] = {
            "ruleId": d.rule,
            "level": _SARIF_LEVEL[d.severity],
            "message": {"text": (f"[{d.key}] " if d.key else "") + d.message},
            "locations": [{"physicalLocation": location}],
            "partialFingerprints": {"docbuildFinding/v1": f"{d.rule}|{d.key}|{d.message}"},
        }
        if d.rule in index:
            result["ruleIndex"] = index[d.rule]
        properties: dict[str, object] = {}
        if d.fix:
            properties["fix"] = d.fix
        if d.cited is not None:
            properties["cited"] = d.cited
        if properties:
            result["properties"] = properties
        results.append(result)
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "docbuild",
                        "version": version,
                        "rules": [_sarif_rule(r) for r in rules],
                    }
                },
                "originalUriBaseIds": {"PAPER": {"uri": root.resolve().as_uri() + "/"}},
                "results": results,
            }
        ],
    }


def _sarif_rule(r: RuleInfo) -> dict[str, object]:
    examples = "".join(f"\n\nPASS: {p}" for p in r.passing) + "".join(
        f"\n\nFAIL: {f}" for f in r.failing
    )
    return {
        "id": r.id,
        "name": r.name,
        "shortDescription": {"text": r.summary},
        "fullDescription": {"text": r.description or r.summary},
        "help": {
            "text": (r.description or r.summary) + examples,
            "markdown": _help_markdown(r),
        },
        "defaultConfiguration": {"level": _SARIF_LEVEL[r.severity]},
        "properties": {"tags": [r.scope.value]},
    }


def _help_markdown(r: RuleInfo) -> str:
    parts = [r.description or r.summary]
    for p in r.passing:
        parts.append(f"PASS:\n```\n{p}\n```")
    for f in r.failing:
        parts.append(f"FAIL:\n```\n{f}\n```")
    return "\n\n".join(parts)
