"""examples/ray_extract.py's batch function, without Ray (too big for CI): the rows it gives
for a batch of JSONL lines equal the CLI's records for the same lines."""

import importlib.util
import json
import subprocess

import os

import pytest

from conftest import REPO

# CI installs pyarrow and sets DEBOIL_REQUIRE_ALL=1: there, a missing pyarrow fails the test.
if os.environ.get("DEBOIL_REQUIRE_ALL") == "1":
    import pyarrow as pa
else:
    pa = pytest.importorskip("pyarrow")


def load_example():
    spec = importlib.util.spec_from_file_location("ray_extract", REPO / "python" / "examples" / "ray_extract.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_ray_batch_rows_equal_the_cli_records(cli, pages, tmp_path):
    ray_extract = load_example()
    lines = [json.dumps({"id": f"p{i}", "path": str(p)}) for i, p in enumerate(pages)]
    lines.append(json.dumps({"id": "html", "url": "https://example.com/", "html": pages[0].read_text("utf-8")}))
    lines.append(json.dumps({"id": 7, "html": "\x00\x00\x00\x00<p>nul bytes</p>"}))
    lines.append("")  # blank lines are skipped, as the CLI skips them
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")

    table = ray_extract.Extract({})(pa.table({"text": lines}))
    assert table.schema == ray_extract.schema()
    rows = table.to_pylist()

    out = subprocess.run([str(cli), "--input", "jsonl", "--format", "jsonl", str(src)], capture_output=True)
    cli_rows = [json.loads(x) for x in out.stdout.decode("utf-8").splitlines()]
    assert len(rows) == len(cli_rows) == len(lines) - 1
    for r, c in zip(rows, cli_rows):
        # The output's id column is a string: a non-string id is its JSON text.
        assert r["id"] == (c["id"] if isinstance(c["id"], str) else json.dumps(c["id"]))
        assert {k: v for k, v in r.items() if k not in ("id", "encoding")} == {k: v for k, v in c.items() if k != "id"}
    assert rows[-1]["error"] == "input is not HTML: binary data"
