"""Extract pages with PySpark: the CLI's JSONL records in, one record per page out.

    spark-submit python/examples/spark_extract.py pages.jsonl out/          # Parquet
    python python/examples/spark_extract.py --master 'local[2]' --format jsonl pages.jsonl out/

Input: JSON Lines, as `deboil --input jsonl` reads them: {"id", "url"?, "html"} or
{"id", "url"?, "path", "content_type"?} (a path must be readable by every executor: a shared
file system). Output: the CLI's record without the blocks (id, url, title, author, authors,
date, date_modified, site_name, lang, description, text, error, encoding), one row per input
line, with `error` set instead of raising for a page deboil refuses, as the CLI does. `id`
is a string column: a non-string id is written as its JSON text.

One `deboil.Extractor` per partition (`mapPartitions`): it is cheap to build, but building
it per row would be waste, and it cannot be pickled and broadcast. The executors must have
the `deboil` package installed (`pip install ./python`).
"""

import argparse
import json
import os
import sys

FIELDS = [
    "id", "url", "title", "author", "authors", "date", "date_modified", "site_name",
    "lang", "description", "text", "error", "encoding",
]


def extract_line(ex, line):
    """One JSONL line to one output row (a tuple in FIELDS order); never raises for bad
    input, which becomes the row's `error`."""
    import deboil

    def failed(id_, url, msg):
        return tuple({"id": id_, "url": url, "error": msg}.get(f) for f in FIELDS)

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
    return tuple(out[f] for f in FIELDS)


def extract_partition(lines, options):
    import deboil

    ex = deboil.Extractor(**options)
    for line in lines:
        if line.strip():
            yield extract_line(ex, line)


def schema():
    from pyspark.sql.types import ArrayType, StringType, StructField, StructType

    return StructType(
        [StructField(f, ArrayType(StringType()) if f == "authors" else StringType()) for f in FIELDS]
    )


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("input", help="JSONL file(s) or directory, any path Spark reads")
    p.add_argument("output", help="output directory (replaced)")
    p.add_argument("--format", choices=["parquet", "jsonl"], default="parquet")
    p.add_argument("--master", help="e.g. local[2]; default: spark-submit's")
    p.add_argument("--partitions", type=int, default=None, help="minimum input partitions")
    p.add_argument("--preset", choices=["balanced", "precision", "recall"], default="balanced")
    args = p.parse_args(argv)

    # Executors run the same interpreter (and so see the same deboil) unless told otherwise.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("deboil-extract").config("spark.ui.enabled", "false")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    try:
        options = {"preset": args.preset}
        lines = spark.sparkContext.textFile(args.input, minPartitions=args.partitions)
        rows = lines.mapPartitions(lambda part: extract_partition(part, options))
        df = spark.createDataFrame(rows, schema())
        if args.format == "parquet":
            df.write.mode("overwrite").parquet(args.output)
        else:
            # Keep null fields, so every line has the CLI record's keys.
            df.write.mode("overwrite").option("ignoreNullFields", "false").json(args.output)
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
