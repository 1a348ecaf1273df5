"""Registers: directive, vanguard, aspiration, hedging and quantified language, per group.

A register is a small, editable list of phrases (``data/registers.yaml``, or ``lexicon=`` a
user's file of the same shape) or a selection of ``corpus.targets`` rows (rankings, figures).
Phrases match whole syllables of the normalized sentence text, case-folded as
:func:`dxcompare.normalize.fold`, never across punctuation; each register's exclusions
("cần thiết", "không phải", "bên phải") take their span away from it, and a hit inside a name
is no hit (:mod:`dxcompare.analyze.masking`: "cần" of "thành phố Cần Thơ").

    >>> hits = register_hits(corpus)                               # doctest: +SKIP
    >>> register_table(corpus, by="primary_province")              # doctest: +SKIP
         group   register  n_hits  n_words_group  rate_per_1000 ...
"""

from __future__ import annotations

import functools
import os
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from dxcompare._text.casefold import lower_keeping_offsets
from dxcompare._text.data import bundled_text
from dxcompare._text.phrases import alternation
from dxcompare._text.userfiles import read_user_text
from dxcompare.analyze.grouping import ALL as ALL  # the label of by=None, kept importable from here
from dxcompare.analyze.grouping import By, group_labels
from dxcompare.annotate.normalize import fold
from dxcompare.errors import LexiconError

HIT_COLUMNS = ["doc_id", "register", "sentence_id", "start", "end", "matched", "phrase", "sentence"]
TABLE_COLUMNS = [
    "group", "register", "n_hits", "n_words_group", "rate_per_1000", "ci_low", "ci_high",
    "n_documents", "n_documents_group", "label", "thin",
]  # fmt: skip
#: A group with fewer documents than this is thin: its rate rests on too few documents to compare.
THIN_DOCS = 3


TARGET_KINDS = frozenset(
    {"percent", "count", "money", "score", "score_change", "ranking", "top", "rank_change"}
)
_KEYS = frozenset({"label", "phrases", "exclude", "targets", "horizon"})
# A phrase is syllables of letters and digits separated by spaces (a hyphen or slash may join
# them, as in "4.0" or "an toàn/an ninh"); anything else would never match a whole syllable run.
_PHRASE = re.compile(r"[^\W_]+(?:[-/.][^\W_]+)*(?: [^\W_]+(?:[-/.][^\W_]+)*)*")


@dataclass(frozen=True)
class Register:
    """One register of the lexicon: phrases and exclusions, or kinds of ``corpus.targets`` rows."""

    name: str
    label: str
    phrases: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    horizon: bool | None = None  # True: only figures in a sentence with a horizon; False: without


# --------------------------------------------------------------------------------------------
# Lexicon
# --------------------------------------------------------------------------------------------


def load_registers(path: str | os.PathLike | None = None) -> tuple[Register, ...]:
    """The registers of ``data/registers.yaml``, or of a user's YAML file of the same shape.

    A broken file raises :class:`~dxcompare.errors.LexiconError` naming the file and line.
    """
    if path is None:
        text = bundled_text("registers.yaml")
        return _parse_registers(text, "registers.yaml")
    resolved = Path(path).expanduser()
    text = read_user_text(resolved, "register lexicon")
    return _parse_registers(text, str(resolved))


@functools.lru_cache(maxsize=8)
def _parse_registers(text: str, source: str) -> tuple[Register, ...]:
    import yaml

    try:
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = None if mark is None else mark.line + 1
        problem = getattr(exc, "problem", None) or str(exc)
        raise LexiconError(
            source, f"not valid YAML ({problem})", "fix the indentation or quoting", line=line
        ) from exc
    if not isinstance(root, yaml.MappingNode) or not root.value:
        raise LexiconError(
            source,
            "no registers found",
            "write one mapping per register: name: {label: ..., phrases: [...]}",
        )
    registers: list[Register] = []
    owner: dict[str, str] = {}
    for key, spec in root.value:
        register = _parse_register(key, spec, source)
        for phrase, node in _phrase_nodes(spec, "phrases"):
            if owner.get(phrase, register.name) != register.name:
                raise LexiconError(
                    source,
                    f"phrase {phrase!r} is in both {owner[phrase]!r} and {register.name!r}",
                    "keep it in one register",
                    line=_line(node),
                )
            owner[phrase] = register.name
        registers.append(register)
    return tuple(registers)


def _line(node: Any) -> int:
    return node.start_mark.line + 1


def _parse_register(key: Any, spec: Any, source: str) -> Register:
    import yaml

    name = str(key.value)
    if not isinstance(spec, yaml.MappingNode):
        raise LexiconError(
            source,
            f"register {name!r} is not a mapping",
            "give it label: and phrases: or targets:",
            line=_line(key),
        )
    fields = {str(k.value): v for k, v in spec.value}
    for k, _v in spec.value:
        if k.value not in _KEYS:
            raise LexiconError(
                source,
                f"unknown key {k.value!r} in register {name!r}",
                f"use {', '.join(sorted(_KEYS))}",
                line=_line(k),
            )
    phrases = tuple(p for p, _ in _phrase_nodes(spec, "phrases", source))
    exclude = tuple(p for p, _ in _phrase_nodes(spec, "exclude", source))
    targets = tuple(_targets(fields.get("targets"), name, source))
    if not (phrases or targets):
        raise LexiconError(
            source,
            f"register {name!r} has nothing to match",
            "add phrases: or targets:",
            line=_line(key),
        )
    label = fields["label"].value if "label" in fields else name
    return Register(
        name, str(label), phrases, exclude, targets, _horizon(fields.get("horizon"), source)
    )


def _phrase_nodes(spec: Any, field: str, source: str = "") -> list[tuple[str, Any]]:
    import yaml

    node = dict((str(k.value), v) for k, v in spec.value).get(field)
    if node is None or (isinstance(node, yaml.ScalarNode) and node.value in ("", "null", "~")):
        return []
    if not isinstance(node, yaml.SequenceNode):
        raise LexiconError(
            source, f"{field}: must be a list", "write one '- phrase' per line", line=_line(node)
        )
    out = []
    for item in node.value:
        phrase = fold(str(item.value)).strip() if isinstance(item, yaml.ScalarNode) else ""
        phrase = " ".join(phrase.split())
        if not _PHRASE.fullmatch(phrase):
            raise LexiconError(
                source,
                f"{field}: {getattr(item, 'value', item)!r} is not a phrase of words",
                "write words separated by spaces, without punctuation",
                line=_line(item),
            )
        out.append((phrase, item))
    return out


def _targets(node: Any, name: str, source: str) -> list[str]:
    import yaml

    if node is None:
        return []
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    kinds = []
    for item in items:
        kind = str(getattr(item, "value", ""))
        if kind not in TARGET_KINDS:
            raise LexiconError(
                source,
                f"register {name!r}: {kind!r} is not a kind of corpus.targets",
                f"use {', '.join(sorted(TARGET_KINDS))}",
                line=_line(item),
            )
        kinds.append(kind)
    return kinds


def _horizon(node: Any, source: str) -> bool | None:
    if node is None:
        return None
    value = str(node.value).lower()
    if value not in ("true", "false", "yes", "no"):
        raise LexiconError(
            source,
            f"horizon: {node.value!r} is not true or false",
            "write horizon: true or horizon: false",
            line=_line(node),
        )
    return value in ("true", "yes")


# --------------------------------------------------------------------------------------------
# Matching phrases on whole syllables
# --------------------------------------------------------------------------------------------


class PhraseMatcher:
    """Leftmost-longest phrases of one register on whole syllables; exclusions consume their span.

    >>> m = PhraseMatcher(["cần", "cần phải"], exclude=["cần thiết"])
    >>> [(s, e, p) for s, e, p in m.find("việc cần thiết, cần phải làm")]
    [(16, 24, 'cần phải')]
    """

    def __init__(self, phrases: Sequence[str], exclude: Sequence[str] = ()):
        self.phrases = frozenset(phrases)
        alternatives = sorted(set(phrases) | set(exclude))
        body = alternation(alternatives, lambda p: r"[ \t]+".join(map(re.escape, p.split())))
        self.pattern = re.compile(rf"(?<![^\W_])(?:{body})(?![^\W_])") if alternatives else None

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, phrase) of each phrase in ``text`` (offsets into ``text``)."""
        if self.pattern is None:
            return []
        key = _lower_same_length(text)
        out = []
        for m in self.pattern.finditer(key):
            phrase = " ".join(m.group().split())
            if phrase in self.phrases:
                out.append((m.start(), m.end(), phrase))
        return out


_lower_same_length = lower_keeping_offsets  # the text is already normalized


# --------------------------------------------------------------------------------------------
# Hits
# --------------------------------------------------------------------------------------------


def register_hits(corpus: Any, lexicon: str | os.PathLike | None = None) -> pd.DataFrame:
    """Every register hit with its evidence, one row per hit.

    Columns: doc_id, register, sentence_id, start, end (offsets into ``documents.text``),
    matched (``text[start:end]``), phrase (the lexicon entry, or the target kind), sentence.

    >>> register_hits(corpus).query("register == 'vanguard'").matched.tolist()   # doctest: +SKIP
    ['toàn xã hội', 'cả hệ thống chính trị', ...]

    Computed once per corpus and lexicon and shared (:mod:`dxcompare.corpus.derived`).
    """
    from dxcompare.analyze.masking import _span_inputs
    from dxcompare.corpus import derived

    registers = load_registers(lexicon)
    inputs = [
        (corpus.sentences, ["doc_id", "sentence_id", "start", "text"]),
        (getattr(corpus, "targets", None), ["doc_id", "sentence_id", "start", "end", "kind"]),
        *_span_inputs(corpus),
    ]
    return derived.cached(
        "register_hits",
        {"lexicon": repr(registers)},
        inputs,
        lambda: _register_hits(corpus, registers),
    )


def _register_hits(corpus: Any, registers: tuple[Register, ...]) -> pd.DataFrame:
    """:func:`register_hits` itself, uncached."""
    rows = _unmasked(corpus, _phrase_rows(corpus.sentences, registers))
    rows += _target_rows(corpus, registers)
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in HIT_COLUMNS})
    hits = pd.DataFrame(
        rows, columns=["doc_id", "register", "sentence_id", "start", "end", "phrase"]
    )
    texts = dict(zip(corpus.documents["doc_id"].astype(str), corpus.documents["text"], strict=True))
    hits["matched"] = [
        texts[d][s:e] for d, s, e in zip(hits["doc_id"], hits["start"], hits["end"], strict=True)
    ]
    sents = corpus.sentences
    lookup = dict(
        zip(
            zip(sents["doc_id"].astype(str), sents["sentence_id"].astype(int), strict=True),
            sents["text"],
            strict=True,
        )
    )
    hits["sentence"] = [
        lookup.get((d, s), "") for d, s in zip(hits["doc_id"], hits["sentence_id"], strict=True)
    ]
    order = {r.name: i for i, r in enumerate(registers)}
    hits = hits.assign(_r=hits["register"].map(order))
    hits = hits.sort_values(["doc_id", "start", "_r"], kind="stable").drop(columns="_r")
    return hits[HIT_COLUMNS].reset_index(drop=True)


def _phrase_rows(sentences: pd.DataFrame, registers: Sequence[Register]) -> list[tuple]:
    matchers = [(r.name, PhraseMatcher(r.phrases, r.exclude)) for r in registers if r.phrases]
    rows = []
    columns = (sentences[c] for c in ("doc_id", "sentence_id", "start", "text"))
    for doc_id, sid, offset, text in zip(*columns, strict=True):
        for name, matcher in matchers:
            for s, e, phrase in matcher.find(text):
                rows.append((str(doc_id), name, int(sid), int(offset) + s, int(offset) + e, phrase))
    return rows


def _unmasked(corpus: Any, rows: list[tuple]) -> list[tuple]:
    """Phrase hits that are not mostly inside a name ("cần" of "Cần Thơ" is no directive)."""
    if not rows:
        return rows
    from dxcompare.analyze.masking import masked

    inside = masked(corpus, (r[0] for r in rows), (r[3] for r in rows), (r[4] for r in rows))
    return [r for r, m in zip(rows, inside, strict=True) if not m]


def _target_rows(corpus: Any, registers: Sequence[Register]) -> list[tuple]:
    targets = getattr(corpus, "targets", None)
    wanted = [r for r in registers if r.targets]
    if targets is None or targets.empty or not wanted:
        return []
    doc_ids = targets["doc_id"].astype(str)
    sids = targets["sentence_id"].astype(int)
    with_horizon = set(
        zip(doc_ids[targets["kind"] == "horizon"], sids[targets["kind"] == "horizon"], strict=True)
    )
    rows = []
    for reg in wanted:
        for d, s, start, end, kind in zip(
            doc_ids, sids, targets["start"], targets["end"], targets["kind"], strict=True
        ):
            if kind not in reg.targets:
                continue
            if reg.horizon is not None and ((d, s) in with_horizon) != reg.horizon:
                continue
            rows.append((d, reg.name, s, int(start), int(end), str(kind)))
    return rows


# --------------------------------------------------------------------------------------------
# Per group
# --------------------------------------------------------------------------------------------


def register_table(
    corpus: Any,
    by: By = "primary_province",
    lexicon: str | os.PathLike | None = None,
    *,
    n_boot: int = 1000,
    conf: float = 0.95,
    seed: int = 0,
) -> pd.DataFrame:
    """Register use per group, one row per (group, register), zeros included.

    - ``n_hits``: hits of the register in the group's documents;
    - ``n_words_group``: body words of the group (``documents.n_words``, segmented words);
    - ``rate_per_1000 = 1000 * n_hits / n_words_group``;
    - ``ci_low``, ``ci_high``: percentile bootstrap interval (``conf``) of the rate, resampling the
      group's documents with replacement (a document's hits are not independent of each other);
      ``n_boot`` resamples seeded by ``seed`` and the group's name; empty (NaN) for a one-document
      group (resampling one document always gives the same rate: a zero-width "interval" would
      claim a certainty the data cannot give) and with ``n_boot=0``;
    - ``n_documents``: the group's documents with at least one hit; ``n_documents_group``: all
      of them;
    - ``thin``: True when the group has fewer than ``THIN_DOCS`` (3) documents: say so beside
      any comparison of its rate.

    ``by`` is any column of ``corpus.documents`` (``"primary_province"``, ``"year"``, ``"outlet"``,
    ``"kind"``, ``"doc_id"``) or a list of them; documents without a value form the group
    "(unknown)"; ``by=None`` is one group "(all)" (labels as :mod:`dxcompare.grouping`).

    Computed once per corpus and parameters and shared (:mod:`dxcompare.corpus.derived`).
    """
    from dxcompare.analyze.grouping import by_columns
    from dxcompare.analyze.masking import _span_inputs
    from dxcompare.corpus import derived

    registers = load_registers(lexicon)
    params = {"by": by, "lexicon": repr(registers), "n_boot": n_boot, "conf": conf, "seed": seed}
    inputs = [
        (corpus.documents, list(dict.fromkeys(["doc_id", *by_columns(by), "n_words"]))),
        (corpus.sentences, ["doc_id", "sentence_id", "start", "text"]),
        (getattr(corpus, "targets", None), ["doc_id", "sentence_id", "start", "end", "kind"]),
        *_span_inputs(corpus),
    ]
    return derived.cached(
        "register_table",
        params,
        inputs,
        lambda: _register_table(corpus, by, lexicon, n_boot=n_boot, conf=conf, seed=seed),
    )


def _register_table(
    corpus: Any,
    by: By,
    lexicon: str | os.PathLike | None,
    *,
    n_boot: int,
    conf: float,
    seed: int,
) -> pd.DataFrame:
    """:func:`register_table` itself, uncached."""
    registers = load_registers(lexicon)
    docs = _doc_groups(corpus, by)
    hits = register_hits(corpus, lexicon)
    counts = hits.groupby(["doc_id", "register"]).size().unstack(fill_value=0)
    names = [r.name for r in registers]
    counts = counts.reindex(index=docs.index, columns=names, fill_value=0)
    frames = [
        _group_rows(
            str(label), counts.loc[idx], docs.loc[idx, "n_words"], names, n_boot, conf, seed
        )
        for label, idx in docs.groupby("group", sort=True).groups.items()
    ]
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in TABLE_COLUMNS})
    table = pd.concat(frames, ignore_index=True)
    table["label"] = table["register"].map({r.name: r.label for r in registers})
    return table[TABLE_COLUMNS]


def _doc_groups(corpus: Any, by: By) -> pd.DataFrame:
    """doc_id-indexed frame of group label and n_words, every document in a group."""
    docs = corpus.documents
    return pd.DataFrame(
        {
            "group": group_labels(docs, by).to_numpy(),
            "n_words": docs["n_words"].fillna(0).astype(int).to_numpy(),
        },
        index=docs["doc_id"].astype(str).to_numpy(),
    )


def _group_rows(
    label: str,
    counts: pd.DataFrame,
    words: pd.Series,
    names: list[str],
    n_boot: int,
    conf: float,
    seed: int,
) -> pd.DataFrame:
    x = counts.to_numpy(dtype=float)
    w = words.to_numpy(dtype=float)
    n_words = w.sum()
    n_hits = x.sum(axis=0)
    rate = 1000 * n_hits / n_words if n_words else np.full(len(names), np.nan)
    if n_boot > 0 and len(w) >= 2:
        low, high = _bootstrap(x, w, n_boot, conf, seed, label)
    else:  # one document: no interval at all rather than a zero-width one
        low, high = np.nan, np.nan
    return pd.DataFrame(
        {
            "group": label,
            "register": names,
            "n_hits": n_hits.astype(int),
            "n_words_group": int(n_words),
            "rate_per_1000": rate,
            "ci_low": low,
            "ci_high": high,
            "n_documents": (x > 0).sum(axis=0).astype(int),
            "n_documents_group": len(w),
            "thin": len(w) < THIN_DOCS,
        }
    )


def _bootstrap(
    x: np.ndarray, w: np.ndarray, n_boot: int, conf: float, seed: int, label: str
) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval of 1000 * hits / words over documents resampled with replacement."""
    # Seeded by the group's own name, so adding a group never changes another group's interval.
    rng = np.random.default_rng([seed, zlib.crc32(label.encode("utf-8"))])
    n = len(w)
    weights = rng.multinomial(n, np.full(n, 1.0 / n), size=n_boot).astype(float)
    hits, words = weights @ x, weights @ w
    # A resample of documents without body words has no rate: left out, not a NaN to skip
    # (a group whose documents all have 0 words has no interval, and no "All-NaN" warning).
    ok = words > 0
    if not ok.any():
        return np.full(x.shape[1], np.nan), np.full(x.shape[1], np.nan)
    rates = 1000 * hits[ok] / words[ok][:, None]
    q = [(1 - conf) / 2, 1 - (1 - conf) / 2]
    low, high = np.quantile(rates, q, axis=0)
    return low, high


__all__ = ["register_hits", "register_table", "load_registers", "PhraseMatcher", "Register"]
