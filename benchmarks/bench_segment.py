"""Throughput of segment.tokenize_many against bare underthesea.word_tokenize, sentence by sentence.

Run: .venv/bin/python benchmarks/bench_segment.py [folder-of-txt-files]   (default: seeds/)
Prints syllables per second of both and their ratio (the corpus build needs >= 0.8).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from underthesea import word_tokenize

from dxcompare import segment


def _sentences(folder: Path) -> list[str]:
    out = []
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        out += [text[a:b] for a, b in segment.split_sentences(text)]
    return out


def _best_of(runs: int, fn) -> float:
    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    folder = (
        Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1] / "seeds"
    )
    sentences = _sentences(folder)
    syllables = sum(len(s.split()) for s in sentences)
    phrases = segment.load_phrases()
    segment.load_stopwords()
    word_tokenize("khởi động")  # load the model outside the timings
    t_split = _best_of(
        5,
        lambda: [
            segment.split_sentences(p.read_text(encoding="utf-8"))
            for p in sorted(folder.glob("*.txt"))
        ],
    )
    t_bare = _best_of(5, lambda: [word_tokenize(s) for s in sentences])
    t_ours = _best_of(5, lambda: segment.tokenize_many(sentences, phrases))
    print(f"{len(sentences)} sentences, {syllables} syllables from {folder}")
    print(f"split_sentences:          {t_split * 1000:8.1f} ms")
    print(f"underthesea word_tokenize: {syllables / t_bare:8.0f} syllables/s")
    print(f"segment.tokenize_many:     {syllables / t_ours:8.0f} syllables/s")
    print(f"ratio (ours / bare):       {t_bare / t_ours:8.2f}")


if __name__ == "__main__":
    main()
