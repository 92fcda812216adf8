"""citeproc's CPU on the generated book's citations, APA in full against the copy without its
global given-name rule (src/docbuild/render/citeproc_style.py), paired in the same minutes.

The book's references share family names (docbuild keeps the full style there), so the pairs
also run on a variant where every different name has a family of its own: the case where
docbuild takes the copy. Each pair's outputs are compared (the metadata's `csl`, the style's
file name, left out). Usage: `python bench/bench_citeproc_style.py [--repeat 3]`.

`--split` measures instead, on the book's own references, the split issue 18 proposed (branch
hK): the full style with its bibliography element dropped or its layout replaced by a probe that
prints each item's year suffix (the citations with all their disambiguation), and the copy
without the rule for the bibliography; it compares the probe's citations with the full style's
and each style's year suffixes and bibliography.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from generate import generate_book

from docbuild.render import cite_splice, citecache, citeproc_style, pandoc

STYLE = Path(__file__).resolve().parents[1] / "styles" / "preprint" / "apa.csl"


def _own_families(items: list[dict[str, object]]) -> list[dict[str, object]]:
    """`items` with a letter tag on every different name's family: no family is shared."""
    seen: dict[str, int] = {}

    def tag(i: int) -> str:
        out = ""
        while True:
            out = "abcdefghijklmnopqrstuvwxyz"[i % 26] + out
            i //= 26
            if not i:
                return out

    for item in items:
        for value in item.values():
            for name in value if isinstance(value, list) else []:
                if isinstance(name, dict) and isinstance(name.get("family"), str):
                    i = seen.setdefault(json.dumps(name, sort_keys=True), len(seen))
                    name["family"] += tag(i)
    return items


def _citeproc(document: bytes, csl: Path, bib: Path, root: Path) -> tuple[float, object]:
    """CPU seconds (user + system) of one citeproc run, and its output less the style's name."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(
        [pandoc.pandoc_path(), "-f", "json", "-t", "json", *citecache._citeproc_args(csl, bib)],
        input=document, capture_output=True, check=True, cwd=root,
    ).stdout  # fmt: skip
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    output = json.loads(out)
    output["meta"].pop("csl")
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return cpu, output


_PROBE = b'<layout><text value="ys:"/><text variable="year-suffix"/></layout>'
_BIB_LAYOUT = re.compile(rb"(<bibliography\b.*?)<layout\b.*?</layout>", re.S)
_BIB = re.compile(rb"<bibliography\b.*?</bibliography>", re.S)


def _probe(style: bytes) -> bytes:
    """`style` with its bibliography's layout printing only each item's year suffix (the
    sort and the element's attributes kept: they set the suffixes' order)."""
    return _BIB_LAYOUT.sub(lambda m: m[1] + _PROBE, style, count=1)


def _suffixes(output: dict[str, object]) -> dict[str, str]:
    """Each bibliography entry's year suffix, from `_probe`'s output, by item id."""
    entries = [b for b in output["blocks"] if b.get("t") == "Div"]  # type: ignore[union-attr]
    out = {}
    for div in entries[-1]["c"][1] if entries else []:
        words = json.dumps(div["c"][1], ensure_ascii=False)
        found = re.search(r'"ys:(\w*)"', words)
        out[div["c"][0][0]] = found[1] if found else "?"
    return out


def split(book: Path, text: bytes, refs: Path, count: int, repeat: int) -> None:
    """CPU of the full style, the fast copy and the split's runs, paired, and their outputs
    compared (see the module's docstring)."""
    full = STYLE.read_bytes()
    made = citeproc_style.to_fast_style(full)
    assert made is not None
    styles = {"full": full, "fast": made[0], "citations only": _BIB.sub(b"", full, count=1),
              "full, probe": _probe(full), "fast, probe": _probe(made[0])}  # fmt: skip
    paths = {}
    for i, (label, style) in enumerate(styles.items()):
        paths[label] = book / f"split-{i}.csl"
        paths[label].write_bytes(style)
    cpu: dict[str, list[float]] = {label: [] for label in styles}
    for i in range(repeat):
        outputs = {}
        for label, path in paths.items():
            seconds, outputs[label] = _citeproc(text, path, refs, book)
            cpu[label].append(seconds)
            print(f"round {i + 1} {label}: {seconds:.2f} s CPU, load {os.getloadavg()[0]:.1f}",
                  flush=True)  # fmt: skip
        cites = {k: o["blocks"][:count] for k, o in outputs.items()}  # type: ignore[index]
        for label in ("citations only", "full, probe", "fast"):
            same = cites[label] == cites["full"]
            print(f"round {i + 1}: citations of {label!r} {'equal' if same else 'DIFFER from'} "
                  "the full style's")  # fmt: skip
        ys_full, ys_fast = _suffixes(outputs["full, probe"]), _suffixes(outputs["fast, probe"])
        differ = sorted(k for k in ys_full if ys_full[k] != ys_fast.get(k))
        print(f"round {i + 1}: {sum(1 for v in ys_full.values() if v)} year suffixes with the "
              f"rule, {sum(1 for v in ys_fast.values() if v)} without; {len(differ)} items "
              f"differ (e.g. {differ[:3]})")  # fmt: skip
        bibs = {k: o["blocks"][count:] for k, o in outputs.items()}  # type: ignore[index]
        print(
            f"round {i + 1}: bibliography of 'fast' "
            f"{'equals' if bibs['fast'] == bibs['full'] else 'DIFFERS from'} the full style's"
        )
    for label, values in cpu.items():
        print(
            f"{label}: median {statistics.median(values):.2f} s CPU "
            f"(range {min(values):.2f}-{max(values):.2f})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--split", action="store_true", help="the split's runs (see above)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="docbuild-bench-") as tmp:
        book = Path(tmp) / "book"
        generate_book(book)
        (book / "docbuild.toml").write_text('style = "preprint"\n', encoding="utf-8")
        subprocess.run([sys.executable, "-m", "doit", "normalize-refs"], cwd=book, check=True,
                       capture_output=True)  # fmt: skip
        files = sorted((book / "manuscript").glob("*.md"))
        ast = pandoc.parse_markdown(files, root=book, timeout=600)
        document = cite_splice.citation_document(ast)
        text = json.dumps(document, sort_keys=True, ensure_ascii=False).encode()
        refs = book / "build" / "refs.json"
        items = json.loads(refs.read_text(encoding="utf-8"))
        own = book / "build" / "refs.own.json"
        own.write_text(json.dumps(_own_families(items), ensure_ascii=False), encoding="utf-8")
        fast = book / "fast.csl"
        made = citeproc_style.to_fast_style(STYLE.read_bytes())
        assert made is not None
        fast.write_bytes(made[0])
        for name, bib in (("book", refs), ("own families", own)):
            cited = citeproc_style.cited_items(json.loads(bib.read_bytes()), document)
            shared = citeproc_style.shared_family(cited, first_only=made[1])
            print(f"{name}: shared first-name family {shared!r}")
        print(f"load {os.getloadavg()[0]:.1f}; {len(items)} references")
        if args.split:
            count = sum(1 for _ in cite_splice.citations(document["blocks"]))
            split(book, text, refs, count, args.repeat)
            return
        cpu: dict[str, list[float]] = {"full": [], "fast": []}
        for i in range(args.repeat):
            outputs = []
            for label, csl in (("full", STYLE), ("fast", fast)):
                seconds, output = _citeproc(text, csl, own, book)
                cpu[label].append(seconds)
                outputs.append(output)
                print(f"pair {i + 1} {label}: {seconds:.2f} s CPU, load {os.getloadavg()[0]:.1f}",
                      flush=True)  # fmt: skip
            print(f"pair {i + 1}: outputs {'the same' if outputs[0] == outputs[1] else 'DIFFER'}")
        if not args.repeat:
            return
        full, quick = statistics.median(cpu["full"]), statistics.median(cpu["fast"])
        print(f"median CPU: full {full:.2f} s, fast {quick:.2f} s ({full / quick:.0f}x)")


if __name__ == "__main__":
    main()
