"""Corpus-wide tables computed once per corpus and shared: the derived-results cache.

A report runs a dozen notebooks (and one province profile per province) on the same corpus, and
each used to recompute the same corpus-wide tables: the theme coding of every sentence, every
quotation, the template n-grams, the masked names. :func:`cached` computes such a table once and
stores it beside the corpus cache; every later call with the same inputs, in any process, reads
it back::

    >>> coded = cached(                                          # doctest: +SKIP
    ...     "code_themes", {"codebook": codebook_digest(cb)},
    ...     [(corpus.sentences, ["doc_id", "sentence_id", "start", "end", "text"])],
    ...     lambda: _code_themes(corpus, cb),
    ... )

- **Key.** The function's name and format, its parameters (JSON), dxcompare's code fingerprint
  and a content hash of exactly the columns the function reads (``pandas.util.hash_pandas_object``,
  a few milliseconds for a 500-article corpus). A restricted corpus ("Bình Định" and "Hà Nội"
  only), an edited table or a new codebook gives another key, never a stale table.
- **Format.** Parquet through pyarrow: data only, nothing that executes on load (never pickle).
  Columns of tuples (a sentence's theme spans) travel as JSON text and come back as tuples.
- **Identical results.** A table is stored only if reading it back gives an equal frame
  (``assert_frame_equal``, exact, dtypes included); otherwise it is computed each time.
- **Once across processes.** A file lock per key (filelock): notebooks running in parallel wait
  for the first one's result instead of computing it twice.
- **Where.** ``<cache_dir>/derived/`` (``$DXCOMPARE_CACHE_DIR``, see :mod:`.cache`); set
  ``DXCOMPARE_DERIVED_CACHE=0`` to compute everything afresh (nothing read or written). Old entries
  are not pruned; delete the folder to reclaim space.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

# Bump when the stored layout changes: old files are then simply never read again.
FORMAT = 1
ENV_SWITCH = "DXCOMPARE_DERIVED_CACHE"
_TUPLE_COLUMNS = b"dxcompare.tuple_columns"
_OBJECT_COLUMNS = b"dxcompare.object_columns"
_STALE_TEMPORARY_S = 3600.0

logger = logging.getLogger("dxcompare.derived")

Input = tuple[pd.DataFrame | pd.Series | pd.Index | None, Sequence[str] | None]


def enabled() -> bool:
    """False when ``DXCOMPARE_DERIVED_CACHE`` is 0/false/no/off: every table is computed afresh."""
    return os.environ.get(ENV_SWITCH, "1").strip().lower() not in {"0", "false", "no", "off"}


def derived_dir() -> Path:
    """``<cache_dir>/derived``: one Parquet file per (function, inputs, parameters, code)."""
    from dxcompare.corpus.cache import cache_dir

    return cache_dir() / "derived"


# --------------------------------------------------------------------------------------------
# Keys
# --------------------------------------------------------------------------------------------


def frame_digest(frame: Any, columns: Sequence[str] | None = None, index: bool = False) -> str:
    """SHA-256 of the values (and dtypes) of ``columns`` of a frame; ``index=True`` adds the index.

    ``None`` (a corpus without that table) has its own digest. A missing column enters as
    missing, so a function reading an optional column still gets a distinct key.
    """
    h = hashlib.sha256()
    if frame is None:
        h.update(b"<none>")
        return h.hexdigest()
    if isinstance(frame, pd.Index):
        frame = pd.Series(frame)
        index = False
    if isinstance(frame, pd.Series):
        frame = frame.to_frame(name=str(frame.name))
    h.update(len(frame).to_bytes(8, "little"))
    for name in frame.columns if columns is None else columns:
        h.update(b"\0" + str(name).encode("utf-8") + b"\0")
        if name not in frame.columns:
            h.update(b"<missing>")
            continue
        col = frame[name]
        h.update(str(col.dtype).encode())
        h.update(_values_hash(col))
    if index:
        h.update(b"\1index\1" + str(frame.index.dtype).encode())
        h.update(pd.util.hash_pandas_object(frame.index, index=False).to_numpy().tobytes())
    return h.hexdigest()


def _values_hash(col: pd.Series) -> bytes:
    try:
        return pd.util.hash_pandas_object(col, index=False).to_numpy().tobytes()
    except TypeError:  # unhashable cells (tuples of tuples, lists): their JSON text instead
        text = json.dumps([_plain(v) for v in col], ensure_ascii=False, default=str)
        return hashlib.sha256(text.encode("utf-8")).digest()


def _plain(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if hasattr(value, "item"):
        return value.item()
    return value


def entry_key(name: str, params: dict[str, Any], inputs: Iterable[Input]) -> str:
    """The key of one derived table (see the module docstring)."""
    from dxcompare.corpus.cache import code_fingerprint, key_for

    parts = [
        f"derived/{FORMAT}",
        name,
        code_fingerprint(),
        json.dumps(params, sort_keys=True, ensure_ascii=False, default=str),
    ]
    for frame, columns in inputs:
        parts.append(frame_digest(frame, columns, index=columns is None))
    return key_for(*parts)


# --------------------------------------------------------------------------------------------
# Reading and writing
# --------------------------------------------------------------------------------------------


def _tuple_columns(frame: pd.DataFrame) -> list[str]:
    """Object columns holding tuples: Parquet would give lists (or arrays) back."""
    out = []
    for name in frame.columns:
        col = frame[name]
        if col.dtype == object and any(isinstance(v, tuple | list) for v in col):
            out.append(str(name))
    return out


def _as_tuple(value: Any) -> Any:
    return tuple(_as_tuple(v) for v in value) if isinstance(value, list) else value


def _encode(frame: pd.DataFrame) -> Any:
    import pyarrow as pa

    tuples = _tuple_columns(frame)
    frame = frame.copy(deep=False)
    frame.attrs = {}  # a codebook or other object: the caller sets its attrs again
    if tuples:
        for name in tuples:
            frame[name] = [
                None if v is None else json.dumps(_plain(v), ensure_ascii=False)
                for v in frame[name]
            ]
    # pandas reads Parquet text back as its "str" dtype: remember which columns were object
    objects = [str(c) for c in frame.columns if frame[c].dtype == object and str(c) not in tuples]
    table = pa.Table.from_pandas(frame, preserve_index=None)
    meta = dict(table.schema.metadata or {})
    meta[_TUPLE_COLUMNS] = json.dumps(tuples).encode()
    meta[_OBJECT_COLUMNS] = json.dumps(objects).encode()
    return table.replace_schema_metadata(meta)


def _decode(table: Any) -> pd.DataFrame:
    meta = table.schema.metadata or {}
    tuples = json.loads(meta.get(_TUPLE_COLUMNS, b"[]"))
    objects = json.loads(meta.get(_OBJECT_COLUMNS, b"[]"))
    frame = table.to_pandas()
    for name in objects:
        frame[name] = pd.Series(table.column(name).to_pylist(), index=frame.index, dtype=object)
    for name in tuples:
        # Tuples are immutable, so equal cells share one decoded tuple (most repeat: "()")
        seen: dict[str, Any] = {}
        values = []
        for v in frame[name].tolist():
            if v is None or v != v:
                values.append(None)
                continue
            got = seen.get(v)
            if got is None:
                got = seen[v] = _as_tuple(json.loads(v))
            values.append(got)
        frame[name] = pd.Series(values, index=frame.index, dtype=object)
    return frame


def read_entry(path: Path) -> pd.DataFrame | None:
    """The stored table, or None if absent or unreadable (an unreadable file is removed)."""
    import pyarrow.parquet as pq

    if not path.is_file():
        return None
    try:
        return _decode(pq.read_table(path))
    except Exception as err:  # a truncated or foreign file: recompute, never trust it
        logger.warning("%s: unreadable derived table (%s); computing it again", path, err)
        with contextlib.suppress(OSError):
            path.unlink()
        return None


def _same(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    try:
        pd.testing.assert_frame_equal(a, b, check_exact=True, check_index_type=True)
    except AssertionError:
        return False
    return True


def write_entry(path: Path, frame: pd.DataFrame) -> bool:
    """Store the frame atomically if it reads back equal; True if stored."""
    import pyarrow.parquet as pq

    try:
        table = _encode(frame)
    except Exception as err:  # a column pyarrow cannot hold (mixed types): compute each time
        logger.info("%s: not storable as Parquet (%s)", path.name, err)
        return False
    if not _same(_decode(table), frame):
        logger.info("%s: would not read back identical; not stored", path.name)
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_temporaries(path.parent)
    tmp = path.with_name(f".tmp-{os.getpid()}-{path.name}")
    try:
        pq.write_table(table, tmp, compression="zstd")
        os.replace(tmp, path)
    except OSError as err:  # a full or read-only cache: the result is still returned
        logger.warning("%s: could not store the derived table (%s)", path, err)
        with contextlib.suppress(OSError):
            tmp.unlink()
        return False
    return True


def _remove_stale_temporaries(folder: Path) -> None:
    """Temporaries of a killed writer (older than an hour: no live writer takes that long)."""
    now = time.time()
    for tmp in folder.glob(".tmp-*.parquet"):
        with contextlib.suppress(OSError):
            if now - tmp.stat().st_mtime > _STALE_TEMPORARY_S:
                tmp.unlink()


# --------------------------------------------------------------------------------------------
# The one entry point
# --------------------------------------------------------------------------------------------


def cached(
    name: str,
    params: dict[str, Any],
    inputs: Sequence[Input],
    compute: Callable[[], pd.DataFrame],
) -> pd.DataFrame:
    """``compute()``, or the table an earlier call with the same name, params and inputs stored.

    ``inputs`` lists (frame, columns) pairs: exactly what ``compute`` reads (``columns=None``:
    every column and the index, for a result aligned with the frame's rows). The result is a
    fresh frame each call (callers may change it). ``attrs`` are not stored: set them again.
    """
    if not enabled():
        return compute()
    try:
        key = entry_key(name, params, inputs)
        folder = derived_dir()
    except Exception as err:  # no fingerprint, no cache folder: still compute
        logger.info("derived cache unavailable (%s)", err)
        return compute()
    path = folder / f"{name}-{key[:40]}.parquet"
    found = read_entry(path)
    if found is not None:
        return found
    lock = _lock(path)
    if lock is None:
        return _compute_and_store(name, path, compute)
    with lock:
        found = read_entry(path)  # another process may have stored it while we waited
        if found is not None:
            return found
        return _compute_and_store(name, path, compute)


def _compute_and_store(name: str, path: Path, compute: Callable[[], pd.DataFrame]) -> pd.DataFrame:
    logger.debug("computing %s (%s)", name, path.name)
    frame = compute()
    if isinstance(frame, pd.DataFrame):
        write_entry(path, frame)
    return frame


def _lock(path: Path) -> Any:
    try:
        from filelock import FileLock

        path.parent.mkdir(parents=True, exist_ok=True)
        return FileLock(str(path) + ".lock")
    except (ImportError, OSError) as err:
        logger.info("no lock for %s (%s): computing without one", path.name, err)
        return None


def cached_series(
    name: str,
    params: dict[str, Any],
    inputs: Sequence[Input],
    compute: Callable[[], pd.Series],
) -> pd.Series:
    """:func:`cached` for a Series (a token mask), stored as a one-column frame; name kept."""
    computed: list[pd.Series] = []

    def as_frame() -> pd.DataFrame:
        computed.append(compute())
        return computed[0].to_frame(name="value")

    frame = cached(name, params, inputs, as_frame)
    if computed:
        return computed[0]
    return frame["value"].rename(params.get("series_name"))


__all__ = [
    "ENV_SWITCH",
    "FORMAT",
    "cached",
    "cached_series",
    "derived_dir",
    "enabled",
    "entry_key",
    "frame_digest",
    "read_entry",
    "write_entry",
]
