"""The words a style prints around the author's text ("Abstract", "Figure", "References"), in
the paper's language (its `lang:`): the one home for them. Pure.

A style writes its words in English (style.toml's `[crossref]`, `references_title`, the
template's labels); a paper whose front matter says `lang: de-CH` gets each word the table
below knows in German. A word or a language the table does not know stays as the style wrote
it, and English papers (the default) are untouched. No language is guessed from the text.
"""

from __future__ import annotations

from collections.abc import Mapping

_KEYWORDS = {"de": "Schlüsselwörter", "es": "Palabras clave", "fr": "Mots-clés",
             "pt": "Palavras-chave", "it": "Parole chiave"}  # fmt: skip
_CORRESPONDING = {"de": "Korrespondenz", "es": "Autor de correspondencia",
                  "fr": "Auteur correspondant", "pt": "Autor correspondente",
                  "it": "Autore corrispondente"}  # fmt: skip
# The style's English word -> the word in each language (by the tag's primary subtag), as the
# LaTeX babel packages and the journals of each language print them.
WORDS: Mapping[str, Mapping[str, str]] = {
    "Abstract": {"de": "Zusammenfassung", "es": "Resumen", "fr": "Résumé", "pt": "Resumo",
                 "it": "Sommario"},
    "References": {"de": "Literatur", "es": "Referencias", "fr": "Références",
                   "pt": "Referências", "it": "Riferimenti bibliografici"},
    "Figure": {"de": "Abbildung", "es": "Figura", "fr": "Figure", "pt": "Figura", "it": "Figura"},
    "Figures": {"de": "Abbildungen", "es": "Figuras", "fr": "Figures", "pt": "Figuras",
                "it": "Figure"},
    "Fig.": {"de": "Abb.", "es": "Fig.", "fr": "Fig.", "pt": "Fig.", "it": "Fig."},
    "Figs.": {"de": "Abb.", "es": "Figs.", "fr": "Fig.", "pt": "Figs.", "it": "Figg."},
    "Table": {"de": "Tabelle", "es": "Tabla", "fr": "Tableau", "pt": "Tabela", "it": "Tabella"},
    "Tables": {"de": "Tabellen", "es": "Tablas", "fr": "Tableaux", "pt": "Tabelas",
               "it": "Tabelle"},
    "TABLE": {"de": "TABELLE", "es": "TABLA", "fr": "TABLEAU", "pt": "TABELA", "it": "TABELLA"},
    "Section": {"de": "Abschnitt", "es": "Sección", "fr": "Section", "pt": "Seção",
                "it": "Sezione"},
    "Sections": {"de": "Abschnitte", "es": "Secciones", "fr": "Sections", "pt": "Seções",
                 "it": "Sezioni"},
    "Listing": {"de": "Listing", "es": "Listado", "fr": "Listing", "pt": "Listagem",
                "it": "Listato"},
    "Listings": {"de": "Listings", "es": "Listados", "fr": "Listings", "pt": "Listagens",
                 "it": "Listati"},
    "Key Words": _KEYWORDS,
    "Index Terms": _KEYWORDS,  # IEEE's name for them
    "Corresponding Author": _CORRESPONDING,
    "Corresponding author": _CORRESPONDING,
    "Citation": {"de": "Zitiervorschlag", "es": "Cita", "fr": "Citation", "pt": "Citação",
                 "it": "Citazione"},
    "Email": {"de": "E-Mail", "es": "Correo electrónico", "fr": "Courriel", "pt": "E-mail",
              "it": "E-mail"},
    "e-mail": {"de": "E-Mail", "es": "correo electrónico", "fr": "courriel", "pt": "e-mail",
               "it": "e-mail"},
    "Pages": {"de": "Seiten", "es": "Páginas", "fr": "Pages", "pt": "Páginas", "it": "Pagine"},
}  # fmt: skip
# The template's labels, by the name the templates use (`$docbuild.label.abstract$`).
TEMPLATE_LABELS = {
    "abstract": "Abstract",
    "keywords": "Key Words",
    "index-terms": "Index Terms",
    "corresponding": "Corresponding Author",
    "corresponding-lower": "Corresponding author",
    "citation": "Citation",
    "email": "Email",
    "email-lower": "e-mail",
}
# What crossref_words.lua prints when the style sets nothing: (kind, singular, plural).
CROSSREF_DEFAULTS = (("fig", "Figure", "Figs."), ("tbl", "Table", "Tables"),
                     ("sec", "Section", "Sections"), ("lst", "Listing", "Listings"))  # fmt: skip


def localize(word: str, lang: str) -> str:
    """`word` in the language of the tag `lang` ("de-CH": German), or `word` as it is."""
    return WORDS.get(word, {}).get(lang.split("-", 1)[0].lower(), word)


def localize_pattern(pattern: str, lang: str) -> str:
    """A caption pattern ("Fig. {n}.", "TABLE {n}") with each word it knows localized."""
    return " ".join(localize(part, lang) for part in pattern.split(" "))


def template_labels(lang: str) -> dict[str, str]:
    """The `docbuild.label` template variable: each label in the paper's language."""
    return {name: localize(word, lang) for name, word in TEMPLATE_LABELS.items()}


def localized_crossref(
    settings: Mapping[str, Mapping[str, str]], lang: str
) -> dict[str, dict[str, str]]:
    """The style's [crossref] conventions with their words in the paper's language; where the
    style names no word, crossref.lua's default, localized. English: `settings` unchanged."""
    out = {kind: dict(values) for kind, values in settings.items()}
    if localize("Figure", lang) == "Figure" and localize("Table", lang) == "Table":
        return out  # English, or a language the table does not know: the style's own words
    for kind, singular, plural in CROSSREF_DEFAULTS:
        values = out.setdefault(kind, {})
        values["label"] = localize(values.get("label", singular), lang)
        values["plural"] = localize(values.get("plural", plural), lang)
        if "caption" in values:
            values["caption"] = localize_pattern(values["caption"], lang)
    return out
