"""A reproducible corpus scaler: N realistic Vietnamese documents from the seeds and written text.

    .venv/bin/python benchmarks/scaler.py 500 /tmp/corpus500 --seed 0

Each document recombines body paragraphs of the seed articles (their provinces swapped for other
provinces, their dates and numbers shifted) with paragraphs written for the benchmarks
(``scaler_paragraphs.txt``), sometimes keeps the seeds' short lines (subheadings, captions, page
furniture such as "Chia sẻ Zalo"), and is as long as real articles (7.5-13.5 KB; the seeds are
8-13 KB). Document ``i`` depends only on ``(seed, i)``: the 50-document corpus is the first 50
files of the 500-document one, so timings at different sizes compare the same kind of text.
"""

from __future__ import annotations

import argparse
import random
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
OWN_PARAGRAPHS = Path(__file__).resolve().with_name("scaler_paragraphs.txt")

MIN_BYTES, MAX_BYTES = 7_500, 13_500
OWN_SHARE = 0.3  # share of paragraphs taken from scaler_paragraphs.txt
SHORT_LINE = 80  # seed lines shorter than this are headings, captions or furniture, not paragraphs

# A date, a year, or any other whole number (one pass, so a date's year is not shifted twice).
_NUMBER = re.compile(
    r"(?P<date>(?<![\w/])\d{1,2}/\d{1,2}/(?:19|20)\d\d(?![\w/]))"
    r"|(?P<year>(?<!\w)(?:199\d|20[0-3]\d)(?!\w))"
    # not inside "QH13", "4G", "Covid-19", "16:49" or "92,75"
    r"|(?P<num>(?<![\w,.:-])\d+(?:,\d+)?(?![\w:]))"
)
_PREFIX = re.compile(r"(?:tỉnh|thành phố|tp\.?|thủ đô)\s", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class SeedParagraph:
    """A seed body paragraph and its province mentions: (start, end, province)."""

    text: str
    mentions: tuple[tuple[int, int, str], ...]


@dataclass(frozen=True)
class Pools:
    paragraphs: tuple[SeedParagraph, ...]
    short_lines: tuple[str, ...]
    own: tuple[str, ...]
    provinces: tuple[tuple[str, str], ...]  # (name, "tỉnh" | "thành phố")


@lru_cache(maxsize=4)
def load_pools(seeds: Path = SEEDS) -> Pools:
    """The seeds' paragraphs (with their province mentions), short lines, and our own paragraphs."""
    from dxcompare.annotate.provinces import find_provinces, province_table

    paragraphs, short = [], []
    for path in sorted(seeds.glob("*.txt")):
        lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()]
        for line in lines[1:]:  # the first line is the seed's own title
            if len(line) >= SHORT_LINE:
                found = find_provinces(line)
                spans = tuple(
                    (int(s), int(e), str(p))
                    for s, e, p in found[["start", "end", "province"]].itertuples(index=False)
                )
                paragraphs.append(SeedParagraph(line, spans))
            elif line:
                short.append(line)
    own = tuple(
        ln.strip()
        for ln in OWN_PARAGRAPHS.read_text(encoding="utf-8").splitlines()
        if ln.strip() and not ln.startswith("#")
    )
    table = province_table()
    provinces = tuple(zip(table["province"], table["type"], strict=True))
    return Pools(tuple(paragraphs), tuple(short), own, provinces)


class _Document:
    """The random choices that hold across one document: its provinces and its year shift."""

    def __init__(self, rng: random.Random, pools: Pools) -> None:
        self.rng = rng
        self.types = dict(pools.provinces)
        names = [p for p, _ in pools.provinces]
        self.province = rng.choice(names)
        self.names = names
        self.swap: dict[str, str] = {}
        self.year_shift = rng.randint(-4, 2)

    def target(self, source: str) -> str:
        """The same source province always becomes the same province in this document."""
        if source not in self.swap:
            first = not self.swap
            self.swap[source] = self.province if first else self.rng.choice(self.names)
        return self.swap[source]

    def seed_paragraph(self, para: SeedParagraph) -> str:
        out, last = [], 0
        for start, end, province in para.mentions:
            out += [para.text[last:start], self._surface(para.text[start:end], province)]
            last = end
        out.append(para.text[last:])
        return self.shift_numbers("".join(out))

    def _surface(self, surface: str, province: str) -> str:
        """ "thành phố Hải Phòng" -> "tỉnh Quảng Trị": the unit word follows the new province."""
        new = self.target(province)
        if "Ð" in surface:  # keep the seeds' ETH-for-Đ trap where it was
            new = new.replace("Đ", "Ð")
        prefix = _PREFIX.match(surface)
        if not prefix:
            return new
        word = self.types[self.target(province)]
        return (word[0].upper() + word[1:] if surface[0].isupper() else word) + " " + new

    def shift_numbers(self, text: str) -> str:
        return _NUMBER.sub(self._shifted, text)

    def _shifted(self, match: re.Match[str]) -> str:
        rng = self.rng
        if match.group("date"):
            _day, _month, year = match.group("date").split("/")
            return f"{rng.randint(1, 28):02d}/{rng.randint(1, 12)}/{int(year) + self.year_shift}"
        if match.group("year"):
            return str(int(match.group("year")) + self.year_shift)
        whole, _, frac = match.group("num").partition(",")
        digits = len(whole)
        low = 10 ** (digits - 1) if digits > 1 else 1
        new = str(rng.randint(low, 10**digits - 1))
        return new + ("," + "".join(str(rng.randint(0, 9)) for _ in frac) if frac else "")

    def own_paragraph(self, template: str) -> str:
        year = self.rng.randint(2019, 2025)
        values = {
            "province": self.province,
            "other": self.rng.choice([n for n in self.names if n != self.province]),
            "type": self.types[self.province],
            "year": str(year),
            "next": str(year + 1),
            "horizon": str(year + 5),
            "day": str(self.rng.randint(1, 28)),
            "month": str(self.rng.randint(1, 12)),
            "num": str(self.rng.randint(1, 4999)),
            "n": str(self.rng.randint(2, 63)),
            "pct": f"{self.rng.randint(40, 99)},{self.rng.randint(0, 9)}",
        }
        values["Type"] = values["type"][0].upper() + values["type"][1:]
        return _PLACEHOLDER.sub(lambda m: values[m.group(1)], template)


_TITLES = (
    "{province} đẩy mạnh chuyển đổi số trong cơ quan nhà nước",
    "Chuyển đổi số ở {province}: từ chủ trương đến hành động",
    "{province} phấn đấu vào nhóm dẫn đầu về chuyển đổi số",
    "Xây dựng chính quyền số, kinh tế số, xã hội số tại {province}",
    "Người dân {province} được gì từ chuyển đổi số?",
    "{PROVINCE}: ĐƯA DỊCH VỤ CÔNG TRỰC TUYẾN VỀ TẬN THÔN, BẢN",
)
_FURNITURE_TOP = (
    "Chia sẻ Zalo",
    "Từ viết tắt Xem với cỡ chữ",
    "Tìm theo ngày :",
    "16 giờ trướcBài gốc",
)
_FURNITURE_END = (
    "Nguồn: Chinhphu.vn",
    "(Vietnam+)",
    "Đánh giá",
    "(Di chuột vào ngôi sao để chọn điểm)",
)


def make_document(index: int, seed: int = 0, pools: Pools | None = None) -> str:
    """The text of document ``index`` of the corpus with this seed (same inputs, same text)."""
    pools = pools or load_pools()
    rng = random.Random(f"dxcompare-bench:{seed}:{index}")
    doc = _Document(rng, pools)
    title = rng.choice(_TITLES)
    lines = [title.format(province=doc.province, PROVINCE=doc.province.upper())]
    if rng.random() < 0.5:
        lines.append(rng.choice(_FURNITURE_TOP))
    if rng.random() < 0.4:
        day = rng.randint(1, 28)
        lines.append(
            f"Thứ {rng.choice(['hai', 'ba', 'tư', 'năm', 'sáu'])}, {day:02d}/{rng.randint(1, 12)}/{rng.randint(2019, 2025)} {rng.randint(6, 22)}:{rng.randint(0, 59):02d}"
        )
    target = rng.randint(MIN_BYTES, MAX_BYTES)
    size = sum(len(ln.encode()) + 1 for ln in lines)
    order = list(range(len(pools.paragraphs)))
    rng.shuffle(order)  # no seed paragraph twice in one document
    while size < target:
        if rng.random() < OWN_SHARE:
            para = doc.own_paragraph(rng.choice(pools.own))
        else:
            para = doc.seed_paragraph(pools.paragraphs[order.pop()])
        new = [para]
        if rng.random() < 0.12:  # a subheading or caption from the seeds, shifted like the rest
            new.insert(0, doc.shift_numbers(rng.choice(pools.short_lines)))
        lines += new
        size += sum(len(ln.encode()) + 1 for ln in new)
    if rng.random() < 0.5:
        lines.append(rng.choice(_FURNITURE_END))
    sep = "\n\n" if rng.random() < 0.5 else "\n"
    return sep.join(lines) + "\n"


def make_corpus(n_docs: int, out_dir: str | Path, seed: int = 0) -> list[Path]:
    """Write ``n_docs`` documents ``doc_00000.txt``... into ``out_dir``; return their paths.

    Deterministic for a seed; files already holding the right text are not rewritten (so their
    mtimes stay), and stray ``doc_*.txt`` files beyond ``n_docs`` are removed.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    pools = load_pools()
    paths = []
    for i in range(n_docs):
        path = out / f"doc_{i:05d}.txt"
        data = make_document(i, seed, pools).encode("utf-8")
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
        paths.append(path)
    keep = {p.name for p in paths}
    for stray in out.glob("doc_*.txt"):
        if stray.name not in keep:
            stray.unlink()
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n_docs", type=int)
    parser.add_argument("out_dir")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    paths = make_corpus(args.n_docs, args.out_dir, args.seed)
    total = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} documents, {total / 1e6:.1f} MB in {args.out_dir}")


if __name__ == "__main__":
    main()
