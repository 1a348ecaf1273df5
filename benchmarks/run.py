"""dxcompare's benchmarks: corpus build, segmentation floor, warm load, memory, batch report.

    make bench                                   # = .venv/bin/python benchmarks/run.py
    .venv/bin/python benchmarks/run.py --quick   # 50 and 500 documents only
    .venv/bin/python benchmarks/run.py --sizes 50 500 --repeats 5 --no-report
    .venv/bin/python benchmarks/run.py --profile 50   # cProfile of a cold 1-core build
    .venv/bin/python benchmarks/run.py --json r.json; ... --table-from r.json   # keep, reprint
    .venv/bin/python benchmarks/run.py --corpus DIR [--add FILE]   # any folder of documents

``--corpus DIR`` measures a folder you point to (your own corpus, or real news you may not copy
into the repository): it is copied into the work folder first, never written to. Figures:
floor, cold build on 1 and on all cores, then, on the 1-core build's cache, one document added
(``--add FILE``, else a copy of the folder's first document under a new name), one edited (a
sentence appended), one removed, and the warm load; each with wall and CPU seconds and peak
memory.

Corpora come from benchmarks/scaler.py (seed 0). Every measurement runs in a fresh Python
process (so caches, imported modules and peak RSS belong to that measurement alone) started by
this script with ``--child``; the figure is the median of ``--repeats`` runs (default 3, and 1
for corpora of 5,000 documents or more, whose cold builds take minutes), with the min-max spread.

What is timed (wall clock, ``time.perf_counter``):
- floor: underthesea ``word_tokenize`` alone on every sentence of the same files
  (``segment.split_sentences`` of each file's whole text), one core, model loaded beforehand;
- cold build: ``load_corpus(path, workers=1 | None)`` with an empty cache folder (read,
  normalize, label, metadata, segment, extract, merge, store the cache); the underthesea model is
  loaded in the measuring process beforehand, as for the floor; pool workers are forked from it;
- warm load: ``load_corpus(path)`` in a fresh process on the cache the cold build left
  (``dxcompare.corpus`` imported beforehand: pandas' import is not the cache's cost);
- peak RSS: ``ru_maxrss`` of the measuring process, and of its largest child (pool worker,
  notebook kernel) reported separately;
- report: ``dxcompare report --corpus seeds --out DIR`` (cold: empty output and cache folders;
  then again with nothing changed), against the same command on as many notebooks as the real
  run executes, each only starting its kernel and importing dxcompare (same papermill call, same
  thread pool, same HTML rendering).
- CPU seconds of the same blocks (``time.process_time`` and the reaped children's rusage): what
  a shared machine inflates least; the table derives the build/floor ratio and the 2-core
  speed-up an idle machine would give from them.
The children import a snapshot of lib/dxcompare and notebooks/ taken at start, so edits made
during a long run change nothing in it; a report run whose kernel hangs is killed after
``REPORT_TIMEOUT`` and left out. The machine is shared: other processes' load shows up as
spread and as wall time above CPU time; re-run when it is quiet.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SEEDS = ROOT / "seeds"
DEFAULT_SIZES = (50, 500, 5000)
QUICK_SIZES = (50, 500)
BIG = 5000  # from this size on, one run per measurement by default
REPORT_TIMEOUT = 900  # seconds; a hung notebook kernel must not stall a long run

# --------------------------------------------------------------------------------------------
# Child side: one measurement in this fresh process, printed as one JSON line
# --------------------------------------------------------------------------------------------


def _rss() -> dict[str, float]:
    """Peak resident memory in MB of this process and of its largest waited-for child."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"rss_mb": round(own, 1), "child_rss_mb": round(kids, 1)}


class Clock:
    """Wall seconds and CPU seconds (this process; its reaped children) of a block of code."""

    def __enter__(self) -> Clock:
        self.wall0, self.cpu0, self.kids0 = time.perf_counter(), time.process_time(), _kids_cpu()
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds = time.perf_counter() - self.wall0
        self.cpu = time.process_time() - self.cpu0
        self.kids = _kids_cpu() - self.kids0

    def figures(self) -> dict[str, float]:
        return {"seconds": self.seconds, "cpu_s": self.cpu, "child_cpu_s": self.kids}


def _kids_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _corpus_files(corpus: Path) -> list[Path]:
    return sorted(corpus.glob("*.txt"))


def child_floor(corpus: Path) -> dict[str, Any]:
    """underthesea word_tokenize alone, sentence by sentence, over every file's whole text."""
    from underthesea import word_tokenize

    from dxcompare.annotate.segment import split_sentences

    word_tokenize("khởi động")  # load the model outside the timing
    texts = [p.read_text(encoding="utf-8") for p in _corpus_files(corpus)]
    syllables = 0
    with Clock() as clock:
        for text in texts:
            for start, end in split_sentences(text):
                sentence = text[start:end]
                word_tokenize(sentence)
                syllables += len(sentence.split())
    return {**clock.figures(), "syllables": syllables}


def child_build(corpus: Path, workers: int | None, scheduler: str | None) -> dict[str, Any]:
    """A cold build (the cache folder is empty): the whole load_corpus call."""
    from underthesea import word_tokenize

    import dxcompare.corpus.build as corpus_mod

    word_tokenize("khởi động")
    with Clock() as clock:
        built = corpus_mod.load_corpus(corpus, workers=workers, scheduler=scheduler)
    if built.from_cache:
        raise SystemExit("the cache folder was not empty: this was not a cold build")
    return {
        **clock.figures(),
        "documents": len(built.documents),
        "sentences": len(built.sentences),
        "tokens": len(built.tokens),
    }


def child_warm(corpus: Path) -> dict[str, Any]:
    """A cache hit in a fresh process."""
    import dxcompare.corpus.build as corpus_mod

    with Clock() as clock:
        loaded = corpus_mod.load_corpus(corpus)
    if not loaded.from_cache:
        raise SystemExit("no cached corpus found: run the cold build first")
    return {**clock.figures(), "documents": len(loaded.documents)}


def child_incremental(corpus: Path) -> dict[str, Any]:
    """A load after a change to the corpus: per-document entries reused, the changed ones built."""
    from underthesea import word_tokenize

    import dxcompare.corpus.build as corpus_mod
    from dxcompare.corpus import cache

    word_tokenize("khởi động")
    entries = cache.cache_dir() / cache.DOCUMENTS
    before = sum(1 for _ in entries.rglob("*.dxdoc"))
    with Clock() as clock:
        loaded = corpus_mod.load_corpus(corpus, workers=1)
    if loaded.from_cache:
        raise SystemExit("the corpus came whole from the cache: nothing changed")
    built = sum(1 for _ in entries.rglob("*.dxdoc")) - before
    return {**clock.figures(), "documents": len(loaded.documents), "built": built}


def child_report(corpus: Path, out: Path, notebooks: Path | None) -> dict[str, Any]:
    """``dxcompare report`` in this process (its kernels are our children)."""
    from dxcompare.cli import main

    argv = ["report", "--corpus", str(corpus), "--out", str(out)]
    if notebooks is not None:
        argv += ["--notebooks", str(notebooks)]
    t0 = time.perf_counter()
    sys.stdout = sys.stderr  # keep our stdout for the JSON line
    try:
        code = main(argv)
    finally:
        sys.stdout = sys.__stdout__
    seconds = time.perf_counter() - t0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return {"seconds": seconds, "exit_code": code, "reports": len(manifest.get("reports", {}))}


def child_profile(corpus: Path, top: int) -> dict[str, Any]:
    """A cold 1-core build under cProfile; the top functions go to stderr."""
    import cProfile
    import io
    import pstats

    from underthesea import word_tokenize

    import dxcompare.corpus.build as corpus_mod

    word_tokenize("khởi động")
    profiler = cProfile.Profile()
    t0 = time.perf_counter()
    profiler.runcall(corpus_mod.load_corpus, corpus, workers=1)
    seconds = time.perf_counter() - t0
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text)
    stats.sort_stats("cumulative").print_stats(r"dxcompare|underthesea", top)
    stats.sort_stats("tottime").print_stats(top)
    print(text.getvalue(), file=sys.stderr)
    return {"seconds": seconds}


def run_child(args: argparse.Namespace) -> None:
    corpus = Path(args.corpus)
    if args.child == "floor":
        result = child_floor(corpus)
    elif args.child == "build":
        result = child_build(corpus, args.workers or None, args.scheduler)
    elif args.child == "warm":
        result = child_warm(corpus)
    elif args.child == "incremental":
        result = child_incremental(corpus)
    elif args.child == "profile":
        result = child_profile(corpus, args.top)
    elif args.child == "report":
        result = child_report(
            corpus, Path(args.out), Path(args.notebooks) if args.notebooks else None
        )
    else:
        raise SystemExit(f"unknown measurement {args.child!r}")
    import dxcompare

    result.update(_rss(), code=str(Path(dxcompare.__file__).parent))
    result["load_avg"] = os.getloadavg()[0]
    print(json.dumps(result))


# --------------------------------------------------------------------------------------------
# Parent side: corpora, repeated measurements, the table
# --------------------------------------------------------------------------------------------


#: Where the children import dxcompare from: a snapshot taken at start (see ``snapshot_code``).
CODE: Path | None = None


def snapshot_code(work: Path) -> str:
    """Copy lib/dxcompare into the work folder and make every child import that copy.

    Others edit the tree while a long run goes on; any edit changes the code fingerprint in the
    cache key, so without a snapshot a warm load could miss the cache its cold build just wrote,
    and runs of one table would measure different code. Returns a description of the snapshot.
    """
    global CODE
    target = work / "code"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(
        ROOT / "lib" / "dxcompare",
        target / "dxcompare",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
    )
    CODE = target
    shutil.copytree(
        ROOT / "notebooks",
        target / "notebooks",
        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "*-checkpoint.ipynb"),
    )

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], capture_output=True, text=True, cwd=ROOT)
        return done.stdout.strip()

    dirty = len(git("status", "--porcelain", "--", "lib/dxcompare").splitlines())
    return f"commit {git('rev-parse', '--short', 'HEAD') or '?'}, {dirty} changed file(s) in lib/"


def _env(cache: Path) -> dict[str, str]:
    env = {**os.environ, "DXCOMPARE_CACHE_DIR": str(cache), "PYTHONHASHSEED": "0"}
    if CODE is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(CODE), env.get("PYTHONPATH")]))
    return env


def measure(
    kind: str, corpus: Path, cache: Path, timeout: float | None = None, **options: Any
) -> dict[str, Any]:
    """Run one measurement in a fresh process with its own cache folder.

    The child runs in its own process group, so on ``timeout`` it is killed together with the
    processes it started (pool workers, notebook kernels) and TimeoutError is raised.
    """
    argv = [sys.executable, str(Path(__file__).resolve()), "--child", kind, "--corpus", str(corpus)]
    for name, value in options.items():
        if value is not None:
            argv += [f"--{name}", str(value)]
    with subprocess.Popen(
        argv,
        env=_env(cache),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        start_new_session=True,
    ) as child:
        try:
            stdout, stderr = child.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            child.communicate()
            raise TimeoutError(f"{kind} on {corpus} took over {timeout:.0f} s; killed") from None
    if child.returncode != 0:
        raise RuntimeError(f"{kind} on {corpus} failed:\n{stderr[-3000:]}")
    return json.loads(stdout.strip().splitlines()[-1])


def fresh(folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


class Stat:
    """Median and spread of repeated runs of one figure."""

    def __init__(self, values: Sequence[float]) -> None:
        self.values = list(values)
        self.median = statistics.median(self.values)
        self.low, self.high = min(self.values), max(self.values)

    def fmt(self, digits: int = 2, scale: Callable[[float], float] = lambda v: v) -> str:
        med, lo, hi = scale(self.median), scale(self.low), scale(self.high)
        if len(self.values) == 1:
            return f"{med:.{digits}f}"
        lo, hi = min(lo, hi), max(lo, hi)
        return f"{med:.{digits}f} ({lo:.{digits}f}-{hi:.{digits}f})"

    def as_dict(self) -> dict[str, Any]:
        return {"median": self.median, "min": self.low, "max": self.high, "values": self.values}


def say(message: str) -> None:
    print(message, flush=True)


def bench_size(n: int, work: Path, repeat: int, cores: int, dask: bool) -> dict[str, Any]:
    """Every corpus measurement for one size; prints each run as it finishes."""
    sys.path.insert(0, str(HERE))
    from scaler import make_corpus

    corpus = work / f"corpus_{n}"
    paths = make_corpus(n, corpus, seed=0)
    mb = sum(p.stat().st_size for p in paths) / 1e6
    say(f"\n== {n} documents, {mb:.1f} MB, {repeat} run(s) per figure")
    runs: dict[str, list[dict[str, Any]]] = {}
    plan = [("floor", {}), ("build_1", {"workers": 1}), ("build_all", {"workers": cores})]
    if dask and n < BIG:
        plan.append(("build_dask", {"scheduler": "local", "workers": cores}))
    for _ in range(repeat):
        for name, options in plan:
            cache = fresh(work / "cache" / f"{n}_{name}")
            kind = "floor" if name == "floor" else "build"
            result = measure(kind, corpus, cache, **options)
            runs.setdefault(name, []).append(result)
            say(f"  {name:10s} {result['seconds']:8.2f} s  peak {result['rss_mb']:.0f} MB")
            if name == "build_1":
                warm = measure("warm", corpus, cache)
                runs.setdefault("warm", []).append(warm)
                say(f"  {'warm':10s} {warm['seconds']:8.2f} s  peak {warm['rss_mb']:.0f} MB")
    return {"n": n, "mb": mb, "runs": runs}


def bench_folder(
    folder: Path,
    work: Path,
    repeat: int,
    cores: int,
    add: Path | None,
    cold_repeat: int | None = None,
    skip: Sequence[str] = (),
) -> dict[str, Any]:
    """Every measurement on a folder the user points to (copied first: never written to)."""
    corpus = work / "corpus_folder"
    shutil.rmtree(corpus, ignore_errors=True)
    shutil.copytree(folder, corpus, symlinks=True)
    files = _corpus_files(corpus)
    if not files:
        raise SystemExit(f"{folder}: no .txt documents to measure")
    n, mb = len(files), sum(p.stat().st_size for p in files) / 1e6
    extra = add.read_bytes() if add else files[0].read_bytes()
    cold_repeat = cold_repeat or (1 if n >= BIG else repeat)
    say(f"\n== {folder}: {n} documents, {mb:.1f} MB; {cold_repeat} cold, {repeat} other run(s)")
    runs: dict[str, list[dict[str, Any]]] = {}

    def run(name: str, kind: str, cache_dir: Path, **options: Any) -> dict[str, Any]:
        result = measure(kind, corpus, cache_dir, **options)
        runs.setdefault(name, []).append(result)
        built = f"  built {result['built']}" if "built" in result else ""
        say(
            f"  {name:12s} {result['seconds']:8.2f} s  cpu {result['cpu_s']:7.2f} s"
            f"  peak {result['rss_mb']:.0f} MB{built}"
        )
        return result

    for _ in range(cold_repeat):
        if "floor" not in skip:
            run("floor", "floor", fresh(work / "cache" / "folder_floor"))
        if "build_all" not in skip:
            run("build_all", "build", fresh(work / "cache" / "folder_all"), workers=cores)
    cache_dir = fresh(work / "cache" / "folder_1")
    run("build_1", "build", cache_dir, workers=1)
    for r in range(1, cold_repeat):
        run("build_1", "build", fresh(work / "cache" / f"folder_1_{r}"), workers=1)
    edited = files[len(files) // 2]
    original = edited.read_bytes()
    for r in range(repeat):
        added = corpus / f"zz-added-{r}.txt"  # a new name each run: a real build, not a hit
        added.write_bytes(extra)
        run("add_1", "incremental", cache_dir)
        edited.write_bytes(original + f"\nBài viết được cập nhật lần {r + 1}.\n".encode())
        run("edit_1", "incremental", cache_dir)
        added.unlink()
        run("remove_1", "incremental", cache_dir)
        # Back to the original folder: its merged entry may have been pruned (a folder keeps
        # its newest two), so this is a merge too; then the warm load.
        edited.write_bytes(original)
        run("revert_1", "incremental", cache_dir)
        run("warm", "warm", cache_dir)
    return {"folder": str(folder), "n": n, "mb": mb, "runs": runs}


def print_folder_table(result: dict[str, Any], cores: int) -> None:
    runs = result["runs"]
    cold = statistics.median(r["seconds"] for r in runs["build_1"])
    cold_cpu = statistics.median(r["cpu_s"] for r in runs["build_1"])
    labels = [
        ("floor", "floor: word_tokenize alone, 1 core"),
        ("build_1", "cold build, 1 core"),
        ("build_all", f"cold build, {cores} cores"),
        ("add_1", "+1 document (1 core)"),
        ("edit_1", "1 document edited"),
        ("remove_1", "1 document removed"),
        ("revert_1", "the edit undone"),
        ("warm", "warm load (nothing changed)"),
    ]
    say(f"\n{result['folder']}: {result['n']} documents, {result['mb']:.1f} MB\n")
    say(
        "| figure | wall s, median (min-max) | CPU s (+ workers) | share of cold 1-core (wall; CPU) | peak RSS MB |"
    )
    say("|---|---|---|---|---|")
    for key, label in labels:
        if key not in runs:
            continue
        wall = Stat([r["seconds"] for r in runs[key]])
        cpu = Stat([r["cpu_s"] for r in runs[key]])
        kids = statistics.median(r.get("child_cpu_s", 0.0) for r in runs[key])
        rss = Stat([r["rss_mb"] for r in runs[key]])
        cpu_txt = cpu.fmt(2) + (f" + {kids:.1f}" if kids > 0.05 else "")
        share = f"{wall.median / cold:.3f}; {cpu.median / cold_cpu:.3f}"
        say(f"| {label} | {wall.fmt(2)} | {cpu_txt} | {share} | {rss.fmt(0)} |")


def bench_profile(n: int, work: Path) -> None:
    """Print cProfile's top functions (cumulative, then own time) of a cold 1-core build."""
    sys.path.insert(0, str(HERE))
    from scaler import make_corpus

    corpus = work / f"corpus_{n}"
    make_corpus(n, corpus, seed=0)
    cache = fresh(work / "cache" / f"{n}_profile")
    argv = [sys.executable, str(Path(__file__).resolve()), "--child", "profile"]
    argv += ["--corpus", str(corpus)]
    done = subprocess.run(argv, env=_env(cache), capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise RuntimeError(f"profile failed:\n{done.stderr[-3000:]}")
    seconds = json.loads(done.stdout.strip().splitlines()[-1])["seconds"]
    say(f"cold 1-core build of {n} documents under cProfile: {seconds:.2f} s\n")
    say(done.stderr)


def bench_report(work: Path, repeat: int) -> dict[str, Any] | None:
    """The batch report on the seeds (cold, then unchanged) and its kernel-start floor."""
    say("\n== batch report on the seeds")
    runs: dict[str, list[dict[str, Any]]] = {}
    notebooks = CODE / "notebooks" if CODE is not None else None
    for _ in range(repeat):
        cache = fresh(work / "cache" / "report")
        out = fresh(work / "report_out")
        try:
            cold = measure("report", SEEDS, cache, REPORT_TIMEOUT, out=out, notebooks=notebooks)
            again = measure("report", SEEDS, cache, REPORT_TIMEOUT, out=out, notebooks=notebooks)
            floor_nbs = write_floor_notebooks(work / "floor_notebooks", cold["reports"])
            floor = measure(
                "report",
                SEEDS,
                fresh(work / "cache" / "report_floor"),
                REPORT_TIMEOUT,
                out=fresh(work / "floor_out"),
                notebooks=floor_nbs,
            )
        except (TimeoutError, RuntimeError) as err:
            say(f"  this run is left out: {str(err).splitlines()[0]}")
            continue
        for name, result in (("cold", cold), ("unchanged", again), ("floor", floor)):
            say(
                f"  {name:10s} {result['seconds']:8.2f} s  {result['reports']} notebooks, "
                f"exit {result['exit_code']}, peak {result['rss_mb']:.0f} MB"
            )
        if cold["exit_code"] or again["exit_code"]:
            say("  this run is left out: a notebook failed (see the report's manifest.json)")
            continue
        for name, result in (("cold", cold), ("unchanged", again), ("floor", floor)):
            runs.setdefault(name, []).append(result)
    return runs or None


def write_floor_notebooks(folder: Path, count: int) -> Path:
    """``count`` notebooks that only start a kernel and import dxcompare."""
    import nbformat

    fresh(folder)
    for i in range(count):
        nb = nbformat.v4.new_notebook()
        params = nbformat.v4.new_code_cell('corpus_path = "../seeds"\noutput_dir = None')
        params.metadata["tags"] = ["parameters"]
        nb.cells = [
            nbformat.v4.new_markdown_cell(f"# Floor {i}"),
            params,
            nbformat.v4.new_code_cell("import dxcompare"),
        ]
        nb.metadata["kernelspec"] = {
            "name": "python3",
            "display_name": "Python 3",
            "language": "python",
        }
        nbformat.write(nb, folder / f"floor_{i:02d}.ipynb")
    return folder


# --------------------------------------------------------------------------------------------
# The table
# --------------------------------------------------------------------------------------------


def _seconds(runs: dict[str, list[dict[str, Any]]]) -> dict[str, Stat]:
    return {k: Stat([r["seconds"] for r in v]) for k, v in runs.items()}


def size_rows(sizes: list[dict[str, Any]], cores: int) -> list[tuple[str, list[str]]]:
    """(figure, one cell per corpus size): medians with the min-max of the runs in brackets."""
    rows: dict[str, list[str]] = {}

    def add(label: str, cell: str) -> None:
        rows.setdefault(label, []).append(cell)

    for res in sizes:
        n, mb, runs = res["n"], res["mb"], res["runs"]
        sec = _seconds(runs)
        per_doc, per_mb = (lambda s, n=n: n / s), (lambda s, mb=mb: mb / s)
        syllables = runs["floor"][0]["syllables"]
        add(
            "floor: word_tokenize alone, 1 core (docs/s; MB/s; syllables/s)",
            f"{sec['floor'].fmt(1, per_doc)}; {sec['floor'].fmt(3, per_mb)}; "
            f"{syllables / sec['floor'].median:,.0f}",
        )
        builds = (("build_1", "1 core"), ("build_all", f"{cores} cores"), ("build_dask", "Dask"))
        for key, label in builds:
            if key not in sec:
                continue
            ratio = Stat([sec["floor"].median / v for v in sec[key].values])
            add(f"cold build, {label}: seconds", sec[key].fmt(1))
            add(
                f"cold build, {label}: docs/s; MB/s",
                f"{sec[key].fmt(1, per_doc)}; {sec[key].fmt(3, per_mb)}",
            )
            add(f"cold build, {label}: throughput / floor", ratio.fmt(2))
        pairs = zip(sec["build_1"].values, sec["build_all"].values, strict=False)
        add(f"speed-up, {cores} cores / 1 core", Stat([a / b for a, b in pairs]).fmt(2))
        if all("cpu_s" in r for k in ("floor", "build_1", "build_all") for r in runs[k]):
            cpu = cpu_figures(runs, cores)
            add(
                "CPU seconds: floor; cold build 1 core", f"{cpu['floor']:.1f}; {cpu['build_1']:.1f}"
            )
            add(
                f"CPU seconds, cold build {cores} cores: parent + workers",
                f"{cpu['parent']:.1f} + {cpu['workers']:.1f}",
            )
            add("by CPU time: cold build 1 core / floor", f"{cpu['ratio']:.2f}")
            add(
                f"by CPU time: estimated {cores}-core speed-up on an idle machine",
                f"{cpu['speedup']:.2f}",
            )
        add("warm load (cache hit), seconds", sec["warm"].fmt(3))
        rss = {k: Stat([r["rss_mb"] for r in v]) for k, v in runs.items()}
        kids = Stat([r["child_rss_mb"] for r in runs["build_all"]])
        add("peak RSS, cold build 1 core (MB)", rss["build_1"].fmt(0))
        add(
            f"peak RSS, cold build {cores} cores: parent + largest worker (MB)",
            f"{rss['build_all'].fmt(0)} + {kids.fmt(0)}",
        )
        add("peak RSS, warm load (MB)", rss["warm"].fmt(0))
    return [(label, cells) for label, cells in rows.items() if len(cells) == len(sizes)]


def cpu_figures(runs: dict[str, list[dict[str, Any]]], cores: int) -> dict[str, float]:
    """Contention-free views: CPU time is what a shared machine inflates least.

    ratio: floor CPU / 1-core build CPU. speedup: 1-core build CPU over the parallel build's
    critical path as if each worker had its core (parent CPU + workers' CPU / cores).
    """

    def med(kind: str, key: str) -> float:
        return statistics.median(r[key] for r in runs[kind])

    floor = med("floor", "cpu_s")
    one = med("build_1", "cpu_s") + med("build_1", "child_cpu_s")
    parent, workers = med("build_all", "cpu_s"), med("build_all", "child_cpu_s")
    return {
        "floor": floor,
        "build_1": one,
        "parent": parent,
        "workers": workers,
        "ratio": floor / one,
        "speedup": one / (parent + workers / cores),
    }


def print_table(sizes: list[dict[str, Any]], report: dict[str, Any] | None, cores: int) -> None:
    say("\n## Results: median of the runs, min-max in brackets\n")
    if sizes:
        heads = [
            f"{r['n']:,} docs ({r['mb']:.1f} MB, {len(r['runs']['floor'])} run"
            f"{'s' if len(r['runs']['floor']) > 1 else ''})"
            for r in sizes
        ]
        say("| figure | " + " | ".join(heads) + " |")
        say("|---|" + "---|" * len(sizes))
        for label, cells in size_rows(sizes, cores):
            say(f"| {label} | " + " | ".join(cells) + " |")
        say("")
    if report:
        sec = _seconds(report)
        n_nb = report["cold"][0]["reports"]
        pairs = zip(sec["cold"].values, sec["floor"].values, strict=False)
        again = zip(sec["unchanged"].values, sec["cold"].values, strict=False)
        n_runs = len(report["cold"])
        say(f"Batch report on the seeds ({n_nb} notebooks, {n_runs} run{'s' * (n_runs > 1)}):\n")
        say("| figure | seconds |\n|---|---|")
        say(f"| `dxcompare report`, cold (empty cache and output) | {sec['cold'].fmt(1)} |")
        say(f"| `dxcompare report`, again with nothing changed | {sec['unchanged'].fmt(2)} |")
        say(f"| floor: {n_nb} notebooks that only import dxcompare | {sec['floor'].fmt(1)} |")
        say(f"| cold / floor | {Stat([c / f for c, f in pairs]).fmt(2)} |")
        say(f"| nothing changed / cold | {Stat([u / c for u, c in again]).fmt(3)} |")
        say("")
    print_targets(sizes, report, cores)


def _mark(ok: bool) -> str:
    return "met" if ok else "NOT met"


def print_targets(sizes: list[dict[str, Any]], report: dict[str, Any] | None, cores: int) -> None:
    say("## Targets\n")
    if sizes:
        print_build_targets(sizes, cores)
    if report:
        cold = statistics.median(r["seconds"] for r in report["cold"])
        floor = statistics.median(r["seconds"] for r in report["floor"])
        again = statistics.median(r["seconds"] for r in report["unchanged"])
        say(f"- report within 1.5x its floor: {cold / floor:.2f}x, {_mark(cold / floor <= 1.5)}")
        say(
            f"- nothing changed: second run < 10% of the first: {100 * again / cold:.1f}%, "
            f"{_mark(again < 0.1 * cold)}"
        )


def print_build_targets(sizes: list[dict[str, Any]], cores: int) -> None:
    med = {res["n"]: {k: v.median for k, v in _seconds(res["runs"]).items()} for res in sizes}
    biggest = max(med)
    m = med[biggest]
    ratio = m["floor"] / m["build_1"]
    say(
        f"- cold build >= 0.8x floor, 1 core ({biggest:,} docs): {ratio:.2f}x, {_mark(ratio >= 0.8)}"
    )
    sec = _seconds(next(s for s in sizes if s["n"] == biggest)["runs"])
    pairs = zip(sec["build_1"].values, sec["build_all"].values, strict=False)
    speed = Stat([a / b for a, b in pairs]).median  # as in the table: runs paired in time
    say(
        f"- >= 1.7x faster on {cores} cores than on 1 ({biggest:,} docs): {speed:.2f}x, "
        f"{_mark(speed >= 1.7)}"
    )
    runs = next(s for s in sizes if s["n"] == biggest)["runs"]
    if all("cpu_s" in r for k in ("floor", "build_1", "build_all") for r in runs[k]):
        cpu = cpu_figures(runs, cores)
        say(
            f"  - the same by CPU time (what contention inflates least): {cpu['ratio']:.2f}x the "
            f"floor, {cpu['speedup']:.2f}x estimated {cores}-core speed-up"
        )
    small = min(med)
    if biggest > small:
        scale = biggest / small
        lin = m["build_1"] / (scale * med[small]["build_1"])
        say(
            f"- linear: {biggest:,}-doc time / ({scale:g} x {small}-doc time), 1 core: {lin:.2f}, "
            f"{_mark(abs(lin - 1) <= 0.15)}"
        )
    peak = max(
        max(r["rss_mb"] + r["child_rss_mb"] * (k == "build_all") for r in v)
        for k, v in next(s for s in sizes if s["n"] == biggest)["runs"].items()
    )
    say(f"- warm load of {biggest:,} docs < 2 s: {m['warm']:.2f} s, {_mark(m['warm'] < 2)}")
    say(
        f"- peak memory < 2 GB ({biggest:,} docs, largest process; {cores}-core build counts "
        f"parent + largest worker): {peak:.0f} MB, {_mark(peak < 2048)}"
    )


# --------------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="dxcompare benchmarks (see the module docstring)")
    parser.add_argument("--quick", action="store_true", help="50 and 500 documents only")
    parser.add_argument("--sizes", type=int, nargs="+", help="corpus sizes (default 50 500 5000)")
    parser.add_argument(
        "--repeats",
        "--repeat",
        dest="repeat",
        type=int,
        default=None,
        help="runs per figure (default 3; 1 for 5,000 documents or more)",
    )
    parser.add_argument(
        "--profile",
        type=int,
        metavar="N",
        default=None,
        help="only profile (cProfile) a cold 1-core build of N documents and print the top",
    )
    parser.add_argument("--no-report", action="store_true", help="skip the batch report benchmark")
    parser.add_argument(
        "--report-only", action="store_true", help="only the batch report benchmark"
    )
    parser.add_argument(
        "--dask",
        action="store_true",
        help="also build on a Dask LocalCluster (sizes under 5,000 documents)",
    )
    parser.add_argument(
        "--table-from",
        metavar="JSON",
        default=None,
        help="only print the table from a --json file of an earlier (possibly partial) run",
    )
    parser.add_argument(
        "--workdir",
        default=str(Path(os.environ.get("TMPDIR", "/tmp")) / "dxcompare-bench"),
        help="where corpora, caches and outputs go (default: $TMPDIR/dxcompare-bench)",
    )
    parser.add_argument("--json", default=None, help="also write every run's figures to this file")
    parser.add_argument(
        "--corpus",
        metavar="DIR",
        default=None,
        help="measure this folder of documents (copied first, never written to) instead of "
        "scaler corpora: floor, cold 1/all cores, +1 / edited / removed document, warm, memory",
    )
    parser.add_argument(
        "--add",
        metavar="FILE",
        default=None,
        help="with --corpus: the document added for the +1 figure (default: a copy of the first)",
    )
    parser.add_argument(
        "--cold-repeats",
        type=int,
        default=None,
        help="with --corpus: runs of the floor and cold builds (default: --repeats; 1 at 5,000+)",
    )
    parser.add_argument(
        "--skip",
        nargs="+",
        choices=("floor", "build_all"),
        help="with --corpus: leave out these figures (the floor, the all-core cold build)",
    )
    # child side (internal)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--scheduler", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--out", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--notebooks", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--top", type=int, default=25, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    if args.child:
        run_child(args)
        return
    if args.table_from:
        saved = json.loads(Path(args.table_from).read_text(encoding="utf-8"))
        print_table(saved["sizes"], saved["report"], saved["cores"])
        return
    sizes = args.sizes or (QUICK_SIZES if args.quick else DEFAULT_SIZES)
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    cores = os.cpu_count() or 1
    code = snapshot_code(work)
    say(
        f"dxcompare benchmarks: {cores} cores, python {sys.version.split()[0]}, workdir {work}, "
        f"code snapshot of {code}, load average {os.getloadavg()[0]:.1f} at start"
    )
    if args.profile:
        bench_profile(args.profile, work)
        return
    if args.corpus:
        folder = bench_folder(
            Path(args.corpus).resolve(),
            work,
            args.repeat or 3,
            cores,
            Path(args.add).resolve() if args.add else None,
            args.cold_repeats,
            args.skip or (),
        )
        if args.json:
            Path(args.json).write_text(
                json.dumps({"cores": cores, "code": code, "folder": folder}, indent=1)
            )
        print_folder_table(folder, cores)
        return
    results: list[dict[str, Any]] = []
    report = None

    def save() -> None:  # after every step, so a long run interrupted still leaves its figures
        if args.json:
            saved = {"cores": cores, "code": code, "sizes": results, "report": report}
            Path(args.json).write_text(json.dumps(saved, indent=1), encoding="utf-8")

    if not args.no_report:  # first: it is short, and a long size run must not starve it
        report = bench_report(work, args.repeat or 3)
        save()
    if not args.report_only:
        for n in sizes:
            repeat = args.repeat or (1 if n >= BIG else 3)
            results.append(bench_size(n, work, repeat, cores, args.dask))
            save()
    print_table(results, report, cores)


if __name__ == "__main__":
    main()
