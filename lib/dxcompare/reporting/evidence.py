"""Evidence a reader can follow back to the file: title, file name, line and column, a link.

Every evidence row of a report (a coded sentence, a register hit, a dated event, a quotation)
carries the document's title, its file relative to the corpus folder, and the line and column
of the fact in that file (:mod:`dxcompare.annotate.positions`) beside the offsets into
``documents.text``. Each document has an anchor in the corpus overview's list of documents
(:func:`documents_list_html`), and evidence tables link to it.

    >>> rows = with_evidence(register_hits(corpus), corpus)      # doctest: +SKIP
    >>> rows[["title", "file", "line", "column", "matched"]]     # doctest: +SKIP
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pandas as pd

from dxcompare.annotate.positions import position_basis, source_positions

#: The report holding the list of documents, one anchor each.
DOCUMENTS_REPORT = "corpus_overview"
EVIDENCE_COLUMNS = ["title", "file", "line", "column"]
CODING_COLUMNS = [
    "doc_id", "sentence_id", "sentence_start", "sentence_end", "start", "end", "theme_id",
    "pillar", "matched", "title", "file", "line", "column", "position_in", "sentence",
]  # fmt: skip

_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


def doc_anchor(doc_id: str) -> str:
    """The HTML id of a document in the list of documents: ``"doc-001_2c77bc4a"``.

    An id with other characters than ASCII letters, digits, ``_`` and ``-`` is written without
    diacritics and gets a short hash, so two ids never share an anchor:

    >>> doc_anchor("tin/Đà Nẵng 1")
    'doc-tin-da-nang-1-a1c23c'
    """
    import hashlib

    text = str(doc_id)
    if not _UNSAFE.search(text):
        return "doc-" + text
    from dxcompare._text.marks import ascii_words

    folded = _UNSAFE.sub("-", ascii_words(text.replace("/", " "))).strip("-")
    return f"doc-{folded}-{hashlib.sha1(text.encode()).hexdigest()[:6]}"


def doc_href(doc_id: str) -> str:
    """The link to a document's entry, from any report page (reports share one folder)."""
    return f"{DOCUMENTS_REPORT}.html#{doc_anchor(doc_id)}"


def relative_file(path: Any, source: Any) -> str:
    """``path`` relative to the corpus folder ``source`` (its name alone if outside it).

    >>> relative_file("/data/corpus/tin/a.txt", "/data/corpus")
    'tin/a.txt'
    """
    p, root = Path(str(path)), Path(str(source))
    for base in (root, root.parent if root.suffix else root):
        try:
            return p.relative_to(base).as_posix()
        except ValueError:
            continue
    return p.name


def document_facts(corpus: Any) -> pd.DataFrame:
    """doc_id-indexed title (a readable one: the title, else the official subject, else the
    file name), file (relative to the corpus) and where line numbers point (``position_in``)."""
    docs = corpus.documents
    source = getattr(corpus, "source", "")
    files = [relative_file(p, source) for p in docs["path"]]
    titles = []
    for title, readable, file in zip(
        docs["title"], docs.get("title_readable", pd.Series([None] * len(docs))), files, strict=True
    ):
        title = str(title or "").strip() if title == title else ""
        readable = str(readable or "").strip() if readable == readable else ""
        titles.append(title or readable or file)
    return pd.DataFrame(
        {"title": titles, "file": files, "position_in": [position_basis(f) for f in files]},
        index=docs["doc_id"].astype(str).to_numpy(),
    )


def titled(frame: pd.DataFrame, corpus: Any) -> pd.DataFrame:
    """``frame`` to show a reader: its ``doc_id`` (a column or the index) replaced by ``title``.

    The title is the document's own (else its file relative to the corpus, as
    :func:`document_facts` reads it): "Kế hoạch chuyển đổi số tỉnh Lào Cai", not
    "001_2c77bc4a". A copy for display only: save the frame itself, which keeps ``doc_id``.
    The column is named ``document`` when ``frame`` already has a ``title`` column.

    >>> titled(per_document, corpus).columns[0]       # doctest: +SKIP
    'title'
    """
    out = frame.reset_index() if "doc_id" in (frame.index.names or []) else frame.copy()
    if "doc_id" not in out.columns:
        return out
    ids = out["doc_id"].astype(str)
    titles = ids.map(document_facts(corpus)["title"]).fillna(ids)
    at = list(out.columns).index("doc_id")
    # a table with a column "title" of its own (line labels count "title" lines) keeps it
    name = "document" if "title" in out.columns else "title"
    out = out.drop(columns="doc_id")
    out.insert(at, name, titles.to_numpy())
    return out


def with_evidence(frame: pd.DataFrame, corpus: Any, offset: str = "start") -> pd.DataFrame:
    """``frame`` with title, file, line and column (of ``frame[offset]``) after its ``doc_id``.

    Line and column are 1-based, in the user's file (:func:`source_positions`); a frame without
    ``offset`` but with ``sentence_id`` points at the sentence's start; rows whose offset is
    missing keep them empty. The frame is not changed in place.
    """
    out = frame.copy()
    if out.empty or "doc_id" not in out.columns:
        for col in EVIDENCE_COLUMNS:
            if col not in out.columns:
                out[col] = pd.Series(dtype=object)
        return out
    facts = document_facts(corpus)
    ids = out["doc_id"].astype(str)
    if offset in out.columns:
        offsets = out[offset].tolist()
    elif "sentence_id" in out.columns:  # a row that keeps only its sentence: the sentence's start
        sents = corpus.sentences
        starts = dict(
            zip(
                zip(sents["doc_id"].astype(str), sents["sentence_id"], strict=True),
                sents["start"],
                strict=True,
            )
        )
        offsets = [
            starts.get((d, s)) if s == s else None
            for d, s in zip(ids, out["sentence_id"], strict=True)
        ]
    else:
        offsets = [None] * len(out)
    positions = source_positions(corpus, ids.tolist(), offsets)
    added = {
        "title": ids.map(facts["title"]).to_numpy(),
        "file": ids.map(facts["file"]).to_numpy(),
        "line": pd.array([p[0] for p in positions], dtype="Int64"),
        "column": pd.array([p[1] for p in positions], dtype="Int64"),
    }
    at = list(out.columns).index("doc_id") + 1
    for i, (name, values) in enumerate(added.items()):
        if name in out.columns:
            out[name] = values
        else:
            out.insert(at + i, name, values)
    return out


def theme_coding(coded: pd.DataFrame, corpus: Any) -> pd.DataFrame:
    """The sentence x theme coding behind every theme share: one row per matched term.

    ``start``/``end`` are the matched words in ``documents.text`` (the sentence's own offsets in
    ``sentence_start``/``sentence_end``); ``matched`` is the term as written; a sentence with no
    theme has one row with ``theme_id == "none"``, its sentence offsets and an empty term. Title,
    file, line and column say where the term is in the user's file.
    """
    rows: list[dict[str, Any]] = []
    for r in coded.itertuples(index=False):
        spans = r.spans or ((r.start, r.start),)
        for s, e in spans:
            rows.append(
                {"doc_id": str(r.doc_id), "sentence_id": int(r.sentence_id),
                 "sentence_start": int(r.start), "sentence_end": int(r.end), "start": int(s),
                 "end": int(e), "theme_id": r.theme_id, "pillar": r.pillar,
                 "matched": r.sentence[s - r.start : e - r.start], "sentence": r.sentence}
            )  # fmt: skip
    frame = pd.DataFrame(rows, columns=[c for c in CODING_COLUMNS if c not in EVIDENCE_COLUMNS])
    frame = with_evidence(frame.drop(columns="position_in"), corpus)
    facts = document_facts(corpus)
    frame["position_in"] = frame["doc_id"].map(facts["position_in"])
    return frame[CODING_COLUMNS]


def documents_list_html(corpus: Any, by: str = "primary_province") -> str:
    """The list of documents, one anchor each (``id="doc-..."``): where evidence links point.

    Every value is escaped (a title may hold markup).
    """
    facts = document_facts(corpus)
    docs = corpus.documents
    items = []
    for row in docs.itertuples(index=False):
        doc_id = str(row.doc_id)
        fact = facts.loc[doc_id]
        province = getattr(row, by, None)
        bits = [
            f"<code>{html.escape(fact['file'])}</code>",
            html.escape(str(province)) if province == province and province else "",
            html.escape(str(row.kind or "")),
            html.escape(str(row.published or "")) if row.published == row.published else "",
        ]
        meta = " · ".join(b for b in bits if b)
        items.append(
            f'<li id="{doc_anchor(doc_id)}"><strong>{html.escape(fact["title"])}</strong>'
            f'<br><span class="dx-doc-meta">{meta} · id {html.escape(doc_id)}</span></li>'
        )
    return '<ol class="dx-documents">\n' + "\n".join(items) + "\n</ol>"


def source_labels(frame: pd.DataFrame) -> list[str]:
    """``"tin/tay_ninh.txt:3:21"`` (file:line:column, as compilers and editors write it) per row."""
    out = []
    for file, line, column in zip(
        frame.get("file", pd.Series([None] * len(frame))),
        frame.get("line", pd.Series([None] * len(frame))),
        frame.get("column", pd.Series([None] * len(frame))),
        strict=True,
    ):
        parts = [str(file or "")]
        parts += [str(int(v)) for v in (line, column) if v is not None and not pd.isna(v)]
        out.append(":".join(parts))
    return out
