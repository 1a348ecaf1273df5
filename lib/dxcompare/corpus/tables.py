"""DataFrames to data-only formats and back, dtype for dtype: JSON columns and Arrow IPC tables.

A warm load must give the very tables a cold build gives (``assert_frame_equal`` passes, doc
ids, categoricals and ``None``-versus-``NaN`` included), and reading a cache entry must never
run code. So every column is described by a small JSON *codec* naming its exact pandas dtype,
and its values travel as JSON scalars (small per-document frames) or as an Arrow array (the
merged corpus):

- ``num``: int / float / bool NumPy dtypes; in Arrow the same primitive type.
- ``str``: pandas' ``str`` (``StringDtype``); in Arrow ``large_string``, shared without a copy.
- ``ext``: ``Int64``, ``boolean``, ``Float64`` ...; in Arrow the primitive type with nulls.
- ``cat``: ``category`` (categories and their order kept); in Arrow ``dictionary<int32, ...>``.
- ``objstr``: ``object`` holding only ``str`` and ``None``; in Arrow ``large_string`` with nulls.
- ``json``: any other ``object`` column of scalars (``None``, ``NaN``, ints, floats, bools and
  text mixed); in Arrow ``struct<t: int8, s, i, f>``, a type tag per cell and one child per type.

A column this cannot describe exactly (timestamps, lists in cells, a non-default index) raises
:class:`Unencodable`; the caller then skips the cache for it rather than store it inexactly.
"""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np
import pandas as pd

_NUMERIC = frozenset(
    "bool int8 int16 int32 int64 uint8 uint16 uint32 uint64 float32 float64".split()
)
_EXTENSION = frozenset(
    "Int8 Int16 Int32 Int64 UInt8 UInt16 UInt32 UInt64 Float32 Float64 boolean".split()
)


class Unencodable(ValueError):
    """A table or value these formats cannot reproduce exactly."""


class BadEntry(ValueError):
    """A stored description that does not decode (corrupt, foreign or hostile)."""


# --------------------------------------------------------------------------------------------
# Scalars
# --------------------------------------------------------------------------------------------


def scalar(x: Any) -> Any:
    """A cell as a JSON scalar of the same Python type family (NumPy scalars become Python ones)."""
    if x is None or isinstance(x, str | bool | int | float):
        return x
    if isinstance(x, np.bool_):
        return bool(x)
    if isinstance(x, np.integer):
        return int(x)
    if isinstance(x, np.floating):
        return float(x)
    raise Unencodable(f"a {type(x).__name__} in a table cell")


def _check_scalars(values: list[Any]) -> list[Any]:
    for v in values:
        if not (v is None or isinstance(v, str | bool | int | float)):
            raise BadEntry(f"a {type(v).__name__} where a table cell was expected")
    return values


# --------------------------------------------------------------------------------------------
# Codecs: one per column
# --------------------------------------------------------------------------------------------


def column_codec(series: pd.Series) -> dict[str, Any]:
    """The description of one column's dtype (without its values)."""
    return _codec(series.array, series.name)


def _codec(values: Any, name: Any) -> dict[str, Any]:
    """:func:`column_codec` of a column given as its array (ndarray or extension array)."""
    dtype = values.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        cats = pd.Series(dtype.categories)
        return {"kind": "cat", "ordered": bool(dtype.ordered), "categories": column_codec(cats)}
    if isinstance(dtype, pd.StringDtype):
        na = "nan" if _is_nan(dtype.na_value) else "NA"
        return {"kind": "str", "storage": dtype.storage, "na": na}
    kind = str(dtype)
    if kind in _EXTENSION:
        return {"kind": "ext", "dtype": kind}
    if kind in _NUMERIC:
        return {"kind": "num", "dtype": kind}
    if kind == "object":
        if all(v is None or type(v) is str for v in values):
            return {"kind": "objstr"}
        return {"kind": "json"}
    raise Unencodable(f"column {name!r} of dtype {kind}")


def _is_nan(x: Any) -> bool:
    return isinstance(x, float) and math.isnan(x)


def _string_dtype(codec: dict[str, Any]) -> pd.StringDtype:
    storage = codec.get("storage")
    if storage not in ("pyarrow", "python"):
        raise BadEntry(f"unknown string storage {storage!r}")
    return pd.StringDtype(storage, na_value=np.nan if codec.get("na") == "nan" else pd.NA)


def dtype_of(codec: dict[str, Any]) -> Any:
    """The pandas dtype a codec names (validated: a stored codec is untrusted input)."""
    kind = codec.get("kind")
    if kind == "num":
        if codec.get("dtype") not in _NUMERIC:
            raise BadEntry(f"unknown dtype {codec.get('dtype')!r}")
        return np.dtype(codec["dtype"])
    if kind == "ext":
        if codec.get("dtype") not in _EXTENSION:
            raise BadEntry(f"unknown dtype {codec.get('dtype')!r}")
        return pd.api.types.pandas_dtype(codec["dtype"])
    if kind == "str":
        return _string_dtype(codec)
    if kind in ("objstr", "json"):
        return np.dtype(object)
    raise BadEntry(f"unknown column kind {kind!r}")


def _index_ok(df: pd.DataFrame) -> None:
    idx = df.index
    if not (
        isinstance(idx, pd.RangeIndex) and idx.start == 0 and idx.step == 1 and idx.name is None
    ):
        raise Unencodable("a table whose index is not the default 0..n-1")
    if not all(isinstance(c, str) for c in df.columns) or df.columns.has_duplicates:
        raise Unencodable("a table whose column names are not distinct strings")


def _columns_index(names: list[str], dtype: str) -> pd.Index:
    if dtype == "str":
        return pd.Index(names, dtype="str")
    if dtype == "object":
        return pd.Index(names, dtype=object)
    raise BadEntry(f"unknown column index dtype {dtype!r}")


# --------------------------------------------------------------------------------------------
# JSON: small frames (one document's facts)
# --------------------------------------------------------------------------------------------


def frame_to_json(df: pd.DataFrame) -> dict[str, Any]:
    """A frame as JSON-ready data: ``{"columns", "columns_dtype", "codecs", "values"}``."""
    _index_ok(df)
    codecs, values = [], []
    for i, name in enumerate(df.columns):
        # The column's array without a Series around it (a Series costs more than the values
        # of a document's small table); values as iterating ``series.array`` gives them.
        column = _column_array(df, i)
        codec = _codec(column, name)
        codecs.append(codec)
        values.append(_array_json(column, codec))
    return {
        "columns": list(df.columns),
        "columns_dtype": str(df.columns.dtype),
        "codecs": codecs,
        "values": values,
        "rows": len(df),
    }


def _column_array(df: pd.DataFrame, i: int) -> Any:
    mgr = getattr(df, "_mgr", None)
    if mgr is not None and hasattr(mgr, "iget_values"):
        return mgr.iget_values(i)
    return df.iloc[:, i].array


def _json_values(series: pd.Series, codec: dict[str, Any]) -> Any:
    return _array_json(series.array, codec)


def _array_json(values: Any, codec: dict[str, Any]) -> Any:
    kind = codec["kind"]
    if kind == "cat":
        cats = pd.Series(values.categories)
        return {
            "codes": values.codes.astype(np.int64).tolist(),
            "categories": _json_values(cats, codec["categories"]),
        }
    if kind == "num":
        return np.asarray(values).tolist()
    if kind in ("str", "ext"):
        return [None if v is pd.NA or _is_nan(v) else scalar(v) for v in values]
    if kind == "objstr":
        return list(values)  # only str and None: scalar() would give each back as it is
    return [scalar(v) for v in values]


def frame_from_json(data: dict[str, Any]) -> pd.DataFrame:
    """The frame :func:`frame_to_json` described, with the same dtypes."""
    try:
        names, codecs, values = data["columns"], data["codecs"], data["values"]
        rows = data["rows"]
        if not (isinstance(names, list) and len(names) == len(codecs) == len(values)):
            raise BadEntry("columns, codecs and values differ in number")
        columns = {}
        for name, codec, vals in zip(names, codecs, values, strict=True):
            col = _json_column(codec, vals)
            if len(col) != rows:
                raise BadEntry(f"column {name!r} has {len(col)} values for {rows} rows")
            columns[name] = pd.Series(col, dtype=col.dtype if hasattr(col, "dtype") else None)
        df = pd.DataFrame(columns, index=pd.RangeIndex(rows))
        df.columns = _columns_index(list(names), data["columns_dtype"])
        return df
    except (KeyError, TypeError, AttributeError) as err:
        raise BadEntry(f"not a stored table ({type(err).__name__}: {err})") from err


def frames_from_json(items: list[dict[str, Any]]) -> list[pd.DataFrame]:
    """Many small frames at once, each equal to ``frame_from_json(item)``.

    A pandas DataFrame costs about a millisecond to construct however small it is, and a merge
    of 5,000 cached documents needs 25,000 of them. Frames with the same columns and dtypes
    (nearly all of one table's) are built as one frame and handed out as slices of it.
    """
    groups: dict[str, list[int]] = {}
    for i, item in enumerate(items):
        try:
            codecs = item["codecs"]
            if any(c.get("kind") == "cat" for c in codecs):
                signature = f"single:{i}"  # categories live in the values: never pooled
            else:
                signature = json.dumps([item["columns"], item["columns_dtype"], codecs])
        except (KeyError, TypeError, AttributeError) as err:
            raise BadEntry(f"not a stored table ({type(err).__name__}: {err})") from err
        groups.setdefault(signature, []).append(i)
    out: list[pd.DataFrame | None] = [None] * len(items)
    for members in groups.values():
        if len(members) == 1:
            out[members[0]] = frame_from_json(items[members[0]])
            continue
        first = items[members[0]]
        rows = [items[i]["rows"] for i in members]
        if not all(isinstance(r, int) and r >= 0 for r in rows):
            raise BadEntry("a table whose row count is not a count")
        values = [[] for _ in first["columns"]]
        for i in members:
            vals = items[i]["values"]
            if not isinstance(vals, list) or len(vals) != len(values):
                raise BadEntry("columns, codecs and values differ in number")
            for column, v in zip(values, vals, strict=True):
                if not isinstance(v, list) or len(v) != items[i]["rows"]:
                    raise BadEntry("a column whose length is not the table's")
                column.extend(v)
        pooled = frame_from_json({**first, "values": values, "rows": sum(rows)})
        start = 0
        for i, n in zip(members, rows, strict=True):
            part = pooled.iloc[start : start + n]
            part.index = pd.RangeIndex(n)  # a view with its own axis: no copy of the data
            out[i] = part
            start += n
    return out  # type: ignore[return-value]


def _json_column(codec: dict[str, Any], vals: Any) -> Any:
    if not isinstance(codec, dict):
        raise BadEntry("a column codec that is not an object")
    kind = codec.get("kind")
    if kind == "cat":
        cats = _json_column(codec["categories"], vals["categories"])
        codes = np.asarray(vals["codes"], dtype=np.int64)
        dtype = pd.CategoricalDtype(pd.Index(cats), ordered=bool(codec.get("ordered")))
        return pd.Categorical.from_codes(codes, dtype=dtype)
    if not isinstance(vals, list):
        raise BadEntry("column values that are not a list")
    dtype = dtype_of(codec)
    if kind == "num":
        return np.array(_check_scalars(vals), dtype=dtype) if vals else np.empty(0, dtype=dtype)
    if kind in ("str", "ext"):
        return pd.array(_check_scalars(vals), dtype=dtype)
    out = np.empty(len(vals), dtype=object)
    out[:] = _check_scalars(vals)
    return out


# --------------------------------------------------------------------------------------------
# Arrow: the merged corpus
# --------------------------------------------------------------------------------------------


def frame_to_arrow(df: pd.DataFrame) -> tuple[Any, dict[str, Any]]:
    """A frame as a ``pyarrow.Table`` (one chunk per column) and its JSON description."""
    import pyarrow as pa

    _index_ok(df)
    arrays, codecs = [], []
    for name in df.columns:
        series = df[name]
        codec = column_codec(series)
        arrays.append(_arrow_values(series, codec))
        codecs.append(codec)
    table = pa.Table.from_arrays(arrays, names=list(df.columns)).combine_chunks()
    meta = {
        "columns": list(df.columns),
        "columns_dtype": str(df.columns.dtype),
        "codecs": codecs,
        "rows": len(df),
    }
    return table, meta


def _arrow_values(series: pd.Series, codec: dict[str, Any]) -> Any:
    import pyarrow as pa

    kind = codec["kind"]
    if kind == "num":
        return pa.array(series.to_numpy())
    if kind == "str":
        return pa.array(series.array, type=pa.large_string())
    if kind == "ext":
        return pa.array(series.array)
    if kind == "cat":
        cat = series.array
        cats = pd.Series(cat.categories)
        codes = cat.codes.astype(np.int32)
        indices = pa.array(codes, mask=codes < 0)
        return pa.DictionaryArray.from_arrays(indices, _arrow_values(cats, codec["categories"]))
    if kind == "objstr":
        return pa.array(series.to_numpy(dtype=object), type=pa.large_string(), from_pandas=False)
    return _mixed_to_arrow(series.array)


# Tags of a mixed object column's cells in Arrow: which child holds the value.
_NONE, _STR, _INT, _FLOAT, _BOOL = 0, 1, 2, 3, 4


def _mixed_to_arrow(values: Any) -> Any:
    """An object column of mixed scalars as ``struct<t: int8, s: text, i: int64, f: float64>``."""
    import pyarrow as pa

    n = len(values)
    tags = np.zeros(n, dtype=np.int8)
    texts: list[str | None] = [None] * n
    ints = np.zeros(n, dtype=np.int64)
    floats = np.zeros(n, dtype=np.float64)
    for k, v in enumerate(values):
        v = scalar(v)
        if v is None:
            continue
        if isinstance(v, str):
            tags[k], texts[k] = _STR, v
        elif isinstance(v, bool):
            tags[k], ints[k] = _BOOL, int(v)
        elif isinstance(v, int):
            if not -(2**63) <= v < 2**63:
                raise Unencodable("an integer beyond 64 bits in a table cell")
            tags[k], ints[k] = _INT, v
        else:
            tags[k], floats[k] = _FLOAT, v
    return pa.StructArray.from_arrays(
        [pa.array(tags), pa.array(texts, type=pa.large_string()), pa.array(ints), pa.array(floats)],
        names=["t", "s", "i", "f"],
    )


def _mixed_from_arrow(col: Any) -> np.ndarray:
    import pyarrow as pa

    if not pa.types.is_struct(col.type) or [f.name for f in col.type] != ["t", "s", "i", "f"]:
        raise BadEntry(f"a {col.type} column where mixed cells were expected")
    chunk = col.combine_chunks() if col.num_chunks != 1 else col.chunk(0)
    tags = chunk.field("t").to_numpy(zero_copy_only=False)
    out = np.empty(len(tags), dtype=object)  # None where the tag says so
    if not np.isin(tags, (_NONE, _STR, _INT, _FLOAT, _BOOL)).all():
        raise BadEntry("an unknown cell tag in a mixed column")
    for tag, field, convert in (
        (_STR, "s", None),
        (_INT, "i", None),
        (_FLOAT, "f", None),
        (_BOOL, "i", bool),
    ):
        mask = tags == tag
        if mask.any():
            values = chunk.field(field).to_numpy(zero_copy_only=False)[mask]
            # astype(object) gives Python int / float / bool objects, as the cold build holds
            out[mask] = (values.astype(bool) if convert else values).astype(object)
    return out


def frame_from_arrow(table: Any, meta: dict[str, Any]) -> pd.DataFrame:
    """The frame :func:`frame_to_arrow` described."""
    try:
        names, codecs, rows = meta["columns"], meta["codecs"], meta["rows"]
        if list(table.column_names) != list(names) or len(codecs) != len(names):
            raise BadEntry("the table's columns are not the ones its metadata lists")
        if table.num_rows != rows:
            raise BadEntry(f"{table.num_rows} rows where the metadata says {rows}")
        columns = {}
        for name, codec in zip(names, codecs, strict=True):
            columns[name] = _series(_arrow_column(table.column(name), codec))
        df = pd.DataFrame(columns, index=pd.RangeIndex(rows), copy=False)
        df.columns = _columns_index(list(names), meta["columns_dtype"])
        return df
    except (KeyError, TypeError, AttributeError) as err:
        raise BadEntry(f"not a stored table ({type(err).__name__}: {err})") from err


def _series(values: Any) -> pd.Series:
    dtype = getattr(values, "dtype", None)
    return pd.Series(values, dtype=dtype, copy=False)


def _arrow_column(col: Any, codec: dict[str, Any]) -> Any:
    import pyarrow as pa

    if not isinstance(codec, dict):
        raise BadEntry("a column codec that is not an object")
    kind = codec.get("kind")
    if kind == "cat":
        if not pa.types.is_dictionary(col.type):
            raise BadEntry("a categorical column stored without its dictionary")
        chunk = col.combine_chunks() if col.num_chunks != 1 else col.chunk(0)
        cats = _arrow_column(pa.chunked_array([chunk.dictionary]), codec["categories"])
        codes = chunk.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int32)
        dtype = pd.CategoricalDtype(pd.Index(cats), ordered=bool(codec.get("ordered")))
        return pd.Categorical.from_codes(codes, dtype=dtype)
    dtype = dtype_of(codec)
    if kind == "num":
        if col.null_count or str(col.type) != str(pa.from_numpy_dtype(dtype)):
            raise BadEntry(f"a {col.type} column where {dtype} was expected")
        # A copy: arrays viewing the read buffer would be read-only, and users assign into tables.
        return np.array(col.to_numpy(), dtype=dtype, copy=True)
    if kind in ("str", "ext"):
        return dtype.__from_arrow__(col)
    if kind == "json":
        return _mixed_from_arrow(col)
    if not (pa.types.is_large_string(col.type) or pa.types.is_string(col.type)):
        raise BadEntry(f"a {col.type} column where text was expected")
    return col.to_numpy(zero_copy_only=False)
