"""Threads share one Extractor and give exactly the single-threaded output."""

from concurrent.futures import ThreadPoolExecutor

import deboil


def test_threads_give_the_single_threaded_records(pages):
    # Every repository page, several times over and interleaved, so that pages of different
    # sizes are in flight at once on every worker.
    work = [(f"{p.parent.name}/{p.name}#{i}", p.read_bytes()) for i in range(4) for p in pages]
    ex = deboil.Extractor()
    single = [ex.extract(html, id=pid) for pid, html in work]
    with ThreadPoolExecutor(max_workers=4) as pool:
        threaded = list(pool.map(lambda w: ex.extract(w[1], id=w[0]), work))
    assert threaded == single
    # The module-level function with options builds its own Extractor per call: same output.
    with ThreadPoolExecutor(max_workers=4) as pool:
        fresh = list(pool.map(lambda w: deboil.extract(w[1], id=w[0], preset="balanced"), work))
    assert fresh == single


def test_threads_raise_the_same_errors(pages):
    ex = deboil.Extractor(max_bytes=20_000)
    sizes = [len(p.read_bytes()) for p in pages]
    assert min(sizes) <= 20_000 < max(sizes), "need pages on both sides of the limit"

    def outcome(page):
        try:
            return ex.extract(page.read_bytes())["text"]
        except deboil.TooLargeError as e:
            return ("too large", str(e))

    single = [outcome(p) for p in pages * 3]
    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(outcome, pages * 3)) == single
