"""B013 dead-url."""

from lintkit import findings, messages

from docbuild.diagnostics import Severity


def entry(url: str) -> str:
    return "@article{hussain2012,\n  url = {" + url + "},\n}\n"


def test_pass() -> None:
    assert messages("dead-url", entry("https://valdaiclub.com/a/highlights/growing/")) == []
    assert messages("dead-url", entry("https://www.ciis.org.cn/english/x.html")) == []


def test_fail_dead_host() -> None:
    (d,) = findings("dead-url", entry("https://www.questia.com/library/journal/1P3-2710323451/x"))
    assert (
        d.message
        == "url host 'www.questia.com' no longer serves this work (Questia closed in 2020)"
    )


def test_fail_malformed() -> None:
    (d,) = findings("dead-url", entry("www.mei.edu/publications/x"))
    assert (d.message, d.fix) == (
        "url 'www.mei.edu/publications/x' is not a valid URL",
        "url = {https://www.mei.edu/publications/x}",
    )
    assert messages("dead-url", entry("https://mei.edu/us and pakistan")) == [
        "[hussain2012] url 'https://mei.edu/us and pakistan' is not a valid URL"
    ]


def test_a_doi_in_the_url_is_linked_at_doi_org() -> None:
    """zotero-roman-roads-history's `url = {10.1017/9781108614054.003}`: the fix was
    `https://10.1017/...`, an address with no such host."""
    (d,) = findings("dead-url", entry("10.1017/9781108614054.003"))
    assert (d.message, d.fix) == (
        "url '10.1017/9781108614054.003' is a DOI, not a URL",
        "url = {https://doi.org/10.1017/9781108614054.003}",
    )


def test_latex_wrapped_urls_and_links_in_howpublished() -> None:
    (d,) = findings("dead-url", entry("\\url{https://mei.edu/x}"))
    assert (d.message, d.fix) == (
        "url '\\url{https://mei.edu/x}' is not a valid URL",
        "url = {https://mei.edu/x}",
    )
    bib = "@misc{h2012,\n  howpublished = {\\url{https://www.questia.com/library/x}},\n}\n"
    assert messages("dead-url", bib) == [
        "[h2012] url host 'www.questia.com' no longer serves this work (Questia closed in 2020)"
    ]


def test_fail_tex_in_the_url_an_error_without_a_doi() -> None:
    (d,) = findings("dead-url", entry("https://www.usenix.org/system/files/li\\_cheng\\_2.pdf"))
    assert (d.message, d.fix, d.severity) == (
        "url 'https://www.usenix.org/system/files/li\\_cheng\\_2.pdf' has the TeX '\\_', "
        "which the link keeps literally",
        "url = {https://www.usenix.org/system/files/li_cheng_2.pdf}",
        Severity.ERROR,
    )
    with_doi = (
        "@article{b2004,\n  url = {http://dx.doi.org/10.1007/978-3-540-27813-9\\_42},\n"
        "  doi = {10.1007/978-3-540-27813-9_42},\n}\n"
    )
    assert [d.severity for d in findings("dead-url", with_doi)] == [Severity.WARNING]


def test_fail_links_to_nothing_stable() -> None:
    assert messages("dead-url", entry("http://links.jstor.org/sici?sici=0034-6527")) == [
        "[hussain2012] url host 'links.jstor.org' no longer serves this work "
        "(JSTOR retired its SICI links)"
    ]
    sid = "http://apps.isiknowledge.com/full_record.do?product=UA&SID=4Bx&search_mode=x"
    assert messages("dead-url", entry(sid)) == [
        f"[hussain2012] url '{sid}' is bound to a session (SID=) that has expired"
    ]
    assert messages("dead-url", entry("http://ww.molaah.com/x")) == [
        "[hussain2012] url 'http://ww.molaah.com/x' has the host 'ww.' (a typo for 'www.'?)"
    ]
    openurl = "http://content.wkhealth.com/linkback/openurl?sid=WKPTLP:landingpage&an=0001"
    assert messages("dead-url", entry(openurl)) == []


def test_a_server_named_by_its_ip_address_is_info() -> None:
    url = "http://137.227.224.96/earthquakes/pager/Porter_2008.pdf"
    (d,) = findings("dead-url", entry(url))
    assert (d.message, d.fix, d.severity) == (
        f"url '{url}' names its server by IP address, which changes when the site moves",
        "link the work itself: its doi, or the publisher's page",
        Severity.INFO,
    )
    # Digits in a host name, or an address on a named host, are no IP address.
    assert messages("dead-url", entry("https://www.1000genomes.org/data/10.1.2.3")) == []


def test_a_backslash_pandoc_keeps_in_a_notes_url() -> None:
    # pandoc drops the backslash of an escape inside \url{} (`\~`, `\#`), not of `\2018`.
    bib = (
        "@misc{a, note = {see \\url{http://www.mines.fr/\\~arc/s.html\\#numero\\2018}}}\n"
        "@misc{b, note = {\\url{https://www.doc.gold.ac.uk/\\~jf/f\\_w.pdf\\#p\\%20}}}\n"
    )
    (d,) = findings("dead-url", bib)
    assert (d.key, d.message, d.fix) == (
        "a",
        "url in note has '\\2', a backslash the link keeps",
        "copy the address again: the backslash is no part of it",
    )
