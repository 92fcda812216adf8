"""The `docbuild` command: paper scaffolding (`new`; `init` for a paper that exists), style and
rule catalogues, builds of folders from others (`build`, `batch`), the live preview (`preview`)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from docbuild import __version__
from docbuild.errors import DocbuildError


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="docbuild", description=__doc__)
    parser.add_argument("--version", action="version", version=f"docbuild {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p_new = sub.add_parser("new", help="create a ready-to-build paper folder")
    p_new.add_argument("folder")
    p_new.add_argument("--style", default="gfpr")

    p_init = sub.add_parser(
        "init",
        help="write dodo.py and docbuild.toml for a manuscript that already exists "
        "(JOSS, Quarto, pandoc-crossref, Manubot); the author's files are not changed",
    )
    p_init.add_argument("manuscript", nargs="?", help="the manuscript (default: found)")
    p_init.add_argument("--dir", default=".", help="the repository (default: this folder)")
    p_init.add_argument("--style", default="gfpr")
    p_init.add_argument(
        "--force", action="store_true", help="replace dodo.py and docbuild.toml (kept as .bak)"
    )

    sub.add_parser("styles", help="list the available journal styles")

    p_rules = sub.add_parser("rules", help="list the lint rules")
    p_rules.add_argument("--markdown", action="store_true", help="print the rule reference")

    p_build = sub.add_parser(
        "build",
        help="build a paper folder without running anything of its own (for folders from "
        "others; `doit build` runs the folder's dodo.py)",
    )
    p_build.add_argument("folder", nargs="?", default=".")

    p_batch = sub.add_parser(
        "batch",
        help="build many paper folders on a Dask cluster (this machine's by default), "
        "skipping those the manifest says are up to date (docs/back-catalogue.md)",
    )
    p_batch.add_argument("folders", nargs="+")
    p_batch.add_argument(
        "-n",
        "--jobs",
        type=int,
        default=None,
        help="worker processes on this machine (default: one per core)",
    )
    p_batch.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="build on the Dask cluster of this scheduler (tcp://host:8786)",
    )
    p_batch.add_argument(
        "--timeout",
        type=float,
        default=600.0,
        metavar="SECONDS",
        help="stop a paper's build after this long (default 600)",
    )
    p_batch.add_argument(
        "--manifest",
        metavar="PATH",
        help="the manifest (default: batch-manifest.jsonl beside the papers)",
    )
    p_batch.add_argument(
        "--only-failed", action="store_true", help="build only the papers that failed last time"
    )
    p_batch.add_argument(
        "--dry-run",
        action="store_true",
        help="list the papers that would be built and why; build nothing",
    )
    p_batch.add_argument(
        "--send-files",
        action="store_true",
        help="send every paper's files to the workers even when they see "
        "them on a shared file system",
    )

    p_preview = sub.add_parser(
        "preview",
        help="serve the HTML edition on 127.0.0.1 and rebuild it on every save, with the "
        "findings beside it and the PDF refreshed behind it (docs/preview.md)",
    )
    p_preview.add_argument("folder", nargs="?", default=".")
    p_preview.add_argument(
        "--port", type=int, default=0, help="the port to serve on (default: a free one)"
    )
    p_preview.add_argument(
        "--no-open", action="store_true", help="do not open the page in a browser"
    )

    p_issue = sub.add_parser("issue", help="build a journal issue from its papers (ISSUE.toml)")
    p_issue.add_argument("issue_file", metavar="ISSUE.toml")

    args = parser.parse_args(argv)
    try:
        return _dispatch(args)
    except DocbuildError as exc:
        print(exc.format(Path.cwd()), file=sys.stderr)
        return 1


def _dispatch(args: argparse.Namespace) -> int:
    # Imports are local so that each subcommand loads only what it needs.
    if args.command == "new":
        from docbuild.new import create_paper

        create_paper(args.folder, style=args.style)
        return 0
    if args.command == "init":
        from pathlib import Path

        from docbuild.init import init_paper

        init_paper(Path(args.dir), manuscript=args.manuscript, style=args.style, force=args.force)
        return 0
    if args.command == "styles":
        from docbuild.style import print_styles

        return print_styles()
    if args.command == "rules":
        from docbuild.lint.catalogue import rules_markdown, rules_text

        sys.stdout.write(rules_markdown() if args.markdown else rules_text())
        return 0
    if args.command == "build":
        from pathlib import Path

        from docbuild.standalone import run_build

        return run_build(Path(args.folder))
    if args.command == "batch":
        from docbuild.batch import run_batch

        return run_batch(
            args.folders,
            jobs=args.jobs,
            scheduler=args.scheduler,
            timeout=args.timeout,
            manifest_path=args.manifest,
            only_failed=args.only_failed,
            dry_run=args.dry_run,
            send_files=args.send_files,
        )
    if args.command == "preview":
        from pathlib import Path

        from docbuild.preview.run import run_preview

        return run_preview(Path(args.folder), port=args.port, open_browser=not args.no_open)
    if args.command == "issue":
        from pathlib import Path

        from docbuild.issue.build import run_issue
        from docbuild.trust import as_a_strangers_folder

        # The papers of an issue are the authors' folders: nothing of theirs runs (no git).
        with as_a_strangers_folder():
            return run_issue(Path(args.issue_file))
    raise AssertionError(args.command)


if __name__ == "__main__":
    raise SystemExit(main())
