"""The HTTP client against a real local server: retries, backoff, timeouts, cache, offline."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest

from docbuild.config import CrossrefSettings
from docbuild.crossref.client import CrossrefClient, user_agent
from docbuild.errors import NetworkError

KHAN = "10.53532/ss.039.03.00107"


def make_client(
    url: str, cache: Path, *, rate: float = 0.0, timeout: float = 2.0, **kw: object
) -> CrossrefClient:
    settings = CrossrefSettings(api=url, mailto="editor@example.org", rate=rate, timeout=timeout)
    return CrossrefClient(settings, cache, backoff=0.01, **kw)  # type: ignore[arg-type]


def test_work_is_fetched_with_a_polite_user_agent_and_then_cached(crossref_server, tmp_path):
    client = make_client(crossref_server.url, tmp_path)
    first = client.work(KHAN)
    second = client.work(KHAN)
    assert first.status == 200 and not first.from_cache
    assert first.message is not None and first.message["DOI"] == KHAN
    assert second.from_cache and second.message == first.message
    assert crossref_server.recorded.count() == 1
    assert crossref_server.recorded.agents == ["docbuild/0.1.0 (mailto:editor@example.org)"]


def test_user_agent_without_mailto():
    assert user_agent("") == "docbuild/0.1.0"


def test_unknown_doi_is_a_404_reply_and_is_cached(crossref_server, tmp_path):
    client = make_client(crossref_server.url, tmp_path)
    assert client.work("10.5555/nothing-here").message is None
    assert client.work("10.5555/nothing-here").status == 404
    assert crossref_server.recorded.count() == 1


def test_429_is_retried_after_the_time_the_server_asks_for(crossref_server, tmp_path):
    crossref_server.recorded.faults["/works/"] = ["429"]
    crossref_server.recorded.retry_after = "3"
    waits: list[float] = []
    client = make_client(crossref_server.url, tmp_path, sleep=waits.append)
    reply = client.work(KHAN)
    assert reply.message is not None and reply.message["DOI"] == KHAN
    assert crossref_server.recorded.count() == 2
    assert waits == [3.0]  # Retry-After wins over the (shorter) backoff


def test_500_is_retried_with_exponential_backoff(crossref_server, tmp_path):
    crossref_server.recorded.faults["/works/"] = ["500", "500"]
    waits: list[float] = []
    client = make_client(crossref_server.url, tmp_path, sleep=waits.append)
    assert client.work(KHAN).message is not None
    assert crossref_server.recorded.count() == 3
    assert waits == [0.01, 0.02]


def test_a_timeout_is_retried(crossref_server, tmp_path):
    crossref_server.recorded.faults["/works/"] = ["sleep"]
    crossref_server.recorded.sleep = 1.0
    client = make_client(crossref_server.url, tmp_path, timeout=0.2)
    assert client.work(KHAN).message is not None
    # A second request means the client gave up on the stalled answer instead of waiting it
    # out (waiting, it would have had its answer from the first).
    assert crossref_server.recorded.count() == 2


def test_giving_up_names_the_problem_and_how_to_resume(crossref_server, tmp_path):
    crossref_server.recorded.faults["/works/"] = ["500", "500", "500"]
    client = make_client(crossref_server.url, tmp_path, max_retries=2, sleep=lambda s: None)
    with pytest.raises(NetworkError) as info:
        client.work(KHAN)
    assert str(info.value) == (
        f"error: Crossref answered 500 Internal Server Error for "
        f"{crossref_server.url}/works/{KHAN} after 3 tries\n"
        "  hint: try again later; answers received so far are cached, "
        "so the next run resumes where this one stopped"
    )


def test_timeouts_that_persist_end_in_a_network_error(crossref_server, tmp_path):
    crossref_server.recorded.faults["/works/"] = ["sleep", "sleep"]
    crossref_server.recorded.sleep = 0.6
    client = make_client(crossref_server.url, tmp_path, timeout=0.1, max_retries=1)
    with pytest.raises(NetworkError) as info:
        client.work(KHAN)
    assert info.value.message == (
        f"no answer from Crossref within 0.1 s for {crossref_server.url}/works/{KHAN} after 2 tries"
    )


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_offline_is_a_clear_error_not_a_traceback(tmp_path):
    url = f"http://127.0.0.1:{closed_port()}"
    client = make_client(url, tmp_path)
    with pytest.raises(NetworkError) as info:
        client.work(KHAN)
    assert info.value.message == f"cannot reach Crossref at {url}: [Errno 111] Connection refused"
    assert info.value.hint == (
        "check the network connection and the '[crossref] api' setting in docbuild.toml; "
        "`doit lint-refs` and `doit build` keep working offline with the existing "
        "refs.verified.json"
    )


def test_search_sends_a_bibliographic_query(crossref_server, tmp_path):
    client = make_client(crossref_server.url, tmp_path)
    reply = client.search("Hussain Pak-Russia relations: lost opportunities and future options")
    assert reply.message is not None
    items = reply.message["items"]
    assert isinstance(items, list) and items[0]["DOI"] == "10.5555/jps.2012.19.1.79"
    assert crossref_server.recorded.log == [
        "/works?query.bibliographic=Hussain+Pak-Russia+relations%3A+lost+opportunities"
        "+and+future+options&rows=5"
    ]


def test_requests_are_spaced_by_the_rate(crossref_server, tmp_path):
    # A clock that moves only when the client sleeps: the spacing is the client's decision,
    # whatever the machine's speed.
    now = [0.0]
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(round(seconds, 6))
        now[0] += seconds

    client = make_client(
        crossref_server.url, tmp_path, rate=20.0, sleep=sleep, clock=lambda: now[0]
    )
    for n in range(4):
        client.work(f"10.5555/missing-{n}")
    assert waits == [0.05, 0.05, 0.05]
    assert crossref_server.recorded.count() == 4


def test_refresh_ignores_answers_cached_before_the_run(crossref_server, tmp_path):
    make_client(crossref_server.url, tmp_path).work(KHAN)
    again = make_client(crossref_server.url, tmp_path, fresh_after=time.time() + 1)
    assert not again.work(KHAN).from_cache
    assert crossref_server.recorded.count() == 2


def test_a_damaged_cache_file_is_fetched_again(crossref_server, tmp_path):
    client = make_client(crossref_server.url, tmp_path)
    client.work(KHAN)
    for f in tmp_path.glob("*.json"):
        f.write_text("{not json", encoding="utf-8")
    assert not make_client(crossref_server.url, tmp_path).work(KHAN).from_cache
    assert crossref_server.recorded.count() == 2


def test_retry_after_as_an_http_date(crossref_server, tmp_path):
    crossref_server.recorded.faults["/works/"] = ["429"]
    crossref_server.recorded.retry_after = "Wed, 21 Oct 2015 07:28:00 GMT"  # long past
    waits: list[float] = []
    client = make_client(crossref_server.url, tmp_path, sleep=waits.append)
    assert client.work(KHAN).message is not None
    assert waits == [0.01]  # a date in the past: the backoff alone


def test_a_doi_with_reserved_characters_is_escaped(crossref_server, tmp_path):
    client = make_client(crossref_server.url, tmp_path)
    client.work("10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-O")
    assert crossref_server.recorded.log == [
        "/works/10.1002/%28SICI%291097-4571%28199806%2949%3A8%3C693%3A%3AAID-ASI4%3E3.0.CO%3B2-O"
    ]
