"""B013 dead-url."""

from lintkit import findings, messages


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
