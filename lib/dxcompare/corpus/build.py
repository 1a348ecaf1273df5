"""Build a corpus: a map over documents (read, normalize, label, segment, extract) and a merge.

``load_corpus("seeds")`` returns a :class:`Corpus` whose tables follow :mod:`dxcompare.schema`.
Building is cached on disk (see :mod:`dxcompare.corpus.cache`): each document by its bytes, its
path and manifest row, the phrase list and the library's own code, and the merged corpus by all
of its documents' keys. A notebook reloads an unchanged corpus without segmenting again, and
adding, editing or removing one document rebuilds that document, then merges.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from dxcompare import schema
from dxcompare._log import progress_bar
from dxcompare.corpus import cache, corpusentry, docentry
from dxcompare.errors import CorpusError, DxError, Problem, UnreadableFileError

#: Bump when the layout of the cached tables changes in a way the code fingerprint cannot see.
CACHE_LAYOUT = "3"

# Columns stored as categoricals: repeated strings cost little memory and unpickle fast.
_CATEGORICAL = {
    "tokens": ("doc_id", "token", "norm"),
    "sentences": ("doc_id",),
    "lines": ("doc_id", "label"),
    "mentions": ("doc_id", "surface", "province", "province_2025"),
}

_TABLES = (
    "documents",
    "lines",
    "sentences",
    "tokens",
    "mentions",
    "dates",
    "doc_refs",
    "targets",
    "events",
    "normalization",
)


@dataclass
class Corpus:
    """A built corpus: one DataFrame per level of analysis (see :mod:`dxcompare.schema`).

    Attributes: ``documents``, ``lines``, ``sentences``, ``tokens``, ``mentions``, ``dates``,
    ``doc_refs``, ``targets``, ``events``, ``normalization`` (the audit trail) and ``problems``
    (files set aside, with the reason and the fix).
    """

    documents: pd.DataFrame
    lines: pd.DataFrame
    sentences: pd.DataFrame
    tokens: pd.DataFrame
    mentions: pd.DataFrame
    dates: pd.DataFrame
    doc_refs: pd.DataFrame
    targets: pd.DataFrame
    events: pd.DataFrame
    normalization: pd.DataFrame
    problems: pd.DataFrame
    source: str = ""
    key: str = ""
    from_cache: bool = field(default=False, compare=False)

    def __len__(self) -> int:
        return len(self.documents)

    def __repr__(self) -> str:
        return (
            f"<Corpus {self.source!r}: {len(self.documents)} documents, "
            f"{len(self.sentences)} body sentences, {len(self.tokens)} words, "
            f"{len(self.problems)} set aside>"
        )

    @property
    def provinces(self) -> list[str]:
        """The primary provinces found in the corpus, sorted."""
        return sorted(p for p in self.documents["primary_province"].dropna().unique())

    def document(self, doc_id: str) -> pd.Series:
        """One row of ``documents``; a clear error for an unknown id."""
        rows = self.documents[self.documents["doc_id"] == doc_id]
        if rows.empty:
            raise KeyError(
                f"no document {doc_id!r}; known ids: {', '.join(self.documents['doc_id'])}"
            )
        return rows.iloc[0]

    def audit(self) -> pd.DataFrame:
        """What normalization changed, summed per rule: rule, n_changes, n_documents, example."""
        norm = self.normalization
        if norm.empty:
            return pd.DataFrame(columns=["rule", "n_changes", "n_documents", "example"])
        grouped = norm.groupby("rule", sort=True)
        out = grouped.agg(n_changes=("count", "sum"), n_documents=("doc_id", "nunique"))
        examples = grouped.apply(
            lambda g: f"{_clip(g.iloc[0]['before'])!r} -> {_clip(g.iloc[0]['after'])!r}",
            include_groups=False,
        )
        out["example"] = examples
        return out.reset_index()

    def line_labels(self) -> pd.DataFrame:
        """Count of lines per document and label (what was kept as body and what was set aside)."""
        counts = self.lines.groupby(["doc_id", "label"], observed=True).size()
        return counts.unstack(fill_value=0).reset_index()

    def summary(self) -> str:
        """A plain-text summary: documents, metadata, line labels, normalization audit, problems."""
        from dxcompare.corpus.summary import corpus_summary

        return corpus_summary(self)


def _clip(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


# --------------------------------------------------------------------------------------------
# One document
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentTask:
    """Everything needed to build one document, picklable for worker processes and Dask."""

    path: str
    doc_id: str
    override: dict[str, str]
    phrases_path: str | None = None


def build_document(task: DocumentTask) -> dict[str, Any]:
    """Read, normalize, label, segment and extract one document.

    Returns ``{"problem": Problem}`` for a file that cannot be read, else a dict of row lists
    keyed by table name. Pure: the same task always gives the same result.
    """
    from dxcompare.ingest.reading import read_document

    try:
        raw = read_document(Path(task.path))
    except UnreadableFileError as err:
        return {"problem": Problem(err.path, err.problem, err.fix)}
    return _process(raw, task)


def _process(raw: Any, task: DocumentTask) -> dict[str, Any]:
    from dxcompare.annotate import lines as lines_mod
    from dxcompare.annotate import maps as maps_mod
    from dxcompare.annotate import metadata as metadata_mod
    from dxcompare.annotate import normalize as normalize_mod
    from dxcompare.annotate import official as official_mod
    from dxcompare.annotate import outlets as outlets_mod
    from dxcompare.annotate import provinces as provinces_mod
    from dxcompare.annotate import segment as segment_mod
    from dxcompare.annotate import wraps as wraps_mod
    from dxcompare.extract import dates as dates_mod
    from dxcompare.extract import events as events_mod
    from dxcompare.extract import goals as goals_mod
    from dxcompare.extract import references as references_mod
    from dxcompare.extract import tables as tables_mod
    from dxcompare.extract import targets as targets_mod

    doc_id = task.doc_id
    original_lines = lines_mod.split_lines(raw.text)
    norm_lines: list[str] = []
    audit: list[dict[str, Any]] = []
    for line_no, line in enumerate(original_lines, start=1):
        norm, changes = normalize_mod.normalize_line(line)
        norm_lines.append(norm)
        for rule, before, after, count in changes:
            audit.append(
                dict(
                    doc_id=doc_id,
                    line_no=line_no,
                    rule=rule,
                    before=before,
                    after=after,
                    count=count,
                )
            )
    for line_no, encoding, surface in raw.line_encodings:
        # A line decoded apart from the rest of its file: the audit shows it as it was read.
        if line_no <= len(original_lines):
            audit.append(
                dict(
                    doc_id=doc_id,
                    line_no=line_no,
                    rule=f"line_encoding:{encoding}",
                    before=surface,
                    after=original_lines[line_no - 1],
                    count=1,
                )
            )
    labels = lines_mod.label_lines(norm_lines)
    sections = official_mod.section_labels(norm_lines, labels)

    # The body: lines labelled "body", editor anchors removed, joined by "\n".
    line_rows: list[dict[str, Any]] = []
    body_parts: list[str] = []
    offset = 0
    for line_no, (orig, norm, label) in enumerate(
        zip(original_lines, norm_lines, labels, strict=True), 1
    ):
        start = end = -1
        if label == "body":
            cleaned, n_anchors = lines_mod.strip_editor_anchors(norm)
            if n_anchors:
                anchors = " ".join(lines_mod.editor_anchors(norm))
                audit.append(
                    dict(
                        doc_id=doc_id,
                        line_no=line_no,
                        rule="editor_anchor",
                        before=anchors,
                        after="",
                        count=n_anchors,
                    )
                )
            start, end = offset, offset + len(cleaned)
            body_parts.append(cleaned)
            offset = end + 1
            norm = cleaned
        line_rows.append(
            dict(
                doc_id=doc_id,
                line_no=line_no,
                text=norm,
                original=orig,
                label=label,
                start=start,
                end=end,
                section=sections[line_no - 1],
            )
        )
    body = "\n".join(body_parts)

    meta = metadata_mod.detect_metadata(norm_lines, labels, raw.meta)
    # What the file declares (front matter), then the manifest, win over what was detected.
    meta.update({k: v for k, v in raw.declared.items() if v not in (None, "")})
    meta.update({k: v for k, v in task.override.items() if v not in (None, "")})
    title = meta.get("title") or ""
    published = meta.get("published")

    # Sentences and words.
    # Hard wraps read as spaces (same length): sentences and facts run across PDF line breaks.
    flow = wraps_mod.soft_wrapped(body)
    spans = segment_mod.split_sentences(flow)
    sentence_texts = [body[s:e] for s, e in spans]
    sentence_rows = [
        dict(doc_id=doc_id, sentence_id=i, start=s, end=e, text=t)
        for i, ((s, e), t) in enumerate(zip(spans, sentence_texts, strict=True))
    ]
    phrases = segment_mod.load_phrases(task.phrases_path) if task.phrases_path else None
    tokens = _token_columns(spans, segment_mod.tokenize_many(sentence_texts, phrases))

    # Provinces.
    mentions = provinces_mod.find_provinces(body)
    mentions.insert(0, "doc_id", doc_id)
    # A manifest's province wins, then the issuing body of an official document's header.
    primary = (
        meta.get("province")
        or meta.get("header_province")
        or provinces_mod.primary_province(title, body, mentions)
    )
    if primary is None:
        # Former provinces of one merged unit named alike: the unit they became.
        primary = maps_mod.merged_unit(mentions, body, published)
    if primary is None:
        # A provincial paper or portal that never names its province: its name or web host does.
        primary = outlets_mod.outlet_province(meta.get("url"), meta.get("outlet"))
        if primary and maps_mod.province_map(published) == "34":
            primary = provinces_mod.resolve_province(provinces_mod.province_2025(primary) or "")
    primary_2025 = provinces_mod.province_2025(primary) if primary else None

    # Timeline facts, each tied to its sentence.
    sentences_df = pd.DataFrame(sentence_rows, columns=schema.SENTENCES)
    # Dates without the publication date (what references and targets read) and with it.
    plain_dates = _raw_from(body, dates_mod.extract_dates(flow))
    dated = (
        _raw_from(body, dates_mod.extract_dates(flow, reference=published))
        if published
        else plain_dates
    )
    targets = _raw_from(
        body,
        _concat_rows(
            targets_mod.extract_targets(flow, dates=plain_dates),
            goals_mod.extract_goals(flow, dates=plain_dates),  # goals in words, annual themes
        ),
    )
    # A figure in a table cell: its column's year and its row's label.
    targets = tables_mod.with_table_context(targets, body)
    found_dates = _with_sentence(dated, doc_id, spans)
    plain_refs = references_mod.refs_with_dates(flow, plain_dates)
    found_refs = _with_sentence(_raw_from(body, plain_refs), doc_id, spans)
    found_refs = references_mod.flag_self(_split_line_flags(found_refs), meta.get("symbol"))
    found_targets = _with_sentence(targets, doc_id, spans)
    events = events_mod.document_events(
        doc_id,
        body,
        sentences_df,
        mentions,
        primary,
        published,
        dates=dated,
        targets=targets,
        refs=plain_refs if flow == body and _same_day_dates(plain_dates, dated) else None,
    )

    precision = meta.get("published_precision")
    document = dict(
        doc_id=doc_id,
        path=task.path,
        title=title,
        author=meta.get("author"),
        outlet=meta.get("outlet"),
        url=meta.get("url"),
        published=published,
        published_precision=precision,
        primary_province=primary,
        province=primary,
        province_2025=primary_2025,
        kind=meta.get("kind") or "news",
        year=int(published[:4]) if published and published[:4].isdigit() else None,
        encoding=raw.encoding,
        conversion=raw.conversion,
        n_lines=len(line_rows),
        n_body_sentences=len(sentence_rows),
        n_words=len(tokens["start"]),
        text=body,
        reading_notes="; ".join(raw.notes),
        province_map=maps_mod.province_map(published),
        former_provinces="; ".join(maps_mod.former_provinces(mentions, body)) or None,
        symbol=meta.get("symbol"),
        issuer=meta.get("issuer"),
        level=meta.get("level"),
        title_readable=meta.get("title_readable"),
    )
    return {
        "documents": [document],
        "lines": line_rows,
        "sentences": sentence_rows,
        "tokens": tokens,
        "mentions": mentions,
        "dates": found_dates,
        "doc_refs": found_refs,
        "targets": found_targets,
        "events": events,
        "normalization": audit,
    }


def _token_columns(
    spans: Sequence[tuple[int, int]], words: Sequence[Sequence[tuple[str, int, int]]]
) -> dict[str, Any]:
    """One document's tokens as columns: int32 arrays and each string column as codes + vocabulary.

    Millions of per-token tuples would dominate both the memory of a big build and the pickling
    of results from worker processes; codes into a per-document vocabulary cost four bytes a token.
    """
    from dxcompare.annotate.segment import is_stopword, normalize_token

    n = sum(len(w) for w in words)
    sentence_id = np.empty(n, dtype=np.int32)
    start = np.empty(n, dtype=np.int32)
    end = np.empty(n, dtype=np.int32)
    token_codes = np.empty(n, dtype=np.int32)
    norm_codes = np.empty(n, dtype=np.int32)
    token_vocab: dict[str, int] = {}
    norm_vocab: dict[str, int] = {}
    norm_of: dict[str, str] = {}
    i = 0
    for sid, ((s, _e), sentence_words) in enumerate(zip(spans, words, strict=True)):
        for token, ts, te in sentence_words:
            norm = norm_of.get(token)
            if norm is None:
                norm = norm_of[token] = normalize_token(token)
            token_codes[i] = token_vocab.setdefault(token, len(token_vocab))
            norm_codes[i] = norm_vocab.setdefault(norm, len(norm_vocab))
            sentence_id[i], start[i], end[i] = sid, s + ts, s + te
            i += 1
    norms = list(norm_vocab)
    stop = np.array([is_stopword(x) for x in norms], dtype=bool)
    return {
        "sentence_id": sentence_id,
        "token_id": np.arange(n, dtype=np.int32),
        "token": (token_codes, list(token_vocab)),
        "norm": (norm_codes, norms),
        "is_stop": stop[norm_codes] if n else np.zeros(0, dtype=bool),
        "start": start,
        "end": end,
    }


def _concat_rows(first: pd.DataFrame, second: pd.DataFrame) -> pd.DataFrame:
    """Two fact tables of one text as one, sorted by start."""
    if not len(second):
        return first
    if not len(first):
        return second.reset_index(drop=True)
    both = pd.concat([first, second.astype(object)], ignore_index=True)
    both[["start", "end"]] = both[["start", "end"]].astype("int64")
    return both.sort_values("start", kind="stable").reset_index(drop=True)


def _split_line_flags(refs: pd.DataFrame) -> pd.DataFrame:
    """``split_line`` on a citation whose body text runs over a line break (read soft-wrapped)."""
    if not len(refs):
        return refs
    wrapped = refs["raw"].str.contains("\n", regex=False) & ~refs["flags"].fillna("").str.contains(
        "split_line", regex=False
    )
    if wrapped.any():
        refs = refs.copy()
        refs.loc[wrapped, "flags"] = refs.loc[wrapped, "flags"].map(
            lambda f: ";".join([x for x in str(f or "").split(";") if x] + ["split_line"])
        )
    return refs


def _same_day_dates(plain: pd.DataFrame, dated: pd.DataFrame) -> bool:
    """Whether two date tables agree on every day-precision date, the only ones a citation reads
    (``references._attach_dates``): then the body's citations are the same with either, and
    events reuse them instead of finding them again."""
    if plain is dated:
        return True
    return _day_rows(plain) == _day_rows(dated)


def _day_rows(dates: pd.DataFrame) -> list[tuple[Any, ...]]:
    if not len(dates):
        return []
    columns = [dates[c].tolist() for c in ("precision", "start", "end", "value", "raw")]
    return [row[1:] for row in zip(*columns, strict=True) if str(row[0]) == "day"]


def _raw_from(body: str, found: pd.DataFrame) -> pd.DataFrame:
    """``raw`` as the body writes it (found in the soft-wrapped copy, it has a space for a wrap)."""
    if len(found) and "raw" in found.columns:
        found = found.copy()
        found["raw"] = [body[s:e] for s, e in zip(found["start"], found["end"], strict=True)]
    return found


def _with_sentence(
    found: pd.DataFrame, doc_id: str, spans: Sequence[tuple[int, int]]
) -> pd.DataFrame:
    """Add doc_id, the sentence each fact falls in, and that sentence's text as evidence."""
    found = found.copy()
    found.insert(0, "doc_id", doc_id)
    starts = np.array([s for s, _ in spans], dtype=np.int64)
    if len(found) and len(starts):
        idx = np.searchsorted(starts, found["start"].to_numpy(dtype=np.int64), side="right") - 1
        found["sentence_id"] = np.clip(idx, 0, None)
    else:
        found["sentence_id"] = pd.Series(dtype="int64")
    return found


# --------------------------------------------------------------------------------------------
# The whole corpus
# --------------------------------------------------------------------------------------------


def load_corpus(
    path: str | os.PathLike | Iterable[str | os.PathLike] = "seeds",
    *,
    strict: bool = False,
    use_cache: bool = True,
    phrases: str | os.PathLike | None = None,
    workers: int | None = 1,
    scheduler: Any = None,
    progress: Any = None,
) -> Corpus:
    """Read every document in a folder (or a list of files) into a :class:`Corpus`.

    >>> corpus = load_corpus("seeds")                     # doctest: +SKIP
    >>> corpus.documents[["doc_id", "primary_province"]]  # doctest: +SKIP

    Unreadable files are set aside and listed in ``corpus.problems`` (``strict=True`` raises
    instead). ``workers`` > 1 builds documents in parallel processes (``None``: one per core);
    ``scheduler`` (a Dask scheduler address such as ``"tcp://10.0.0.5:8786"``, ``"local"`` for a
    local cluster of ``workers`` processes, or a connected ``dask.distributed.Client``) runs the
    map on Dask (see :mod:`dxcompare.distributed`). The result is identical whichever way it is
    built, and so is its cache entry.
    """
    from dxcompare.annotate.provinces import resolve_province
    from dxcompare.ingest.discover import discover_files, find_manifest
    from dxcompare.ingest.manifest import read_manifest

    root, files, problems = discover_files(path)
    if strict and problems:
        raise CorpusError(str(problems[0]))
    overrides: dict[Path, dict[str, str]] = {}
    manifest_bytes = b""
    manifest_path = find_manifest(root)
    if manifest_path is not None:
        manifest_bytes = manifest_path.read_bytes()
        overrides = read_manifest(manifest_path, files, resolve_province)
    phrases_path = str(Path(phrases).resolve()) if phrases else None
    tasks = _tasks(root, files, overrides, phrases_path)
    source = str(root) if root is not None else ", ".join(str(f) for f in files)

    phrase_bytes = Path(phrases_path).read_bytes() if phrases_path else b""
    tasks, doc_keys, unreadable = _file_keys(tasks, phrase_bytes)
    if strict and unreadable:
        raise UnreadableFileError(unreadable[0].path, unreadable[0].problem, unreadable[0].fix)
    problems.extend(unreadable)
    corpus_key = cache.key_for(
        CACHE_LAYOUT, cache.code_fingerprint(), manifest_bytes, phrase_bytes, *doc_keys
    )
    if not use_cache:
        corpus, _ = _build(
            tasks, None, problems, source, corpus_key, strict, workers, scheduler, progress
        )
        return corpus
    cache.clean_leftovers()
    cached = _cached_corpus(corpus_key, source, problems, strict, keep=_keep_next[0])
    if cached is not None:
        return cached
    with cache.build_lock(corpus_key):
        # Another build of this corpus may have finished while this one waited for the lock.
        cached = _cached_corpus(corpus_key, source, problems, strict)
        if cached is not None:
            return cached
        corpus, set_aside = _build(
            tasks, doc_keys, problems, source, corpus_key, strict, workers, scheduler, progress
        )
        # Only what the build set aside: those files' bytes are in the key, so their problems
        # replay exactly. What discovery found (links, unreadable folders) is found afresh.
        stored = sorted({(str(p.path), p.problem, p.fix) for p in set_aside})
        tables = {name: getattr(corpus, name) for name in _TABLES}
        corpusentry.store(corpus_key, tables, stored, source=source)
    return corpus


#: What :func:`load_keeping` read, for the next :func:`_cached_corpus` of the same key (once).
_kept: dict[str, tuple[dict[str, pd.DataFrame], list[tuple[str, str, str]]]] = {}
_keep_next = [False]


def load_keeping(path: Any) -> Corpus:
    """``load_corpus(path)``; the next ``load_corpus`` of the same corpus reuses its stored tables.

    For ``check_parameters``, which reads the corpus a notebook loads next: the notebook's
    ``load_corpus`` would read the same cache entry again. The handover happens once and is
    keyed by the corpus key (every file's bytes, the manifest, the phrases, the code), so a file
    changed in between is seen. The caller must not modify the tables it was given.
    """
    _keep_next[0] = True
    try:
        return load_corpus(path)
    finally:
        _keep_next[0] = False


def _cached_corpus(
    key: str, source: str, problems: list[Problem], strict: bool, keep: bool = False
) -> Corpus | None:
    """The stored corpus of ``key`` (``strict=True`` raises on the files it set aside), or None."""
    found = _kept.pop(key, None)
    _kept.clear()  # held only until the next load, whichever corpus it reads
    if found is None:
        found = corpusentry.load(key, _TABLES)
    if found is None:
        return None
    if keep:
        _kept[key] = found
    tables, stored_rows = found
    stored = [Problem(*row) for row in stored_rows]
    if strict and stored:
        # The cached build set these files aside; strict=True stops at them as a build would.
        raise UnreadableFileError(stored[0].path, stored[0].problem, stored[0].fix)
    corpus = Corpus(**tables, problems=_problems_frame(problems + stored), source=source, key=key)
    corpus.from_cache = True
    return corpus


def _build(
    tasks: list[DocumentTask],
    doc_keys: list[str] | None,
    problems: list[Problem],
    source: str,
    corpus_key: str,
    strict: bool,
    workers: int | None,
    scheduler: Any,
    progress: Any,
) -> tuple[Corpus, list[Problem]]:
    """Build the documents not in the cache (all when ``doc_keys`` is None), merge them all in order.

    Returns the corpus and the files the build itself set aside.
    """
    problems = list(problems)
    set_aside: list[Problem] = []
    cached = [False] * len(tasks) if doc_keys is None else [docentry.exists(k) for k in doc_keys]
    fresh = _run(
        [t for t, hit in zip(tasks, cached, strict=True) if not hit],
        workers=workers,
        scheduler=scheduler,
        progress=progress,
    )
    merger = _Merger()
    loaded: dict[int, dict[str, Any] | None] = {}

    def from_cache(i: int) -> dict[str, Any] | None:
        # The next cached documents a batch at a time: their fact tables are built together.
        if i not in loaded and doc_keys is not None:
            batch = [j for j in range(i, len(tasks)) if cached[j]][:_CACHE_BATCH]
            found = docentry.load_many([(doc_keys[j], tasks[j].doc_id) for j in batch])
            loaded.update(zip(batch, found, strict=True))
        return loaded.pop(i, None)

    bar = progress_bar(len(tasks), "documents")  # drawn on a terminal only (dxcompare._log)
    try:
        for i, (task, hit) in enumerate(zip(tasks, cached, strict=True)):
            result = from_cache(i) if hit else None
            if result is None:
                # Not cached, or its entry turned out unusable (removed with a warning): build it.
                result = next(fresh) if not hit else build_document(task)
                if doc_keys is not None and "problem" not in result:
                    docentry.store(doc_keys[i], result)
            if "problem" not in result:
                merger.add(result)
            elif strict:
                p = result["problem"]
                raise UnreadableFileError(p.path, p.problem, p.fix)
            else:
                problems.append(result["problem"])
                set_aside.append(result["problem"])
            bar.update(1)
    finally:
        bar.close()
        fresh.close()  # stops a pool early (strict=True): queued documents are dropped
    if not merger.n_docs:
        where = source or "the given files"
        raise CorpusError(
            f"{where}: no readable document found. Fix: put .txt, .md, .html, .docx or .pdf files "
            "there (problems: " + "; ".join(str(p) for p in problems[:5]) + ")"
        )
    corpus = merger.corpus(source=source, key=corpus_key)
    del merger  # its column lists: freed before the cache entry is written
    corpus.problems = _problems_frame(problems)
    return corpus, set_aside


def _tasks(
    root: Path | None,
    files: Sequence[Path],
    overrides: dict[Path, dict[str, str]],
    phrases_path: str | None,
) -> list[DocumentTask]:
    ids = _doc_ids(root, files)
    return [
        DocumentTask(
            path=str(f),
            doc_id=doc_id,
            # resolve() is a realpath per file: 0.1 s of a 5,000-document warm load, so only
            # when a manifest gave overrides
            override=dict(overrides.get(Path(f).resolve(), {})) if overrides else {},
            phrases_path=phrases_path,
        )
        for f, doc_id in zip(files, ids, strict=True)
    ]


def _file_keys(
    tasks: list[DocumentTask], phrase_bytes: bytes = b""
) -> tuple[list[DocumentTask], list[str], list[Problem]]:
    """Each readable task with its document's cache key; a file the system will not read is set aside.

    The key covers everything a document's result depends on: its bytes, its path (the result
    records it; the suffix picks the reader), its id, its manifest row, the phrase list and the
    code. Reading the bytes is where a permission or I/O error first shows.
    """
    from dxcompare.ingest.discover import os_error_problem

    kept, keys, problems = [], [], []
    for t in tasks:
        try:
            data = Path(t.path).read_bytes()
        except OSError as exc:
            problems.append(os_error_problem(t.path, exc))
            continue
        kept.append(t)
        keys.append(
            cache.key_for(
                docentry.LAYOUT,
                CACHE_LAYOUT,
                cache.code_fingerprint(),
                phrase_bytes,
                t.path,
                t.doc_id,
                json.dumps(t.override, sort_keys=True, ensure_ascii=False),
                data,
            )
        )
    return kept, keys, problems


def _doc_ids(root: Path | None, files: Sequence[Path]) -> list[str]:
    """Stable ids: the path relative to the corpus folder without its suffix, unique."""
    ids = []
    for f in files:
        rel = Path(f).relative_to(root) if root is not None else Path(Path(f).name)
        ids.append(rel.with_suffix("").as_posix())
    seen: dict[str, int] = {}
    for i in ids:
        seen[i] = seen.get(i, 0) + 1
    out = []
    for f, i in zip(files, ids, strict=True):
        if seen[i] > 1:  # "a.txt" and "a.md" both present: keep the suffix to tell them apart
            rel = Path(f).relative_to(root) if root is not None else Path(Path(f).name)
            i = rel.as_posix()
        out.append(i)
    if len(set(out)) != len(out):
        dupes = sorted({i for i in out if out.count(i) > 1})
        raise CorpusError(
            f"two files give the same document id {dupes[0]!r}. Fix: rename one of them, or load "
            "them from a folder so their relative paths tell them apart"
        )
    return out


_MAX_CHUNK = 8
#: Cached documents read and turned into frames together (bounded: memory stays flat).
_CACHE_BATCH = 256


def _run(
    tasks: list[DocumentTask], *, workers: int | None, scheduler: Any, progress: Any
) -> Iterator[dict]:
    """Each task's result, in task order, as it is ready (nothing is collected here)."""
    if scheduler:
        from dxcompare.corpus.distributed import iter_on_dask

        paths = [t.path for t in tasks] + (
            [tasks[0].phrases_path] if tasks and tasks[0].phrases_path else []
        )
        yield from iter_on_dask(
            build_document, tasks, scheduler, paths=paths, workers=workers, progress=progress
        )
        return
    n = (os.cpu_count() or 1) if workers is None else max(1, workers)
    if n == 1 or len(tasks) < 2:
        for i, task in enumerate(tasks, 1):
            yield build_document(task)
            if progress:
                progress(i, len(tasks))
        return
    from concurrent.futures import ProcessPoolExecutor

    from dxcompare.stopping import Children

    pool = ProcessPoolExecutor(
        max_workers=min(n, len(tasks)), initializer=_watch_parent, initargs=(os.getpid(),)
    )
    with Children() as children:
        # a stop signal kills the workers at once (they would finish their chunk first)
        children.add(lambda: _kill_workers(pool))
        try:
            # Small chunks: a document costs ~0.1-0.5 s, so the last chunk, not the pickling, is
            # what leaves a core idle at the end (len // (n * 8) left 1/16 of the work to one core).
            chunk = max(1, min(_MAX_CHUNK, len(tasks) // (n * 32)))
            for i, result in enumerate(pool.map(build_document, tasks, chunksize=chunk), 1):
                yield result
                if progress:
                    progress(i, len(tasks))
        except (KeyboardInterrupt, SystemExit):  # Ctrl-C in a notebook or a script, a signal
            children.stop()
            raise
        finally:  # also when the caller stops early (strict=True): queued documents are dropped
            pool.shutdown(wait=True, cancel_futures=True)


def _kill_workers(pool: Any) -> None:
    """SIGKILL a process pool's workers (``ProcessPoolExecutor`` has no public way before 3.14)."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.kill()


def _watch_parent(parent: int, every: float = 0.5) -> None:
    """In a pool worker: exit as soon as the process that started the pool is gone.

    After ``kill -9`` of ``dxcompare corpus`` no cleanup runs in the parent, and the workers
    (reparented to init) would segment on for minutes: :func:`dxcompare.lifeline.die_with_parent`
    has the operating system kill them (Linux), or a thread poll ``os.getppid()``. Ctrl-C in a
    terminal reaches the whole process group: the workers ignore it and the parent, which
    stops them, decides.
    """
    import signal

    from dxcompare.lifeline import die_with_parent

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent(parent, every)


_ROW_TABLES = ("documents", "lines", "sentences", "normalization")
_FRAME_TABLES = ("mentions", "dates", "doc_refs", "targets", "events")
#: Per-document frames are concatenated this many documents at a time while the build goes on.
_CHUNK_DOCS = 256


class _Merger:
    """The corpus tables, built while documents arrive.

    Nothing per document is kept: rows go into one list per column, per-document DataFrames are
    concatenated a chunk at a time, and each document's token vocabulary is folded into one
    index at once, leaving int32 codes. Holding thousands of small DataFrames, row dicts and
    vocabularies until the end is what took a 5,000-document build over 2 GB.
    """

    def __init__(self, chunk: int | None = None) -> None:
        self.chunk = chunk or _CHUNK_DOCS
        self.n_docs = 0
        self.rows = {name: {c: [] for c in _columns(name)} for name in _ROW_TABLES}
        self.pending: dict[str, list[pd.DataFrame]] = {name: [] for name in _FRAME_TABLES}
        self.chunks: dict[str, list[pd.DataFrame]] = {name: [] for name in _FRAME_TABLES}
        self.doc_ids: list[str] = []
        self.token_counts: list[int] = []
        self.token_parts: dict[str, list[np.ndarray]] = {c: [] for c in schema.TOKENS[1:]}
        self.vocab: dict[str, dict[str, int]] = {"token": {}, "norm": {}}

    def add(self, result: dict[str, Any]) -> None:
        """Fold one document's result in (in document order)."""
        for name, columns in self.rows.items():
            rows = result[name]
            if isinstance(rows, docentry.ColumnRows):  # from the cache: already columns
                given = dict(zip(rows.keys, rows.columns, strict=True))
                for col, values in columns.items():
                    part = given.get(col)
                    values.extend(part if part is not None else [np.nan] * rows.n)
                continue
            for row in rows:
                for col, values in columns.items():
                    values.append(row.get(col, np.nan))
        for name, frames in self.pending.items():
            part = result[name]
            if isinstance(part, pd.DataFrame) and not part.empty:
                frames.append(part)
        self._add_tokens(result["documents"][0]["doc_id"], result["tokens"])
        self.n_docs += 1
        if self.n_docs % self.chunk == 0:
            self._fold()

    def _add_tokens(self, doc_id: str, tokens: dict[str, Any]) -> None:
        self.doc_ids.append(doc_id)
        self.token_counts.append(len(tokens["start"]))
        for col, parts in self.token_parts.items():
            if col in self.vocab:
                codes, vocab = tokens[col]
                index = self.vocab[col]
                remap = np.array([index.setdefault(v, len(index)) for v in vocab], dtype=np.int32)
                parts.append(remap[codes] if len(codes) else codes)
            else:
                parts.append(tokens[col])

    def _fold(self) -> None:
        for name, frames in self.pending.items():
            if frames:
                self.chunks[name].append(pd.concat(frames, ignore_index=True))
                frames.clear()

    def corpus(self, *, source: str, key: str) -> Corpus:
        """The merged, compacted tables (``doc_refs`` resolved across documents)."""
        self._fold()
        tables: dict[str, pd.DataFrame] = {}
        for name, columns in self.rows.items():
            empty = not next(iter(columns.values()))  # no rows: object columns, as before
            tables[name] = pd.DataFrame([] if empty else columns, columns=_columns(name))
        for name, chunks in self.chunks.items():
            tables[name] = (
                pd.concat(chunks, ignore_index=True) if chunks else schema.empty(_columns(name))
            )
        tables["tokens"] = self._tokens()
        tables = {name: _compact(name, tables[name]) for name in _TABLES}
        if not tables["doc_refs"].empty:
            from dxcompare.extract.references import resolve_refs

            tables["doc_refs"] = resolve_refs(tables["doc_refs"])
        return Corpus(**tables, problems=_problems_frame([]), source=source, key=key)

    def _tokens(self) -> pd.DataFrame:
        """The tokens table; categoricals built from codes (no pass over 5 million strings)."""
        counts = np.array(self.token_counts, dtype=np.int64)
        if not counts.sum():
            return pd.DataFrame([], columns=schema.TOKENS)
        doc_codes = np.repeat(np.arange(len(self.doc_ids), dtype=np.int32), counts)
        columns: dict[str, Any] = {"doc_id": _categorical(doc_codes, self.doc_ids)}
        for col, parts in self.token_parts.items():
            joined = np.concatenate(parts)
            columns[col] = (
                _categorical(joined, list(self.vocab[col])) if col in self.vocab else joined
            )
        return pd.DataFrame(columns, columns=schema.TOKENS)


def _categorical(codes: np.ndarray, values: list[str]) -> pd.Categorical:
    """Like ``Series(values[codes]).astype("category")``: categories sorted, unused ones dropped."""
    used = np.zeros(len(values), dtype=bool)
    used[codes] = True
    uniques = np.array(values, dtype=object)
    order = np.array(sorted(np.flatnonzero(used), key=values.__getitem__), dtype=np.int32)
    rank = np.full(len(values), -1, dtype=np.int32)
    rank[order] = np.arange(len(order), dtype=np.int32)
    return pd.Categorical.from_codes(rank[codes], categories=pd.Index(uniques[order]))


def _columns(name: str) -> list[str]:
    return schema.columns(name)


def _compact(name: str, df: pd.DataFrame) -> pd.DataFrame:
    for col in _CATEGORICAL.get(name, ()):
        if col in df:
            df[col] = df[col].astype("category")
    for col in ("sentence_id", "token_id", "start", "end", "line_no"):
        if col in df and len(df) and df[col].notna().all():
            df[col] = df[col].astype(np.int64 if name != "tokens" else np.int32)
    if "is_stop" in df:
        df["is_stop"] = df["is_stop"].astype(bool)
    return df.reset_index(drop=True)


def _problems_frame(problems: Sequence[Problem]) -> pd.DataFrame:
    rows = sorted({(p.path, p.problem, p.fix) for p in problems})
    return pd.DataFrame(rows, columns=schema.PROBLEMS)


__all__ = ["Corpus", "DocumentTask", "build_document", "load_corpus", "DxError"]
