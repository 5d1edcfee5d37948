"""examples/spark_extract.py on local[2]: its texts equal the CLI's for the same pages."""

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

EXAMPLE = REPO / "python" / "examples" / "spark_extract.py"

# CI installs pyspark and sets DEBOIL_REQUIRE_ALL=1: there, a missing pyspark fails the test.
if os.environ.get("DEBOIL_REQUIRE_ALL") != "1":
    pytest.importorskip("pyspark")


def test_spark_example_matches_the_cli(cli, pages, tmp_path):
    gz = tmp_path / "compressed.html"
    gz.write_bytes(gzip.compress(pages[0].read_bytes()))
    records = []
    for i, page in enumerate(pages):
        if i % 3 == 0:
            records.append({"id": f"html-{i}", "url": f"https://example.com/{i}",
                            "html": page.read_bytes().decode("utf-8", "replace")})
        else:
            records.append({"id": f"path-{i}", "path": str(page)})
    records.append({"id": "gzip", "path": str(gz)})
    records.append({"id": "missing", "path": str(tmp_path / "no-such-page.html")})
    src = tmp_path / "pages.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")

    out = tmp_path / "out"
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable)
    run = subprocess.run(
        [sys.executable, str(EXAMPLE), "--master", "local[2]", "--partitions", "4",
         "--format", "jsonl", str(src), str(out)],
        capture_output=True, text=True, env=env, timeout=600,
    )
    assert run.returncode == 0, run.stderr[-4000:]
    spark_rows = [json.loads(line) for part in sorted(out.glob("part-*")) for line in part.read_text("utf-8").splitlines()]
    spark = {r["id"]: r for r in spark_rows}
    assert len(spark_rows) == len(records) == len(spark)

    cli_run = subprocess.run([str(cli), "--input", "jsonl", "--format", "jsonl", str(src)], capture_output=True)
    assert cli_run.returncode == 1  # the gzip page and the missing file
    cli_rows = {r["id"]: r for r in map(json.loads, cli_run.stdout.decode("utf-8").splitlines())}
    assert cli_rows.keys() == spark.keys()

    fields = ["url", "title", "author", "authors", "date", "date_modified", "site_name",
              "lang", "description", "text", "error"]
    for id_, c in cli_rows.items():
        s = spark[id_]
        assert set(c) <= set(s) and set(s) - set(c) == {"encoding"}
        if id_ == "missing":
            # Both name the file; the OS error text is Rust's vs Python's.
            assert s["error"].startswith(f"cannot read {tmp_path / 'no-such-page.html'}")
            assert c["error"].startswith(f"cannot read {tmp_path / 'no-such-page.html'}")
            continue
        assert {f: s[f] for f in fields} == {f: c[f] for f in fields}, id_
    assert spark["gzip"]["error"] == "input is not HTML: gzip-compressed data"
    assert sum(bool(r["text"]) for r in spark_rows) >= len(pages) - 2
