//! The `deboil` Python module: [`deboil::Extractor`] behind a GIL-free call, its result as
//! the same record the CLI prints (`deboil --format jsonl --blocks`), its errors as
//! exceptions.
//!
//! The record is built by hand rather than through serde and `json.loads`: building the
//! dict directly costs a few microseconds per page, a JSON round trip several times more,
//! and the module must stay within a few percent of the Rust core's per-page cost.

use std::borrow::Cow;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::LazyLock;
use std::time::Duration;

use deboil::{Article, Block, Error, Limits, Options, Preset};
use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyTypeError, PyValueError};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyList, PyMemoryView, PyString, PyTuple, PyType};

create_exception!(
    deboil,
    DeboilError,
    PyException,
    "Base class of the errors deboil raises: input it refuses or a limit the page exceeded."
);
create_exception!(
    deboil,
    TooLargeError,
    DeboilError,
    "The input is larger than `max_bytes`. Attributes: `size`, `limit` (bytes)."
);
create_exception!(
    deboil,
    TooManyNodesError,
    DeboilError,
    "The page parses into more nodes (attributes included) than `max_nodes`. Attributes: `nodes` (a lower bound), `limit`."
);
create_exception!(
    deboil,
    NotHtmlError,
    DeboilError,
    "The input is binary data (an image, a PDF, compressed bytes), not markup. Attribute: `reason`."
);

/// `deboil.TimeoutError`: a subclass of both `DeboilError` and the built-in `TimeoutError`,
/// so `except TimeoutError` catches it as Python code expects of a timeout. Two bases need
/// `type(...)`, which `create_exception!` cannot express; it is made once, at import.
static TIMEOUT_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();

fn timeout_error_type(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    TIMEOUT_ERROR
        .get_or_try_init(py, || -> PyResult<Py<PyType>> {
            let builtins = py.import("builtins")?;
            let bases = PyTuple::new(
                py,
                [
                    py.get_type::<DeboilError>().into_any(),
                    builtins.getattr("TimeoutError")?,
                ],
            )?;
            let ns = PyDict::new(py);
            ns.set_item("__module__", "deboil")?;
            ns.set_item(
                "__doc__",
                "The page took longer than `max_time`. Attributes: `elapsed`, `limit` (seconds).",
            )?;
            let ty = builtins
                .getattr("type")?
                .call1(("TimeoutError", bases, ns))?
                .cast_into::<PyType>()?;
            Ok(ty.unbind())
        })
        .map(|t| t.bind(py))
}

/// The Python exception for a Rust error: same message as the error's `Display` (so the
/// same text as the CLI's `"error"` field), with the error's fields as attributes.
fn to_py_err(py: Python<'_>, e: &Error) -> PyErr {
    let msg = e.to_string();
    let attrs: Vec<(&str, Py<PyAny>)>;
    let err = match e {
        Error::TooLarge { size, limit } => {
            attrs = vec![("size", int(py, *size)), ("limit", int(py, *limit))];
            TooLargeError::new_err(msg)
        }
        Error::TooManyNodes { nodes, limit } => {
            attrs = vec![("nodes", int(py, *nodes)), ("limit", int(py, *limit))];
            TooManyNodesError::new_err(msg)
        }
        Error::NotHtml { reason } => {
            attrs = vec![("reason", PyString::new(py, reason).into_any().unbind())];
            NotHtmlError::new_err(msg)
        }
        Error::Timeout { elapsed, limit } => {
            attrs = vec![("elapsed", secs(py, *elapsed)), ("limit", secs(py, *limit))];
            match timeout_error_type(py) {
                Ok(ty) => PyErr::from_type(ty.clone(), msg),
                Err(e) => e,
            }
        }
        // `Error` is non-exhaustive: a kind added to the core later is still a DeboilError
        // with the core's message.
        _ => {
            attrs = Vec::new();
            DeboilError::new_err(msg)
        }
    };
    let value = err.value(py);
    for (name, v) in attrs {
        // Attributes are extras on top of the message; failing to set one (it cannot, on
        // a fresh exception object) must not replace the real error.
        let _ = value.setattr(name, v);
    }
    err
}

fn int(py: Python<'_>, n: usize) -> Py<PyAny> {
    n.into_pyobject(py)
        .map(|v| v.into_any().unbind())
        .unwrap_or_else(|e| match e {})
}

fn secs(py: Python<'_>, d: Duration) -> Py<PyAny> {
    pyo3::types::PyFloat::new(py, d.as_secs_f64())
        .into_any()
        .unbind()
}

/// Builds `Options` from keyword arguments. Unknown names are a `TypeError` (as for any
/// Python function), bad values a `ValueError`, so a typo never silently means a default.
fn options_from_kwargs(kwargs: Option<&Bound<'_, PyDict>>) -> PyResult<Options> {
    let mut opts = Options::default();
    let mut limits = Limits::default();
    let Some(kwargs) = kwargs else {
        return Ok(opts);
    };
    for (key, value) in kwargs.iter() {
        let key: Cow<'_, str> = key.cast::<PyString>()?.to_cow()?;
        let name = key.as_ref();
        let ctx =
            |e: PyErr| PyTypeError::new_err(format!("option {name}: {}", e.value(value.py())));
        match name {
            "preset" => {
                let p: String = value.extract().map_err(ctx)?;
                opts = opts.with_preset(match p.as_str() {
                    "balanced" => Preset::Balanced,
                    "precision" => Preset::Precision,
                    "recall" => Preset::Recall,
                    other => {
                        return Err(PyValueError::new_err(format!(
                            "option preset: {other:?} is not one of \"balanced\", \"precision\", \"recall\""
                        )));
                    }
                });
            }
            "comments" => opts = opts.with_comments(value.extract().map_err(ctx)?),
            "tables" => opts = opts.with_tables(value.extract().map_err(ctx)?),
            "links" => opts = opts.with_links(value.extract().map_err(ctx)?),
            "images" => opts = opts.with_images(value.extract().map_err(ctx)?),
            "url" => {
                if !value.is_none() {
                    opts = opts.with_url(value.extract::<String>().map_err(ctx)?);
                }
            }
            "charset" => {
                if !value.is_none() {
                    opts = opts.with_charset(value.extract::<String>().map_err(ctx)?);
                }
            }
            "max_bytes" => limits = limits.with_max_bytes(count(name, &value)?),
            "max_nodes" => limits = limits.with_max_nodes(count(name, &value)?),
            "max_depth" => limits = limits.with_max_depth(count(name, &value)?),
            "max_attributes" => limits = limits.with_max_attributes(count(name, &value)?),
            "max_time" => {
                let budget = if value.is_none() {
                    None
                } else {
                    let s: f64 = value.extract().map_err(ctx)?;
                    Some(Duration::try_from_secs_f64(s).map_err(|_| {
                        PyValueError::new_err(format!(
                            "option max_time: {s} is not a number of seconds >= 0"
                        ))
                    })?)
                };
                limits = limits.with_max_time(budget);
            }
            other => {
                return Err(PyTypeError::new_err(format!(
                    "unexpected option {other:?}; the options are preset, comments, tables, \
                     links, images, url, charset, max_bytes, max_nodes, max_depth, \
                     max_attributes, max_time"
                )));
            }
        }
    }
    Ok(opts.with_limits(limits))
}

/// A non-negative integer option (a bool is refused: `max_bytes=True` is a mistake).
fn count(name: &str, value: &Bound<'_, PyAny>) -> PyResult<usize> {
    if value.is_instance_of::<pyo3::types::PyBool>() {
        return Err(PyTypeError::new_err(format!(
            "option {name}: expected an integer, got a bool"
        )));
    }
    value.extract::<usize>().map_err(|e| {
        if value.extract::<i64>().is_ok() {
            PyValueError::new_err(format!("option {name}: must be >= 0"))
        } else {
            PyTypeError::new_err(format!("option {name}: {}", e.value(value.py())))
        }
    })
}

/// The page's bytes, borrowed where Python guarantees they cannot change while the GIL is
/// released (`bytes`), copied where they could (`bytearray`, buffers), and UTF-8 encoded
/// from a `str`, which is then decoded as UTF-8 whatever its `<meta charset>` says, as the
/// CLI does for a JSONL `"html"` string.
enum Input<'a> {
    Bytes(&'a [u8]),
    Owned(Vec<u8>),
    Text(Cow<'a, str>),
}

impl<'a> Input<'a> {
    fn from_py(html: &'a Bound<'_, PyAny>) -> PyResult<Input<'a>> {
        if let Ok(b) = html.cast::<PyBytes>() {
            Ok(Input::Bytes(b.as_bytes()))
        } else if let Ok(s) = html.cast::<PyString>() {
            Ok(Input::Text(s.to_cow()?))
        } else if let Ok(b) = html.cast::<PyByteArray>() {
            Ok(Input::Owned(b.to_vec()))
        } else if html.is_instance_of::<PyMemoryView>() {
            // `bytes(view)` copies the buffer in one go (PyO3's buffer API needs 3.11 under
            // abi3). Only for memoryviews: `bytes(n)` of an int would be n zero bytes.
            let copy = html.py().get_type::<PyBytes>().call1((html,))?;
            Ok(Input::Owned(copy.cast::<PyBytes>()?.as_bytes().to_vec()))
        } else {
            Err(PyTypeError::new_err(format!(
                "html must be bytes or str, not {}",
                html.get_type().name()?
            )))
        }
    }

    fn bytes(&self) -> &[u8] {
        match self {
            Input::Bytes(b) => b,
            Input::Owned(v) => v,
            Input::Text(s) => s.as_bytes(),
        }
    }
}

/// Runs the extraction with the GIL released, so threads calling this in parallel scale
/// with cores. A panic in the core is a bug, but it must not take the interpreter (or a
/// Spark executor) down: it becomes a `DeboilError` with the CLI's message for it.
fn run<'py>(
    py: Python<'py>,
    ex: &deboil::Extractor,
    html: &Bound<'py, PyAny>,
    url: Option<&str>,
    content_type: Option<&str>,
    id: Option<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyDict>> {
    let input = Input::from_py(html)?;
    let content_type = match input {
        Input::Text(_) => Some("utf-8"),
        _ => content_type,
    };
    let bytes = input.bytes();
    let result = py.detach(|| {
        catch_unwind(AssertUnwindSafe(|| {
            ex.extract_page(bytes, url, content_type)
                .map(|a| (a.text(), a))
        }))
    });
    match result {
        Ok(Ok((text, article))) => record(py, id, url, &article, text),
        Ok(Err(e)) => Err(to_py_err(py, &e)),
        Err(panic) => {
            let msg = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Err(DeboilError::new_err(format!(
                "internal error: the extractor panicked: {msg}"
            )))
        }
    }
}

/// The CLI's JSON record (`deboil --format jsonl --blocks`), key for key and in its order:
/// id, url, title, author, authors, date, date_modified, site_name, lang, description,
/// text, error, encoding, blocks.
fn record<'py>(
    py: Python<'py>,
    id: Option<Bound<'py, PyAny>>,
    url: Option<&str>,
    a: &Article,
    text: String,
) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item(intern!(py, "id"), id)?;
    d.set_item(intern!(py, "url"), url.or(a.url.as_deref()))?;
    d.set_item(intern!(py, "title"), a.title.as_deref())?;
    let author = (!a.authors.is_empty()).then(|| a.authors.join("; "));
    d.set_item(intern!(py, "author"), author)?;
    d.set_item(intern!(py, "authors"), &a.authors)?;
    d.set_item(intern!(py, "date"), a.date.as_deref())?;
    d.set_item(intern!(py, "date_modified"), a.date_modified.as_deref())?;
    d.set_item(intern!(py, "site_name"), a.site_name.as_deref())?;
    d.set_item(intern!(py, "lang"), a.lang.as_deref())?;
    d.set_item(intern!(py, "description"), a.description.as_deref())?;
    d.set_item(intern!(py, "text"), text)?;
    d.set_item(intern!(py, "error"), py.None())?;
    d.set_item(intern!(py, "encoding"), &a.encoding)?;
    let blocks = PyList::empty(py);
    for b in &a.blocks {
        blocks.append(block(py, b)?)?;
    }
    d.set_item(intern!(py, "blocks"), blocks)?;
    Ok(d)
}

/// One block as the CLI's `--blocks` prints it: `kind` and `text` always; `level`,
/// `ordered`, `cells`, `links` and `src` only when set. One deliberate difference: a
/// link's `start`/`end` are indices into the Python `str` (code points), so
/// `text[start:end]` is the link text; the Rust API and JSON give UTF-8 byte offsets.
fn block<'py>(py: Python<'py>, b: &Block) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item(intern!(py, "kind"), kind_name(py, b)?)?;
    if b.level != 0 {
        d.set_item(intern!(py, "level"), b.level)?;
    }
    if b.ordered {
        d.set_item(intern!(py, "ordered"), true)?;
    }
    d.set_item(intern!(py, "text"), &b.text)?;
    if !b.cells.is_empty() {
        d.set_item(intern!(py, "cells"), &b.cells)?;
    }
    if !b.links.is_empty() {
        let links = PyList::empty(py);
        for l in &b.links {
            let ld = PyDict::new(py);
            ld.set_item(intern!(py, "start"), char_index(&b.text, l.start))?;
            ld.set_item(intern!(py, "end"), char_index(&b.text, l.end))?;
            ld.set_item(intern!(py, "href"), &l.href)?;
            links.append(ld)?;
        }
        d.set_item(intern!(py, "links"), links)?;
    }
    if let Some(src) = &b.src {
        d.set_item(intern!(py, "src"), src)?;
    }
    Ok(d)
}

/// The code-point index of a byte offset (clamped to the text; offsets from the core are
/// on char boundaries, and a bad one must not panic).
fn char_index(text: &str, byte: usize) -> usize {
    let byte = byte.min(text.len());
    text.char_indices().take_while(|(i, _)| *i < byte).count()
}

/// The block kind's name exactly as serde writes it for the CLI (`"list_item"`, ...), taken
/// from serde so that a kind the core adds later is named the same way in both; cached per
/// kind, as the dozen kinds repeat on every page.
fn kind_name<'py>(py: Python<'py>, b: &Block) -> PyResult<Bound<'py, PyString>> {
    static NAMES: LazyLock<std::sync::Mutex<Vec<(deboil::BlockKind, String)>>> =
        LazyLock::new(|| std::sync::Mutex::new(Vec::new()));
    let mut names = NAMES
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some((_, n)) = names.iter().find(|(k, _)| *k == b.kind) {
        return Ok(PyString::intern(py, n));
    }
    let name = match serde_json::to_value(b.kind) {
        Ok(serde_json::Value::String(s)) => s,
        _ => format!("{:?}", b.kind).to_lowercase(),
    };
    let out = PyString::intern(py, &name);
    names.push((b.kind, name));
    Ok(out)
}

static DEFAULT: LazyLock<deboil::Extractor> =
    LazyLock::new(|| deboil::Extractor::new(Options::default()));

/// Extracts the article from one page.
///
/// ``html`` is the page's bytes (any charset: byte-order mark, ``content_type``'s charset,
/// ``<meta charset>``, detection) or a ``str`` (decoded as UTF-8, ``content_type``'s charset
/// ignored). ``url`` is the page's address; ``content_type`` its HTTP ``Content-Type`` or a
/// bare charset label; ``id`` is copied into the record. ``options`` are those of
/// :class:`Extractor`. Returns the CLI's JSON record as a dict; raises a
/// :class:`DeboilError` subclass for input deboil refuses. The GIL is released while the
/// page is processed.
#[pyfunction]
#[pyo3(signature = (html, url=None, content_type=None, *, id=None, **options))]
fn extract<'py>(
    py: Python<'py>,
    html: &Bound<'py, PyAny>,
    url: Option<&str>,
    content_type: Option<&str>,
    id: Option<Bound<'py, PyAny>>,
    options: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyDict>> {
    match options.filter(|o| !o.is_empty()) {
        None => run(py, &DEFAULT, html, url, content_type, id),
        Some(o) => {
            let ex = deboil::Extractor::new(options_from_kwargs(Some(o))?);
            run(py, &ex, html, url, content_type, id)
        }
    }
}

/// An extraction configuration, built once and reused for many pages and across threads.
///
/// Options (keyword-only, all optional):
///   preset: "balanced" (default), "precision" or "recall".
///   comments: keep user comments below the article (default False).
///   tables: keep tables (default True).
///   links: record links in blocks (``links``: start/end in ``text``, href) (default False).
///   images: keep images as ``image`` blocks with ``src`` (default False).
///   url: the URL of pages given none (and their record's url, as the CLI's --url);
///   charset: default charset label or Content-Type.
///   max_bytes (64 MiB), max_nodes (2,000,000), max_depth (512), max_attributes (256),
///   max_time (seconds, default None: no time limit).
///
/// Extractors pickle (as their options), so a closure holding one can be shipped to Spark or
/// Ray workers.
#[pyclass(frozen, module = "deboil", name = "Extractor")]
struct PyExtractor {
    inner: deboil::Extractor,
    /// The options as given, for `repr` and pickling; `Options` has no getters.
    options: Py<PyDict>,
    /// The `url` option: the page URL of pages extracted without one, and so the record's
    /// `url`, as the CLI's `--url` is.
    default_url: Option<String>,
}

#[pymethods]
impl PyExtractor {
    #[new]
    #[pyo3(signature = (**options))]
    fn new(py: Python<'_>, options: Option<&Bound<'_, PyDict>>) -> PyResult<Self> {
        let inner = deboil::Extractor::new(options_from_kwargs(options)?);
        let default_url = match options {
            Some(o) => o
                .get_item("url")?
                .filter(|u| !u.is_none())
                .map(|u| u.extract::<String>())
                .transpose()?,
            None => None,
        };
        let options = match options {
            Some(o) => o.copy()?,
            None => PyDict::new(py),
        };
        Ok(PyExtractor {
            inner,
            options: options.unbind(),
            default_url,
        })
    }

    /// Extracts one page; see :func:`deboil.extract`. Safe to call from many threads at
    /// once: the GIL is released while the page is processed.
    #[pyo3(signature = (html, url=None, content_type=None, *, id=None))]
    fn extract<'py>(
        &self,
        py: Python<'py>,
        html: &Bound<'py, PyAny>,
        url: Option<&str>,
        content_type: Option<&str>,
        id: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let url = url.or(self.default_url.as_deref());
        run(py, &self.inner, html, url, content_type, id)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let mut args = Vec::new();
        for (k, v) in self.options.bind(py).iter() {
            args.push(format!("{}={}", k.str()?, v.repr()?));
        }
        Ok(format!("deboil.Extractor({})", args.join(", ")))
    }

    /// Pickling: `Extractor.__new__(Extractor, **options)` rebuilds it.
    fn __getnewargs_ex__<'py>(&self, py: Python<'py>) -> (Bound<'py, PyTuple>, Bound<'py, PyDict>) {
        (PyTuple::empty(py), self.options.bind(py).clone())
    }

    /// No state beyond the constructor's arguments.
    fn __getstate__(&self, py: Python<'_>) -> Py<PyAny> {
        py.None()
    }
}

/// Boilerplate removal for web pages: bytes in, the article out (title, authors, dates,
/// site, language, and the text as typed blocks), without menus, footers, share bars or
/// cookie-consent dialogs. The Rust core runs with the GIL released.
#[pymodule]
#[pyo3(name = "deboil")]
fn deboil_module(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_function(wrap_pyfunction!(extract, m)?)?;
    m.add_class::<PyExtractor>()?;
    m.add("DeboilError", py.get_type::<DeboilError>())?;
    m.add("TooLargeError", py.get_type::<TooLargeError>())?;
    m.add("TooManyNodesError", py.get_type::<TooManyNodesError>())?;
    m.add("NotHtmlError", py.get_type::<NotHtmlError>())?;
    m.add("TimeoutError", timeout_error_type(py)?)?;
    Ok(())
}
