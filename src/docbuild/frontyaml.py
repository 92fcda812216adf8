"""The few YAML keys `docbuild init` looks at, read from text without a YAML parser. Pure.

pandoc reads the front matter for the build (one parser per input); init only needs to know
which files a manuscript names (`bibliography:`, `csl:`, Quarto's `project.render`), before
anything is built, so it reads scalar and list values of top-level keys and of their children.
The build reads one key so too, Quarto's `include-in-header` (header_files): the TeX macros
of the files it names must be given to pandoc before it reads the math.
"""

from __future__ import annotations

import re

OPEN = re.compile(r"^---[ \t]*$")
CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$")
KEY = re.compile(r"^(?P<indent>[ ]*)(?P<key>[A-Za-z_][\w.-]*)[ \t]*:(?:[ \t]+(?P<value>.*))?$")
ITEM = re.compile(r"^[ ]*-[ \t]+(?P<value>.*)$")


def front_matter_block(text: str) -> str:
    """The YAML block at the top of a Markdown file ('---' to '---' or '...'), or ''."""
    lines = text.lstrip("\ufeff").splitlines()
    if not lines or not OPEN.match(lines[0]):
        return ""
    for n, line in enumerate(lines[1:], start=1):
        if CLOSE.match(line):
            return "\n".join(lines[1:n])
    return ""


def top_level(yaml: str) -> dict[str, object]:
    """`key` and `parent.child` to a string or a list of strings; other values are skipped."""
    out: dict[str, object] = {}
    parent: str | None = None
    child_indent: int | None = None  # the indent of the parent's first child
    current: str | None = None  # the key whose list items follow
    for line in yaml.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if (m := KEY.match(line)) is not None:
            indent = len(m["indent"])
            if indent == 0:
                parent, child_indent, name = m["key"], None, m["key"]
            elif parent is None:
                current = None
                continue
            else:
                child_indent = indent if child_indent is None else child_indent
                if indent != child_indent:
                    current = None
                    continue
                name = f"{parent}.{m['key']}"
            value = _scalar(m["value"] or "")
            if value:
                out[name], current = value, None
            else:
                current = name
        elif (m := ITEM.match(line)) is not None and current is not None:
            items = out.setdefault(current, [])
            if isinstance(items, list):
                items.append(_scalar(m["value"]))
        elif current is not None and current not in out and line[:1] in " \t":
            # A plain scalar on the line after its key ("Bibliography:\n  refs.bib").
            out[current], current = _scalar(line), None
        else:
            current = None
    return out


def _scalar(raw: str) -> str | list[str]:
    value = re.sub(r"\s+#.*$", "", raw).strip()
    if value.startswith("[") and value.endswith("]"):
        return [str(_scalar(v)) for v in value[1:-1].split(",") if v.strip()]
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


HEADER_KEY = "include-in-header"
_FILE = re.compile(r"^(?:-[ \t]+)?file[ \t]*:[ \t]*(?P<value>.+)$")


def header_files(yaml: str) -> list[str]:
    """The files Quarto's `include-in-header` names, at the top level or in a format
    (`format: pdf: include-in-header:`): `x.tex`, `[a.tex, b.tex]`, `- x.tex`, `- file: x.tex`;
    `- text: ...` holds no file."""
    found: list[str] = []
    indent: int | None = None  # the key's, while its value's lines follow
    for line in yaml.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        depth = len(line) - len(line.lstrip(" "))
        if indent is not None and depth > indent:
            item = line.strip()
            m = _FILE.match(item)
            value = m["value"] if m else item[2:] if item.startswith("- ") else ""
            if value and not re.match(r"^[\w-]+[ \t]*:", value):
                found += _names(value)
            continue
        indent = None
        if (m := KEY.match(line)) is not None and m["key"] == HEADER_KEY:
            indent = len(m["indent"])
            found += _names(m["value"] or "")
    return found


def _names(raw: str) -> list[str]:
    value = _scalar(raw)
    return [v for v in (value if isinstance(value, list) else [value]) if v and v != "|"]
