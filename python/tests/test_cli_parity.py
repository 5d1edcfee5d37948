"""The Python record equals the CLI's JSON record (`deboil --input jsonl --format jsonl
--blocks`) for the same pages: same keys, same values, same error messages."""

import gzip
import json
import subprocess

import deboil
from conftest import CLI_KEYS


def run_cli(cli, jsonl_path, *flags):
    out = subprocess.run(
        [str(cli), "--input", "jsonl", "--format", "jsonl", "--jobs", "2", *flags, str(jsonl_path)],
        capture_output=True,
        check=False,
    )
    assert out.returncode in (0, 1), out.stderr.decode()
    return [json.loads(line) for line in out.stdout.decode("utf-8").splitlines()]


def python_record(ex, rec):
    """What the binding gives for one JSONL input record, error records as the CLI writes
    them."""
    if "html" in rec:
        html = rec["html"]
    else:
        with open(rec["path"], "rb") as f:
            html = f.read()
    try:
        return ex.extract(html, rec.get("url"), rec.get("content_type"), id=rec["id"])
    except deboil.DeboilError as e:
        return {k: None for k in CLI_KEYS} | {"id": rec["id"], "url": rec.get("url"), "error": str(e)}


def test_records_equal_the_cli_records(cli, pages, tmp_path):
    gz = tmp_path / "compressed.html"
    gz.write_bytes(gzip.compress(pages[0].read_bytes()))
    records = []
    for i, page in enumerate(pages):
        if i % 2:
            records.append({"id": f"p{i}", "url": f"https://example.com/{i}", "path": str(page)})
        else:
            # A JSON string is Unicode: the CLI and the binding both decode it as UTF-8.
            html = page.read_bytes().decode("utf-8", "replace")
            records.append({"id": i, "html": html})
    records.append({"id": "gzip", "path": str(gz)})
    records.append({"id": "euc-kr", "path": str(pages[1]), "content_type": "text/html; charset=EUC-KR"})
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")

    got_cli = run_cli(cli, src, "--blocks")
    ex = deboil.Extractor()
    got_py = [python_record(ex, r) for r in records]
    assert len(got_cli) == len(records)
    for c, p in zip(got_cli, got_py):
        assert list(c) == CLI_KEYS
        assert p == c, c["id"]
    assert got_cli[-2]["error"] == "input is not HTML: gzip-compressed data"
    assert sum(r["error"] is None and bool(r["text"]) for r in got_cli) >= len(pages) - 2

    # Without --blocks the CLI leaves out encoding and blocks, and nothing else.
    plain = run_cli(cli, src)
    assert [list(r) for r in plain] == [CLI_KEYS[:-2]] * len(records)
    assert [r["text"] for r in plain] == [r["text"] for r in got_py]


def test_options_match_the_cli_flags(cli, pages, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": str(p), "path": str(p)}) + "\n" for p in pages), encoding="utf-8")
    for flags, options in [
        (["--precision"], {"preset": "precision"}),
        (["--recall", "--comments"], {"preset": "recall", "comments": True}),
        (["--no-tables"], {"tables": False}),
    ]:
        ex = deboil.Extractor(**options)
        for c in run_cli(cli, src, "--blocks", *flags):
            assert python_record(ex, {"id": c["id"], "path": c["id"]}) == c, (flags, c["id"])


def test_url_option_is_the_cli_url_flag(cli, pages):
    page = pages[0]
    out = subprocess.run(
        [str(cli), "--format", "json", "--blocks", "--url", "https://example.org/a", str(page)],
        capture_output=True, check=True,
    )
    c = json.loads(out.stdout)
    p = deboil.Extractor(url="https://example.org/a").extract(page.read_bytes(), id=c["id"])
    assert p == c
    assert c["url"] == "https://example.org/a"
