"""Cold 1-core build against the segmentation floor, by CPU time, in one process.

    PYTHONPATH=lib .venv/bin/python benchmarks/cpu_ratio.py /path/to/corpus [--n 150]

Prints the floor (underthesea ``word_tokenize`` on every ``split_sentences`` span of every
file, model loaded first), a cold ``load_corpus(files, workers=1)`` into an empty cache folder,
then the floor again, all in CPU seconds (``time.process_time``): on a shared machine wall time
mostly measures the neighbours, and the floor before and after the build shows how much the
load moved. The ratio uses the mean of the two floors. ``benchmarks/run.py`` gives the full
table (wall time, 2 cores, warm loads, memory); this is the quick check while changing the build.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--n", type=int, default=None, help="only the first N .txt files")
    args = ap.parse_args()
    from underthesea import word_tokenize

    from dxcompare.annotate.segment import split_sentences

    word_tokenize("khởi động")  # load the model outside the timing
    files = sorted(args.corpus.glob("*.txt"))[: args.n]
    texts = [p.read_text(encoding="utf-8") for p in files]

    def floor() -> float:
        t0 = time.process_time()
        for text in texts:
            for start, end in split_sentences(text):
                word_tokenize(text[start:end])
        return time.process_time() - t0

    before = floor()
    cache = tempfile.mkdtemp(prefix="dxcompare-cpu-ratio-")
    os.environ["DXCOMPARE_CACHE_DIR"] = cache
    try:
        from dxcompare.corpus.build import load_corpus

        t0 = time.process_time()
        corpus = load_corpus(files, workers=1)
        build = time.process_time() - t0
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    after = floor()
    mean = (before + after) / 2
    print(
        f"{len(corpus)} documents: floor {before:.2f} / {after:.2f} CPU s (before / after the "
        f"build); cold 1-core build {build:.2f} CPU s; floor / build = {mean / build:.3f}"
    )


if __name__ == "__main__":
    main()
