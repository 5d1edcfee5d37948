"""Throughput, side by side in one run: the deboil CLI, the Python binding (one thread and N
threads), trafilatura, Resiliparse, and the PySpark example on local[N]; and the binding's
per-page cost against the Rust core's.

    pip install ./python trafilatura lxml_html_clean resiliparse pyspark   # a venv for the benchmark
    cargo build --release --features cli
    python python/bench/throughput.py ../shared/corpus/*/

Every tool gets the same pages (`<set>/pages/*.html` of each set directory given), as bytes
already in memory except for the CLI and Spark, which read the files as they would in use.
Nothing is written outside a temporary directory.

Per-page cost: the core's is a Rust loop (`bench/core_loop.rs`, built by
`cargo build --release -p deboil-python --example core_loop`): pages in memory, one thread,
each timed from bytes to the article and its text. The binding's is the same loop in Python,
timed around `Extractor.extract` (bytes to the finished dict: argument conversion, releasing
the GIL, the text, building the record). The CLI's `--timings` ("micros", extraction only,
inside its batch pipeline) is shown beside them. The three alternate for `--rounds` rounds
so that a change in the machine's load hits all of them.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def load_pages(dirs):
    paths = []
    for d in dirs:
        paths += sorted((Path(d) / "pages").glob("*.html"))
    if not paths:
        sys.exit("no pages: give corpus set directories holding pages/*.html")
    return paths, [p.read_bytes() for p in paths]


def cli_run(cli, jsonl, jobs):
    """(wall seconds, per-page extraction micros) of one CLI run over the records."""
    start = time.perf_counter()
    out = subprocess.run(
        [str(cli), "--input", "jsonl", "--format", "jsonl", "--timings", "--jobs", str(jobs), str(jsonl)],
        capture_output=True, check=False,
    )
    wall = time.perf_counter() - start
    if out.returncode not in (0, 1):
        sys.exit(out.stderr.decode())
    micros = [r["micros"] for r in map(json.loads, out.stdout.splitlines()) if r.get("micros") is not None]
    return wall, micros


def core_loop(binary, paths):
    """Per-page micros of the Rust loop."""
    out = subprocess.run([str(binary), *map(str, paths)], capture_output=True, check=True)
    return [float(x) for x in out.stdout.split()]


def python_loop(ex, pages):
    """(wall seconds, per-page micros) of a single-threaded loop."""
    import deboil

    times = []
    start = time.perf_counter()
    for html in pages:
        t = time.perf_counter()
        try:
            ex.extract(html)
        except deboil.DeboilError:
            pass
        times.append((time.perf_counter() - t) * 1e6)
    return time.perf_counter() - start, times


def python_threads(ex, pages, n):
    import deboil

    def one(html):
        try:
            return ex.extract(html)["text"]
        except deboil.DeboilError:
            return None

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=n) as pool:
        for _ in pool.map(one, pages, chunksize=4):
            pass
    return time.perf_counter() - start


def trafilatura_run(pages):
    import trafilatura

    start = time.perf_counter()
    for html in pages:
        trafilatura.extract(html)
    return time.perf_counter() - start


def resiliparse_run(pages):
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.encoding import bytes_to_str, detect_encoding
    from resiliparse.parse.html import HTMLTree

    start = time.perf_counter()
    for html in pages:
        tree = HTMLTree.parse(bytes_to_str(html, detect_encoding(html)))
        extract_plain_text(tree, main_content=True)
    return time.perf_counter() - start


def spark_run(jsonl, out, n):
    """(session start-up seconds, job seconds) of the PySpark example's pipeline."""
    sys.path.insert(0, str(REPO / "python" / "examples"))
    import spark_extract

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    start = time.perf_counter()
    spark = (
        SparkSession.builder.master(f"local[{n}]").appName("deboil-bench")
        .config("spark.ui.enabled", "false").getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    spark.sparkContext.addPyFile(str(REPO / "python" / "examples" / "spark_extract.py"))
    # Warm the Python workers, as a long job would have them.
    spark.sparkContext.parallelize(range(n), n).map(lambda x: x).collect()
    started = time.perf_counter()
    try:
        lines = spark.sparkContext.textFile(str(jsonl), minPartitions=4 * n)
        rows = lines.mapPartitions(lambda part: spark_extract.extract_partition(part, {}))
        spark.createDataFrame(rows, spark_extract.schema()).write.mode("overwrite").parquet(str(out))
        done = time.perf_counter()
    finally:
        spark.stop()
    return started - start, done - started


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("sets", nargs="+", help="corpus set directories (<set>/pages/*.html)")
    p.add_argument("--cli", default=str(REPO / "target" / "release" / "deboil"))
    p.add_argument("--core-loop", default=str(REPO / "target" / "release" / "examples" / "core_loop"))
    p.add_argument("--threads", type=int, default=os.cpu_count() or 2)
    p.add_argument("--rounds", type=int, default=5, help="rounds of the per-page comparison")
    p.add_argument("--skip", nargs="*", default=[], choices=["trafilatura", "resiliparse", "spark"])
    args = p.parse_args()

    import deboil

    paths, pages = load_pages(args.sets)
    n, mb = len(pages), sum(map(len, pages)) / 1e6
    print(f"{n} pages, {mb:.1f} MB, {os.cpu_count()} cores, Python {sys.version.split()[0]}, deboil {deboil.__version__}")
    rows = []

    with tempfile.TemporaryDirectory() as tmp:
        jsonl = Path(tmp) / "pages.jsonl"
        jsonl.write_text("".join(json.dumps({"id": str(q), "path": str(q)}) + "\n" for q in paths))
        ex = deboil.Extractor()
        python_loop(ex, pages[:50])  # warm-up: page cache, allocator, lazy statics

        core_means, binding_means, cli_means, cli_walls, py_walls = [], [], [], [], []
        core_runs, binding_runs = [], []
        for _ in range(args.rounds):
            core_runs.append(core_loop(args.core_loop, paths))
            core_means.append(statistics.fmean(core_runs[-1]))
            wall, times = python_loop(ex, pages)
            py_walls.append(wall)
            binding_runs.append(times)
            binding_means.append(statistics.fmean(times))
            wall, micros = cli_run(args.cli, jsonl, 1)
            cli_walls.append(wall)
            cli_means.append(statistics.fmean(micros))
        rows.append(("deboil CLI, --jobs 1 (reads files, writes JSONL)", n / min(cli_walls)))
        rows.append(("deboil Python, 1 thread", n / min(py_walls)))
        rows.append((f"deboil Python, {args.threads} threads", n / python_threads(ex, pages, args.threads)))
        wall, _ = cli_run(args.cli, jsonl, args.threads)
        rows.append((f"deboil CLI, --jobs {args.threads}", n / wall))
        if "trafilatura" not in args.skip:
            rows.append(("trafilatura (Python, 1 thread)", n / trafilatura_run(pages)))
        if "resiliparse" not in args.skip:
            rows.append(("Resiliparse (Python, 1 thread, main_content=True)", n / resiliparse_run(pages)))
        if "spark" not in args.skip:
            startup, job = spark_run(jsonl, Path(tmp) / "spark-out", args.threads)
            rows.append((f"PySpark example, local[{args.threads}] (job; session start-up {startup:.1f} s)", n / job))

    print()
    print("| extractor | pages/s |")
    print("|---|---:|")
    for name, rate in rows:
        print(f"| {name} | {rate:.1f} |")
    print()
    print("per-page cost, single thread, ms (mean over the pages), by round:")
    print("  (core = Rust loop, binding = Python loop, cli = the CLI's --timings micros)")
    for i, (c, b, m) in enumerate(zip(core_means, binding_means, cli_means)):
        print(f"  round {i + 1}: core {c / 1000:.3f}  binding {b / 1000:.3f}  cli {m / 1000:.3f}  binding/core {b / c:.3f}")
    c, b, m = statistics.fmean(core_means), statistics.fmean(binding_means), statistics.fmean(cli_means)
    print(f"  mean:    core {c / 1000:.3f}  binding {b / 1000:.3f}  cli {m / 1000:.3f}  binding/core {b / c:.3f}")
    print(f"  best:    core {min(core_means) / 1000:.3f}  binding {min(binding_means) / 1000:.3f}  "
          f"cli {min(cli_means) / 1000:.3f}  binding/core {min(binding_means) / min(core_means):.3f}")
    # Each page's fastest time over the rounds: a page slowed by another process in one
    # round (a shared machine) counts with its undisturbed time.
    core_min = statistics.fmean(map(min, zip(*core_runs)))
    binding_min = statistics.fmean(map(min, zip(*binding_runs)))
    print(f"  per-page minimum over the rounds: core {core_min / 1000:.3f}  binding {binding_min / 1000:.3f}  "
          f"binding/core {binding_min / core_min:.3f}")


if __name__ == "__main__":
    main()
