"""Planning a report run: which notebooks, which provinces, one job each, and the keys that
say whether a job's earlier output is still current.

    >>> select_provinces(["binh dinh"], ["Bình Định", "Hà Nội"], Path("seeds"))
    ['Bình Định']
    >>> slug("Bà Rịa - Vũng Tàu")
    'ba-ria-vung-tau'

Nothing here executes a notebook or writes a file (see :mod:`.execute` and :mod:`.outputs`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dxcompare._text.marks import ascii_words
from dxcompare.errors import ParameterError

REQUIRED_PARAMETERS = ("corpus_path", "output_dir")
PROVINCE_PARAMETER = "province"
LANGUAGE_PARAMETER = "language"


@dataclass(frozen=True)
class ReportJob:
    """One report to produce: a notebook and its parameters."""

    name: str  # file stem of every output: "corpus_overview", "province_profile-binh-dinh"
    notebook: Path
    title: str
    parameters: dict[str, Any]  # as the notebook sees them (absolute paths)
    exec_key: str = ""
    html_key: str = ""
    question: str = ""  # what the report answers (the notebook's "**Question:**" paragraph)


def check_corpus_path(corpus: str | os.PathLike) -> Path:
    """The corpus folder (or file) as an absolute path; a clear error if it does not exist."""
    path = Path(corpus).expanduser()
    if not path.exists():
        raise ParameterError(
            f"{corpus}: corpus path not found. Fix: pass --corpus with the folder of documents "
            "(for example --corpus seeds)"
        )
    return path.resolve()


def default_notebooks_dir() -> Path:
    """``./notebooks`` if it exists, else the ``notebooks/`` folder of the dxcompare checkout."""
    here = Path.cwd() / "notebooks"
    if here.is_dir():
        return here.resolve()
    return Path(__file__).resolve().parents[3] / "notebooks"


def list_notebooks(notebooks_dir: str | os.PathLike) -> list[Path]:
    """Every ``*.ipynb`` in the folder, sorted (hidden files and checkpoints skipped)."""
    folder = Path(notebooks_dir)
    if not folder.is_dir():
        raise ParameterError(f"{folder}: notebooks folder not found. Fix: pass notebooks_dir=")
    found = [
        p.resolve()
        for p in sorted(folder.glob("*.ipynb"))
        if not p.name.startswith(".") and not p.stem.endswith("-checkpoint")
    ]
    if not found:
        raise ParameterError(f"{folder}: no notebook (*.ipynb) found. Fix: add notebooks there")
    return found


def notebook_parameters(path: Path) -> dict[str, Any]:
    """The names and defaults of the notebook's ``parameters`` cell (papermill's inspection).

    Errors unless there is exactly one cell tagged ``parameters`` declaring ``corpus_path`` and
    ``output_dir`` (papermill only warns about a misspelt name, then runs with the default).
    """
    import papermill

    tagged = [
        c
        for c in _read_json(path)["cells"]
        if "parameters" in c.get("metadata", {}).get("tags", [])
    ]
    if len(tagged) != 1:
        raise ParameterError(
            f"{path}: {len(tagged)} cells tagged 'parameters'. Fix: tag exactly one code cell "
            "'parameters' (it declares corpus_path and output_dir)"
        )
    params = papermill.inspect_notebook(str(path))
    missing = [name for name in REQUIRED_PARAMETERS if name not in params]
    if missing:
        raise ParameterError(
            f"{path}: the parameters cell does not declare {', '.join(missing)}. Fix: add "
            + "; ".join(f"{m} = None" for m in missing)
            + " to the cell tagged 'parameters'"
        )
    return params


def corpus_provinces(corpus_path: Path, workers: int | None = None) -> list[str]:
    """The primary provinces of the corpus's documents, sorted (builds or reloads the corpus)."""
    return sorted(province_documents(corpus_path, workers))


def province_documents(corpus_path: Path, workers: int | None = None) -> dict[str, int]:
    """Documents per primary province, by name (sorted); builds or reloads the corpus."""
    from dxcompare.corpus.build import load_corpus

    corpus = load_corpus(corpus_path, workers=workers)
    counts = corpus.documents["primary_province"].dropna().astype(str).value_counts()
    return {str(name): int(counts[name]) for name in sorted(counts.index)}


# A corpus of a few provinces gets every profile; past that, a profile of one or two articles
# says little and costs a kernel each (31 provinces in 500 news articles, 22 of them with fewer
# than 3), so by default only provinces with MIN_DOCUMENTS documents or more get one.
ALL_PROFILES_UP_TO = 12
MIN_DOCUMENTS = 3


def profiled_provinces(
    counts: dict[str, int], min_documents: int | None = None
) -> tuple[list[str], dict[str, int]]:
    """(provinces that get a profile, {skipped province: its documents}).

    ``min_documents=None`` (the default): every province if the corpus has at most
    :data:`ALL_PROFILES_UP_TO`, else those with at least :data:`MIN_DOCUMENTS` documents.

    >>> profiled_provinces({"Hà Nội": 74, "Yên Bái": 1}, 2)
    (['Hà Nội'], {'Yên Bái': 1})
    """
    if min_documents is None:
        min_documents = 1 if len(counts) <= ALL_PROFILES_UP_TO else MIN_DOCUMENTS
    if isinstance(min_documents, bool) or not isinstance(min_documents, int) or min_documents < 1:
        raise ParameterError(
            f"min_documents={min_documents!r}: a whole number of documents, 1 or more "
            "(1 gives every province a profile)"
        )
    chosen = [p for p, n in counts.items() if n >= min_documents]
    skipped = {p: n for p, n in counts.items() if n < min_documents}
    return chosen, skipped


def _fold(name: str) -> str:
    """``"Bình Định"`` -> ``"binh dinh"``: what a user may type without diacritics."""
    return ascii_words(name)


def select_provinces(
    requested: Sequence[str], available: Sequence[str] | None, corpus: Path
) -> list[str]:
    """Match the requested names against the corpus's provinces ("binh dinh" finds "Bình Định").

    ``available`` None means the corpus could not be read here: names are taken as given.
    """
    chosen: list[str] = []
    for name in requested:
        name = unicodedata.normalize("NFC", name.strip())
        if available is None:
            match = name
        else:
            match = next((p for p in available if p == name), None) or next(
                (p for p in available if _fold(p) == _fold(name)), None
            )
        if match is None:
            raise ParameterError(
                f"unknown province {name!r}: the corpus at {corpus} has "
                f"{', '.join(available) if available else 'no province'}. Fix: use one of those names"
            )
        if match not in chosen:
            chosen.append(match)
    return chosen


def slug(text: str) -> str:
    """A file-name form: ``"Bà Rịa - Vũng Tàu"`` -> ``"ba-ria-vung-tau"``."""
    return _fold(text).replace(" ", "-").replace("_", "-") or "x"


def _read_json(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise ParameterError(
            f"{path}: not a readable notebook ({err}). Fix: repair or remove it"
        ) from err


def notebook_title(path: Path, language: str = "en") -> str:
    """The first Markdown heading of the notebook, else the title of the dxcompare report of that
    name in ``language`` (:mod:`~dxcompare.reporting.prose`), else its file name."""
    from dxcompare.reporting.prose import report_title

    for cell in _read_json(path)["cells"]:
        if cell.get("cell_type") == "markdown":
            source = "".join(cell.get("source", []))
            for line in source.splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return report_title(path.stem, language) or path.stem.replace("_", " ")


def notebook_question(path: Path, language: str = "en") -> str:
    """The paragraph of the first Markdown cell that starts with ``**Question:**``, as plain text
    (else the question of the dxcompare report of that name, in ``language``)."""
    from dxcompare.reporting.prose import report_question

    for cell in _read_json(path)["cells"]:
        if cell.get("cell_type") == "markdown":
            for paragraph in "".join(cell.get("source", [])).split("\n\n"):
                if paragraph.strip().startswith("**Question:**"):
                    text = paragraph.strip().removeprefix("**Question:**")
                    text = " ".join(text.replace("`", "").replace("*", "").split())
                    return text[:1].upper() + text[1:]
    return report_question(path.stem, language)


# --------------------------------------------------------------------------------------------
# Keys (incremental runs)
# --------------------------------------------------------------------------------------------


def corpus_fingerprint(corpus_path: Path) -> str:
    """SHA-256 over the corpus's documents (relative path and bytes), its manifest and problems.

    The documents are the ones ``load_corpus`` reads (``ingest.discover.discover_files``): no
    link out of the corpus, no pipe or device is ever opened. A file that cannot be read, and
    every file set aside, enters as its problem, so fixing it changes the fingerprint.
    """
    from dxcompare.errors import ManifestError
    from dxcompare.ingest.discover import discover_files, find_manifest, os_error_problem

    h = hashlib.sha256()
    root, files, problems = discover_files(corpus_path)
    try:
        manifest = find_manifest(root)
    except ManifestError as err:  # load_corpus raises it with its fix; here it only keys
        manifest = None
        h.update(b"\2" + str(err).encode())
    entries = [(p, p.relative_to(root).as_posix() if root else p.name) for p in files]
    if manifest is not None:
        entries.append((manifest, manifest.name))
    for path, rel in entries:
        try:
            data = path.read_bytes()
        except OSError as exc:
            problems.append(os_error_problem(path, exc))
            continue
        h.update(rel.encode() + b"\0" + len(data).to_bytes(8, "little"))
        h.update(data)
    for problem in sorted(str(p) for p in problems):
        h.update(b"\1" + problem.encode())
    return h.hexdigest()


def code_version() -> str:
    """dxcompare's version, a hash of its code, data and templates, and the rendering stack."""
    from importlib.metadata import PackageNotFoundError, version

    from dxcompare import __version__
    from dxcompare.corpus import cache
    from dxcompare.reporting.htmlexport import templates_dir

    h = hashlib.sha256(cache.code_fingerprint().encode())
    for path in sorted(templates_dir().rglob("*")):
        if path.is_file():
            h.update(path.name.encode() + path.read_bytes())
    stack = []
    for package in ("papermill", "nbconvert", "nbformat", "pandas", "matplotlib"):
        with contextlib.suppress(PackageNotFoundError):
            stack.append(f"{package}={version(package)}")
    return f"{__version__}+{h.hexdigest()[:16]} " + " ".join(stack)


def _key(*parts: Any) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = (
            part
            if isinstance(part, bytes)
            else json.dumps(part, sort_keys=True, ensure_ascii=False).encode()
        )
        h.update(len(data).to_bytes(8, "little") + data)
    return h.hexdigest()


def portable_parameters(parameters: dict[str, Any], out: Path | None = None) -> dict[str, Any]:
    """The parameters as an executed notebook records them: paths relative to its folder.

    The executed notebook lives in ``<out>/notebooks/``; re-run there (JupyterLab starts its
    kernel in the notebook's folder) it still finds the corpus and writes beside its report.
    No absolute path of the machine that rendered it remains, so the files do not depend on
    what the output folder is called:

    >>> portable_parameters({"corpus_path": "/w/seeds", "output_dir": "/w/out/data/summary"})
    {'corpus_path': '../../seeds', 'output_dir': '../data/summary'}
    """
    if out is None:
        output_dir = parameters.get("output_dir")
        if not output_dir:
            return dict(parameters)
        out = Path(output_dir).parents[1]  # <out>/data/<name>
    base = Path(out) / "notebooks"
    portable = dict(parameters)
    for name in REQUIRED_PARAMETERS:
        value = parameters.get(name)
        if isinstance(value, str | os.PathLike) and Path(value).is_absolute():
            try:
                portable[name] = Path(os.path.relpath(value, base)).as_posix()
            except ValueError:  # another drive (Windows): only the folder's name
                portable[name] = Path(value).name
    return portable


def plan_jobs(
    notebooks: Sequence[Path],
    parameters: dict[Path, dict[str, Any]],
    corpus_path: Path,
    out: Path,
    provinces: Sequence[str],
    corpus_hash: str,
    version: str,
    show_code: bool,
    language: str = "en",
) -> list[ReportJob]:
    """One job per notebook, or per (notebook, province) for a notebook with a province parameter.

    ``language`` other than "en" is passed to each notebook that has a ``language`` parameter
    (English jobs keep the parameters, and so the keys, they always had).
    """
    jobs = []
    for nb_path in notebooks:
        title = notebook_title(nb_path, language)
        question = notebook_question(nb_path, language)
        per_province = PROVINCE_PARAMETER in parameters[nb_path]
        nb_bytes = nb_path.read_bytes()
        for province in provinces if per_province else [None]:
            name = nb_path.stem if province is None else f"{nb_path.stem}-{slug(province)}"
            params: dict[str, Any] = {
                "corpus_path": str(corpus_path),
                "output_dir": str(out / "data" / name),
            }
            if province is not None:
                params[PROVINCE_PARAMETER] = province
            if language != "en" and LANGUAGE_PARAMETER in parameters[nb_path]:
                params[LANGUAGE_PARAMETER] = language
            # keyed on the parameters as recorded (relative): a renamed output folder stays current
            exec_key = _key(
                "exec", nb_bytes, portable_parameters(params, out), corpus_hash, version
            )
            jobs.append(
                ReportJob(
                    name=name,
                    notebook=nb_path,
                    title=title if province is None else f"{title}: {province}",
                    parameters=params,
                    exec_key=exec_key,
                    html_key=_key("html", exec_key, show_code),
                    question=question,
                )
            )
    return jobs
