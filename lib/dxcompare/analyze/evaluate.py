"""Score the extraction against hand annotations (a gold file), per fact type.

A gold file is JSON Lines, one record per text (format: ``docs/evaluation.md``)::

    {"id": "thanh_hoa_qd4216_2020", "url": "https://...", "text": "ỦY BAN NHÂN DÂN\\nTỈNH THANH HÓA ...",
     "province": "Thanh Hóa", "province_2025": "Thanh Hóa", "own_symbol": "4216/QĐ-UBND",
     "published": "2020-10-06", "references": [{"number": "749", "type": "QĐ", "issuer": "TTg"}],
     "dates": ["2020-06-03"], "goal_years": [2025, 2030], "split": "dev"}

The corpus document whose ``doc_id`` equals a record's ``id`` is compared with it (without a
corpus folder the gold texts themselves are written out and built). Single-valued facts
(province, province_2025, own_symbol, published) count a wrong value as one miss and one false
hit; set-valued facts (references, dates, goal_years) are compared as sets per document. Scores
are micro-averaged over documents.
"""

from __future__ import annotations

import csv
import json
import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from dxcompare.errors import DxError

SINGLE_FACTS = ("province", "province_2025", "own_symbol", "published")
SET_FACTS = ("references", "dates", "goal_years")
FACTS = SINGLE_FACTS + SET_FACTS


class GoldError(DxError):
    """A gold file that cannot be read (path, line and what is wrong)."""


@dataclass
class Evaluation:
    """``scores``: one row per fact (tp, fp, fn, precision, recall, f1, accuracy, n_documents);
    ``misses``: one row per wrong fact (doc_id, fact, error "missed" | "extra", value)."""

    scores: pd.DataFrame
    misses: pd.DataFrame

    def to_text(self, max_misses: int = 40) -> str:
        lines = [self.scores.to_string(index=False, float_format=lambda v: f"{v:.3f}")]
        if len(self.misses) and max_misses > 0:
            lines.append("")
            lines.append(f"misses ({len(self.misses)}, first {min(max_misses, len(self.misses))}):")
            for row in self.misses.head(max_misses).itertuples(index=False):
                lines.append(f"  {row.fact:<14} {row.error:<6} {row.doc_id}: {row.value}")
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        return {
            "scores": self.scores.to_dict(orient="records"),
            "misses": self.misses.to_dict(orient="records"),
        }


def read_gold(path: str | Path, split: str | None = None) -> list[dict[str, Any]]:
    """The records of a gold file (``split`` "dev" / "heldout" / "heldout2" / "heldout3" keeps
    only those)."""
    path = Path(path)
    try:
        raw_lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise GoldError(f"cannot read the gold file {path}: {err.strerror or err}") from err
    records = []
    for n, line in enumerate(raw_lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            raise GoldError(f"{path}:{n}: not JSON ({err.msg})") from err
        if not isinstance(record, dict) or not record.get("id") or "text" not in record:
            raise GoldError(f"{path}:{n}: a record needs an 'id' and a 'text'")
        records.append(record)
    if split and split != "all":
        records = [r for r in records if r.get("split") == split]
    return records


def write_gold_texts(
    records: Iterable[dict[str, Any]], folder: str | Path, urls: bool = True
) -> Path:
    """Write every record's text to ``folder/<id>.txt`` (the corpus the gold file describes).

    ``urls``: also write ``manifest.csv`` with each record's ``url``, as a user's corpus gives
    its documents' addresses (a provincial paper's host names its province).
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for record in records:
        (folder / f"{record['id']}.txt").write_text(record["text"], encoding="utf-8")
        if urls and record.get("url"):
            rows.append((f"{record['id']}.txt", str(record["url"])))
    if rows:
        with open(folder / "manifest.csv", "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["file", "url"])
            writer.writerows(rows)
    return folder


def _fold(text: str) -> str:
    """Comparison form of a code: NFC, upper case, Đ/Ð unified, no spaces."""
    text = unicodedata.normalize("NFC", str(text)).replace("Ð", "Đ").replace("đ", "Đ")
    return "".join(text.upper().split())


def _number(number: Any) -> str:
    # "0155" and "155" are one document number; "36a" keeps its letter.
    text = str(number).strip().lower()
    return text.lstrip("0") or "0"


def ref_key(number: Any, type_: Any, issuer: Any) -> str:
    """``"749|QĐ|TTG"``: the identity of a cited document (number, type code, issuer code)."""
    return f"{_number(number)}|{_fold(type_ or '')}|{_fold(issuer or '')}"


def symbol_key(symbol: str | None) -> str | None:
    """The canonical, comparison form of a document symbol (leading zeros and spaces ignored)."""
    if not symbol:
        return None
    from dxcompare.extract.references import canonical_symbol

    canonical = canonical_symbol(symbol) or symbol
    head, sep, rest = canonical.partition("/")
    if "-" in head and not sep:
        return _fold(canonical)
    if "-" in head:  # Party shape: "05-NQ/TU"
        num, _, typ = head.partition("-")
        return _fold(f"{_number(num)}-{typ}/{rest}")
    return _fold(f"{_number(head)}/{rest}")


def gold_facts(record: dict[str, Any]) -> dict[str, Any]:
    """The comparison values of one gold record."""
    refs = {
        ref_key(r.get("number"), r.get("type"), r.get("issuer"))
        for r in record.get("references") or []
    }
    return {
        "province": record.get("province") or None,
        "province_2025": record.get("province_2025") or None,
        "own_symbol": symbol_key(record.get("own_symbol")),
        "published": record.get("published") or None,
        "references": refs,
        "dates": {str(d) for d in record.get("dates") or []},
        "goal_years": {int(y) for y in record.get("goal_years") or []},
    }


def _value(value: Any) -> Any:
    """None for the missing values pandas writes (None, NaN, NA); the value otherwise."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    return value or None


def _flags(value: Any) -> set[str]:
    if not isinstance(value, str) or not value:
        return set()
    return {f.strip() for f in value.split(";") if f.strip()}


def predicted_facts(corpus: Any) -> dict[str, dict[str, Any]]:
    """The comparison values the corpus has for each document, by ``doc_id``."""
    out: dict[str, dict[str, Any]] = {}
    docs = corpus.documents
    for row in docs.itertuples(index=False):
        out[row.doc_id] = {
            "province": _value(row.primary_province),
            "province_2025": _value(row.province_2025),
            "own_symbol": symbol_key(_value(getattr(row, "symbol", None))),
            "published": _value(row.published),
            "references": set(),
            # The place-and-date line is read as the document's date, not as a body date.
            "dates": {row.published} if row.published_precision == "day" else set(),
            "goal_years": set(),
        }
    refs = corpus.doc_refs
    if len(refs):
        for row in refs.itertuples(index=False):
            facts = out.get(row.doc_id)
            if facts is None:
                continue
            if "self" in _flags(row.flags):
                facts["own_symbol"] = facts["own_symbol"] or symbol_key(row.symbol)
                continue
            if pd.isna(row.number) or not row.type or not row.issuer:
                continue
            facts["references"].add(ref_key(row.number, row.type, row.issuer))
    dates = corpus.dates
    if len(dates):
        for row in dates.itertuples(index=False):
            facts = out.get(row.doc_id)
            if facts is None:
                continue
            if row.precision == "day":
                facts["dates"].add(str(row.value))
            if row.kind == "horizon" and str(row.value)[:4].isdigit():
                facts["goal_years"].add(int(str(row.value)[:4]))
    return out


def _score_row(fact: str, tp: int, fp: int, fn: int, correct: int, n: int) -> dict[str, Any]:
    precision = tp / (tp + fp) if tp + fp else float("nan")
    recall = tp / (tp + fn) if tp + fn else float("nan")
    if tp + fp and tp + fn and precision + recall:
        f1 = 2 * precision * recall / (precision + recall)
    else:
        f1 = float("nan")
    return dict(
        fact=fact,
        tp=tp,
        fp=fp,
        fn=fn,
        precision=precision,
        recall=recall,
        f1=f1,
        accuracy=correct / n if n else float("nan"),
        n_documents=n,
    )


def score(records: Sequence[dict[str, Any]], predicted: dict[str, dict[str, Any]]) -> Evaluation:
    """Compare gold records with predicted facts (see :func:`predicted_facts`)."""
    rows = []
    misses: list[dict[str, Any]] = []
    for fact in FACTS:
        tp = fp = fn = correct = 0
        for record in records:
            gold = gold_facts(record)[fact]
            pred = predicted.get(record["id"])
            if pred is None:
                misses.append(
                    dict(doc_id=record["id"], fact=fact, error="missed", value="(no document)")
                )
                fn += len(gold) if fact in SET_FACTS else int(gold is not None)
                continue
            got = pred[fact]
            if fact in SET_FACTS:
                tp += len(gold & got)
                for value in sorted(gold - got, key=str):
                    fn += 1
                    misses.append(dict(doc_id=record["id"], fact=fact, error="missed", value=value))
                for value in sorted(got - gold, key=str):
                    fp += 1
                    misses.append(dict(doc_id=record["id"], fact=fact, error="extra", value=value))
                correct += int(gold == got)
                continue
            if got == gold:
                correct += 1
                tp += int(gold is not None)
                continue
            if gold is not None:
                fn += 1
                misses.append(dict(doc_id=record["id"], fact=fact, error="missed", value=gold))
            if got is not None:
                fp += 1
                misses.append(dict(doc_id=record["id"], fact=fact, error="extra", value=got))
        rows.append(_score_row(fact, tp, fp, fn, correct, len(records)))
    return Evaluation(
        scores=pd.DataFrame(rows),
        misses=pd.DataFrame(misses, columns=["doc_id", "fact", "error", "value"]),
    )


def evaluate(
    gold: str | Path | Sequence[dict[str, Any]],
    corpus: Any = None,
    *,
    split: str | None = None,
    urls: bool = True,
) -> Evaluation:
    """Score a corpus against a gold file.

    ``corpus``: a built ``Corpus``, a corpus folder, or None to build the gold texts themselves.
    ``split``: "dev", "heldout", "heldout2", "heldout3" or None/"all". ``urls``: give the built
    gold texts their records' ``url`` (in a manifest); False scores the texts alone.
    """
    records = read_gold(gold, split) if isinstance(gold, (str, Path)) else list(gold)
    if split and split != "all" and not isinstance(gold, (str, Path)):
        records = [r for r in records if r.get("split") == split]
    if not records:
        raise GoldError("the gold file has no records" + (f" in split {split!r}" if split else ""))
    from dxcompare.corpus.build import load_corpus

    if corpus is None:
        with tempfile.TemporaryDirectory(prefix="dxcompare-gold-") as tmp:
            built = load_corpus(write_gold_texts(records, tmp, urls=urls), use_cache=False)
            return score(records, predicted_facts(built))
    if isinstance(corpus, (str, Path)):
        corpus = load_corpus(corpus)
    return score(records, predicted_facts(corpus))
