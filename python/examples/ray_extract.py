"""Extract pages with Ray Data: the CLI's JSONL records in, one record per page out.

    python python/examples/ray_extract.py pages.jsonl out/                 # Parquet
    python python/examples/ray_extract.py --format jsonl --actors 8 'pages/*.jsonl' out/

Input: JSON Lines, as `deboil --input jsonl` reads them: {"id", "url"?, "html"} or
{"id", "url"?, "path", "content_type"?} (a path must be readable by every worker).
Output: the CLI's record without the blocks (id, url, title, author, authors, date,
date_modified, site_name, lang, description, text, error, encoding), one row per input line,
with `error` set instead of raising for a page deboil refuses, as the CLI does. `id` is a
string column: a non-string id is written as its JSON text.

The lines are read as text (`read_text`), not with `read_json`: records mixing "html" and
"path", or a malformed line, would make schema inference fail for the whole file, where the
CLI makes an error record of that line alone. Extraction is a callable class on an actor
pool (`map_batches`): each actor builds one `deboil.Extractor` and reuses it for every batch.
Workers need the `deboil` package installed (`pip install ./python`, or a runtime_env).
"""

import argparse
import json

FIELDS = [
    "id", "url", "title", "author", "authors", "date", "date_modified", "site_name",
    "lang", "description", "text", "error", "encoding",
]


def extract_line(ex, line):
    """One JSONL line to one output row (a dict with FIELDS); never raises for bad input,
    which becomes the row's `error`."""
    import deboil

    def failed(id_, url, msg):
        return {f: None for f in FIELDS} | {"id": id_, "url": url, "error": msg}

    try:
        rec = json.loads(line)
    except ValueError as e:
        return failed(None, None, f"invalid JSON: {e}")
    if not isinstance(rec, dict):
        return failed(None, None, "not a JSON object")
    id_ = rec.get("id", rec.get("path"))
    if id_ is not None and not isinstance(id_, str):
        id_ = json.dumps(id_)
    url, content_type = rec.get("url"), rec.get("content_type")
    if rec.get("html") is not None:
        html = rec["html"]
    elif rec.get("path") is not None:
        try:
            with open(rec["path"], "rb") as f:
                html = f.read()
        except OSError as e:
            return failed(id_, url, f"cannot read {rec['path']}: {e}")
    else:
        return failed(id_, url, 'the record has neither "html" nor "path"')
    try:
        out = ex.extract(html, url, content_type, id=id_)
    except (deboil.DeboilError, TypeError) as e:
        # The message is the CLI's `error` for the same page.
        return failed(id_, url, str(e))
    return {f: out[f] for f in FIELDS}


def schema():
    import pyarrow as pa

    # Explicit, so that a batch where a column is all null still writes the same types.
    return pa.schema([(f, pa.list_(pa.string()) if f == "authors" else pa.string()) for f in FIELDS])


class Extract:
    """The map_batches callable: one Extractor per actor, built once."""

    def __init__(self, options):
        import deboil

        self.ex = deboil.Extractor(**options)
        self.schema = schema()

    def __call__(self, batch):
        import pyarrow as pa

        rows = [extract_line(self.ex, line) for line in batch["text"].to_pylist() if line.strip()]
        return pa.Table.from_pylist(rows, schema=self.schema)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("input", nargs="+", help="JSONL file(s) or directories, any path Ray reads")
    p.add_argument("output", help="output directory")
    p.add_argument("--format", choices=["parquet", "jsonl"], default="parquet")
    p.add_argument(
        "--actors", type=int, default=None,
        help="extraction actors, one core each (default: the cluster's cores less one)",
    )
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--preset", choices=["balanced", "precision", "recall"], default="balanced")
    p.add_argument("--address", help="Ray cluster address; default: start a local Ray")
    args = p.parse_args(argv)

    import ray

    ray.init(address=args.address)
    # Actors hold their core for the whole run: if they took every core, the read and write
    # tasks would wait for one forever (on a 2-core machine, 2 actors deadlock the job).
    actors = args.actors or max(1, int(ray.cluster_resources().get("CPU", 2)) - 1)
    ds = ray.data.read_text(args.input)
    ds = ds.map_batches(
        Extract,
        fn_constructor_kwargs={"options": {"preset": args.preset}},
        batch_size=args.batch_size,
        batch_format="pyarrow",
        compute=ray.data.ActorPoolStrategy(size=actors),
        num_cpus=1,
    )
    if args.format == "parquet":
        ds.write_parquet(args.output)
    else:
        ds.write_json(args.output)


if __name__ == "__main__":
    main()
