"""What the reader found wrong in a `.bib` file, as facts: a kind, a place, the names involved.

The reader judges nothing: rule ids, severities and the words a user reads live in
`lint/rules/`, where each rule turns the kinds it owns into findings.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path

# The most text `@string` macros may put into one file's values, in characters: as much again
# as the largest bibliography read (paths.MAX_BIBLIOGRAPHY). Macros defined from each other
# double at every step, so forty lines would otherwise expand to terabytes.
MAX_MACRO_TEXT = 32 * 1024 * 1024


class Malformed(enum.Enum):
    """Why a field value does not follow BibTeX's value grammar (`bib/values.py`)."""

    EMPTY = "empty"  # nothing after the `=`
    UNBALANCED_BRACE = "unbalanced-brace"  # a `{` never closed
    UNBALANCED_QUOTE = "unbalanced-quote"  # a `"` never closed, or braces inside it unbalanced
    UNEXPECTED = "unexpected"  # a character that cannot start a value (`Problem.text`)
    TEXT_AFTER = "text-after"  # text after a complete value, with no `#` joining it
    NOTHING_AFTER_HASH = "nothing-after-hash"  # a `#` with no value after it


class ProblemKind(enum.Enum):
    """Each kind names the detail fields of `Problem` it fills; the others stay empty."""

    # The text of a block cannot be read as written (it is kept verbatim as a FailedBlock).
    LIBRARY_FAILED = "library-failed"  # text: bibtexparser's exception
    UNKNOWN_BLOCK_TYPE = "unknown-block-type"  # name: the word after `@`, lower-cased
    FIELD_NOT_FOUND = "field-not-found"  # field: bibtexparser's field, not found in the text
    INVALID_FIELD_NAME = "invalid-field-name"  # field: the name ("" when there is none)
    MISSING_COMMA = "missing-comma"  # field: the value it follows; name: the field swallowed
    MALFORMED_VALUE = "malformed-value"  # field (an @string's name for @string); malformed
    MALFORMED_PREAMBLE = "malformed-preamble"  # malformed
    INVALID_MACRO_NAME = "invalid-macro-name"  # name: the @string's name
    TEXT_BEFORE_END = "text-before-end"  # an entry's last field is followed by stray text
    EARLY_CLOSE = "early-close"  # an extra `}` closes the entry; last_line: of the lost text
    UNMATCHED_CLOSE = "unmatched-close"  # a `}` after an entry that nothing opened
    STRAY_CLOSE = "stray-close"  # a `}` outside any entry that nothing opened
    BLOCK_IN_VALUE = "block-in-value"  # name: `@misc`, a line starting a block inside a value
    UNCLOSED_BEFORE_BLOCK = "unclosed-before-block"  # name: the next block's `@type`;
    # other_line: its line; field, field_line, text: the value left open and its closing mark
    # (field "" when every value closed and the entry itself lacks its `}`)
    UNCLOSED_AT_END = "unclosed-at-end"  # the file ends inside the block
    NO_COMMA_AFTER_KEY = "no-comma-after-key"
    FIELD_WITHOUT_VALUE = "field-without-value"  # field: a name with no `=` after it
    EXPECTED_EQUALS = "expected-equals"  # text: what stands where `=` should
    EXPECTED_COMMA = "expected-comma"  # text: what follows a value where `,` should
    STRING_WITHOUT_EQUALS = "string-without-equals"  # an @string with no `=`
    BLOCK_NOT_READ = "block-not-read"  # text: bibtexparser's reason, as it gives it
    # Keys and fields.
    EMPTY_KEY = "empty-key"
    KEY_WITH_SPACE = "key-with-space"
    KEY_NOT_CITABLE = "key-not-citable"  # text: the key pandoc reads in `[@key]`
    DUPLICATE_KEY = "duplicate-key"  # name: the key defined first; other_line: its line
    DUPLICATE_FIELD = "duplicate-field"  # field; other_line: the first one's line
    # @string macros.
    UNDEFINED_MACRO = "undefined-macro"  # field; name: the macro
    UNDEFINED_MACRO_IN_STRING = "undefined-macro-in-string"  # field: the @string; name: macro
    MACRO_OF_UNDEFINED = "macro-of-undefined"  # field; name: the macro; text: the undefined
    # one its definition uses
    MACROS_TOO_LARGE = "macros-too-large"  # field: the entry's field, or the @string's name
    # (key None), "" for @preamble; name: the macro whose text would pass MAX_MACRO_TEXT, or a
    # refused @string it uses, other_line: that @string's line (0 for the first)
    # Bytes and characters that are not text.
    CONTROL_CHARACTER = "control-character"  # text: the character
    LOST_CHARACTERS = "lost-characters"  # field; text: the word with `??` for its letters
    INVALID_UTF8 = "invalid-utf8"  # data: the bytes; offset: their byte offset; text: the
    # bytes read as Windows-1252 (what the entry now holds)


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing the reader found wrong, where it is, and the names it involves."""

    kind: ProblemKind
    line: int  # 1-based
    column: int | None = None  # 1-based
    key: str | None = None  # the entry it lies in, where there is one
    field: str = ""  # the field whose value it concerns, as written
    name: str = ""  # another name the kind involves (see ProblemKind)
    text: str = ""  # text quoted as it is: a character, a library's message
    other_line: int = 0  # another line the kind involves (see ProblemKind)
    field_line: int = 0  # the line of `field`, when it is not `line`
    last_line: int = 0  # the last line of the text the problem would lose
    malformed: Malformed | None = None  # for MALFORMED_VALUE and MALFORMED_PREAMBLE
    data: bytes = b""  # bytes that are not UTF-8
    offset: int = 0  # their offset in the file, in bytes
    # The file it is in and the file of `other_line`, when a bibliography joins several files
    # (bib/join.py); None: the bibliography's own path.
    path: Path | None = None
    other_path: Path | None = None


# Text that cannot be read as written (a block kept verbatim, or a `}` nothing opened);
# rewriting the file while one remains could turn the reader's guess into the user's data.
UNREADABLE = frozenset(
    {
        ProblemKind.LIBRARY_FAILED,
        ProblemKind.UNKNOWN_BLOCK_TYPE,
        ProblemKind.FIELD_NOT_FOUND,
        ProblemKind.INVALID_FIELD_NAME,
        ProblemKind.MISSING_COMMA,
        ProblemKind.MALFORMED_VALUE,
        ProblemKind.MALFORMED_PREAMBLE,
        ProblemKind.INVALID_MACRO_NAME,
        ProblemKind.MACROS_TOO_LARGE,
        ProblemKind.TEXT_BEFORE_END,
        ProblemKind.EARLY_CLOSE,
        ProblemKind.UNMATCHED_CLOSE,
        ProblemKind.STRAY_CLOSE,
        ProblemKind.BLOCK_IN_VALUE,
        ProblemKind.UNCLOSED_BEFORE_BLOCK,
        ProblemKind.UNCLOSED_AT_END,
        ProblemKind.NO_COMMA_AFTER_KEY,
        ProblemKind.FIELD_WITHOUT_VALUE,
        ProblemKind.EXPECTED_EQUALS,
        ProblemKind.EXPECTED_COMMA,
        ProblemKind.STRING_WITHOUT_EQUALS,
        ProblemKind.BLOCK_NOT_READ,
    }
)
# Bytes and characters that are not text (also unsafe to rewrite around).
NOT_TEXT = frozenset({ProblemKind.CONTROL_CHARACTER, ProblemKind.INVALID_UTF8})
