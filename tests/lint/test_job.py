"""The lint job on a real paper folder: reports written atomically, summary, fail_on, the
printed formats, the baseline; and `doit lint-refs` end to end."""

from __future__ import annotations

import json
import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from docbuild.config import load_settings
from docbuild.errors import InputError
from docbuild.jobs.build import lint_gate
from docbuild.jobs.lint import main as lint_main
from docbuild.jobs.lint import print_lint_report, run_lint_report

REPO = Path(__file__).resolve().parents[2]
BIB = """\
@online{javed2022,
  author       = {Javed, M.},
  title        = {Growing Pakistan-Russia Relations},
  organization = {Valdai Discussion Club},
  date         = {2022, 2 23},
  url          = {https://valdaiclub.com/a/highlights/growing-pakistan-russia-relations-future/},
}
"""
TEXT = "# Introduction\n\nThe visit was covered at length [@javed2022].\n"


def make_paper(tmp_path: Path, toml: str = "") -> Path:
    (tmp_path / "manuscript").mkdir()
    (tmp_path / "manuscript" / "01-intro.md").write_text(TEXT, encoding="utf-8")
    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    (tmp_path / "docbuild.toml").write_text(toml, encoding="utf-8")
    return tmp_path


def test_run_lint_report_writes_both_reports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = load_settings(make_paper(tmp_path))
    assert run_lint_report(settings) is True  # fail_on = "none" by default
    assert capsys.readouterr().err == "lint: 1 error, 0 warnings, 0 info in 1 file\n"
    document = json.loads((tmp_path / "build" / "lint-report.json").read_text(encoding="utf-8"))
    assert document["summary"] == {"error": 1, "warning": 0, "info": 0}
    (finding,) = document["findings"]
    assert (finding["file"], finding["line"], finding["column"], finding["key"]) == (
        "refs.bib",
        5,
        3,
        "javed2022",
    )
    sarif = json.loads((tmp_path / "build" / "lint-report.sarif").read_text(encoding="utf-8"))
    assert sarif["runs"][0]["results"][0]["ruleId"] == "B004"
    assert not list((tmp_path / "build").glob(".*.tmp"))


def test_fail_on_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The report is always written (lint-refs must list the findings); the build stops."""
    settings = load_settings(make_paper(tmp_path, '[lint]\nfail_on = "error"\n'))
    assert run_lint_report(settings) is True
    with pytest.raises(InputError) as err:
        lint_gate(settings)
    assert err.value.message == "1 reference problem stops the build (lint.fail_on = 'error')"


def test_severity_from_docbuild_toml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    toml = '[lint]\nfail_on = "error"\nseverity = { malformed-date = "warning" }\n'
    settings = load_settings(make_paper(tmp_path, toml))
    assert run_lint_report(settings) is True
    assert lint_gate(settings) == 0


def test_print_lint_report_formats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    settings = load_settings(make_paper(tmp_path))
    run_lint_report(settings)
    capsys.readouterr()
    assert print_lint_report(settings, "text") is False
    assert capsys.readouterr().out == (
        "findings by rule:\n"
        "  B004 malformed-date  1 error\n"
        "\n"
        "refs.bib\n"
        "refs.bib:5:3: error B004 malformed-date [javed2022] "
        "date '2022, 2 23' is not a valid date\n"
        "    fix: date = {2022-02-23}\n"
        "lint-refs: 1 error, 0 warnings, 0 info in 1 file\n"
    )
    print_lint_report(settings, "github")
    assert capsys.readouterr().out.startswith("::error file=refs.bib,line=5,col=3,")
    print_lint_report(settings, "json")
    assert json.loads(capsys.readouterr().out)["version"] == 1
    print_lint_report(settings, "sarif")
    assert json.loads(capsys.readouterr().out)["version"] == "2.1.0"


def test_baseline_written_then_honoured(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paper = make_paper(tmp_path, '[lint]\nbaseline = "lint-baseline.json"\nfail_on = "error"\n')
    assert lint_main(["--write-baseline", str(paper)]) == 0
    assert capsys.readouterr().out == "wrote lint-baseline.json (1 findings)\n"
    settings = load_settings(paper)
    assert run_lint_report(settings) is True
    assert capsys.readouterr().err == ("lint: 0 errors, 0 warnings, 0 info (1 in the baseline)\n")
    assert lint_gate(settings) == 0
    # A new defect is still reported.
    (paper / "refs.bib").write_text(BIB.replace("2 23", "2 24"), encoding="utf-8")
    run_lint_report(settings)
    with pytest.raises(InputError):
        lint_gate(settings)


def test_a_baseline_outside_the_paper_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Refused (a stranger's folder could name any file), unless the one who runs docbuild
    trusts the baseline's folder (DOCBUILD_TRUSTED)."""
    shared = tmp_path / "shared" / "baseline.json"
    paper = tmp_path / "paper"
    paper.mkdir()
    make_paper(paper, f'[lint]\nbaseline = "{shared.as_posix()}"\n')
    assert lint_main(["--write-baseline", str(paper)]) == 1
    assert f"error: lint.baseline '{shared.as_posix()}' is an absolute path" in (
        capsys.readouterr().err
    )
    assert not shared.exists()
    monkeypatch.setenv("DOCBUILD_TRUSTED", str(tmp_path / "shared"))
    assert lint_main(["--write-baseline", str(paper)]) == 0
    assert capsys.readouterr().out == f"wrote {shared} (1 findings)\n"
    assert shared.is_file()


def test_a_baseline_not_yet_written_hides_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = load_settings(make_paper(tmp_path, '[lint]\nbaseline = "gone.json"\n'))
    run_lint_report(settings)
    assert capsys.readouterr().err == (
        "lint: 1 error, 0 warnings, 0 info in 1 file\n"
        "lint: no baseline 'gone.json' yet; write it with 'doit lint-refs --write-baseline'\n"
    )


def test_doit_lint_refs_end_to_end(tmp_path: Path) -> None:
    paper = make_paper(tmp_path)
    shutil.copy(REPO / "dodo.py", paper / "dodo.py")
    run = subprocess.run(
        [sys.executable, "-m", "doit", "lint-refs"],
        cwd=paper,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode != 0
    assert (
        "refs.bib:5:3: error B004 malformed-date [javed2022] date '2022, 2 23' is not a valid date"
        in run.stdout
    )
    assert "lint-refs: 1 error, 0 warnings, 0 info in 1 file" in run.stdout
    (paper / "docbuild.toml").write_text('[lint]\nbaseline = "lint-baseline.json"\n')
    wrote = subprocess.run(
        [sys.executable, "-m", "doit", "lint-refs", "--write-baseline"],
        cwd=paper,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert wrote.returncode == 0, wrote.stdout + wrote.stderr
    assert "wrote lint-baseline.json (1 findings)" in wrote.stdout
    again = subprocess.run(
        [sys.executable, "-m", "doit", "lint-refs"],
        cwd=paper,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert again.returncode == 0, again.stdout + again.stderr
    assert "lint: 0 errors, 0 warnings, 0 info (1 in the baseline)" in again.stderr


def _print_in_terminal(paper: Path, env: dict[str, str]) -> str:
    """Run print_lint_report with stdout on a pseudo-terminal and return what it showed."""
    script = (
        "from pathlib import Path\n"
        "from docbuild.config import load_settings\n"
        "from docbuild.jobs.lint import print_lint_report\n"
        f"print_lint_report(load_settings(Path({str(paper)!r})), 'text')\n"
    )
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-c", script], stdout=slave, stderr=slave, env=env, close_fds=True
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=60)
    os.close(master)
    return b"".join(chunks).decode("utf-8")


def test_colour_on_a_terminal_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    settings = load_settings(make_paper(tmp_path))
    run_lint_report(settings)
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    shown = _print_in_terminal(tmp_path, env)
    assert "\033[31merror\033[0m B004 malformed-date [javed2022]" in shown
    assert "\033[" not in _print_in_terminal(tmp_path, {**env, "NO_COLOR": "1"})


def test_a_missing_style_does_not_stop_the_linter(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = load_settings(make_paper(tmp_path, 'style = "no-such-style"\n'))
    assert run_lint_report(settings) is True
    assert capsys.readouterr().err == "lint: 1 error, 0 warnings, 0 info in 1 file\n"


def test_the_style_lint_policy_applies_under_docbuild_toml(tmp_path: Path) -> None:
    paper = make_paper(tmp_path, '[lint]\nseverity = { B004 = "info" }\n')
    style = paper / "styles" / "house"
    style.mkdir(parents=True)
    (style / "style.toml").write_text('[lint]\ndisable = ["malformed-date", "B013"]\n')
    (paper / "docbuild.toml").write_text(
        'style = "house"\n[lint]\nseverity = { B004 = "info" }\n', encoding="utf-8"
    )
    document = json.loads(report_json(paper))
    assert [(f["rule"], f["severity"]) for f in document["findings"]] == [("B004", "info")]


def report_json(paper: Path) -> str:
    run_lint_report(load_settings(paper))
    return (paper / "build" / "lint-report.json").read_text(encoding="utf-8")


def test_doit_lint_refs_lists_findings_even_when_they_stop_the_build(tmp_path: Path) -> None:
    """With fail_on = "error" the build stops, yet lint-refs still lists every finding, and its
    JSON on stdout is the report alone (doit's progress lines go to stderr)."""
    paper = make_paper(tmp_path, '[lint]\nfail_on = "error"\n')
    shutil.copy(REPO / "dodo.py", paper / "dodo.py")
    run = subprocess.run(
        [sys.executable, "-m", "doit", "lint-refs", "--format", "json"],
        cwd=paper,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1
    document = json.loads(run.stdout)
    assert [f["key"] for f in document["findings"]] == ["javed2022"]
    assert "Python Task failed" not in run.stderr


def test_lint_refs_selection_filters_every_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--rule` filters the JSON too; the exit status still reflects every counted error."""
    from docbuild.jobs.lint_print import make_selection

    settings = load_settings(make_paper(tmp_path))
    run_lint_report(settings)
    capsys.readouterr()
    assert print_lint_report(settings, "json", selection=make_selection(["page-range"])) is False
    assert json.loads(capsys.readouterr().out)["findings"] == []
    assert print_lint_report(settings, "text", selection=make_selection(["B004"])) is False
    out = capsys.readouterr().out
    assert out.startswith("findings by rule:\n  B004 malformed-date  1 error\n\nrefs.bib\n")
