"""Boilerplate removal for web pages: bytes in, the article out.

The extraction runs in Rust with the GIL released, so threads calling :func:`extract` or
:meth:`Extractor.extract` in parallel use all cores.
"""

import builtins
from typing import Any, Literal, Optional, TypedDict, Union, final

from typing_extensions import NotRequired

__all__ = [
    "__version__", "extract", "Extractor", "DeboilError", "TooLargeError",
    "TooManyNodesError", "NotHtmlError", "TimeoutError",
]
__version__: str

# Html, Preset, Link, Block and Record are for annotations only (`if TYPE_CHECKING:`): the
# module returns plain dicts.

Html = Union[bytes, bytearray, memoryview, str]
Preset = Literal["balanced", "precision", "recall"]

class Link(TypedDict):
    """A link inside a block: ``block["text"][start:end]`` points to ``href``.

    ``start``/``end`` index the Python ``str`` (code points); the Rust API gives UTF-8
    byte offsets.
    """

    start: int
    end: int
    href: str

class Block(TypedDict):
    """One block of the article, as the CLI's ``--blocks`` prints it: optional keys appear
    only when set."""

    kind: Literal["heading", "paragraph", "list_item", "quote", "code", "table_row", "image"]
    """What the block is."""
    text: str
    """Whitespace collapsed except in code; table rows join their cells with " | "."""
    level: NotRequired[int]
    """Heading level (1-6), or list nesting depth (1 = top)."""
    ordered: NotRequired[bool]
    """List items of a numbered list."""
    cells: NotRequired[list[str]]
    """Table rows: the cell texts."""
    links: NotRequired[list[Link]]
    """With ``links=True``: links inside ``text``."""
    src: NotRequired[str]
    """Image blocks (``images=True``): the image URL as the page gives it."""

class Record(TypedDict):
    """The CLI's JSON record (``deboil --format jsonl --blocks``), key for key."""

    id: Any
    """The ``id`` passed in, else None."""
    url: Optional[str]
    """The URL passed in, else the page's canonical URL."""
    title: Optional[str]
    author: Optional[str]
    """The authors joined with "; "."""
    authors: list[str]
    date: Optional[str]
    """Publication date, ISO 8601."""
    date_modified: Optional[str]
    site_name: Optional[str]
    lang: Optional[str]
    description: Optional[str]
    text: str
    """The article's text, one block per line (image blocks skipped)."""
    error: None
    """Always None here: errors are raised (the CLI writes their message here)."""
    encoding: str
    """The charset the page was decoded with (WHATWG name, e.g. "UTF-8")."""
    blocks: list[Block]

class DeboilError(Exception):
    """Base class of the errors deboil raises: input it refuses or a limit the page
    exceeded. ``str(e)`` is the message the CLI writes in its ``error`` field."""

class TooLargeError(DeboilError):
    """The input is larger than ``max_bytes``."""

    size: int
    limit: int

class TooManyNodesError(DeboilError):
    """The page parses into more nodes (attributes included) than ``max_nodes``."""

    nodes: int
    """Nodes created when parsing stopped (a lower bound)."""
    limit: int

class NotHtmlError(DeboilError):
    """The input is binary data (an image, a PDF, compressed bytes), not markup."""

    reason: str

class TimeoutError(DeboilError, builtins.TimeoutError):
    """The page took longer than ``max_time``; also a built-in ``TimeoutError``."""

    elapsed: float
    """Seconds spent when the budget was found exhausted."""
    limit: float

@final
class Extractor:
    """An extraction configuration, built once and reused for many pages and threads.

    Args:
        preset: "balanced" (default), "precision" or "recall".
        comments: keep user comments below the article (default False).
        tables: keep tables (default True).
        links: record links inside blocks (default False).
        images: keep images as "image" blocks (default False).
        url: the URL of pages extracted without one (also the record's ``url``, as the
            CLI's ``--url``).
        charset: default charset label or Content-Type value.
        max_bytes: largest input accepted (default 64 MiB); larger is TooLargeError.
        max_nodes: most DOM nodes and attributes (default 2,000,000); more is
            TooManyNodesError.
        max_depth: deeper nesting is flattened, not an error (default 512).
        max_attributes: attributes kept per element (default 256).
        max_time: time budget per page in seconds (default None: none); running out is
            TimeoutError.

    Raises:
        TypeError: an unknown option or a value of the wrong type.
        ValueError: a value out of range (a negative limit, an unknown preset).

    Extractors pickle (as their options), so a closure holding one ships to workers.
    """

    def __new__(
        cls,
        *,
        preset: Preset = "balanced",
        comments: bool = False,
        tables: bool = True,
        links: bool = False,
        images: bool = False,
        url: Optional[str] = None,
        charset: Optional[str] = None,
        max_bytes: int = ...,
        max_nodes: int = ...,
        max_depth: int = ...,
        max_attributes: int = ...,
        max_time: Optional[float] = None,
    ) -> Extractor: ...
    def __getnewargs_ex__(self) -> tuple[tuple[()], dict[str, Any]]: ...
    def __getstate__(self) -> None: ...
    def extract(
        self,
        html: Html,
        url: Optional[str] = None,
        content_type: Optional[str] = None,
        *,
        id: Any = None,
    ) -> Record:
        """Extracts one page; see :func:`extract`. Safe to call from many threads."""

def extract(
    html: Html,
    url: Optional[str] = None,
    content_type: Optional[str] = None,
    *,
    id: Any = None,
    preset: Preset = "balanced",
    comments: bool = False,
    tables: bool = True,
    links: bool = False,
    images: bool = False,
    charset: Optional[str] = None,
    max_bytes: int = ...,
    max_nodes: int = ...,
    max_depth: int = ...,
    max_attributes: int = ...,
    max_time: Optional[float] = None,
) -> Record:
    """Extracts the article from one page.

    Args:
        html: the page's bytes (any charset: byte-order mark, then ``content_type``'s
            charset, ``<meta charset>``, detection), or a ``str``, decoded as UTF-8
            (``content_type``'s charset is then ignored).
        url: the page's URL (relative links, metadata; the record's ``url``).
        content_type: the HTTP Content-Type value or a bare charset label.
        id: copied into the record's ``id``.
        **options: as for :class:`Extractor`.

    Returns:
        The record, with the keys of the CLI's JSON record.

    Raises:
        DeboilError: one of its subclasses, for input deboil refuses.
        TypeError: ``html`` is not bytes or str, or an option is unknown.
    """
