"""A merged corpus as a cache entry: one Arrow IPC file per table and a JSON metadata file.

``corpora/ab/<key>/`` holds ``documents.arrow``, ``tokens.arrow``, ... (Arrow IPC files, also
called Feather v2: ``pyarrow.feather.read_table`` or R's ``arrow::read_feather`` open them)
and ``meta.json``: the format, the corpus key, the files set aside, and for every table its
file's size and SHA-256 and each column's exact pandas dtype (see :mod:`dxcompare.corpus.tables`).
``meta.json`` carries the SHA-256 of its own content too. A warm load reads each file once,
checks its size and checksum, and maps the Arrow columns back without copying text.

The folder is written in the session's temp folder and renamed into place in one step, so a
reader sees a whole entry or none.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import pandas as pd

from dxcompare.corpus import cache
from dxcompare.corpus.tables import BadEntry, Unencodable, frame_from_arrow, frame_to_arrow

FORMAT = "dxcorpus-1"
META = "meta.json"


def _digest(body: dict[str, Any]) -> str:
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


#: Merged entries kept per corpus folder: the newest and the one before (a notebook may still
#: be reading it). Older ones are superseded: their documents' entries make them cheap to merge.
KEEP_PER_SOURCE = 2


def store(
    key: str,
    tables: dict[str, pd.DataFrame],
    problems: list[tuple[str, str, str]],
    root: Path | None = None,
    source: str = "",
) -> Path | None:
    """Write a merged corpus; ``None`` if it cannot be written or described exactly (never fatal).

    Entries of the same ``source`` folder beyond the newest :data:`KEEP_PER_SOURCE` are removed:
    each change to a corpus would otherwise leave a whole copy of it behind.
    """
    import pyarrow as pa

    tmp = cache.temp_path(root)
    if tmp is None:
        return None
    try:
        tmp.mkdir()
        described: dict[str, Any] = {}
        for name, df in tables.items():
            table, meta = frame_to_arrow(df)
            path = tmp / f"{name}.arrow"
            sink = pa.BufferOutputStream()
            with pa.ipc.new_file(sink, table.schema) as writer:
                writer.write_table(table)
            data = sink.getvalue()
            # Hashed from the buffer just written: no second read of a 300 MB entry.
            digest = hashlib.sha256(memoryview(data)).hexdigest()
            with open(path, "wb") as fh:
                fh.write(memoryview(data))
            described[name] = {**meta, "file": path.name, "bytes": data.size, "sha256": digest}
            del table, data, sink
        body = {
            "format": FORMAT,
            "key": key,
            "source": source,
            "tables": described,
            "problems": problems,
        }
        (tmp / META).write_text(
            json.dumps({**body, "sha256": _digest(body)}, ensure_ascii=False), encoding="utf-8"
        )
    except (OSError, Unencodable):
        shutil.rmtree(tmp, ignore_errors=True)
        return None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    final = cache.entry_path(cache.CORPORA, key, root)
    if not cache.publish(tmp, final):
        return None
    if source:
        prune(source, keep=KEEP_PER_SOURCE, root=root)
    return final


def prune(source: str, keep: int = KEEP_PER_SOURCE, root: Path | None = None) -> list[Path]:
    """Remove all but the newest ``keep`` merged entries built from the folder ``source``."""
    base = (root or cache.cache_dir()) / cache.CORPORA
    mine: list[tuple[float, Path]] = []
    for meta_path in base.glob("*/*/" + META):
        folder = meta_path.parent
        if not cache._HEX64.fullmatch(folder.name) or folder.parent.name != folder.name[:2]:
            continue
        try:
            with open(meta_path, encoding="utf-8") as fh:
                head = fh.read(4096 + len(source) * 4)  # the source comes before the tables
            stamp = meta_path.stat().st_mtime
        except (OSError, UnicodeDecodeError):
            continue
        if f'"source": {json.dumps(source, ensure_ascii=False)},' in head:
            mine.append((stamp, folder))
    mine.sort(reverse=True)
    removed = []
    for _, folder in mine[keep:]:
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed


def load(
    key: str, names: tuple[str, ...], root: Path | None = None
) -> tuple[dict[str, pd.DataFrame], list[tuple[str, str, str]]] | None:
    """The tables and problems of a stored corpus, or ``None`` (absent, or unusable: removed, warned)."""
    folder = cache.entry_path(cache.CORPORA, key, root)
    try:
        text = (folder / META).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        if folder.is_dir():
            cache.discard(folder, f"unreadable cache metadata ({type(err).__name__})", stacklevel=4)
        return None
    try:
        return _load(folder, key, text, names)
    except BadEntry as err:
        cache.discard(folder, str(err), stacklevel=4)
        return None


def _load(
    folder: Path, key: str, text: str, names: tuple[str, ...]
) -> tuple[dict[str, pd.DataFrame], list[tuple[str, str, str]]]:
    import pyarrow as pa

    try:
        meta = json.loads(text)
        claimed = meta.pop("sha256")
    except (ValueError, KeyError, TypeError, AttributeError) as err:
        raise BadEntry("corrupt cache metadata (not the JSON this cache writes)") from err
    if claimed != _digest(meta):
        raise BadEntry("corrupt cache entry (truncated or altered: its checksum does not match)")
    if meta.get("format") != FORMAT or meta.get("key") != key:
        raise BadEntry("a cache entry of another format or corpus")
    described = meta.get("tables")
    if not isinstance(described, dict) or set(described) != set(names):
        raise BadEntry("a cache entry without the tables a corpus has")
    tables: dict[str, pd.DataFrame] = {}
    for name in names:
        info = described[name]
        if info.get("file") != f"{name}.arrow":
            raise BadEntry(f"an odd file name for table {name!r}")
        try:
            data = (folder / info["file"]).read_bytes()
        except OSError as err:
            raise BadEntry(f"missing table file {info['file']} ({type(err).__name__})") from err
        if len(data) != info.get("bytes") or hashlib.sha256(data).hexdigest() != info.get("sha256"):
            raise BadEntry(
                f"corrupt cache entry ({info['file']} truncated or altered: its checksum does not match)"
            )
        try:
            table = pa.ipc.open_file(pa.py_buffer(data)).read_all()
        except (pa.ArrowException, OSError, ValueError) as err:
            raise BadEntry(f"unreadable table file {info['file']} ({err})") from err
        with contextlib.suppress(AttributeError):
            del data  # the table's buffers keep what they use
        tables[name] = frame_from_arrow(table, info)
    problems = meta.get("problems")
    if not isinstance(problems, list) or not all(
        isinstance(p, list) and len(p) == 3 and all(isinstance(x, str) for x in p) for p in problems
    ):
        raise BadEntry("corrupt list of files set aside")
    return tables, [tuple(p) for p in problems]
