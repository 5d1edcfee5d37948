"""Shared fixtures: the repository's own pages (never ../shared, which a clone may lack)
and the `deboil` CLI binary the Python records are checked against."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "examples" / "pages" / "news-article-consent.html"
FIXTURES = REPO / "tests" / "fixtures"

# The CLI's JSON record with --blocks, in its order (src/bin/deboil/batch.rs, RecordOut).
CLI_KEYS = [
    "id", "url", "title", "author", "authors", "date", "date_modified", "site_name",
    "lang", "description", "text", "error", "encoding", "blocks",
]


def repo_pages():
    """Every HTML page the repository ships: the seed and each golden fixture's source."""
    pages = [SEED] + sorted(FIXTURES.glob("*/source.html"))
    assert len(pages) > 30, "the golden fixtures are missing"
    return pages


@pytest.fixture(scope="session")
def pages():
    return repo_pages()


@pytest.fixture(scope="session")
def cli():
    """The release `deboil` binary: $DEBOIL_CLI, else target/release/deboil, built if absent
    (a no-op when .ci/run's quality gate has built it already)."""
    path = os.environ.get("DEBOIL_CLI")
    if path:
        return Path(path)
    target = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    binary = target / "release" / "deboil"
    if not binary.exists():
        cargo = shutil.which("cargo")
        if cargo is None:
            pytest.fail("no deboil CLI: set DEBOIL_CLI or install cargo")
        subprocess.run(
            [cargo, "build", "--release", "--features", "cli"], cwd=REPO, check=True
        )
    return binary
