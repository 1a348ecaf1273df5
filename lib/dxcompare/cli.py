"""The ``dxcompare`` command: argument parsing only; the work is done by the library.

dxcompare corpus seeds                  # build (or reload) the corpus, print summary and audit
dxcompare extract seeds --format json   # dates, document references and targets per document
dxcompare report --corpus seeds --out outputs
dxcompare evaluate tests/data/official_gold/gold.jsonl   # precision/recall/F1 against a gold file

Exit codes: 0 done; 1 a report failed; 2 a usage, input or output-folder error; 130, 143, 129
stopped by SIGINT (Ctrl-C), SIGTERM or SIGHUP (kernels and workers killed, finished files
kept); 141 the reader of the output left (``| head``).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from dxcompare import schema
from dxcompare._log import console_logging
from dxcompare.errors import DxError
from dxcompare.stopping import Stopped, handle_signals

if TYPE_CHECKING:  # the type only: importing the corpus module here would load it eagerly
    from dxcompare.corpus.build import Corpus


def _corpus_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--strict", action="store_true", help="stop at the first unreadable file")
    parser.add_argument(
        "--no-cache", action="store_true", help="rebuild even if a cached corpus exists"
    )
    parser.add_argument(
        "--workers", type=int, default=None, help="worker processes (default: all cores)"
    )
    parser.add_argument(
        "--scheduler",
        default=None,
        help="build on Dask: a scheduler address (tcp://host:8786) or 'local' for a local cluster",
    )
    parser.add_argument(
        "--phrases", default=None, help="extra domain phrase list (one phrase a line)"
    )


def _load(args: argparse.Namespace, paths: Sequence[str]) -> Any:
    from dxcompare.corpus.build import load_corpus

    source: Any = paths[0] if len(paths) == 1 else list(paths)
    return load_corpus(
        source,
        strict=args.strict,
        use_cache=not args.no_cache,
        workers=args.workers,
        scheduler=args.scheduler,
        phrases=args.phrases,
    )


def _cmd_corpus(args: argparse.Namespace) -> int:
    corpus = _load(args, args.path)
    print(corpus.summary())
    return 0


def _records(df: pd.DataFrame, columns: Sequence[str]) -> list[dict[str, Any]]:
    cols = [c for c in columns if c in df.columns]
    out = []
    for row in df[cols].itertuples(index=False, name=None):
        out.append({c: _plain(v) for c, v in zip(cols, row, strict=True)})
    return out


def _plain(value: Any) -> Any:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def extract_records(corpus: Corpus) -> list[dict[str, Any]]:
    """One JSON-ready object per document: provinces, dates, document references, targets.

    Its keys are ``schema.EXPORT_DOCUMENT``; each fact list has the ``schema.EXPORT_FACTS`` columns.
    """
    out = []
    for doc in corpus.documents.itertuples(index=False):
        doc_id = doc.doc_id
        mentions = corpus.mentions[corpus.mentions["doc_id"] == doc_id]
        counts = mentions.groupby("province", observed=True).size().sort_values(ascending=False)
        provinces = [
            {"name": name, "count": int(n)}
            for name, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        ]
        tables = {"doc_refs": corpus.doc_refs, "dates": corpus.dates, "targets": corpus.targets}
        record = {
            key: provinces if key == "provinces" else _plain(getattr(doc, key))
            for key in schema.EXPORT_DOCUMENT
        }
        for fact, columns in schema.EXPORT_FACTS.items():
            table = tables[fact]
            record[fact] = _records(table[table["doc_id"] == doc_id], columns)
        out.append(record)
    return out


def _cmd_extract(args: argparse.Namespace) -> int:
    corpus = _load(args, args.path)
    records = extract_records(corpus)
    if args.format == "json":
        json.dump(records, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    rows = []
    for rec in records:
        for fact in schema.EXPORT_FACTS:
            for item in rec[fact]:
                rows.append(
                    {
                        "doc_id": rec["doc_id"],
                        "path": rec["path"],
                        "primary_province": rec["primary_province"],
                        "fact": fact,
                        **item,
                    }
                )
    from dxcompare.reporting.csvsafe import safe_frame

    # Sentences, titles and manifest cells are others' text: none is a spreadsheet formula.
    safe_frame(pd.DataFrame(rows)).to_csv(sys.stdout, index=False)
    return 0


def add_report_arguments(parser: argparse.ArgumentParser) -> None:
    """``--corpus PATH --out DIR [--provinces ...] [--min-documents N] [--workers N] [--show-code] [--force]``."""
    parser.add_argument("--corpus", default="seeds", help="the corpus folder (default: seeds)")
    parser.add_argument("--out", default="outputs", help="the output folder (default: outputs)")
    parser.add_argument(
        "--provinces",
        nargs="+",
        default=None,
        metavar="PROVINCE",
        help='only these provinces\' profiles, e.g. --provinces "Bình Định" "Hà Nội"',
    )
    parser.add_argument(
        "--min-documents",
        type=int,
        default=None,
        metavar="N",
        help="profile only provinces with at least N documents (default: every province of a "
        "corpus of up to 12 provinces, else 3); --provinces overrides it",
    )
    parser.add_argument(
        "--workers", type=int, default=None, help="notebooks run at once (default: all cores)"
    )
    parser.add_argument(
        "--show-code", action="store_true", help="show the code cells in the HTML reports"
    )
    parser.add_argument(
        "--force", action="store_true", help="recompute every report even if up to date"
    )
    parser.add_argument(
        "--notebooks", default=None, help="the notebooks folder (default: ./notebooks)"
    )
    parser.add_argument(
        "--language",
        choices=("en", "vi"),
        default="en",
        help="the language of the reports: en (default) or vi (tiếng Việt)",
    )


def run_report_command(args: argparse.Namespace) -> int:
    """Run :func:`dxcompare.report` from parsed arguments; 0 if every report succeeded, else 1."""
    from dxcompare.reporting.reports import report

    with console_logging():  # its progress lines (the dxcompare logger) on stdout, bare
        result = report(
            corpus=args.corpus,
            out=args.out,
            provinces=args.provinces,
            workers=args.workers,
            show_code=args.show_code,
            force=args.force,
            notebooks_dir=getattr(args, "notebooks", None),
            min_documents=getattr(args, "min_documents", None),
            language=getattr(args, "language", "en"),
        )
    return result.exit_code


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from dxcompare.analyze.evaluate import evaluate, read_gold

    records = read_gold(args.gold, args.split)
    corpus = _load(args, args.corpus) if args.corpus else None
    result = evaluate(records, corpus, urls=not args.no_urls)
    if args.format == "json":
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=1, default=str))
    else:
        print(f"{len(records)} gold texts ({args.split or 'all'})")
        print(result.to_text(max_misses=args.misses))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dxcompare",
        description="Compare Vietnamese provinces' digital transformation from news and documents.",
        epilog="File names that start with '-' go after '--' or as ./-name.txt.",
        allow_abbrev=False,
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser(
        "corpus",
        allow_abbrev=False,
        help="build the corpus and print a summary and the normalization audit",
    )
    p.add_argument("path", nargs="+", help="a corpus folder or files")
    _corpus_options(p)
    p.set_defaults(func=_cmd_corpus)

    p = sub.add_parser(
        "extract",
        allow_abbrev=False,
        help="print dates, document references and targets per document",
    )
    p.add_argument("path", nargs="+", help="a corpus folder or files")
    p.add_argument("--format", choices=("json", "csv"), default="json")
    _corpus_options(p)
    p.set_defaults(func=_cmd_extract)

    p = sub.add_parser(
        "evaluate",
        allow_abbrev=False,
        help="score the extraction against a gold file (precision, recall, F1 per fact type)",
    )
    p.add_argument("gold", help="gold file, JSON Lines (format: docs/evaluation.md)")
    p.add_argument(
        "corpus",
        nargs="*",
        help="corpus folder or files whose doc_ids are the gold ids (default: the gold texts)",
    )
    p.add_argument(
        "--split",
        choices=("dev", "heldout", "heldout2", "heldout3", "all"),
        default=None,
        help="heldout2, heldout3: the second and third held-out sets, each scored once unseen "
        "(docs/evaluation.md)",
    )
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--misses", type=int, default=40, help="misses to list (text format)")
    p.add_argument(
        "--no-urls",
        action="store_true",
        help="build the gold texts without their 'url' (a manifest gives it by default)",
    )
    _corpus_options(p)
    p.set_defaults(func=_cmd_evaluate)

    p = sub.add_parser(
        "report", allow_abbrev=False, help="execute every notebook and render the HTML reports"
    )
    add_report_arguments(p)
    p.set_defaults(func=run_report_command)
    return parser


def _stopped(stop: Stopped) -> int:
    """The message and exit code (128 + signal: 130 Ctrl-C, 143 SIGTERM, 129 SIGHUP) of a stop."""
    message = (
        f"dxcompare: stopped by {stop.signal_name}; its kernels and workers were stopped and "
        "the files already written are complete. Run the same command again to finish."
    )
    with contextlib.suppress(OSError, ValueError):  # after SIGHUP the terminal may be gone
        print(message, file=sys.stderr, flush=True)
    return stop.exit_code


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        # SIGINT, SIGTERM, SIGHUP: kernels and workers are killed, then the run unwinds
        with handle_signals():
            return int(args.func(args) or 0)
    except DxError as err:
        print(f"dxcompare: error: {err}", file=sys.stderr)
        return 2
    except Stopped as stop:
        return _stopped(stop)
    except KeyboardInterrupt:
        print("dxcompare: interrupted; outputs already written are complete", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `dxcompare extract ... | head`: the reader left; say nothing more and do not flush again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


if __name__ == "__main__":
    sys.exit(main())
