"""One built document as a cache entry: a JSON header and raw numeric arrays, never a pickle.

The result of :func:`dxcompare.corpus.build.build_document` holds row lists (``documents``,
``lines``, ``sentences``, ``normalization``), small DataFrames of facts (``mentions``,
``dates``, ``doc_refs``, ``targets``, ``events``) and the tokens as int32/bool arrays with
per-document vocabularies. An entry file is::

    DXDOC1 <SHA-256 of the rest, hex>\\n
    <8-byte little-endian length of the JSON><JSON, UTF-8><the arrays' bytes, little-endian>

The JSON says which array is where (dtype, offset, length) from a short list of numeric dtypes,
so reading an entry is ``json.loads`` and ``numpy.frombuffer``: it can hold wrong data, never
code. Decoding gives back a result equal to the one encoded, value for value and dtype for
dtype (``tests/corpus/test_cache_incremental.py``), so a merge of cached and fresh documents is the
merge of a cold build.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from dxcompare.corpus import cache
from dxcompare.corpus.tables import (
    BadEntry,
    Unencodable,
    dtype_of,
    frame_from_json,
    frame_to_json,
    frames_from_json,
    scalar,
)

MAGIC = b"DXDOC1 "
_HEADER_LEN = len(MAGIC) + 64 + 1
#: Bump when the entry layout changes (part of every document key).
LAYOUT = "dxdoc-1"

ROW_TABLES = ("documents", "lines", "sentences", "normalization")
FRAME_TABLES = ("mentions", "dates", "doc_refs", "targets", "events")
_TOKEN_ARRAYS = ("sentence_id", "token_id", "is_stop", "start", "end")
_TOKEN_CODED = ("token", "norm")
_DTYPES = {"<i4": np.dtype("<i4"), "<i8": np.dtype("<i8"), "|b1": np.dtype("?")}


# --------------------------------------------------------------------------------------------
# Encoding
# --------------------------------------------------------------------------------------------


def encode(result: dict[str, Any]) -> bytes:
    """The entry bytes of one document's build result (raises :class:`Unencodable`)."""
    expected = set(ROW_TABLES) | set(FRAME_TABLES) | {"tokens"}
    if set(result) != expected:
        raise Unencodable(f"a result with tables {sorted(result)}")
    blobs: list[bytes] = []
    offset = 0

    def array(a: np.ndarray) -> dict[str, Any]:
        nonlocal offset
        le = np.ascontiguousarray(a, dtype=a.dtype.newbyteorder("<"))
        code = le.dtype.str
        if code not in _DTYPES:
            raise Unencodable(f"an array of dtype {a.dtype}")
        data = le.tobytes()
        ref = {"dtype": code, "offset": offset, "count": int(le.size)}
        blobs.append(data)
        offset += len(data)
        return ref

    header: dict[str, Any] = {"layout": LAYOUT}
    for name in ROW_TABLES:
        header[name] = _rows_to_json(result[name])
    for name in FRAME_TABLES:
        part = result[name]
        if isinstance(part, pd.DataFrame):
            header[name] = {"frame": frame_to_json(part)}
        elif isinstance(part, list) and not part:
            header[name] = {"empty": True}
        else:
            raise Unencodable(f"{name} as a {type(part).__name__}")
    tokens = result["tokens"]
    if set(tokens) != set(_TOKEN_ARRAYS) | set(_TOKEN_CODED):
        raise Unencodable(f"tokens with columns {sorted(tokens)}")
    header["tokens"] = {
        **{col: array(np.asarray(tokens[col])) for col in _TOKEN_ARRAYS},
        **{
            col: {"codes": array(np.asarray(tokens[col][0])), "vocab": _strings(tokens[col][1])}
            for col in _TOKEN_CODED
        },
    }
    text = json.dumps(header, ensure_ascii=False, allow_nan=True, separators=(",", ":")).encode()
    payload = b"".join([len(text).to_bytes(8, "little"), text, *blobs])
    return MAGIC + hashlib.sha256(payload).hexdigest().encode("ascii") + b"\n" + payload


def _strings(values: Any) -> list[str]:
    out = list(values)
    if not all(type(v) is str for v in out):
        raise Unencodable("a vocabulary that is not all text")
    return out


def _rows_to_json(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Rows as columns (one key list for all rows: they are built alike)."""
    if not rows:
        return {"keys": [], "columns": [], "n": 0}
    keys = list(rows[0])
    if any(list(r) != keys for r in rows):
        raise Unencodable("rows with different keys")
    columns = [[scalar(r[k]) for r in rows] for k in keys]
    return {"keys": keys, "columns": columns, "n": len(rows)}


# --------------------------------------------------------------------------------------------
# Decoding
# --------------------------------------------------------------------------------------------


def decode(blob: bytes, *, frames: bool = True) -> dict[str, Any]:
    """The build result an entry holds; :class:`BadEntry` if it is corrupt or not an entry.

    ``frames=False`` leaves the fact tables as their JSON descriptions (for
    :func:`tables.frames_from_json`, which builds many documents' frames at once).
    """
    if len(blob) < _HEADER_LEN + 8 or not blob.startswith(MAGIC):
        raise BadEntry("not a document cache entry (wrong or missing header)")
    digest = blob[len(MAGIC) : _HEADER_LEN - 1]
    payload = memoryview(blob)[_HEADER_LEN:]
    if blob[_HEADER_LEN - 1 : _HEADER_LEN] != b"\n" or (
        hashlib.sha256(payload).hexdigest().encode("ascii") != digest
    ):
        raise BadEntry("corrupt cache entry (truncated or altered: its checksum does not match)")
    n = int.from_bytes(payload[:8], "little")
    if n > len(payload) - 8:
        raise BadEntry("corrupt cache entry (its header runs past its end)")
    try:
        header = json.loads(bytes(payload[8 : 8 + n]))
    except ValueError as err:
        raise BadEntry(f"unreadable cache entry header ({err})") from err
    base = _HEADER_LEN + 8 + n
    try:
        return _result(header, blob, base, frames)
    except (KeyError, TypeError, AttributeError, IndexError, ValueError) as err:
        if isinstance(err, BadEntry):
            raise
        raise BadEntry(f"unreadable cache entry ({type(err).__name__}: {err})") from err


def _result(header: dict[str, Any], blob: bytes, base: int, frames: bool) -> dict[str, Any]:
    if not isinstance(header, dict) or header.get("layout") != LAYOUT:
        raise BadEntry("a cache entry of another layout")

    def array(ref: dict[str, Any]) -> np.ndarray:
        dtype = _DTYPES.get(ref["dtype"])
        count, offset = ref["count"], ref["offset"]
        if dtype is None or not isinstance(count, int) or not isinstance(offset, int):
            raise BadEntry(f"an array reference {ref!r}")
        if count < 0 or offset < 0 or base + offset + count * dtype.itemsize > len(blob):
            raise BadEntry("an array that runs past the end of its entry")
        out = np.frombuffer(blob, dtype=dtype, count=count, offset=base + offset)
        return out.astype(dtype.newbyteorder("="), copy=False)

    result: dict[str, Any] = {}
    for name in ROW_TABLES:
        result[name] = _rows_from_json(header[name])
    for name in FRAME_TABLES:
        part = header[name]
        if part.get("empty"):
            result[name] = []
        elif frames:
            result[name] = frame_from_json(part["frame"])
        else:
            result[name] = _FrameJSON(part["frame"])
    tokens = header["tokens"]
    out: dict[str, Any] = {col: array(tokens[col]) for col in _TOKEN_ARRAYS}
    for col in _TOKEN_CODED:
        codes, vocab = array(tokens[col]["codes"]), tokens[col]["vocab"]
        if not isinstance(vocab, list) or not all(type(v) is str for v in vocab):
            raise BadEntry("a token vocabulary that is not a list of text")
        if len(codes) and (codes.min() < 0 or codes.max() >= len(vocab)):
            raise BadEntry("token codes outside their vocabulary")
        out[col] = (codes, vocab)
    lengths = {len(out[c]) for c in _TOKEN_ARRAYS} | {len(out[c][0]) for c in _TOKEN_CODED}
    if len(lengths) != 1:
        raise BadEntry("token columns of different lengths")
    result["tokens"] = out
    return result


class _FrameJSON(dict):
    """A fact table still in its JSON form (``decode(..., frames=False)``)."""


class ColumnRows:
    """Rows kept as columns: a list of dicts to read, one list per key for the merge to extend.

    >>> rows = ColumnRows(["doc_id", "line_no"], [["lao-cai", "lao-cai"], [1, 2]], 2)
    >>> list(rows)[1]
    {'doc_id': 'lao-cai', 'line_no': 2}
    """

    __slots__ = ("keys", "columns", "n")

    def __init__(self, keys: list[str], columns: list[list[Any]], n: int) -> None:
        self.keys, self.columns, self.n = keys, columns, n

    def __len__(self) -> int:
        return self.n

    def __iter__(self):
        for values in zip(*self.columns, strict=True):
            yield dict(zip(self.keys, values, strict=True))

    def __getitem__(self, i: int) -> dict[str, Any]:
        return dict(zip(self.keys, (c[i] for c in self.columns), strict=True))

    def __eq__(self, other: object) -> bool:
        return list(self) == list(other) if isinstance(other, list | ColumnRows) else NotImplemented

    __hash__ = None  # type: ignore[assignment]


def _rows_from_json(data: dict[str, Any]) -> ColumnRows:
    keys, columns, n = data["keys"], data["columns"], data["n"]
    if not isinstance(n, int) or len(keys) != len(columns) or any(len(c) != n for c in columns):
        raise BadEntry("row columns of different lengths")
    if not all(type(k) is str for k in keys) or len(set(keys)) != len(keys):
        raise BadEntry("row keys that are not distinct text")
    for c in columns:
        for v in c:
            if not (v is None or isinstance(v, str | bool | int | float)):
                raise BadEntry("a row value that is not a scalar")
    return ColumnRows(keys, columns, n)


# --------------------------------------------------------------------------------------------
# On disk
# --------------------------------------------------------------------------------------------


def exists(key: str, root: Path | None = None) -> bool:
    try:
        return cache.entry_path(cache.DOCUMENTS, key, root).is_file()
    except OSError:
        return False


def load(key: str, doc_id: str, root: Path | None = None) -> dict[str, Any] | None:
    """The cached result of one document, or ``None`` (absent, or unusable: then removed, warned)."""
    path = cache.entry_path(cache.DOCUMENTS, key, root)
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    try:
        result = decode(blob)
        _check_doc(result, doc_id)
    except BadEntry as err:
        cache.discard(path, str(err), stacklevel=4)
        return None
    return result


def load_many(
    wanted: list[tuple[str, str]], root: Path | None = None
) -> list[dict[str, Any] | None]:
    """``load(key, doc_id)`` for each pair, with every document's fact tables built together."""
    results: list[dict[str, Any] | None] = []
    for key, doc_id in wanted:
        path = cache.entry_path(cache.DOCUMENTS, key, root)
        try:
            blob = path.read_bytes()
        except OSError:
            results.append(None)
            continue
        try:
            result = decode(blob, frames=False)
            _check_doc(result, doc_id)
            for name in FRAME_TABLES:  # each document's tables checked alone, then pooled
                if isinstance(result[name], _FrameJSON):
                    _check_frame(result[name])
        except BadEntry as err:
            cache.discard(path, str(err), stacklevel=4)
            results.append(None)
            continue
        results.append(result)
    for name in FRAME_TABLES:
        where = [
            (i, r[name]) for i, r in enumerate(results) if r and isinstance(r[name], _FrameJSON)
        ]
        built = frames_from_json([item for _, item in where])
        for (i, _), frame in zip(where, built, strict=True):
            results[i][name] = frame  # type: ignore[index]
    return results


def _check_doc(result: dict[str, Any], doc_id: str) -> None:
    docs = result["documents"]
    if len(docs) != 1 or docs[0].get("doc_id") != doc_id:
        raise BadEntry(f"an entry for another document than {doc_id!r}")


def _check_frame(item: dict[str, Any]) -> None:
    """Everything :func:`frame_from_json` would refuse, without building the frame."""
    try:
        names, codecs, values, rows = item["columns"], item["codecs"], item["values"], item["rows"]
        if not (isinstance(names, list) and isinstance(rows, int) and rows >= 0):
            raise BadEntry("a stored table without columns or row count")
        if not len(names) == len(codecs) == len(values) or not all(type(n) is str for n in names):
            raise BadEntry("columns, codecs and values differ in number")
        if item["columns_dtype"] not in ("str", "object"):
            raise BadEntry("unknown column index dtype")
        if any(c.get("kind") == "cat" for c in codecs):
            frame_from_json(item)  # never pooled: built (and so checked) alone
            return
        for codec, vals in zip(codecs, values, strict=True):
            dtype_of(codec)
            if not isinstance(vals, list) or len(vals) != rows:
                raise BadEntry("a column whose length is not the table's")
            for v in vals:
                if not (v is None or isinstance(v, str | bool | int | float)):
                    raise BadEntry("a table cell that is not a scalar")
    except (KeyError, TypeError, AttributeError) as err:
        raise BadEntry(f"not a stored table ({type(err).__name__}: {err})") from err


def store(key: str, result: dict[str, Any], root: Path | None = None) -> bool:
    """Write one document's entry atomically; ``False`` if it cannot be (never fatal)."""
    try:
        data = encode(result)
    except Unencodable:
        return False  # stored inexactly it would differ from a cold build: build it each time
    tmp = cache.temp_path(root, ".dxdoc")
    if tmp is None:
        return False
    try:
        tmp.write_bytes(data)
    except OSError:
        tmp.unlink(missing_ok=True)
        return False
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return cache.publish(tmp, cache.entry_path(cache.DOCUMENTS, key, root))
