"""deboil.extract / deboil.Extractor: the record, the options, the inputs and the errors."""

import gzip
import json
import random
import threading
import time

import pytest

import deboil
from conftest import CLI_KEYS, FIXTURES, SEED


@pytest.fixture(scope="module")
def seed_bytes():
    return SEED.read_bytes()


def test_seed_page_matches_the_golden_fixture(seed_bytes):
    want = json.loads((FIXTURES / "seed" / "expected.json").read_text(encoding="utf-8"))
    rec = deboil.extract(seed_bytes)
    assert rec["title"] == want["title"]
    assert rec["title"] == "China Protests US Sanctions Over Hacking Allegations, Highlights Foreign Attacks"
    assert rec["authors"] == want["authors"] == ["James Hughes"]
    assert rec["author"] == "James Hughes"
    assert rec["date"].startswith(want["date"])
    assert rec["site_name"] == want["site_name"]
    assert rec["lang"] == want["lang"]
    assert rec["encoding"] == "UTF-8"
    assert rec["blocks"] == want["blocks"]
    assert rec["text"] == "\n".join(b["text"] for b in want["blocks"])
    for boilerplate in want["must_not_contain"]:
        assert boilerplate not in rec["text"]


def test_record_has_the_cli_keys_in_order(seed_bytes):
    rec = deboil.extract(seed_bytes)
    assert list(rec) == CLI_KEYS
    assert rec["id"] is None and rec["error"] is None
    assert list(deboil.Extractor().extract(b"")) == CLI_KEYS


def test_id_and_url_are_copied_into_the_record(seed_bytes):
    rec = deboil.extract(seed_bytes, "https://example.com/x", id={"n": 7})
    assert rec["id"] == {"n": 7}
    assert rec["url"] == "https://example.com/x"
    # Without a URL, the record carries the page's canonical URL, as the CLI's does.
    assert deboil.extract(seed_bytes)["url"].startswith("https://somenewssite.com/")
    # An Extractor's url option is the URL of pages given none, like the CLI's --url.
    ex = deboil.Extractor(url="https://example.org/default")
    assert ex.extract(seed_bytes)["url"] == "https://example.org/default"
    assert ex.extract(seed_bytes, "https://example.org/own")["url"] == "https://example.org/own"


def test_str_bytes_bytearray_and_memoryview_agree(seed_bytes):
    want = deboil.extract(seed_bytes)
    assert deboil.extract(seed_bytes.decode("utf-8")) == want
    assert deboil.extract(bytearray(seed_bytes)) == want
    assert deboil.extract(memoryview(seed_bytes)) == want
    # A view of part of a buffer is that part.
    assert deboil.extract(memoryview(b"xxxx" + seed_bytes)[4:]) == want


def test_str_is_utf8_whatever_its_meta_charset_says():
    page = (
        "<html><head><meta charset='windows-1252'><title>Caf\u00e9</title></head><body><article>"
        + "<p>Le caf\u00e9 na\u00efve ouvre ses portes \u00e0 7 heures, et la cr\u00e8me br\u00fbl\u00e9e est servie toute la journ\u00e9e.</p>" * 3
        + "</article></body></html>"
    )
    from_bytes = deboil.extract(page.encode("cp1252"))
    from_str = deboil.extract(page, content_type="text/html; charset=iso-8859-2")
    assert from_bytes["encoding"] == "windows-1252"
    assert from_str["encoding"] == "UTF-8"
    assert "caf\u00e9 na\u00efve" in from_bytes["text"]
    assert from_str["text"] == from_bytes["text"]


def test_content_type_charset_decodes_legacy_bytes():
    text = "\uc11c\uc6b8\uc758 \ub0a0\uc528\ub294 \ub9d1\uace0 \ub530\ub73b\ud558\uaca0\uc2b5\ub2c8\ub2e4. " * 6
    page = f"<html><body><article><p>{text}</p></article></body></html>".encode("euc-kr")
    rec = deboil.extract(page, content_type="text/html; charset=EUC-KR")
    assert rec["encoding"] == "EUC-KR"
    assert text.strip() in rec["text"]


def test_extractor_is_reusable_and_matches_extract(pages):
    ex = deboil.Extractor()
    for page in pages[:10]:
        html = page.read_bytes()
        assert ex.extract(html) == deboil.extract(html) == ex.extract(html)


def test_options_change_the_output():
    html = (FIXTURES / "lists-and-tables" / "source.html").read_bytes()
    default = deboil.extract(html)
    rows = [b for b in default["blocks"] if b["kind"] == "table_row"]
    assert rows and all(b["text"] == " | ".join(b["cells"]) for b in rows)
    no_tables = deboil.Extractor(tables=False).extract(html)
    assert not [b for b in no_tables["blocks"] if b["kind"] == "table_row"]
    assert deboil.extract(html, tables=False) == no_tables


def test_links_are_python_string_indices():
    page = (
        "<article><p>Das M\u00fcnchner <a href='/bericht'>B\u00fcro f\u00fcr Stra\u00dfenbau</a> meldet neue "
        "Baustellen, die ab Montag den Verkehr in der Innenstadt behindern werden.</p>"
        "<img src='/karte.png' alt='Karte der Baustellen'>"
        "<p>Ein zweiter Absatz mit weiterem Text, damit die Seite als Artikel gilt, und mehr.</p></article>"
    )
    rec = deboil.extract(page, links=True, images=True)
    [para] = [b for b in rec["blocks"] if "links" in b]
    [link] = para["links"]
    assert link["href"] == "/bericht"
    assert para["text"][link["start"]:link["end"]] == "B\u00fcro f\u00fcr Stra\u00dfenbau"
    [image] = [b for b in rec["blocks"] if b["kind"] == "image"]
    assert image["src"] == "/karte.png"
    assert "Karte" not in rec["text"]
    plain = deboil.extract(page)
    assert all("links" not in b and b["kind"] != "image" for b in plain["blocks"])


def test_presets_are_accepted():
    html = (FIXTURES / "chrome-everything" / "source.html").read_bytes()
    for preset in ("balanced", "precision", "recall"):
        assert deboil.Extractor(preset=preset).extract(html)["blocks"]
    assert deboil.Extractor(preset="balanced").extract(html) == deboil.extract(html)


# --- errors -------------------------------------------------------------------------------


def test_too_large(seed_bytes):
    with pytest.raises(deboil.TooLargeError) as e:
        deboil.extract(seed_bytes, max_bytes=1000)
    assert str(e.value) == f"input is {len(seed_bytes)} bytes, over the limit of 1000 bytes"
    assert (e.value.size, e.value.limit) == (len(seed_bytes), 1000)
    assert isinstance(e.value, deboil.DeboilError)
    # The bound is inclusive: exactly max_bytes is accepted.
    assert deboil.extract(seed_bytes, max_bytes=len(seed_bytes))["title"]


@pytest.mark.parametrize(
    "data, reason",
    [
        (gzip.compress(b"<html><body><p>compressed page</p></body></html>"), "gzip-compressed data"),
        (b"\x89PNG\r\n\x1a\n" + bytes(64), "a PNG image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "a PDF document"),
        (random.Random(20261129).randbytes(4096), "binary data (control bytes)"),
    ],
    ids=["gzip", "png", "pdf", "random"],
)
def test_not_html(data, reason):
    with pytest.raises(deboil.NotHtmlError) as e:
        deboil.Extractor().extract(data)
    assert str(e.value) == f"input is not HTML: {reason}"
    assert e.value.reason == reason


def test_too_many_nodes(seed_bytes):
    with pytest.raises(deboil.TooManyNodesError) as e:
        deboil.extract(seed_bytes, max_nodes=100)
    assert e.value.limit == 100 and e.value.nodes > 100
    assert str(e.value) == (
        f"document has more than 100 nodes and attributes (parsing stopped at {e.value.nodes})"
    )


def test_timeout_is_a_deboil_error_and_a_builtin_timeout(seed_bytes):
    # A zero budget is spent before the first check, on any machine.
    with pytest.raises(deboil.TimeoutError) as e:
        deboil.extract(seed_bytes, max_time=0)
    assert isinstance(e.value, deboil.DeboilError)
    assert isinstance(e.value, TimeoutError)
    assert e.value.limit == 0.0 and e.value.elapsed >= 0.0
    assert str(e.value).startswith("extraction ran out of its time budget (")
    assert deboil.extract(seed_bytes, max_time=60.0)["title"]


def test_error_classes():
    for cls in (deboil.TooLargeError, deboil.TooManyNodesError, deboil.NotHtmlError, deboil.TimeoutError):
        assert issubclass(cls, deboil.DeboilError)
        assert cls.__module__ == "deboil"
    assert issubclass(deboil.DeboilError, Exception)


@pytest.mark.parametrize(
    "kwargs, exc",
    [
        ({"bogus": 1}, TypeError),
        ({"preset": "fast"}, ValueError),
        ({"preset": 3}, TypeError),
        ({"tables": "no"}, TypeError),
        ({"max_bytes": -1}, ValueError),
        ({"max_bytes": True}, TypeError),
        ({"max_nodes": 1.5}, TypeError),
        ({"max_time": -1.0}, ValueError),
        ({"max_time": float("nan")}, ValueError),
        ({"max_time": "1s"}, TypeError),
    ],
)
def test_bad_options_are_python_errors(kwargs, exc):
    with pytest.raises(exc):
        deboil.Extractor(**kwargs)
    with pytest.raises(exc):
        deboil.extract(b"<p>x</p>", **kwargs)


@pytest.mark.parametrize("html", [None, 12, ["<p>"], [60, 112, 62], object()])
def test_bad_html_type_is_a_type_error(html):
    with pytest.raises(TypeError):
        deboil.extract(html)


def test_hostile_input_is_bounded_not_fatal():
    deep = b"<div>" * 200_000 + b"<p>bottom of the well, with some words in it.</p>"
    rec = deboil.extract(deep)
    assert "bottom of the well" in rec["text"]
    attrs = b"<p " + b" ".join(b"a%d=x" % i for i in range(50_000)) + b">text</p>"
    assert isinstance(deboil.extract(attrs)["text"], str)
    # Truncated markup and odd encodings: a record or a DeboilError, never a crash.
    for junk in (b"", b"<", b"</", b"<!--", b"<![CDATA[", b"\xff\xfe\x00<", b"<p>\x00</p>", b"\xef\xbb\xbf<p>\xc3</p>"):
        try:
            assert isinstance(deboil.extract(junk)["text"], str)
        except deboil.DeboilError:
            pass


def test_str_with_lone_surrogate_is_an_error_not_a_crash():
    with pytest.raises(UnicodeEncodeError):
        deboil.extract("<p>\ud800</p>")


def test_extraction_releases_the_gil(pages):
    """While one thread extracts a large page, another keeps running Python code: the
    longest pause it sees is far below the extraction's duration (with the GIL held it would
    be the whole extraction)."""
    big = b"<html><body>" + b"".join(p.read_bytes() for p in pages) * 4 + b"</body></html>"
    ex = deboil.Extractor()
    start = time.perf_counter()
    ex.extract(big)
    duration = time.perf_counter() - start
    assert duration > 0.02, "the page is too small to show anything"
    # A loaded machine can deschedule the observer too: a few tries.
    for _attempt in range(5):
        done = threading.Event()
        worker = threading.Thread(target=lambda: (ex.extract(big), done.set()))
        longest, last = 0.0, time.perf_counter()
        worker.start()
        while not done.is_set():
            now = time.perf_counter()
            longest = max(longest, now - last)
            last = now
        worker.join()
        if longest < duration / 2:
            break
    assert longest < duration / 2, (longest, duration)


def test_extractor_pickles_as_its_options(seed_bytes):
    import pickle

    ex = deboil.Extractor(preset="precision", tables=False, max_bytes=1 << 20)
    assert repr(ex) == "deboil.Extractor(preset='precision', tables=False, max_bytes=1048576)"
    again = pickle.loads(pickle.dumps(ex))
    assert repr(again) == repr(ex)
    assert again.extract(seed_bytes) == ex.extract(seed_bytes)
    with pytest.raises(deboil.TooLargeError):
        pickle.loads(pickle.dumps(deboil.Extractor(max_bytes=10))).extract(seed_bytes)
    assert repr(pickle.loads(pickle.dumps(deboil.Extractor()))) == "deboil.Extractor()"
