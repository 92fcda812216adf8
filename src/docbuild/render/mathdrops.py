"""What pandoc's TeX reader (texmath) reads in an expression but leaves out of its MathML,
found in the TeX: a colour, a style change, an array's rules and column text. Pure.

texmath parses these without a warning and writes nothing for them, so both editions would
print the expression without them, silently (a matrix's rules gone, `$\\displaystyle \\sum$`
with its limits beside the sign). Each is reported with what to write instead. A style
command where it changes nothing (`\\displaystyle` at the top of display math) is not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Environments whose cells are set in display style (amsmath's, and eqnarray); every other
# environment texmath reads (array, the matrices, cases, substack) sets its cells in text style.
DISPLAY_ENVIRONMENTS = frozenset(
    {"align", "align*", "aligned", "alignat", "alignat*", "alignedat", "eqnarray", "eqnarray*",
     "equation", "equation*", "flalign", "flalign*", "flaligned", "gather", "gather*",
     "gathered", "multline", "multline*", "multlined", "split"}
)  # fmt: skip
STYLES = {
    "displaystyle": (
        "display",
        "write the formula as display math ($$...$$), or use \\dfrac for a display-size "
        "fraction and \\limits for limits under an operator",
    ),
    "textstyle": (
        "text",
        "use \\tfrac for a text-size fraction and \\nolimits for limits beside an operator",
    ),
    "scriptstyle": ("script", "put the part in a sub- or superscript, or use \\substack{...}"),
    "scriptscriptstyle": (
        "script",
        "put the part in a sub- or superscript, or use \\substack{...}",
    ),
}
# One token of TeX: a comment, a control word or symbol, a brace, or any other character.
_TOKEN = re.compile(r"%[^\n]*|\\[A-Za-z]+\*?|\\.|[{}]|[^\\%{}]+", re.S)
_ENVIRONMENT = re.compile(r"\s*\{([A-Za-z]+\*?)\}")
_ARRAY_SPEC = re.compile(r"\s*(?:\[[^\]]*\])?\s*\{")


@dataclass(frozen=True, slots=True)
class Dropped:
    """Something texmath leaves out of an expression: what (as written), and what to do."""

    what: str  # what, as written: "'\\color{red}'", "the rules ('|') of 'c|c'"
    why: str  # what the reader loses, after "pandoc would leave <what> out of the math ...:"
    hint: str


def dropped(tex: str, *, display: bool) -> list[Dropped]:
    """What texmath reads in `tex` but leaves out, in order, each kind once."""
    found: dict[str, Dropped] = {}  # by what was written: each once
    stack: list[str] = []  # open groups: an environment's name, or "{" for a brace group
    for match in _TOKEN.finditer(tex):
        token, after = match[0], tex[match.end() :]
        if token == "{":
            stack.append("{")
        elif token == "}" and stack and stack[-1] == "{":
            stack.pop()
        elif token in ("\\begin", "\\end"):
            name = _ENVIRONMENT.match(after)
            if name and token == "\\begin":
                stack.append(name[1])
                if name[1] == "array":
                    found.update((d.what, d) for d in _array_columns(after[name.end() :]))
            elif name and name[1] in stack:
                del stack[len(stack) - 1 - stack[::-1].index(name[1]) :]
        elif token == "\\color":
            argument = re.match(r"\s*(\{[^{}]*\}|\S)", after)
            written = token + (argument[1] if argument else "")
            found[written] = Dropped(
                f"'{written}'",
                "math prints in the text's colour",
                f"remove '{written}'; to single out a term, say so in the text or box it "
                "with \\boxed{...}",
            )
        elif token[1:] in STYLES and not _no_change(token[1:], stack, display=display):
            why = "the style there would not change"
            found[token] = Dropped(f"'{token}'", why, STYLES[token[1:]][1])
        elif token == "\\hline":
            found[token] = _rules("the rule '\\hline'")
    return list(found.values())


def _no_change(style: str, stack: list[str], *, display: bool) -> bool:
    """Whether the style command sets the style that is already there (at a group's top)."""
    if stack and stack[-1] == "{":
        return False  # a brace group may be a fraction's part or a script: not known here
    environment = next((name for name in reversed(stack) if name != "{"), None)
    if environment is None:
        here = "display" if display else "text"
    else:
        here = "display" if environment in DISPLAY_ENVIRONMENTS else "text"
    return STYLES[style][0] == here


def _array_columns(after: str) -> list[Dropped]:
    """What texmath leaves out of an array's column spec (`after` follows `\\begin{array}`)."""
    opening = _ARRAY_SPEC.match(after)
    if not opening:
        return []
    spec = _braced(after, opening.end() - 1)
    if spec is None:
        return []
    found: list[Dropped] = []
    parts = _column_parts(spec)
    columns = [number for number, part in enumerate(parts) if part.isalpha()]
    for number, part in enumerate(parts):
        content = part[2:-1].strip()
        if part == "|":
            found.append(_rules(f"the rules ('|') of '{spec}'"))
        elif part.startswith("!") or (part.startswith("@") and content):
            found.append(
                Dropped(
                    f"'{part}'",
                    "the text between the columns would not be printed",
                    f"write '{content}' into the cells instead (one 'r' column of 3.14 rather "
                    "than 'r@{.}l' of 3 and 14)",
                )
            )
        elif part.startswith("@") and columns and columns[0] < number < columns[-1]:
            found.append(
                Dropped(
                    f"'{part}' of '{spec}'",
                    "the columns would keep their space",
                    "write the two columns as one, or remove '@{}' (the columns are then a "
                    "quad apart)",
                )
            )
    return found


def _column_parts(spec: str) -> list[str]:
    """A column spec's parts: letters, '|', '@{...}' and '!{...}', with `*{n}{...}` expanded."""
    parts: list[str] = []
    index = 0
    while index < len(spec):
        char = spec[index]
        if char in "@!*" and index + 1 < len(spec):
            argument = _braced(spec, index + 1)
            if argument is None:
                index += 1
                continue
            end = index + 1 + len(argument) + 2
            if char == "*":
                repeated = _braced(spec, end)
                if repeated is None or not argument.strip().isdigit():
                    index = end
                    continue
                parts.extend(_column_parts(repeated) * int(argument))
                index = end + len(repeated) + 2
                continue
            parts.append(f"{char}{{{argument}}}")
            index = end
            continue
        if not char.isspace():
            parts.append(char)
        index += 1
    return parts


def _braced(text: str, start: int) -> str | None:
    """The content of the brace group opening at `text[start]`, or None."""
    if start >= len(text) or text[start] != "{":
        return None
    depth = 0
    for index in range(start, len(text)):
        if text[index] == "{":
            depth += 1
        elif text[index] == "}":
            depth -= 1
            if depth == 0:
                return text[start + 1 : index]
    return None


def _rules(what: str) -> Dropped:
    return Dropped(
        what,
        "math arrays are printed without rules",
        "remove the rules ('|' in the column spec, \\hline), or set the figures as a "
        "Markdown table",
    )
